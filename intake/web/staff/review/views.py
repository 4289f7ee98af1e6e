"""The review workspace: the queue, one submission, notes, mark reviewed, print."""

from datetime import datetime

from flask import abort, flash, jsonify, redirect, render_template, request, session, url_for
from flask_login import current_user

from ....accounts import audit
from ....database import write_transaction
from ....rules.follow_through import ACTION_LABELS, actions_for
from ....models import Submission, SubmissionNote, utcnow
from ....questionnaire import REGIONS
from .blueprint import bp
from ..auth import has_role, role_required
from ..queue import COUNT_CAP, count_since, load_page, unreviewed_before
from ..reading import FILTER_KEYS, SEARCH_KEY, articles, clinic_zone, current_filters, load_submission, page_context
from ..record import Record
from ..record_body import summary_of
from .forms import NoteForm


@bp.route("/", methods=["GET", "POST"])
@role_required("front_desk")
def queue():
    if request.method == "POST":
        # A search names a patient: keep it out of the URL (history, proxy and access logs) by
        # holding it in the session and redirecting to the filters alone.
        term = request.form.get("q", "").strip()[:120]
        session[SEARCH_KEY] = term
        args = {key: request.form[key] for key in FILTER_KEYS if key in request.form}
        return redirect(url_for("review.queue", **args, search=1 if term else None))
    zone = clinic_zone()
    filters = current_filters(zone)
    audit.record("queue.search" if filters.q else "queue.list", outcome="ok")
    rows, total = load_page(filters, zone)
    older = unreviewed_before(filters.date_from, zone) if filters.date_from and not filters.q else 0
    pages = max(1, -(-min(total, COUNT_CAP) // 25))
    return render_template("staff/queue.html", title="Queue", nav_active="queue", rows=rows, total=total,
                           count_cap=COUNT_CAP,
                           filters=filters, pages=pages, older_unreviewed=older, regions=REGIONS,
                           articles=sorted(articles().values(), key=lambda a: a.title), zone=zone,
                           summary_of=summary_of, since=utcnow().isoformat(timespec="seconds"),
                           action_labels=ACTION_LABELS)


@bp.get("/new-count")
@role_required("front_desk", background=True)
def new_count():
    try:
        since = datetime.fromisoformat(request.args.get("since", ""))
    except ValueError:
        return jsonify(error="since must be an ISO date and time"), 400
    return jsonify(count=count_since(since.replace(tzinfo=None)))


def submission_page(item: Record, **forms) -> str:
    """The record page; `forms` are rejected forms shown again with their errors (note_form, action_form...)."""
    practitioner = has_role(current_user, "practitioner")
    title = f"{'Error: ' if forms else ''}Submission {item.reference}"
    page = render_template("staff/submission.html", title=title, nav_active="queue", can_note=practitioner,
                           note_form=forms.get("note_form"), action_form=forms.get("action_form"),
                           article_form=forms.get("article_form"), action_choices=actions_for(practitioner),
                           article_options=sorted(articles().values(), key=lambda a: a.title),
                           **page_context(item))
    # Recorded once the page is ready, and before it is sent.
    audit.record("submission.view", object_type="submission", object_id=item.id)
    return page


@bp.get("/submissions/<uuid:submission_id>")
@role_required("front_desk")
def submission(submission_id):
    # The forms are built only to show a rejected one again: a GET needs no form object.
    return submission_page(load_submission(submission_id))


@bp.get("/submissions/<uuid:submission_id>/print")
@role_required("front_desk")
def print_submission(submission_id):
    item = load_submission(submission_id)
    page = render_template("staff/print.html", title=f"Submission {item.reference}", **page_context(item))
    audit.record("submission.print", object_type="submission", object_id=item.id)
    return page


@bp.post("/submissions/<uuid:submission_id>/reviewed")
@role_required("front_desk")
def mark_reviewed(submission_id):
    with write_transaction() as tx:
        item = tx.get(Submission, str(submission_id))
        if item is None:
            abort(404)
        if item.status != "reviewed":
            item.status, item.reviewed_at, item.reviewed_by_id = "reviewed", utcnow(), current_user.id
            audit.record("submission.review", object_type="submission", object_id=item.id)
    flash("Marked as reviewed", "success")
    return redirect(url_for("review.submission", submission_id=submission_id))


@bp.post("/submissions/<uuid:submission_id>/notes")
@role_required("practitioner")
def add_note(submission_id):
    item = load_submission(submission_id)
    form = NoteForm()
    if not form.validate_on_submit():
        return submission_page(item, note_form=form), 400
    with write_transaction() as tx:
        tx.add(SubmissionNote(submission_id=item.id, author_id=current_user.id, text=form.text.data))
        audit.record("submission.note", object_type="submission", object_id=item.id)
    flash("Note added", "success")
    return redirect(url_for("review.submission", submission_id=submission_id) + "#notes")
