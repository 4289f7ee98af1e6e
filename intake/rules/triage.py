"""Red-flag triage: a submission's answers to an urgency level (none / urgent / emergency) with reasons for staff.

The rules are exactly the red-flag table of docs/domain.md, contract 2 (RCEM thoracic back pain
red flags; Verhagen et al. 2016; NHS CKS neck pain; the IFOMPT cervical framework; NICE/GIRFT
cauda equina). Plain Python fed plain data: no Flask.

Edges, stated once because they matter clinically:
- Age is whole years completed on `today` (the submission date). A person born on
  29 February turns a year older on 1 March in non-leap years (and on 29 February in leap
  years): until then the birthday has not yet come.
- "Under 20" means age 0-19; "over 55" means age 56 and older. Ages 20 and 55 are not flagged.
  "40 or over" (upper back with jaw or left arm pain) includes 40.
- "Under 6 weeks" means the duration answers `under_1_week` and `1_to_6_weeks`; an unanswered
  duration is not under 6 weeks.
- A yes/no answer counts only when it is exactly True; an unanswered question never raises a
  flag here (the questionnaire refuses to send without every safety answer, and a flag a stored
  submission was never asked is "not asked": see asked.py).
- Every reason that applies is listed, emergency reasons first, so staff see all of them.
"""

from dataclasses import dataclass
from datetime import date

LEVELS = ("none", "urgent", "emergency")

# Each flag with the sentence staff read. Order is the order of the domain table.
EMERGENCY_FLAGS = (
    ("rf_chest_pain", "Chest pain, pressure or tightness now, or spreading to the arm or jaw"),
    ("rf_breathless", "Short of breath at rest, or breathing is hard now"),
    ("rf_tearing_pain", "Sudden, severe tearing or ripping pain in the chest, back or between the shoulder blades"),
    ("rf_sudden_headache", "Sudden, severe headache, the worst of their life"),
    ("rf_stroke_signs", "Possible stroke or neck artery signs in the past few days (speech, swallowing, "
                        "double vision, face, balance, or a fall or blackout without warning)"),
    ("rf_fever_stiff_neck", "High temperature with a stiff neck and a bad headache"),
    ("rf_bladder_bowel", "Lost control of bladder or bowels, or numb around the groin or inner thighs"),
)
# Both together: possible cauda equina (NICE/GIRFT), an emergency although each alone is urgent.
BOTH_LEGS_WITH_WEAKNESS = "Pain, numbness or tingling in both legs with worsening weakness or numbness " \
                          "(possible cauda equina)"
URGENT_FLAGS = (
    ("rf_weakness", "Weakness or numbness in the arms or legs that is getting worse"),
    ("rf_both_legs", "Pain, numbness or tingling in both legs"),
    ("rf_clumsy_hands", "Hands becoming clumsy or walking unsteady in the past few months"),
    ("rf_new_neck_headache", "New neck pain or headache in the past few weeks, unlike any before"),
    ("rf_trauma", "Pain started after a fall, accident or blow in the past few weeks"),
    ("rf_fever", "Fever or chills, or feeling generally unwell"),
    ("rf_immune", "Weakened immune system, or has injected drugs"),
    ("rf_cancer", "Has been treated for cancer"),
    ("rf_weight_loss", "Lost weight recently without trying"),
    ("rf_steroids", "Takes steroid medicine long-term, or has osteoporosis"),
)
# Night or constant pain is a red flag for thoracic (mid/upper back) pain only, not alone.
THORACIC_REGIONS = (("back.upper", "between the shoulder blades"), ("back.mid", "in the middle of the back"))
JAW_REGIONS = frozenset({"jaw.left", "jaw.right"})
LEFT_ARM_REGIONS = frozenset({"arm.upper.left", "arm.lower.left"})
SHORT_DURATIONS = frozenset({"under_1_week", "1_to_6_weeks"})
YOUNGEST_UNFLAGGED_AGE = 20
OLDEST_UNFLAGGED_AGE = 55
CARDIAC_AGE = 40


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
    def has(code: str) -> bool:
        return answers.get(code) is True

    emergency = [reason for code, reason in EMERGENCY_FLAGS if has(code)]
    if has("rf_both_legs") and has("rf_weakness"):
        emergency.append(BOTH_LEGS_WITH_WEAKNESS)
        urgent = [reason for code, reason in URGENT_FLAGS if has(code) and code not in ("rf_both_legs",
                                                                                        "rf_weakness")]
    else:
        urgent = [reason for code, reason in URGENT_FLAGS if has(code)]
    urgent += _pattern_reasons(answers, today, has("rf_night_pain"))
    level = "emergency" if emergency else "urgent" if urgent else "none"
    return Triage(level, tuple(emergency + urgent))


def _pattern_reasons(answers: dict, today: date, night_pain: bool) -> list[str]:
    """The urgent rows that combine answers: where it hurts, how long, related symptoms and age."""
    reasons = []
    regions = set(answers.get("regions") or ())
    short = answers.get("duration") in SHORT_DURATIONS
    age = _age(answers, today)
    if night_pain:
        where = [words for code, words in THORACIC_REGIONS if code in regions]
        if where:
            reasons.append("Night or constant pain with pain " + " and ".join(where))
    if "chest" in regions:
        reasons.append("Pain in the front of the chest")
    if short and "dizziness" in (answers.get("related") or ()):
        if "head.back" in regions or any(code.startswith("neck.") for code in regions):
            # IFOMPT: screen the neck's arteries before any neck treatment.
            reasons.append("Dizziness with neck or back-of-head pain for under 6 weeks "
                           "(screen the neck arteries before any neck treatment)")
    if short and age is not None and age >= CARDIAC_AGE and "back.upper" in regions:
        other = ("the jaw" if regions & JAW_REGIONS else "", "the left arm" if regions & LEFT_ARM_REGIONS else "")
        other = " and ".join(words for words in other if words)
        if other:
            reasons.append(f"Pain between the shoulder blades with pain in {other}, age {age}, for under 6 weeks "
                           "(can come from the heart)")
    if short and age is not None and not YOUNGEST_UNFLAGGED_AGE <= age <= OLDEST_UNFLAGGED_AGE:
        reasons.append(f"Age {age} with pain for under 6 weeks")
    return reasons


def _age(answers: dict, today: date) -> int | None:
    born = answers.get("date_of_birth")
    return age_on(date.fromisoformat(born), today) if born else None
