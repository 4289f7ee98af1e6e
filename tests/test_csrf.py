"""CSRF protection on the questionnaire's and the staff workspace's POSTs when enabled (as in production)."""

import re

import pytest
from sqlalchemy import func, select

from intake import create_app
from intake.accounts.users import User
from intake.extensions import db
from intake.models import Submission
from tests.conftest import STAFF_PASSWORD
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


@pytest.fixture
def staff_csrf_client(app, app_config, make_user):
    """An administrator logged in (with the login page's token) on an app that checks tokens, as production does."""
    csrf_app = create_app({**app_config, "WTF_CSRF_ENABLED": True})
    admin = make_user(role="admin")
    client = csrf_app.test_client()
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/staff/login").get_data(as_text=True))[1]
    response = client.post("/staff/login", data={"email": admin.email, "password": STAFF_PASSWORD,
                                                 "csrf_token": token})
    assert response.status_code == 302
    yield client
    with csrf_app.app_context():
        db.engine.dispose()


def test_staff_actions_refuse_a_post_without_the_token_and_change_nothing(app, staff_csrf_client, make_submission,
                                                                          make_user):
    submission, colleague = make_submission(), make_user(role="front_desk")
    posts = [f"/staff/submissions/{submission.id}/reviewed", f"/staff/submissions/{submission.id}/notes",
             f"/staff/users/{colleague.public_id}/disable", f"/staff/users/{colleague.public_id}/role",
             f"/staff/users/{colleague.public_id}/password", "/staff/users/new", "/staff/"]
    for path in posts:
        response = staff_csrf_client.post(path, data={"text": "A note", "role": "admin", "q": "Alex",
                                                      "password": STAFF_PASSWORD, "confirm": STAFF_PASSWORD,
                                                      "email": "new@clinic.example"})
        assert response.status_code == 400, path
        assert "timed out" in response.get_data(as_text=True), path
    with app.app_context():
        stored = db.session.get(Submission, submission.id)
        assert stored.status == "new" and not stored.notes
        user = db.session.scalar(select(User).where(User.id == colleague.id))
        assert user.active and user.role == "front_desk"
        assert db.session.scalar(select(func.count()).select_from(User)) == 2


def test_a_staff_action_with_the_page_token_goes_through(app, staff_csrf_client, make_submission):
    submission = make_submission()
    page = staff_csrf_client.get(f"/staff/submissions/{submission.id}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)[1]
    response = staff_csrf_client.post(f"/staff/submissions/{submission.id}/reviewed", data={"csrf_token": token})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Submission, submission.id).status == "reviewed"
