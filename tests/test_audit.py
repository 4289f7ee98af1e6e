"""The audit trail: one row per login, logout, timeout and refusal; append-only; tampering detected by `audit verify`."""

import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from intake.accounts import audit
from intake.accounts.audit import AuditEvent
from intake.database import write_transaction
from intake.extensions import db
from tests.conftest import STAFF_PASSWORD


def events(app):
    """Every audit row as (action, outcome, user_id, object_type), oldest first."""
    with app.app_context():
        rows = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
        return [(row.action, row.outcome, row.user_id, row.object_type) for row in rows]


def drop_append_only_triggers(app):
    """What someone with direct database access could do; the hash chain must still catch them."""
    with app.app_context(), db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("DROP TRIGGER audit_event_no_change ON audit_event"))
        else:
            conn.execute(text("DROP TRIGGER audit_event_no_update"))
            conn.execute(text("DROP TRIGGER audit_event_no_delete"))


def test_successful_login_is_recorded_with_user_time_and_address(app, client, login, clock):
    user = login(client)
    with app.app_context():
        row = db.session.scalars(select(AuditEvent)).one()
        assert (row.action, row.outcome, row.user_id, row.object_type) == ("login.success", "ok", user.id, "session")
        assert row.client_address == "127.0.0.1"
        assert row.occurred_at == clock.current  # UTC, from the same clock as sessions
        assert row.source == "web"


def test_failed_logins_are_recorded_naming_the_account_when_it_exists(app, client, make_user):
    user = make_user()
    client.post("/staff/login", data={"email": user.email, "password": "wrong password guess"})
    client.post("/staff/login", data={"email": "nobody@clinic.example", "password": "wrong password guess"})
    assert events(app) == [("login.failure", "failure", user.id, None), ("login.failure", "failure", None, None)]
    with app.app_context():
        stored = " ".join(str(value) for row in db.session.execute(select(AuditEvent)).scalars()
                          for value in (row.object_id, row.object_type, row.action))
    assert "nobody" not in stored and "wrong password" not in stored


def test_throttled_logins_are_recorded_as_throttled(app, client, make_user, clock):
    user = make_user()
    for _ in range(6):
        client.post("/staff/login", data={"email": user.email, "password": "wrong password guess"})
    outcomes = [outcome for action, outcome, *_ in events(app)]
    assert outcomes == ["failure"] * 5 + ["throttled"]


def test_logout_is_recorded(app, client, login):
    user = login(client)
    client.post("/staff/logout")
    assert events(app)[-1] == ("logout", "ok", user.id, "session")


def test_idle_timeout_is_recorded_once(app, client, login, clock):
    user = login(client)
    clock.advance(minutes=16)
    client.get("/staff/account/password")
    client.get("/staff/account/password")
    assert events(app)[1:] == [("session.timeout", "ok", user.id, "session")]


def test_the_absolute_limit_is_recorded(app, client, login, clock):
    user = login(client)
    for _ in range(50):  # 50 × 14:59 is past 12 hours, with never 15 minutes idle
        clock.advance(minutes=14, seconds=59)
        client.get("/staff/account/password")
    assert ("session.expired", "ok", user.id, "session") in events(app)


def test_access_denied_is_recorded_with_the_page_refused(app, client, login):
    user = login(client, role="front_desk")
    assert client.get("/staff/audit").status_code == 403
    with app.app_context():
        row = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        assert (row.action, row.outcome, row.user_id) == ("access.denied", "denied", user.id)
        assert (row.object_type, row.object_id) == ("endpoint", "admin.audit_log")


def test_a_record_inside_a_write_that_fails_disappears_with_it(app):
    with app.app_context():
        with pytest.raises(RuntimeError), write_transaction():
            audit.record("user.create", object_type="user", object_id="x")
            raise RuntimeError("the change it described did not happen")
        assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == 0


def test_unknown_actions_and_outcomes_are_refused(app):
    with app.app_context():
        with pytest.raises(ValueError):
            audit.record("submission.delete")
        with pytest.raises(ValueError):
            audit.record("logout", outcome="maybe")
        audit.register_action("submission.export", "Exported submissions")
        audit.record("submission.export", object_type="export", object_id=3)
        assert db.session.scalar(select(AuditEvent.action)) == "submission.export"


def test_each_row_chains_to_the_one_before(app, client, login):
    login(client)
    client.post("/staff/logout")
    with app.app_context():
        rows = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
        assert rows[0].prev_hash == audit.GENESIS_HASH
        assert rows[1].prev_hash == rows[0].hash
        assert audit.verify_chain() == (True, 2, None)


def test_audit_verify_reports_an_intact_chain(runner, client, login):
    login(client)
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0
    assert "intact: 1 row(s)" in result.output and "Latest hash:" in result.output


