"""Two-step sign-in for staff: TOTP codes from an authenticator app, single-use recovery codes, and the clinic-wide requirement.

The secret is shared with the staff member's phone through a QR code drawn here (segno, inline
SVG: nothing is fetched from anyone else). A code is accepted once: its time step is stored, so
a code seen over someone's shoulder cannot be replayed. Recovery codes are shown once and kept
only as argon2 hashes.
"""

import secrets
from datetime import UTC, datetime

import pyotp
import segno
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from markupsafe import Markup
from sqlalchemy import DateTime, ForeignKey, Integer, String, delete, or_, select, update
from sqlalchemy.orm import Mapped, mapped_column

from . import users as accounts
from ..extensions import db

RECOVERY_CODE_COUNT = 10
# Ten characters from an alphabet without look-alikes (no 0/O, 1/l/I), shown as "abcde-fghjk": 50 bits.
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
REQUIRE_SETTING = "two_factor_required"


class TwoFactor(db.Model):
    """A staff member's authenticator secret; enabled_at is empty until they have typed one code from it."""

    __tablename__ = "staff_two_factor"

    user_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"), primary_key=True)
    secret: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    enabled_at: Mapped[datetime | None] = mapped_column(DateTime)
    # The time step of the last code accepted: that code, and any earlier one, is refused from then on.
    last_step: Mapped[int | None] = mapped_column(Integer)


class RecoveryCode(db.Model):
    """One single-use recovery code, kept only as its argon2 hash."""

    __tablename__ = "staff_recovery_code"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(255))
    used_at: Mapped[datetime | None] = mapped_column(DateTime)


class StaffSetting(db.Model):
    """A clinic-wide staff setting an administrator changes on the Users page (e.g. two-step sign-in required)."""

    __tablename__ = "staff_setting"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))


# --- The clinic-wide requirement -----------------------------------------------------------

# The setting's value, built once: run as a plain statement here, and read by the staff session check
# in its own statement (a staff page without two-step set up asks on every request).
REQUIRED_VALUE = select(StaffSetting.__table__.c.value).where(StaffSetting.__table__.c.name == REQUIRE_SETTING)


def required_for_everyone() -> bool:
    return is_required(db.session.connection().execute(REQUIRED_VALUE).scalar())


def is_required(value: str | None) -> bool:
    """Whether the setting's stored value (REQUIRED_VALUE's result) requires two-step sign-in of everyone."""
    return value == "yes"


def set_required(session, required: bool) -> None:
    setting = session.get(StaffSetting, REQUIRE_SETTING) or StaffSetting(name=REQUIRE_SETTING)
    setting.value = "yes" if required else "no"
    session.add(setting)


def has_two_factor(user_id: int) -> bool:
    return db.session.scalar(select(TwoFactor.enabled_at).where(TwoFactor.user_id == user_id)) is not None


def enrolment_required(user_id: int) -> bool:
    """Whether this user must set up two-step sign-in before doing anything else."""
    return required_for_everyone() and not has_two_factor(user_id)


# --- Setting it up -------------------------------------------------------------------------

def pending_secret(user_id: int) -> str | None:
    """The secret being set up (not yet confirmed with a code), or None."""
    row = db.session.get(TwoFactor, user_id)
    return row.secret if row is not None and row.enabled_at is None else None


def start_setup(session, user_id: int) -> None:
    """A new secret for this user, not in force until confirmed; replaces an unfinished set-up."""
    session.execute(delete(TwoFactor).where(TwoFactor.user_id == user_id, TwoFactor.enabled_at.is_(None)))
    session.add(TwoFactor(user_id=user_id, secret=pyotp.random_base32(), created_at=accounts.now()))


def provisioning_uri(secret: str, email: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=current_app.config["CLINIC_NAME"])


def qr_svg(uri: str) -> Markup:
    """The set-up QR code as inline SVG (no script, no style attribute: allowed by our CSP)."""
    svg = segno.make(uri, error="m").svg_inline(scale=5, dark="#000", light="#fff", title="QR code", svgclass="qr")
    return Markup(svg)  # nosec B704: segno's own markup; the only input is our URI, which it encodes as modules


