"""Page shells: a cached questionnaire page filled in for a patient is the page rendered in full, and one
patient's answers never reach another patient's page."""

import re

import pytest

from intake.web.patient.views import PAGE_PATHS
from tests.questionnaire_client import answer_pages, form_data
from tests.test_kiosk import staff, tablet  # noqa: F401  (fixtures: a client turned into a kiosk)

PAGES = [*PAGE_PATHS.values(), "/", "/check-your-answers", "/confirm-and-send"]
TOKEN = re.compile(r'name="csrf_token" value="[^"]*"')


def page(client, app, path: str, shells: bool) -> str:
    app.config["PAGE_SHELLS"] = shells
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    # The CSRF token is signed with the time: the same token in both renders, whatever the second.
    return TOKEN.sub('name="csrf_token" value="…"', response.get_data(as_text=True))


def assert_same_in_full_and_from_shells(client, app, paths):
    for path in paths:
        full = page(client, app, path, shells=False)
        assert page(client, app, path, shells=True) == full, path
        assert page(client, app, path, shells=True) == full, path + " (shell from the cache)"


def test_every_page_is_the_same_from_its_shell_before_any_answer(app, client):
    assert_same_in_full_and_from_shells(client, app, ["/", "/about-you", "/where-it-hurts"])


def test_every_page_is_the_same_from_its_shell_with_answers(app, client, answers):
    answers = {**answers, "regions": ["back.upper", "neck.lower", "head.back"], "primary_region": "neck.lower",
               "notes": "Worse after <driving> & lifting\nsince May", "phone": "0151 496 0000"}
    answer_pages(client, answers)
    paths = PAGES + [f"{path}?change=1" for path in PAGE_PATHS.values()]
    assert_same_in_full_and_from_shells(client, app, paths)
    about = page(client, app, "/about-you", shells=True)
    assert 'value="0151 496 0000"' in about
    assert "Worse after &lt;driving&gt; &amp; lifting\nsince May</textarea>" in page(
        client, app, "/daily-life-and-history", shells=True)
    regions = page(client, app, "/where-it-hurts", shells=True)
    assert re.search(r'value="head\.back" checked', regions) and 'class="bodymap__region is-selected"' in regions
    assert not re.search(r'value="back\.lower" checked', regions)


def test_pages_in_spanish_are_the_same_from_their_shells(app, client, answers):
    client.get("/?lang=es")
    answer_pages(client, answers)
    assert_same_in_full_and_from_shells(client, app, PAGES)
    assert "Continuar" in page(client, app, "/about-you", shells=True)


def test_kiosk_pages_are_the_same_from_their_shells(app, tablet, answers):  # noqa: F811
    answer_pages(tablet, answers)
    assert_same_in_full_and_from_shells(tablet, app, ["/", "/about-you", "/your-health"])
    assert 'autocomplete="off"' in page(tablet, app, "/about-you", shells=True)


def test_a_page_with_errors_shows_what_was_typed(app, client):
    response = client.post("/about-you", data={"full_name": "Ana <b>Ruiz</b>", "date_of_birth-day": "31"})
    assert response.status_code == 302 and response.headers["Location"] == "/about-you"
    response = client.get("/about-you")  # the errors are shown by the GET that follows the POST
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "There is a problem" in html
    assert 'value="Ana &lt;b&gt;Ruiz&lt;/b&gt;"' in html and 'value="31"' in html


def test_one_patients_answers_never_reach_another_patients_page(app, answers):
    first, second = app.test_client(), app.test_client()
    answer_pages(first, {**answers, "full_name": "Ottoline Quarrendon", "regions": ["back.upper", "hip.left"],
                         "primary_region": "hip.left"})
    assert "Ottoline Quarrendon" in first.get("/about-you").get_data(as_text=True)
    answer_pages(second, {**answers, "full_name": "Bram Ellery", "regions": ["back.upper", "hip.left"],
                          "primary_region": "back.upper"})
    for path in PAGES:
        html = second.get(path).get_data(as_text=True)
        assert "Ottoline" not in html, path
    main_area = second.get("/where-it-hurts/main-area").get_data(as_text=True)
    assert re.search(r'value="back\.upper" checked', main_area) and not re.search(r'value="hip\.left" checked',
                                                                                   main_area)


@pytest.mark.parametrize("typed", ["\ue000csrf_token\ue001", "\ue000regions\ue002back.upper\ue002 checked\ue001"])
def test_slot_characters_typed_by_a_patient_are_shown_as_typed(app, client, answers, typed):
    # Typed values are put into a shell that has already been split: they are never read as slots.
    response = client.post("/about-you", data={**form_data("about", answers), "full_name": f"Ana {typed}"})
    assert response.status_code == 302
    html = client.get("/about-you").get_data(as_text=True)
    assert f'value="Ana {typed}"' in html
