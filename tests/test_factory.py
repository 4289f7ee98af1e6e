"""The app factory and its configuration layers."""

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
