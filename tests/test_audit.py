"""The audit trail: one row per login, logout, timeout and refusal; append-only; tampering detected by `audit verify`."""

import threading

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from intake import audit
from intake.audit import AuditEvent
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


def test_throttled_logins_are_recorded_as_throttled(app, client, make_user):
    user = make_user()
    for _ in range(11):
        client.post("/staff/login", data={"email": user.email, "password": "wrong password guess"})
    outcomes = [outcome for action, outcome, *_ in events(app)]
    assert outcomes == ["failure"] * 10 + ["throttled"]


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
        assert (row.object_type, row.object_id) == ("endpoint", "staff.audit_log")


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
