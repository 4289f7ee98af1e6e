"""The audit chain's key and checkpoint, both kept outside the database, so `audit verify` catches a rewritten or truncated log.

Key: each row's hash is an HMAC-SHA256 under a key that is never in the database (AUDIT_KEY, or
the file AUDIT_KEY_FILE, default instance/audit.key, created 0600 on first use). Someone who can
write the database but cannot read the key cannot recompute the chain after editing a row.

Checkpoint: after each audit row commits, the file AUDIT_CHECKPOINT_FILE (default
instance/audit-checkpoint, 0600, written under a file lock into one of two slots, the other
keeping the previous one) records the newest row's
id and hash and how many rows the log held up to it, itself signed with the key. Deleting the
newest rows leaves the checkpoint pointing at a row that is gone. The checkpoint only ever moves
forward and is a lower bound: one kept per server still holds for that server's writes (see
docs/security.md for several servers).

Rows written before the key existed (an upgrade) keep their plain SHA-256 hashes; the checkpoint
pins the first keyed row ("keyed_from"), so verify checks every row from there on with the key.
"""

import fcntl
import hashlib
import hmac
import json
import logging
import os
import secrets
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from flask import current_app
from sqlalchemy import DateTime, bindparam, column, func, select, table

from ..database import read_value
from ..extensions import db

log = logging.getLogger("intake.audit")

_ROWS = table("audit_event", column("id"), column("hash"))
# Every column a row's hash covers, in canonical_bytes() order, then the hashes.
_CHAINED = table("audit_event", column("id"), column("occurred_at", DateTime()), *(column(name) for name in (
    "user_id", "action", "object_type", "object_id", "outcome", "client_address", "source", "prev_hash",
    "hash")))
_COUNT_BETWEEN = (select(func.count()).select_from(_ROWS)
                  .where(_ROWS.c.id > bindparam("after"), _ROWS.c.id <= bindparam("upto")))
_HASH_OF = select(_ROWS.c.hash).where(_ROWS.c.id == bindparam("row_id"))


class CheckpointError(Exception):
    """The checkpoint file exists but cannot be trusted (unreadable, or not signed with this key)."""


@dataclass(frozen=True)
class Checkpoint:
    keyed_from: int  # the first row hashed with the key; rows before it predate the key
    head_id: int  # the newest row when the checkpoint was written
    head_hash: str
    rows: int  # how many rows the log held up to and including head_id


# --- The key ------------------------------------------------------------------------------

def key_path(app=None) -> Path:
    app = app or current_app
    return Path(app.config.get("AUDIT_KEY_FILE") or Path(app.instance_path) / "audit.key")


def checkpoint_path(app=None) -> Path:
    app = app or current_app
    return Path(app.config.get("AUDIT_CHECKPOINT_FILE") or Path(app.instance_path) / "audit-checkpoint")


def chain_key() -> bytes:
    """The HMAC key, read once per app: AUDIT_KEY, else the key file (created on first use)."""
    app = current_app._get_current_object()
    key = app.extensions.get("intake.audit_key")
    if key is None:
        configured = app.config.get("AUDIT_KEY")
        key = app.extensions["intake.audit_key"] = str(configured).encode() if configured else _key_file(key_path(app))
    return key


