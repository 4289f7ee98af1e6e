"""A scratch SQLite database for the benchmark: schema by migration, seeded submissions, drafts and a staff login."""

import random
import secrets
import uuid
from datetime import timedelta
from pathlib import Path

from flask import session
from flask_migrate import upgrade
from flask_wtf.csrf import generate_csrf
from sqlalchemy import insert

from intake import ROOT, create_app
from intake.accounts.users import create_user
from intake.database import write_transaction
from intake.web.drafts import SESSION_KEY, hash_token
from intake.extensions import db
from intake.models import Draft, Submission, SubmissionMatch, SubmissionRegion, utcnow
from intake.questionnaire import QUESTIONS
from intake.records.submissions import build_submission, name_key, new_reference

TODAY = 40  # submissions that arrived today, at any size
STAFF_EMAIL = "bench@clinic.example"
STAFF_PASSWORD = "bench passphrase for the queue"

# A few kinds of patient, so the queue holds red flags, several regions and several matched articles.
BASE = {
    "full_name": "Alex Example", "date_of_birth": "1986-04-12", "visit_type": "new",
    "regions": ["back.upper", "neck.lower"], "primary_region": "back.upper",
    "qualities": ["burning", "knots"], "pain_now": 5, "pain_worst": 7, "pain_interference": 4,
    "frequency": "comes_and_goes", "duration": "3_to_12_months", "onset": "gradual",
    "aggravators": ["deep_breath", "sitting"], "related": ["neck_stiffness"], "past": ["none"],
    **{code: False for code in QUESTIONS if code.startswith("rf_")},
    "consent_accurate": True, "consent_not_emergency": True,
}
VARIANTS = [
    {},
    {"regions": ["neck.upper"], "primary_region": None, "qualities": ["aching"]},
    {"regions": ["back.lower", "hip.left"], "primary_region": "back.lower", "qualities": ["stabbing"]},
    {"rf_chest_pain": True},
    {"rf_night_pain": True, "regions": ["head"], "primary_region": None},
]
FIRST_NAMES = ["Alex", "Sam", "Maria", "José", "Priya", "Chen", "Olu", "Ana", "Lee", "Noor"]
LAST_NAMES = ["Example", "García", "Smith", "Nguyen", "Okafor", "Patel", "Kim", "Rossi", "Haddad", "Berg"]


def server_config(database: Path, secret_key: str) -> dict:
    """The settings of an app on `database`: its audit key and checkpoint beside it, never those in instance/.

    A checkpoint belongs to one database: the bench's two databases sharing the instance's one (or
    a developer's) left each failing its check on every audited view, which is neither what a
    clinic's server does nor harmless to the developer's own audit log.
    """
    return {"SECRET_KEY": secret_key, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
            "AUDIT_KEY_FILE": f"{database}.audit-key", "AUDIT_CHECKPOINT_FILE": f"{database}.audit-checkpoint"}


def server_env(database: Path, secret_key: str) -> dict:
    """server_config as the INTAKE_ environment of a gunicorn serving `database`."""
    return {f"INTAKE_{name}": value for name, value in server_config(database, secret_key).items()}


def make_app(database: Path, secret_key: str):
    return create_app(server_config(database, secret_key))


def create_database(database: Path, secret_key: str, submissions: int) -> None:
    """Migrate a new database and store `submissions` spread over the past year, newest today."""
    app = make_app(database, secret_key)
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        with write_transaction() as tx:
            create_user(tx, email=STAFF_EMAIL, role="practitioner", password=STAFF_PASSWORD, name="Bench")
        _store_submissions(submissions)
        db.engine.dispose()


def _answers(variant: dict) -> dict:
    answers = {**BASE, **variant}
    return {code: value for code, value in answers.items() if value is not None}


def _store_submissions(count: int) -> None:
    # Build each kind once through the product's own code (triage, matching), then copy its rows:
    # seeding 100,000 through the ORM one by one would take minutes.
    templates = [build_submission(_answers(v), "template") for v in VARIANTS]
    rng = random.Random(7)
    now = utcnow()
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)  # the queue's "today" (UTC by default)
    batch = 10_000
    for start in range(0, count, batch):
        subs, regions, matches = [], [], []
        for i in range(start, min(count, start + batch)):
            t = templates[i % len(templates)]
            full_name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} {i}"
            sid = str(uuid.uuid4())
            # A full first page arrived today at either size (so the queue at 1,000 and at 100,000
            # renders the same 25 rows); the rest spread over the past year, newest first.
            if i < TODAY:
                created = now - (now - midnight) * (i + 1) / (TODAY + 1)
            else:
                created = midnight - timedelta(seconds=1 + (i - TODAY) * 365 * 86400 / count)
            reviewed = i % 3 == 2
            subs.append({
                "id": sid, "reference": new_reference(), "draft_key": secrets.token_hex(32),
                "questionnaire_version": t.questionnaire_version, "locale": "en", "created_at": created,
                "status": "reviewed" if reviewed else "new",
                "reviewed_at": created + timedelta(hours=1) if reviewed else None, "full_name": full_name,
                "name_key": name_key(full_name), "date_of_birth": t.date_of_birth,
                "primary_region": t.primary_region, "pain_now": t.pain_now, "pain_worst": t.pain_worst,
                "triage_level": t.triage_level, "triage_rank": t.triage_rank,
                "triage_reasons": t.triage_reasons, "answers": {**t.answers, "full_name": full_name},
            })
            regions += [{"submission_id": sid, "code": r.code} for r in t.regions]
            matches += [{"submission_id": sid, "rank": m.rank, "slug": m.slug, "title": m.title,
                         "score": m.score, "reasons": m.reasons, "section": m.section,
                         "article_version": m.article_version} for m in t.matches]
        with write_transaction() as tx:
            tx.execute(insert(Submission), subs)
            tx.execute(insert(SubmissionRegion), regions)
            tx.execute(insert(SubmissionMatch), matches)


def newest_submission_id(database: Path, secret_key: str) -> str:
    app = make_app(database, secret_key)
    with app.app_context():
        found = db.session.scalar(db.select(Submission.id).order_by(Submission.created_at.desc()).limit(1))
        db.engine.dispose()
    return found


def patient_cookies(database: Path, secret_key: str, drafts: int) -> list[tuple[str, str]]:
    """(session cookie, CSRF form token) for `drafts` finished drafts, each ready for its final submit.

    The cookies are signed with the server's own key, as the server would have set them after a
    patient answered every page; the benchmark then needs no thousands of page walks to set up.
    """
    app = make_app(database, secret_key)
    pairs, rows = [], []
    expires = utcnow() + timedelta(hours=6)
    serializer = app.session_interface.get_signing_serializer(app)
    answers = _answers({})
    for _ in range(drafts):
        token = secrets.token_urlsafe(32)
        rows.append({"token_hash": hash_token(token), "answers": answers, "created_at": utcnow(),
                     "updated_at": utcnow(), "expires_at": expires})
        with app.test_request_context():
            session[SESSION_KEY] = token
            csrf = generate_csrf()
            pairs.append((serializer.dumps(dict(session)), csrf))
    with app.app_context():
        with write_transaction() as tx:
            tx.execute(insert(Draft), rows)
        db.engine.dispose()
    return pairs
