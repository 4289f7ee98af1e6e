"""Red-flag triage: every row of the domain's red-flag table, the age rule's edges, and all reasons listed."""

import ast
import importlib
from datetime import date
from pathlib import Path

import pytest

from intake.rules import triage
from intake.questionnaire import RED_FLAG_CODES
from intake.rules.triage import age_on, assess

TODAY = date(2025, 6, 15)


@pytest.fixture
def calm(answers):
    """The example answers (no red flag) made 40 years old with long-standing pain at TODAY."""
    return {**answers, "date_of_birth": "1985-01-10", "duration": "3_to_12_months"}


def born_aged(years: int) -> str:
    """A date of birth that makes someone exactly `years` old at TODAY (birthday a month ago)."""
    return TODAY.replace(year=TODAY.year - years, month=5).isoformat()


def test_example_answers_have_no_red_flag(answers):
    assert assess(answers, TODAY) == triage.Triage("none", ())


@pytest.mark.parametrize("flag, level, reason", [
    ("rf_chest_pain", "emergency", "Chest pain, pressure or tightness now, or spreading to the arm or jaw"),
    ("rf_breathless", "emergency", "Short of breath at rest, or breathing is hard now"),
    ("rf_tearing_pain", "emergency",
     "Sudden, severe tearing or ripping pain in the chest, back or between the shoulder blades"),
    ("rf_sudden_headache", "emergency", "Sudden, severe headache, the worst of their life"),
    ("rf_stroke_signs", "emergency", triage.EMERGENCY_FLAGS[4][1]),
    ("rf_fever_stiff_neck", "emergency", "High temperature with a stiff neck and a bad headache"),
    ("rf_bladder_bowel", "emergency", "Lost control of bladder or bowels, or numb around the groin or inner thighs"),
    ("rf_weakness", "urgent", "Weakness or numbness in the arms or legs that is getting worse"),
    ("rf_both_legs", "urgent", "Pain, numbness or tingling in both legs"),
    ("rf_clumsy_hands", "urgent", "Hands becoming clumsy or walking unsteady in the past few months"),
    ("rf_new_neck_headache", "urgent", "New neck pain or headache in the past few weeks, unlike any before"),
    ("rf_trauma", "urgent", "Pain started after a fall, accident or blow in the past few weeks"),
    ("rf_fever", "urgent", "Fever or chills, or feeling generally unwell"),
    ("rf_immune", "urgent", "Weakened immune system, or has injected drugs"),
    ("rf_cancer", "urgent", "Has been treated for cancer"),
    ("rf_weight_loss", "urgent", "Lost weight recently without trying"),
    ("rf_steroids", "urgent", "Takes steroid medicine long-term, or has osteoporosis"),
])
def test_each_red_flag_alone(calm, flag, level, reason):
    assert assess({**calm, flag: True}, TODAY) == triage.Triage(level, (reason,))


def test_every_safety_question_is_covered_by_a_rule():
    ruled = {code for code, _ in triage.EMERGENCY_FLAGS + triage.URGENT_FLAGS} | {"rf_night_pain"}
    assert ruled == set(RED_FLAG_CODES)


@pytest.mark.parametrize("regions, expected", [
    (["back.upper"], ("urgent", ("Night or constant pain with pain between the shoulder blades",))),
    (["back.mid", "back.low"], ("urgent", ("Night or constant pain with pain in the middle of the back",))),
    (["back.upper", "back.mid"],
     ("urgent", ("Night or constant pain with pain between the shoulder blades and in the middle of the back",))),
    (["back.low"], ("none", ())),
    (["neck.upper", "shoulder.left"], ("none", ())),
])
def test_night_pain_is_a_red_flag_only_with_thoracic_pain(calm, regions, expected):
    answers = {**calm, "regions": regions, "primary_region": regions[0], "rf_night_pain": True}
    assert assess(answers, TODAY) == triage.Triage(*expected)


def test_thoracic_pain_without_night_pain_is_not_flagged(calm):
    assert assess({**calm, "regions": ["back.upper", "back.mid"], "rf_night_pain": False}, TODAY).level == "none"


def test_pain_in_the_front_of_the_chest_is_urgent(calm):
    result = assess({**calm, "regions": ["chest", "back.upper"]}, TODAY)
    assert result == triage.Triage("urgent", ("Pain in the front of the chest",))


