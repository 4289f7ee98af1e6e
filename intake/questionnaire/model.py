"""The shapes of the questionnaire's definition: answers (choices), questions, sign groups, pages, sections.

Plain data, no Flask: the clinical rules, the exports and the reference page read it too.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from ..i18n import N_  # noqa: F401  (the definition's modules import it from here)


class Choice(NamedTuple):
    code: str
    label: str
    hint: str | None = None


class Coding(NamedTuple):
    """A standard code for a question (FHIR `Questionnaire.item.code`): only codes confirmed at their source."""
    system: str
    code: str
    display: str


class Kind(NamedTuple):
    """What a kind of question stores, how FHIR names it and which macro of templates/macros/fields.html shows it."""
    stored: str  # the answer's JSON form: text, texts, date, code, codes, integer, boolean; "signs" for a group
    fhir_type: str | None
    macro: str | None  # None: asked only through its group (a sign)

    @property
    def repeats(self) -> bool:
        """Several answers in a list: codes ticked, or short texts typed one per line (FHIR `repeats`)."""
        return self.stored in ("codes", "texts")


# The one switch on question kind: forms, pages, answers, exports and `explain` all read this table.
KINDS = {
    "text": Kind("text", "string", "text_input"),
    "tel": Kind("text", "string", "text_input"),
    "email": Kind("text", "string", "text_input"),
    "textarea": Kind("text", "text", "textarea"),
    "text_list": Kind("texts", "string", "text_list"),  # a textarea, one short item per line
    "date": Kind("date", "date", "date_input"),
    "single": Kind("code", "choice", "radios"),
    "primary_region": Kind("code", "choice", "radios"),
    "multi": Kind("codes", "choice", "checkboxes"),
    "region": Kind("codes", "choice", "body_map"),
    "score": Kind("integer", "integer", "scale"),
    "yesno": Kind("boolean", "boolean", "yes_no"),
    "tick": Kind("boolean", "boolean", "tick"),
    "sign": Kind("boolean", "boolean", None),
    "signs": Kind("signs", None, "signs"),
}


@dataclass(frozen=True)
class Question:
    """One stored answer: its code is the key in the answers, the CSV column and the FHIR linkId."""
    code: str
    label: str
    kind: str
    required: bool = True
    choices: tuple[Choice, ...] = ()
    hint: str | None = None
    max_length: int | None = None  # a text_list's: of each item
    max_items: int | None = None  # a text_list's most items
    exclusive: str | None = None  # a choice that must be chosen on its own ("none")
    required_message: str | None = None  # what to do when it is left blank (GOV.UK style)
    autocomplete: str | None = None  # the browser's autofill token (never on a shared kiosk tablet)
    width: str = ""  # a narrower text box, e.g. "input--w20"
    spellcheck: bool | None = None
    summary: str | None = None  # the short words for the staff summary, where they differ from the label
    coding: tuple[Coding, ...] = ()

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"question {self.code}: unknown kind {self.kind!r}")
        if self.kind == "text_list" and not (self.max_length and self.max_items):
            raise ValueError(f"question {self.code}: a text_list needs max_length and max_items")


@dataclass(frozen=True)
class SignGroup:
    """Several yes/no signs asked as one checkbox list with an exclusive "None of these" (GOV.UK pattern).

    Each sign is stored under its own code as a boolean: ticked → true, the others false;
    "None of these" → false for all. Nothing ticked is an error.
    """
    code: str  # the form field's name (never stored)
    label: str
    signs: tuple[Question, ...]
    required_message: str
    hint: str | None = None
    kind: str = "signs"
    required: bool = True
    exclusive: str = "none"
    none_label: str = N_("None of these")

    @property
    def choices(self) -> tuple[Choice, ...]:
        return (*(Choice(s.code, s.label, s.hint) for s in self.signs), Choice(self.exclusive, self.none_label))

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(s.code for s in self.signs)


@dataclass(frozen=True)
class Page:
    """One questionnaire page (one topic, GOV.UK pattern): where it lives and what it asks."""
    code: str  # also the endpoint's name: patient.<code>
    path: str
    asks: tuple  # of Question or SignGroup, in the order shown
    intro: str | None = None  # a paragraph under the heading
    question_heading: bool = False  # one question on the page: its label is the page's heading
    asked_when: Callable[[dict], bool] | None = None  # None: always asked
    condition: str = ""  # asked_when in words, for the reference page

    @property
    def questions(self) -> tuple[Question, ...]:
        """The stored questions, signs of a group one by one."""
        return tuple(q for ask in self.asks for q in (ask.signs if isinstance(ask, SignGroup) else (ask,)))

    def needed(self, answers: dict) -> bool:
        return self.asked_when is None or self.asked_when(answers)


@dataclass(frozen=True)
class Section:
    """A topic of the questionnaire: a heading on "Check your answers", the staff record and the FHIR export."""
    code: str
    title: str
    pages: tuple[Page, ...]

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(q for page in self.pages for q in page.questions)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(q.code for q in self.questions)
