"""Database connection settings and the write-transaction helper shared by every feature."""

from contextlib import contextmanager

from sqlalchemy import event
from sqlalchemy.engine import Engine

from .extensions import db


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

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        # NORMAL can lose the last commits on power loss; patient answers must not.
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
        if mode == "NONE":
            return
        connection.exec_driver_sql(f"BEGIN {'IMMEDIATE' if mode == 'IMMEDIATE' else 'DEFERRED'}")


def read_value(statement, params: dict):
    """The first column of the first row of one read-only statement (built once, with bind parameters).

    Outside the ORM session and with no BEGIN of its own: a third of the cost of session.scalar(),
    for the draft that every questionnaire page reads.
    """
    with db.engine.connect().execution_options(sqlite_begin="NONE") as connection:
        return connection.execute(statement, params).scalar()


@contextmanager
def write_connection():
    """One atomic write on a pooled connection of its own, outside the ORM session.

    For the writes every patient makes (a page save, the final submit): plain statements, without
    the session's bookkeeping. Commits on success, rolls back everything on any error. On SQLite it
    begins IMMEDIATE, as write_transaction does.
    """
    with db.engine.connect().execution_options(sqlite_begin="IMMEDIATE") as connection:
        with connection.begin():
            yield connection


@contextmanager
def write_transaction():
    """One atomic write: commit on success, roll back everything on any error.

    Any read transaction left open by the request is ended first so the write can
    begin IMMEDIATE on SQLite (ignored on PostgreSQL).
    """
    session = db.session
    session.rollback()
    session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
