"""The part of a submission's record that never changes once it is stored: rendered once, then kept.

Its summary, patient details, body map, scores, matched articles and answers are fixed when the
patient sends it. Its review status, its red flags with what staff did about them, the article chosen
for the patient, the notes and the patient's later visits change: those are rendered on every view
(_submission_body.html). The fixed part was most of the record page's work (about a hundred labels
and answers, the body map): it is kept in the app's render store (render_cache.py), for the
page, its print view and its PDF, which are opened again after every review or note.
"""

import dataclasses

from flask import render_template
from markupsafe import Markup

from ...rules.asked import not_asked_flags
from ..kept_render import render_kept
from ...questionnaire import QUESTIONS
from ...rules.summary import summarize
from .record import Record
from .record_rows import answers_list, region_labels

_TEMPLATE = "staff/_record_body.html"


def record_body(record: Record, for_pdf: bool = False) -> Markup:
    """The fixed part of `record` as markup, in the reader's language (`for_pdf`: colours for the PDF renderer)."""
    # The template gets the record without what changes (status, reviewer, notes, visits), and the
    # whole of what it gets is the key: its answers, triage and matches as data, not just its id, so
    # a match or triage changed in the database is a new key, and a changing part cannot be shown.
    # Its red flags' follow-through and the article chosen for the patient change too (_submission_body.html).
    fixed = dataclasses.replace(record, status="", reviewed_at=None, reviewer=None, notes=[], history=[],
                                flag_open=False, actions=[], article_choices=[])
    context = {"submission": fixed, "questions": QUESTIONS, "for_pdf": bool(for_pdf)}
    body = render_kept(_TEMPLATE, finish=Markup, **context)
    if body is None:  # a template that reads outside its key is rendered in full (kept_render logs why)
        body = Markup(render_template(_TEMPLATE, **context))  # nosec B704 - an autoescaped template
    return body


def summary_of(submission) -> str:
    """The one-paragraph summary of a submission (or a queue row) for staff."""
    return summarize(submission.answers, triage_level=submission.triage_level,
                     triage_reasons=submission.triage_reasons,
                     matches=[(m.title, m.reasons) for m in submission.matches],
                     on=submission.created_at.date())


def record_answers(submission) -> str:
    """The submission's answers as a list, a red flag it was never asked shown as "Not asked"."""
    return answers_list(submission.answers, not_asked_flags(submission.answers, submission.questionnaire_version))


# For the record body's template: each result depends only on its arguments and the reader's
# language, both in the kept body's key (kept_render.KEYED lists these names).
TEMPLATE_GLOBALS = {"record_summary": summary_of, "answers_list": answers_list, "record_answers": record_answers,
                    "region_labels": region_labels}
