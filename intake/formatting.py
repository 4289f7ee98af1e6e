"""Template helpers for showing stored values to a reader in their own language."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from flask import current_app
from flask_babel import format_date

from .questionnaire import label_for


def format_iso_date(value: str | date | None, style: str = "long") -> str:
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            return value
    return format_date(value, style)


def clinic_time(value: datetime | None) -> str:
    """A stored (naive UTC) time shown in the clinic's time zone, e.g. 2026-11-25 09:41."""
    if value is None:
        return ""
    local = value.replace(tzinfo=UTC).astimezone(ZoneInfo(current_app.config["CLINIC_TIMEZONE"]))
    return local.strftime("%Y-%m-%d %H:%M")


def language_name(code: str | None) -> str:
    """The language a patient used, named in English for staff pages: "es" -> "Spanish"."""
    if not code:
        return ""
    try:
        return Locale.parse(code).get_display_name("en") or code
    except (ValueError, UnknownLocaleError):
        return code


def init_app(app):
    app.jinja_env.globals["format_date"] = format_iso_date
    app.jinja_env.globals["clinic_time"] = clinic_time
    app.jinja_env.globals["now_utc"] = lambda: datetime.now(UTC).replace(tzinfo=None)
    app.jinja_env.globals["answer_label"] = label_for  # untranslated: wrap in _() where shown
    app.jinja_env.filters["language_name"] = language_name
