"""Translation in one place: N_ marks text for the catalogs, and templates' _() translates it for each reader.

The questionnaire and the clinical rules import N_ from here, so this module imports no Flask at its top:
a reader's catalog is looked up only while a request (or app context) is running.
"""

from jinja2 import pass_eval_context
from markupsafe import Markup


def N_(text: str) -> str:
    """Mark a string for translation without translating it here (gettext_noop)."""
    return text


# Flask's context variable of the running app context, bound at the first translation (see the
# module's docstring). Read directly, not through the `g` proxy: a page translates dozens of labels,
# and the proxy's lookup was most of the cost of each one (2.6 µs of a template _()'s 7).
_app_context = None


def app_globals():
    """Flask's `g` of the running app context itself (LookupError outside one, as `g` refuses)."""
    global _app_context
    if _app_context is None:
        from flask.globals import _cv_app

        _app_context = _cv_app
    return _app_context.get().g


def translations():
    """The reader's catalog: its .ugettext() translates a label."""
    # Flask-Babel finds the catalog through several context lookups on every call, and a page
    # translates about a hundred labels: find it once per request (or app context) instead.
    g = app_globals()
    found = g.get("_intake_translations")
    if found is None:
        from flask_babel import get_translations

        found = g._intake_translations = get_translations()
    return found


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


def init_app(app) -> None:
    """Templates' gettext callables; call after Babel's init_app, whose callables these replace."""
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
