"""The staff blueprint object and the hooks that apply to all of its pages."""

from flask import Blueprint

from ..pages import declare

bp = Blueprint("staff", __name__, url_prefix="/staff")
# Staff pages are English, never kiosk pages (a member of staff may log in on a kiosk tablet).
declare(bp, language="en", kiosk=False)
# New-submission e-mails link to the record page.
bp.record_once(lambda state: state.app.extensions.update({"intake.submission_record_endpoint": "staff.submission"}))
