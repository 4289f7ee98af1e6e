"""Questionnaire pages: validate, save to the draft, redirect (POST → redirect → GET)."""

import functools

from flask import abort, current_app, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from sqlalchemy.exc import DBAPIError

from .. import drafts, kiosk, language, shells
from ..errors import database_incident
from ...extensions import limiter
from ...models import utcnow
from ... import questionnaire
from ...questionnaire import FINAL_PAGE, KINDS, PAGES, QUESTION_PAGE, QUESTIONS, SECTION_BY_CODE, Choice, answer_rows, label_for, section_of
from ...records.submissions import find_by_reference, submit_draft
from ...rules.pain_check import worst_below_now
from ...rules.triage import assess
from .blueprint import bp
from .answer_cells import answer_cells
from . import keep
from .flow import (ENDPOINTS, ORDER, after_regions_change, first_to_finish, missing_pages, next_page, previous_page,
                   unsaved_pages)

SUBMITTED_KEY = "submitted_reference"
# Every question page is the one generic template; paths and sections come from the definition.
TEMPLATES = dict.fromkeys(ORDER, "question")
PAGE_PATHS = {page: PAGES[page].path for page in ORDER}
PAGE_SECTIONS = {page: section_of(page).code for page in ORDER}
# Titles only: a section holds its pages' conditions (functions), which no kept render's key can hold.
SECTION_TITLES = {code: section.title for code, section in SECTION_BY_CODE.items()}
# The pages after which the triage may say "get help now" (the safety signs).
SIGN_PAGES = ("emergency", "health")


@bp.get("/")
def start():
    return shells.render_page("patient/start.html", has_draft=bool(drafts.current_answers()))


@bp.post("/start-again")
def start_again():
    drafts.discard_draft()
    return redirect(url_for(ENDPOINTS[ORDER[0]]))


@bp.get("/start-over", endpoint="start_over_confirm")
def start_over_confirm():
    """Ask first: "Start over" deletes every answer (the kiosk bar's button comes here; nothing is deleted yet)."""
    return render_template("patient/start_over.html", back=keep.local_page(request.args.get("back")))


@bp.post("/start-over")
def start_over():
    """Delete the answers and go back to the welcome page (kiosk: "Start over", "Finish", the idle timeout)."""
    drafts.discard_draft()
    session.pop(SUBMITTED_KEY, None)
    if kiosk.active():
        # A shared tablet: nothing of this patient's session is left for the next one.
        session.clear()
    return redirect(url_for("patient.start"))


def question_page(page: str):
    answers, pending = drafts.current_state()
    changing = request.args.get("change") == "1"
    regions = [(code, label_for("regions", code)) for code in answers.get("regions") or ()]
    if page == "primary" and len(regions) < 2:
        return redirect(url_for("patient.regions", change=1 if changing else None))
    form = keep.form_for(page, answers, pending, region_choices=tuple(_choices(regions)))
    save_failed = None
    if request.method == "POST":
        try:
            if form.validate():
                updates, blank = form.answers()
                if page == "regions":
                    more, cleared = after_regions_change({**answers, **updates})
                    updates.update(more)
                    blank += cleared
                drafts.save_answers(updates, remove=blank, page=page)
                merged = {k: v for k, v in {**answers, **updates}.items() if k not in blank}
                if keep.leaving():
                    back = _back_url(page, merged, changing)
                    # A sign of an emergency just given: what to do now comes first, even on the way back.
                    help_now = _emergency_first(page, merged, changing) if keep.BACK in request.form else None
                    return redirect(help_now or keep.destination(back))
                return redirect(_after(page, merged, changing))
            # Not complete: kept as typed and shown again, with its errors when Continue was pressed.
            keep.keep(page, check=not keep.leaving())
        except DBAPIError as error:
            # Nothing was saved: show the page again with what the patient just gave, to send again.
            save_failed = database_incident(error)
        else:
            back = _back_url(page, answers, changing)
            return redirect(keep.destination(back) if keep.leaving() else keep.this_page())
    back = _back_url(page, answers, changing)
    definition = PAGES[page]
    section_title = SECTION_BY_CODE[PAGE_SECTIONS[page]].title
    # A page of one question (GOV.UK pattern) has that question as its heading; the section is its caption.
    heading = definition.asks[0].label if definition.question_heading else section_title
    static = {"page": definition, "kinds": KINDS, "section_title": section_title}
    template = f"patient/{TEMPLATES[page]}.html"
    if save_failed:
        html = render_template(template, form=form, changing=changing, back=back, heading=heading,
                               save_failed=save_failed, **static)
        return html, 503, {"Retry-After": "5"}
    return shells.render_page(template, form, static=static, page_code=page, changing=changing, back=back,
                              heading=heading, revision=questionnaire.revision())


