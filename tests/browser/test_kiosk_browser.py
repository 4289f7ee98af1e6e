"""A waiting-room tablet in kiosk mode, in Chromium: two patients in a row, and nothing of the first reaches the second.

Patient 1 answers every page with planted details and sends; the confirmation returns to the
welcome page by itself; patient 2 starts and finds an empty form; going Back through patient 1's
pages shows none of their details. The walk-away prompt is tested on the page's clock
(Playwright's page.clock), without waiting three minutes."""

import json
from datetime import timedelta
from urllib.parse import urlsplit

import pytest

from tests.conftest import DATA

from .checks import axe_violations
from .flow import ABOUT, HEALTH, HISTORY, SYMPTOMS, continue_, fill_page, follow, send, start
from .tour import STAFF_PASSWORD, make_admin

TABLET = {"viewport": {"width": 820, "height": 1180}, "has_touch": True}
FIRST = {"full_name": "Philippa Quenby-Walkaway", "email": "pqw.first@example.org", "phone": "07700 900461",
         "notes": "Planted note from the first patient", "date_of_birth": "1971-09-23"}
PLANTED = [FIRST["full_name"], FIRST["email"], FIRST["phone"], FIRST["notes"], "1971", "Quenby"]
PERSONAL = ["#full_name", "#date_of_birth-day", "#date_of_birth-month", "#date_of_birth-year", "#phone", "#email"]


@pytest.fixture
def app_config(app_config):
    # The confirmation's return to the start, shortened so the test sees the real <meta> refresh work.
    return {**app_config, "KIOSK_CONFIRMATION_TIME": timedelta(seconds=2)}


@pytest.fixture
def first_answers():
    return {**json.loads((DATA / "answers-burning-upper-back.json").read_text()), **FIRST}


@pytest.fixture
def tablet(browser, live_server):
    """A tablet that a member of staff has just turned into a kiosk (logging in, then out, on it)."""
    context = browser.new_context(**TABLET)
    page = context.new_page()
    email = make_admin(live_server.app)
    page.goto(live_server.url + "/staff/login")
    page.fill("#email", email)
    page.fill("#password", STAFF_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(live_server.url + "/staff/kiosk")
    page.get_by_role("button", name="Turn this device into a kiosk").click()
    assert page.url == live_server.url + "/"
    yield page
    context.close()


def answer_everything(page, answers):
    start(page, answers)
    fill_page(page, answers, ABOUT)
    continue_(page)
    fill_page(page, answers, ["regions"])
    continue_(page)
    fill_page(page, answers, ["primary_region"])
    continue_(page)
    for codes in (SYMPTOMS, HISTORY, HEALTH):
        fill_page(page, answers, codes)
        continue_(page)
    assert page.url.endswith("/check-your-answers")


def shows_nothing_of(page, planted) -> list[str]:
    """The planted values found in the page's text or in any field's current value."""
    text = page.content()
    values = page.eval_on_selector_all("input, textarea", "els => els.map(e => e.value).join(' ')")
    checked = page.eval_on_selector_all("input:checked", "els => els.map(e => e.id)")
    return [value for value in planted if value in text or value in values] + \
        ([f"checked: {checked}"] if checked else [])


def test_two_patients_in_a_row_on_a_kiosk_tablet(tablet, live_server, first_answers):
    page = tablet
    # Patient 1: personal fields never offered to the browser's autofill, then the whole questionnaire.
    page.goto(live_server.url + "/about-you")
    for selector in PERSONAL:
        assert page.get_attribute(selector, "autocomplete") == "off", selector
    assert axe_violations(page) == []
    page.goto(live_server.url + "/")
    answer_everything(page, first_answers)
    assert FIRST["full_name"] in page.content()  # their own answers, to check
    page.get_by_role("link", name="Continue").click()
    send(page)
    assert page.url.endswith("/done")
    assert page.get_by_role("heading", name="Your answers have been sent").is_visible()
    # The confirmation goes back to the welcome page by itself (here after 2 s instead of 60).
    page.wait_for_url(live_server.url + "/", timeout=10_000)
    assert page.get_by_role("button", name="Start now").is_visible()
    assert page.get_by_role("link", name="Continue where you left off").count() == 0

    # Patient 2: an empty form, from the first question page on.
    page.get_by_role("button", name="Start now").click()
    assert page.url.endswith("/emergency-signs")
    assert shows_nothing_of(page, PLANTED) == []
    page.goto(live_server.url + "/about-you")
    assert shows_nothing_of(page, PLANTED) == []
    for selector in PERSONAL:
        assert page.input_value(selector) == "", selector

    # Patient 2 presses Back, again and again, through everything patient 1 did.
    visited = []
    while page.go_back() is not None:
        page.wait_for_load_state()
        visited.append(page.url.removeprefix(live_server.url))
        if "/staff/" in page.url:
            break
        assert shows_nothing_of(page, PLANTED) == [], f"Back to {visited[-1]} shows patient 1's details"
        assert "Your reference number" not in page.content(), visited[-1]
    assert len(visited) >= 8, visited  # really went back through patient 1's pages


def test_start_over_on_a_kiosk_deletes_the_answers(tablet, live_server, first_answers):
    page = tablet
    start(page, first_answers)
    fill_page(page, first_answers, ABOUT)
    continue_(page)
    follow(page.get_by_role("button", name="Start over"))
    # It asks first: "No, go back" returns to the page with nothing deleted; "Yes, start over" deletes.
    assert urlsplit(page.url).path == "/start-over"
    follow(page.get_by_role("button", name="No, go back"))
    assert urlsplit(page.url).path == "/where-it-hurts"
    follow(page.get_by_role("button", name="Start over"))
    page.get_by_role("button", name="Yes, start over").click()
    page.wait_for_url(live_server.url + "/")
    page.goto(live_server.url + "/about-you")
    assert shows_nothing_of(page, PLANTED) == []
    page.go_back()
    page.go_back()
    assert shows_nothing_of(page, PLANTED) == []


def test_after_three_idle_minutes_the_tablet_asks_then_starts_over(tablet, live_server, first_answers):
    page = tablet
    page.clock.install()
    start(page, first_answers)
    fill_page(page, first_answers, ABOUT)
    continue_(page)  # saved: patient 1 now has a draft
    assert page.url.endswith("/where-it-hurts")
    dialog = page.get_by_role("dialog", name="Are you still there?")

    page.clock.run_for("02:50")
    assert not dialog.is_visible()  # not yet
    page.clock.run_for("00:15")
    assert dialog.is_visible()
    assert axe_violations(page) == []
    dialog.get_by_role("button", name="Yes, carry on").click()
    assert not dialog.is_visible()
    assert page.url.endswith("/where-it-hurts")  # someone was there: nothing deleted

    page.clock.run_for("03:01")
    assert dialog.is_visible()
    with page.expect_navigation(url=live_server.url + "/"):
        page.clock.run_for("00:31")  # no answer: start over
    page.goto(live_server.url + "/check-your-answers")
    assert page.url == live_server.url + "/"  # no draft left to check
    page.goto(live_server.url + "/about-you")
    assert shows_nothing_of(page, PLANTED) == []
