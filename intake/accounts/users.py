"""Staff accounts: users, server-side sessions, login attempts, argon2id passwords and the password policy."""

import hashlib
import hmac
import secrets
import unicodedata
import uuid
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_login import UserMixin
from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, select, update
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..questionnaire import N_
from ..text import has_control_characters

ROLES = ("front_desk", "practitioner", "admin")
# Each role may do everything the roles before it may.
ROLE_RANK = {role: rank for rank, role in enumerate(ROLES)}
ROLE_LABELS = {"front_desk": N_("Front desk"), "practitioner": N_("Practitioner"), "admin": N_("Administrator")}

PASSWORD_MIN_LENGTH = 12
# Long passphrases are welcome; the cap only stops someone making us hash megabytes.
PASSWORD_MAX_LENGTH = 256
EMAIL_MAX_LENGTH = 254
COMMON_PASSWORDS_FILE = Path(__file__).parent / "common-passwords.txt"


def now() -> datetime:
    """The clock for sessions and throttling (naive UTC); tests move it by monkeypatching this."""
    return datetime.now(UTC).replace(tzinfo=None)


def as_timedelta(value) -> timedelta:
    """A duration setting: a timedelta, or seconds (as environment variables such as INTAKE_STAFF_IDLE_TIMEOUT give)."""
    return value if isinstance(value, timedelta) else timedelta(seconds=int(value))


def new_public_id() -> str:
    return str(uuid.uuid4())


class StaffIdentity(UserMixin):
    """What a stored account and the request's logged-in member (intake.web.staff.auth.StaffMember) share."""

    @property
    def display_name(self) -> str:
        return self.name or self.email

    def get_id(self) -> str | None:
        # Flask-Login keeps this in the cookie: the session token, not the user id, so the
        # server can end one session (logout, timeout) without touching the others.
        return self.session_token


class User(StaffIdentity, db.Model):
    """A named staff member. Never deleted (audit rows point at it); disabled instead."""

    __tablename__ = "staff_user"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The id shown in admin URLs: random, so ids cannot be guessed or counted.
    public_id: Mapped[str] = mapped_column(String(36), unique=True, default=new_public_id)
    email: Mapped[str] = mapped_column(String(EMAIL_MAX_LENGTH), unique=True)
    name: Mapped[str] = mapped_column(String(120), default="")
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Set when an administrator chose the password: the user must pick their own at next login.
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=now)
    password_changed_at: Mapped[datetime] = mapped_column(DateTime, default=now)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime)

    sessions: Mapped[list["StaffSession"]] = relationship(back_populates="user")

    # The token of the session this request was made with (set by the user loader, never stored).
    session_token = None

    @property
    def is_active(self) -> bool:
        return bool(self.active)


class StaffSession(db.Model):
    """One login, kept on the server: a copied cookie stops working once this row has ended."""

    __tablename__ = "staff_session"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"), index=True)
    # Only the hash of the token is stored: a copy of the database cannot be used to log in.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=now)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime, default=now)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime)
    end_reason: Mapped[str | None] = mapped_column(String(24))
    client_address: Mapped[str | None] = mapped_column(String(45))

    user: Mapped[User] = relationship(back_populates="sessions")


class LoginAttempt(db.Model):
    """One try at logging in, kept in the database so throttling holds across every worker."""

    __tablename__ = "login_attempt"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=now)
    # A keyed hash of the typed email: counts per account without keeping what people typed
    # (sometimes a password typed into the wrong box).
    account_key: Mapped[str] = mapped_column(String(64))
    client_address: Mapped[str] = mapped_column(String(45))
    succeeded: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (
        Index("ix_login_attempt_account", "account_key", "created_at"),
        Index("ix_login_attempt_address", "client_address", "created_at"),
        Index("ix_login_attempt_created_at", "created_at"),
    )


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


def normalize_email(email: str) -> str:
    return (email or "").strip().lower()


def account_key(email: str) -> str:
    key = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(key, normalize_email(email).encode(), hashlib.sha256).hexdigest()


# --- Passwords ---------------------------------------------------------------------------

def normalize_password(password: str) -> str:
    """NFKC, as NIST SP 800-63B advises: the same passphrase typed on another keyboard still matches."""
    return unicodedata.normalize("NFKC", password)


def password_hasher() -> PasswordHasher:
    """argon2id with the configured cost; changing the config makes old hashes get rehashed at login."""
    config = current_app.config
    return _hasher(config["ARGON2_TIME_COST"], config["ARGON2_MEMORY_COST"], config["ARGON2_PARALLELISM"])


@cache
def _hasher(time_cost: int, memory_cost: int, parallelism: int) -> PasswordHasher:
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism)


def hash_password(password: str) -> str:
    return password_hasher().hash(normalize_password(password))