@pytest.mark.parametrize("age, duration, level", [
    (19, "under_1_week", "urgent"),
    (19, "1_to_6_weeks", "urgent"),
    (19, "6_to_12_weeks", "none"),
    (20, "under_1_week", "none"),
    (20, "1_to_6_weeks", "none"),
    (55, "under_1_week", "none"),
    (55, "1_to_6_weeks", "none"),
    (56, "under_1_week", "urgent"),
    (56, "1_to_6_weeks", "urgent"),
    (56, "6_to_12_weeks", "none"),
    (56, "3_to_12_months", "none"),
    (56, "over_1_year", "none"),
    (16, "under_1_week", "urgent"),
    (88, "1_to_6_weeks", "urgent"),
])
def test_age_under_20_or_over_55_with_pain_under_6_weeks(calm, age, duration, level):
    result = assess({**calm, "date_of_birth": born_aged(age), "duration": duration}, TODAY)
    assert result.level == level
    assert result.reasons == ((f"Age {age} with pain for under 6 weeks",) if level == "urgent" else ())


@pytest.mark.parametrize("today, age", [
    (date(2025, 4, 11), 19),  # the day before the 20th birthday
    (date(2025, 4, 12), 20),  # the birthday itself
])
def test_age_turns_on_the_birthday(answers, today, age):
    born = date(2005, 4, 12)
    assert age_on(born, today) == age
    result = assess({**answers, "date_of_birth": born.isoformat(), "duration": "under_1_week"}, today)
    assert result.level == ("urgent" if age == 19 else "none")


@pytest.mark.parametrize("today, age", [
    (date(2024, 2, 28), 55),
    (date(2024, 2, 29), 56),  # a leap year: the birthday itself
    (date(2025, 2, 28), 56),  # not a leap year: not yet 57 ...
    (date(2025, 3, 1), 57),  # ... until 1 March
])
def test_leap_day_birthday(today, age):
    assert age_on(date(1968, 2, 29), today) == age


def test_leap_day_birth_turns_56_on_leap_day(answers):
    answers = {**answers, "date_of_birth": "1968-02-29", "duration": "1_to_6_weeks"}
    assert assess(answers, date(2024, 2, 28)).level == "none"
    assert assess(answers, date(2024, 2, 29)) == triage.Triage("urgent", ("Age 56 with pain for under 6 weeks",))


def test_every_reason_is_listed_emergency_first(calm):
    answers = {**calm, "rf_cancer": True, "rf_chest_pain": True, "rf_bladder_bowel": True, "rf_night_pain": True,
               "regions": ["back.mid", "chest"], "date_of_birth": born_aged(70), "duration": "under_1_week"}
    result = assess(answers, TODAY)
    assert result.level == "emergency"
    assert result.reasons == (
        "Chest pain, pressure or tightness now, or spreading to the arm or jaw",
        "Lost control of bladder or bowels, or numb around the groin or inner thighs",
        "Has been treated for cancer",
        "Night or constant pain with pain in the middle of the back",
        "Pain in the front of the chest",
        "Age 70 with pain for under 6 weeks",
    )


def test_several_urgent_reasons(calm):
    result = assess({**calm, "rf_fever": True, "rf_weight_loss": True, "rf_steroids": True}, TODAY)
    assert result.level == "urgent" and len(result.reasons) == 3


@pytest.mark.parametrize("missing", ["duration", "date_of_birth", "regions"])
def test_missing_optional_answers_do_not_break_triage(calm, missing):
    answers = {k: v for k, v in calm.items() if k != missing}
    assert assess({**answers, "rf_trauma": True}, TODAY).level == "urgent"


def test_a_no_or_unanswered_safety_question_raises_no_flag(calm):
    assert assess({**calm, "rf_chest_pain": False}, TODAY).level == "none"
    assert assess({k: v for k, v in calm.items() if k != "rf_chest_pain"}, TODAY).level == "none"


@pytest.mark.parametrize("module", ["intake.rules.triage", "intake.rules.matching", "intake.content.article",
                                    "intake.content.library", "intake.content.markdown"])
def test_clinical_rules_import_no_flask(module):
    tree = ast.parse(Path(importlib.import_module(module).__file__).read_text())
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not any(name.split(".")[0].startswith("flask") for name in imported if name)
