"""Retention and backup: `flask --app intake purge`, `backup` and `restore`."""

import os
import sqlite3
from datetime import timedelta
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import delete, func, select

from ..accounts import audit, audit_chain
from ..database import write_transaction
from ..deployment import PRIVATE_MODE
from ..extensions import db
from ..models import Draft, Submission, utcnow
from ..questionnaire import N_

audit.register_action("records.purge", N_("Purged old records"))
audit.register_action("records.restore", N_("Restored a backup"))
audit.register_action("records.backup", N_("Backed up the database"))


def init_app(app):
    app.cli.add_command(purge)
    app.cli.add_command(backup)
    app.cli.add_command(restore)


@click.command(help="Delete submissions (with their matches, regions and notes) and drafts older than DAYS. "
                    "A dry run unless --yes.")
@click.option("--older-than", "days", type=click.IntRange(min=1), required=True, metavar="DAYS")
@click.option("--yes", is_flag=True, help="Delete them (otherwise only count them).")
@with_appcontext
def purge(days: int, yes: bool):
    cutoff = utcnow() - timedelta(days=days)
    old_submissions = select(func.count()).select_from(Submission).where(Submission.created_at < cutoff)
    old_drafts = select(func.count()).select_from(Draft).where(Draft.updated_at < cutoff)
    counts = db.session.scalar(old_submissions), db.session.scalar(old_drafts)
    if not yes:
        click.echo(f"Would delete {counts[0]} submission(s) and {counts[1]} draft(s) older than {days} days "
                   f"(before {cutoff:%Y-%m-%d %H:%M} UTC). Run again with --yes to delete them.")
        return
    with write_transaction() as tx:
        # Matches, regions and notes go with their submission (ON DELETE CASCADE).
        gone = tx.execute(delete(Submission).where(Submission.created_at < cutoff)).rowcount or 0
        drafts = tx.execute(delete(Draft).where(Draft.updated_at < cutoff)).rowcount or 0
        audit.record("records.purge", object_type="submissions", object_id=f"{gone} rows, {drafts} drafts")
    click.echo(f"Deleted {gone} submission(s) and {drafts} draft(s) older than {days} days.")


def _sqlite_path() -> Path:
    engine = db.engine
    if engine.dialect.name != "sqlite":
        raise click.ClickException(
            "backup and restore work on SQLite only. On PostgreSQL use pg_dump and pg_restore "
            "(see README, Backups).")
    return Path(engine.url.database)


@click.command(help="Copy the live SQLite database to PATH, consistently, while the clinic keeps working.")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup(path: Path):
    source_path = _sqlite_path()
    try:
        # Created here, empty and readable by its owner only (it holds every patient's answers);
        # O_EXCL: never over an earlier backup, even one that appears meanwhile.
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE_MODE))
    except FileExistsError:
        raise click.ClickException(f"{path} already exists: choose a new file name.") from None
    # SQLite's online backup API copies a consistent snapshot page by page; writers carry on.
    with sqlite3.connect(source_path) as source, sqlite3.connect(path) as target:
        source.backup(target)
    _check(path)
    audit.record("records.backup", object_type="database", object_id=path.name[:64])
    click.echo(f"Backed up {source_path} to {path}.")


@click.command(help="Replace the live SQLite database with the backup at PATH (checked first).")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Replace a database that already holds submissions.")
@with_appcontext
def restore(path: Path, yes: bool):
    target_path = _sqlite_path()
    _check(path)
    held = db.session.scalar(select(func.count()).select_from(Submission))
    db.session.remove()
    if held and not yes:
        raise click.ClickException(f"The live database holds {held} submission(s). Run again with --yes to "
                                   "replace it with the backup.")
    db.engine.dispose()
    with sqlite3.connect(path) as source, sqlite3.connect(target_path) as target:
        source.backup(target)
    # Restoring on purpose rewinds the audit log to the backup's: the checkpoint starts again from it
    # (the restore itself is the first row after).
    audit_chain.reset_checkpoint()
    audit.record("records.restore", object_type="database", object_id=path.name[:64])
    click.echo(f"Restored {path} into {target_path}.")


def _check(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        result = conn.execute("PRAGMA integrity_check").fetchone()[0]
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if result != "ok" or "submission" not in tables:
        raise click.ClickException(f"{path} is not a sound Intake database ({result}).")
