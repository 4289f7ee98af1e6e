"""The patient blueprint object and the hooks that apply to all of its pages."""

from flask import Blueprint, abort, current_app, request, session

from .. import drafts, kiosk
from ..pages import declare

from ...extensions import limiter

bp = Blueprint("patient", __name__)
# The questionnaire's views check every field themselves and say which one is wrong (a NUL byte included).
# Its invitation links hold a secret: the request log shows their rule, never their path.
declare(bp, checks_own_fields=True, secret_paths=frozenset({"patient.invitation", "patient.start_invitation"}))
# The invitation e-mails link to the page that opens an invitation.
bp.record_once(lambda state: state.app.extensions.update({"intake.invitation_endpoint": "patient.invitation"}))


@bp.context_processor
def kiosk_watch():
    # On a kiosk, nothing to watch for a walk-away on the confirmation page (it has its own return to
    # the start) or on the welcome page before any answer.
    if not kiosk.active():
        return {}
    nothing_yet = request.endpoint == "patient.start" and not session.get(drafts.SESSION_KEY)
    return {"kiosk_watch": request.endpoint != "patient.done" and not nothing_yet}


# Only POSTs count: reading pages and going back costs nothing.
limiter.limit(lambda: current_app.config["PATIENT_RATE_LIMIT"], methods=["POST"])(bp)

# A field people never see (hidden by CSS and from screen readers) that form-filling bots fill in.
HONEYPOT_FIELD = "website"


@bp.before_request
def refuse_bots():
    if request.method == "POST" and request.form.get(HONEYPOT_FIELD):
        abort(400)
