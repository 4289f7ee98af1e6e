"""The print view in a real browser: a Print button that opens the browser's print dialog, a hint in its
place without JavaScript, and a way back to the submission."""

import pytest
from sqlalchemy import select

from intake.extensions import db
from intake.models import Submission

from .test_staff_browser import store_submission
from .tour import log_in, make_staff


@pytest.mark.parametrize("scripts", [True, False])
def test_the_print_view_prints_with_a_button_or_says_how(live_server, browser, answers, scripts):
    store_submission(live_server.app, answers)
    with live_server.app.app_context():
        submission_id = db.session.scalar(select(Submission.id))
    context = browser.new_context(java_script_enabled=scripts)
    page = context.new_page()
    log_in(page, live_server.url, make_staff(live_server.app, "desk@clinic.example", "front_desk", "Desk"))
    # window.print() would open a dialog: count the calls instead.
    page.add_init_script("window.__printed = 0; window.print = () => { window.__printed += 1; };")
    page.goto(f"{live_server.url}/staff/submissions/{submission_id}/print")
    button = page.get_by_role("button", name="Print")
    hint = page.get_by_text("use your browser's Print command")
    if scripts:
        assert button.is_visible() and not hint.is_visible()
        button.click()
        assert page.evaluate("window.__printed") == 1
    else:
        assert button.count() == 0 or not button.is_visible()
        assert hint.is_visible()
    page.get_by_role("link", name="Back to the submission").click()
    assert page.url.endswith(f"/staff/submissions/{submission_id}")
    context.close()
