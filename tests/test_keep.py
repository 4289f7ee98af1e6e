"""Nothing typed is lost: Back and the language switch keep a page's input, errors come by a GET, Send twice, Start over asks."""

import re

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from intake.extensions import db
from intake.models import Draft, Submission
from tests.questionnaire_client import answer_pages, form_data, submit_questionnaire
from tests.test_kiosk import tablet, staff  # noqa: F401 - the kiosk fixtures

pytestmark = pytest.mark.usefixtures("app")


def draft(app) -> Draft | None:
    with app.app_context():
        return db.session.scalars(select(Draft)).first()


def page(client, path) -> str:
    return client.get(path).get_data(as_text=True)


def test_back_saves_a_complete_page_and_goes_to_the_previous_one(app, client, answers):
    client.post("/emergency-signs", data=form_data("emergency", answers))
    response = client.post("/about-you", data={**form_data("about", answers), "back": "1"})
    assert response.status_code == 302 and response.headers["Location"] == "/emergency-signs"
    assert draft(app).answers["full_name"] == answers["full_name"] and not draft(app).pending


def test_back_keeps_partial_and_invalid_input_without_an_error(app, client, answers):
    client.post("/emergency-signs", data=form_data("emergency", answers))
    typed = {"full_name": "Ana <Ruiz>", "date_of_birth-day": "31", "date_of_birth-month": "2", "phone": "call me"}
    response = client.post("/about-you", data={**typed, "back": "1"})
    assert response.headers["Location"] == "/emergency-signs"
    assert "full_name" not in draft(app).answers  # not valid yet: kept, not saved as an answer
    html = page(client, "/about-you")
    assert 'value="Ana &lt;Ruiz&gt;"' in html and 'value="31"' in html and 'value="call me"' in html
    assert "There is a problem" not in html  # the patient did not press Continue
    # Continue then shows the errors, and a complete page saves and forgets what was kept.
    assert client.post("/about-you", data=typed).headers["Location"] == "/about-you"
    assert "There is a problem" in page(client, "/about-you")
    client.post("/about-you", data=form_data("about", answers))
    assert draft(app).answers["full_name"] == answers["full_name"] and not draft(app).pending
    assert f'value="{answers["full_name"]}"' in page(client, "/about-you")


def test_back_keeps_what_was_typed_on_the_first_page_before_any_draft(app, client):
    response = client.post("/emergency-signs", data={"emergency_signs": ["rf_chest_pain", "rf_none"], "back": "1"})
    assert response.headers["Location"] == "/"
    assert re.search(r'value="rf_chest_pain"[^>]*checked', page(client, "/emergency-signs"))


def test_leaving_a_blank_page_keeps_nothing(app, client, answers):
    client.post("/emergency-signs", data=form_data("emergency", answers))
    client.post("/about-you", data={"full_name": " ", "back": "1"})
    assert not draft(app).pending


def test_the_language_switch_keeps_typed_input_and_shows_the_same_page_in_the_other_language(app, client, answers):
    client.post("/emergency-signs", data=form_data("emergency", answers))
    response = client.post("/about-you?change=1", data={"full_name": "Ana Ruiz", "phone": "12", "lang": "es"})
    assert response.status_code == 302 and response.headers["Location"] == "/about-you?change=1"
    html = page(client, "/about-you?change=1")
    assert '<html lang="es">' in html and 'value="Ana Ruiz"' in html and 'value="12"' in html
    assert "Hay un problema" not in html and "There is a problem" not in html
    client.post("/about-you", data={"full_name": "Ana Ruiz", "lang": "xx"})  # an unknown language: ignored
    assert '<html lang="es">' in page(client, "/about-you")


def test_a_page_with_an_error_redirects_and_its_get_shows_the_messages_with_the_typed_values(client, answers):
    client.post("/emergency-signs", data=form_data("emergency", answers))
    response = client.post("/about-you", data={**form_data("about", answers), "email": "not-an-email"})
    assert response.status_code == 302 and response.headers["Location"] == "/about-you"
    html = page(client, "/about-you")
    assert "There is a problem" in html and "Enter an email address in the correct format" in html
    assert 'value="not-an-email"' in html and f'value="{answers["full_name"]}"' in html
    assert "There is a problem" in page(client, "/about-you")  # a reload shows the same, with no POST again


def test_unsaved_input_is_listed_on_the_check_page_and_holds_back_sending(app, client, answers):
    answer_pages(client, answers)
    client.post("/about-you?change=1", data={**form_data("about", answers), "phone": "call me", "back": "1"})
    html = page(client, "/check-your-answers")
    assert "Some answers you typed are not saved yet" in html and 'href="/about-you?change=1"' in html
    assert client.get("/confirm-and-send").headers["Location"] == "/about-you"
    assert client.post("/confirm-and-send", data=form_data("consent", answers)).headers["Location"] == "/about-you"


