"""Logging in and out: throttled password checks and the server-side staff session rows."""

from dataclasses import dataclass

from flask import current_app, g
from flask_babel import gettext as _
from sqlalchemy import select, update

from . import users as accounts, audit
from .users import StaffSession, User
from ..database import write_transaction
from ..extensions import db, limiter
from ..questionnaire import N_
from .two_factor import has_two_factor
from . import throttle

# The one answer for an unknown email, a wrong password and a disabled account.
LOGIN_REFUSED = N_("Email address or password not recognised. Check them and try again. "
                   "After several wrong tries, each new try has to wait a little longer.")

# Posts to any form that checks a staff password (login, leaving kiosk mode, confirming before an
# export, changing your password), per client address and counted together: however they are spread,
# argon2 runs a bounded number of times a minute. Wrong passwords themselves are counted in the
# database per account and address (throttle.py).
password_form_limit = limiter.shared_limit(lambda: current_app.config["PASSWORD_RATE_LIMIT"],
                                           scope="staff-password", methods=["POST"])


@dataclass
class LoginResult:
    user: User
    token: str | None  # None: the password was right, but a code from the authenticator app comes next


def refusal_message() -> str:
    """What to tell someone whose password (or code) was just refused: the wait, when there is one."""
    wait = g.get("login_wait")
    return throttle.wait_message(wait) if wait else _(LOGIN_REFUSED)


def attempt_login(email: str, password: str, client_address: str | None) -> LoginResult | None:
    """Check a login; None for every kind of refusal (unknown, wrong, disabled, waiting) alike.

    A user with two-step sign-in gets a LoginResult without a token: the code comes next
    (two_factor_views), and only then a session.
    """
    accepted = _accept_password(email, password, client_address)
    if accepted is None:
        return None
    user, user_id, address = accepted
    if has_two_factor(user_id):
        return LoginResult(user=user, token=None)
    return LoginResult(user=user, token=start_session(user_id, address))  # sets last_login_at


def start_session(user_id: int, address: str | None) -> str:
    """A new server-side session for a user whose login is complete; returns its token."""
    token = accounts.new_session_token()
    with write_transaction() as session:
        user = session.get(User, user_id)
        user.last_login_at = accounts.now()
        staff_session = StaffSession(user_id=user.id, token_hash=accounts.token_hash(token), created_at=accounts.now(),
                                     last_seen_at=accounts.now(), client_address=(address or "unknown")[:45])
        session.add(staff_session)
        session.flush()
        audit.record("login.success", object_type="session", object_id=staff_session.id, user=user)
    return token


def confirm_staff(email: str, password: str, client_address: str | None, action: str | None) -> User | None:
    """A staff member's password checked without logging in (e.g. to take a tablet out of kiosk mode).

    Counted and throttled exactly like a login, refused alike for every reason; a success is
    recorded in the audit log as `action` (if given), naming the staff member.
    """
    accepted = _accept_password(email, password, client_address, action)
    return accepted[0] if accepted else None


def _accept_password(email: str, password: str, client_address: str | None, action: str | None = None):
    """(user, user id, address) for a right password with no wait due, its success recorded; else None.

    The pair's count starts again, a hash with old parameters is renewed, and `action` (if given)
    is audited in the same write, naming the staff member.
    """
    checked = _check_password(email, password, client_address)
    if checked is None:
        return None
    user_id, attempt_id, new_hash, address = checked
    with write_transaction() as session:
        user = session.get(User, user_id)
        throttle.mark_succeeded(session, attempt_id)
        if new_hash:
            user.password_hash = new_hash
        if action:
            audit.record(action, user=user)
    return user, user_id, address


def _check_password(email: str, password: str, client_address: str | None):
    """(user id, attempt id, new hash or None, address) when the password is right and no wait is due; else None."""
    address = (client_address or "unknown")[:45]
    key = accounts.account_key(email)
    with write_transaction() as session:
        user = accounts.find_user_by_email(email)
        wait, attempt_id = throttle.begin_attempt(session, key, address)
        if wait:
            audit.record("login.failure", outcome="throttled", user=user)
        user_id = user.id if user else None
    if wait:
        # Refused before argon2 runs: waiting tries cost the server nothing.
        g.login_wait = wait
        return None
    user = db.session.get(User, user_id) if user_id else None
    # Always run one password check, so an unknown account takes as long as a wrong password.
    correct = accounts.verify_password(user, password)
    if not correct or not user.active:
        audit.record("login.failure", outcome="failure", user=user)
        return None
    new_hash = accounts.hash_password(password) if accounts.needs_rehash(user) else None
    return user_id, attempt_id, new_hash, address


def end_session(token: str | None, reason: str, action: str | None = None) -> bool:
    """End the session with this token (e.g. at logout), with its audit row. False if it had already ended."""
    if not token:
        return False
    with write_transaction() as session:
        row = session.execute(select(StaffSession.id, StaffSession.user_id)
                              .where(StaffSession.token_hash == accounts.token_hash(token),
                                     StaffSession.ended_at.is_(None))).first()
        if row is None:
            return False
        session.execute(update(StaffSession).where(StaffSession.id == row.id)
                        .values(ended_at=accounts.now(), end_reason=reason))
        if action:
            audit.record(action, object_type="session", object_id=row.id, user=session.get(User, row.user_id))
    return True


def confirm_password(user: User, password: str, client_address: str | None) -> bool:
    """The logged-in user's password again (before an export), counted and throttled like a login."""
    return confirm_staff(user.email, password, client_address, "account.reauth") is not None
