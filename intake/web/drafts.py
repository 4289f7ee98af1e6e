"""Answers in progress, kept server-side and found by a random token held in the patient's session."""

import hashlib
import secrets
from datetime import datetime

from flask import session
from sqlalchemy import bindparam, delete, insert, select, update

from . import kiosk
from ..database import read_row, read_value, write_connection, write_transaction
from ..extensions import db
from ..models import Draft, utcnow

SESSION_KEY = "draft_token"
DRAFTS = Draft.__table__
# Every page reads the answers: the statement is built once.
_CURRENT = (DRAFTS.c.token_hash == bindparam("token_hash"), DRAFTS.c.expires_at > bindparam("now"))
_ANSWERS = select(DRAFTS.c.answers).where(*_CURRENT)
_STATE = select(DRAFTS.c.answers, DRAFTS.c.pending).where(*_CURRENT)


def hash_token(token: str) -> str:
    # Only the hash is stored: a database reader cannot resume someone's draft.
    return hashlib.sha256(token.encode()).hexdigest()


def current_draft() -> Draft | None:
    """The patient's unexpired draft, or None. A read only: begins no write transaction."""
    token = session.get(SESSION_KEY)
    if not token:
        return None
    return db.session.scalars(
        select(Draft).where(Draft.token_hash == hash_token(token), Draft.expires_at > utcnow())
    ).first()


def current_answers() -> dict:
    """The answers of the patient's unexpired draft ({} if none): every page reads them, so one column only."""
    token = session.get(SESSION_KEY)
    if not token:
        return {}
    answers = read_value(_ANSWERS, {"token_hash": hash_token(token), "now": utcnow()})
    return dict(answers) if answers else {}


def current_state() -> tuple[dict, dict]:
    """(answers, kept input) of the patient's unexpired draft: the kept input is what was typed on a page and
    not saved as answers yet ({page code: {"form": {name: [values]}, "check": bool}})."""
    token = session.get(SESSION_KEY)
    if not token:
        return {}, {}
    row = read_row(_STATE, {"token_hash": hash_token(token), "now": utcnow()})
    if row is None:
        return {}, {}
    return dict(row.answers or {}), dict(row.pending or {})


def save_answers(updates: dict, remove: tuple[str, ...] = (), page: str | None = None) -> None:
    """Merge validated answers into the draft, creating it on the first save (and drop `page`'s kept input)."""
    _write(lambda answers, pending: ({**{k: v for k, v in answers.items() if k not in remove}, **updates},
                                     {k: v for k, v in pending.items() if k != page}))


def keep_input(page: str, kept: dict | None) -> None:
    """Keep what was typed on `page` but not saved as answers (None: nothing to keep), creating the draft if need be."""
    def change(answers, pending):
        pending = {k: v for k, v in pending.items() if k != page}
        if kept is not None:
            pending[page] = kept
        return answers, pending
    _write(change)


def _write(change) -> None:
    now = utcnow()
    lifetime = kiosk.draft_lifetime()
    token = session.get(SESSION_KEY)
    # Plain table statements, not the ORM's unit of work: every page a patient sends comes through here.
    with write_connection() as tx:
        found = None
        if token:
            found = tx.execute(select(DRAFTS.c.id, DRAFTS.c.answers, DRAFTS.c.pending)
                               .where(DRAFTS.c.token_hash == hash_token(token), DRAFTS.c.expires_at > now)).first()
        answers, pending = change(dict((found.answers or {}) if found else {}),
                                  dict((found.pending or {}) if found else {}))
        pending = pending or None
        if found is not None:
            tx.execute(update(DRAFTS).where(DRAFTS.c.id == found.id)
                       .values(answers=answers, pending=pending, updated_at=now, expires_at=now + lifetime))
        else:
            # New drafts are rare (one per patient): a good moment to sweep expired ones, this one included.
            tx.execute(delete(DRAFTS).where(DRAFTS.c.expires_at <= now))
            token = secrets.token_urlsafe(32)
            tx.execute(insert(DRAFTS).values(token_hash=hash_token(token), answers=answers, pending=pending,
                                             created_at=now, updated_at=now, expires_at=now + lifetime))
    session[SESSION_KEY] = token


def forget_draft() -> None:
    session.pop(SESSION_KEY, None)


def discard_draft() -> None:
    """Delete the patient's draft now (Start again), not only forget it."""
    token = session.pop(SESSION_KEY, None)
    if token:
        with write_transaction() as tx:
            tx.execute(delete(Draft).where(Draft.token_hash == hash_token(token)))


def purge_expired(now: datetime | None = None) -> int:
    with write_transaction() as tx:
        result = tx.execute(delete(Draft).where(Draft.expires_at <= (now or utcnow())))
    return result.rowcount or 0
