"""The audit trail: one append-only, keyed hash-chained row per staff action, and the check that finds tampering.

Rows hold ids, never patient values. Each row's hash is an HMAC (key kept outside the database,
audit_chain.py) over its canonical fields and the previous row's hash, so changing or deleting an
earlier row breaks every hash after it and cannot be re-chained without the key; a checkpoint
outside the database catches the newest rows being deleted. `flask --app intake audit verify`
walks the chain. Database triggers refuse UPDATE and DELETE, so the app (and anyone using its
account by mistake) can only append.
"""

import hashlib
import json
from datetime import datetime

from flask import has_request_context, request
from sqlalchemy import DDL, DateTime, ForeignKey, Index, Integer, String, event, func, select, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from . import users as accounts, audit_chain
from .audit_chain import canonical_bytes
from ..database import after_commit, write_connection
from ..extensions import db
from ..questionnaire import N_

GENESIS_HASH = "0" * 64
OUTCOMES = ("ok", "failure", "denied", "throttled")
# Any fixed 64-bit number: the PostgreSQL advisory lock that serialises appends to the chain.
_ADVISORY_LOCK_KEY = 0x1A7A_0A0D_17

# Every action the log can hold, with its label: the audit page filters on exactly this list.
# Features add their own with register_action() at import time.
ACTIONS: dict[str, str] = {
    "login.success": N_("Logged in"),
    "login.failure": N_("Failed login"),
    "logout": N_("Logged out"),
    "session.timeout": N_("Logged out after inactivity"),
    "session.expired": N_("Session reached its time limit"),
    "access.denied": N_("Access denied"),
    "account.password": N_("Changed own password"),
    "user.create": N_("Created a user"),
    "user.role": N_("Changed a user's role"),
    "user.disable": N_("Disabled a user"),
    "user.enable": N_("Enabled a user"),
    "user.password": N_("Set a user's password"),
    "audit.list": N_("Viewed the audit log"),
    "queue.list": N_("Viewed the queue"),
    "queue.search": N_("Searched submissions"),
    "submission.view": N_("Viewed a submission"),
    "submission.print": N_("Printed a submission"),
    "submission.review": N_("Marked a submission reviewed"),
    "submission.note": N_("Added a note"),
}


def register_action(action: str, label: str) -> None:
    """Add an action code (e.g. "submission.export") so it can be recorded and filtered on."""
    ACTIONS.setdefault(action, label)


class AuditEvent(db.Model):
    """One staff action: when (UTC), who, what, on which object, from where, and how it ended."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(DateTime)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    action: Mapped[str] = mapped_column(String(40))
    object_type: Mapped[str | None] = mapped_column(String(40))
    object_id: Mapped[str | None] = mapped_column(String(64))
    outcome: Mapped[str] = mapped_column(String(16))
    client_address: Mapped[str | None] = mapped_column(String(45))
    # "web" for requests, "cli" for the command line (which has no logged-in user).
    source: Mapped[str] = mapped_column(String(8))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)

    user: Mapped["accounts.User | None"] = relationship(accounts.User)

    __table_args__ = (
        Index("ix_audit_event_occurred_at", "occurred_at"),
        Index("ix_audit_event_user", "user_id", "id"),
        Index("ix_audit_event_action", "action", "id"),
        Index("ix_audit_event_object", "object_type", "object_id"),
    )

    def canonical(self) -> bytes:
        return canonical_bytes(self.occurred_at, self.user_id, self.action, self.object_type, self.object_id,
                               self.outcome, self.client_address, self.source, self.prev_hash)


def row_hash(canonical: bytes) -> str:
    """The plain SHA-256 of rows written before the chain was keyed (audit_chain.py)."""
    return hashlib.sha256(canonical).hexdigest()


# Append-only at the database level, on both databases (tests tamper by dropping these first).
_SQLITE_TRIGGERS = [
    "CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event "
    "BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END",
    "CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event "
    "BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END",
]
_POSTGRES_TRIGGERS = [
    "CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN RAISE EXCEPTION 'audit_event is append-only'; END $$",
    "CREATE TRIGGER audit_event_no_change BEFORE UPDATE OR DELETE ON audit_event "
    "FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()",
    "CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()",
]
for _statement in _SQLITE_TRIGGERS:
    event.listen(AuditEvent.__table__, "after_create", DDL(_statement).execute_if(dialect="sqlite"))
for _statement in _POSTGRES_TRIGGERS:
    event.listen(AuditEvent.__table__, "after_create", DDL(_statement).execute_if(dialect="postgresql"))


def record(action: str, *, object_type: str | None = None, object_id=None, outcome: str = "ok",
           user=None) -> None:
    """Append one audit row. `user` defaults to the logged-in user; the client address is read from the request.

    Inside a write_transaction() the row joins it (so it commits or rolls back with the change
    it describes). Otherwise it is written on a connection of its own and committed at once,
    leaving the request's objects untouched: objects read before stay loaded and valid (a
    session holding none has its read transaction ended first, see below). Called
    outside a write_transaction() with unsaved changes in the session, it refuses loudly rather
    than guess whether those changes belong in the log.
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}: add it with audit.register_action()")
    if outcome not in OUTCOMES:
        raise ValueError(f"unknown audit outcome {outcome!r}")
    if user is None and has_request_context():
        from flask_login import current_user

        if current_user and current_user.is_authenticated:
            user = current_user
    fields = {
        "user_id": getattr(user, "id", None),
        "action": action,
        "object_type": object_type,
        "object_id": None if object_id is None else str(object_id)[:64],
        "outcome": outcome,
        "client_address": _client_address(),
        "source": "web" if has_request_context() else "cli",
    }
    if _in_write_transaction():
        db.session.flush()  # the change this row describes goes first
        row_id, digest, follows = _append(db.session, fields)
        after_commit(lambda: audit_chain.advance(row_id, digest, follows))
        return
    session = db.session()
    if session.new or session.dirty or session.deleted:
        raise RuntimeError(f"audit.record({action!r}) called with unsaved changes outside write_transaction(): "
                           "make the change and its audit row in one write_transaction()")
    if session.in_transaction() and not session.identity_map:
        # A read still open as this row commits keeps SQLite from starting its write-ahead log over:
        # with every staff page doing so, the log grew by each view's row for as long as staff worked.
        # With no objects loaded, ending the read loses nothing: a later read begins afresh.
        session.rollback()
    # Plain statements on a connection of their own (every staff page view writes a row).
    with write_connection() as connection:
        row_id, digest, follows = _append(connection, fields)
    audit_chain.advance(row_id, digest, follows)


