"""Light WTForms fields for the questionnaire: they parse and validate; our Jinja macros render them."""

from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms.fields import Field
from wtforms.utils import unset_value
from wtforms.validators import StopValidation, ValidationError

from ...questionnaire import YES_NO_LABELS, Choice
from ...text import has_control_characters, has_hidden_characters
from ..dates import PARTS, date_example, date_order, split_whole_date


class PlainText:
    """Refuse NUL bytes and other control characters (they break exports and logs), and characters that
    hide or reorder text on the staff's screens (zero-width ones in a name, bidi overrides anywhere)."""

    def __init__(self, allow_newlines: bool = False, name: bool = False):
        self.allow_newlines, self.name = allow_newlines, name

    def __call__(self, form, field):
        if field.data and has_control_characters(field.data, self.allow_newlines):
            raise ValidationError(_l("%(label)s must not contain special characters", label=field.label.text))
        if field.data and has_hidden_characters(field.data, names=self.name):
            raise ValidationError(_l("%(label)s must not contain invisible characters, such as zero-width spaces "
                                     "or text direction marks. Type it again without copying and pasting.",
                                     label=field.label.text))


class AnswerField(Field):
    """A question's field: `data` is what the page shows (kept as the patient sent it when the page has an
    error elsewhere), `answer()` the value stored in the draft, in the domain's JSON form."""

    def answer(self):
        return self.data

    def stored(self) -> dict:
        """{question code: value} as kept in the draft."""
        return {self.name: self.answer()}


