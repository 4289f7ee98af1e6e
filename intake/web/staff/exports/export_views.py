"""Records out: the filtered queue as CSV or a FHIR transaction Bundle, one submission as a FHIR
QuestionnaireResponse or a PDF, and the CSV's data dictionary.

Exports carry many patients' data off the system, so each needs the practitioner or admin role and
a login (or a password confirmation) in the last 15 minutes, is audited with its row count, and is
sent as an attachment that no browser or proxy may keep.
"""

import json
from pathlib import Path
from datetime import datetime, timedelta
from functools import wraps

from flask import Response, abort, current_app, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ....accounts import users as accounts, audit
from ....records import csv_export as export_csv, fhir as export_fhir, exports, pdf
from ....accounts.users import StaffSession
from ....extensions import db
from ....models import Submission
from ....questionnaire import N_
from .blueprint import bp
from ....accounts import sessions as logins
from ..account_forms import ReauthForm
from ..auth import role_required
from ..queue import load_all
from ..reading import clinic_zone, current_filters, load_submission, page_context

RECENT_LOGIN = timedelta(minutes=15)
CONFIRMED_AT = "password_confirmed_at"  # in the signed session cookie, ISO time (UTC)
RETURN_TO = "after_password_confirm"

audit.register_action("account.reauth", N_("Confirmed password"))  # exports register theirs in intake/records/exports.py


def _logged_in_recently() -> bool:
    staff_session = db.session.scalar(
        select(StaffSession).where(StaffSession.token_hash == accounts.token_hash(current_user.session_token)))
    moments = [staff_session.created_at] if staff_session else []
    confirmed = session.get(CONFIRMED_AT)
    if confirmed:
        try:
            moments.append(datetime.fromisoformat(confirmed))
        except (TypeError, ValueError):
            pass
    return bool(moments) and accounts.now() - max(moments) < RECENT_LOGIN


def export(view):
    """Practitioners and admins only; after 15 minutes, the password again first."""
    @role_required("practitioner")
    @wraps(view)
    def wrapped(*args, **kwargs):
        if not _logged_in_recently():
            # Where to come back to is kept in the session: the URL may hold the queue's filters.
            session[RETURN_TO] = request.full_path
            return redirect(url_for("exports.confirm_password"))
        return view(*args, **kwargs)
    return wrapped


def attachment(body: str | bytes, mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def _stamp() -> str:
    return accounts.now().strftime("%Y%m%d-%H%M")


@bp.get("/export.csv")
@export
def queue_csv():
    submissions = load_all(current_filters(clinic_zone()), clinic_zone())
    body = exports.csv_text(submissions)  # before the audit row, whose commit would expire the rows read
    audit.record("export.csv", object_type="queue", object_id=f"{len(submissions)} rows")
    return attachment(body, "text/csv; charset=utf-8", f"intake-{_stamp()}.csv")


@bp.get("/export-dictionary.csv")
@role_required("front_desk")
def csv_dictionary():
    # What each column of the CSV holds: no patient data, so any staff member may read it.
    return attachment(export_csv.dictionary(), "text/csv; charset=utf-8", "intake-data-dictionary.csv")


@bp.get("/export.fhir.json")
@export
def queue_fhir():
    submissions = load_all(current_filters(clinic_zone()), clinic_zone())
    bundle = exports.fhir_transaction(submissions)
    audit.record("export.fhir", object_type="queue", object_id=f"{len(submissions)} rows")
    return attachment(json.dumps(bundle, ensure_ascii=False), "application/fhir+json",
                      f"intake-{_stamp()}.fhir.json")


@bp.get("/fhir/Questionnaire")
@export
def fhir_questionnaire():
    audit.record("export.fhir", object_type="questionnaire", object_id="1 rows")
    return attachment(json.dumps(export_fhir.questionnaire(exports.fhir_base(), exports.publisher()),
                                 ensure_ascii=False), "application/fhir+json", "intake-questionnaire.fhir.json")


@bp.get("/submissions/<uuid:submission_id>/fhir")
@export
def submission_fhir(submission_id):
    submission = db.session.get(Submission, str(submission_id))
    if submission is None:
        abort(404)
    record = exports.records([submission])[0]
    audit.record("export.fhir", object_type="submission", object_id=submission.id)
    return attachment(json.dumps(export_fhir.questionnaire_response(record, exports.fhir_base()), ensure_ascii=False),
                      "application/fhir+json", f"intake-{submission.reference}.fhir.json")


def submission_pdf_bytes(item) -> bytes:
    """The record as the PDF for the paper chart (raises pdf.PdfUnavailable); also used by `export pdf`."""
    html = render_template("staff/print.html", title=f"Submission {item.reference}", for_pdf=True,
                           **page_context(item))
    return pdf.render_pdf(html, Path(current_app.static_folder), current_app.static_url_path)


@bp.get("/submissions/<uuid:submission_id>.pdf")
@export
def submission_pdf(submission_id):
    item = load_submission(submission_id)
    try:
        body = submission_pdf_bytes(item)
    except pdf.PdfUnavailable:
        # Audited as tried and failed: nothing left the server.
        audit.record("export.pdf", object_type="submission", object_id=item.id, outcome="failure")
        current_app.logger.exception("PDF export is not available on this server")
        return Response(_("PDF export is not available on this server: its administrator needs to install "
                          "WeasyPrint's system libraries (see the README). The print view works meanwhile."),
                        status=503, mimetype="text/plain")
    audit.record("export.pdf", object_type="submission", object_id=item.id)
    return attachment(body, "application/pdf", f"intake-{item.reference}.pdf")


@bp.route("/confirm-password", methods=["GET", "POST"])
@logins.password_form_limit
@role_required("practitioner")
def confirm_password():
    form = ReauthForm()
    refused = False
    if form.validate_on_submit():
        if logins.confirm_password(current_user, form.password.data, request.remote_addr):
            session[CONFIRMED_AT] = accounts.now().isoformat()
            target = session.pop(RETURN_TO, None) or url_for("review.queue")
            return redirect(target if target.startswith("/staff/") else url_for("review.queue"))
        refused = True
    form.password.data = ""
    return render_template("staff/confirm_password.html", form=form, refused=refused,
                           wait_message=logins.refusal_message() if g.get("login_wait") else None,
                           title=_("Confirm your password"))
