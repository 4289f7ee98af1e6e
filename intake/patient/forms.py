"""One form per questionnaire page, built from the single questionnaire definition."""

from flask import request
from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp

from ..forms import Form
from ..questionnaire import QUESTIONS, Choice
from .fields import (AnswerField, ChoiceField, DateField, MultiChoiceField, PlainText, ScoreField, TickField,
                     YesNoField)

# The pages of the questionnaire and the questions each one asks, in order.
PAGE_QUESTIONS = {
    "about": ("full_name", "date_of_birth", "phone", "email", "visit_type"),
    "regions": ("regions",),
    "primary": ("primary_region",),
    "symptoms": ("qualities", "pain_now", "pain_worst", "pain_interference", "frequency", "duration", "onset"),
    "history": ("aggravators", "related", "past", "notes"),
    "safety": tuple(code for code in QUESTIONS if code.startswith("rf_")),
    "consent": ("consent_accurate", "consent_not_emergency"),
}

QUESTION_PAGE = {code: page for page, codes in PAGE_QUESTIONS.items() for code in codes}

# What to tell the patient when a required answer is missing (GOV.UK style: say what to do).
REQUIRED_MESSAGES = {
    "full_name": _l("Enter your full name"),
    "date_of_birth": _l("Enter your date of birth"),
    "visit_type": _l("Select whether this is your first visit"),
    "regions": _l("Select at least one area where you feel pain"),
    "primary_region": _l("Select the area that bothers you most"),
    "qualities": _l("Select what the pain feels like"),
    "pain_now": _l("Select a number from 0 to 10 for your pain right now"),
    "pain_worst": _l("Select a number from 0 to 10 for your worst pain in the past week"),
    "pain_interference": _l("Select a number from 0 to 10 for how much the pain has got in the way"),
    "frequency": _l("Select how often you feel it"),
    "duration": _l("Select how long you have had it"),
    "onset": _l("Select how it started"),
    "aggravators": _l("Select what makes it worse, or select “None of these”"),
    "related": _l("Select any of these you also have, or select “None of these”"),
    "past": _l("Select any of these you have had, or select “None of these”"),
    "consent_accurate": _l("Confirm that your answers are accurate"),
    "consent_not_emergency": _l("Confirm that you understand this form is not monitored for emergencies"),
}
SAFETY_MESSAGE = _l("Select yes or no")


def _field_for(code: str):
    q = QUESTIONS[code]
    message = REQUIRED_MESSAGES.get(code, SAFETY_MESSAGE if q.kind == "yesno" else None)
    if q.kind in ("text", "tel", "email", "textarea"):
        too_long = _l("%(label)s must be %(max)d characters or fewer", label=_l(q.label), max=q.max_length)
        validators = [DataRequired(message) if q.required else Optional(),
                      Length(max=q.max_length, message=too_long),
                      PlainText(allow_newlines=q.kind == "textarea", name=code == "full_name")]
        if q.kind == "email":
            validators.append(Email(_l("Enter an email address in the correct format, like name@example.com")))
        if q.kind == "tel":
            validators.append(Regexp(r"^\+?[0-9 ()\-.]{6,30}$",
                                     message=_l("Enter a phone number, like 0151 496 0000 or +1 555 010 0199")))
        field_class = TextAreaField if q.kind == "textarea" else StringField
        return field_class(_l(q.label), validators, filters=[_strip])
    if q.kind == "date":
        return DateField(_l(q.label), required_message=message)
    if q.kind in ("multi", "region"):
        return MultiChoiceField(_l(q.label), choices=q.choices, required_message=message, exclusive=q.exclusive)
    if q.kind == "score":
        return ScoreField(_l(q.label), choices=q.choices, required_message=message)
    if q.kind == "yesno":
        return YesNoField(_l(q.label), required_message=message)
    if q.kind == "tick":
        return TickField(_l(q.label), required_message=message)
    return ChoiceField(_l(q.label), choices=q.choices, required_message=message)


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _build(page: str):
    attrs = {code: _field_for(code) for code in PAGE_QUESTIONS[page]}
    return type(f"{page.title()}Form", (PageForm,), attrs)


class PageForm(Form):
    """A questionnaire page: its answers() are canonical values ready for the draft."""

    def answers(self) -> tuple[dict, tuple[str, ...]]:
        """(answers to save, optional question codes left blank and so removed from the draft)."""
        updates, blank = {}, []
        for field in self:
            # Text fields (WTForms' own) store what was typed; ours convert codes to the stored form.
            value = field.answer() if isinstance(field, AnswerField) else field.data
            if value in (None, "", []) and not QUESTIONS[field.name].required:
                blank.append(field.name)
            else:
                updates[field.name] = value
        return updates, tuple(blank)


PAGE_FORMS = {page: _build(page) for page in PAGE_QUESTIONS}


def page_form(page: str, answers: dict, region_choices: tuple[Choice, ...] = ()) -> PageForm:
    """The page's form: bound to the POSTed data, or filled from the draft on GET."""
    form_class = PAGE_FORMS[page]
    if request.method == "POST":
        # Only what was sent counts: a field missing from the POST is blank, not the draft's value.
        form = form_class()
    else:
        form = form_class(data={code: answers.get(code) for code in PAGE_QUESTIONS[page]})
    if page == "primary":
        # Only the regions this patient chose are valid answers.
        form.primary_region.choices = region_choices
    return form
