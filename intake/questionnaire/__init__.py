"""The questionnaire, defined once: every section, page, question code, answer code and label.

Codes are a contract shared by forms, the database, the clinical rules, exports and tests (see
docs/domain.md, generated from this package): never change one. Labels are marked with N_ for
translation and translated where they are shown, so this package imports no Flask.

definition.py holds the questionnaire; choices.py its answer lists and safety signs; model.py the
shapes and the table of question kinds. The names below are derived from the definition.
"""

from contextlib import contextmanager
from dataclasses import replace
from typing import NamedTuple

from .choices import EMERGENCY_SIGNS, HEALTH_SIGNS, REGIONS
from .definition import FINAL_PAGE, SECTIONS as _DEFINED
from .model import KINDS, N_, Choice, Coding, Kind, Page, Question, Section, SignGroup

__all__ = ["KINDS", "N_", "Choice", "Coding", "Kind", "Page", "Question", "Section", "SignGroup", "REGIONS",
           "SECTIONS", "PAGES", "QUESTIONS", "QUESTION_PAGE", "SECTION_BY_CODE", "REGION_CODES", "RED_FLAG_CODES",
           "EMERGENCY_SIGN_CODES", "HEALTH_SIGN_CODES", "TYPED", "FINAL_PAGE", "label_for", "answer_rows"]

QUESTIONNAIRE_VERSION = "2"

# The safety signs by group (docs/domain.md, "Safety questions"); the triage reads these names.
EMERGENCY_SIGN_CODES = tuple(q.code for q in EMERGENCY_SIGNS)
HEALTH_SIGN_CODES = tuple(q.code for q in HEALTH_SIGNS)
RED_FLAG_CODES = EMERGENCY_SIGN_CODES + HEALTH_SIGN_CODES
REGION_CODES = frozenset(c.code for c in REGIONS)

# Derived from the definition; kept as containers filled in place (_derive) so that a test can add a
# question (extra_question) and every module holding these names sees it.
SECTIONS: list[Section] = []
SECTION_BY_CODE: dict[str, Section] = {}
PAGES: dict[str, Page] = {}  # in the order a patient meets them
QUESTIONS: dict[str, Question] = {}
QUESTION_PAGE: dict[str, str] = {}  # question code → the page that asks it
TYPED: set[str] = set()  # answers the patient typed (a text, or a list of them): shown as typed, never translated
_revision = [0]


def _derive(sections) -> None:
    SECTIONS[:] = sections
    for table in (SECTION_BY_CODE, PAGES, QUESTIONS, QUESTION_PAGE, TYPED):
        table.clear()
    for section in sections:
        SECTION_BY_CODE[section.code] = section
        for page in section.pages:
            PAGES[page.code] = page
            for q in page.questions:
                if q.code in QUESTIONS:
                    raise ValueError(f"question {q.code} is asked twice")
                QUESTIONS[q.code] = q
                QUESTION_PAGE[q.code] = page.code
    TYPED.update(code for code, q in QUESTIONS.items() if KINDS[q.kind].stored in ("text", "texts"))
    _revision[0] += 1


_derive(_DEFINED)


def revision() -> int:
    """Changes whenever the definition does (a test's extra question): a key for what is built from it."""
    return _revision[0]


def section_of(page_code: str) -> Section:
    return next(section for section in SECTIONS if page_code in {page.code for page in section.pages})


@contextmanager
def extra_question(page_code: str, question: Question, after: str | None = None):
    """For tests: the questionnaire with one more question on a page (after the question `after`, or last)."""
    before = list(SECTIONS)
    changed = []
    for section in before:
        pages = []
        for page in section.pages:
            if page.code == page_code:
                asks = list(page.asks)
                index = len(asks) if after is None else [a.code for a in asks].index(after) + 1
                asks.insert(index, question)
                page = replace(page, asks=tuple(asks))
            pages.append(page)
        changed.append(replace(section, pages=tuple(pages)))
    _derive(changed)
    try:
        yield PAGES[page_code]
    finally:
        _derive(before)


def label_for(question_code: str, answer_code: str) -> str:
    """The (untranslated) label of one answer code, or the code itself if unknown."""
    for choice in QUESTIONS[question_code].choices:
        if choice.code == answer_code:
            return choice.label
    return answer_code


class AnswerRow(NamedTuple):
    section: str  # section code, e.g. "symptoms" (the page to change it on)
    code: str  # question code
    question: str  # untranslated question label
    values: tuple[str, ...]  # untranslated answer labels (or the text(s) typed); empty if unanswered


YES_NO_LABELS = {True: N_("Yes"), False: N_("No")}


def answer_rows(answers: dict, sections: tuple[str, ...] | None = None) -> list[AnswerRow]:
    """Every question with its answer shown as labels, in questionnaire order ("check your answers" form).

    Labels are returned untranslated (translate with _() where shown). Dates stay ISO
    strings: formatting for the reader's locale belongs to the template.
    """
    rows = []
    for section in SECTIONS:
        if sections is not None and section.code not in sections:
            continue
        for q in section.questions:
            value = answers.get(q.code)
            if value is None or value == [] or value == "":
                shown: tuple[str, ...] = ()
            elif KINDS[q.kind].stored == "codes":
                shown = tuple(label_for(q.code, code) for code in value)
            elif KINDS[q.kind].stored == "code":
                shown = (label_for(q.code, value),)
            elif KINDS[q.kind].stored == "boolean":
                shown = (YES_NO_LABELS[bool(value)],)
            elif KINDS[q.kind].stored == "texts":
                shown = tuple(str(item) for item in value)
            else:
                shown = (str(value),)
            rows.append(AnswerRow(section.code, q.code, q.label, shown))
    return rows
