"""Dates as each patient writes and reads them: month first in a US clinic's English, day first in Spanish and elsewhere."""

import re

import pytest
from sqlalchemy import select

from intake.extensions import db
from intake.models import Draft
from tests.questionnaire_client import answer_pages, form_data

US, ELSEWHERE = "911", "999"


def patient(app, client, language, emergency_number):
    """A patient of a clinic whose emergency number is `emergency_number`, who chose `language`."""
    app.config["EMERGENCY_NUMBER"] = emergency_number
    client.get(f"/?lang={language}")
    return client


def post_date(client, answers, boxes: dict, follow_redirects=False):
    data = {key: value for key, value in form_data("about", answers).items() if not key.startswith("date_of_birth")}
    data.update({f"date_of_birth-{part}": value for part, value in boxes.items()})
    response = client.post("/about-you", data=data, follow_redirects=follow_redirects)
    return response, response.get_data(as_text=True)


def stored_birth_date(app):
    with app.app_context():
        draft = db.session.scalars(select(Draft)).first()
        return (draft.answers if draft else {}).get("date_of_birth")


def box_order(page: str) -> list[str]:
    return re.findall(r'<input class="input[^"]*" id="date_of_birth-(day|month|year)"', page)


# (language, emergency number, boxes as posted, the date stored). A whole date typed into one box is
# read in the patient's order, with / - . or spaces between its numbers; a four-digit first number is a year.
READ = [
    ("en", US, {"month": "5", "day": "14", "year": "1988"}, "1988-05-14"),
    ("en", US, {"month": "5/14/1988"}, "1988-05-14"),
    ("en", US, {"month": "05-14-1988"}, "1988-05-14"),
    ("en", US, {"month": "5.14.1988"}, "1988-05-14"),
    ("en", US, {"month": "5 14 1988"}, "1988-05-14"),
    ("en", US, {"month": "05 / 14 / 1988"}, "1988-05-14"),
    ("en", US, {"month": "3/4/1988"}, "1988-03-04"),
    ("en", US, {"day": "1988-05-14"}, "1988-05-14"),
    ("es", US, {"day": "14", "month": "5", "year": "1988"}, "1988-05-14"),
    ("es", US, {"day": "14/5/1988"}, "1988-05-14"),
    ("es", US, {"day": "14.05.1988"}, "1988-05-14"),
    ("es", US, {"day": "14-5-1988"}, "1988-05-14"),
    ("es", US, {"day": "3 4 1988"}, "1988-04-03"),
    ("es", ELSEWHERE, {"day": "3/4/1988"}, "1988-04-03"),
    ("en", ELSEWHERE, {"day": "3/4/1988"}, "1988-04-03"),
    ("en", ELSEWHERE, {"day": "14.", "month": "5.", "year": "1988"}, "1988-05-14"),
]


@pytest.mark.parametrize("language, emergency_number, boxes, stored", READ)
def test_a_date_is_read_in_the_patients_order(app, client, answers, language, emergency_number, boxes, stored):
    patient(app, client, language, emergency_number)
    response, page = post_date(client, answers, boxes)
    assert response.status_code == 302, page
    assert stored_birth_date(app) == stored


# (language, emergency number, boxes as posted, the message, the boxes marked as wrong).
REFUSED = [
    ("en", US, {"month": "14/5/1988"}, "Date of birth must be a real date", ["month"]),  # day first in the US
    ("en", US, {"month": "14", "day": "5", "year": "1988"}, "Date of birth must be a real date", ["month"]),
    ("es", US, {"day": "5/14/1988"}, "Fecha de nacimiento: escriba una fecha que exista", ["month"]),  # month first in Spanish
    ("en", ELSEWHERE, {"day": "5/14/1988"}, "Date of birth must be a real date", ["month"]),
    ("en", US, {"month": "2/30/1988"}, "Date of birth must be a real date", ["month", "day", "year"]),
    ("es", US, {"day": "31.4.1988"}, "Fecha de nacimiento: escriba una fecha que exista", ["day", "month", "year"]),
    ("en", US, {"month": "5", "day": "32", "year": "1988"}, "Date of birth must be a real date", ["day"]),
    ("en", US, {"month": "5/14/88"}, "Year must include 4 numbers", ["year"]),
    ("en", US, {"month": "5/14"}, "Date of birth must include a day", ["day", "year"]),
    ("en", US, {"month": "May 14 1988"}, "Date of birth must include a day", ["day", "year"]),
    ("en", US, {"month": "5", "day": "14", "year": "²⁰²⁰"}, "Date of birth must be a real date, in numbers", ["year"]),
]