def test_confirm_and_send_without_the_ticks_redirects_and_shows_the_errors(client, answers):
    answer_pages(client, answers)
    response = client.post("/confirm-and-send", data={"consent_accurate": "yes"})
    assert response.status_code == 302 and response.headers["Location"] == "/confirm-and-send"
    html = page(client, "/confirm-and-send")
    assert "There is a problem" in html and re.search(r'id="consent_accurate"[^>]*checked', html)


@pytest.mark.parametrize("leave, goes_to, words", [
    ({"back": "1"}, "/check-your-answers", "Confirm and send your answers"),
    ({"lang": "es"}, "/confirm-and-send", "Confirme y envíe sus respuestas"),
])
def test_leaving_confirm_and_send_keeps_its_ticks_and_sends_nothing(app, client, answers, leave, goes_to, words):
    answer_pages(client, answers)
    response = client.post("/confirm-and-send", data={"consent_accurate": "yes", **leave})
    assert response.status_code == 302 and response.headers["Location"] == goes_to
    html = page(client, "/confirm-and-send")
    assert words in html and "There is a problem" not in html  # kept as ticked, not checked for errors
    assert re.search(r'id="consent_accurate"[^>]*checked', html)
    assert not re.search(r'id="consent_not_emergency"[^>]*checked', html)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Submission)) == 0


def test_send_with_only_unsaved_input_in_the_draft_goes_to_the_start_and_stores_nothing(app, client):
    """A draft can now hold typed input and no answer yet: Send (a stale tab, a tampered post) stores nothing."""
    client.post("/emergency-signs", data={"emergency_signs": ["rf_chest_pain", "rf_none"], "back": "1"})
    response = client.post("/confirm-and-send", data=MultiDict([("regions", "neck.upper"), ("regions", "no.such.area")]))
    assert response.status_code == 302 and response.headers["Location"] == "/"
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Submission)) == 0


def test_a_second_tap_on_send_after_the_first_was_stored_lands_on_the_confirmation(app, client, answers):
    first = submit_questionnaire(client, answers)
    assert first.headers["Location"] == "/done"
    second = client.post("/confirm-and-send", data=form_data("consent", answers))
    assert second.status_code == 302 and second.headers["Location"] == "/done"
    with app.app_context():
        reference = db.session.scalars(select(Submission.reference)).one()
    assert reference in page(client, "/done")


def test_start_over_asks_first_and_deletes_nothing_until_confirmed(app, tablet, answers):  # noqa: F811
    answer_pages(tablet, answers)
    html = page(tablet, "/check-your-answers")
    link = re.search(r'href="(/start-over\?back=[^"]*)"', html).group(1)
    question = tablet.get(link.replace("&amp;", "&"))
    assert question.status_code == 200 and draft(app) is not None
    text = question.get_data(as_text=True)
    assert "Yes, start over" in text and 'href="/check-your-answers"' in text and "No, go back" in text
    assert tablet.post("/start-over").headers["Location"] == "/"
    assert draft(app) is None


def test_start_over_on_a_question_page_keeps_typed_input_for_no_go_back(app, tablet, answers):  # noqa: F811
    answer_pages(tablet, answers)
    response = tablet.post("/about-you?change=1", data={"full_name": "Typed Again", "start_over": "1"})
    assert response.headers["Location"] == "/start-over?back=/about-you?change%3D1"
    assert 'href="/about-you?change=1"' in page(tablet, response.headers["Location"])
    assert 'value="Typed Again"' in page(tablet, "/about-you?change=1")


@pytest.mark.parametrize("back", ["//evil.example/", "https://evil.example/", "/staff/", "/about-you?next=x"])
def test_no_go_back_never_leaves_the_questionnaire(client, back):
    html = client.get("/start-over", query_string={"back": back}).get_data(as_text=True)
    assert re.search(r'<a class="button button--secondary" href="/"', html)


def test_pain_scores_out_of_order_are_questioned_on_the_check_page_but_can_be_sent(client, answers):
    answer_pages(client, {**answers, "pain_now": 7, "pain_worst": 3})
    html = page(client, "/check-your-answers")
    assert "Please check your pain scores" in html and 'href="/confirm-and-send"' in html
    assert client.post("/confirm-and-send", data=form_data("consent", answers)).headers["Location"] == "/done"


def test_pain_scores_in_order_are_not_questioned(client, answers):
    answer_pages(client, {**answers, "pain_now": 3, "pain_worst": 7})
    assert "Please check your pain scores" not in page(client, "/check-your-answers")
