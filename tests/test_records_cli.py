"""Retention and backup from the command line: purge (dry run first), backup under load, restore."""

import sqlite3
import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from intake.accounts.audit import AuditEvent
from intake.extensions import db
from intake.models import Submission, SubmissionMatch, utcnow



def _count(app, model):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_purge_is_a_dry_run_until_told_yes(app, runner, make_submission):
    make_submission(full_name="Old Visit", created_at=utcnow() - timedelta(days=400))
    make_submission(full_name="Recent Visit")
    dry = runner.invoke(args=["purge", "--older-than", "365"])
    assert dry.exit_code == 0 and "Would delete 1 submission(s)" in dry.output
    assert _count(app, Submission) == 2
    done = runner.invoke(args=["purge", "--older-than", "365", "--yes"])
    assert done.exit_code == 0 and "Deleted 1 submission(s)" in done.output
    with app.app_context():
        assert db.session.scalars(select(Submission.full_name)).all() == ["Recent Visit"]
        # The old one's matches went with it; the recent one's stayed.
        assert db.session.scalar(select(func.count()).select_from(SubmissionMatch)) > 0
        assert db.session.scalar(select(func.count()).select_from(SubmissionMatch).where(
            SubmissionMatch.submission_id.not_in(select(Submission.id)))) == 0
        row = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "records.purge")).one()
        assert (row.object_id, row.source) == ("1 rows, 0 drafts", "cli")


@pytest.mark.parametrize("days", ["0", "-3", "soon"])
def test_purge_refuses_a_nonsense_age(runner, days):
    result = runner.invoke(args=["purge", "--older-than", days, "--yes"])
    assert result.exit_code != 0 and "older-than" in result.output


def _sqlite_only(app):
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        pytest.skip("SQLite's backup API; PostgreSQL uses pg_dump (see the next test)")


def test_on_postgresql_backup_points_to_pg_dump(app, runner, tmp_path):
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        pytest.skip("runs in the PostgreSQL pass")
    result = runner.invoke(args=["backup", str(tmp_path / "copy.sqlite3")])
    assert result.exit_code != 0 and "pg_dump" in result.output


def test_a_backup_taken_while_patients_submit_holds_every_acknowledged_one(app, runner, tmp_path, make_submission):
    _sqlite_only(app)
    acknowledged, stop = [], threading.Event()

    def patients_keep_submitting():
        n = 0
        while not stop.is_set() and n < 400:
            acknowledged.append(make_submission(full_name=f"Patient {n}").id)  # returns after the commit
            n += 1

    writer = threading.Thread(target=patients_keep_submitting)
    writer.start()
    while len(acknowledged) < 20:
        threading.Event().wait(0.01)
    before = list(acknowledged)
    copy = tmp_path / "backup.sqlite3"
    result = runner.invoke(args=["backup", str(copy)])
    stop.set()
    writer.join()
    assert result.exit_code == 0, result.output
    with sqlite3.connect(copy) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = {row[0] for row in conn.execute("SELECT id FROM submission")}
    assert set(before) <= stored
    # Refuses to overwrite an earlier backup.
    again = runner.invoke(args=["backup", str(copy)])
    assert again.exit_code != 0 and "already exists" in again.output


def test_restore_brings_a_backup_back_and_guards_a_live_database(app, runner, tmp_path, make_submission):
    _sqlite_only(app)
    kept = make_submission(full_name="Before Backup")
    copy = tmp_path / "backup.sqlite3"
    assert runner.invoke(args=["backup", str(copy)]).exit_code == 0
    make_submission(full_name="After Backup")
    refused = runner.invoke(args=["restore", str(copy)])
    assert refused.exit_code != 0 and "--yes" in refused.output
    assert _count(app, Submission) == 2
    restored = runner.invoke(args=["restore", str(copy), "--yes"])
    assert restored.exit_code == 0, restored.output
    with app.app_context():
        assert db.session.scalars(select(Submission.id)).all() == [kept.id]


def test_restore_refuses_a_file_that_is_not_an_intake_database(app, runner, tmp_path):
    _sqlite_only(app)
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    result = runner.invoke(args=["restore", str(junk), "--yes"])
    assert result.exit_code != 0


@pytest.fixture
def usual_umask():
    """The umask most systems start with (022): files not made private on purpose come out 0644."""
    import os

    previous = os.umask(0o022)
    yield
    os.umask(previous)


def test_a_backup_is_audited_and_readable_by_its_owner_only(app, runner, tmp_path, make_submission, usual_umask):
    _sqlite_only(app)
    make_submission()
    copy = tmp_path / "backup.sqlite3"
    result = runner.invoke(args=["backup", str(copy)])
    assert result.exit_code == 0, result.output
    assert copy.stat().st_mode & 0o777 == 0o600
    with app.app_context():
        row = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "records.backup")).one()
        assert (row.object_type, row.object_id, row.source) == ("database", "backup.sqlite3", "cli")


def test_the_database_and_its_wal_files_are_created_readable_by_their_owner_only(app_config, tmp_path, usual_umask):
    from intake import create_app
    from intake.database import write_transaction
    from intake.models import Draft

    if not app_config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.skip("a SQLite file; PostgreSQL keeps its files itself")
    path = tmp_path / "fresh.sqlite3"
    app = create_app({**app_config, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})
    with app.app_context():
        db.create_all()
        with write_transaction() as tx:
            tx.add(Draft(token_hash="c" * 64, answers={}, expires_at=utcnow()))
        files = sorted(tmp_path.glob("fresh.sqlite3*"))
        assert {f.name for f in files} >= {"fresh.sqlite3", "fresh.sqlite3-wal", "fresh.sqlite3-shm"}
        assert {f.name: oct(f.stat().st_mode & 0o777) for f in files} == {f.name: "0o600" for f in files}
        db.session.remove()
        db.engine.dispose()
