"""`flask --app intake doctor`: a sound deployment passes (exit 0); each problem is named with its fix (exit 1)."""

import os
import secrets
import socket

import pytest
from flask_migrate import upgrade

from intake import create_app
from intake.extensions import db


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # closed again when the socket is


def _redis_reachable() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
        return True
    except OSError:
        return False


@pytest.fixture
def deployment(tmp_path, monkeypatch):
    """make(**config) → (app, instance folder): an app on a fresh SQLite file, its instance folder in tmp_path."""
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    made = []

    def make(migrate=True, **config):
        instance = tmp_path / "instance"
        instance.mkdir(exist_ok=True)
        (instance / "config.py").write_text("SECRET_KEY = 'kept in the environment in this test'\n")
        os.chmod(instance / "config.py", 0o600)
        app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance / 'intake.sqlite3'}",
                          **config})
        app.instance_path = str(instance)
        with app.app_context():
            if migrate:
                upgrade()
            else:
                db.create_all()
        made.append(app)
        return app, instance

    yield make
    for app in made:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


GOOD = {"SECRET_KEY": secrets.token_urlsafe(48), "PUBLIC_URL": "https://intake.birchwood.example/",
        "SESSION_COOKIE_SECURE": True, "CLINIC_TIMEZONE": "America/Chicago",
        # Said outright: Flask-Limiter's extension object keeps the last app's setting as its default.
        "RATELIMIT_ENABLED": True}


def test_a_sound_deployment_passes(deployment):
    storage = "redis://127.0.0.1:6379" if _redis_reachable() else "memory://"
    app, _ = deployment(**GOOD, RATELIMIT_STORAGE_URI=storage)
    result = app.test_cli_runner().invoke(args=["doctor"])
    assert result.exit_code == 0, result.output
    assert "FIX" not in result.output and result.output.strip().endswith("No problems found.")
    for topic in ("secret key", "public address", "https", "time zone", "rate limits", "mail", "file permissions",
                  "database", "migrations"):
        assert f" {topic}: " in result.output, topic


def test_each_problem_is_named_with_what_to_do(deployment):
    app, instance = deployment(
        migrate=False, SECRET_KEY="passwordpassword" * 2, PUBLIC_URL=None, CLINIC_TIMEZONE="Mars/Olympus_Mons",
        RATELIMIT_STORAGE_URI=f"redis://:hunter2@127.0.0.1:{_closed_port()}", NOTIFY_EMAIL="desk@birchwood.example",
        MAIL_FROM="intake@birchwood.example", MAIL_HOST="127.0.0.1", MAIL_PORT=_closed_port(), MAIL_TIMEOUT=2)
    os.chmod(instance / "config.py", 0o644)
    result = app.test_cli_runner().invoke(args=["doctor"])
    assert result.exit_code == 1
    fixes = [line for line in result.output.splitlines() if line.startswith("FIX")]
    joined = "\n".join(fixes)
    assert "secret key: SECRET_KEY is not random enough" in joined
    assert "public address: PUBLIC_URL is not set" in joined
    assert "time zone: CLINIC_TIMEZONE 'Mars/Olympus_Mons' is not a time zone name" in joined
    assert "rate limits: the rate-limit storage at" in joined and "hunter2" not in result.output
    assert "mail: the mail server 127.0.0.1:" in joined
    assert f"chmod 600 {instance / 'config.py'}" in joined
    assert "migrations: the database is at no version" in joined and "db upgrade" in joined
    assert result.output.strip().endswith(f"{len(fixes)} problem(s) to fix.")


def test_http_cookies_behind_https_and_a_lost_database_are_problems(deployment, tmp_path):
    app, instance = deployment(**{**GOOD, "SESSION_COOKIE_SECURE": False, "RATELIMIT_ENABLED": False})
    (instance / "intake.sqlite3").unlink()
    (instance / "intake.sqlite3").mkdir()  # a database that can no longer be opened
    with app.app_context():
        db.engine.dispose()
    result = app.test_cli_runner().invoke(args=["doctor"])
    assert result.exit_code == 1
    assert "FIX  https: SESSION_COOKIE_SECURE is False while served over HTTPS" in result.output
    assert "FIX  rate limits: RATELIMIT_ENABLED is False" in result.output
    assert "FIX  database: the database cannot be reached" in result.output
    assert "migrations" not in result.output


def test_memory_rate_limits_with_several_planned_workers_are_a_problem(deployment, monkeypatch):
    app, _ = deployment(**GOOD, RATELIMIT_STORAGE_URI="memory://")
    monkeypatch.setenv("WEB_CONCURRENCY", "4")
    result = app.test_cli_runner().invoke(args=["doctor"])
    assert result.exit_code == 1
    assert "FIX  rate limits: RATELIMIT_STORAGE_URI is memory:// with 4 workers" in result.output
