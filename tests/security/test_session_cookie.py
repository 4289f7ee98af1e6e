"""The session cookie in production: Secure with the __Host- prefix, HttpOnly, SameSite=Lax, no remember-me.

HttpOnly and SameSite on the default (plain HTTP) cookie are proved in
tests/test_staff_auth.py::test_session_cookie_is_httponly_and_samesite_lax.
"""

import pytest

from intake import create_app
from intake.extensions import db
from tests.conftest import STAFF_PASSWORD


@pytest.fixture
def https_app(app_config):
    app = create_app({**app_config, "SESSION_COOKIE_SECURE": True})
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def _set_cookie_headers(response):
    return [value for key, value in response.headers.items() if key.lower() == "set-cookie"]


def test_over_https_the_session_cookie_is_secure_host_only_with_the_host_prefix(https_app):
    from intake.accounts import users as accounts
    from intake.database import write_transaction

    with https_app.app_context():
        with write_transaction() as session:
            accounts.create_user(session, email="p@clinic.example", role="practitioner", password=STAFF_PASSWORD)
    client = https_app.test_client()
    response = client.post("/staff/login", data={"email": "p@clinic.example", "password": STAFF_PASSWORD},
                           base_url="https://clinic.example")
    assert response.status_code == 302
    cookies = [c for c in _set_cookie_headers(response) if c.startswith("__Host-intake_session=")]
    assert len(cookies) == 1, _set_cookie_headers(response)
    attributes = {part.strip().split("=")[0].lower() for part in cookies[0].split(";")[1:]}
    assert {"secure", "httponly", "samesite", "path"} <= attributes
    assert "samesite=lax" in cookies[0].lower() and "path=/" in cookies[0].lower()
    # Host-only (no Domain) and ends with the browser (no Expires / Max-Age): no long-lived remember-me.
    assert not attributes & {"domain", "expires", "max-age"}
    assert not any(c.startswith("remember_token") for c in _set_cookie_headers(response))


def test_patients_get_the_same_secure_cookie_for_their_draft(https_app):
    client = https_app.test_client()
    response = client.post("/about-you", base_url="https://clinic.example", data={
        "full_name": "Cookie Test", "date_of_birth-day": "1", "date_of_birth-month": "2",
        "date_of_birth-year": "1980", "visit_type": "new"})
    assert response.status_code == 302
    cookies = _set_cookie_headers(response)
    assert cookies and all(c.startswith("__Host-") and "Secure" in c and "HttpOnly" in c for c in cookies)


def test_links_are_built_as_https_in_production(https_app):
    with https_app.test_request_context():
        from flask import url_for

        assert url_for("patient.start", _external=True).startswith("https://")


def test_a_new_secret_key_refuses_sessions_signed_with_the_old_one(app, client, answers):
    # The cookie signer is built once per key: a changed key must not keep accepting old cookies.
    from tests.questionnaire_client import answer_pages

    answer_pages(client, answers)
    assert "Continue where you left off" in client.get("/").get_data(as_text=True)
    app.secret_key = app.config["SECRET_KEY"] = "another key of more than thirty-two characters"
    assert "Start now" in client.get("/").get_data(as_text=True)
