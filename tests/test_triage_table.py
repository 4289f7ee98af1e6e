"""The contract-2 red-flag table as a case table: every row of docs/domain.md's triage table and its edges."""

import json
from datetime import date

import pytest

from intake.rules import triage
from intake.questionnaire import EMERGENCY_SIGN_CODES, HEALTH_SIGN_CODES, RED_FLAG_CODES
from intake.rules.triage import assess

TODAY = date(2025, 6, 15)


def born_aged(years: int) -> str:
    """A date of birth that makes someone exactly `years` old at TODAY (birthday a month ago)."""
    return TODAY.replace(year=TODAY.year - years, month=5).isoformat()


# A 30-year-old with long-standing low back pain and no flag: every case changes only what it names.
BASE = {
    "full_name": "Case Table", "date_of_birth": born_aged(30), "visit_type": "new",
    "regions": ["back.low"], "primary_region": "back.low", "qualities": ["aching"],
    "duration": "3_to_12_months", "onset": "gradual", "aggravators": ["none"], "related": ["none"],
    "past": ["none"], **{code: False for code in RED_FLAG_CODES},
}
REASON = dict(triage.EMERGENCY_FLAGS + triage.URGENT_FLAGS)
BOTH = triage.BOTH_LEGS_WITH_WEAKNESS
DIZZY = ("Dizziness with neck or back-of-head pain for under 6 weeks "
         "(screen the neck arteries before any neck treatment)")
CHEST = "Pain in the front of the chest"


def heart(where: str, age: int) -> str:
    return f"Pain between the shoulder blades with pain in {where}, age {age}, for under 6 weeks " \
           "(can come from the heart)"


def case(name, level, reasons=(), **changes):
    return pytest.param({**BASE, **changes}, level, tuple(reasons), id=name)


def flags(*codes):
    return {code: True for code in codes}


