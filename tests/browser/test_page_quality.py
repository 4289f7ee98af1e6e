"""Every patient, article and staff page in Chromium: axe-core's WCAG A/AA rules, reflow at 320 px and
at 200 % zoom, target sizes, page weight, and no request to any other host.

Each audience's pages are visited once per module (tour.py); the measurements are kept and each
test reads its page's figures, so one failing page names itself. Reflow method: a 1280 px wide
window at 400 % zoom lays pages out at 320 CSS px, and at 200 % zoom at 640 CSS px, so the viewport
is set to those CSS widths (browser zoom changes nothing else about layout: it is what Chromium does
with the window's width divided by the zoom). Large text is Chromium's own text-size setting at 200 %
(CDP Page.setFontSizes), on a 390 px phone."""

import json
from dataclasses import dataclass, field

import pytest

from intake import create_app
from tests.conftest import DATA, TEST_SECRET_KEY

from .checks import RequestLog, axe_violations, reflow_problem, small_targets
from .tour import (NO_SCRIPT_STOPS, PATIENT_STOPS, SPANISH_STOPS, learn_stops, learn_tour, make_admin,
                   no_script_tour, patient_tour, spanish_tour, staff_stops, staff_tour)

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
ZOOMED = {"400 % zoom (320 px)": {"width": 320, "height": 640}, "200 % zoom (640 px)": {"width": 640, "height": 450}}
# WCAG 1.4.4 asks for 200 % text without loss; on a phone we also ask for no sideways scrolling.
LARGE_TEXT = "text at 200 % on a phone (390 px)"
PATIENT_PAGE_BUDGET = 40 * 1024  # bytes, uncompressed: HTML + CSS + JavaScript + SVG


@dataclass
class Stop:
    axe: dict = field(default_factory=dict)  # viewport name -> violations
    reflow: dict = field(default_factory=dict)  # viewport name -> problem
    targets: dict = field(default_factory=dict)  # viewport name -> small targets
    weight: int = 0
    files: dict = field(default_factory=dict)
    foreign: list = field(default_factory=list)
    console: list = field(default_factory=list)


def _collection_app():
    """The app as configured, only to learn which articles and staff pages this build has."""
    return create_app({"TESTING": True, "SECRET_KEY": TEST_SECRET_KEY, "SQLALCHEMY_DATABASE_URI": "sqlite://"})


_APP = _collection_app()
LEARN_STOPS = learn_stops(_APP)
STAFF_STOPS = staff_stops(_APP)


def set_text_size(cdp, percent):
    """Chromium's own text-size setting (what a reader with large text sets): 16 px is 100 %."""
    cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 16 * percent // 100, "fixed": 13 * percent // 100}})


def audit(page, tour, large_text=True):
    """Run the tour, measuring each stop at desktop, phone and zoomed widths; returns {stop: Stop}."""
    log = RequestLog(page)
    cdp = page.context.new_cdp_session(page)
    found = {}
    for name in tour:
        stop = found[name] = Stop()
        stop.weight, stop.files, stop.foreign = log.view()
        stop.console = list(log.problems)
        for label, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
            page.set_viewport_size(viewport)
            stop.axe[label] = axe_violations(page)
            stop.targets[label] = small_targets(page)
        for label, viewport in ZOOMED.items():
            page.set_viewport_size(viewport)
            stop.reflow[label] = reflow_problem(page)
            stop.targets[label] = small_targets(page)
        if large_text:
            page.set_viewport_size(PHONE)
            set_text_size(cdp, 200)
            stop.reflow[LARGE_TEXT] = reflow_problem(page)
            set_text_size(cdp, 100)
        page.set_viewport_size(DESKTOP)
    return found


@pytest.fixture(scope="module")
def desktop_page(browser):
    context = browser.new_context(viewport=DESKTOP)
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def patient_pages(module_server, desktop_page, module_answers):
    return audit(desktop_page, patient_tour(desktop_page, module_server.url, module_answers))


@pytest.fixture(scope="module")
def no_script_pages(module_server, browser):
    """The app's scripts replaced by empty files: the page as without JavaScript (the policy forbids inline
    scripts), while axe, which needs timers that a JavaScript-disabled page never fires, can still run."""
    context = browser.new_context(viewport=DESKTOP)
    context.route("**/*.js", lambda route: route.fulfill(body="", content_type="text/javascript"))
    page = context.new_page()
    yield audit(page, no_script_tour(page, module_server.url))
    context.close()


@pytest.fixture(scope="module")
def learn_pages(module_server, desktop_page):
    return audit(desktop_page, learn_tour(desktop_page, module_server.url, module_server.app))


@pytest.fixture(scope="module")
def spanish_pages(module_server, browser):
    """A browser that prefers Spanish (its Accept-Language), in its own context so no other tour changes language."""
    context = browser.new_context(viewport=DESKTOP, locale="es-MX")
    page = context.new_page()
    yield audit(page, spanish_tour(page, module_server.url))
    context.close()


@pytest.fixture(scope="module")
def staff_pages(module_server, desktop_page, patient_pages):  # the patient tour sends a submission
    email = make_admin(module_server.app)
    # Staff work at a desk: their pages are held to WCAG reflow, not to doubled text on a phone.
    return audit(desktop_page, staff_tour(desktop_page, module_server.url, module_server.app, email),
                 large_text=False)


@pytest.fixture(scope="module")
def module_answers():
    """The `answers` fixture's answer set, for module-scoped tours."""
    return json.loads((DATA / "answers-burning-upper-back.json").read_text())


def _pages(request, audience):
    return request.getfixturevalue(f"{audience}_pages")


AUDIENCES = [("patient", stop) for stop in PATIENT_STOPS] + [("no_script", stop) for stop in NO_SCRIPT_STOPS] + \
    [("learn", stop) for stop in LEARN_STOPS] + [("spanish", stop) for stop in SPANISH_STOPS] + \
    [("staff", stop) for stop in STAFF_STOPS]


@pytest.fixture(params=AUDIENCES, ids=[f"{a}:{s}" for a, s in AUDIENCES])
def measured(request):
    audience, stop = request.param
    return audience, _pages(request, audience)[stop]


def test_axe_finds_no_wcag_a_or_aa_violation(measured):
    _, stop = measured
    assert stop.axe == {"desktop": [], "phone": []}


def test_nothing_needs_horizontal_scrolling_when_zoomed(measured):
    audience, stop = measured
    assert stop.reflow == {label: None for label in [*ZOOMED] + ([LARGE_TEXT] if audience != "staff" else [])}


def test_every_target_is_at_least_24_css_px(measured):
    _, stop = measured
    assert all(not problems for problems in stop.targets.values()), stop.targets


def test_no_request_leaves_the_clinic_server_and_no_console_error(measured):
    _, stop = measured
    assert stop.foreign == []
    assert stop.console == []


PATIENT_FACING = [(a, s) for a, s in AUDIENCES if a in ("patient", "learn", "spanish")]


@pytest.mark.parametrize("audience, stop", PATIENT_FACING, ids=[f"{a}:{s}" for a, s in PATIENT_FACING])
def test_patient_page_weighs_at_most_40_kb(request, audience, stop):
    measured = _pages(request, audience)[stop]
    assert 0 < measured.weight <= PATIENT_PAGE_BUDGET, measured.files
