"""`flask --app intake doctor`: checks a deployment and says what to fix; exits non-zero on a problem."""

import socket
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import text

from ..deployment import loose_permissions, planned_workers, rate_limit_problem, secret_key_problem
from ..extensions import db

LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}


@dataclass
class Finding:
    level: str  # "ok", "warn" (worth a look) or "fix" (a problem: the command exits non-zero)
    topic: str
    message: str


def check_secret_key(config):
    problem = secret_key_problem(config.get("SECRET_KEY"))
    if problem:
        return [Finding("fix", "secret key", problem)]
    return [Finding("ok", "secret key", "SECRET_KEY is long and random enough")]


def check_public_url_and_https(config):
    url = config.get("PUBLIC_URL")
    if not url:
        return [Finding("fix", "public address", "PUBLIC_URL is not set: set it to the questionnaire's address, "
                                                 "e.g. https://intake.example-clinic.com/ (the QR poster and "
                                                 "e-mail links use it, and it limits the Host names served)")]
    parts = urlsplit(url)
    found = [Finding("ok", "public address", f"PUBLIC_URL is {url}")]
    if parts.scheme != "https" and parts.hostname not in LOCAL_HOSTS:
        found.append(Finding("fix", "https", f"PUBLIC_URL is not https: patients' answers would cross the network "
                                             "readable; serve the app over HTTPS and set PUBLIC_URL to https://…"))
    if parts.scheme == "https" and not config.get("SESSION_COOKIE_SECURE"):
        found.append(Finding("fix", "https", "SESSION_COOKIE_SECURE is False while served over HTTPS: set "
                                             "INTAKE_SESSION_COOKIE_SECURE=true so cookies never travel over plain HTTP"))
    elif config.get("SESSION_COOKIE_SECURE"):
        found.append(Finding("ok", "https", "session cookies are Secure, HttpOnly and SameSite="
                                            f"{config.get('SESSION_COOKIE_SAMESITE')}"))
    if not config.get("SESSION_COOKIE_HTTPONLY", True) or config.get("SESSION_COOKIE_SAMESITE") not in ("Lax", "Strict"):
        found.append(Finding("fix", "https", "session cookies must be HttpOnly with SameSite=Lax or Strict"))
    return found


def check_time_zone(config):
    name = config.get("CLINIC_TIMEZONE")
    try:
        ZoneInfo(str(name))
    except (ZoneInfoNotFoundError, ValueError):
        return [Finding("fix", "time zone", f"CLINIC_TIMEZONE {name!r} is not a time zone name: use one like "
                                            "America/Chicago or Europe/London")]
    if name == "UTC":
        return [Finding("warn", "time zone", "CLINIC_TIMEZONE is UTC (the default): set the clinic's own, e.g. "
                                             "America/Chicago, or \"today\" in the queue starts at the wrong hour")]
    return [Finding("ok", "time zone", f"CLINIC_TIMEZONE is {name}")]


def check_rate_limits(config):
    if not config.get("RATELIMIT_ENABLED", True):
        return [Finding("fix", "rate limits", "RATELIMIT_ENABLED is False: the questionnaire and the password "
                                              "forms have no rate limit; remove the setting")]
    workers = planned_workers()
    problem = rate_limit_problem(config, workers)
    if problem:
        return [Finding("fix", "rate limits", problem)]
    uri = str(config.get("RATELIMIT_STORAGE_URI") or "memory://")
    if uri.startswith("memory://"):
        return [Finding("warn", "rate limits", "RATELIMIT_STORAGE_URI is memory://: right for one process only; "
                                               "with several gunicorn workers set redis://127.0.0.1:6379")]
    from limits.storage import storage_from_string

    try:
        reachable = storage_from_string(uri).check()
    except Exception:  # noqa: BLE001 - any failure to reach the store is the finding
        reachable = False
    if not reachable:
        return [Finding("fix", "rate limits", f"the rate-limit storage at {_without_password(uri)} cannot be "
                                              "reached: start it, or correct RATELIMIT_STORAGE_URI")]
    return [Finding("ok", "rate limits", f"rate-limit counts are shared in {_without_password(uri)}")]


