"""The public questionnaire is rate-limited per client address; reading pages is not."""

import pytest

from intake import create_app
from intake.extensions import db


@pytest.fixture
def limited_client(app_config):
    app = create_app({**app_config, "RATELIMIT_ENABLED": True, "PATIENT_RATE_LIMIT": "5 per minute",
                      "SUBMIT_RATE_LIMIT": "2 per minute", "RATELIMIT_STORAGE_URI": "memory://"})
    with app.app_context():
        db.create_all()
    yield app.test_client()
    with app.app_context():
        db.session.remove()
        db.drop_all()


def test_too_many_posts_from_one_address_get_429_with_a_message(limited_client):
    statuses = [limited_client.post("/about-you", data={}).status_code for _ in range(6)]
    assert statuses[:5] == [200] * 5 and statuses[5] == 429
    page = limited_client.post("/about-you", data={}).get_data(as_text=True)
    assert "Please wait a minute and try again" in page


def test_another_address_is_not_limited(limited_client):
    for _ in range(6):
        limited_client.post("/about-you", data={})
    response = limited_client.post("/about-you", data={}, environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert response.status_code == 200


def test_reading_pages_is_not_limited(limited_client):
    assert all(limited_client.get("/about-you").status_code == 200 for _ in range(10))
