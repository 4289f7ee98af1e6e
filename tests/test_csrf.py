"""CSRF protection on the questionnaire's POSTs when enabled (as in production)."""

import re

import pytest

from intake import create_app
from intake.extensions import db
from tests.questionnaire_client import form_data


@pytest.fixture
def csrf_client(app_config):
    app = create_app({**app_config, "WTF_CSRF_ENABLED": True})
    with app.app_context():
        db.create_all()
    yield app.test_client()
    with app.app_context():
        db.session.remove()
        db.drop_all()


def test_post_without_token_is_refused_and_nothing_saved(csrf_client, answers):
    response = csrf_client.post("/about-you", data=form_data("about", answers))
    assert response.status_code == 400
    assert "timed out" in response.get_data(as_text=True)
    assert "Alex Example" not in csrf_client.get("/about-you").get_data(as_text=True)


def test_post_with_the_page_token_is_accepted(csrf_client, answers):
    page = csrf_client.get("/about-you").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = csrf_client.post("/about-you", data={**form_data("about", answers), "csrf_token": token})
    assert response.status_code == 302
