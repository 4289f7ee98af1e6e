"""Which red flags a stored submission was asked: a flag never asked reads "not asked", never "no"."""

from ..questionnaire import RED_FLAG_CODES

# The flags that questionnaire version 1 did not ask (contract 2 added them): a submission stored
# with version 1 has no answer to them, and "no answer" must never be read as "no".
FLAGS_ADDED_IN_VERSION_2 = ("rf_tearing_pain", "rf_stroke_signs", "rf_fever_stiff_neck", "rf_both_legs",
                            "rf_clumsy_hands", "rf_new_neck_headache", "rf_immune")
NOT_ASKED_BY_VERSION = {"1": frozenset(FLAGS_ADDED_IN_VERSION_2)}


def asked_flags(answers: dict, version: str | None = None) -> tuple[str, ...]:
    """The red-flag codes a stored submission was asked, in questionnaire order.

    `version` is the submission's questionnaire_version. Without one, a flag counts as asked when
    the answers hold it. Staff pages show the others as "Not asked"; exports leave them out.
    """
    if version is None:
        return tuple(code for code in RED_FLAG_CODES if code in answers)
    never = NOT_ASKED_BY_VERSION.get(version, frozenset())
    return tuple(code for code in RED_FLAG_CODES if code not in never)


def not_asked_flags(answers: dict, version: str | None = None) -> tuple[str, ...]:
    """The red-flag codes the submission was never asked (shown to staff as "Not asked")."""
    asked = set(asked_flags(answers, version))
    return tuple(code for code in RED_FLAG_CODES if code not in asked)


def exportable_answers(answers: dict, version: str | None = None) -> dict:
    """The answers without any flag the submission was never asked (for CSV and FHIR exports)."""
    never = set(not_asked_flags(answers, version))
    return {code: value for code, value in answers.items() if code not in never}