CASES = [
    # --- emergency: any sign of the emergency group, each alone ---
    *[case(f"{code} alone", "emergency", [REASON[code]], **flags(code)) for code in EMERGENCY_SIGN_CODES],
    case("tearing pain with upper back pain, long-standing", "emergency", [REASON["rf_tearing_pain"]],
         regions=["back.upper"], **flags("rf_tearing_pain")),
    # --- emergency: both legs with worsening weakness (cauda equina); each alone is urgent ---
    case("both legs with weakness", "emergency", [BOTH], **flags("rf_both_legs", "rf_weakness")),
    case("both legs alone", "urgent", [REASON["rf_both_legs"]], **flags("rf_both_legs")),
    case("weakness alone", "urgent", [REASON["rf_weakness"]], **flags("rf_weakness")),
    case("both legs with weakness and cancer", "emergency", [BOTH, REASON["rf_cancer"]],
         **flags("rf_both_legs", "rf_weakness", "rf_cancer")),
    case("both legs with weakness and bladder loss", "emergency", [REASON["rf_bladder_bowel"], BOTH],
         **flags("rf_bladder_bowel", "rf_both_legs", "rf_weakness")),
    # --- urgent: every other health flag alone ---
    *[case(f"{code} alone", "urgent", [REASON[code]], **flags(code))
      for code in HEALTH_SIGN_CODES if code not in ("rf_night_pain", "rf_both_legs", "rf_weakness")],
    # --- night pain: only with pain between the shoulder blades or in the middle of the back ---
    case("night pain alone (low back)", "none", **flags("rf_night_pain")),
    case("night pain with neck pain", "none", regions=["neck.upper"], **flags("rf_night_pain")),
    case("night pain with back.upper", "urgent", ["Night or constant pain with pain between the shoulder blades"],
         regions=["back.upper"], **flags("rf_night_pain")),
    case("night pain with back.mid", "urgent", ["Night or constant pain with pain in the middle of the back"],
         regions=["back.mid", "back.low"], **flags("rf_night_pain")),
    case("back.upper without night pain", "none", regions=["back.upper", "back.mid"]),
    # --- any pain in the front of the chest ---
    case("chest pain region, long-standing", "urgent", [CHEST], regions=["chest"]),
    case("ribs are not the chest", "none", regions=["ribs.left", "ribs.right"]),
    # --- dizziness with neck or back-of-head pain, under 6 weeks ---
    case("dizziness with neck.front, under a week", "urgent", [DIZZY], regions=["neck.front"],
         related=["dizziness"], duration="under_1_week"),
    case("dizziness with neck.upper, 1 to 6 weeks", "urgent", [DIZZY], regions=["neck.upper"],
         related=["dizziness", "headaches"], duration="1_to_6_weeks"),
    case("dizziness with neck.lower, 6 to 12 weeks", "none", regions=["neck.lower"], related=["dizziness"],
         duration="6_to_12_weeks"),
    case("dizziness with head.back, under a week", "urgent", [DIZZY], regions=["head.back"],
         related=["dizziness"], duration="under_1_week"),
    case("dizziness with shoulder pain, under a week", "none", regions=["shoulder.left"], related=["dizziness"],
         duration="under_1_week"),
    case("dizziness with forehead pain, under a week", "none", regions=["head.front"], related=["dizziness"],
         duration="under_1_week"),
    case("neck pain with headaches but no dizziness", "none", regions=["neck.upper"], related=["headaches"],
         duration="under_1_week"),
    case("dizziness with neck pain, duration not given", "none", regions=["neck.upper"], related=["dizziness"],
         duration=None),
    # --- upper back with jaw or left arm pain, 40 or over, under 6 weeks (the heart) ---
    case("back.upper with jaw.left at 40", "urgent", [heart("the jaw", 40)], regions=["back.upper", "jaw.left"],
         date_of_birth=born_aged(40), duration="1_to_6_weeks"),
    case("back.upper with jaw.right at 39", "none", regions=["back.upper", "jaw.right"],
         date_of_birth=born_aged(39), duration="1_to_6_weeks"),
    case("back.upper with left upper arm at 50", "urgent", [heart("the left arm", 50)],
         regions=["back.upper", "arm.upper.left"], date_of_birth=born_aged(50), duration="under_1_week"),
    case("back.upper with left forearm at 45", "urgent", [heart("the left arm", 45)],
         regions=["back.upper", "arm.lower.left"], date_of_birth=born_aged(45), duration="under_1_week"),
    case("back.upper with right arm at 50", "none", regions=["back.upper", "arm.upper.right", "arm.lower.right"],
         date_of_birth=born_aged(50), duration="under_1_week"),
    case("back.upper with jaw at 50, 6 to 12 weeks", "none", regions=["back.upper", "jaw.left"],
         date_of_birth=born_aged(50), duration="6_to_12_weeks"),
    case("back.mid (not upper) with jaw at 50", "none", regions=["back.mid", "jaw.left"],
         date_of_birth=born_aged(50), duration="under_1_week"),
    case("jaw and left arm without back.upper at 50", "none", regions=["jaw.left", "arm.upper.left"],
         date_of_birth=born_aged(50), duration="under_1_week"),
    case("back.upper with jaw and left arm at 60", "urgent",
         [heart("the jaw and the left arm", 60), "Age 60 with pain for under 6 weeks"],
         regions=["back.upper", "jaw.right", "arm.lower.left"], date_of_birth=born_aged(60), duration="under_1_week"),
    # --- age under 20 or over 55 (56+), under 6 weeks ---
    case("age 19, under a week", "urgent", ["Age 19 with pain for under 6 weeks"], date_of_birth=born_aged(19),
         duration="under_1_week"),
    case("age 20, under a week", "none", date_of_birth=born_aged(20), duration="under_1_week"),
    case("age 55, 1 to 6 weeks", "none", date_of_birth=born_aged(55), duration="1_to_6_weeks"),
    case("age 56, 1 to 6 weeks", "urgent", ["Age 56 with pain for under 6 weeks"], date_of_birth=born_aged(56),
         duration="1_to_6_weeks"),
    case("age 19, 6 to 12 weeks", "none", date_of_birth=born_aged(19), duration="6_to_12_weeks"),
    case("age 56, 6 to 12 weeks", "none", date_of_birth=born_aged(56), duration="6_to_12_weeks"),
    case("age 70, duration not given", "none", date_of_birth=born_aged(70), duration=None),
    # --- several rows at once: every reason, emergency first ---
    case("stroke signs with dizzy neck pain at 60", "emergency",
         [REASON["rf_stroke_signs"], DIZZY, "Age 60 with pain for under 6 weeks"], regions=["neck.upper"],
         related=["dizziness"], date_of_birth=born_aged(60), duration="under_1_week", **flags("rf_stroke_signs")),
    case("no flag at all", "none"),
]


