"""`flask --app intake setup`: every setting by option or prompt, checked, written to instance/config.py (0600,
SECRET_KEY kept, other lines kept), and the first administrator made with the password policy."""

import stat

import pytest
from flask import Config
from sqlalchemy import select

from intake.accounts import users as accounts
from intake.accounts.audit import AuditEvent
from intake.extensions import db
from tests.conftest import STAFF_PASSWORD

OPTIONS = ["--clinic-name", "Birchwood Clinic", "--phone", "555 0100", "--address", "1 Birch Road, Springfield",
           "--public-url", "https://intake.birchwood.example/", "--timezone", "America/Chicago",
           "--mail-from", "intake@birchwood.example", "--mail-host", "smtp.birchwood.example", "--mail-port", "2525",
           "--no-mail-starttls", "--mail-username", "intake", "--mail-password", "smtp secret 4",
           "--notify-email", "desk@birchwood.example"]


@pytest.fixture
def instance(app, tmp_path, monkeypatch):
    folder = tmp_path / "instance"
    folder.mkdir()
    monkeypatch.setattr(app, "instance_path", str(folder))
    return folder


def written(folder) -> Config:
    config = Config(str(folder))
    config.from_pyfile("config.py")
    return config


def test_every_setting_by_option_writes_a_private_config_and_an_admin(app, runner, instance, monkeypatch):
    (instance / "config.py").write_text("SECRET_KEY = 'kept-secret-key-0123456789-0123456789-abc'\n"
                                        "CLINIC_NAME = 'Intake'\nLANGUAGES = ['en']\n")
    monkeypatch.setenv("INTAKE_PASSWORD", STAFF_PASSWORD)
    result = runner.invoke(args=["setup", "--no-input", *OPTIONS, "--admin-email", "Owner@Birchwood.example",
                                 "--admin-name", "Dr Owner"])
    assert result.exit_code == 0, result.output
    config = written(instance)
    assert config["SECRET_KEY"] == "kept-secret-key-0123456789-0123456789-abc"
    assert config["LANGUAGES"] == ["en"]  # a setting setup does not manage is kept
    assert (config["CLINIC_NAME"], config["CLINIC_PHONE"], config["CLINIC_ADDRESS"]) == (
        "Birchwood Clinic", "555 0100", "1 Birch Road, Springfield")
    assert config["PUBLIC_URL"] == "https://intake.birchwood.example/"
    assert config["CLINIC_TIMEZONE"] == "America/Chicago"
    assert (config["MAIL_HOST"], config["MAIL_PORT"], config["MAIL_STARTTLS"]) == ("smtp.birchwood.example", 2525, False)
    assert (config["MAIL_USERNAME"], config["MAIL_PASSWORD"]) == ("intake", "smtp secret 4")
    assert config["NOTIFY_EMAIL"] == "desk@birchwood.example"
    assert stat.S_IMODE((instance / "config.py").stat().st_mode) == 0o600
    with app.app_context():
        admin = accounts.find_user_by_email("owner@birchwood.example")
        assert admin.role == "admin" and admin.name == "Dr Owner"
        assert accounts.verify_password(admin, STAFF_PASSWORD)
        assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.action == "user.create"))


def test_a_new_install_gets_a_secret_key_and_the_written_file_starts_an_app(app, runner, instance):
    result = runner.invoke(args=["setup", "--no-input", "--clinic-name", "Elm Street Chiropractic",
                                 "--timezone", "Europe/London"])
    assert result.exit_code == 0, result.output
    config = written(instance)
    assert len(config["SECRET_KEY"]) >= 32
    assert "No administrator yet" in result.output


def test_interactive_prompts_ask_again_until_each_answer_is_valid(app, runner, instance):
    answers = "\n".join([
        "Birchwood Clinic", "", "", "ftp://nope", "https://intake.birchwood.example/",
        "Mars/Olympus", "America/Denver", "",  # no e-mail: the mail server is not asked for
        "", "admin@birchwood.example", "Ada Admin",
        "short", "short", "plum tractor velvet harbour", "plum tractor velvet harbour"]) + "\n"
    result = runner.invoke(args=["setup"], input=answers)
    assert result.exit_code == 0, result.output
    assert "is not a time zone name" in result.output and "PUBLIC_URL must be" in result.output
    assert "at least 12 characters" in result.output
    config = written(instance)
    assert (config["CLINIC_NAME"], config["CLINIC_TIMEZONE"]) == ("Birchwood Clinic", "America/Denver")
    assert config["MAIL_FROM"] is None
    with app.app_context():
        assert accounts.find_user_by_email("admin@birchwood.example").role == "admin"


@pytest.mark.parametrize("option, value, message", [
    ("--timezone", "Eastern", "not a time zone name"),
    ("--public-url", "intake.example.com", "PUBLIC_URL must be"),
    ("--mail-port", "port", "port number"),
    ("--clinic-name", "  ", "must not be empty"),
    ("--notify-email", "desk at clinic", "e-mail address"),
])
def test_a_bad_option_is_refused_and_nothing_is_written(runner, instance, option, value, message):
    result = runner.invoke(args=["setup", "--no-input", option, value])
    assert result.exit_code != 0 and message in result.output
    assert not (instance / "config.py").exists()


def test_an_existing_administrator_is_left_alone(app, runner, instance, make_user):
    make_user(email="first@birchwood.example", role="admin")
    result = runner.invoke(args=["setup", "--no-input", "--admin-email", "second@birchwood.example"])
    assert result.exit_code == 0 and "already exists" in result.output
    with app.app_context():
        assert accounts.find_user_by_email("second@birchwood.example") is None


def test_staff_pages_point_at_setup_until_the_clinic_has_a_name(app, client, login):
    login(client, role="front_desk")
    assert "flask --app intake setup" in client.get("/staff/").get_data(as_text=True)
    app.config["CLINIC_NAME"] = "Birchwood Clinic"
    assert "flask --app intake setup" not in client.get("/staff/").get_data(as_text=True)