def check_mail(config):
    if not config.get("NOTIFY_EMAIL"):
        return [Finding("ok", "mail", "new-submission e-mails are off (NOTIFY_EMAIL is not set)")]
    host, port = config.get("MAIL_HOST"), int(config.get("MAIL_PORT") or 0)
    try:
        socket.create_connection((host, port), timeout=float(config.get("MAIL_TIMEOUT") or 10)).close()
    except OSError:
        return [Finding("fix", "mail", f"the mail server {host}:{port} cannot be reached: correct MAIL_HOST and "
                                       "MAIL_PORT, or unset NOTIFY_EMAIL")]
    found = [Finding("ok", "mail", f"notices go to {config['NOTIFY_EMAIL']} through {host}:{port}")]
    if not config.get("MAIL_STARTTLS") and port != 25 and host not in LOCAL_HOSTS:
        found.append(Finding("warn", "mail", "MAIL_STARTTLS is off: the SMTP login crosses the network unencrypted"))
    return found


def private_files(app) -> list[Path]:
    """The files that hold secrets or patients' data: the instance folder's and the SQLite database's."""
    files = [path for path in Path(app.instance_path).glob("*") if path.is_file() and path.name != ".gitkeep"]
    url = db.engine.url
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        database = Path(url.database)
        files += [Path(f"{database}{suffix}") for suffix in ("", "-wal", "-shm", ".writers")]
    return sorted({path for path in files if path.exists()})


def check_file_permissions(app):
    loose = [path for path in private_files(app) if loose_permissions(path)]
    if loose:
        names = " ".join(str(path) for path in loose)
        return [Finding("fix", "file permissions", f"readable by other users: {names}; run: chmod 600 {names}")]
    return [Finding("ok", "file permissions", "the instance folder's files and the database are private (0600)")]


def check_database():
    try:
        db.session.execute(text("SELECT 1"))
    except Exception as error:  # noqa: BLE001 - any failure to reach the database is the finding
        db.session.rollback()
        return [Finding("fix", "database", f"the database cannot be reached ({type(error).__name__}): check "
                                           "DATABASE_URL and that the server is running")], False
    return [Finding("ok", "database", f"the {db.engine.dialect.name} database answers")], True


def check_migrations():
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    migrate = current_app.extensions["migrate"]
    script = ScriptDirectory.from_config(migrate.migrate.get_config(migrate.directory))
    with db.engine.connect() as connection:
        current = set(MigrationContext.configure(connection).get_current_heads())
    heads = set(script.get_heads())
    if current != heads:
        return [Finding("fix", "migrations", f"the database is at {sorted(current) or 'no version'}, the code at "
                                             f"{sorted(heads)}: run flask --app intake db upgrade")]
    return [Finding("ok", "migrations", "the database schema is current")]


def _without_password(uri: str) -> str:
    parts = urlsplit(uri)
    if parts.password:
        return uri.replace(f":{parts.password}@", ":***@")
    return uri


def run_checks(app) -> list[Finding]:
    config = app.config
    found = [*check_secret_key(config), *check_public_url_and_https(config), *check_time_zone(config),
             *check_rate_limits(config), *check_mail(config), *check_file_permissions(app)]
    database, reachable = check_database()
    found += database
    if reachable:
        found += check_migrations()
    return found


@click.command(help="Check this deployment (keys, HTTPS, time zone, rate limits, mail, file permissions, "
                    "database, migrations) and say what to fix. Exits 1 if anything must be fixed.")
@with_appcontext
def doctor():
    found = run_checks(current_app)
    for finding in found:
        label = {"ok": "ok  ", "warn": "WARN", "fix": "FIX "}[finding.level]
        click.echo(f"{label} {finding.topic}: {finding.message}")
    problems = sum(1 for finding in found if finding.level == "fix")
    click.echo(f"{problems} problem(s) to fix." if problems else "No problems found.")
    sys.exit(1 if problems else 0)
