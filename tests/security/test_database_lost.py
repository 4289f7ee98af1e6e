"""The database lost mid-request or while the request is cleaned up: the app's own page, never a bare server error.

A lost connection is injected where the driver would report it: every statement fails, and so does the
rollback that ends the request's transaction (the connection is gone, so nothing can be rolled back).
"""

import gc
import logging

import pytest
from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from intake.extensions import db
from tests.questionnaire_client import answer_pages, form_data


@pytest.fixture
def lose_database(app, monkeypatch):
    """lose_database(statements=True, rollback=True, after_view=False): arm a lost connection for one request."""
    armed, pending = {}, {}
    with app.app_context():
        engine = db.engine
    dialect = engine.dialect
    gone = dialect.loaded_dbapi.OperationalError
    real_rollback = dialect.do_rollback

    def before_execute(conn, cursor, statement, parameters, context, executemany):
        if armed.get("statements"):
            raise OperationalError(statement, parameters, gone("server closed the connection unexpectedly"))

    def do_rollback(dbapi_connection):
        if armed.get("rollback"):
            # As when the server really went away: the connection is closed, not left open in a transaction
            # (on PostgreSQL such a leftover held the tables, and dropping them at teardown waited for ever).
            # (The pool passes its proxy of the connection; closing that would only return it to the pool.)
            getattr(dbapi_connection, "dbapi_connection", dbapi_connection).close()
            raise gone("server closed the connection unexpectedly")
        return real_rollback(dbapi_connection)

    monkeypatch.setattr(dialect, "do_rollback", do_rollback)
    event.listen(engine, "before_cursor_execute", before_execute)

    def arm_for_this_request():
        # What the test asked for holds for the next request only; the one after finds the database back.
        armed.clear()
        armed.update(pending)
        pending.clear()

    app.before_request_funcs.setdefault(None, []).insert(0, arm_for_this_request)

    @app.after_request
    def lose_after_the_view(response):
        if armed.pop("after_view", None):
            armed.update(statements=True, rollback=True)
        return response

    yield lambda **how: pending.update(how)
    event.remove(engine, "before_cursor_execute", before_execute)
    # After some tests the connection closed above is still held in a reference cycle by the lost request's
    # objects; SQLAlchemy's finalizer for it runs whenever the garbage collector next does. Collected here, it runs in this test's teardown and
    # not in the middle of the next test, where on CPython 3.11.7 a finalizer that ran during
    # ast.parse (werkzeug compiling a route) broke the parser's own check ("AST constructor recursion
    # depth mismatch").
    gc.collect()


def _page(response):
    return response.get_data(as_text=True)


def test_the_connection_lost_while_a_staff_request_is_cleaned_up_still_sends_the_page(client, login, lose_database,
                                                                                      caplog):
    login(client, role="front_desk")
    lose_database(after_view=True)
    response = client.get("/staff/")
    assert response.status_code == 200 and "Queue" in _page(response)
    assert any("incident" in r.getMessage() and "cleaning up" in r.getMessage() for r in caplog.records
               if r.levelno >= logging.ERROR)
    # The next request works: the dead connection was thrown away, not handed out again.
    assert client.get("/staff/").status_code == 200


def test_the_connection_lost_mid_request_on_a_staff_page_gives_the_try_again_page(client, login, lose_database):
    login(client, role="front_desk")
    client.get("/staff/")
    lose_database(statements=True, rollback=True)
    response = client.get("/staff/")
    assert response.status_code == 503
    assert "Please try again" in _page(response) and "incident" in _page(response)
    assert client.get("/staff/").status_code == 200


def test_the_connection_lost_during_the_final_submit_gives_the_try_again_page_and_keeps_the_answers(
        client, answers, lose_database):
    answer_pages(client, answers)
    lose_database(statements=True, rollback=True)
    response = client.post("/confirm-and-send", data=form_data("consent", answers))
    assert response.status_code == 503 and "Please try again" in _page(response)
    again = client.post("/confirm-and-send", data=form_data("consent", answers))
    assert again.status_code == 302 and again.headers["Location"].endswith("/done")


@pytest.mark.parametrize("path", ["/", "/about-you", "/learn/", "/check-your-answers"])
def test_the_connection_lost_on_a_patient_page_gives_the_apps_own_page(client, answers, lose_database, path):
    answer_pages(client, answers)
    lose_database(statements=True, rollback=True)
    response = client.get(path)
    assert response.status_code in (200, 503)
    assert "<html" in _page(response) and ("Please try again" in _page(response) or response.status_code == 200)
