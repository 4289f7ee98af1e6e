"""Records out, shared by the staff pages and the command line: submissions as plain records, FHIR and CSV.

Each export is audited (actions below) by the view or command that sends it; the command line's
rows have no user and the source "cli", as `restore` and `purge` do.
"""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..accounts import audit
from . import csv_export as export_csv, fhir as export_fhir, fhir_definitions
from ..accounts.users import User
from ..rules.asked import exportable_answers
from ..extensions import db
from ..models import Submission
from ..questionnaire import N_

for _action, _label in (("export.csv", N_("Exported CSV")), ("export.fhir", N_("Exported FHIR")),
                        ("export.pdf", N_("Exported a PDF"))):
    audit.register_action(_action, _label)

# The FHIR base when PUBLIC_URL is unset: the address `make run` serves, so the definitions resolve there.
FALLBACK_PUBLIC_URL = "http://127.0.0.1:5000"


def fhir_base() -> str:
    """The FHIR base under PUBLIC_URL: canonical URLs and identifier systems start with it."""
    return (current_app.config.get("PUBLIC_URL") or FALLBACK_PUBLIC_URL).rstrip("/") + "/fhir"


def publisher() -> str:
    return " ".join(str(current_app.config["CLINIC_NAME"]).split())


def _iso(moment: datetime | None) -> str | None:
    return moment.replace(tzinfo=UTC).isoformat(timespec="seconds") if moment else None


def records(submissions: list[Submission]) -> list[dict]:
    """Each submission as a plain dict: what the exporters read (answers by code, record columns by name)."""
    reviewer_ids = {s.reviewed_by_id for s in submissions if s.reviewed_by_id}
    reviewers = {u.id: u.name or u.email for u in db.session.scalars(
        select(User).where(User.id.in_(reviewer_ids)))} if reviewer_ids else {}
    return [{
        "id": s.id, "reference": s.reference, "full_name": s.full_name, "name_key": s.name_key,
        "date_of_birth": s.date_of_birth.isoformat(), "authored": _iso(s.created_at),
        "submitted_at": _iso(s.created_at), "language": s.locale,
        "review_status": s.status, "reviewed_by": reviewers.get(s.reviewed_by_id), "reviewed_at": _iso(s.reviewed_at),
        "triage_level": s.triage_level, "triage_reasons": list(s.triage_reasons or ()),
        "matched_articles": [m.slug for m in s.matches],
        "matches": [{"slug": m.slug, "title": m.title, "score": m.score, "reasons": list(m.reasons or ())}
                    for m in s.matches],
        # A flag the submission was never asked (stored before contract 2) is left out, never "no".
        "answers": exportable_answers(s.answers, s.questionnaire_version),
    } for s in submissions]


def since(day: date | None) -> list[Submission]:
    """Every submission sent on or after `day` (in the clinic's time zone), oldest first; all when None."""
    query = select(Submission).options(selectinload(Submission.matches)).order_by(Submission.created_at,
                                                                                   Submission.id)
    if day is not None:
        zone = ZoneInfo(current_app.config["CLINIC_TIMEZONE"])
        start = datetime.combine(day, datetime.min.time(), zone).astimezone(UTC).replace(tzinfo=None)
        query = query.where(Submission.created_at >= start)
    return list(db.session.scalars(query))


def fhir_transaction(submissions: list[Submission]) -> dict:
    base, clinic = fhir_base(), publisher()
    definitions = (fhir_definitions.code_system(base, clinic), *fhir_definitions.structure_definitions(base, clinic))
    return export_fhir.transaction(records(submissions), base, clinic, definitions)


def csv_text(submissions: list[Submission]) -> str:
    return export_csv.to_csv([{**r["answers"], **{k: v for k, v in r.items() if k != "answers"}}
                              for r in records(submissions)])