def _choices(regions):
    return (Choice(code, label) for code, label in regions)


def _emergency_first(page: str, answers: dict, changing: bool) -> str | None:
    if page in SIGN_PAGES:
        # Tell the patient what to do at once, before asking or showing anything else.
        if assess(answers, utcnow().date()).level == "emergency":
            return url_for("patient.get_help_now", after=page, change=1 if changing else None)
    return None


def _after(page: str, answers: dict, changing: bool) -> str:
    if help_now := _emergency_first(page, answers, changing):
        return help_now
    if changing:
        # A new set of areas may need the main area asked again before going back.
        if page == "regions" and "primary_region" not in answers and len(answers.get("regions", ())) > 1:
            return url_for("patient.primary", change=1)
        return url_for("patient.check")
    following = next_page(page, answers)
    return url_for(ENDPOINTS[following]) if following else url_for("patient.check")


def _back_url(page: str, answers: dict, changing: bool) -> str:
    """Back from a page: to the check page when changing an answer, else to the page before it."""
    if changing:
        return url_for("patient.check")
    previous = previous_page(page, answers)
    return url_for(ENDPOINTS[previous]) if previous else url_for("patient.start")


for _page, _path in PAGE_PATHS.items():
    bp.add_url_rule(_path, endpoint=_page, view_func=lambda _page=_page: question_page(_page),
                    methods=["GET", "POST"])


@bp.get("/get-help-now")
def get_help_now():
    """What to do now (an emergency sign), then a way on so that the clinic still gets the answers."""
    after = request.args.get("after")
    after = after if after in SIGN_PAGES else SIGN_PAGES[0]
    answers = drafts.current_answers()
    following = None if request.args.get("change") == "1" else next_page(after, answers)
    onward = url_for(ENDPOINTS[following]) if following else url_for("patient.check")
    return render_template("patient/get_help_now.html", back=url_for(ENDPOINTS[after]), onward=onward)


@functools.cache
def _check_rows(_revision) -> tuple:
    # Every question the page lists, without answers (the answers are filled in per patient). Built once
    # per questionnaire revision (a test may add a question), not on every view of the page.
    final = section_of(FINAL_PAGE).code
    return tuple(row for row in answer_rows({}) if row.section != final)


@bp.get("/check-your-answers")
def check():
    answers, pending = drafts.current_state()
    if not answers:
        return redirect(url_for("patient.start"))
    final = section_of(FINAL_PAGE).code
    rows = [row for row in answer_rows(answers) if row.section != final]
    missing = missing_pages(answers)
    unsaved = unsaved_pages(pending)
    # The rows' order, questions and Change links never change: only the answer cells are this patient's.
    revision = questionnaire.revision()
    return shells.render_page("patient/check.html", static={"rows": _check_rows(revision), "endpoints": ENDPOINTS,
                                                            "change_links": _change_links(revision),
                                                            "section_titles": SECTION_TITLES,
                                                            "page_sections": PAGE_SECTIONS},
                              fills=answer_cells(rows), missing=tuple(missing),
                              unsaved=tuple(unsaved), to_finish=first_to_finish(answers, pending),
                              pain_check=worst_below_now(answers),
                              back=url_for(ENDPOINTS[ORDER[-1]]), revision=revision)


