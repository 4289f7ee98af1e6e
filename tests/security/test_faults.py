"""A database error during the final submit: a "please try again" page, answers kept, nothing half-saved."""

import logging

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.exc import OperationalError

from intake.extensions import db
from intake.models import Draft, Submission, SubmissionMatch, SubmissionRegion
from tests.questionnaire_client import answer_pages, form_data


def _count(app, model):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def fail_once(app):
    """fail_once("INSERT INTO submission_match"): the next statement starting so raises OperationalError,
    as a full disk, a lost connection or a lock timeout would, after the rows before it were sent."""
    armed = {}

    def before_execute(conn, cursor, statement, parameters, context, executemany):
        prefix = armed.get("prefix")
        if prefix and statement.lstrip().upper().startswith(prefix.upper()):
            armed.clear()
            raise OperationalError(statement, parameters, Exception("injected: disk I/O error"))

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", before_execute)
    yield lambda prefix: armed.update(prefix=prefix)
    event.remove(engine, "before_cursor_execute", before_execute)


def test_a_failed_final_write_says_try_again_keeps_the_answers_and_saves_nothing(app, client, answers,
                                                                                 fail_once, caplog):
    answer_pages(client, answers)
    # The last table written: the submission and its regions were already sent in the same transaction.
    fail_once("INSERT INTO submission_match")

    response = client.post("/confirm-and-send", data=form_data("consent", answers))

    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "Please try again" in page and "your answers are still here" in page
    assert "have been sent" not in page and "/done" not in response.headers.get("Location", "")
    assert [_count(app, m) for m in (Submission, SubmissionRegion, SubmissionMatch)] == [0, 0, 0]
    assert _count(app, Draft) == 1
    # The incident is logged without the statement's parameters (the patient's answers).
    assert any("incident" in r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR)
    assert not any(answers["full_name"] in r.getMessage() for r in caplog.records)

    # The answers are still there, and sending again works and stores exactly one submission.
    assert answers["full_name"] in client.get("/check-your-answers").get_data(as_text=True)
    again = client.post("/confirm-and-send", data=form_data("consent", answers))
    assert again.status_code == 302 and again.headers["Location"].endswith("/done")
    assert [_count(app, m) for m in (Submission, Draft)] == [1, 0]
    assert client.get("/done").status_code == 200


def test_a_failed_page_save_shows_the_page_again_with_what_was_just_typed(app, client, answers, fail_once):
    answer_pages(client, answers)
    fail_once("UPDATE draft")
    changed = {**answers, "rf_fever": True}
    response = client.post("/your-health", data=form_data("health", changed))
    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "Please try again" in page and "Your answers on it are still here" in page and "incident" in page
    # What the patient just chose is on the page again, ready to send, though the draft kept the old answer.
    assert 'id="health_signs-rf_fever" name="health_signs" type="checkbox" value="rf_fever" checked' in page
    with app.app_context():
        stored = db.session.scalars(select(Draft)).one().answers
    assert stored["full_name"] == answers["full_name"] and stored["rf_fever"] is False
    # Sending the page again works.
    assert client.post("/your-health", data=form_data("health", changed)).status_code == 302
    with app.app_context():
        assert db.session.scalars(select(Draft)).one().answers["rf_fever"] is True


def test_a_failed_first_save_keeps_the_typed_name_and_date(client, answers, fail_once):
    fail_once("INSERT INTO draft")
    response = client.post("/about-you", data=form_data("about", answers))
    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert f'value="{answers["full_name"]}"' in page and 'value="1986"' in page