def _key_file(path: Path) -> bytes:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written aside, then linked into place: link never overwrites, so two workers starting
        # at once agree on whichever key landed first.
        aside = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        descriptor = os.open(aside, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_hex(32) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(aside, path)
            log.warning("Created a new audit chain key in %s: back it up with the database, and keep it "
                        "out of the database's backups' reach", path)
        except FileExistsError:
            pass
        finally:
            os.unlink(aside)
    text = path.read_text(encoding="ascii").strip()
    if len(text) < 32:
        raise RuntimeError(f"{path} does not hold an audit key (32+ characters): restore it from your backup")
    return text.encode()


def sign(canonical: bytes) -> str:
    return hmac.new(chain_key(), canonical, hashlib.sha256).hexdigest()


def is_signed(canonical: bytes, stored_hash: str) -> bool:
    return hmac.compare_digest(sign(canonical), stored_hash or "")


# --- The checkpoint -----------------------------------------------------------------------

def _mac(fields: dict) -> str:
    body = json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()
    return hmac.new(chain_key(), b"checkpoint:" + body, hashlib.sha256).hexdigest()


# Two fixed slots written in place, newest and previous: no rename (which ext4 flushes to disk, 10 ms
# on every staff page) and no truncation, so a write cut short by a crash spoils one slot at most.
_SLOT = 512


def read_checkpoint() -> Checkpoint | None:
    """The checkpoint, None if there is none yet; CheckpointError if it is damaged or forged."""
    try:
        descriptor = os.open(checkpoint_path(), os.O_RDONLY)
    except FileNotFoundError:
        return None
    try:
        fcntl.flock(descriptor, fcntl.LOCK_SH)
        return _best_slot(descriptor)[0]
    finally:
        os.close(descriptor)


def _best_slot(descriptor) -> tuple[Checkpoint | None, int | None]:
    """(newest valid checkpoint, its slot); (None, None) for an empty file."""
    data = os.pread(descriptor, 2 * _SLOT, 0)
    # The file as this process last read or wrote it is known to be whole and signed: every staff page
    # moves the checkpoint on, and checking both slots' signatures again each time was half of that.
    # Any other content (another worker's write, an edit) is checked in full.
    known = current_app.extensions.get(_LAST_SEEN)
    if known is not None and known[0] == data:
        return known[1]
    found = _checked_slots(data)
    current_app.extensions[_LAST_SEEN] = (data, found)
    return found


_LAST_SEEN = "intake.audit_checkpoint_seen"  # (the file's bytes, what _checked_slots found in them)


def _checked_slots(data: bytes) -> tuple[Checkpoint | None, int | None]:
    if not data.strip():
        return None, None
    found = []
    for slot in (0, 1):
        chunk = data[slot * _SLOT:(slot + 1) * _SLOT]
        try:
            stored = json.loads(chunk.decode("utf-8"))
            fields = {name: stored[name] for name in ("keyed_from", "head_id", "head_hash", "rows")}
            mac = stored["mac"]
        except (ValueError, KeyError, TypeError):
            continue  # empty, or a write cut short by a crash: the other slot still holds
        if not isinstance(mac, str) or not hmac.compare_digest(_mac(fields), mac):
            raise CheckpointError(f"{checkpoint_path()} is not signed with this audit key: it was edited, "
                                  "or the key changed")
        found.append((Checkpoint(**fields), slot))
    if not found:
        raise CheckpointError(f"{checkpoint_path()} cannot be read")
    return max(found, key=lambda item: item[0].head_id)


def _write_slot(descriptor, checkpoint: Checkpoint, slot: int) -> None:
    fields = asdict(checkpoint)
    body = json.dumps({**fields, "mac": _mac(fields)}).encode().ljust(_SLOT - 1) + b"\n"
    os.pwrite(descriptor, body, slot * _SLOT)
    # What the file now holds, as the next read will find it unless another writer comes first: the slot
    # just written, and the other one as _best_slot checked it under the same lock.
    current_app.extensions[_LAST_SEEN] = (os.pread(descriptor, 2 * _SLOT, 0), (checkpoint, slot))


@contextmanager
def _checkpoint_for_writing():
    # One writer at a time across workers (and threads: each call opens its own descriptor).
    path = checkpoint_path()
    try:
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except FileNotFoundError:  # its folder is made the first time only, not on every staff page
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield descriptor
    finally:
        os.close(descriptor)


def advance(row_id: int, row_hash: str, follows: tuple[int, str] | None = None) -> None:
    """Move the checkpoint to a row that has just committed (never backwards). Called after every append.

    `follows`: the (id, hash) of the newest row when this one was appended, read in its write transaction.
    """
    try:
        with _checkpoint_for_writing() as descriptor:
            _advance(descriptor, row_id, row_hash, follows)
    except (OSError, CheckpointError) as error:
        # The row itself is stored; only the truncation check lags. Loud in the log, not fatal to the page.
        log.error("Audit checkpoint not updated: %s", error)


def _advance(descriptor, row_id: int, row_hash: str, follows: tuple[int, str] | None = None) -> None:
    current, slot = _best_slot(descriptor)
    if current is not None and current.head_id >= row_id:
        return
    if current is None:
        keyed_from = first_keyed_row(row_id)
        rows = read_value(_COUNT_BETWEEN, {"after": 0, "upto": row_id})
        if keyed_from != _first_row_id():
            log.warning("Audit chain keyed from row %s: rows before it predate the audit key", keyed_from)
    elif follows == (current.head_id, current.head_hash):
        # The usual case, without reading the log again: the row the checkpoint names was the newest
        # when this one was appended, read in the same write transaction. So it was still there
        # unchanged, and this row is the only one after it.
        keyed_from, rows = current.keyed_from, current.rows + 1
    else:
        # The row the last checkpoint names must still be there unchanged: if not, keep the
        # evidence for `audit verify` rather than moving past it.
        if read_value(_HASH_OF, {"row_id": current.head_id}) != current.head_hash:
            raise CheckpointError(f"row {current.head_id}, the newest at the last checkpoint, is missing or "
                                  "changed: run `flask --app intake audit verify`")
        keyed_from = current.keyed_from
        rows = current.rows + read_value(_COUNT_BETWEEN, {"after": current.head_id, "upto": row_id})
    # Into the other slot: the current checkpoint stays whole until the new one is.
    _write_slot(descriptor, Checkpoint(keyed_from=keyed_from, head_id=row_id, head_hash=row_hash, rows=rows),
                0 if slot == 1 else 1)


def reset_checkpoint() -> Checkpoint | None:
    """Start the checkpoint again from the database as it is (after restoring a backup on purpose)."""
    with _checkpoint_for_writing() as descriptor:
        os.ftruncate(descriptor, 0)
        newest = _fetch(select(_ROWS.c.id, _ROWS.c.hash).order_by(_ROWS.c.id.desc()).limit(1))
        if newest:
            _advance(descriptor, newest[0].id, newest[0].hash)
    return read_checkpoint()


def canonical_bytes(occurred_at, user_id, action, object_type, object_id, outcome, client_address, source,
                    prev_hash) -> bytes:
    """The exact bytes a row's hash covers: a JSON list, fixed order, no spaces."""
    fields = [occurred_at.isoformat(timespec="microseconds"), user_id, action, object_type, object_id, outcome,
              client_address, source, prev_hash]
    return json.dumps(fields, separators=(",", ":"), ensure_ascii=True).encode()


def _fetch(statement) -> list:
    # A connection of its own: the request's session may hold a snapshot from before the newest commit.
    with db.engine.connect() as connection:
        return connection.execute(statement).all()


def _first_row_id() -> int | None:
    return read_value(select(func.min(_ROWS.c.id)), {})


def first_keyed_row(upto_id: int) -> int:
    """The first row of the keyed run that ends at `upto_id`: walking back while rows verify with the key."""
    t = _CHAINED.c
    columns = tuple(_CHAINED.c)
    first, before = upto_id, upto_id
    while True:
        rows = _fetch(select(*columns).where(t.id < before).order_by(t.id.desc()).limit(500))
        for row_id, *fields, prev_hash, stored_hash in rows:
            if not is_signed(canonical_bytes(*fields, prev_hash), stored_hash):
                return first
            first = row_id
        if len(rows) < 500:
            return first
        before = rows[-1][0]
