"""The patient's language: the browser's preference, or the one they chose with the switch on every page.

The switch is a plain link (`?lang=es` on the page being read): it carries no patient data,
needs no JavaScript, and redirects back to the same page. Answers live in the server-side
draft, so nothing saved is lost. Staff pages are always English.
"""

from urllib.parse import quote, urlencode

from flask import current_app, has_request_context, redirect, request, session
from flask_babel import get_locale

from ..i18n import app_globals
from .pages import trait

SESSION_KEY = "language"
QUERY_KEY = "lang"
# Each language named in itself, as a reader looking for their own language expects.
NATIVE_NAMES = {"en": "English", "es": "Español"}


def select_locale() -> str:
    """Flask-Babel's locale selector: a blueprint's fixed language (staff: English); else the patient's
    choice; else Accept-Language."""
    default = current_app.config["BABEL_DEFAULT_LOCALE"]
    if not has_request_context():
        return default
    if fixed := trait("language"):
        return fixed
    languages = current_app.config["LANGUAGES"]
    chosen = session.get(SESSION_KEY)
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(languages) or default


def current_locale() -> str:
    # Asked a dozen times per page (lang attributes, the switch, every choice group): look it up once.
    g = app_globals()
    found = g.get("_intake_locale")
    if found is None:
        found = g._intake_locale = str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])
    return found


def switch_links() -> list[dict]:
    """One entry per language for the switch: code, name, the link that chooses it, and whether it is current."""
    current = current_locale()
    others = [(key, value) for key, value in request.args.items(multi=True) if key != QUERY_KEY]
    links = []
    for code in current_app.config["LANGUAGES"]:
        query = urlencode(others + [(QUERY_KEY, code)])
        links.append({"code": code, "name": NATIVE_NAMES.get(code, code), "href": f"{_same_page()}?{query}",
                      "current": code == current})
    return links


def localized_article(slug: str):
    """The education article in the reader's language (the English one if it has no translation), or None."""
    return current_app.extensions["intake.articles"].localized(slug, current_locale())


def localized_articles() -> list:
    library = current_app.extensions["intake.articles"]
    return [localized_article(slug) for slug in library.articles]


def _same_page() -> str:
    # One leading slash: "//host/..." would be read by browsers as another site. Percent-encoded again
    # as it came: a decoded newline (/learn/x%0a) cannot go into a Location header.
    return quote(request.script_root + "/" + request.path.lstrip("/"), safe="/:@!$&'()*+,;=~")


def init_app(app) -> None:
    @app.before_request
    def choose_language():
        # Only plain page reads change the language, never a form post; an unknown code is ignored.
        if (request.method != "GET" or QUERY_KEY not in request.args or trait("language")
                or request.url_rule is None):
            return None
        code = request.args.get(QUERY_KEY)
        if code in app.config["LANGUAGES"]:
            session[SESSION_KEY] = code
        others = [(key, value) for key, value in request.args.items(multi=True) if key != QUERY_KEY]
        # The same page again, without the choice in its address (a relative URL: never another site).
        target = _same_page() + (f"?{urlencode(others)}" if others else "")
        return redirect(target, code=303)

    app.jinja_env.globals["current_locale"] = current_locale
    app.jinja_env.globals["language_switch_links"] = switch_links
    app.jinja_env.globals["localized_article"] = localized_article
