"""What the review and export pages both read: the queue's filters from a request, a submission's record."""

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import abort, current_app, request, session

from ...rules.follow_through import ACTION_LABELS
from ...rules.trend import pain_trend
from .queue import parse_filters
from .record import Record, load_record
from .record_body import record_body

SEARCH_KEY = "queue_search"
FILTER_KEYS = ("status", "from", "to", "urgency", "region", "article")


def clinic_zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["CLINIC_TIMEZONE"])


def current_filters(zone: ZoneInfo):
    """The queue's filters from the URL, and the search term from the session when the URL says search=1."""
    args = {key: request.args[key] for key in (*FILTER_KEYS, "page") if key in request.args}
    if request.args.get("search") == "1":
        args["q"] = session.get(SEARCH_KEY, "")
    return parse_filters(args, datetime.now(zone).date(), articles().keys())


def articles():
    return current_app.extensions["intake.articles"].articles


def load_submission(submission_id) -> Record:
    """The submission's record for its page, print view and PDF; 404 if there is none."""
    record = load_record(str(submission_id))
    if record is None:
        abort(404)
    return record


def page_context(record: Record) -> dict:
    history = record.history
    return {
        "submission": record, "record_body": record_body, "history": history, "action_labels": ACTION_LABELS,
        "trend": pain_trend([(v.created_at, v.pain_now, v.pain_worst) for v in history]),
    }
