"""Who is logged in and what they may do: the server-side session check and the role_required decorator.

Usage in a staff view (roles nest: admin ⊇ practitioner ⊇ front desk):

    @bp.route("/submissions/<uuid:submission_id>")
    @role_required("front_desk")          # every staff member
    def submission(submission_id): ...

    @role_required("practitioner")        # practitioners and admins

A view says itself what else the checks need to know of it: `background=True` for a request its page
makes by itself, `setup_step=` for the pages that set an account up (see role_required).
"""

from dataclasses import dataclass
from datetime import timedelta
from functools import wraps

from flask import current_app, flash, g, jsonify, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import bindparam, select, update

from ...accounts import users as accounts, audit, two_factor
from ...accounts.users import ROLE_RANK, StaffIdentity, StaffSession, User, has_role
from ...database import write_transaction
from ...extensions import db, login_manager
from ...questionnaire import N_
from ...accounts.two_factor import TwoFactor

__all__ = ["has_role", "init_app", "role_required"]

# last_seen_at is written at most this often, so most staff requests stay read-only.
# The idle limit therefore counts from up to a minute before the last request: stricter, never looser.
TOUCH_INTERVAL = timedelta(seconds=60)

# What an account owes before its staff pages open, in this order: its own password in place of one an
# administrator chose, then two-step sign-in where the clinic requires it. A page of one step (say
# role_required(..., setup_step="two_factor")) opens once the steps before it are done; the password page
# opens before two-step set-up, or the two rules would send such a user back and forth.
SETUP_STEPS = ("password", "two_factor")

_END_MESSAGES = {
    "idle": N_("You were logged out because you were inactive for too long. Log in again to continue."),
    "expired": N_("Your session reached its time limit. Log in again to continue."),
}


@dataclass(frozen=True)
class StaffMember(StaffIdentity):
    """The logged-in account as this request found it (current_user): plain values, outside the ORM session."""

    id: int
    public_id: str
    email: str
    name: str
    role: str
    password_hash: str
    must_change_password: bool
    session_token: str
    two_factor: bool = False  # two-step sign-in turned on
    # Whether the clinic requires two-step sign-in of everyone, read with the session in one statement.
    clinic_requires_two_factor: bool = False


_SESSION, _USER, _TWO_FACTOR = StaffSession.__table__, User.__table__, TwoFactor.__table__
# Plain columns, built once: every staff request runs it, and loading a User object through the
# ORM for it cost more than the query itself.
_SESSION_BY_TOKEN = (
    select(_SESSION.c.id, _SESSION.c.created_at, _SESSION.c.last_seen_at, _SESSION.c.ended_at, _USER.c.active,
           _USER.c.id.label("user_id"), _USER.c.public_id, _USER.c.email, _USER.c.name, _USER.c.role,
           _USER.c.password_hash, _USER.c.must_change_password, _TWO_FACTOR.c.enabled_at.label("two_factor_at"),
           two_factor.REQUIRED_VALUE.scalar_subquery().label("two_factor_setting"))
    .select_from(_SESSION.join(_USER, _USER.c.id == _SESSION.c.user_id)
                 .outerjoin(_TWO_FACTOR, _TWO_FACTOR.c.user_id == _USER.c.id))
    .where(_SESSION.c.token_hash == bindparam("token_hash"))
)


def init_app(app):
    """The staff session check and the login manager, once per app (the factory's register_staff_blueprints)."""
    login_manager.init_app(app)
    login_manager.login_view = "staff.login"
    # Identity lives in the server-side session row; tying it to the IP address as well would
    # log out tablets that move between access points.
    login_manager.session_protection = None
    app.jinja_env.globals["has_role"] = has_role
    app.jinja_env.globals["role_label"] = lambda role: accounts.ROLE_LABELS.get(role, role)
    app.jinja_env.globals["audit_action_label"] = lambda action: audit.ACTIONS.get(action, action)

    @app.before_request
    def resolve_staff_session():
        # Check the staff session before any view code runs: the check may write (last seen,
        # timeout), and that write must never start inside a view's own write transaction,
        # which it would roll back (write_transaction begins with a rollback).
        if request.endpoint != "static" and "_user_id" in session:
            current_user._get_current_object()


