"""The whole questionnaire in a real browser: on a phone tapping the body map, and with JavaScript off."""

from sqlalchemy import select

from intake.extensions import db
from intake.models import Submission
from tests.questionnaire_client import canonical

from .flow import ABOUT, HISTORY, HEALTH, SYMPTOMS, continue_, fill_page, input_id, send, start


def complete_questionnaire(page, base_url, answers, tap_map=False):
    page.goto(base_url + "/")
    start(page, answers)
    assert page.url.endswith("/about-you")
    fill_page(page, answers, ABOUT)
    continue_(page)
    assert page.url.endswith("/where-it-hurts")
    if tap_map:
        for code in answers["regions"]:
            page.locator(f'[data-region="{code}"]').first.tap()
            assert page.is_checked(input_id("regions", code))
    else:
        fill_page(page, answers, ["regions"])
    continue_(page)
    if len(answers["regions"]) > 1:
        fill_page(page, answers, ["primary_region"])
        continue_(page)
    fill_page(page, answers, SYMPTOMS)
    continue_(page)
    fill_page(page, answers, HISTORY)
    continue_(page)
    fill_page(page, answers, HEALTH)
    continue_(page)
    assert page.url.endswith("/check-your-answers")
    page.get_by_role("link", name="Continue").click()
    send(page)
    assert page.url.endswith("/done")
    return page.locator(".reference").inner_text()


def stored_submission(live_server):
    with live_server.app.app_context():
        return db.session.scalars(select(Submission)).one()


def test_phone_patient_completes_it_by_tapping_the_body_map(live_server, phone, answers):
    reference = complete_questionnaire(phone, live_server.url, answers, tap_map=True)
    stored = stored_submission(live_server)
    assert stored.reference == reference
    assert stored.answers == canonical(answers)
    # Nothing on a phone page may need horizontal scrolling.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390


def test_patient_completes_it_with_javascript_off(live_server, no_js_page, answers):
    reference = complete_questionnaire(no_js_page, live_server.url, answers)
    assert stored_submission(live_server).reference == reference