@functools.cache
def _change_links(_revision) -> dict[str, tuple[str, str]]:
    # Each answer's Change link as (the page's endpoint, the question's anchor). The template makes the
    # URL, so url_for runs when the page's shell is built, not fifty times on every view.
    return {code: (ENDPOINTS[page], _anchor(code)) for code, page in QUESTION_PAGE.items() if page in ENDPOINTS}


def _anchor(code: str) -> str:
    """The id of the question's first input: a sign is one box of its group's list."""
    for ask in PAGES[QUESTION_PAGE[code]].asks:
        if ask.kind == "signs" and code in ask.codes:
            return f"{ask.code}-{code}"
    return code


@bp.route("/confirm-and-send", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["SUBMIT_RATE_LIMIT"], methods=["POST"])
def confirm():
    answers, pending = drafts.current_state()
    if not answers:
        if request.method == "POST" and session.get(drafts.SESSION_KEY):
            # The same draft sent twice (double click, two tabs): show what was stored.
            reference = submit_draft(drafts.hash_token(session[drafts.SESSION_KEY]), {})
            if reference is not None:
                return _submitted(reference)
        if request.method == "POST" and session.get(SUBMITTED_KEY):
            # A second tap on Send arriving after the first one's answer: the confirmation, not the start.
            return redirect(url_for("patient.done"))
        return redirect(url_for("patient.start"))
    if to_finish := first_to_finish(answers, pending):
        return redirect(url_for(ENDPOINTS[to_finish]))
    if request.method == "POST" and keep.leaving():
        # Back, the language switch or the kiosk's Start over: the ticks are kept, nothing is sent.
        keep.keep(FINAL_PAGE, check=False)
        return redirect(keep.destination(url_for("patient.check")))
    form = keep.form_for(FINAL_PAGE, answers, pending)
    if form.validate_on_submit():
        updates, _ = form.answers()
        reference = submit_draft(drafts.hash_token(session[drafts.SESSION_KEY]), updates,
                                 locale=str(get_locale()), draft_answers=answers)
        if reference is None:
            abort(409)
        return _submitted(reference)
    if request.method == "POST":
        keep.keep(FINAL_PAGE, check=True)
        return redirect(keep.this_page())
    return shells.render_page("patient/confirm.html", form, static={"questions": QUESTIONS, "page": PAGES[FINAL_PAGE]},
                              back=url_for("patient.check"))


def _submitted(reference: str):
    drafts.forget_draft()
    if kiosk.active():
        # A shared tablet: the session starts afresh, holding only the reference (and the language the
        # patient chose) for the one confirmation page that follows (done() takes both out again).
        chosen_language = session.get(language.SESSION_KEY)
        session.clear()
        if chosen_language:
            session[language.SESSION_KEY] = chosen_language
    session[SUBMITTED_KEY] = reference
    return redirect(url_for("patient.done"))


@bp.get("/done")
def done():
    # On a kiosk the confirmation shows once: Back, or the next patient, finds the welcome page.
    if kiosk.active():
        language.current_locale()  # fixed for this page before the patient's choice leaves the session
        reference = session.pop(SUBMITTED_KEY, None)
        session.pop(language.SESSION_KEY, None)  # the next patient starts in the tablet's language
    else:
        reference = session.get(SUBMITTED_KEY)
    submission = find_by_reference(reference) if reference else None
    # Readable for a while, not for as long as a copy of the cookie lives (the cookie cannot be revoked).
    if submission is None or submission.created_at <= utcnow() - current_app.config["CONFIRMATION_LIFETIME"]:
        session.pop(SUBMITTED_KEY, None)
        return redirect(url_for("patient.start"))
    return render_template("patient/done.html", submission=submission)
