"""The emergency signs come first: a patient with one is told what to do before being asked their name,
with JavaScript on and off; "None of these" unticks the signs, and a sign unticks it, when scripts run."""

import pytest

from .flow import continue_, follow


@pytest.fixture(params=["javascript", "no javascript"])
def any_page(request, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844},
                                  java_script_enabled=request.param == "javascript")
    yield context.new_page()
    context.close()


def test_an_emergency_sign_is_told_what_to_do_before_their_name_is_asked(live_server, any_page):
    page = any_page
    page.goto(live_server.url + "/")
    follow(page.get_by_role("button", name="Start now"))
    assert page.url.endswith("/emergency-signs")
    assert page.get_by_role("heading", name="Do you have any of these now?").is_visible()
    assert page.locator("#full_name").count() == 0
    page.get_by_label("I have a high temperature with a stiff neck and a bad headache.").check()
    continue_(page)
    assert "/get-help-now" in page.url
    alert = page.get_by_role("alert")
    assert "tell the front desk now" in alert.inner_text()
    call = page.get_by_role("link", name="Call 911")
    assert call.is_visible() and call.get_attribute("href") == "tel:911"
    assert page.locator("#full_name").count() == 0
    # Then on, so that the clinic still gets the answers: the next page asks who they are.
    follow(page.get_by_role("link", name="Continue"))
    assert page.url.endswith("/about-you") and page.locator("#full_name").is_visible()


def test_nothing_ticked_says_what_to_do(live_server, any_page):
    page = any_page
    page.goto(live_server.url + "/emergency-signs")
    continue_(page)
    assert page.url.endswith("/emergency-signs")
    assert "Select any of these you have now, or select ‘None of these’" in page.locator(".error-summary").inner_text()


def test_none_of_these_is_exclusive_when_scripts_run(live_server, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(live_server.url + "/your-health")
    sign = page.get_by_label("I have lost weight recently without trying.")
    other = page.get_by_label("I have been treated for cancer, at any time.")
    none = page.get_by_label("None of these")
    sign.check()
    other.check()
    none.check()
    assert none.is_checked() and not sign.is_checked() and not other.is_checked()
    sign.check()
    assert sign.is_checked() and not none.is_checked()
    continue_(page)
    assert page.url.endswith("/check-your-answers")
    context.close()


def test_without_scripts_a_sign_with_none_of_these_is_refused_and_kept(live_server, no_js_page):
    page = no_js_page
    page.goto(live_server.url + "/your-health")
    page.get_by_label("I have lost weight recently without trying.").check()
    page.get_by_label("None of these").check()
    continue_(page)
    assert page.url.endswith("/your-health")
    assert "Select “None of these” on its own, or untick it" in page.locator(".error-summary").inner_text()
    assert page.get_by_label("I have lost weight recently without trying.").is_checked()
