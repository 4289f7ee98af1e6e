"""Invitations: a booked patient's personal link to the questionnaire, its e-mail, and the day's list of who is expected.

The link's token is derived from SECRET_KEY and a random nonce (so the front desk can copy or resend
the same link), and only its hash is looked up: a database reader cannot open anyone's form. The
invitation and the submission are tied by the draft it started (submission.draft_key), so the
questionnaire code needs no change for it.
"""

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from email.message import EmailMessage
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, select
from sqlalchemy.orm import Mapped, mapped_column

from ..config import public_link
from ..extensions import db
from ..models import Submission, new_uuid, utcnow

NAME_MAX_LENGTH = 120
EMAIL_MAX_LENGTH = 254
STATUS_LABELS = {"not_started": "Not started", "in_progress": "In progress", "sent": "Sent"}


class Invitation(db.Model):
    """One booked appointment's invitation: who, when, where the link went, and the draft it started."""

    __tablename__ = "invitation"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_uuid)
    full_name: Mapped[str] = mapped_column(String(NAME_MAX_LENGTH))
    date_of_birth: Mapped[date] = mapped_column(Date)
    email: Mapped[str] = mapped_column(String(EMAIL_MAX_LENGTH))
    locale: Mapped[str] = mapped_column(String(8), default="en")
    # Naive UTC, as every stored time; entered and shown in the clinic's time zone.
    appointment_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    # The end of the appointment's day in the clinic's time zone: the link stops working then.
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    token_nonce: Mapped[str] = mapped_column(String(64))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The hash of the draft token the link started: equal to the submission's draft_key once sent.
    draft_key: Mapped[str | None] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    emailed_at: Mapped[datetime | None] = mapped_column(DateTime)


def clinic_zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["CLINIC_TIMEZONE"])


def to_utc(local: datetime, zone: ZoneInfo) -> datetime:
    """A wall-clock time in the clinic (naive) as stored: naive UTC."""
    return local.replace(tzinfo=zone).astimezone(UTC).replace(tzinfo=None)


def to_local(stored: datetime, zone: ZoneInfo) -> datetime:
    """A stored (naive UTC) time as an aware time in the clinic's zone."""
    return stored.replace(tzinfo=UTC).astimezone(zone)


def end_of_day(local: datetime, zone: ZoneInfo) -> datetime:
    """Midnight after the local time's day, in the clinic's time zone, as naive UTC."""
    return to_utc(datetime.combine(local.date() + timedelta(days=1), time.min), zone)


def token_for(nonce: str, secret_key: str) -> str:
    digest = hmac.new(str(secret_key).encode(), f"invitation:{nonce}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def link_token(invitation: Invitation) -> str:
    return token_for(invitation.token_nonce, current_app.config["SECRET_KEY"])


def create(session, *, full_name: str, date_of_birth: date, email: str, appointment_local: datetime,
           locale: str = "en", created_by_id: int | None = None) -> Invitation:
    """A new invitation (added to `session`) for an appointment given in the clinic's local time."""
    zone = clinic_zone()
    nonce = secrets.token_urlsafe(32)
    invitation = Invitation(
        id=new_uuid(), full_name=" ".join(full_name.split()), date_of_birth=date_of_birth,
        email=email.strip(), locale=locale, appointment_at=to_utc(appointment_local, zone),
        expires_at=end_of_day(appointment_local, zone), token_nonce=nonce,
        token_hash=hash_token(token_for(nonce, current_app.config["SECRET_KEY"])), created_at=utcnow(),
        created_by_id=created_by_id)
    session.add(invitation)
    return invitation


def find_by_token(token: str) -> Invitation | None:
    if not token or len(token) > 128:
        return None
    return db.session.scalars(select(Invitation).where(Invitation.token_hash == hash_token(token))).first()


def is_expired(invitation: Invitation, now: datetime | None = None) -> bool:
    return (now or utcnow()) >= invitation.expires_at


def submission_id_for(invitation: Invitation) -> str | None:
    if not invitation.draft_key:
        return None
    return db.session.scalar(select(Submission.id).where(Submission.draft_key == invitation.draft_key))


@dataclass
class Expected:
    """One row of the Today view."""

    invitation: Invitation
    status: str
    submission_id: str | None
    submission_reference: str | None

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


def expected_on(day: date, zone: ZoneInfo) -> list[Expected]:
    """The invitations whose appointment falls on `day` in the clinic's time zone, earliest first, with status."""
    start = to_utc(datetime.combine(day, time.min), zone)
    end = to_utc(datetime.combine(day + timedelta(days=1), time.min), zone)
    rows = db.session.execute(
        select(Invitation, Submission.id, Submission.reference)
        .outerjoin(Submission, Submission.draft_key == Invitation.draft_key)
        .where(Invitation.appointment_at >= start, Invitation.appointment_at < end)
        .order_by(Invitation.appointment_at, Invitation.full_name)
    ).all()
    found = []
    for invitation, submission_id, reference in rows:
        status = "sent" if submission_id else ("in_progress" if invitation.draft_key else "not_started")
        found.append(Expected(invitation, status, submission_id, reference))
    return found


def patient_link(invitation: Invitation) -> str | None:
    """The absolute link for the e-mail and the Today view; None while PUBLIC_URL is unset."""
    # The endpoint is the patient blueprint's to name (it declares it): nothing below the blueprints names one.
    endpoint = current_app.extensions["intake.invitation_endpoint"]
    path = current_app.url_map.bind("localhost", script_name="/").build(endpoint, {"token": link_token(invitation)})
    return public_link(current_app.config.get("PUBLIC_URL"), path)


def build_email(config, invitation: Invitation, link: str) -> EmailMessage:
    """The invitation e-mail: the clinic's name and the link, nothing about the patient or their health."""
    clinic = " ".join(str(config["CLINIC_NAME"]).split())  # one line: no header injection from settings
    with force_locale(invitation.locale or "en"):
        subject = _("Your form before your visit - %(clinic)s", clinic=clinic)
        body = "\n\n".join([
            _("%(clinic)s asks you to fill in a short health questionnaire before your visit.", clinic=clinic),
            _("Open your personal link:"),
            link,
            _("The link works until the end of the day of your visit. Please do not forward this e-mail."),
        ]) + "\n"
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = config["MAIL_FROM"]
    message["To"] = invitation.email
    message.set_content(body)
    return message


def send_email(invitation: Invitation) -> str | None:
    """E-mail the link; None when the mail server accepted it, else why not (in words for the front desk)."""
    from . import notices

    config = current_app.config
    if not config.get("MAIL_FROM"):
        return "E-mail is not set up (MAIL_FROM): copy the link and send it another way."
    link = patient_link(invitation)
    if not link:
        return "PUBLIC_URL is not set, so there is no link to e-mail: set it with `flask --app intake setup`."
    if not notices.send(build_email(config, invitation, link), event="invitation.failed"):
        return "The mail server did not accept the e-mail: try Resend later, or copy the link."
    return None
