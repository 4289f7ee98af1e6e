"""The queue on a 360 × 740 phone: the filters fold away, the first submission is on the first screen;
on a desktop they are shown unfolded. Also the Today view, where the front desk copies an invitation's link."""

import pytest

from .flow import follow
from .test_staff_browser import store_submission
from .tour import log_in, make_staff

PHONE = {"viewport": {"width": 360, "height": 740}, "has_touch": True, "is_mobile": True, "device_scale_factor": 2}


@pytest.fixture
def app_config(app_config):
    return {**app_config, "CLINIC_NAME": "Birchwood Clinic"}


@pytest.fixture
def staff_in(live_server, browser, answers):
    for name in ("Ada First", "Bo Second", "Cy Third"):
        store_submission(live_server.app, {**answers, "full_name": name})
    email = make_staff(live_server.app, "desk@clinic.example", "practitioner", "Pat Desk")

    def open_queue(**context_options):
        context = browser.new_context(**context_options)
        page = context.new_page()
        log_in(page, live_server.url, email)
        page.goto(live_server.url + "/staff/")
        return page

    return open_queue


def test_on_a_phone_the_first_row_shows_without_scrolling_past_the_filters(staff_in):
    page = staff_in(**PHONE)
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 360  # no sideways scrolling
    first = page.locator("tbody .queue-row").first
    name = first.locator("a").first
    row_box, name_box = first.bounding_box(), name.bounding_box()
    assert 0 <= row_box["y"] < 740 and name_box["y"] + name_box["height"] <= 740, (row_box, name_box)
    # The search stays at hand; the other filters are one tap away.
    assert page.locator("#q").is_visible()
    assert not page.locator("#status").is_visible()
    page.get_by_text("Filters", exact=True).click()
    assert page.locator("#status").is_visible()
    page.select_option("#status", "all")
    follow(page.get_by_role("button", name="Apply"))
    assert "status=all" in page.url and page.locator("tbody .queue-row").count() == 3
    assert "(1 chosen)" in page.locator(".queue-filters__summary").inner_text()
    page.context.close()


def test_on_a_desktop_the_filters_are_shown_unfolded(staff_in):
    page = staff_in(viewport={"width": 1280, "height": 900})
    assert page.locator("#status").is_visible() and page.locator("#article").is_visible()
    assert not page.locator(".queue-filters__summary").is_visible()
    page.context.close()
