"""The record's "All answers" list and region names: translated in Python, ready to show."""

from typing import NamedTuple

from markupsafe import Markup, escape

from ..formatting import format_iso_date, translations
from ..questionnaire import REGIONS, SECTION_BY_CODE, TYPED, answer_rows


class RecordRow(NamedTuple):
    section: str  # section code: a new heading where it changes
    section_title: str
    question: str
    answer: Markup


def record_rows(answers: dict) -> list[RecordRow]:
    # About 40 rows and a hundred labels: translated here with one catalog lookup, not through
    # a template's gettext call per label (most of the record page's rendering time).
    _ = translations().ugettext
    return [RecordRow(row.section, _(SECTION_BY_CODE[row.section].title), _(row.question), _answer(row, _))
            for row in answer_rows(answers)]


def region_labels() -> dict[str, str]:
    """Each body region's name, for the body map's description and the main area."""
    _ = translations().ugettext
    return {choice.code: _(choice.label) for choice in REGIONS}


def _answer(row, _) -> Markup:
    if not row.values:
        return Markup('<span class="muted">{}</span>').format(_("Not given"))
    if row.code == "date_of_birth":
        return escape(format_iso_date(row.values[0]))
    if row.code in TYPED:
        return Markup('<span class="preserve-lines">{}</span>').format(row.values[0])
    return escape("; ".join(_(value) for value in row.values))
