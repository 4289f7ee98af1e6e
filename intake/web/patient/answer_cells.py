"""The answers on "Check your answers", one cell each, as HTML in the patient's language."""

from markupsafe import Markup, escape

from ...i18n import translations
from ..formatting import format_iso_date
from ...questionnaire import QUESTIONS, TYPED, AnswerRow


def answer_cells(rows) -> dict[str, Markup]:
    """Each row's answer cell by question code: the page lists about fifty, so the catalog is found once."""
    _ = translations().ugettext
    return {row.code: _cell(row, _) for row in rows}


def _cell(row: AnswerRow, _) -> Markup:
    # Built by joining escaped pieces: Markup.format costs several times more, fifty times a page.
    if not row.values:
        if QUESTIONS[row.code].required:
            return Markup(f'<strong class="tag tag--missing">{escape(_("Not answered"))}</strong>')  # nosec B704 - escaped
        return Markup(f'<span class="muted">{escape(_("Not given"))}</span>')  # nosec B704 - escaped
    if row.code == "date_of_birth":
        return escape(format_iso_date(row.values[0]))
    # What the patient typed is shown as typed, never through the catalog.
    shown = row.values if row.code in TYPED else [_(value) for value in row.values]
    if len(shown) > 1:
        return Markup('<ul class="list">' + "".join(f"<li>{escape(value)}</li>" for value in shown) + "</ul>")  # nosec B704 - escaped
    if row.code in TYPED:
        return Markup(f'<span class="preserve-lines">{escape(shown[0])}</span>')  # nosec B704 - escaped
    return escape(shown[0])
