"""Shared fixtures in the flaskr style: app, client, runner, plus complete answers and a database per test."""

import json
import os
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from intake import create_app
from intake.extensions import db

DATA = Path(__file__).parent / "data"
TEST_SECRET_KEY = "test-only-secret-key-that-is-long-enough-0123456789"


def pytest_collection_modifyitems(config, items):
    """The longest files first: the gunicorn load runs, then the browser suite, then the rest.

    pytest-xdist (`make test`) hands out whole files in this order, so the other process works through the
    short files meanwhile instead of waiting at the end for one long file. Order within a file is kept.
    """
    def weight(item):
        if item.get_closest_marker("load"):
            return 0
        return 1 if "/tests/browser/" in str(item.path) else 2

    items.sort(key=weight)


@pytest.fixture(scope="session", autouse=True)
def compiled_translations():
    """The catalogs as `make test` compiles them, so a plain `pytest` run reads the current .po files too."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po in (Path(__file__).parent.parent / "intake" / "translations").glob("*/LC_MESSAGES/messages.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            with po.open("rb") as source:
                catalog = read_po(source, locale=po.parent.parent.name)
            # Written aside and renamed: pytest-xdist workers may compile the same catalog at once.
            partial = mo.with_suffix(f".{os.getpid()}.tmp")
            with partial.open("wb") as target:
                write_mo(target, catalog)
            os.replace(partial, mo)


@pytest.fixture(scope="session")
def postgres_schema():
    """On PostgreSQL (TEST_DATABASE_URL), one throwaway schema for this run, dropped at the end."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        yield None
        return
    schema = f"intake_test_{uuid.uuid4().hex[:12]}"
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as exc:  # a CI run must never silently fall back to SQLite
        pytest.exit(f"TEST_DATABASE_URL is set but PostgreSQL cannot be reached: {exc}", returncode=3)
    try:
        yield url, schema
    finally:
        with engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()


@pytest.fixture
def database_config(tmp_path, postgres_schema):
    """Config keys pointing at a fresh database: a SQLite file, or the run's PostgreSQL schema."""
    if postgres_schema is None:
        return {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'test.sqlite3'}"}
    url, schema = postgres_schema
    return {
        "SQLALCHEMY_DATABASE_URI": url,
        # Named after the run and the process, so teardown can find the connections this process left open.
        "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"options": f"-csearch_path={schema}",
                                                       "application_name": _connection_name(schema)}},
    }


def _connection_name(schema):
    return f"{schema}-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"[:63]


def _end_open_transactions(app):
    """On PostgreSQL: the connections of this process still inside a transaction, ended; their queries returned.

    Dropping the tables waits for every open transaction that read them: one a test leaves open (a request
    context never popped, a second app never torn down) would hang the run until CI's limit, with no message.
    """
    name = app.config["SQLALCHEMY_ENGINE_OPTIONS"].get("connect_args", {}).get("application_name")
    if name is None:  # SQLite, or a test's own database settings
        return []
    with db.engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT pid, query FROM pg_stat_activity WHERE application_name = :name AND pid <> pg_backend_pid() "
            "AND state LIKE 'idle in transaction%'"), {"name": name}).all()
        for pid, _ in rows:
            conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        conn.commit()
    return [query for _, query in rows]


@pytest.fixture(scope="session", autouse=True)
def audit_files_outside_instance(tmp_path_factory):
    """Apps a test builds itself (gunicorn included) keep their audit key and checkpoint in a temporary folder."""
    folder = tmp_path_factory.mktemp("audit")
    for name, file in (("INTAKE_AUDIT_KEY_FILE", "audit.key"), ("INTAKE_AUDIT_CHECKPOINT_FILE", "audit-checkpoint")):
        os.environ.setdefault(name, str(folder / file))


