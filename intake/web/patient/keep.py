"""Leaving a page before Continue (Back, the language switch) or with an error, without losing what was typed.

Back and the language switch on a questionnaire page are buttons of its form, so what the patient typed
comes with them: saved as answers when the page is complete, else kept in the draft as typed and shown
again. A page sent with an error is kept the same way and shown again by a GET (POST → redirect → GET).
"""

from flask import current_app, request, session, url_for

from .. import drafts, language
from .forms import nothing_typed, page_form, typed_input

# The names of the form's buttons that leave the page (Continue has none); the kiosk's "Start over" too.
BACK, SWITCH, START_OVER = "back", "lang", "start_over"
# The patient pages "No, go back" may return to (a question page possibly with ?change=1): never another site.
RETURNABLE = ("patient.start", "patient.check", "patient.confirm")


def leaving() -> bool:
    """Whether the POST is Back, the language switch or the kiosk's "Start over" rather than Continue."""
    return BACK in request.form or SWITCH in request.form or START_OVER in request.form


def destination(back_url: str) -> str:
    """Where the button goes: the previous page, this page in the chosen language, or the start-over question."""
    if BACK in request.form:
        return back_url
    if START_OVER in request.form:
        return url_for("patient.start_over_confirm", back=this_page())
    chosen = request.form.get(SWITCH)
    if chosen in current_app.config["LANGUAGES"]:
        session[language.SESSION_KEY] = chosen
    return this_page()


def this_page() -> str:
    return url_for(request.endpoint, change=1 if request.args.get("change") == "1" else None)


def local_page(path: str | None) -> str:
    """`path` if it is one of the questionnaire's own pages (a question page may have ?change=1), else the start."""
    from .flow import ENDPOINTS

    pages = {url_for(endpoint) for endpoint in (*RETURNABLE, *ENDPOINTS.values())}
    base, _, query = (path or "").partition("?")
    return path if base in pages and query in ("", "change=1") else url_for("patient.start")


def keep(page: str, check: bool) -> None:
    """Keep what was typed on `page` (check: show the page's errors with it, as Continue was pressed).

    Left with nothing typed, the page keeps nothing: the draft's answers, if any, are shown again."""
    typed = typed_input(page)
    if not check and nothing_typed(typed):
        drafts.keep_input(page, None)
    else:
        drafts.keep_input(page, {"form": typed, "check": check})


def form_for(page: str, answers: dict, pending: dict, **options):
    """The page's form: the POSTed data; on GET the input kept from it (with its messages when it was sent with
    an error, shown after the redirect), else the draft's answers."""
    kept = pending.get(page) if request.method == "GET" else None
    form = page_form(page, answers, kept=kept and kept["form"], **options)
    if kept and kept["check"]:
        form.validate()
    return form
