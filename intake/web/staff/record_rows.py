"""The record's "All answers" list and region names: translated and marked up in Python, ready to show."""

from markupsafe import Markup, escape

from ...i18n import translations
from ..formatting import format_iso_date
from ..language import current_locale
from ..render_cache import kept
from ...questionnaire import QUESTIONS, REGIONS, SECTIONS, TYPED, YES_NO_LABELS, answer_rows, revision


def answers_list(answers: dict, not_asked: tuple[str, ...] = ()) -> Markup:
    """Every question and answer, under a heading per section: about 40 rows and a hundred labels.

    Marked up here from the reader's language's label table and joined once: through the template
    (a gettext call per label, a loop step per row) it was most of the record page's rendering time.
    Every label and answer is escaped; the tags around them are ours. A red flag in `not_asked`
    (the submission's questionnaire never asked it) shows "Not asked", never "Not given" or "No".
    """
    table = _label_table()
    parts, section = [], None
    for row in answer_rows(answers):
        if row.section != section:
            if section is not None:
                parts.append("</dl>\n")
            section = row.section
            parts.append(table.headings[section])
        shown = table.not_asked if row.code in not_asked else _answer(row, table)
        parts.append(f'{table.rows[row.code]}{shown}</dd></div>\n')
    if section is not None:
        parts.append("</dl>\n")
    return Markup("".join(parts))  # nosec B704 - escaped piece by piece


def region_labels() -> dict[str, str]:
    """Each body region's name in the reader's language, for the body map's description and the main area."""
    return _label_table().regions


class _LabelTable:
    """One language's markup for the answers list: section headings, row openings and answer labels, escaped."""

    def __init__(self, catalog):
        _ = catalog.ugettext
        self.headings = {section.code: f'<h3 class="heading-s">{escape(_(section.title))}</h3>\n'
                                       '<dl class="summary-list summary-list--compact">\n' for section in SECTIONS}
        self.rows = {q.code: f'<div class="summary-list__row"><dt class="summary-list__key">{escape(_(q.label))}</dt>'
                             '<dd class="summary-list__value">' for q in QUESTIONS.values()}
        answer_labels = {choice.label for q in QUESTIONS.values() for choice in q.choices}
        self.labels = {label: escape(_(label)) for label in (*answer_labels, *YES_NO_LABELS.values())}
        self.not_given = f'<span class="muted">{escape(_("Not given"))}</span>'
        self.not_asked = f'<span class="muted not-asked">{escape(_("Not asked"))}</span>'
        self.regions = {choice.code: _(choice.label) for choice in REGIONS}


def _label_table() -> _LabelTable:
    # Kept per language and questionnaire revision: the language chooses the catalog, which never changes
    # while the app runs, and a test may add a question.
    return kept("answer labels", (current_locale(), revision()), lambda: _LabelTable(translations()))


def _answer(row, table: _LabelTable) -> str:
    """The answer as markup: every value escaped."""
    if not row.values:
        return table.not_given
    if row.code == "date_of_birth":
        return escape(format_iso_date(row.values[0]))
    if row.code in TYPED:
        if len(row.values) > 1:  # a list typed one item per line (medicines, allergies…)
            return '<ul class="list">' + "".join(f"<li>{escape(value)}</li>" for value in row.values) + "</ul>"
        return f'<span class="preserve-lines">{escape(row.values[0])}</span>'
    # A code no longer in the questionnaire shows as itself (answer_rows), escaped like the rest.
    return "; ".join(table.labels.get(value) or escape(value) for value in row.values)
