"""The answers on "Check your answers", one cell each, as HTML in the patient's language."""

from markupsafe import Markup, escape

from ...i18n import translations
from ..formatting import format_iso_date
from ...questionnaire import QUESTIONS, TYPED, AnswerRow


def answer_cell(row: AnswerRow) -> Markup:
    _ = translations().ugettext  # about 35 cells a page: the catalog is looked up once
    if not row.values:
        if QUESTIONS[row.code].required:
            return Markup('<strong class="tag tag--missing">{}</strong>').format(_("Not answered"))
        return Markup('<span class="muted">{}</span>').format(_("Not given"))
    if row.code == "date_of_birth":
        return escape(format_iso_date(row.values[0]))
    if row.code in TYPED:  # what the patient typed: shown as typed, never through the catalog
        if len(row.values) > 1:
            return Markup('<ul class="list">{}</ul>').format(
                Markup("").join(Markup("<li>{}</li>").format(value) for value in row.values))
        return Markup('<span class="preserve-lines">{}</span>').format(row.values[0])
    if len(row.values) > 1:
        items = Markup("").join(Markup("<li>{}</li>").format(_(value)) for value in row.values)
        return Markup('<ul class="list">{}</ul>').format(items)
    return escape(_(row.values[0]))
