"""Red-flag triage: a submission's answers to an urgency level (none / urgent / emergency) with reasons for staff.

The rules are exactly the red-flag table of docs/domain.md (RCEM thoracic back pain red
flags; Verhagen et al. 2016; NHS CKS neck pain). Plain Python fed plain data: no Flask.

Edges, stated once because they matter clinically:
- Age is whole years completed on `today` (the submission date). A person born on
  29 February turns a year older on 1 March in non-leap years (and on 29 February in leap
  years): until then the birthday has not yet come.
- "Under 20" means age 0-19; "over 55" means age 56 and older. Ages 20 and 55 are not flagged.
- "Under 6 weeks" means the duration answers `under_1_week` and `1_to_6_weeks`.
- A yes/no answer counts only when it is exactly True; an unanswered question never raises a
  flag here (the questionnaire refuses to send without every safety answer).
- Every reason that applies is listed, emergency reasons first, so staff see all of them.
"""

from dataclasses import dataclass
from datetime import date

LEVELS = ("none", "urgent", "emergency")

# Each flag with the sentence staff read. Order is the order of the domain table.
EMERGENCY_FLAGS = (
    ("rf_chest_pain", "Chest pain, pressure or tightness now, or spreading to the arm or jaw"),
    ("rf_breathless", "Short of breath at rest, or breathing is hard now"),
    ("rf_sudden_headache", "Sudden, severe headache, the worst of their life"),
    ("rf_bladder_bowel", "Lost control of bladder or bowels, or numb around the groin or inner thighs"),
    # Interim (questionnaire helper): the new emergency signs, until the triage rework lands.
    ("rf_tearing_pain", "Sudden, severe tearing or ripping pain in the chest or back"),
    ("rf_stroke_signs", "New signs of a stroke in the past few days (speech, sight, face, balance, falls)"),
    ("rf_fever_stiff_neck", "High temperature with a stiff neck and a bad headache"),
)
URGENT_FLAGS = (
    ("rf_weakness", "Weakness or numbness in the arms or legs that is getting worse"),
    ("rf_trauma", "Pain started after a fall, accident or blow in the past few weeks"),
    ("rf_fever", "Fever or chills, or feeling generally unwell"),
    ("rf_cancer", "Has been treated for cancer"),
    ("rf_weight_loss", "Lost weight recently without trying"),
    ("rf_steroids", "Takes steroid medicine long-term, or has osteoporosis"),
    # Interim (questionnaire helper): the new health signs, until the triage rework lands.
    ("rf_both_legs", "Pain, numbness or tingling in both legs"),
    ("rf_clumsy_hands", "Hands becoming clumsy or walking unsteady in the past few months"),
    ("rf_new_neck_headache", "New neck pain or headache in the past few weeks, unlike any before"),
    ("rf_immune", "Weakened immune system, or has injected drugs"),
)
# Night or constant pain is a red flag for thoracic (mid/upper back) pain.
THORACIC_REGIONS = (("back.upper", "between the shoulder blades"), ("back.mid", "in the middle of the back"))
SHORT_DURATIONS = frozenset({"under_1_week", "1_to_6_weeks"})
YOUNGEST_UNFLAGGED_AGE = 20
OLDEST_UNFLAGGED_AGE = 55


@dataclass(frozen=True)
class Triage:
    level: str  # one of LEVELS
    reasons: tuple[str, ...]


def age_on(born: date, today: date) -> int:
    """Whole years completed on `today` (29 February birthdays come on 1 March in other years)."""
    birthday_not_yet = (today.month, today.day) < (born.month, born.day)
    return today.year - born.year - (1 if birthday_not_yet else 0)


def assess(answers: dict, today: date) -> Triage:
    """The triage level and every reason for it, from answers in the domain's JSON form."""
    emergency = [reason for code, reason in EMERGENCY_FLAGS if answers.get(code) is True]
    if answers.get("rf_both_legs") is True and answers.get("rf_weakness") is True:
        # Interim (questionnaire helper), until the triage rework lands: possible cauda equina.
        emergency.append("Pain, numbness or tingling in both legs with worsening weakness")
    urgent = [reason for code, reason in URGENT_FLAGS if answers.get(code) is True]
    regions = set(answers.get("regions") or ())

    if answers.get("rf_night_pain") is True:
        where = [words for code, words in THORACIC_REGIONS if code in regions]
        if where:
            urgent.append("Night or constant pain with pain " + " and ".join(where))
    if "chest" in regions:
        urgent.append("Pain in the front of the chest")
    age_reason = _age_reason(answers, today)
    if age_reason:
        urgent.append(age_reason)

    level = "emergency" if emergency else "urgent" if urgent else "none"
    return Triage(level, tuple(emergency + urgent))


def _age_reason(answers: dict, today: date) -> str | None:
    born = answers.get("date_of_birth")
    if not born or answers.get("duration") not in SHORT_DURATIONS:
        return None
    age = age_on(date.fromisoformat(born), today)
    if YOUNGEST_UNFLAGGED_AGE <= age <= OLDEST_UNFLAGGED_AGE:
        return None
    return f"Age {age} with pain for under 6 weeks"
