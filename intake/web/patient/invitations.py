"""A patient's personal invitation link: a landing page, then a fresh draft with their name and date of birth."""

from flask import redirect, render_template, session, url_for

from ...accounts import audit
from .. import drafts
from ...database import write_transaction
from ...records.invitations import Invitation, find_by_token, is_expired, submission_id_for
from .blueprint import bp

audit.register_action("invitation.start", "A patient started their invitation's form")


def _closed_page(invitation):
    """The page for a link that cannot start a form (unknown, expired, already sent); None if it can."""
    if invitation is None:
        return render_template("patient/invitation_closed.html", reason="unknown"), 404
    if submission_id_for(invitation):
        return render_template("patient/invitation_closed.html", reason="sent"), 410
    if is_expired(invitation):
        return render_template("patient/invitation_closed.html", reason="expired"), 410
    return None


# GET only shows a page: e-mail scanners open links, and that must not start anyone's form.
@bp.get("/invite/<token>")
def invitation(token):
    invitation = find_by_token(token)
    return _closed_page(invitation) or render_template("patient/invitation.html", token=token)


@bp.post("/invite/<token>")
def start_invitation(token):
    invitation = find_by_token(token)
    closed = _closed_page(invitation)
    if closed:
        return closed
    token_now = session.get(drafts.SESSION_KEY)
    if token_now and drafts.hash_token(token_now) == invitation.draft_key and drafts.current_draft():
        return redirect(url_for("patient.about"))  # this browser already has the invitation's draft
    # A fresh draft: whatever this browser had before belongs to someone else's visit.
    drafts.forget_draft()
    drafts.save_answers({"full_name": invitation.full_name, "date_of_birth": invitation.date_of_birth.isoformat()})
    with write_transaction() as tx:
        stored = tx.get(Invitation, invitation.id)
        stored.draft_key = drafts.hash_token(session[drafts.SESSION_KEY])
        audit.record("invitation.start", object_type="invitation", object_id=invitation.id)
    return redirect(url_for("patient.about"))
