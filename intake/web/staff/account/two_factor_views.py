"""Two-step sign-in pages: the code after the password, setting it up or turning it off, and the administrator's controls."""

from datetime import datetime, timedelta

from flask import flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user

from ....accounts import users as accounts, audit, two_factor
from ....database import write_transaction
from ....questionnaire import N_
from .blueprint import bp
from ....accounts import sessions as logins, throttle
from ..account_forms import CodeForm, ReauthForm
from ..auth import role_required

audit.register_action("two_factor.enable", N_("Turned on two-step sign-in"))
audit.register_action("two_factor.disable", N_("Turned off own two-step sign-in"))
audit.register_action("two_factor.recovery", N_("Logged in with a recovery code"))

PENDING = "two_factor_pending"
# After a right password, the code must follow within this long.
CODE_TIME_LIMIT = timedelta(minutes=5)
WRONG_CODE = N_("That code is not right. Check the time on your phone, wait for a new code and try again.")


def ask_for_code(user, next_page: str):
    """The password was right: remember who (in the signed session cookie) and ask for the code."""
    session[PENDING] = {"user": user.public_id, "at": accounts.now().isoformat(), "next": next_page}
    return redirect(url_for("staff.two_factor_code"))


def complete_login(user, token: str, next_page: str):
    """Log the browser in with a new session token; staff who must set up two-step sign-in go there first."""
    user.session_token = token
    login_user(user)
    if two_factor.enrolment_required(user.id):
        flash(_("Your clinic requires two-step sign-in. Set it up now to continue."), "warning")
        return redirect(url_for("staff.two_factor_setup"))
    return redirect(next_page)


def _pending_user():
    pending = session.get(PENDING)
    try:
        started = datetime.fromisoformat(pending["at"])
        user = accounts.find_user_by_public_id(pending["user"])
    except (TypeError, KeyError, ValueError):
        return None, None
    if user is None or not user.active or accounts.now() - started > CODE_TIME_LIMIT:
        return None, None
    return user, pending.get("next") or url_for("review.queue")


@bp.route("/login/code", methods=["GET", "POST"])
@logins.password_form_limit
def two_factor_code():
    user, next_page = _pending_user()
    if user is None:
        session.pop(PENDING, None)
        flash(_("Log in again: the code must be entered within 5 minutes of the password."), "warning")
        return redirect(url_for("staff.login"))
    form = CodeForm()
    message = None
    if form.validate_on_submit():
        address = (request.remote_addr or "unknown")[:45]
        # Counted apart from passwords: a right password must not reset the count of wrong codes.
        key = accounts.account_key("two-factor:" + user.email)
        with write_transaction() as write:
            wait, attempt_id = throttle.begin_attempt(write, key, address)
            if wait:
                audit.record("login.failure", object_type="two_factor", outcome="throttled", user=user)
        method = None
        if not wait:
            # Checked outside any write (recovery codes run argon2), then used up in one conditional write.
            found = two_factor.find_code(user.id, form.code.data)
            with write_transaction() as write:
                if found and two_factor.spend(write, user.id, found):
                    method = found[0]
                    throttle.mark_succeeded(write, attempt_id)
                else:
                    audit.record("login.failure", object_type="two_factor", outcome="failure", user=user)
        if method:
            session.pop(PENDING, None)
            token = logins.start_session(user.id, address)
            if method == "recovery":
                audit.record("two_factor.recovery", object_type="user", object_id=user.public_id, user=user)
                flash(_("You used a recovery code: each works once. %(left)s left.",
                        left=two_factor.recovery_codes_left(user.id)), "warning")
            return complete_login(user, token, next_page)
        message = throttle.wait_message(wait) if wait else _(WRONG_CODE)
    form.code.data = ""
    return render_template("staff/two_factor_code.html", form=form, message=message,
                           title=_("Enter your sign-in code"))


@bp.get("/account/two-factor")
@role_required("front_desk", setup_step="two_factor")
def two_factor_setup(confirm_form=None, status=200):
    secret = two_factor.pending_secret(current_user.id)
    uri = two_factor.provisioning_uri(secret, current_user.email) if secret else None
    return render_template("staff/two_factor_setup.html", secret=secret, qr=two_factor.qr_svg(uri) if uri else None,
                           enabled=two_factor.has_two_factor(current_user.id),
                           required=two_factor.required_for_everyone(),
                           codes_left=two_factor.recovery_codes_left(current_user.id),
                           form=confirm_form or CodeForm(formdata=None), off_form=ReauthForm(formdata=None),
                           title=_("Two-step sign-in"), nav_active="account"), status


@bp.post("/account/two-factor/start")
@role_required("front_desk", setup_step="two_factor")
def two_factor_start():
    if not two_factor.has_two_factor(current_user.id):
        with write_transaction() as write:
            two_factor.start_setup(write, current_user.id)
    return redirect(url_for("staff.two_factor_setup"))


@bp.post("/account/two-factor/confirm")
@role_required("front_desk", setup_step="two_factor")
def two_factor_confirm():
    form = CodeForm()
    if form.validate_on_submit():
        with write_transaction() as write:
            codes = two_factor.confirm_setup(write, current_user.id, form.code.data)
            if codes:
                audit.record("two_factor.enable", object_type="user", object_id=current_user.public_id)
        if codes:
            # Shown in this response only (never stored in plain, never put in a cookie).
            return render_template("staff/two_factor_codes.html", codes=codes, title=_("Your recovery codes"),
                                   nav_active="account")
        form.code.errors.append(_(WRONG_CODE))
    return two_factor_setup(confirm_form=form, status=400)


@bp.post("/account/two-factor/off")
@logins.password_form_limit
@role_required("front_desk")
def two_factor_off():
    if two_factor.required_for_everyone():
        flash(_("Your clinic requires two-step sign-in, so it cannot be turned off. "
                "An administrator can reset it if you lost your phone."), "warning")
        return redirect(url_for("staff.two_factor_setup"))
    form = ReauthForm()
    if not form.validate_on_submit() or logins.confirm_staff(current_user.email, form.password.data,
                                                            request.remote_addr, None) is None:
        flash(logins.refusal_message() if g.get("login_wait") else _("Enter your current password to turn off "
                                                                     "two-step sign-in."), "warning")
        return redirect(url_for("staff.two_factor_setup"))
    with write_transaction() as write:
        two_factor.turn_off(write, current_user.id)
        audit.record("two_factor.disable", object_type="user", object_id=current_user.public_id)
    flash(_("Two-step sign-in is off. You will log in with your password alone."), "success")
    return redirect(url_for("staff.two_factor_setup"))
