"""The whole questionnaire by keyboard alone, with a visible focus indicator at every stop.

The walker presses Tab through every focusable thing on each page, in order, as a keyboard user
would, and answers a question when focus reaches it: it types into text fields, presses Space on a
checkbox (where it hurts too: the body map never takes focus), moves through a radio group with the
arrow keys (the standard keys for radio groups) and presses Enter on the page's main button or link.
No mouse, no element clicks."""

import pytest
from sqlalchemy import select

from intake.extensions import db
from intake.models import Submission
from tests.questionnaire_client import canonical

from .flow import SIGN_LISTS
from .focus import FocusMeter

MAX_STOPS = 150  # on one page; more would mean focus is stuck or looping
FORWARD = {"/": "Start now", "/check-your-answers": "Continue"}


@pytest.fixture
def keyboard_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, device_scale_factor=1)
    page = context.new_page()
    yield page
    context.close()


def focused(page) -> dict:
    return page.evaluate("""() => { const e = document.activeElement;
      return {tag: e.tagName.toLowerCase(), type: e.type || '', name: e.name || '', value: e.value || '',
              id: e.id, checked: !!e.checked, region: e.getAttribute('data-region'),
              text: (e.textContent || '').trim(), submit: e.matches('form.form button[type=submit]')}; }""")


def text_value(answers, element):
    if element["id"].startswith("date_of_birth-"):
        year, month, day = answers["date_of_birth"].split("-")
        return {"day": day, "month": month, "year": year}[element["id"].split("-")[1]]
    return answers.get(element["name"])


class Walker:
    def __init__(self, page, answers):
        self.page, self.answers = page, answers
        self.meter = FocusMeter(page)
        self.stops = 0
        self.invisible = []

    def check_focus(self, path):
        self.stops += 1
        strong, needed = self.meter.indicator()
        if strong < needed:
            self.invisible.append(f"{path}: {self.meter.describe()} changed {strong} px, needs {needed}")

    def answer(self, element):
        """Act on the focused element; True when that sent the page on."""
        keyboard, wanted = self.page.keyboard, self.answers.get(element["name"])
        # The body map is a picture of the checkbox list for sighted patients: the list is the keyboard's way.
        assert not element["region"], f"{self.path}: focus reached the body map's {element['region']}"
        if element["tag"] == "textarea" or element["type"] in ("text", "tel", "email"):
            value = text_value(self.answers, element)
            if value and element["name"] != "website":
                keyboard.type(str(value))
        elif element["type"] == "checkbox":
            if element["name"].startswith("consent_"):
                wanted = self.answers[element["name"]]
            elif element["name"] in SIGN_LISTS:
                signs = [sign for sign in SIGN_LISTS[element["name"]] if self.answers.get(sign) is True]
                wanted = element["value"] in (signs or ["none"])
            else:
                wanted = element["value"] in (wanted or ())
            if wanted != element["checked"]:
                keyboard.press("Space")
        elif element["type"] == "radio" and wanted is not None:
            code = ("yes" if wanted else "no") if isinstance(wanted, bool) else str(wanted)
            for _ in range(12):  # arrow keys move through the group, ticking as they go
                if element["value"] == code:
                    break
                keyboard.press("ArrowDown")
                self.check_focus(self.page.url)
                element = focused(self.page)
            assert element["value"] == code, f"{element['name']}: could not reach {code} with the arrow keys"
            if not element["checked"]:
                keyboard.press("Space")
        elif element["submit"] or (element["tag"] == "a" and element["text"] == FORWARD.get(self.path)):
            with self.page.expect_navigation():
                keyboard.press("Enter")
            return True
        return False

    @property
    def path(self):
        return "/" + self.page.url.split("/", 3)[3]

    def page_through(self):
        """Tab from the top of the current page until its main button has been pressed."""
        path = self.path
        for _ in range(MAX_STOPS):
            self.page.keyboard.press("Tab")
            element = focused(self.page)
            assert element["tag"] != "body", f"{path}: Tab left the page before reaching its main button"
            self.check_focus(path)
            if self.answer(element):
                return
        raise AssertionError(f"{path}: no main button within {MAX_STOPS} Tab stops")


def test_keyboard_alone_completes_the_questionnaire_with_focus_always_visible(live_server, keyboard_page, answers):
    page = keyboard_page
    page.goto(live_server.url + "/")
    walker = Walker(page, answers)
    visited = []
    while not page.url.endswith("/done"):
        assert len(visited) < 12, f"stuck going round: {visited}"
        visited.append(walker.path)
        walker.page_through()
    assert visited == ["/", "/emergency-signs", "/about-you", "/where-it-hurts", "/where-it-hurts/main-area",
                       "/what-it-feels-like", "/daily-life-and-history", "/your-health", "/check-your-answers",
                       "/confirm-and-send"]
    assert walker.invisible == []
    assert walker.stops > 100  # every field, link and button on the way
    with live_server.app.app_context():
        stored = db.session.scalars(select(Submission)).one()
    assert stored.answers == canonical(answers)
    assert page.locator(".reference").inner_text() == stored.reference
