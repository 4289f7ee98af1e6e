"""Answers in progress: kept server-side across pages, reloads and errors; expired and purged after their lifetime."""

from datetime import timedelta

from sqlalchemy import func, select

from intake.web import drafts
from intake.extensions import db
from intake.models import Draft, utcnow
from tests.questionnaire_client import form_data


def test_answers_survive_going_back_and_reloading(client, answers):
    client.post("/about-you", data=form_data("about", answers))
    client.post("/what-it-feels-like", data=form_data("symptoms", answers))
    page = client.get("/about-you").get_data(as_text=True)
    assert 'value="Alex Example"' in page and 'value="1986"' in page
    again = client.get("/what-it-feels-like").get_data(as_text=True)
    assert 'value="burning" checked' in again and 'value="comes_and_goes" checked' in again


def test_an_error_on_one_page_keeps_earlier_pages(client, answers):
    client.post("/about-you", data=form_data("about", answers))
    client.post("/what-it-feels-like", data={"pain_now": "99"})
    assert 'value="Alex Example"' in client.get("/about-you").get_data(as_text=True)


def test_only_a_hash_of_the_token_is_stored(app, client, answers):
    client.post("/about-you", data=form_data("about", answers))
    with client.session_transaction() as session:
        token = session[drafts.SESSION_KEY]
    with app.app_context():
        draft = db.session.scalars(select(Draft)).one()
        assert draft.token_hash == drafts.hash_token(token) and draft.token_hash != token


def test_another_browser_cannot_see_the_draft(app, client, answers):
    client.post("/about-you", data=form_data("about", answers))
    stranger = app.test_client()
    assert "Alex Example" not in stranger.get("/about-you").get_data(as_text=True)


def test_expired_draft_is_not_shown_and_is_purged(app, client, answers):
    client.post("/about-you", data=form_data("about", answers))
    with app.app_context():
        db.session.scalars(select(Draft)).one().expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    assert "Alex Example" not in client.get("/about-you").get_data(as_text=True)
    result = app.test_cli_runner().invoke(args=["drafts", "purge"])
    assert "Deleted 1 expired draft" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Draft)) == 0


def test_draft_lifetime_is_configurable(app, client, answers):
    app.config["DRAFT_LIFETIME"] = timedelta(hours=2)
    client.post("/about-you", data=form_data("about", answers))
    with app.app_context():
        draft = db.session.scalars(select(Draft)).one()
        assert timedelta(hours=1, minutes=59) < draft.expires_at - draft.updated_at <= timedelta(hours=2)


def test_a_new_draft_sweeps_expired_ones(app, client, answers):
    with app.app_context():
        db.session.add(Draft(token_hash="0" * 64, answers={"full_name": "Old"}, expires_at=utcnow() - timedelta(hours=1)))
        db.session.commit()
    client.post("/about-you", data=form_data("about", answers))
    with app.app_context():
        assert db.session.scalars(select(Draft.token_hash)).all() != ["0" * 64]
        assert db.session.scalar(select(func.count()).select_from(Draft)) == 1


def test_start_again_deletes_the_draft(app, client, answers):
    client.post("/about-you", data=form_data("about", answers))
    assert "Continue where you left off" in client.get("/").get_data(as_text=True)
    response = client.post("/start-again")
    assert response.headers["Location"] == "/emergency-signs"
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Draft)) == 0
