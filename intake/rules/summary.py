"""A one-paragraph plain summary of a submission for the practitioner, built only from its answers."""

from datetime import date

from ..questionnaire import label_for
from .triage import age_on

# Short words for each quality, so the summary reads "burning, knotted pain".
QUALITY_WORDS = {"aching": "aching", "knots": "knotted", "burning": "burning", "stabbing": "stabbing",
                 "throbbing": "throbbing", "shooting": "shooting", "tingling": "tingling",
                 "numbness": "numb", "stiffness": "stiff"}
DURATION_WORDS = {"under_1_week": "under 1 week", "1_to_6_weeks": "1–6 weeks", "6_to_12_weeks": "6–12 weeks",
                  "3_to_12_months": "3–12 months", "over_1_year": "over 1 year"}
ONSET_WORDS = {"injury": "injury-related", "gradual": "gradual", "woke_with_it": "woke-up-with-it", "unknown": ""}
AGGRAVATOR_WORDS = {"deep_breath": "deep breaths", "cough_sneeze": "coughing or sneezing", "twisting": "twisting",
                    "bending": "bending", "lifting": "lifting", "sitting": "sitting", "standing": "standing",
                    "lying_down": "lying down", "turning_head": "turning the head", "looking_down": "looking down",
                    "reaching_overhead": "reaching overhead"}
RELIEVER_WORDS = {"rest": "rest", "heat": "heat", "cold": "cold", "gentle_movement": "gentle movement",
                  "stretching": "stretching", "changing_position": "changing position", "massage": "massage",
                  "pain_medicine": "pain relief medicine"}
SEX_WORDS = {"female": "female", "male": "male"}  # "another" and "prefer not to say": left to the answers list


def _join(words: list[str]) -> str:
    words = [w for w in words if w]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _region_words(answers: dict) -> str:
    regions = list(answers.get("regions") or ())
    primary = answers.get("primary_region")
    if primary in regions:
        regions.remove(primary)
        regions.insert(0, primary)
    return _join([label_for("regions", code).lower() for code in regions])


def _who(answers: dict, on: date) -> str:
    parts = []
    born = answers.get("date_of_birth")
    if born:
        try:
            parts.append(f"{age_on(date.fromisoformat(born), on)}-year-old")
        except ValueError:
            pass
    visit = {"new": "new patient", "returning": "returning patient"}.get(answers.get("visit_type"), "patient")
    return " ".join(p for p in (*parts, SEX_WORDS.get(answers.get("sex")), visit) if p)


def _pain(answers: dict) -> str:
    qualities = [QUALITY_WORDS.get(code, code) for code in answers.get("qualities") or ()]
    described = " ".join(w for w in (ONSET_WORDS.get(answers.get("onset"), ""), ", ".join(qualities)) if w)
    where = _region_words(answers)
    text = f"{described} pain" if described else "pain"
    if where:
        # "between the shoulder blades" carries its own preposition; every other label takes "in the".
        text += f" {where}" if where.startswith("between") else f" in the {where}"
    duration = DURATION_WORDS.get(answers.get("duration"))
    return f"{duration} of {text}" if duration else text


def _scores(answers: dict) -> str:
    parts = []
    if answers.get("pain_now") is not None:
        parts.append(f"{answers['pain_now']}/10 now")
    if answers.get("pain_worst") is not None:
        parts.append(f"{answers['pain_worst']}/10 at worst")
    return " and ".join(parts)


def _worse_with(answers: dict) -> str:
    codes = [c for c in answers.get("aggravators") or () if c != "none"]
    return f"worse with {_join([AGGRAVATOR_WORDS.get(c, c) for c in codes])}" if codes else ""


def _better_with(answers: dict) -> str:
    codes = [c for c in answers.get("relievers") or () if c != "none"]
    return f"better with {_join([RELIEVER_WORDS.get(c, c) for c in codes])}" if codes else ""


def _flags(level: str, reasons: list[str]) -> str:
    if level == "emergency":
        return "EMERGENCY: " + "; ".join(reasons)
    if level == "urgent":
        return "URGENT: " + "; ".join(reasons)
    return "no red flags"


def summarize(answers: dict, *, triage_level: str, triage_reasons: list[str],
              matches: list[tuple[str, list[str]]], on: date) -> str:
    """E.g. "41-year-old new patient; 3–12 months of gradual burning, knotted pain between the shoulder
    blades and base of the neck, 5/10 now and 7/10 at worst, worse with deep breaths; no red flags;
    matched: Mid and upper back pain (burning + between the shoulder blades)". Never raises on gaps."""
    clinical = ", ".join(p for p in (_pain(answers), _scores(answers), _worse_with(answers), _better_with(answers))
                         if p)
    parts = [_who(answers, on), clinical, _flags(triage_level, list(triage_reasons))]
    if matches:
        title, reasons = matches[0]
        parts.append(f"matched: {title}" + (f" ({reasons[0]})" if reasons else ""))
    return "; ".join(p for p in parts if p)
