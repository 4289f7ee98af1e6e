"""Database tables for drafts (answers in progress) and submissions with their regions and matches."""

import uuid
from datetime import UTC, date, datetime

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db

TRIAGE_RANK = {"emergency": 0, "urgent": 1, "none": 2}


def utcnow() -> datetime:
    """Naive UTC: SQLite keeps no time zone, so every stored time is UTC by rule."""
    return datetime.now(UTC).replace(tzinfo=None)


def new_uuid() -> str:
    return str(uuid.uuid4())


class Draft(db.Model):
    """A patient's answers in progress, found by the hash of a random token kept in their session."""

    __tablename__ = "draft"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    # What was typed on a page and left (Back, the language switch, an error) before it could be saved as answers.
    pending: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime, index=True)


class Submission(db.Model):
    """One completed questionnaire, with its triage, stored once per draft."""

    __tablename__ = "submission"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_uuid)
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    # The hash of the draft token it came from: a double submit cannot store twice.
    draft_key: Mapped[str] = mapped_column(String(64), unique=True)
    questionnaire_version: Mapped[str] = mapped_column(String(16))
    locale: Mapped[str] = mapped_column(String(8), default="en")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    status: Mapped[str] = mapped_column(String(16), default="new")

    full_name: Mapped[str] = mapped_column(String(120))
    # Case-, accent- and space-folded name for finding a patient's earlier visits.
    name_key: Mapped[str] = mapped_column(String(120))
    date_of_birth: Mapped[date] = mapped_column(Date)
    primary_region: Mapped[str | None] = mapped_column(String(32))
    pain_now: Mapped[int | None] = mapped_column(Integer)
    pain_worst: Mapped[int | None] = mapped_column(Integer)

    triage_level: Mapped[str] = mapped_column(String(16))
    # 0 emergency, 1 urgent, 2 none: sorts red flags first with one index.
    triage_rank: Mapped[int] = mapped_column(Integer)
    triage_reasons: Mapped[list] = mapped_column(JSON, default=list)

    answers: Mapped[dict] = mapped_column(JSON)

    # A red flag (emergency or urgent) stays open, at the top of the queue, until staff record what
    # was done about it (SubmissionAction); marking it reviewed does not close it.
    flag_open: Mapped[bool] = mapped_column(Boolean, default=False)

    # Who marked it reviewed, and when (UTC); both empty while the status is "new".
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))

    regions: Mapped[list["SubmissionRegion"]] = relationship(
        back_populates="submission", cascade="all, delete-orphan", order_by="SubmissionRegion.code"
    )
    matches: Mapped[list["SubmissionMatch"]] = relationship(
        back_populates="submission", cascade="all, delete-orphan", order_by="SubmissionMatch.rank"
    )
    notes: Mapped[list["SubmissionNote"]] = relationship(
        back_populates="submission", cascade="all, delete-orphan", order_by="SubmissionNote.created_at"
    )

    actions: Mapped[list["SubmissionAction"]] = relationship(
        back_populates="submission", cascade="all, delete-orphan",
        order_by="(SubmissionAction.created_at, SubmissionAction.id)"
    )
    article_choices: Mapped[list["ArticleChoice"]] = relationship(
        back_populates="submission", cascade="all, delete-orphan",
        order_by="(ArticleChoice.created_at, ArticleChoice.id)"
    )

    __table_args__ = (Index("ix_submission_patient", "name_key", "date_of_birth"),
                      # The queue's "waiting for a recorded action" panel, read in order.
                      Index("ix_submission_open_flags", "flag_open", "triage_rank", "created_at"))


# The queue reads its page straight off these in order, however many submissions there are:
# unreviewed red flags first, then newest (status "new"); newest first (status "reviewed").
Index("ix_submission_queue", Submission.status, Submission.triage_rank, Submission.created_at.desc(),
      Submission.id)
Index("ix_submission_status_time", Submission.status, Submission.created_at.desc(), Submission.id)


class SubmissionRegion(db.Model):
    """One body region a patient marked, stored as a row so it can be queried."""

    __tablename__ = "submission_region"

    submission_id: Mapped[str] = mapped_column(
        ForeignKey("submission.id", ondelete="CASCADE"), primary_key=True
    )
    code: Mapped[str] = mapped_column(String(32), primary_key=True, index=True)
    submission: Mapped[Submission] = relationship(back_populates="regions")


class SubmissionMatch(db.Model):
    """An education article matched to a submission, frozen with its reasons and article version."""

    __tablename__ = "submission_match"

    submission_id: Mapped[str] = mapped_column(
        ForeignKey("submission.id", ondelete="CASCADE"), primary_key=True
    )
    rank: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(200))
    score: Mapped[int] = mapped_column(Integer)
    reasons: Mapped[list] = mapped_column(JSON, default=list)
    section: Mapped[str | None] = mapped_column(String(80))
    article_version: Mapped[str] = mapped_column(String(64))
    submission: Mapped[Submission] = relationship(back_populates="matches")

    __table_args__ = (Index("ix_submission_match_slug", "slug", "rank"),)


class SubmissionNote(db.Model):
    """A practitioner's note on a submission: added, never edited (the record shows who wrote what, when)."""

    __tablename__ = "submission_note"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[str] = mapped_column(ForeignKey("submission.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    text: Mapped[str] = mapped_column(String(2000))
    submission: Mapped[Submission] = relationship(back_populates="notes")


class SubmissionAction(db.Model):
    """What staff did about a flagged submission (called, sent to emergency care...): added, never edited."""

    __tablename__ = "submission_action"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[str] = mapped_column(ForeignKey("submission.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(32))  # a code of follow_through.ACTIONS
    note: Mapped[str] = mapped_column(String(2000), default="")
    author_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Whether this action closed the flag (a front desk's "practitioner told" does not close an emergency).
    closed_flag: Mapped[bool] = mapped_column(Boolean, default=False)
    submission: Mapped[Submission] = relationship(back_populates="actions")


class ArticleChoice(db.Model):
    """A practitioner's choice of the article for the patient instead of the matched one: who, when and why."""

    __tablename__ = "submission_article_choice"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[str] = mapped_column(ForeignKey("submission.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(String(500))
    author_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    submission: Mapped[Submission] = relationship(back_populates="article_choices")
