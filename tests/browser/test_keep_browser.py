"""Back and the language switch keep what a patient typed, without JavaScript; Enter in a field still means Continue."""

from urllib.parse import urlsplit

from playwright.sync_api import expect

from .flow import follow, start


def test_back_and_the_language_switch_keep_typed_answers_without_javascript(live_server, no_js_page, answers):
    page = no_js_page
    page.goto(live_server.url + "/")
    start(page, answers)
    assert urlsplit(page.url).path == "/about-you"
    page.fill("#full_name", "Ana Ruiz")
    page.fill("#date_of_birth-day", "31")  # a date begun, not finished: not valid yet
    follow(page.get_by_role("button", name="Back"))
    assert urlsplit(page.url).path == "/emergency-signs"
    follow(page.get_by_role("button", name="Continue"))
    assert urlsplit(page.url).path == "/about-you"
    expect(page.locator("#full_name")).to_have_value("Ana Ruiz")
    expect(page.locator("#date_of_birth-day")).to_have_value("31")
    expect(page.locator(".error-summary")).to_have_count(0)  # Continue was not pressed on this page

    page.fill("#phone", "0151 496")
    follow(page.get_by_role("button", name="Español"))
    assert urlsplit(page.url).path == "/about-you"
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.locator("#full_name")).to_have_value("Ana Ruiz")
    expect(page.locator("#phone")).to_have_value("0151 496")

    # Enter in a field presses Continue (the page's errors, shown by a GET), not the switch or Back above it.
    page.locator("#full_name").press("Enter")
    page.wait_for_load_state()
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    assert urlsplit(page.url).path == "/about-you"
    expect(page.locator("#full_name")).to_have_value("Ana Ruiz")