def test_the_app_cannot_change_or_delete_audit_rows(app, client, login):
    login(client)
    with app.app_context():
        for statement in ("UPDATE audit_event SET outcome = 'failure'", "DELETE FROM audit_event"):
            with pytest.raises(DBAPIError), write_transaction() as session:
                session.execute(text(statement))
        assert db.session.scalar(select(AuditEvent.outcome)) == "ok"


def test_changing_an_earlier_row_is_detected(app, client, runner, login):
    other = login(client)
    client.post("/staff/logout")
    login(client, role="admin")
    drop_append_only_triggers(app)
    with app.app_context(), db.engine.begin() as conn:
        # Someone hides who logged in first.
        conn.execute(text("UPDATE audit_event SET user_id = NULL WHERE user_id = :id AND action = 'login.success'"),
                     {"id": other.id})

    result = runner.invoke(args=["audit", "verify"])

    assert result.exit_code == 1
    assert "TAMPERED" in result.output and "row 1" in result.output and "changed" in result.output


def test_deleting_an_earlier_row_is_detected(app, client, runner, login):
    login(client)
    client.post("/staff/logout")
    login(client)
    drop_append_only_triggers(app)
    with app.app_context(), db.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_event WHERE action = 'logout'"))

    result = runner.invoke(args=["audit", "verify"])

    assert result.exit_code == 1
    assert "removed or reordered" in result.output