class ChoiceField(AnswerField):
    """One answer code from a fixed list (radios). Anything else is refused as tampering."""

    def __init__(self, label=None, validators=None, *, choices=(), required_message=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.choices = tuple(choices)
        self.required_message = required_message

    def process_formdata(self, valuelist):
        self.data = valuelist[0] if valuelist else None

    def pre_validate(self, form):
        if self.data in (None, ""):
            self.data = None
            if self.required_message:
                raise StopValidation(self.required_message)
            return
        if self.data not in {c.code for c in self.choices}:
            raise StopValidation(_l("Select one of the options shown"))


class ScoreField(ChoiceField):
    """A 0–10 rating, stored as an integer."""

    def process_data(self, value):
        self.data = None if value is None else str(value)

    def answer(self):
        return None if self.data is None else int(self.data)


class YesNoField(ChoiceField):
    """An explicit yes or no: unanswered is an error, never a silent no."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.choices = (Choice("yes", YES_NO_LABELS[True]), Choice("no", YES_NO_LABELS[False]))

    def process_data(self, value):
        self.data = None if value is None else ("yes" if value else "no")

    def answer(self):
        # "yes"/"no" stays in data so that the radios show the choice again if another answer has an error.
        return None if self.data is None else self.data == "yes"


class MultiChoiceField(AnswerField):
    """Several answer codes from a fixed list (checkboxes), kept in the list's order."""

    def __init__(self, label=None, validators=None, *, choices=(), required_message=None, exclusive=None,
                 **kwargs):
        super().__init__(label, validators, **kwargs)
        self.choices = tuple(choices)
        self.required_message = required_message
        self.exclusive = exclusive

    def process_data(self, value):
        self.data = list(value or [])

    def process_formdata(self, valuelist):
        self.data = list(valuelist)

    def pre_validate(self, form):
        codes = [c.code for c in self.choices]
        if any(value not in codes for value in self.data):
            raise StopValidation(_l("Select only the options shown"))
        self.data = [code for code in codes if code in self.data]  # de-duplicated, in list order
        if not self.data and self.required_message:
            raise StopValidation(self.required_message)
        if self.exclusive and self.exclusive in self.data and len(self.data) > 1:
            raise StopValidation(_l("Select “None of these” on its own, or untick it"))


class TextListField(AnswerField):
    """A short list typed one item per line (a textarea), stored as a list of strings.

    `data` is the text as typed, shown again as it was when anything on the page has an error; blank
    lines are dropped. Too many items, or an item too long, is an error that names the limit.
    """

    def __init__(self, label=None, validators=None, *, max_length, max_items, required_message=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.max_length, self.max_items = max_length, max_items
        self.required_message = required_message

    def process_data(self, value):
        self.data = "\n".join(value) if isinstance(value, list) else (value or "")

    def process_formdata(self, valuelist):
        self.data = "\n".join(valuelist)  # one textarea sends one value

    def items(self) -> list[str]:
        return [line.strip() for line in (self.data or "").splitlines() if line.strip()]

    def pre_validate(self, form):
        items = self.items()
        if not items and self.required_message:
            raise StopValidation(self.required_message)
        if len(items) > self.max_items:
            raise StopValidation(_l("List up to %(max)d, one on each line. You have listed %(count)d.",
                                    max=self.max_items, count=len(items)))
        for number, line in enumerate((self.data or "").splitlines(), start=1):  # the line as the patient sees it
            if len(line.strip()) > self.max_length:
                raise StopValidation(_l("Line %(line)d is too long: each line must be %(max)d characters or fewer",
                                        line=number, max=self.max_length))

    def answer(self):
        return self.items()


class TickField(AnswerField):
    """A required confirmation tick box."""

    def __init__(self, label=None, validators=None, *, required_message=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.required_message = required_message

    def process_data(self, value):
        self.data = bool(value)

    def process_formdata(self, valuelist):
        self.data = bool(valuelist) and valuelist[0] == "yes"

    def pre_validate(self, form):
        if not self.data and self.required_message:
            raise StopValidation(self.required_message)


class DateField(AnswerField):
    """A GOV.UK-style date: three boxes (day, month, year) in the reader's order, stored as an ISO date string.

    A whole date typed into one box ("5/14/1988", "14.05.1988") is read in the reader's order too.
    """

    PARTS = PARTS

    def __init__(self, label=None, validators=None, *, required_message=None, earliest=date(1900, 1, 1),
                 **kwargs):
        super().__init__(label, validators, **kwargs)
        self.required_message = required_message
        self.earliest = earliest
        self.parts = dict.fromkeys(self.PARTS, "")
        self.error_parts: tuple[str, ...] = ()

    @property
    def order(self) -> tuple[str, str, str]:
        """The boxes in the order the reader writes a date: month first in the US (intake/web/dates.py)."""
        return date_order()

    @property
    def example(self) -> str:
        return date_example(self.order)

    def process(self, formdata, data=unset_value, extra_filters=None):
        self.process_errors = []
        if formdata is not None:
            # Room for a whole date typed into one box, spaces and all ("05 / 14 / 1988").
            self.parts = {p: formdata.get(f"{self.name}-{p}", "").strip()[:20] for p in self.PARTS}
            self.data = None
            return
        value = None if data is unset_value else data
        self.data = value
        if value:
            year, month, day = str(value).split("-")
            self.parts = {"day": str(int(day)), "month": str(int(month)), "year": year}

    def pre_validate(self, form):
        label, order = self.label.text, self.order
        parts = self._typed_parts(order)
        missing = tuple(p for p in order if not parts[p])
        if len(missing) == 3:
            self.error_parts = order
            raise StopValidation(self.required_message)
        if missing:
            self.error_parts = missing
            raise StopValidation(_l("%(label)s must include a %(part)s", label=label, part=_part_name(missing[0])))
        if not all(parts[p].isdecimal() for p in order):  # isdigit() passes "²", which int() refuses
            self.error_parts = tuple(p for p in order if not parts[p].isdecimal())
            raise StopValidation(_l("%(label)s must be a real date, in numbers", label=label))
        if len(parts["year"]) != 4:
            self.error_parts = ("year",)
            raise StopValidation(_l("Year must include 4 numbers"))
        year, month, day = int(parts["year"]), int(parts["month"]), int(parts["day"])
        # The box that cannot be right is marked: a US date typed day first has its month over 12.
        self.error_parts = ("month",) if not 1 <= month <= 12 else ("day",) if not 1 <= day <= 31 else order
        try:
            value = date(year, month, day)
        except (ValueError, OverflowError):  # OverflowError: a day or month of ten digits
            raise StopValidation(_l("%(label)s must be a real date", label=label)) from None
        if value > date.today():
            self.error_parts = order
            raise StopValidation(_l("%(label)s must be today or in the past", label=label))
        if value < self.earliest:
            self.error_parts = ("year",)
            raise StopValidation(_l("%(label)s must be after 1 January 1900", label=label))
        self.error_parts = ()
        self.data = value.isoformat()
        self.parts = {"day": str(day), "month": str(month), "year": str(year)}

    def _typed_parts(self, order) -> dict[str, str]:
        """The boxes as typed, without stray separators ("14."); a whole date in one box split into its parts."""
        filled = [value for value in self.parts.values() if value]
        if len(filled) == 1:
            whole = split_whole_date(filled[0], order)
            if whole:
                return whole
        return {part: value.strip(" /.-") for part, value in self.parts.items()}


def _part_name(part):
    return {"day": _l("day"), "month": _l("month"), "year": _l("year")}[part]


class SignsField(MultiChoiceField):
    """A group of yes/no signs as checkboxes with an exclusive "None of these": every sign gets an answer.

    Ticked signs are stored true and the others false; "None of these" stores false for all.
    """

    def __init__(self, label=None, validators=None, *, signs=(), **kwargs):
        super().__init__(label, validators, **kwargs)
        self.signs = tuple(signs)

    def process_data(self, value):
        # From the draft: value is {sign code: bool}; shown ticked, or "None of these" when all are false.
        answered = {code: value[code] for code in self.signs if isinstance(value, dict) and code in value}
        if len(answered) < len(self.signs):
            self.data = [code for code in self.signs if answered.get(code) is True]
        else:
            self.data = [code for code in self.signs if answered[code]] or [self.exclusive]

    def stored(self) -> dict:
        return {code: code in self.data for code in self.signs}