@pytest.mark.parametrize("answers, level, reasons", CASES)
def test_the_red_flag_table(answers, level, reasons):
    answers = {code: value for code, value in answers.items() if value is not None}
    assert assess(answers, TODAY) == triage.Triage(level, reasons)


def test_the_table_has_at_least_40_cases():
    assert len(CASES) >= 40


def test_the_groups_are_the_rules_groups():
    assert tuple(code for code, _ in triage.EMERGENCY_FLAGS) == EMERGENCY_SIGN_CODES
    ruled = tuple(code for code, _ in triage.URGENT_FLAGS)
    assert set(ruled) | {"rf_night_pain"} == set(HEALTH_SIGN_CODES)
    assert RED_FLAG_CODES == EMERGENCY_SIGN_CODES + HEALTH_SIGN_CODES


def test_the_day_before_the_40th_birthday_is_39():
    answers = {**BASE, "regions": ["back.upper", "jaw.left"], "duration": "under_1_week", "date_of_birth": "1985-06-16"}
    assert assess(answers, TODAY).level == "none"
    assert assess(answers, date(2025, 6, 16)) == triage.Triage("urgent", (heart("the jaw", 40),))


@pytest.mark.parametrize("answers, level, reasons", [case for case in CASES if case.values[0].get("duration")])
def test_explain_gives_the_same_as_the_table(runner, tmp_path, answers, level, reasons):
    """`flask --app intake explain` on the same case (same age on today's date) gives the same triage."""
    age = triage.age_on(date.fromisoformat(answers["date_of_birth"]), TODAY)
    today = date.today()
    answers = {**answers, "date_of_birth": date(today.year - age, 1, 1).isoformat(),
               "primary_region": answers["regions"][0]}
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(answers))
    result = runner.invoke(args=["explain", str(path)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["triage"] == {"level": level, "reasons": list(reasons)}


@pytest.mark.parametrize("case_answers, level, reasons", [case for case in CASES if case.values[0].get("duration")])
def test_the_table_holds_through_the_real_pages(app, client, answers, case_answers, level, reasons):
    """The same case answered page by page, as a patient would, is stored with the table's triage."""
    from intake.extensions import db
    from intake.models import Submission
    from tests.questionnaire_client import submit_questionnaire

    age = triage.age_on(date.fromisoformat(case_answers["date_of_birth"]), TODAY)
    today = date.today()
    regions = case_answers["regions"]
    # A complete answer set (scores, frequency…) with the case's answers; the same age on today's date.
    patient = {**answers, **{k: v for k, v in case_answers.items() if v is not None},
               "date_of_birth": date(today.year - age, 1, 1).isoformat(), "primary_region": regions[0]}
    for code, value in case_answers.items():
        if value is None:
            patient.pop(code, None)
    response = submit_questionnaire(client, patient)
    assert response.status_code == 302 and response.headers["Location"].endswith("/done"), response.status_code
    with app.app_context():
        stored = db.session.scalars(db.select(Submission)).one()
        assert (stored.triage_level, tuple(stored.triage_reasons)) == (level, reasons)
