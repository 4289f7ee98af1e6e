"""Every stored answer of the questionnaire as exports see it, read from the definition's table of kinds.

The FHIR export, the CSV and its data dictionary all walk fields(): a new question flows through by
itself, and a new kind needs its entry in questionnaire.KINDS (with its FHIR item type) and nothing here.
"""

from functools import cache
from typing import NamedTuple

from ..questionnaire import KINDS, SECTIONS, Choice, Coding, revision

# What a value of each FHIR type is in the CSV's data dictionary.
VALUE_TYPES = {"string": "text", "text": "text", "date": "date (YYYY-MM-DD)", "choice": "code",
               "integer": "whole number 0-10", "boolean": "yes / no"}


class Field(NamedTuple):
    section: str  # section code
    section_title: str  # untranslated
    code: str  # the key the answer is stored under (a question code, or a safety sign's rf_* code)
    label: str  # untranslated question (or sign) text
    fhir_type: str
    repeats: bool
    required: bool
    choices: tuple[Choice, ...]  # answer codes, for choice fields
    max_length: int | None  # of each answer, where several are typed
    coding: tuple[Coding, ...]  # standard codes confirmed at their source (pain_now: LOINC 72514-3)
    max_items: int | None = None  # the most answers a typed list holds

    @property
    def typed_list(self) -> bool:
        """Several texts the patient typed (medicines, allergies…), not codes."""
        return self.repeats and not self.coded

    @property
    def coded(self) -> bool:
        return self.fhir_type == "choice"


def fields() -> tuple[Field, ...]:
    """Every answer a submission can hold, in questionnaire order (built once per definition)."""
    return _fields(revision())


@cache  # the questionnaire is fixed while the app runs (a test's extra question is a new revision)
def _fields(_revision: int) -> tuple[Field, ...]:
    out = []
    for section in SECTIONS:
        for q in section.questions:  # a safety sign group's signs one by one, each a boolean
            kind = KINDS[q.kind]
            coded = kind.fhir_type == "choice"
            out.append(Field(section.code, section.title, q.code, q.label, kind.fhir_type, kind.repeats,
                             bool(q.required), q.choices if coded else (), q.max_length, q.coding, q.max_items))
    return tuple(out)


def answered(value) -> bool:
    """Absent, empty and "not asked" answers are left out of exports (docs/domain.md)."""
    return value not in (None, "", [], ())
