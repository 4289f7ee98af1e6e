"""The public questionnaire is rate-limited per client address; reading pages is not."""

import pytest

from intake import create_app
from intake.extensions import db


def _client_with_limits(app_config, **limits):
    """A test client of an app with rate limiting on (in memory) and the given limits; its database dropped after."""
    app = create_app({**app_config, "RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": "memory://", **limits})
    with app.app_context():
        db.create_all()
    yield app.test_client()
    with app.app_context():
        db.session.remove()
        db.drop_all()


@pytest.fixture
def limited_client(app_config):
    yield from _client_with_limits(app_config, PATIENT_RATE_LIMIT="5 per minute", SUBMIT_RATE_LIMIT="2 per minute")


def test_too_many_posts_from_one_address_get_429_with_a_message(limited_client):
    statuses = [limited_client.post("/about-you", data={}).status_code for _ in range(6)]
    assert statuses[:5] == [302] * 5 and statuses[5] == 429  # each an error page, shown by the GET after it
    page = limited_client.post("/about-you", data={}).get_data(as_text=True)
    assert "Please wait a minute and try again" in page


def test_another_address_is_not_limited(limited_client):
    for _ in range(6):
        limited_client.post("/about-you", data={})
    response = limited_client.post("/about-you", data={}, environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert response.status_code == 302


def test_reading_pages_is_not_limited(limited_client):
    assert all(limited_client.get("/about-you").status_code == 200 for _ in range(10))


@pytest.fixture
def password_limited_client(app_config):
    yield from _client_with_limits(app_config, PASSWORD_RATE_LIMIT="3 per minute")


def test_staff_password_forms_share_one_limit_per_address(password_limited_client):
    wrong = {"email": "someone@clinic.example", "password": "not the password at all"}
    statuses = [password_limited_client.post("/staff/login", data=wrong).status_code for _ in range(2)]
    statuses.append(password_limited_client.post("/staff/kiosk/exit", data=wrong).status_code)
    assert statuses == [200, 200, 200]
    # Spread over the login and the kiosk exit, the fourth password check of the minute is refused.
    for path in ("/staff/login", "/staff/kiosk/exit"):
        response = password_limited_client.post(path, data=wrong)
        assert response.status_code == 429
        assert "Please wait a minute and try again" in response.get_data(as_text=True)
    assert password_limited_client.get("/staff/login").status_code == 200
    other = password_limited_client.post("/staff/login", data=wrong, environ_base={"REMOTE_ADDR": "192.0.2.9"})
    assert other.status_code == 200