@pytest.mark.parametrize("language, emergency_number, boxes, message, marked", REFUSED)
def test_an_impossible_date_is_refused_with_a_message_and_kept_as_typed(app, client, answers, language,
                                                                         emergency_number, boxes, message, marked):
    patient(app, client, language, emergency_number)
    # An error comes back by a redirect to the page (post/redirect/get), the typed boxes kept.
    response, page = post_date(client, answers, boxes, follow_redirects=True)
    assert response.status_code == 200
    assert page.count(message) >= 2  # in the error summary and beside the boxes
    assert stored_birth_date(app) is None
    for part, value in boxes.items():
        assert f'name="date_of_birth-{part}" type="text" inputmode="numeric" value="{value}"' in page
    wrong = re.findall(r'class="input input--w\d input--error" id="date_of_birth-(\w+)"', page)
    assert sorted(wrong) == sorted(marked)
    # The error summary leads to the first box marked, in the order the page shows them.
    first = next(part for part in box_order(page) if part in marked)
    assert f'<a href="#date_of_birth-{first}">' in page


@pytest.mark.parametrize("language, emergency_number, order, hint", [
    ("en", US, ["month", "day", "year"], "For example, 3 27 1980"),
    ("es", US, ["day", "month", "year"], "Por ejemplo, 27 3 1980"),
    ("en", ELSEWHERE, ["day", "month", "year"], "For example, 27 3 1980"),
    ("es", ELSEWHERE, ["day", "month", "year"], "Por ejemplo, 27 3 1980"),
])
def test_the_boxes_and_the_hint_follow_the_patients_order(app, client, language, emergency_number, order, hint):
    patient(app, client, language, emergency_number)
    page = client.get("/about-you").get_data(as_text=True)
    assert box_order(page) == order
    assert f'<div class="hint" id="date_of_birth-hint">{hint}</div>' in page


def test_a_date_kept_in_the_draft_comes_back_in_the_right_boxes(app, client, answers):
    patient(app, client, "en", US)
    post_date(client, answers, {"month": "5/14/1988"})
    page = client.get("/about-you").get_data(as_text=True)
    for part, value in (("month", "5"), ("day", "14"), ("year", "1988")):
        assert f'id="date_of_birth-{part}" name="date_of_birth-{part}" type="text" inputmode="numeric" value="{value}"' in page


@pytest.mark.parametrize("language, emergency_number, shown", [
    ("en", US, "April 12, 1986"), ("es", US, "12 de abril de 1986"), ("en", ELSEWHERE, "12 April 1986"),
])
def test_the_check_page_shows_the_date_as_the_patient_reads_dates(app, client, answers, language,
                                                                   emergency_number, shown):
    assert answers["date_of_birth"] == "1986-04-12"
    patient(app, client, language, emergency_number)
    answer_pages(client, answers)
    page = client.get("/check-your-answers").get_data(as_text=True)
    assert shown in page


def test_the_phone_message_gives_no_one_countrys_format(client, answers):
    data = {**form_data("about", answers), "phone": "call me"}
    page = client.post("/about-you", data=data, follow_redirects=True).get_data(as_text=True)
    message = re.search(r'id="phone-error"><span class="visually-hidden">Error:</span> ([^<]+)</p>', page).group(1)
    assert message.startswith("Enter a phone number")
    assert not re.search(r"\d", message)  # no example number: 0151 496 0000 was a UK one


def test_a_kept_page_shell_never_shows_another_clinics_order(app, client):
    """The page shells are kept per language and settings: the order changes with the emergency number at once."""
    assert app.config["PAGE_SHELLS"]
    for emergency_number, order in ((US, ["month", "day", "year"]), (ELSEWHERE, ["day", "month", "year"]),
                                    (US, ["month", "day", "year"])):
        patient(app, client, "en", emergency_number)
        assert box_order(client.get("/about-you").get_data(as_text=True)) == order
