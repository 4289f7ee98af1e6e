"""Patients with red-flag answers are told first: emergency help before anything else, never an article first."""

import pytest
from sqlalchemy import select

from intake.extensions import db
from intake.models import Submission
from tests.questionnaire_client import answer_pages, form_data, submit_questionnaire


@pytest.mark.parametrize("flag", ["rf_chest_pain", "rf_breathless", "rf_sudden_headache", "rf_bladder_bowel"])
def test_emergency_answer_shows_help_as_soon_as_safety_page_is_sent(client, answers, flag):
    answers = {**answers, flag: True}
    for page in ("about", "regions", "primary", "symptoms", "history"):
        client.post({"about": "/about-you", "regions": "/where-it-hurts", "primary": "/where-it-hurts/main-area",
                     "symptoms": "/what-it-feels-like", "history": "/daily-life-and-history"}[page],
                    data=form_data(page, answers))
    response = client.post("/safety-questions", data=form_data("safety", answers))
    assert response.headers["Location"] == "/get-help-now"
    page = client.get("/get-help-now").get_data(as_text=True)
    assert "tell the front desk now" in page and "call 911 now" in page
    # A patient who tapped the wrong answer can go back and change it.
    assert '<a class="back-link" href="/safety-questions">' in page


def test_emergency_number_is_configurable(app, client):
    app.config["EMERGENCY_NUMBER"] = "999"
    assert "call 999 now" in client.get("/get-help-now").get_data(as_text=True)


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
    assert "Stop: you may need help now" not in page
    assert "/learn/mid-upper-back-pain" in page


def test_no_red_flags_links_the_top_match_with_its_section(app, client, answers):
    submit_questionnaire(client, answers)
    page = client.get("/done").get_data(as_text=True)
    assert "Your practitioner will talk with you first" not in page
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
    assert 'href="/check-your-answers"' in client.get("/what-it-feels-like?change=1").get_data(as_text=True)


def test_changing_areas_asks_for_the_main_area_again(client, answers):
    answer_pages(client, answers)
    response = client.post("/where-it-hurts?change=1", data={"regions": ["back.low", "hip.left"]})
    assert response.headers["Location"] == "/where-it-hurts/main-area?change=1"
    page = client.get("/where-it-hurts/main-area?change=1").get_data(as_text=True)
    assert "Lower back" in page and "Left hip / buttock" in page
    assert "Between the shoulder blades" not in page
