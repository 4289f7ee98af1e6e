"""The part of a submission's record that never changes once it is stored: rendered once, then kept.

Its summary, patient details, body map, scores, matched articles and answers are fixed when the
patient sends it. Its review status, its red flags with what staff did about them, the article chosen
for the patient, the notes and the patient's later visits change: those are rendered on every view
(_submission_body.html). The fixed part was most of the record page's work (about a hundred labels
and answers, the body map): each worker keeps the markup of the records it showed last, for the
page, its print view and its PDF, which are opened again after every review or note.
"""

from flask import render_template, request
from markupsafe import Markup

from ..asked import not_asked_flags
from ..language import current_locale
from ..questionnaire import QUESTIONS
from ..shells import kept
from ..summary import summarize
from .record import Record
from .record_rows import answers_list, region_labels

# Records kept per worker (a few MB at most); when full the store is emptied and refilled by use.
LIMIT = 256


def record_body(record: Record, for_pdf: bool = False) -> Markup:
    """The fixed part of `record` as markup, in the reader's language (`for_pdf`: colours for the PDF renderer)."""
    # Everything the markup depends on is in the key; the record's own values never change.
    key = (record.id, current_locale(), bool(for_pdf), request.script_root)
    return kept("intake.record_bodies", key, lambda: Markup(render_template(  # nosec B704 - an autoescaped template
        "staff/_record_body.html", submission=record, summary=summary_of(record),
        answers_list=answers_list(record.answers, not_asked_flags(record.answers, record.questionnaire_version)),
        questions=QUESTIONS, region_labels=region_labels(), for_pdf=for_pdf)), LIMIT)


def summary_of(submission) -> str:
    """The one-paragraph summary of a submission (or a queue row) for staff."""
    return summarize(submission.answers, triage_level=submission.triage_level,
                     triage_reasons=submission.triage_reasons,
                     matches=[(m.title, m.reasons) for m in submission.matches],
                     on=submission.created_at.date())
