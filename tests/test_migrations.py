"""Migrations build the whole schema from an empty database, on SQLite and PostgreSQL, matching the models."""

import os
import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text

from intake import create_app
from intake.extensions import db
from tests.conftest import TEST_SECRET_KEY


@pytest.fixture
def empty_database(tmp_path):
    """Config for a database with no tables at all: a new SQLite file, or a new PostgreSQL schema."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        yield {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'empty.sqlite3'}"}
        return
    schema = f"intake_migrate_{uuid.uuid4().hex[:12]}"
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield {"SQLALCHEMY_DATABASE_URI": url,
               "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"options": f"-csearch_path={schema}"}}}
    finally:
        with engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()


def test_upgrade_builds_a_schema_identical_to_the_models(empty_database):
    app = create_app({"TESTING": True, "SECRET_KEY": TEST_SECRET_KEY, **empty_database})
    with app.app_context():
        upgrade()
        tables = set(inspect(db.engine).get_table_names())
        assert {"draft", "submission", "submission_region", "submission_match"} <= tables
        with db.engine.connect() as conn:
            differences = compare_metadata(MigrationContext.configure(conn), db.metadata)
        assert differences == []
        db.engine.dispose()


def test_downgrade_to_base_and_upgrade_again(empty_database):
    app = create_app({"TESTING": True, "SECRET_KEY": TEST_SECRET_KEY, **empty_database})
    with app.app_context():
        upgrade()
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade()
        assert "submission" in inspect(db.engine).get_table_names()
        db.engine.dispose()


def test_the_migrated_queue_is_read_in_index_order_not_sorted(empty_database):
    """The queue's order matches an index after every migration (a SQLite table copy once lost its DESC)."""
    app = create_app({"TESTING": True, "SECRET_KEY": TEST_SECRET_KEY, **empty_database})
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            if conn.dialect.name == "sqlite":
                plan = " ".join(str(row[-1]) for row in conn.execute(text(
                    "EXPLAIN QUERY PLAN SELECT id FROM submission WHERE status = 'new' "
                    "ORDER BY triage_rank, created_at DESC, id LIMIT 25")))
                assert "ix_submission_queue" in plan and "TEMP B-TREE" not in plan, plan
            else:
                definition = conn.execute(text(
                    "SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_submission_queue' "
                    "AND schemaname = current_schema()")).scalar_one()  # this test's schema, not another's
                assert "created_at DESC" in definition, definition
        db.engine.dispose()
