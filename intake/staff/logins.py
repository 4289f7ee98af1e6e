"""Logging in and out: throttled password checks and the server-side staff session rows."""

from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, func, select, text, update

from .. import accounts, audit
from ..accounts import LoginAttempt, StaffSession, User
from ..database import write_transaction
from ..extensions import db, limiter

# Attempts older than this are deleted as new ones arrive; they only ever matter for one window.
ATTEMPT_RETENTION = timedelta(days=1)
_LOGIN_LOCK_KEY = 0x1A7A_0A0D_18

# Posts to any form that checks a staff password (login, leaving kiosk mode, confirming before an
# export), per client address and counted together: however they are spread, argon2 runs a bounded
# number of times a minute. Wrong passwords themselves are counted in the database (attempt_login).
password_form_limit = limiter.shared_limit(lambda: current_app.config["PASSWORD_RATE_LIMIT"],
                                           scope="staff-password", methods=["POST"])


@dataclass
class LoginResult:
    user: User
    token: str


def attempt_login(email: str, password: str, client_address: str | None) -> LoginResult | None:
    """Check a login; None for every kind of refusal (unknown, wrong, disabled, throttled) alike.

    The attempt is counted as a failure before the password is checked, in a serialised write,
    so parallel guesses on several workers cannot slip past the limit; a success then flips it.
    The slow password check itself runs outside any write transaction.
    """
    checked = _check_password(email, password, client_address)
    if checked is None:
        return None
    user_id, attempt_id, new_hash, address = checked
    token = accounts.new_session_token()
    with write_transaction() as session:
        user = _record_success(session, user_id, attempt_id, new_hash)
        staff_session = StaffSession(user_id=user.id, token_hash=accounts.token_hash(token), created_at=accounts.now(),
                                     last_seen_at=accounts.now(), client_address=address)
        session.add(staff_session)
        session.flush()
        audit.record("login.success", object_type="session", object_id=staff_session.id, user=user)
    return LoginResult(user=user, token=token)


def confirm_staff(email: str, password: str, client_address: str | None, action: str) -> User | None:
    """A staff member's password checked without logging in (e.g. to take a tablet out of kiosk mode).

    Counted and throttled exactly like a login, refused alike for every reason; a success is
    recorded in the audit log as `action`, naming the staff member.
    """
    checked = _check_password(email, password, client_address)
    if checked is None:
        return None
    user_id, attempt_id, new_hash, _address = checked
    with write_transaction() as session:
        user = _record_success(session, user_id, attempt_id, new_hash, logged_in=False)
        audit.record(action, user=user)
    return user


def _check_password(email: str, password: str, client_address: str | None):
    """(user id, attempt id, new hash or None, address) when the password is right and not throttled; else None."""
    address = (client_address or "unknown")[:45]
    key = accounts.account_key(email)
    with write_transaction() as session:
        if session.get_bind().dialect.name == "postgresql":
            session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOGIN_LOCK_KEY})
        user = accounts.find_user_by_email(email)
        throttled = _is_throttled(session, key, address)
        attempt = None
        if throttled:
            audit.record("login.failure", outcome="throttled", user=user)
        else:
            attempt = LoginAttempt(account_key=key, client_address=address, succeeded=False,
                                   created_at=accounts.now())
            session.add(attempt)
            session.flush()
        attempt_id = attempt.id if attempt else None
        user_id = user.id if user else None
        session.execute(delete(LoginAttempt).where(LoginAttempt.created_at < accounts.now() - ATTEMPT_RETENTION))

    user = db.session.get(User, user_id) if user_id else None
    # Always run one password check, so a refusal takes as long as a wrong password.
    correct = accounts.verify_password(None if throttled else user, password)
    if throttled or not correct or not user.active:
        if not throttled:
            audit.record("login.failure", outcome="failure", user=user)
        return None
    new_hash = accounts.hash_password(password) if accounts.needs_rehash(user) else None
    return user_id, attempt_id, new_hash, address


def _record_success(session, user_id: int, attempt_id: int, new_hash: str | None, logged_in: bool = True) -> User:
    user = session.get(User, user_id)
    # A success clears the account's failure count (see _is_throttled), as for a login.
    session.execute(update(LoginAttempt).where(LoginAttempt.id == attempt_id).values(succeeded=True))
    if new_hash:
        user.password_hash = new_hash
    if logged_in:
        user.last_login_at = accounts.now()
    return user


def _is_throttled(session, key: str, address: str) -> bool:
    config = current_app.config
    window_start = accounts.now() - accounts.as_timedelta(config["LOGIN_FAILURE_WINDOW"])
    # A successful login clears the account's count: a user who mistyped a few times is not locked later.
    last_success = session.scalar(select(func.max(LoginAttempt.created_at))
                                  .where(LoginAttempt.account_key == key, LoginAttempt.succeeded.is_(True)))
    since = max(window_start, last_success) if last_success else window_start
    account_failures = session.scalar(select(func.count()).select_from(LoginAttempt).where(
        LoginAttempt.account_key == key, LoginAttempt.succeeded.is_(False), LoginAttempt.created_at >= since))
    if account_failures >= int(config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]):
        return True
    address_failures = session.scalar(select(func.count()).select_from(LoginAttempt).where(
        LoginAttempt.client_address == address, LoginAttempt.succeeded.is_(False),
        LoginAttempt.created_at >= window_start))
    return address_failures >= int(config["LOGIN_MAX_FAILURES_PER_ADDRESS"])



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
