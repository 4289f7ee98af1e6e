"""Every stored answer of the questionnaire as exports see it: the one place that reads Question.kind for them.

The FHIR export, the CSV and its data dictionary all walk fields(): a new question flows through
by itself, and a new kind needs one entry in KINDS (tests/test_exports.py fails until it has one).
"""

from functools import cache
from typing import NamedTuple

from .questionnaire import SECTIONS, Choice


class Kind(NamedTuple):
    fhir_type: str  # the FHIR R4 Questionnaire item type
    repeats: bool = False  # several answers (a list of codes)
    each_choice_a_flag: bool = False  # each choice is stored under its own code as a boolean


# Question kinds (intake/questionnaire.py) as export shapes.
KINDS = {
    "text": Kind("string"), "tel": Kind("string"), "email": Kind("string"), "textarea": Kind("text"),
    "date": Kind("date"), "single": Kind("choice"), "primary_region": Kind("choice"),
    "multi": Kind("choice", repeats=True), "region": Kind("choice", repeats=True),
    "score": Kind("integer"), "yesno": Kind("boolean"), "tick": Kind("boolean"),
    # A checkbox group of red flags: the patient ticks signs, each stored as its own rf_* boolean.
    "flags": Kind("boolean", each_choice_a_flag=True),
}
# What a value of each FHIR type is in the CSV's data dictionary.
VALUE_TYPES = {"string": "text", "text": "text", "date": "date (YYYY-MM-DD)", "choice": "code",
               "integer": "whole number 0-10", "boolean": "yes / no"}


class Field(NamedTuple):
    section: str  # section code
    section_title: str  # untranslated
    code: str  # the key the answer is stored under (a question code, or an rf_* code of a flags group)
    label: str  # untranslated question (or sign) text
    fhir_type: str
    repeats: bool
    required: bool
    choices: tuple[Choice, ...]  # answer codes, for choice fields
    max_length: int | None

    @property
    def coded(self) -> bool:
        return self.fhir_type == "choice"


@cache  # the questionnaire is fixed while the app runs; an export asks once per response
def fields() -> tuple[Field, ...]:
    """Every answer a submission can hold, in questionnaire order."""
    out = []
    for section in SECTIONS:
        for q in section.questions:
            kind = KINDS[q.kind]
            if kind.each_choice_a_flag:
                out.extend(Field(section.code, section.title, c.code, c.label, "boolean", False, q.required, (),
                                 None) for c in q.choices if c.code != q.exclusive)
                continue
            coded = kind.fhir_type == "choice"
            out.append(Field(section.code, section.title, q.code, q.label, kind.fhir_type, kind.repeats,
                             bool(q.required), q.choices if coded else (), q.max_length))
    return tuple(out)


def answered(value) -> bool:
    """Absent, empty and "not asked" answers are left out of exports (docs/domain.md)."""
    return value not in (None, "", [], ())
