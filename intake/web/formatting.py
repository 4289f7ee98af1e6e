"""Template helpers for showing stored values to a reader in their own language."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from flask import current_app

from ..questionnaire import label_for
from .dates import show_date


def format_iso_date(value: str | date | None, style: str = "long") -> str:
    """A stored date in the reader's convention (intake/web/dates.py): "May 14, 1988" in a US clinic."""
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            return value
    return show_date(value, style)


def clinic_time(value: datetime | None, pattern: str = "%Y-%m-%d %H:%M") -> str:
    """A stored (naive UTC) time shown in the clinic's time zone with the zone, e.g. "2026-11-25 09:41 EST"."""
    if value is None:
        return ""
    local = value.replace(tzinfo=UTC).astimezone(ZoneInfo(current_app.config["CLINIC_TIMEZONE"]))
    return f"{local.strftime(pattern)} {zone_label(local)}"


def zone_label(moment: datetime) -> str:
    """The zone's abbreviation ("EST", "CET"), or "UTC-3" where the zone has none (tz data writes "-03")."""
    name = moment.tzname() or ""
    if name and name[0] in "+-" and name[1:].replace(":", "").isdigit():
        hours, minutes = int(name[1:3]), name[3:].lstrip(":")
        return f"UTC{name[0]}{hours}" + (f":{minutes}" if minutes.strip("0") else "")
    return name or "UTC"


def language_name(code: str | None) -> str:
    """The language a patient used, named in English for staff pages: "es" -> "Spanish"."""
    if not code:
        return ""
    try:
        return Locale.parse(code).get_display_name("en") or code
    except (ValueError, UnknownLocaleError):
        return code


def tel_href(phone: str | None) -> str:
    """A typed phone number as a tap-to-call link target ("tel:+15550100"), or "" when it holds no digits."""
    text = (phone or "").strip()
    digits = "".join(ch for ch in text if ch in "0123456789")
    if not digits:
        return ""
    return ("tel:+" if text.startswith("+") else "tel:") + digits


def init_app(app):
    """Template globals for dates, times, labels and phone links (gettext: intake.i18n)."""
    app.jinja_env.globals["format_date"] = format_iso_date
    app.jinja_env.globals["clinic_time"] = clinic_time
    app.jinja_env.globals["now_utc"] = lambda: datetime.now(UTC).replace(tzinfo=None)
    app.jinja_env.globals["answer_label"] = label_for  # untranslated: wrap in _() where shown
    app.jinja_env.filters["language_name"] = language_name
    app.jinja_env.filters["tel_href"] = tel_href
