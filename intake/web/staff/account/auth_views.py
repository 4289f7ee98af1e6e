"""Logging in and out, and changing your own password."""

from urllib.parse import urlsplit

from flask import flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from ....accounts import users as accounts, audit
from ....database import write_transaction
from .blueprint import bp
from . import two_factor_views
from ....accounts import sessions as logins
from ..account_forms import ChangePasswordForm, LoginForm
from ..auth import role_required

# The one answer for an unknown email, a wrong password and a disabled account (a wait is said as such).
LOGIN_REFUSED = logins.LOGIN_REFUSED


def staff_home() -> str:
    return request.script_root + bp.url_prefix + "/"


def safe_next(target: str | None) -> str:
    """Only come back to a staff page on this site: never to another host (open redirect)."""
    if not target or "\\" in target or any(ord(char) < 32 for char in target):
        return staff_home()
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith(bp.url_prefix + "/") or parts.path.startswith("//"):
        return staff_home()
    if parts.path.rstrip("/") in (bp.url_prefix + "/login", bp.url_prefix + "/logout"):
        return staff_home()
    return request.script_root + parts.path


@bp.route("/login", methods=["GET", "POST"])
@logins.password_form_limit
def login():
    if request.method == "GET" and current_user.is_authenticated:
        return redirect(staff_home())
    form = LoginForm()
    refused = False
    if form.validate_on_submit():
        result = logins.attempt_login(form.email.data, form.password.data, request.remote_addr)
        if result is not None:
            # A fresh session: whatever the browser held before (another login, a patient's
            # draft, an attacker-planted cookie) is ended and dropped.
            logins.end_session(session.get("_user_id"), "replaced")
            session.clear()
            next_page = safe_next(request.args.get("next"))
            if result.token is None:  # two-step sign-in: the code from the authenticator app comes next
                return two_factor_views.ask_for_code(result.user, next_page)
            return two_factor_views.complete_login(result.user, result.token, next_page)
        refused = True
    form.password.data = ""
    return render_template("staff/login.html", form=form, refused=refused, refused_message=logins.refusal_message(),
                           title=_("Log in"))


@bp.route("/logout", methods=["POST"])
def logout():
    logins.end_session(session.get("_user_id"), "logout", "logout")
    logout_user()
    session.clear()
    flash(_("You have logged out."), "success")
    return redirect(url_for("staff.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@logins.password_form_limit
@role_required("front_desk", setup_step="password")
def change_password():
    form = ChangePasswordForm()
    form.policy_email = current_user.email
    if form.validate_on_submit():
        # The same throttle as logging in: a stolen session cannot be used to guess the password.
        if logins.confirm_staff(current_user.email, form.current_password.data, request.remote_addr, None) is None:
            audit.record("account.password", object_type="user", object_id=current_user.public_id,
                         outcome="failure")
            message = logins.refusal_message() if g.get("login_wait") else _("Your current password is not right")
            form.current_password.errors.append(message)
        else:
            token = current_user.session_token
            with write_transaction() as write:
                user = write.get(accounts.User, current_user.id)
                # Other devices logged in as this user are logged out; this one carries on.
                accounts.set_password(write, user, form.password.data, keep_session_token=token)
                audit.record("account.password", object_type="user", object_id=user.public_id, user=user)
            flash(_("Your password has been changed. Any other devices you were logged in on have been logged out."),
                  "success")
            return redirect(staff_home())
    return render_template("staff/password.html", form=form, title=_("Change your password"),
                           nav_active="account")