def test_concurrent_writers_keep_one_unbroken_chain(app):
    """Eight threads (each with its own connection, as separate workers have) appending at once."""
    errors = []

    def append_many():
        try:
            with app.app_context():
                for number in range(15):
                    audit.record("user.enable", object_type="user", object_id=number)
                db.session.remove()
        except Exception as exc:  # reported below: a thread's exception would otherwise vanish
            errors.append(exc)

    threads = [threading.Thread(target=append_many) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    with app.app_context():
        assert audit.verify_chain(batch_size=7) == (True, 120, None)


def test_command_line_changes_are_recorded_as_from_the_command_line(app, runner, monkeypatch):
    monkeypatch.setenv("INTAKE_PASSWORD", STAFF_PASSWORD)
    runner.invoke(args=["users", "create", "cli@clinic.example", "--role", "admin"])
    with app.app_context():
        row = db.session.scalars(select(AuditEvent)).one()
        assert (row.action, row.source, row.user_id, row.client_address) == ("user.create", "cli", None, None)


# --- The keyed chain and its checkpoint (someone who can write the database but not read the key) -----

def recompute_unkeyed_chain(app):
    """What an attacker without the key can do after editing rows: rebuild every hash as a plain SHA-256 chain."""
    with app.app_context(), db.engine.begin() as conn:
        rows = conn.execute(select(AuditEvent.__table__).order_by(AuditEvent.id)).all()
        previous = audit.GENESIS_HASH
        for row in rows:
            canonical = audit.canonical_bytes(row.occurred_at, row.user_id, row.action, row.object_type,
                                              row.object_id, row.outcome, row.client_address, row.source, previous)
            digest = audit.row_hash(canonical)
            conn.execute(text("UPDATE audit_event SET prev_hash = :p, hash = :h WHERE id = :id"),
                         {"p": previous, "h": digest, "id": row.id})
            previous = digest


def some_history(client, login):
    login(client)
    client.post("/staff/logout")
    user = login(client)
    client.post("/staff/logout")
    return user


def test_a_chain_rewritten_without_the_key_is_detected(app, client, runner, login):
    some_history(client, login)
    drop_append_only_triggers(app)
    with app.app_context(), db.engine.begin() as conn:
        conn.execute(text("UPDATE audit_event SET client_address = '203.0.113.9' WHERE id = 2"))
    recompute_unkeyed_chain(app)

    result = runner.invoke(args=["audit", "verify"])

    assert result.exit_code == 1
    assert "TAMPERED" in result.output and "row 1" in result.output and "without the audit key" in result.output


def test_deleting_the_newest_rows_is_detected(app, client, runner, login):
    some_history(client, login)
    drop_append_only_triggers(app)
    with app.app_context(), db.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_event WHERE id > 2"))  # the second login and logout

    result = runner.invoke(args=["audit", "verify"])

    assert result.exit_code == 1
    assert "row 4, the newest when last checkpointed, is missing" in result.output


def test_deleting_the_newest_rows_stays_detected_after_new_rows_are_written(app, client, runner, login):
    some_history(client, login)
    drop_append_only_triggers(app)
    with app.app_context(), db.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_event WHERE id > 2"))
    for _ in range(3):  # the app carries on: on SQLite the deleted ids are handed out again
        login(client)
        client.post("/staff/logout")

    result = runner.invoke(args=["audit", "verify"])

    assert result.exit_code == 1
    assert "row 4, the newest when last checkpointed, is missing or different" in result.output


def test_a_row_deleted_in_the_middle_and_the_chain_rebuilt_without_the_key_is_detected(app, client, runner,
                                                                                      login):
    some_history(client, login)
    drop_append_only_triggers(app)
    with app.app_context(), db.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_event WHERE id = 2"))
    recompute_unkeyed_chain(app)
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1 and "without the audit key" in result.output


def test_an_edited_checkpoint_is_refused(app, client, runner, login):
    some_history(client, login)
    with app.app_context():
        path = audit.audit_chain.checkpoint_path()
    path.write_text(path.read_text().replace('"head_id": 4', '"head_id": 2'))
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1 and "not signed with this audit key" in result.output


def test_an_edit_to_either_slot_is_refused_by_the_app_that_last_wrote_the_checkpoint(app, client, runner, login,
                                                                                       caplog):
    """The app remembers the checkpoint it last read or wrote; any other content is checked in full."""
    some_history(client, login)
    path = app.config["AUDIT_CHECKPOINT_FILE"]
    with open(path, "rb") as checkpoint:
        slots = checkpoint.read()
    older = 512 if b'"head_id": 4' in slots[:512] else 0
    for slot in (older, 512 - older):
        edited = slots[:slot] + slots[slot:slot + 512].replace(b'"rows": ', b'"rows": 1', 1) + slots[slot + 512:]
        with open(path, "wb") as checkpoint:
            checkpoint.write(edited)
        login(client)  # the next audited action finds it, logs it, and leaves the evidence in place
        assert "is not signed with this audit key" in caplog.text
        with open(path, "rb") as checkpoint:
            assert checkpoint.read() == edited
        result = runner.invoke(args=["audit", "verify"])
        assert result.exit_code == 1 and "not signed with this audit key" in result.output
        caplog.clear()


def test_a_checkpoint_write_cut_short_by_a_crash_falls_back_to_the_previous_one(app, client, runner, login):
    some_history(client, login)
    path = app.config["AUDIT_CHECKPOINT_FILE"]
    with open(path, "r+b") as checkpoint:
        slots = checkpoint.read()
        newest = 0 if b'"head_id": 4' in slots[:512] else 512
        checkpoint.seek(newest)
        checkpoint.write(slots[newest:newest + 100] + b"\0" * 10)  # a torn write: not JSON any more
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0 and "Checkpoint: row 3, 3 row(s)" in result.output
    login(client)  # the next write repairs it
    assert "Checkpoint: row 5, 5 row(s)" in runner.invoke(args=["audit", "verify"]).output


def test_the_key_and_checkpoint_are_files_only_their_owner_can_read(app, client, runner, login):
    some_history(client, login)
    key_file, checkpoint = app.config["AUDIT_KEY_FILE"], app.config["AUDIT_CHECKPOINT_FILE"]
    import os
    import stat

    for path in (key_file, checkpoint):
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    key = open(key_file).read().strip()
    with app.app_context():
        stored = " ".join(str(value) for row in db.session.execute(select(AuditEvent.__table__)).all() for value in row)
    assert key not in stored
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0 and "intact: 4 row(s)" in result.output and "Checkpoint: row 4, 4 row(s)" in result.output


def test_a_key_from_the_environment_is_used_instead_of_a_file(app_config, tmp_path):
    from intake import create_app

    app = create_app({**app_config, "AUDIT_KEY": "k" * 48})
    with app.app_context():
        db.create_all()
        audit.record("user.enable", object_type="user", object_id=1)
        assert audit.verify_chain() == (True, 1, None)
        db.session.remove()  # its read would hold PostgreSQL's DROP TABLE back
        db.drop_all()
        db.engine.dispose()
    assert not (tmp_path / "audit.key").exists()
    with pytest.raises(RuntimeError, match="AUDIT_KEY must be at least 32"):
        create_app({**app_config, "AUDIT_KEY": "short"})


def test_a_log_from_before_the_key_is_keyed_from_the_next_row(app, client, runner, login):
    """An upgrade: rows hashed without a key stay as they are; the chain is keyed from the next row on."""
    some_history(client, login)
    drop_append_only_triggers(app)
    recompute_unkeyed_chain(app)  # as an older version wrote them
    import os

    os.unlink(app.config["AUDIT_CHECKPOINT_FILE"])
    login(client)

    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0, result.output
    assert "Rows before row 5 were written before the chain was keyed" in result.output
    with app.app_context():
        assert audit.audit_chain.read_checkpoint().keyed_from == 5

    with app.app_context(), db.engine.begin() as conn:
        conn.execute(text("UPDATE audit_event SET client_address = '203.0.113.9' WHERE id = 5"))
    recompute_unkeyed_chain(app)
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1 and "row 5" in result.output and "without the audit key" in result.output


def test_a_missing_checkpoint_fails_verify_until_the_next_audited_action(app, client, runner, login):
    some_history(client, login)
    import os

    os.unlink(app.config["AUDIT_CHECKPOINT_FILE"])
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1 and "no checkpoint" in result.output
    login(client)
    assert runner.invoke(args=["audit", "verify"]).exit_code == 0


def test_a_write_that_rolls_back_leaves_the_checkpoint_where_it_was(app, client, login):
    login(client)
    with app.app_context():
        before = audit.audit_chain.read_checkpoint()
        with pytest.raises(RuntimeError), write_transaction():
            audit.record("user.create", object_type="user", object_id="x")
            raise RuntimeError("the change it described did not happen")
        assert audit.audit_chain.read_checkpoint() == before
        audit.record("user.enable", object_type="user", object_id="y")
        assert audit.verify_chain() == (True, 2, None)


# --- Recording after reading (issue 16): the session's objects and pending work are safe --------------------

def test_recording_after_a_read_keeps_what_was_read_loaded(app, make_user):
    from sqlalchemy import inspect

    from intake.accounts.users import User

    make_user(email="read@clinic.example")
    with app.app_context():
        user = db.session.scalars(select(User)).one()
        audit.record("queue.list")
        state = inspect(user)
        assert not state.expired and state.persistent and "email" in state.dict
        assert user.email == "read@clinic.example"
        with db.engine.connect() as other:  # committed at once, on a connection of its own
            assert other.scalar(select(func.count()).select_from(AuditEvent)) == 1


def test_recording_with_unsaved_changes_refuses_loudly_and_loses_nothing(app, make_user):
    from intake.accounts.users import User

    make_user(email="pending@clinic.example")
    with app.app_context():
        user = db.session.scalars(select(User)).one()
        user.name = "Changed but not saved"
        with pytest.raises(RuntimeError, match="unsaved changes outside write_transaction"):
            audit.record("user.role", object_type="user", object_id=user.public_id)
        assert user in db.session.dirty and user.name == "Changed but not saved"
        assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == 0


# --- The checkpoint moved on each append without reading the log again (issue 16) ---------------------------

def test_the_checkpoint_kept_on_each_append_is_the_one_worked_out_from_the_whole_log(app, client, login):
    some_history(client, login)
    with app.app_context():
        for number in range(5):
            audit.record("user.enable", object_type="user", object_id=number)
        kept = audit.audit_chain.read_checkpoint()
        newest = db.session.execute(select(AuditEvent.id, AuditEvent.hash).order_by(AuditEvent.id.desc())).first()
        assert (kept.head_id, kept.head_hash) == tuple(newest)
        assert kept.rows == db.session.scalar(select(func.count()).select_from(AuditEvent))
        assert audit.audit_chain.reset_checkpoint() == kept  # worked out again from the database


def test_rows_appended_while_the_checkpoint_lagged_are_all_counted_by_the_next_append(app, client, login, monkeypatch):
    some_history(client, login)
    with app.app_context():
        before = audit.audit_chain.read_checkpoint()
        # A worker that stopped between its commit and its checkpoint: two rows the checkpoint never saw.
        monkeypatch.setattr(audit.audit_chain, "advance", lambda *args: None)
        audit.record("user.enable", object_type="user", object_id="a")
        audit.record("user.enable", object_type="user", object_id="b")
        monkeypatch.undo()
        assert audit.audit_chain.read_checkpoint() == before
        audit.record("user.enable", object_type="user", object_id="c")
        kept = audit.audit_chain.read_checkpoint()
        assert kept.rows == before.rows + 3 == db.session.scalar(select(func.count()).select_from(AuditEvent))
        assert audit.verify_chain() == (True, kept.rows, None)


# --- The write-ahead log can start over between staff page views (SQLite) -----------------------------------

def test_viewing_records_all_day_keeps_the_write_ahead_log_small(app, client, login, make_submission):
    """Every view appends an audit row. While a page's own read was still open as its row committed, SQLite
    could never start its write-ahead log over: it grew by some 30 KB a view (95 MB after 3,000), and
    every later read searched it."""
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        pytest.skip("a write-ahead log file is SQLite's")
    submission = make_submission()
    login(client, role="front_desk")
    for _ in range(400):
        assert client.get(f"/staff/submissions/{submission.id}").status_code == 200
    with app.app_context():
        database = db.engine.url.database
        page_size = db.session.scalar(text("PRAGMA page_size"))
        pages_before_checkpoint = db.session.scalar(text("PRAGMA wal_autocheckpoint"))
        assert [event[0] for event in events(app)].count("submission.view") == 400
    # Started over after each checkpoint: never much past the checkpoint's threshold (about 4 MB).
    wal = Path(f"{database}-wal").stat().st_size
    assert wal < 1.5 * pages_before_checkpoint * page_size, f"the write-ahead log grew to {wal:,} bytes"
