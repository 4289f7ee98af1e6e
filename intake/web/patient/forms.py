"""One form per questionnaire page, built from the single questionnaire definition."""

from functools import cache

from flask import request
from werkzeug.datastructures import MultiDict
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
                                 message=_l("Enter a phone number using only numbers, spaces, brackets, dashes or "
                                            "dots, and + at the start for a country code")))
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


# What a page keeps of the typed input (in the draft): enough for any field's limit and error message.
KEPT_LENGTH, KEPT_VALUES = 10_000, 100


def typed_input(page_code: str) -> dict[str, list[str]]:
    """What was POSTed for the page's own fields, as sent (not validated), to be kept and shown again."""
    names = []
    for ask in PAGES[page_code].asks:
        names += [f"{ask.code}-{part}" for part in DateField.PARTS] if ask.kind == "date" else [ask.code]
    # Kept as sent (a JSON column holds any character, escaped): the page refuses it again with its message.
    return {name: [value[:KEPT_LENGTH] for value in request.form.getlist(name)[:KEPT_VALUES]]
            for name in names if name in request.form}


def nothing_typed(typed: dict[str, list[str]]) -> bool:
    return not any(value.strip() for values in typed.values() for value in values)


def page_form(page_code: str, answers: dict, region_choices: tuple[Choice, ...] = (),
              kept: dict | None = None) -> PageForm:
    """The page's form: bound to the POSTed data, or on GET to the input kept from it, or filled from the draft."""
    page = PAGES[page_code]
    cls = form_class(page)
    if request.method == "POST":
        # Only what was sent counts: a field missing from the POST is blank, not the draft's value.
        form = cls()
    elif kept is not None:
        form = cls(formdata=MultiDict([(name, value) for name, values in kept.items() for value in values]))
    else:
        form = cls(data={ask.code: _draft_value(ask, answers) for ask in page.asks})
    if "primary_region" in form:
        # Only the regions this patient chose are valid answers.
        form.primary_region.choices = region_choices
    return form
