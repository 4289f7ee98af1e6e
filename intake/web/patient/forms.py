"""One form per questionnaire page, built from the single questionnaire definition."""

from functools import cache

from flask import request
from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp

from ..forms import Form
from ...questionnaire import PAGES, QUESTIONS, Choice, Page, Question
from .fields import AnswerField, ChoiceField, DateField, MultiChoiceField, PlainText, ScoreField, SignsField, TextListField, TickField, YesNoField


def _message(ask):
    return _l(ask.required_message) if ask.required_message else None


def _typed(q: Question):
    too_long = _l("%(label)s must be %(max)d characters or fewer", label=_l(q.label), max=q.max_length)
    validators = [DataRequired(_message(q)) if q.required else Optional(),
                  Length(max=q.max_length, message=too_long),
                  PlainText(allow_newlines=q.kind == "textarea", name=q.code == "full_name")]
    if q.kind == "email":
        validators.append(Email(_l("Enter an email address in the correct format, like name@example.com")))
    if q.kind == "tel":
        validators.append(Regexp(r"^\+?[0-9 ()\-.]{6,30}$",
                                 message=_l("Enter a phone number, like 0151 496 0000 or +1 555 010 0199")))
    field_class = TextAreaField if q.kind == "textarea" else StringField
    return field_class(_l(q.label), validators, filters=[_strip])


def _choices(field_class):
    return lambda q: field_class(_l(q.label), choices=q.choices, required_message=_message(q),
                                 **({"exclusive": q.exclusive} if field_class is MultiChoiceField else {}))


# The form field for each kind of question (the kinds are listed in questionnaire/model.py).
FIELDS = {
    "text": _typed, "tel": _typed, "email": _typed, "textarea": _typed,
    "text_list": lambda q: TextListField(_l(q.label), [PlainText(allow_newlines=True)], max_length=q.max_length,
                                         max_items=q.max_items, required_message=_message(q)),
    "date": lambda q: DateField(_l(q.label), required_message=_message(q)),
    "single": _choices(ChoiceField), "primary_region": _choices(ChoiceField),
    "multi": _choices(MultiChoiceField), "region": _choices(MultiChoiceField),
    "score": _choices(ScoreField),
    "yesno": lambda q: YesNoField(_l(q.label), required_message=_message(q) or _l("Select yes or no")),
    "tick": lambda q: TickField(_l(q.label), required_message=_message(q)),
    "signs": lambda g: SignsField(_l(g.label), choices=g.choices, required_message=_message(g),
                                  exclusive=g.exclusive, signs=g.codes),
}


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class PageForm(Form):
    """A questionnaire page: its answers() are canonical values ready for the draft."""

    def answers(self) -> tuple[dict, tuple[str, ...]]:
        """(answers to save, optional question codes left blank and so removed from the draft)."""
        updates, blank = {}, []
        for field in self:
            # Text fields (WTForms' own) store what was typed; ours convert codes to the stored form.
            stored = field.stored() if isinstance(field, AnswerField) else {field.name: field.data}
            for code, value in stored.items():
                if value in (None, "", []) and not QUESTIONS[code].required:
                    blank.append(code)
                else:
                    updates[code] = value
        return updates, tuple(blank)


@cache
def form_class(page: Page) -> type[PageForm]:
    """The form of one page (built once per page of the definition)."""
    return type(f"{page.code.title()}Form", (PageForm,), {ask.code: FIELDS[ask.kind](ask) for ask in page.asks})


def _draft_value(ask, answers: dict):
    if ask.kind == "signs":
        return {code: answers[code] for code in ask.codes if code in answers}
    return answers.get(ask.code)


def page_form(page_code: str, answers: dict, region_choices: tuple[Choice, ...] = ()) -> PageForm:
    """The page's form: bound to the POSTed data, or filled from the draft on GET."""
    page = PAGES[page_code]
    cls = form_class(page)
    if request.method == "POST":
        # Only what was sent counts: a field missing from the POST is blank, not the draft's value.
        form = cls()
    else:
        form = cls(data={ask.code: _draft_value(ask, answers) for ask in page.asks})
    if "primary_region" in form:
        # Only the regions this patient chose are valid answers.
        form.primary_region.choices = region_choices
    return form
