"""Turning a finished draft into a stored submission, with its triage and matched articles, exactly once."""

import secrets
import unicodedata
from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import bindparam, delete, select
from sqlalchemy.exc import IntegrityError

from . import notices
from ..database import read_value, write_connection
from ..extensions import db
from ..models import TRIAGE_RANK, Draft, Submission, SubmissionMatch, SubmissionRegion, new_uuid, utcnow
from ..questionnaire import QUESTIONNAIRE_VERSION

# No 0/O or 1/I/L: a reference is read aloud at the front desk.
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
MAX_MATCHES = 3
# The final submit's statements, built once.
_DRAFT_ANSWERS = select(Draft.__table__.c.answers).where(Draft.__table__.c.token_hash == bindparam("token_hash"))
# How long after a submission the same draft sent again still gets its confirmation.
REPEAT_SUBMIT_GRACE = timedelta(minutes=1)
_CLAIM_DRAFT = delete(Draft.__table__).where(Draft.__table__.c.token_hash == bindparam("token_hash"))
_INSERT_SUBMISSION = Submission.__table__.insert()
_INSERT_REGION = SubmissionRegion.__table__.insert()
_INSERT_MATCH = SubmissionMatch.__table__.insert()


def new_reference() -> str:
    raw = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def name_key(full_name: str) -> str:
    """Fold case, accents and spacing so "José  Pérez" and "jose perez" find the same patient."""
    decomposed = unicodedata.normalize("NFKD", full_name)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())[:120]


def submission_rows(answers: dict, draft_key: str, *, locale: str = "en", now: datetime | None = None,
                    articles=None) -> tuple[dict, list[dict], list[dict]]:
    """The rows a new submission is stored as (its own, its regions', its matches'), triage and matches computed now."""
    from ..rules import matching, triage

    now = now or utcnow()
    if articles is None:
        articles = current_app.extensions["intake.articles"].articles.values()
    result = triage.assess(answers, now.date())
    submission_id = new_uuid()
    row = {
        "id": submission_id, "reference": new_reference(), "draft_key": draft_key,
        "questionnaire_version": QUESTIONNAIRE_VERSION, "locale": locale, "created_at": now, "status": "new",
        "full_name": answers["full_name"], "name_key": name_key(answers["full_name"]),
        "date_of_birth": date.fromisoformat(answers["date_of_birth"]),
        "primary_region": answers.get("primary_region"),
        "pain_now": answers.get("pain_now"), "pain_worst": answers.get("pain_worst"),
        "triage_level": result.level, "triage_rank": TRIAGE_RANK[result.level],
        "triage_reasons": list(result.reasons), "answers": answers, "reviewed_at": None, "reviewed_by_id": None,
        # Open until staff record what was done about it (follow_through.py).
        "flag_open": result.level in ("emergency", "urgent"),
    }
    regions = [{"submission_id": submission_id, "code": code} for code in sorted(set(answers.get("regions", ())))]
    matches = [{"submission_id": submission_id, "rank": rank, "slug": m.slug, "title": m.title, "score": m.score,
                "reasons": list(m.reasons), "section": m.section, "article_version": m.version}
               for rank, m in enumerate(matching.match(answers, articles, limit=MAX_MATCHES), start=1)]
    return row, regions, matches


def build_submission(answers: dict, draft_key: str, *, locale: str = "en", now: datetime | None = None,
                     articles=None) -> Submission:
    """A new Submission (not yet added to the session) with triage and matches computed now."""
    row, regions, matches = submission_rows(answers, draft_key, locale=locale, now=now, articles=articles)
    submission = Submission(**row)
    submission.regions = [SubmissionRegion(**region) for region in regions]
    submission.matches = [SubmissionMatch(**match) for match in matches]
    return submission


def submit_draft(token_hash: str, final_answers: dict, locale: str = "en",
                 draft_answers: dict | None = None) -> str | None:
    """Store the draft as a submission and delete the draft, in one transaction; return its reference.

    A second submit of the same draft (double click, two tabs, a retry) returns the reference of
    the submission already stored instead of storing another. None if there is neither.
    `draft_answers`: the draft's answers when the caller has just read them (else read here);
    the draft is stored only if this call is the one that deletes it.
    """
    try:
        if draft_answers is None:
            draft_answers = read_value(_DRAFT_ANSWERS, {"token_hash": token_hash})
        if not draft_answers:  # no draft, or one holding only typed input not yet saved as answers
            return _stored_reference(token_hash)
        # Triage and matching run before the write lock is taken, so other patients' writes
        # wait only for the inserts themselves. Plain rows, not ORM objects: this is the busiest
        # write a patient makes (see `make bench`).
        row, regions, matches = submission_rows({**draft_answers, **final_answers}, token_hash, locale=locale)
        with write_connection() as tx:
            # Whoever deletes the draft stores it: a double click that lost the race stores nothing.
            claimed = tx.execute(_CLAIM_DRAFT, {"token_hash": token_hash}).rowcount
            if claimed:
                tx.execute(_INSERT_SUBMISSION, row)
                if regions:
                    tx.execute(_INSERT_REGION, regions)
                if matches:
                    tx.execute(_INSERT_MATCH, matches)
        if not claimed:
            return _stored_reference(token_hash)
    except IntegrityError:
        # The same draft committed by a concurrent request first (PostgreSQL): one row stands.
        db.session.rollback()
        existing = _stored_reference(token_hash)
        if existing is None:
            raise
        return existing
    # Committed: only now tell the practice, once per new submission (never for a repeat of the same
    # draft). A failing mail server is logged there and cannot undo or fail the stored submission.
    notices.new_submission(row["id"], row["triage_level"])
    return row["reference"]


def _stored_reference(token_hash: str) -> str | None:
    # Only for a repeat that comes at once (a double click, two tabs): after that the draft's token is
    # retired, so a copy of the patient's cookie taken while they filled in the answers cannot read
    # the confirmation (their urgency and matched articles) later.
    since = utcnow() - REPEAT_SUBMIT_GRACE
    return db.session.scalar(select(Submission.reference).where(Submission.draft_key == token_hash,
                                                                Submission.created_at > since))


def find_by_reference(reference: str) -> Submission | None:
    return db.session.scalars(select(Submission).where(Submission.reference == reference)).first()
