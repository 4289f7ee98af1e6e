"""The staff flow in a real browser: log in, find a patient's submission, open it, mark it reviewed."""

import secrets

from sqlalchemy import select

from intake.accounts import users as accounts
from intake.database import write_transaction
from intake.extensions import db
from intake.models import Submission
from intake.records.submissions import build_submission

from .flow import follow
from .test_questionnaire_browser import complete_questionnaire
from .tour import log_in, make_staff


def store_submission(app, answers):
    """A later submission with a red flag, stored as the questionnaire stores one (triage and matches)."""
    with app.app_context():
        with write_transaction() as session:
            session.add(build_submission(answers, secrets.token_hex(32)))


def test_practitioner_finds_opens_and_marks_a_submission_reviewed(live_server, browser, answers):
    patient = browser.new_context(java_script_enabled=False)
    reference = complete_questionnaire(patient.new_page(), live_server.url, answers)
    patient.close()
    store_submission(live_server.app, {**answers, "full_name": "Robin Urgent", "rf_chest_pain": True})

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(live_server.url + "/staff/")
    assert "/staff/login" in page.url  # the queue needs a login
    log_in(page, live_server.url, make_staff(live_server.app, "dr.lee@clinic.example", "practitioner", "Dr Lee"))
    assert page.url.endswith("/staff/")

    # The red-flag submission is on top of the queue, the other one below it.
    rows = page.locator("tbody .queue-row")
    assert rows.count() == 2
    assert "Robin Urgent" in rows.nth(0).inner_text() and "queue-row--emergency" in rows.nth(0).get_attribute("class")

    page.fill("#q", answers["full_name"])
    follow(page.get_by_role("button", name="Apply"))
    assert page.locator("tbody .queue-row").count() == 1
    follow(page.get_by_role("link", name=answers["full_name"]))
    assert reference in page.locator("h1").inner_text()
    # The body map with the patient's areas marked, and the matched article with its reasons.
    for code in answers["regions"]:
        assert page.locator(f".bodymap [data-region='{code}'].is-selected").count() >= 1
    assert page.locator("main a[href*='/learn/mid-upper-back-pain']").count() >= 1

    follow(page.get_by_role("button", name="Mark reviewed"))
    assert "Marked as reviewed" in page.content()
    assert "Reviewed by Dr Lee at" in page.locator("main").inner_text()
    assert page.get_by_role("button", name="Mark reviewed").count() == 0
    context.close()

    with live_server.app.app_context():
        stored = db.session.scalars(select(Submission).where(Submission.reference == reference)).one()
        reviewer = db.session.get(accounts.User, stored.reviewed_by_id)
        assert stored.status == "reviewed" and stored.reviewed_at is not None
        assert reviewer.email == "dr.lee@clinic.example"
