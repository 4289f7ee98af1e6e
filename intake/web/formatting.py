"""Template helpers for showing stored values to a reader in their own language."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from flask import current_app, g
from flask_babel import get_translations
from jinja2 import pass_eval_context
from markupsafe import Markup

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


def translations():
    """The reader's catalog: its .ugettext() translates a label."""
    # Flask-Babel finds the catalog through several context lookups on every call, and a page
    # translates about a hundred labels: find it once per request (or app context) instead.
    found = g.get("_intake_translations")
    if found is None:
        found = g._intake_translations = get_translations()
    return found


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


@pass_eval_context
def template_gettext(eval_context, string: str, **variables) -> str:
    """A template's _("..."): as Jinja's newstyle gettext, escaping the variables in autoescaped templates."""
    # The catalog is looked up for this request on every call, never kept on the evaluation context:
    # a macro file imported without context keeps one evaluation context for the app's lifetime, so
    # a catalog kept there showed the first reader's language to every later one.
    text = translations().ugettext(string)
    if eval_context.autoescape:
        text = Markup(text)  # nosec B704 - our own catalog text, as Jinja's gettext treats it
    # As newstyle gettext, always a format string ("%%" is a percent sign), without the cost where it has none.
    return text % variables if variables or "%" in text else text


def init_app(app):
    """Template globals; call after Babel's init_app, whose gettext callables these replace."""
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: translations().ugettext(s),
        ngettext=lambda s, p, n: translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: translations().unpgettext(c, s, p, n),
    )
    # Templates call _() a few dozen times a page: one function instead of Jinja's alias, which
    # resolves and calls "gettext" through the context again on every call. Same result.
    app.jinja_env.globals["_"] = template_gettext
    app.jinja_env.globals["format_date"] = format_iso_date
    app.jinja_env.globals["clinic_time"] = clinic_time
    app.jinja_env.globals["now_utc"] = lambda: datetime.now(UTC).replace(tzinfo=None)
    app.jinja_env.globals["answer_label"] = label_for  # untranslated: wrap in _() where shown
    app.jinja_env.filters["language_name"] = language_name
    app.jinja_env.filters["tel_href"] = tel_href
