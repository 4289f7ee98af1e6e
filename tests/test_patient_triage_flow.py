"""Patients with red-flag answers are told first: emergency help before anything else, never an article first."""

import pytest
from sqlalchemy import select

from intake.extensions import db
from intake.models import Submission
from intake.questionnaire import EMERGENCY_SIGN_CODES
from tests.questionnaire_client import answer_pages, form_data, submit_questionnaire


@pytest.mark.parametrize("flag", EMERGENCY_SIGN_CODES)
def test_an_emergency_sign_is_told_what_to_do_before_being_asked_their_name(client, answers, flag):
    # The very first question page: nothing about the patient has been asked yet.
    response = client.post("/emergency-signs", data={"emergency_signs": [flag]})
    assert response.headers["Location"] == "/get-help-now?after=emergency"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "tell the front desk now" in page and 'href="tel:911"' in page
    assert "Full name" not in page
    # A patient who tapped the wrong answer can go back and change it, or carry on so the clinic gets the answers.
    assert '<a class="back-link" href="/emergency-signs">' in page
    assert 'href="/about-you">Continue</a>' in page


def test_no_emergency_sign_goes_straight_on_to_about_you(client):
    response = client.post("/emergency-signs", data={"emergency_signs": ["none"]})
    assert response.headers["Location"] == "/about-you"


def test_both_legs_with_weakness_on_the_health_page_is_told_at_once(client, answers):
    answer_pages(client, answers)
    response = client.post("/your-health", data={"health_signs": ["rf_weakness", "rf_both_legs"]})
    assert response.headers["Location"] == "/get-help-now?after=health"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'href="/check-your-answers">Continue</a>' in page


def test_emergency_number_is_configurable(app, client):
    app.config["EMERGENCY_NUMBER"] = "999"
    page = client.get("/get-help-now").get_data(as_text=True)
    assert "call <a class=\"link\" href=\"tel:999\">999</a> now" in page


def test_confirmation_of_an_emergency_repeats_the_instruction_and_never_says_nothing_else_is_needed(
        app, client, answers):
    submit_questionnaire(client, {**answers, "rf_stroke_signs": True})
    page = client.get("/done").get_data(as_text=True)
    assert page.index('href="tel:911"') < page.index("Your reference number")
    assert "do not need to do anything else" not in page


def test_thoracic_pain_with_chest_pain_sees_help_before_any_article(app, client, answers):
    answers = {**answers, "rf_chest_pain": True}
    submit_questionnaire(client, answers)
    page = client.get("/done").get_data(as_text=True)
    assert page.index("Stop: you may need help now") < page.index("Your reference number")
    assert "/learn/" not in page
    with app.app_context():
        assert db.session.scalars(select(Submission.triage_level)).one() == "emergency"


def test_urgent_answer_gets_a_calm_note_and_the_articles(app, client, answers):
    submit_questionnaire(client, {**answers, "rf_cancer": True})
    page = client.get("/done").get_data(as_text=True)
    assert "Your practitioner will talk with you first" in page
    assert "do not need to do anything else" not in page
    assert "Stop: you may need help now" not in page
    assert "/learn/mid-upper-back-pain" in page


def test_no_red_flags_links_the_top_match_with_its_section(app, client, answers):
    submit_questionnaire(client, answers)
    page = client.get("/done").get_data(as_text=True)
    assert "Your practitioner will talk with you first" not in page
    assert "You do not need to do anything else" in page
    assert 'href="/learn/mid-upper-back-pain' in page
    with app.app_context():
        stored = db.session.scalars(select(Submission)).one()
        assert stored.triage_level == "none"
        assert stored.matches[0].slug == "mid-upper-back-pain"
        assert stored.matches[0].reasons


def test_check_answers_lists_every_answer_with_a_change_link(client, answers):
    answer_pages(client, answers)
    page = client.get("/check-your-answers").get_data(as_text=True)
    assert "Alex Example" in page and "April 12, 1986" in page
    assert "Between the shoulder blades" in page and "Burning" in page
    assert 'href="/about-you?change=1#full_name"' in page
    assert 'href="/what-it-feels-like?change=1#pain_now"' in page
    assert "Not answered" not in page


def test_change_link_returns_to_check_answers(client, answers):
    answer_pages(client, answers)
    response = client.post("/what-it-feels-like?change=1", data={**form_data("symptoms", answers), "pain_now": "2"})
    assert response.headers["Location"] == "/check-your-answers"
    # Back there is a button of the page's form (it keeps what was typed), and it too returns to the check page.
    assert 'name="back"' in client.get("/what-it-feels-like?change=1").get_data(as_text=True)
    back = client.post("/what-it-feels-like?change=1", data={**form_data("symptoms", answers), "back": "1"})
    assert back.headers["Location"] == "/check-your-answers"


def test_changing_areas_asks_for_the_main_area_again(client, answers):
    answer_pages(client, answers)
    response = client.post("/where-it-hurts?change=1", data={"regions": ["back.low", "hip.left"]})
    assert response.headers["Location"] == "/where-it-hurts/main-area?change=1"
    page = client.get("/where-it-hurts/main-area?change=1").get_data(as_text=True)
    assert "Lower back" in page and "Left hip / buttock" in page
    assert "Between the shoulder blades" not in page
