"""The record's "All answers" list and region names: translated and marked up in Python, ready to show."""

from markupsafe import Markup, escape

from ..formatting import format_iso_date, translations
from ..questionnaire import REGIONS, SECTION_BY_CODE, TYPED, answer_rows


def answers_list(answers: dict) -> Markup:
    """Every question and answer, under a heading per section: about 40 rows and a hundred labels.

    Translated here with one catalog lookup and joined once: through the template (a gettext
    call per label, a loop step per row) it was most of the record page's rendering time.
    Every label and answer goes through escape(); the tags around them are ours.
    """
    _ = translations().ugettext
    parts, section = [], None
    for row in answer_rows(answers):
        if row.section != section:
            if section is not None:
                parts.append("</dl>\n")
            section = row.section
            parts.append(f'<h3 class="heading-s">{escape(_(SECTION_BY_CODE[section].title))}</h3>\n'
                         '<dl class="summary-list summary-list--compact">\n')
        parts.append(f'<div class="summary-list__row"><dt class="summary-list__key">{escape(_(row.question))}</dt>'
                     f'<dd class="summary-list__value">{_answer(row, _)}</dd></div>\n')
    if section is not None:
        parts.append("</dl>\n")
    return Markup("".join(parts))  # nosec B704 - escaped piece by piece above


def region_labels() -> dict[str, str]:
    """Each body region's name, for the body map's description and the main area."""
    _ = translations().ugettext
    return {choice.code: _(choice.label) for choice in REGIONS}


def _answer(row, _) -> str:
    """The answer as markup: every value escaped."""
    if not row.values:
        return f'<span class="muted">{escape(_("Not given"))}</span>'
    if row.code == "date_of_birth":
        return escape(format_iso_date(row.values[0]))
    if row.code in TYPED:
        return f'<span class="preserve-lines">{escape(row.values[0])}</span>'
    return escape("; ".join(_(value) for value in row.values))
