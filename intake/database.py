"""Database connection settings and the write-transaction helper shared by every feature."""

import fcntl
import os
import threading
import weakref
from contextlib import contextmanager, nullcontext

from sqlalchemy import event, make_url
from sqlalchemy.engine import Engine

from .deployment import create_private_file, open_private
from .extensions import db


def engine_options(url: str, configured: dict) -> dict:
    """SQLAlchemy's engine options for this database: ours, with what instance/config.py or a test sets on top."""
    parsed = make_url(url)
    options = {}
    if parsed.get_backend_name() != "sqlite":
        # A PostgreSQL restart leaves dead connections in the pool: test each before use. A SQLite
        # file has no server to lose, so there a ping would be a wasted statement on every request.
        options["pool_pre_ping"] = True
    if parsed.database not in (None, "", ":memory:"):  # an in-memory database has one connection, no pool
        # The connection returned last is handed out first, so a worker keeps using one connection
        # (and, on SQLite, that connection's page cache) instead of cycling through the pool.
        options["pool_use_lifo"] = True
    return {**options, **(configured or {})}


WAL_SIZE_LIMIT = 16 * 1024 * 1024  # bytes


def configure_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    """Make SQLite safe for several gunicorn workers.

    pysqlite's own transaction handling is switched off so that we emit BEGIN
    ourselves (SQLAlchemy's documented recipe): reads begin DEFERRED, writes begin
    IMMEDIATE so concurrent writers queue on busy_timeout instead of failing with
    "database is locked" when a read lock cannot be upgraded. A lone read (read_value)
    begins nothing: one statement is its own consistent snapshot.
    """
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "do_connect")
    def _create_privately(_dialect, _record, _args, _kwargs):
        # Before SQLite creates the file: readable by its owner only (health information), whatever
        # the umask. SQLite gives the -wal and -shm files the database's own mode.
        if engine.url.database and engine.url.database != ":memory:" and not engine.url.database.startswith("file:"):
            create_private_file(engine.url.database)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        # NORMAL can lose the last commits on power loss; patient answers must not.
        cursor.execute("PRAGMA synchronous=FULL")
        # A large one-off write (a restore, an import, a day of load) leaves the write-ahead log at its
        # largest size on disk: SQLite reuses the file rather than shrink it. Past this size it is cut
        # back when the log next starts over (four times the 1,000-page checkpoint's usual 4 MB).
        cursor.execute(f"PRAGMA journal_size_limit={int(WAL_SIZE_LIMIT)}")
        cursor.close()

    if engine.url.database and engine.url.database != ":memory:":
        _WRITER_QUEUES[engine] = WriterQueue(f"{engine.url.database}.writers")

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
        if mode == "NONE":
            return
        connection.exec_driver_sql(f"BEGIN {'IMMEDIATE' if mode == 'IMMEDIATE' else 'DEFERRED'}")


class WriterQueue:
    """SQLite writers of every worker and command, one at a time, each woken the moment the last one commits.

    SQLite lets one writer in and makes the others poll: its busy handler sleeps 1, 2, 5, 10 ms and
    longer between tries, so a writer that arrives during another's commit (a fraction of a
    millisecond) sleeps far longer than it needed to. Two gunicorn workers writing an audit row per
    staff page collided on one write in seven (`make bench`). Here writers queue on a file lock
    beside the database instead: the kernel wakes the next one as soon as the lock is released.
    SQLite's own locking and busy_timeout still apply underneath, to anything that does not queue here.
    """

    def __init__(self, path: str):
        self.path = path
        self._local = threading.local()  # how deep this thread is in write transactions
        self._file, self._pid = None, None

    @contextmanager
    def turn(self):
        depth = getattr(self._local, "depth", 0)
        if depth == 0:
            fcntl.flock(self._lock_file().fileno(), fcntl.LOCK_EX)
        self._local.depth = depth + 1
        try:
            yield
        finally:
            self._local.depth = depth
            if depth == 0:
                fcntl.flock(self._file.fileno(), fcntl.LOCK_UN)

    def _lock_file(self):
        # Opened in each process (after gunicorn's fork): a lock on a file opened before the fork
        # would be shared by every worker, and would keep none of them out.
        if self._pid != os.getpid():
            self._file, self._pid = open_private(self.path), os.getpid()
        return self._file


# Per engine, so that each app (and each test's database) has its own queue, gone with its engine.
_WRITER_QUEUES: "weakref.WeakKeyDictionary[Engine, WriterQueue]" = weakref.WeakKeyDictionary()


def _writer_turn():
    queue = _WRITER_QUEUES.get(db.engine)
    return queue.turn() if queue is not None else nullcontext()


def read_value(statement, params: dict):
    """The first column of the first row of one read-only statement (built once, with bind parameters).

    Outside the ORM session and with no BEGIN of its own: a third of the cost of session.scalar(),
    for the draft that every questionnaire page reads.
    """
    row = read_row(statement, params)
    return None if row is None else row[0]


def read_row(statement, params: dict):
    """The first row of one read-only statement, or None: as read_value, for a read of several columns."""
    with db.engine.connect().execution_options(sqlite_begin="NONE") as connection:
        return connection.execute(statement, params).first()


@contextmanager
def write_connection():
    """One atomic write on a pooled connection of its own, outside the ORM session.

    For the writes every patient makes (a page save, the final submit): plain statements, without
    the session's bookkeeping. Commits on success, rolls back everything on any error. On SQLite it
    begins IMMEDIATE, as write_transaction does.
    """
    with _writer_turn(), db.engine.connect().execution_options(sqlite_begin="IMMEDIATE") as connection:
        with connection.begin():
            yield connection


@contextmanager
def write_transaction():
    """One atomic write: commit on success, roll back everything on any error.

    Any read transaction left open by the request is ended first so the write can
    begin IMMEDIATE on SQLite (ignored on PostgreSQL).
    """
    session = db.session
    session.info.pop(_AFTER_COMMIT, None)
    session.rollback()
    with _writer_turn():
        session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
        try:
            yield session
            session.commit()
        except BaseException:
            session.info.pop(_AFTER_COMMIT, None)
            session.rollback()
            raise
    for callback in session.info.pop(_AFTER_COMMIT, ()):
        callback()


_AFTER_COMMIT = "intake.after_commit"


def after_commit(callback) -> None:
    """Run `callback` once the current write_transaction() has committed (never if it rolls back)."""
    db.session.info.setdefault(_AFTER_COMMIT, []).append(callback)
