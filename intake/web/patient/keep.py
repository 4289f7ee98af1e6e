"""Leaving a page before Continue (Back, the language switch) or with an error, without losing what was typed.

Back and the language switch on a questionnaire page are buttons of its form, so what the patient typed
comes with them: saved as answers when the page is complete, else kept in the draft as typed and shown
again. A page sent with an error is kept the same way and shown again by a GET (POST → redirect → GET).
"""

from flask import current_app, request, session, url_for

from .. import drafts, language
from .forms import nothing_typed, typed_input

# The names of the form's buttons that leave the page (Continue has none).
BACK, SWITCH = "back", "lang"


def leaving() -> bool:
    """Whether the POST is Back or the language switch rather than Continue."""
    return BACK in request.form or SWITCH in request.form


def destination(back_url: str) -> str:
    """Where Back or the language switch goes: the previous page, or this page in the chosen language."""
    if BACK in request.form:
        return back_url
    chosen = request.form.get(SWITCH)
    if chosen in current_app.config["LANGUAGES"]:
        session[language.SESSION_KEY] = chosen
    return this_page()


def this_page() -> str:
    return url_for(request.endpoint, change=1 if request.args.get("change") == "1" else None)


def keep(page: str, check: bool) -> None:
    """Keep what was typed on `page` (check: show the page's errors with it, as Continue was pressed).

    Left with nothing typed, the page keeps nothing: the draft's answers, if any, are shown again."""
    typed = typed_input(page)
    if not check and nothing_typed(typed):
        drafts.keep_input(page, None)
    else:
        drafts.keep_input(page, {"form": typed, "check": check})
