"""A copy of the patient's cookie cannot read their confirmation (urgency, matched reading) after they sent it."""

from datetime import timedelta

from sqlalchemy import select

from intake.extensions import db
from intake.models import Submission
from tests.questionnaire_client import answer_pages, form_data


def _age_submissions(app, **delta):
    with app.app_context():
        for submission in db.session.scalars(select(Submission)):
            submission.created_at -= timedelta(**delta)  # in Python: SQLite has no datetime arithmetic
        db.session.commit()


def _copy_cookie(client, app):
    with client.session_transaction() as session:
        saved = dict(session)
    copy = app.test_client()
    with copy.session_transaction() as session:
        session.update(saved)
    return copy


def test_a_cookie_copied_while_answering_cannot_read_the_confirmation_after_submission(app, client, answers):
    answer_pages(client, answers)
    copy = _copy_cookie(client, app)
    sent = client.post("/confirm-and-send", data=form_data("consent", answers))
    assert sent.headers["Location"] == "/done"
    reference = client.get("/done").get_data(as_text=True)
    _age_submissions(app, minutes=2)
    # The copy sends the same draft again: once the draft's token is retired it gets the start page.
    again = copy.post("/confirm-and-send", data=form_data("consent", answers))
    assert again.status_code == 302 and again.headers["Location"] == "/"
    done = copy.get("/done")
    assert done.status_code == 302 and done.headers["Location"] == "/"
    assert "Your reference number" in reference


def test_the_same_draft_sent_again_at_once_still_gets_its_confirmation(app, client, answers):
    answer_pages(client, answers)
    copy = _copy_cookie(client, app)
    client.post("/confirm-and-send", data=form_data("consent", answers))
    again = copy.post("/confirm-and-send", data=form_data("consent", answers))
    assert again.headers["Location"] == "/done"
    assert "Your reference number" in copy.get("/done").get_data(as_text=True)


def test_the_confirmation_closes_after_its_lifetime(app, client, answers):
    answer_pages(client, answers)
    client.post("/confirm-and-send", data=form_data("consent", answers))
    copy = _copy_cookie(client, app)
    assert client.get("/done").status_code == 200
    _age_submissions(app, minutes=31)
    assert copy.get("/done").headers["Location"] == "/"
    assert client.get("/done").headers["Location"] == "/"
