"""Structured logs: one JSON line per request, with no query string, form value or patient data.

Written to stderr by a handler of our own when nothing else handles the app's loggers, so the
lines appear under gunicorn too (its workers configure no logging for the app; before, only errors
reached a handler, which Flask adds lazily). Under gunicorn, stderr is the terminal or service
journal, or gunicorn's error log file with --capture-output.
"""

import json
import logging
import secrets
import sys
import time

from flask import g, request

from .pages import trait

log = logging.getLogger("intake.requests")


class JsonLines(logging.Formatter):
    """Every record as one JSON line: request lines as they are, anything else (errors with their code
    path) wrapped, newlines escaped, so no record can span or forge lines."""

    def format(self, record):
        message = record.getMessage()
        if record.name == log.name and message.startswith("{"):
            return message
        return json.dumps({"event": "log", "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
                           "level": record.levelname, "logger": record.name, "message": message},
                          ensure_ascii=True)


def _add_handler() -> None:
    app_logger = logging.getLogger("intake")
    # Flask's test runs and a clinic's own logging setup (handlers on the root logger) take precedence.
    if any(getattr(h, "intake_json", False) for h in app_logger.handlers) or logging.getLogger().handlers \
            or app_logger.handlers:
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonLines())
    handler.intake_json = True
    app_logger.addHandler(handler)
def logged_path() -> str:
    # A route whose URL holds a secret (an invitation's personal link; its blueprint declares which) is
    # logged as its rule, not its path.
    if request.endpoint in trait("secret_paths", ()) and request.url_rule is not None:
        return request.url_rule.rule
    return request.path[:200]


def init_app(app):
    _add_handler()
    if not app.config.get("REQUEST_LOG", True):
        return
    if log.level == logging.NOTSET:
        log.setLevel(logging.INFO)

    def start_timer():
        g.request_started = time.perf_counter()
        # Our own id, never one taken from a header: a client could put anything in it.
        g.request_id = secrets.token_hex(8)

    # First of all, so requests refused early (CSRF, rate limit) are timed and numbered too.
    app.before_request_funcs.setdefault(None, []).insert(0, start_timer)

    @app.after_request
    def log_request(response):
        started = g.get("request_started")
        duration_ms = round((time.perf_counter() - started) * 1000, 1) if started else None
        response.headers.setdefault("X-Request-ID", g.get("request_id", ""))
        # request.path only: query strings can carry search terms (names, dates of birth). json.dumps
        # escapes CR/LF and other control characters, so no one can forge a second line.
        log.info(json.dumps({
            "event": "request", "id": g.get("request_id"), "method": request.method,
            "path": logged_path(), "endpoint": request.endpoint, "status": response.status_code,
            "ms": duration_ms,
        }, ensure_ascii=True))
        return response
