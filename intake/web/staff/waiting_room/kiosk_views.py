"""Kiosk mode for a waiting-room tablet: turned on by a logged-in member of staff, turned off only with a staff password."""

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from ....accounts import audit
from ... import drafts, kiosk
from ....questionnaire import N_
from .blueprint import bp
from ....accounts import sessions as logins
from ..account_forms import LoginForm
from ..auth import role_required

audit.register_action("kiosk.start", N_("Turned a device into a kiosk"))
audit.register_action("kiosk.exit", N_("Took a device out of kiosk mode"))


@bp.get("/kiosk")
@role_required("front_desk")
def kiosk_page():
    config = current_app.config
    return render_template("staff/kiosk.html", title=_("Kiosk tablet"), nav_active="kiosk", kiosk_active=kiosk.active(),
                           idle_minutes=f'{config["KIOSK_IDLE_PROMPT"].total_seconds() / 60:g}',
                           confirmation_seconds=int(config["KIOSK_CONFIRMATION_TIME"].total_seconds()))


@bp.post("/kiosk/start")
@role_required("front_desk")
def kiosk_start():
    user = current_user._get_current_object()
    audit.record("kiosk.start", object_type="user", object_id=user.public_id)
    # The tablet is for patients from now on: the staff login on it ends here, and nothing of the
    # staff session (or an earlier patient's draft) is carried into kiosk mode.
    logins.end_session(session.get("_user_id"), "kiosk", "logout")
    drafts.discard_draft()
    logout_user()
    session.clear()
    return kiosk.turn_on(redirect(url_for("patient.start")), user.public_id)


@bp.route("/kiosk/exit", methods=["GET", "POST"])
@logins.password_form_limit
def kiosk_exit():
    """Public (a kiosk has no staff logged in), but it only turns kiosk mode off for a right staff password."""
    if not kiosk.active():
        return render_template("staff/kiosk_exit.html", title=_("This device is not a kiosk"), form=None)
    form = LoginForm()
    refused = False
    if form.validate_on_submit():
        user = logins.confirm_staff(form.email.data, form.password.data, request.remote_addr, "kiosk.exit")
        if user is not None:
            drafts.discard_draft()
            session.clear()
            flash(_("This device is no longer a kiosk. Log in to use the staff area."), "success")
            return kiosk.turn_off(redirect(url_for("staff.login")))
        refused = True
    form.password.data = ""
    return render_template("staff/kiosk_exit.html", title=_("Leave kiosk mode"), form=form, refused=refused,
                           refused_message=logins.refusal_message())
