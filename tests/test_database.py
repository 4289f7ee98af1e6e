"""SQLite is set up for several workers: WAL (with a size limit), foreign keys, busy timeout, FULL sync, IMMEDIATE only for writes."""

import multiprocessing
import threading
from pathlib import Path

import pytest
from sqlalchemy import event, func, insert, select, text

from intake import create_app
from intake.database import WAL_SIZE_LIMIT, WriterQueue, engine_options, write_connection, write_transaction
from intake.extensions import db
from intake.models import Draft, utcnow
from tests.conftest import TEST_SECRET_KEY


@pytest.fixture
def sqlite_app(app):
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.skip("SQLite connection settings; PostgreSQL runs the rest of the suite")
    return app


def test_every_sqlite_connection_has_the_safety_pragmas(sqlite_app):
    with sqlite_app.app_context():
        pragma = lambda name: db.session.execute(text(f"PRAGMA {name}")).scalar()  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("foreign_keys") == 1
        assert pragma("synchronous") == 2  # FULL
        assert pragma("busy_timeout") == sqlite_app.config["SQLITE_BUSY_TIMEOUT_MS"]
        assert pragma("journal_size_limit") == WAL_SIZE_LIMIT


def test_after_a_large_write_the_write_ahead_log_shrinks_back(sqlite_app):
    """A restore or import writes far more than a day's pages; the log file must not keep that size."""
    big = {"notes": "x" * 4000}
    with sqlite_app.app_context():
        wal = Path(f"{db.engine.url.database}-wal")
        with write_transaction() as tx:
            tx.execute(insert(Draft), [{"token_hash": f"{n:064d}", "answers": big, "expires_at": utcnow()}
                                       for n in range(8000)])
        grown = wal.stat().st_size
        assert grown > 2 * WAL_SIZE_LIMIT  # the large write itself went through the log
        db.session.commit()  # no read left open: the checkpoint can copy the whole log back
        db.session.execute(text("PRAGMA wal_checkpoint(PASSIVE)"))
        db.session.commit()
        # The next small write starts the log over, and cuts the file back to the limit.
        with write_transaction() as tx:
            tx.add(Draft(token_hash="c" * 64, answers={}, expires_at=utcnow()))
        assert wal.stat().st_size <= WAL_SIZE_LIMIT, f"the log stayed at {wal.stat().st_size:,} bytes (was {grown:,})"


def test_writes_begin_immediate_and_reads_begin_deferred(sqlite_app):
    statements = []
    with sqlite_app.app_context():
        event.listen(db.engine, "before_cursor_execute",
                     lambda conn, cursor, statement, *args: statements.append(statement))
        db.session.scalar(select(func.count()).select_from(Draft))
        db.session.commit()
        with write_transaction() as tx:
            tx.add(Draft(token_hash="a" * 64, answers={}, expires_at=utcnow()))
    begins = [s for s in statements if s.startswith("BEGIN")]
    assert begins == ["BEGIN DEFERRED", "BEGIN IMMEDIATE"]


def test_a_failed_write_leaves_nothing_behind(app):
    with app.app_context():
        with pytest.raises(RuntimeError):
            with write_transaction() as tx:
                tx.add(Draft(token_hash="b" * 64, answers={}, expires_at=utcnow()))
                tx.flush()
                raise RuntimeError("injected failure")
        assert db.session.scalar(select(func.count()).select_from(Draft)) == 0


def _writer(config, worker, count, results):
    app = create_app(config)
    with app.app_context():
        for n in range(count):
            # Read first, then write: the pattern that loses to "database is locked" with plain BEGIN.
            with write_transaction() as tx:
                tx.scalar(select(func.count()).select_from(Draft))
                tx.add(Draft(token_hash=f"{worker:04d}{n:060d}", answers={"n": n}, expires_at=utcnow()))
        db.engine.dispose()
    results.put(worker)