@pytest.fixture
def app_config(database_config, tmp_path):
    return {
        "TESTING": True,
        "SECRET_KEY": TEST_SECRET_KEY,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        # Cheap password hashing in tests: the production cost (64 MiB) would dominate the run time.
        "ARGON2_TIME_COST": 1, "ARGON2_MEMORY_COST": 1024, "ARGON2_PARALLELISM": 1,
        # The audit key and checkpoint of this test's database, never the ones in instance/.
        "AUDIT_KEY_FILE": str(tmp_path / "audit.key"), "AUDIT_CHECKPOINT_FILE": str(tmp_path / "audit-checkpoint"),
        **database_config,
    }


@pytest.fixture
def app(app_config):
    app = create_app(app_config)
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        left_open = _end_open_transactions(app)
        db.engine.dispose()
        db.drop_all()
        db.engine.dispose()
    if left_open:  # a plain message: pytest's source excerpt of this teardown has crashed the worker before
        pytest.fail(f"the test left a database transaction open after: {left_open}", pytrace=False)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def answers():
    """One complete, valid answer set in the domain's JSON form (triage none, top article mid/upper back)."""
    return json.loads((DATA / "answers-burning-upper-back.json").read_text())


# --- Staff accounts (engineer A) ---------------------------------------------------------

# A password that passes the policy; every test user gets it unless a test says otherwise.
STAFF_PASSWORD = "plum tractor velvet harbour"


@pytest.fixture
def make_user(app):
    """A factory: make_user(email=..., role=..., password=..., name=...) stores a staff user and returns it."""
    from intake.accounts import users as accounts
    from intake.database import write_transaction

    counter = iter(range(1, 10_000))

    def make(email=None, role="practitioner", password=STAFF_PASSWORD, name=None, **columns):
        email = email or f"{role.replace('_', '-')}-{next(counter)}@clinic.example"
        with app.app_context():
            with write_transaction() as session:
                user = accounts.create_user(session, email=email, role=role, password=password,
                                            name=name if name is not None else email.split("@")[0])
                for column, value in columns.items():
                    setattr(user, column, value)
            session.refresh(user)
            session.expunge(user)
            return user

    return make


@pytest.fixture
def login(app, make_user):
    """login(client, role="practitioner", email=None, password=STAFF_PASSWORD): logs in through the real
    form (creating the user if the email is new) and returns the user; fails the test if it did not work.
    Logging in leaves one "login.success" audit row."""
    from intake.accounts import users as accounts

    def do_login(client, role="practitioner", email=None, password=STAFF_PASSWORD):
        user = None
        if email is not None:
            with app.app_context():
                user = accounts.find_user_by_email(email)
                if user is not None:
                    db.session.expunge(user)
        if user is None:
            user = make_user(email=email, role=role, password=password)
        response = client.post("/staff/login", data={"email": user.email, "password": password})
        assert response.status_code == 302 and "/staff/login" not in response.headers["Location"], \
            f"login as {user.email} failed"
        return user

    return do_login


@pytest.fixture
def clock(monkeypatch):
    """The clock for staff sessions, throttling and audit times, frozen now; clock.advance(minutes=16) moves it."""
    from datetime import timedelta

    from intake.accounts import users as accounts

    class Clock:
        def __init__(self):
            self.current = accounts.now()

        def __call__(self):
            return self.current

        def advance(self, **delta):
            self.current += timedelta(**delta)

    frozen = Clock()
    monkeypatch.setattr(accounts, "now", frozen)
    return frozen


# --- Submissions for the staff workspace ----------------------------------------------------

@pytest.fixture
def make_submission(app, answers):
    """make_submission(answers=None, created_at=None, **answer_overrides) stores one submission as the
    questionnaire would (triage and matches included) and returns it detached (id, reference, …).
    An override of None removes that answer."""
    import secrets

    from intake.database import write_transaction
    from intake.models import Submission
    from intake.records.submissions import build_submission

    def make(answers_=None, created_at=None, **overrides):
        data = {**(answers_ if answers_ is not None else answers), **overrides}
        data = {k: v for k, v in data.items() if v is not None}
        with app.app_context():
            with write_transaction() as tx:
                submission = build_submission(data, secrets.token_hex(32), now=created_at)
                tx.add(submission)
            stored = db.session.get(Submission, submission.id)
            _ = stored.matches, stored.regions
            db.session.expunge(stored)
            return stored

    return make
