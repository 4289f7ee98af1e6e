"""Every page's server-side validation: clear messages, nothing typed lost, tampered values never stored."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from intake.extensions import db
from intake.models import Draft
from tests.questionnaire_client import form_data


def draft_answers(app):
    with app.app_context():
        draft = db.session.scalars(select(Draft)).first()
        return draft.answers if draft else {}


def post(client, path, data):
    """POST a page; one with an error redirects to itself, and the GET shows what was typed with the messages."""
    response = client.post(path, data=data)
    if response.status_code == 302 and response.headers["Location"] == path:
        response = client.get(path)
    return response, response.get_data(as_text=True)


def about(answers, **changes):
    data = form_data("about", answers)
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


TOMORROW = date.today() + timedelta(days=1)

ABOUT_CASES = [
    ({"full_name": ""}, "Enter your full name"),
    ({"full_name": "   "}, "Enter your full name"),
    ({"full_name": "x" * 121}, "Full name must be 120 characters or fewer"),
    ({"full_name": "Alex\x00Example"}, "Full name must not contain special characters"),
    ({"date_of_birth-day": "", "date_of_birth-month": "", "date_of_birth-year": ""}, "Enter your date of birth"),
    ({"date_of_birth-month": ""}, "Date of birth must include a month"),
    ({"date_of_birth-day": "31", "date_of_birth-month": "2"}, "Date of birth must be a real date"),
    ({"date_of_birth-day": "aa"}, "Date of birth must be a real date, in numbers"),
    ({"date_of_birth-year": "86"}, "Year must include 4 numbers"),
    ({"date_of_birth-day": "9999999999"}, "Date of birth must be a real date"),
    ({"date_of_birth-month": "99999999999999"}, "Date of birth must be a real date"),
    ({"date_of_birth-year": "1899"}, "Date of birth must be after 1 January 1900"),
    ({"date_of_birth-day": str(TOMORROW.day), "date_of_birth-month": str(TOMORROW.month),
      "date_of_birth-year": str(TOMORROW.year)}, "Date of birth must be today or in the past"),
    ({"email": "not-an-email"}, "Enter an email address in the correct format"),
    ({"phone": "call me maybe"}, "Enter a phone number"),
    ({"visit_type": None}, "Select whether this is your first visit"),
    ({"visit_type": "vip"}, "Select one of the options shown"),
]


@pytest.mark.parametrize("changes, message", ABOUT_CASES)
def test_about_you_refuses_bad_input_with_a_message(app, client, answers, changes, message):
    data = about(answers, **changes)
    if changes.get("visit_type", "") is None:
        data.pop("visit_type", None)
    response, page = post(client, "/about-you", data)
    assert response.status_code == 200
    assert page.count(message) >= 2  # in the error summary and beside the field
    assert "<title>Error:" in page
    assert draft_answers(app) == {}


def test_error_page_keeps_everything_typed(client, answers):
    data = about(answers, email="not-an-email", phone="0151 496 0000")
    _, page = post(client, "/about-you", data)
    assert 'value="Alex Example"' in page
    assert 'value="not-an-email"' in page
    assert 'value="0151 496 0000"' in page
    assert 'value="12"' in page and 'value="1986"' in page
    assert 'value="new" checked' in page


def test_error_summary_links_to_the_field(client, answers):
    _, page = post(client, "/about-you", about(answers, full_name=""))
    assert '<a href="#full_name">Enter your full name</a>' in page
    assert 'aria-describedby="full_name-error"' in page


REGION_CASES = [
    ({}, "Select at least one area where you feel pain"),
    ({"regions": ["back.upper", "spleen"]}, "Select only the options shown"),
    ({"regions": ["back.upper'; DROP TABLE submission;--"]}, "Select only the options shown"),
]


@pytest.mark.parametrize("data, message", REGION_CASES)
def test_regions_refuse_unknown_codes(app, client, data, message):
    response, page = post(client, "/where-it-hurts", data)
    assert response.status_code == 200 and message in page
    assert "regions" not in draft_answers(app)


def test_main_area_must_be_one_of_the_chosen(app, client, answers):
    client.post("/where-it-hurts", data={"regions": ["back.upper", "neck.lower"]})
    response, page = post(client, "/where-it-hurts/main-area", {"primary_region": "foot.left"})
    assert response.status_code == 200 and "Select one of the options shown" in page
    assert "primary_region" not in draft_answers(app)


SYMPTOM_CASES = [
    ({"pain_now": "11"}, "Select one of the options shown"),
    ({"pain_now": "-1"}, "Select one of the options shown"),
    ({"pain_worst": "7.5"}, "Select one of the options shown"),
    ({"pain_now": None}, "Select a number from 0 to 10 for your pain right now"),
    ({"qualities": None}, "Select what the pain feels like"),
    ({"qualities": ["burning", "itchy"]}, "Select only the options shown"),
    ({"duration": "forever"}, "Select one of the options shown"),
    ({"frequency": None}, "Select how often you feel it"),
    ({"onset": None}, "Select how it started"),
]


@pytest.mark.parametrize("changes, message", SYMPTOM_CASES)
def test_symptoms_refuse_out_of_range_and_unknown(app, client, answers, changes, message):
    data = {**form_data("symptoms", answers), **changes}
    data = {k: v for k, v in data.items() if v is not None}
    response, page = post(client, "/what-it-feels-like", data)
    assert response.status_code == 200 and message in page
    assert draft_answers(app) == {}


def test_scores_are_stored_as_integers(app, client, answers):
    client.post("/what-it-feels-like", data=form_data("symptoms", answers))
    stored = draft_answers(app)
    assert stored["pain_now"] == 5 and stored["pain_worst"] == 7 and stored["pain_interference"] == 4


HISTORY_CASES = [
    ({"aggravators": None}, "Select what makes it worse, or select “None of these”"),
    ({"aggravators": ["none", "sitting"]}, "Select “None of these” on its own, or untick it"),
    ({"past": ["none", "scoliosis"]}, "Select “None of these” on its own, or untick it"),
    ({"related": ["telepathy"]}, "Select only the options shown"),
    ({"notes": "x" * 2001}, "must be 2000 characters or fewer"),
]


@pytest.mark.parametrize("changes, message", HISTORY_CASES)
def test_history_refuses_bad_input(app, client, answers, changes, message):
    data = {**form_data("history", answers), **changes}
    data = {k: v for k, v in data.items() if v is not None}
    response, page = post(client, "/daily-life-and-history", data)
    assert response.status_code == 200 and message in page


def test_notes_keep_line_breaks(app, client, answers):
    client.post("/daily-life-and-history", data={**form_data("history", answers), "notes": "Line one\r\nLine two"})
    assert draft_answers(app)["notes"] == "Line one\r\nLine two"


def test_symptoms_error_keeps_the_scores_chosen(client, answers):
    data = {**form_data("symptoms", answers), "qualities": []}
    _, page = post(client, "/what-it-feels-like", data)
    assert 'id="pain_now-5" name="pain_now" type="radio" value="5" checked' in page


def test_fields_not_on_the_form_are_ignored(app, client, answers):
    client.post("/about-you", data={**form_data("about", answers), "status": "reviewed", "triage_level": "none"})
    stored = draft_answers(app)
    assert "status" not in stored and "triage_level" not in stored


@pytest.mark.parametrize("missing", ["consent_accurate", "consent_not_emergency"])
def test_both_consents_are_required(app, client, answers, missing):
    from tests.questionnaire_client import answer_pages

    answer_pages(client, answers)
    data = form_data("consent", answers)
    data.pop(missing)
    response, page = post(client, "/confirm-and-send", data)
    assert response.status_code == 200 and "There is a problem" in page


def test_oversized_request_is_refused_with_413(client):
    response = client.post("/about-you", data={"full_name": "x" * (128 * 1024)})
    assert response.status_code == 413
    assert "too long" in response.get_data(as_text=True)


def test_honeypot_filled_in_is_refused_and_not_saved(app, client, answers):
    response = client.post("/about-you", data={**form_data("about", answers), "website": "http://spam.example"})
    assert response.status_code == 400
    assert draft_answers(app) == {}