def test_concurrent_writers_from_several_processes_all_commit(sqlite_app, app_config):
    processes, per_process = 4, 40
    with sqlite_app.app_context():
        db.engine.dispose()  # no inherited connections in the forked workers
    results = multiprocessing.get_context("fork").Queue()
    workers = [multiprocessing.get_context("fork").Process(target=_writer, args=(app_config, w, per_process, results))
               for w in range(processes)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert all(worker.exitcode == 0 for worker in workers)
    with sqlite_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Draft)) == processes * per_process


def _count_drafts(app):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Draft))


@pytest.mark.parametrize("write", ["write_transaction", "write_connection"])
def test_a_writer_waits_while_another_worker_writes_and_goes_in_when_it_is_done(sqlite_app, write):
    with sqlite_app.app_context():
        lock_path = db.engine.url.database + ".writers"
    # Its own open file, as another gunicorn worker (or a command) has: the lock keeps this process out too.
    other_worker = WriterQueue(lock_path)
    done, failure = threading.Event(), []

    def patient_submits():
        try:
            with sqlite_app.app_context():
                if write == "write_transaction":
                    with write_transaction() as tx:
                        tx.add(Draft(token_hash="c" * 64, answers={}, expires_at=utcnow()))
                else:
                    with write_connection() as tx:
                        tx.execute(Draft.__table__.insert(), {"token_hash": "c" * 64, "answers": {},
                                                              "created_at": utcnow(), "updated_at": utcnow(),
                                                              "expires_at": utcnow()})
        except Exception as error:  # reported below, in the test's own thread
            failure.append(error)
        finally:
            done.set()

    with other_worker.turn():
        writer = threading.Thread(target=patient_submits)
        writer.start()
        assert not done.wait(0.5), "a write went in while another worker held the turn"
        assert _count_drafts(sqlite_app) == 0
    assert done.wait(30), "the waiting write did not go in once the turn was free"
    writer.join()
    assert failure == []
    assert _count_drafts(sqlite_app) == 1
    assert Path(lock_path).exists()


def test_nested_turns_in_one_thread_do_not_wait_for_themselves(sqlite_app):
    with sqlite_app.app_context():
        queue = WriterQueue(db.engine.url.database + ".nested")
    with queue.turn():
        with queue.turn():
            pass
        # Still held by the outer turn: another worker's attempt would wait.
        other_worker = WriterQueue(queue.path)
        entered = threading.Event()

        def other_worker_writes():
            with other_worker.turn():
                entered.set()

        waiting = threading.Thread(target=other_worker_writes)
        waiting.start()
        assert not entered.wait(0.3)
    assert entered.wait(30)
    waiting.join()


@pytest.mark.parametrize(("url", "configured", "expected"), [
    # SQLite: no server to lose, so no ping before each use.
    ("sqlite:////srv/intake.sqlite3", {}, {"pool_use_lifo": True}),
    # PostgreSQL: a restarted server leaves dead connections behind; each is tested before use.
    ("postgresql+psycopg://db/intake", {}, {"pool_use_lifo": True, "pool_pre_ping": True}),
    # What the clinic's instance/config.py (or a test) sets wins, and is kept alongside ours.
    ("postgresql+psycopg://db/intake", {"pool_pre_ping": False, "pool_size": 20},
     {"pool_use_lifo": True, "pool_pre_ping": False, "pool_size": 20}),
    ("sqlite:////srv/intake.sqlite3", {"pool_use_lifo": False}, {"pool_use_lifo": False}),
    # An in-memory database is one connection, not a pool.
    ("sqlite://", {}, {}),
    ("sqlite:///:memory:", {}, {}),
])
def test_engine_options_suit_the_database(url, configured, expected):
    assert engine_options(url, configured) == expected


def test_the_app_builds_its_engine_with_those_options(app):
    options = app.config["SQLALCHEMY_ENGINE_OPTIONS"]
    assert options.get("pool_use_lifo") is True
    assert options.get("pool_pre_ping", False) is (not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"))
