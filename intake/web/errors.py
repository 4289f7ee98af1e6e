"""Generic error pages: plain words, an incident id to quote, never a stack trace or patient data."""

import logging
import secrets
import traceback

from flask import current_app, g, has_request_context, render_template
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError
from werkzeug.exceptions import HTTPException, InternalServerError

log = logging.getLogger(__name__)


def init_app(app):
    _clean_up_safely(app)

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_template("errors/expired.html"), 400

    @app.errorhandler(HTTPException)
    def http_error(error):
        return render_template("errors/http.html", error=error), error.code

    @app.errorhandler(DBAPIError)
    def database_error(error):
        # A failed write (database locked, connection lost, disk full) rolled back as a whole: the
        # draft is untouched, so the patient is told to try again, never thanked.
        incident = database_incident(error)
        response = app.make_response((render_template("errors/try_again.html", incident=incident), 503))
        response.headers["Retry-After"] = "5"
        return response

    @app.errorhandler(Exception)
    def unexpected_error(error):
        incident = secrets.token_hex(4)
        # The exception type and the code path only: exception messages (SQL parameters,
        # validation errors) can carry what a patient typed, which must never reach the logs.
        frames = "".join(traceback.format_tb(error.__traceback__))
        log.error("incident %s: unhandled %s\n%s", incident, type(error).__name__, frames)
        return render_template("errors/500.html", incident=incident), InternalServerError.code


def database_incident(error: DBAPIError) -> str:
    """Roll the failed transaction back and log the failure under a new incident id, which is returned.

    The exception's message and its SQL parameters stay out of the log: they can carry what a patient typed.
    """
    from ..extensions import db

    _end_session(db.session.rollback)
    if has_request_context() and "_login_user" not in g:
        # The staff session could not be read: render the page as for no one, or Flask-Login would try
        # the lost database again from inside the template and the error page itself would fail.
        g._login_user = current_app.login_manager.anonymous_user()
    incident = secrets.token_hex(4)
    original = type(error.orig).__name__ if error.orig is not None else "none"
    log.error("incident %s: database %s (%s)", incident, type(error).__name__, original)
    return incident


def _end_session(end) -> DBAPIError | None:
    """Roll back or remove the session. A connection that is gone cannot roll back: it is thrown away
    (the pool never hands it out again, so the next request connects afresh) and the error returned."""
    from ..extensions import db

    try:
        end()
        return None
    except DBAPIError as error:
        db.session().invalidate()
        db.session.remove()
        return error


def _clean_up_safely(app) -> None:
    """Flask-SQLAlchemy ends each request's session at teardown, after the response is made. A connection
    lost by then (a database restart) raised out of the app, and gunicorn sent its own bare error page
    instead of the finished response. Now the failure is logged and the response goes out as made."""
    from ..extensions import db

    app.teardown_appcontext_funcs.remove(db._teardown_session)

    @app.teardown_appcontext
    def remove_session(_exc):
        error = _end_session(db.session.remove)
        if error is not None:
            log.error("incident %s: database %s while cleaning up a request (%s)", secrets.token_hex(4),
                      type(error).__name__, type(error.orig).__name__ if error.orig is not None else "none")
