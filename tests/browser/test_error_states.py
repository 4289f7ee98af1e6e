"""Each step sent empty: the error summary appears and takes focus, and each of its links takes focus to
its field, which names the error to assistive technology. With JavaScript on and off (the summary
takes focus by its autofocus attribute, not by a script)."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from .flow import ABOUT, EMERGENCY, HEALTH, HISTORY, SYMPTOMS, continue_, fill_page, follow

CONSENT = ["consent_accurate", "consent_not_emergency"]
# Path, the questions it asks, and how many of them are required (one summary link each).
STEPS = [("/emergency-signs", EMERGENCY, 1), ("/about-you", ABOUT, 3), ("/where-it-hurts", ["regions"], 1),
         ("/where-it-hurts/main-area", ["primary_region"], 1), ("/what-it-feels-like", SYMPTOMS, 7),
         ("/daily-life-and-history", HISTORY, 3), ("/your-health", HEALTH, 1)]

FOCUSED = """() => {
  const e = document.activeElement;
  // A box's own hint describes it; the error is on its group (the fieldset), which a screen reader announces too.
  const holders = [e, e.closest('fieldset')].filter(Boolean);
  const described = holders.flatMap((h) => (h.getAttribute('aria-describedby') || '').split(' ')).filter(Boolean);
  return {id: e.id,
          errors: described.map((id) => document.getElementById(id)).filter((d) => d && d.matches('.error-message'))
                           .map((d) => d.textContent.replace('Error:', '').trim())};
}"""


@pytest.fixture(params=["javascript", "no javascript"])
def any_page(request, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844},
                                  java_script_enabled=request.param == "javascript")
    yield context.new_page()
    context.close()


def check_error_state(page, path, expected_links):
    summary = page.locator(".error-summary")
    # wait for the page the POST returned: with the same address before and after, nothing else tells
    expect(summary, f"{path}: no error summary").to_be_visible(timeout=5000)
    assert page.title().startswith("Error:"), f"{path}: the title does not say there is an error"
    # autofocus acts at the first rendering after load, so wait for it (a few frames at most)
    expect(summary, f"{path}: focus did not move to the error summary").to_be_focused(timeout=5000)
    links = summary.locator("a")
    assert links.count() == expected_links, f"{path}: {links.all_inner_texts()}"
    for index in range(expected_links):
        link = links.nth(index)
        message, target = link.inner_text(), link.get_attribute("href").lstrip("#")
        link.click()
        now = page.evaluate(FOCUSED)
        assert now["id"] == target, f"{path}: the link “{message}” left focus on #{now['id']}"
        assert message in now["errors"], f"{path}: #{target} is not described by its error “{message}”"
        assert page.locator(f"#{target}").is_visible()


def test_every_step_sent_empty_shows_a_focused_error_summary_linked_to_its_fields(live_server, any_page, answers):
    page = any_page
    page.goto(live_server.url + "/emergency-signs")
    for path, codes, expected_links in STEPS:
        assert urlsplit(page.url).path == path
        continue_(page)
        assert urlsplit(page.url).path == path
        check_error_state(page, path, expected_links)
        fill_page(page, answers, codes)
        continue_(page)
    page.get_by_role("link", name="Continue").click()
    follow(page.get_by_role("button", name="Send my answers"))
    check_error_state(page, "/confirm-and-send", len(CONSENT))
