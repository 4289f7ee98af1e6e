"""Generic error pages: plain words, an incident id to quote, never a stack trace or patient data."""

import logging
import secrets
import traceback

from flask import render_template
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError
from werkzeug.exceptions import HTTPException, InternalServerError

log = logging.getLogger(__name__)


def init_app(app):
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
    from .extensions import db

    db.session.rollback()
    incident = secrets.token_hex(4)
    original = type(error.orig).__name__ if error.orig is not None else "none"
    log.error("incident %s: database %s (%s)", incident, type(error).__name__, original)
    return incident