def confirm_setup(session, user_id: int, code: str) -> list[str] | None:
    """Turn two-step sign-in on if `code` matches the pending secret; returns the new recovery codes (shown once)."""
    row = session.get(TwoFactor, user_id)
    if row is None or row.enabled_at is not None or not _accept_totp(row, code):
        return None
    row.enabled_at = accounts.now()
    return new_recovery_codes(session, user_id)


def new_recovery_codes(session, user_id: int) -> list[str]:
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user_id))
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
        session.add(RecoveryCode(user_id=user_id, code_hash=accounts.password_hasher().hash(raw)))
    return codes


def turn_off(session, user_id: int) -> bool:
    """Remove the user's secret and recovery codes (by themselves, or an administrator's reset). False if none."""
    removed = session.execute(delete(TwoFactor).where(TwoFactor.user_id == user_id)).rowcount
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user_id))
    return bool(removed)


def recovery_codes_left(user_id: int) -> int:
    return len(db.session.scalars(select(RecoveryCode.id).where(RecoveryCode.user_id == user_id,
                                                                RecoveryCode.used_at.is_(None))).all())


# --- Signing in ------------------------------------------------------------------------------

def find_code(user_id: int, code: str) -> tuple[str, int] | None:
    """A read only (no write lock held while argon2 runs): ("app", time step) or ("recovery", code id) if `code`
    is right and unused; else None. spend() then uses it up."""
    row = db.session.get(TwoFactor, user_id)
    if row is None or row.enabled_at is None:
        return None
    step = _matching_step(row, code)
    if step is not None:
        return "app", step
    wanted = _recovery_form(code)
    if wanted is None:
        return None
    hasher = accounts.password_hasher()
    for code_id, code_hash in db.session.execute(select(RecoveryCode.id, RecoveryCode.code_hash).where(
            RecoveryCode.user_id == user_id, RecoveryCode.used_at.is_(None))).all():
        try:
            hasher.verify(code_hash, wanted)
        except (VerificationError, InvalidHashError):
            continue
        return "recovery", code_id
    return None


def spend(session, user_id: int, found: tuple[str, int]) -> bool:
    """Inside a write: use up a code find_code() accepted. False if another request used it first."""
    kind, value = found
    if kind == "app":
        statement = (update(TwoFactor).where(TwoFactor.user_id == user_id, or_(TwoFactor.last_step.is_(None),
                                                                              TwoFactor.last_step < value))
                     .values(last_step=value))
    else:
        statement = (update(RecoveryCode).where(RecoveryCode.id == value, RecoveryCode.user_id == user_id,
                                                RecoveryCode.used_at.is_(None)).values(used_at=accounts.now()))
    return session.execute(statement).rowcount == 1


def _accept_totp(row: TwoFactor, code: str) -> bool:
    step = _matching_step(row, code)
    if step is None:
        return False
    row.last_step = step
    return True


def _matching_step(row: TwoFactor, code: str) -> int | None:
    digits = "".join((code or "").split())
    if len(digits) != 6 or not digits.isascii() or not digits.isdigit():
        return None
    totp = pyotp.TOTP(row.secret)
    now_step = int(accounts.now().replace(tzinfo=UTC).timestamp()) // totp.interval  # naive UTC, whatever TZ says
    for offset in (0, -1, 1):  # the phone's clock may be one 30-second step off either way
        step = now_step + offset
        if row.last_step is not None and step <= row.last_step:
            continue  # that code (or an older one) was used already
        if secrets.compare_digest(totp.generate_otp(step), digits):
            return step
    return None


def _recovery_form(code: str) -> str | None:
    raw = "".join(char for char in (code or "").lower() if char not in " -")
    if len(raw) != 10 or any(char not in _RECOVERY_ALPHABET for char in raw):
        return None
    return raw