def verify_password(user: User | None, password: str) -> bool:
    """Check a password; for an unknown user, spend the same time on a dummy hash so timing tells nothing."""
    hasher = password_hasher()
    stored = user.password_hash if user is not None else _dummy_hash(hasher)
    try:
        ok = hasher.verify(stored, normalize_password(password))
    except (VerificationError, InvalidHashError):
        return False
    return ok and user is not None


def needs_rehash(user: User) -> bool:
    return password_hasher().check_needs_rehash(user.password_hash)


def _dummy_hash(hasher: PasswordHasher) -> str:
    key = (hasher.time_cost, hasher.memory_cost, hasher.parallelism)
    if key not in _DUMMY_HASHES:
        _DUMMY_HASHES[key] = hasher.hash(secrets.token_urlsafe(16))
    return _DUMMY_HASHES[key]


_DUMMY_HASHES: dict[tuple, str] = {}


@cache
def common_passwords() -> frozenset[str]:
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().casefold() for line in lines if line.strip() and not line.startswith("#"))


def password_problem(password: str, *, email: str = "") -> str | None:
    """Why a new password is refused (untranslated message), or None when it is acceptable.

    No composition rules (NIST SP 800-63B): length, a common-password list, and the
    obvious guesses built from the account's own email address or a single repeated pattern.
    """
    password = normalize_password(password or "")
    if len(password) < PASSWORD_MIN_LENGTH:
        return N_("Password must be at least 12 characters long. A few unrelated words make a good one.")
    if len(password) > PASSWORD_MAX_LENGTH:
        return N_("Password must be 256 characters or fewer.")
    folded = password.casefold()
    squeezed = "".join(folded.split())
    # "password1234" and "iloveyou!!!!" are the common ones with a suffix added to reach the length.
    stem = squeezed.rstrip("0123456789!@#$%^&*?.-_")
    common = common_passwords()
    if folded in common or squeezed in common or (len(stem) >= 6 and stem in common):
        return N_("That password is too common. Choose something harder to guess, such as a few unrelated words.")
    if len(set(folded)) < 5:
        return N_("That password repeats too few characters. Choose something harder to guess.")
    local = normalize_email(email).split("@")[0]
    if len(local) >= 4 and local in folded:
        return N_("Password must not contain your email address.")
    return None


# --- Users -------------------------------------------------------------------------------

# Zero-width joiners are part of how some scripts and emoji are written; other format characters
# (bidi overrides, zero-width spaces) only disguise a name in the staff list and the audit log.
_NAME_FORMAT_ALLOWED = {"\u200c", "\u200d"}


def name_problem(name: str) -> str | None:
    """Why a staff member's name is refused (untranslated message), or None when it is acceptable."""
    if len(name) > 120:
        return N_("Name must be 120 characters or fewer")
    if has_control_characters(name) or any(unicodedata.category(char) == "Cf" and char not in _NAME_FORMAT_ALLOWED
                                           for char in name):
        return N_("Name must not contain control characters (such as Escape, tabs, line breaks or "
                  "hidden direction marks): type the name as it should appear")
    return None


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalize_email(email)))


def find_user_by_public_id(public_id: str) -> User | None:
    try:
        public_id = str(uuid.UUID(public_id))
    except (ValueError, TypeError, AttributeError):
        return None
    return db.session.scalar(select(User).where(User.public_id == public_id))


def create_user(session, *, email: str, role: str, password: str, name: str = "",
                must_change_password: bool = False) -> User:
    """Add a user inside the caller's write transaction (inputs already validated)."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    user = User(email=normalize_email(email), name=name.strip(), role=role, password_hash=hash_password(password),
                must_change_password=must_change_password, password_changed_at=now(), created_at=now())
    session.add(user)
    session.flush()
    return user


def set_password(session, user: User, password: str, *, must_change: bool = False,
                 keep_session_token: str | None = None) -> int:
    """Store a new password and end the user's sessions (all but the one given). Returns how many ended."""
    user.password_hash = hash_password(password)
    user.password_changed_at = now()
    user.must_change_password = must_change
    return end_sessions(session, user, "password_changed", keep_token=keep_session_token)


def end_sessions(session, user: User, reason: str, *, keep_token: str | None = None) -> int:
    query = update(StaffSession).where(StaffSession.user_id == user.id, StaffSession.ended_at.is_(None))
    if keep_token:
        query = query.where(StaffSession.token_hash != token_hash(keep_token))
    result = session.execute(query.values(ended_at=now(), end_reason=reason))
    return result.rowcount or 0


def has_role(user, role: str) -> bool:
    """Whether a user may act as `role`: admin ⊇ practitioner ⊇ front desk. Anonymous users have no role."""
    if user is None or not getattr(user, "is_authenticated", False) or role not in ROLE_RANK:
        return False
    return ROLE_RANK.get(user.role, -1) >= ROLE_RANK[role]