@login_manager.user_loader
def load_user(token: str) -> StaffMember | None:
    """The user for this request's session token, or None if the session is unknown, ended or too old."""
    if not token or len(token) > 128:
        return None
    # On the session's connection: it begins the request's read transaction, which later reads share.
    staff_session = db.session.connection().execute(
        _SESSION_BY_TOKEN, {"token_hash": accounts.token_hash(token)}).first()
    if staff_session is None or staff_session.ended_at is not None or not staff_session.active:
        return None
    # Every field by name: a field added to StaffMember or a column to the query cannot shift one into another.
    user = StaffMember(id=staff_session.user_id, public_id=staff_session.public_id, email=staff_session.email,
                       name=staff_session.name, role=staff_session.role, password_hash=staff_session.password_hash,
                       must_change_password=bool(staff_session.must_change_password), session_token=token,
                       two_factor=staff_session.two_factor_at is not None,
                       clinic_requires_two_factor=two_factor.is_required(staff_session.two_factor_setting))
    moment = accounts.now()
    config = current_app.config
    if moment - staff_session.created_at >= accounts.as_timedelta(config["STAFF_SESSION_MAX_AGE"]):
        return _end_session(staff_session.id, user, "expired", "session.expired")
    if moment - staff_session.last_seen_at >= accounts.as_timedelta(config["STAFF_IDLE_TIMEOUT"]):
        return _end_session(staff_session.id, user, "idle", "session.timeout")
    if moment - staff_session.last_seen_at >= TOUCH_INTERVAL and not is_background(request.endpoint):
        with write_transaction() as write:
            write.execute(update(StaffSession).where(StaffSession.id == staff_session.id)
                          .values(last_seen_at=moment))
    return user


def _end_session(session_id: int, user: StaffMember, reason: str, action: str) -> None:
    with write_transaction() as write:
        ended = write.execute(
            update(StaffSession).where(StaffSession.id == session_id, StaffSession.ended_at.is_(None))
            .values(ended_at=accounts.now(), end_reason=reason)
        ).rowcount
        # Two tabs can arrive together after the timeout: only the one that ended it records it.
        if ended:
            audit.record(action, object_type="session", object_id=session_id, user=user)
    session.clear()
    g.staff_session_end = reason
    return None


def login_redirect():
    """Send an anonymous visitor to the login page, coming back here afterwards (path only: no query values)."""
    reason = g.pop("staff_session_end", None)
    if reason in _END_MESSAGES:
        flash(_(_END_MESSAGES[reason]), "warning")
    if is_background(request.endpoint):
        # The page's script goes to the login page itself, so the screen stops showing the queue.
        return jsonify(logged_out=True, login=url_for("staff.login")), 401
    target = request.path if request.method == "GET" else None
    return redirect(url_for("staff.login", next=target))


@login_manager.unauthorized_handler
def _unauthorized():
    return login_redirect()


def forbidden():
    """The 403 page, with an audit row naming the page that was refused."""
    audit.record("access.denied", object_type="endpoint", object_id=request.endpoint, outcome="denied")
    return render_template("staff/forbidden.html", title=_("You do not have access to this page")), 403


def is_background(endpoint: str | None) -> bool:
    """Whether `endpoint` is a request a page makes by itself (role_required(..., background=True))."""
    return getattr(current_app.view_functions.get(endpoint), "staff_background", False)


def role_required(*roles: str, background: bool = False, setup_step: str | None = None):
    """Allow the view to users holding any of `roles` (or a role above it); anonymous → login, others → 403.

    `background`: a request the page makes by itself (the queue's 30-second count). It never counts as
    activity, or a workstation left open on the queue would never reach the idle logoff, and a logged-out
    one is answered 401 with where to log in, for the page's script to go there.
    `setup_step`: the view is that step of SETUP_STEPS, open before the account has finished it.
    """
    unknown = [role for role in roles if role not in ROLE_RANK]
    if not roles or unknown or (setup_step is not None and setup_step not in SETUP_STEPS):
        raise ValueError(f"role_required needs known roles and set-up step, got {roles!r}, {setup_step!r}")
    # The steps before this page's own: the ones that must be done for it to open.
    owed_first = SETUP_STEPS[:SETUP_STEPS.index(setup_step)] if setup_step else SETUP_STEPS

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_redirect()
            if current_user.must_change_password and "password" in owed_first:
                return redirect(url_for("staff.change_password"))
            if (not current_user.two_factor and "two_factor" in owed_first
                    and current_user.clinic_requires_two_factor):
                return redirect(url_for("staff.two_factor_setup"))
            if not any(has_role(current_user, role) for role in roles):
                return forbidden()
            return view(*args, **kwargs)

        wrapped.required_roles = roles
        wrapped.staff_background = background
        return wrapped

    return decorator
