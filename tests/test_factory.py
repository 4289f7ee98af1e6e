"""The app factory and its configuration layers."""

import os

import pytest

from intake import create_app

STRONG = "a-strong-random-secret-key-for-tests-0123456789"


def test_testing_config_is_applied(app):
    assert app.testing


def test_default_database_is_sqlite_in_instance(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("INTAKE_SQLALCHEMY_DATABASE_URI", raising=False)
    app = create_app({"TESTING": True, "SECRET_KEY": STRONG})
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    assert uri.startswith("sqlite:///") and uri.endswith("instance/intake.sqlite3")


def test_database_url_overrides_and_names_the_driver(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
    app = create_app({"TESTING": True, "SECRET_KEY": STRONG})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def test_environment_layer_overrides_defaults(monkeypatch):
    monkeypatch.setenv("INTAKE_CLINIC_NAME", "Upper Neck Clinic")
    app = create_app({"TESTING": True, "SECRET_KEY": STRONG})
    assert app.config["CLINIC_NAME"] == "Upper Neck Clinic"


def test_test_config_overrides_environment(monkeypatch):
    monkeypatch.setenv("INTAKE_CLINIC_NAME", "From environment")
    app = create_app({"TESTING": True, "SECRET_KEY": STRONG, "CLINIC_NAME": "From test"})
    assert app.config["CLINIC_NAME"] == "From test"


@pytest.mark.parametrize("key", [None, "", "dev", "short-key", "x" * 31])
def test_production_refuses_a_weak_secret_key(monkeypatch, key):
    monkeypatch.delenv("INTAKE_SECRET_KEY", raising=False)
    monkeypatch.delenv("FLASK_SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"SECRET_KEY": key})


def test_production_starts_with_a_strong_key():
    app = create_app({"SECRET_KEY": STRONG})
    assert not app.testing and not app.debug


def test_factory_makes_no_database(tmp_path):
    db_file = tmp_path / "never.sqlite3"
    create_app({"TESTING": True, "SECRET_KEY": STRONG, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{db_file}"})
    assert not db_file.exists()


@pytest.mark.parametrize("command", [["explain", "answers-burning-upper-back.json"], ["content", "check"]])
def test_commands_that_serve_nothing_need_no_secret_key(tmp_path, command):
    """Right after `make install` (no instance/config.py yet): `explain` and `content check` just work."""
    import json
    import subprocess
    import sys
    from pathlib import Path

    data = Path(__file__).parent / "data"
    (tmp_path / "answers-burning-upper-back.json").write_text((data / "answers-burning-upper-back.json").read_text())
    env = {k: v for k, v in os.environ.items() if not k.startswith(("INTAKE_", "FLASK_")) and k != "DATABASE_URL"}
    env["INTAKE_SECRET_KEY"] = ""  # no key at all, even where instance/config.py has one
    result = subprocess.run([sys.executable, "-m", "flask", "--app", "intake", *command], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    if command[0] == "explain":
        assert json.loads(result.stdout)["triage"]["level"] == "none"
    else:
        assert "articles OK" in result.stdout


def test_the_flask_command_without_a_key_serves_nothing(monkeypatch):
    # `flask run` builds the app the same way: with no key, every request is refused, none is served.
    monkeypatch.setenv("FLASK_RUN_FROM_CLI", "true")
    monkeypatch.delenv("INTAKE_SECRET_KEY", raising=False)
    monkeypatch.delenv("FLASK_SECRET_KEY", raising=False)
    app = create_app({"SECRET_KEY": "dev"})
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        app.test_client().get("/")
    assert create_app({"SECRET_KEY": STRONG}).test_client().get("/static/css/intake.css").status_code == 200