def _client_address() -> str | None:
    # ProxyFix (when configured) has already put the real client address here.
    if not has_request_context() or not request.remote_addr:
        return None
    return request.remote_addr[:45]


def _in_write_transaction() -> bool:
    session = db.session()  # the request's Session itself: the scoped proxy lacks in_transaction()
    if not session.in_transaction():
        return False
    return session.connection().get_execution_options().get("sqlite_begin") == "IMMEDIATE"


# Built once: every staff page view appends a row, and building these per row cost more than running them.
_LOCK_CHAIN = text("SELECT pg_advisory_xact_lock(:key)")
_ROW = AuditEvent.__table__.c
_LAST_ROW = select(_ROW.id, _ROW.hash).order_by(_ROW.id.desc()).limit(1)
_INSERT = AuditEvent.__table__.insert()


def _append(session, fields: dict) -> tuple[int, str, tuple[int, str] | None]:
    """`session`: the write transaction's Session, or a Connection from write_connection().

    Returns the new row's id and hash, and the (id, hash) of the row it follows (None for the first).
    """
    if db.engine.dialect.name == "postgresql":
        # Held to the end of this transaction: two writers cannot both chain onto the same row.
        session.execute(_LOCK_CHAIN, {"key": _ADVISORY_LOCK_KEY})
    # On SQLite the write transaction began IMMEDIATE, which already lets one writer in at a time.
    last = session.execute(_LAST_ROW).first()
    prev_hash = last.hash if last else GENESIS_HASH
    occurred_at = accounts.now()
    digest = audit_chain.sign(canonical_bytes(occurred_at=occurred_at, prev_hash=prev_hash, **fields))
    # One plain INSERT: the ORM's unit of work is not needed.
    result = session.execute(_INSERT, {"occurred_at": occurred_at, "prev_hash": prev_hash, "hash": digest, **fields})
    return result.inserted_primary_key[0], digest, (last.id, last.hash) if last else None


def verify_chain(batch_size: int = 1000) -> tuple[bool, int, str | None]:
    """Walk the whole log in id order against the key and the checkpoint.

    Returns (intact, rows checked, problem description or None).
    """
    try:
        checkpoint = audit_chain.read_checkpoint()
    except audit_chain.CheckpointError as error:
        return False, 0, f"the checkpoint cannot be trusted: {error}"
    keyed_from = checkpoint.keyed_from if checkpoint else None
    t = AuditEvent
    columns = (t.id, t.occurred_at, t.user_id, t.action, t.object_type, t.object_id, t.outcome, t.client_address,
               t.source, t.prev_hash, t.hash)
    previous, checked, after_id, head_hash, up_to_head = GENESIS_HASH, 0, 0, None, 0
    while True:
        rows = db.session.execute(select(*columns).where(t.id > after_id).order_by(t.id).limit(batch_size)).all()
        for row_id, *fields, prev_hash, stored_hash in rows:
            if prev_hash != previous:
                return False, checked, f"row {row_id}: does not follow the row before it (a row was removed or reordered)"
            canonical = canonical_bytes(*fields, prev_hash)
            if keyed_from is None and audit_chain.is_signed(canonical, stored_hash):
                keyed_from = row_id  # no checkpoint yet (reported below): keyed from the first row the key signed
            if keyed_from is not None and row_id >= keyed_from:
                if not audit_chain.is_signed(canonical, stored_hash):
                    return False, checked, (f"row {row_id}: its contents were changed after it was written, or its "
                                            "hash was recomputed without the audit key")
            elif stored_hash != row_hash(canonical):
                return False, checked, f"row {row_id}: its contents were changed after it was written"
            if checkpoint and row_id <= checkpoint.head_id:
                up_to_head += 1
                head_hash = stored_hash if row_id == checkpoint.head_id else head_hash
            previous, after_id, checked = stored_hash, row_id, checked + 1
        if len(rows) < batch_size:
            break
    if checkpoint is None:
        if checked == 0:
            return True, 0, None
        return False, checked, (f"no checkpoint at {audit_chain.checkpoint_path()}: deleting the newest rows "
                                "would go unnoticed (one is written with the next audited action)")
    if head_hash != checkpoint.head_hash:
        return False, checked, (f"row {checkpoint.head_id}, the newest when last checkpointed, is missing or "
                                "different: the newest rows were deleted or replaced")
    if up_to_head != checkpoint.rows:
        return False, checked, (f"the checkpoint counted {checkpoint.rows} row(s) up to row {checkpoint.head_id}; "
                                f"the log now holds {up_to_head}: rows were deleted")
    return True, checked, None


def latest_hash() -> str | None:
    """The newest row's hash: writing it down elsewhere lets a later check detect a truncated log too."""
    return db.session.scalar(select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1))


def first_row_id() -> int | None:
    return db.session.scalar(select(func.min(AuditEvent.id)))
