"""Clinic settings from configuration: the clinic's name in every header and title, its details, and start-up checks."""

import re
from datetime import timedelta

import pytest

from intake import create_app

CLINIC = "Birchwood Upper Cervical Clinic"


@pytest.fixture
def app_config(app_config):
    return {**app_config, "CLINIC_NAME": CLINIC, "CLINIC_ADDRESS": "12 Mill Lane, Springfield",
            "CLINIC_PHONE": "555 0100 222"}


def _title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1)


def _header(html: str) -> str:
    return re.search(r'<header class="site-header">(.*?)</header>', html, re.S).group(1)


@pytest.mark.parametrize("path", ["/", "/about-you", "/learn/", "/learn/neck-pain", "/staff/login", "/no-such-page"])
def test_the_clinic_name_is_in_the_header_and_title_of_public_pages(client, path):
    html = client.get(path).get_data(as_text=True)
    assert CLINIC in _title(html)
    assert CLINIC in _header(html)


def test_the_clinic_name_is_in_the_header_and_title_of_staff_pages(client, login, make_submission):
    login(client, role="admin")
    submission = make_submission()
    for path in ["/staff/", f"/staff/submissions/{submission.id}", "/staff/users", "/staff/account/password"]:
        html = client.get(path).get_data(as_text=True)
        assert CLINIC in _title(html), path
        assert CLINIC in _header(html), path


def test_patient_pages_show_the_clinic_address_and_phone(client):
    html = client.get("/").get_data(as_text=True)
    footer = re.search(r'<footer class="site-footer">(.*?)</footer>', html, re.S).group(1)
    assert "12 Mill Lane, Springfield" in footer
    assert 'href="tel:5550100222"' in footer and "555 0100 222" in footer


def test_without_address_or_phone_the_footer_names_only_the_clinic(app_config):
    app = create_app({**app_config, "CLINIC_ADDRESS": "", "CLINIC_PHONE": ""})
    html = app.test_client().get("/").get_data(as_text=True)
    footer = re.search(r'<footer class="site-footer">(.*?)</footer>', html, re.S).group(1)
    assert CLINIC in footer
    assert "tel:" not in footer and "Phone:" not in footer


def test_durations_from_the_environment_are_seconds(app_config, monkeypatch):
    monkeypatch.setenv("INTAKE_DRAFT_LIFETIME", "1800")
    monkeypatch.setenv("INTAKE_STAFF_IDLE_TIMEOUT", "600")
    app = create_app(app_config)
    assert app.config["DRAFT_LIFETIME"] == timedelta(minutes=30)
    assert app.config["STAFF_IDLE_TIMEOUT"] == timedelta(minutes=10)


def test_a_draft_lifetime_in_seconds_is_used_for_new_drafts(app_config, answers):
    from intake.web import drafts
    from intake.extensions import db
    from intake.models import utcnow

    app = create_app({**app_config, "DRAFT_LIFETIME": 120})
    with app.test_request_context():
        db.create_all()
        try:
            drafts.save_answers({"full_name": answers["full_name"]})
            draft = drafts.current_draft()
            assert timedelta(seconds=110) < draft.expires_at - utcnow() <= timedelta(seconds=120)
        finally:
            db.session.remove()
            db.drop_all()
            db.engine.dispose()


@pytest.mark.parametrize("settings, named", [
    ({"DRAFT_LIFETIME": "a day"}, "DRAFT_LIFETIME"),
    ({"STAFF_IDLE_TIMEOUT": 0}, "STAFF_IDLE_TIMEOUT"),
    ({"CLINIC_NAME": "  "}, "CLINIC_NAME"),
    ({"PUBLIC_URL": "intake.example-clinic.com"}, "PUBLIC_URL"),
    ({"PUBLIC_URL": "javascript:alert(1)"}, "PUBLIC_URL"),
    ({"PUBLIC_URL": "https://intake.example-clinic.com/?utm=poster"}, "PUBLIC_URL"),
])
def test_settings_that_cannot_work_stop_the_start_with_their_name(app_config, settings, named):
    with pytest.raises(RuntimeError, match=named):
        create_app({**app_config, **settings})


def test_public_url_is_kept_and_links_are_built_under_it(app_config):
    from intake.config import public_link

    app = create_app({**app_config, "PUBLIC_URL": " https://clinic.example/intake/ "})
    assert app.config["PUBLIC_URL"] == "https://clinic.example/intake/"
    assert public_link(app.config["PUBLIC_URL"], "/staff/x") == "https://clinic.example/intake/staff/x"
    assert public_link(None, "/staff/x") is None


# Flask's and its extensions' own settings, set for safety and explained where they are set (config.py).
FRAMEWORK_SETTINGS = {"MAX_FORM_MEMORY_SIZE", "SESSION_COOKIE_HTTPONLY", "SESSION_COOKIE_SAMESITE",
                      "SESSION_COOKIE_NAME", "PERMANENT_SESSION_LIFETIME", "WTF_CSRF_ENABLED", "BABEL_DEFAULT_LOCALE",
                      "BABEL_DEFAULT_TIMEZONE", "RATELIMIT_HEADERS_ENABLED"}


def test_every_clinic_setting_is_in_the_readme():
    from pathlib import Path

    from intake.config import Defaults

    readme = (Path(__file__).parent.parent / "README.md").read_text()
    missing = [key for key in vars(Defaults) if key.isupper() and key not in FRAMEWORK_SETTINGS
               and key not in readme and f"`_{key.split('_', 3)[-1]}`" not in readme]
    assert missing == []
    assert "12 characters" in readme  # the password rule
