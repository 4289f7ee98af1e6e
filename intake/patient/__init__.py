"""The patient questionnaire: one topic per page, answers kept in a server-side draft."""

from flask import Blueprint, abort, current_app, request

from ..extensions import limiter

bp = Blueprint("patient", __name__)

# Only POSTs count: reading pages and going back costs nothing.
limiter.limit(lambda: current_app.config["PATIENT_RATE_LIMIT"], methods=["POST"])(bp)

# A field people never see (hidden by CSS and from screen readers) that form-filling bots fill in.
HONEYPOT_FIELD = "website"


@bp.before_request
def refuse_bots():
    if request.method == "POST" and request.form.get(HONEYPOT_FIELD):
        abort(400)

from . import invitations, views  # noqa: E402,F401  (routes register on bp)
