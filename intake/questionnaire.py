"""The questionnaire: every section, question code, answer code and label, defined once.

Codes are a contract shared by forms, the database, the clinical rules, exports and
tests (see docs/domain.md): never change one. Labels are marked with N_ for
translation and translated where they are shown, so this module imports no Flask.
"""

from dataclasses import dataclass, field
from typing import NamedTuple

# "1": the first safety questions (11 flags); "2": contract 2 (18 flags, emergency signs asked first).
# Each submission stores the version it was asked with, so a flag it was never asked reads "not asked".
QUESTIONNAIRE_VERSION = "2"


def N_(text: str) -> str:
    """Mark a string for translation without translating it here (gettext_noop)."""
    return text


class Choice(NamedTuple):
    code: str
    label: str
    hint: str | None = None


@dataclass(frozen=True)
class Question:
    code: str
    label: str
    kind: str  # text, textarea, date, email, tel, single, multi, score, yesno, tick, region, primary_region
    required: bool = True
    choices: tuple[Choice, ...] = ()
    hint: str | None = None
    max_length: int | None = None
    exclusive: str | None = None  # a choice that must be chosen on its own ("none")


@dataclass(frozen=True)
class Section:
    code: str
    title: str
    questions: tuple[Question, ...] = field(default_factory=tuple)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(q.code for q in self.questions)


VISIT_TYPES = (Choice("new", N_("Yes, this is my first visit")), Choice("returning", N_("No, I have been here before")))

REGIONS = (
    Choice("head.front", N_("Forehead / face")),
    Choice("head.back", N_("Back of the head")),
    Choice("jaw.left", N_("Jaw, left side")),
    Choice("jaw.right", N_("Jaw, right side")),
    Choice("neck.front", N_("Front of the neck")),
    Choice("neck.upper", N_("Top of the neck / base of the skull")),
    Choice("neck.lower", N_("Base of the neck")),
    Choice("shoulder.left", N_("Left shoulder")),
    Choice("shoulder.right", N_("Right shoulder")),
    Choice("back.upper", N_("Between the shoulder blades")),
    Choice("back.mid", N_("Middle of the back")),
    Choice("ribs.left", N_("Ribs / side of the chest, left")),
    Choice("ribs.right", N_("Ribs / side of the chest, right")),
    Choice("chest", N_("Front of the chest")),
    Choice("abdomen", N_("Stomach area")),
    Choice("back.low", N_("Lower back")),
    Choice("pelvis.back", N_("Tailbone / sacrum")),
    Choice("hip.left", N_("Left hip / buttock")),
    Choice("hip.right", N_("Right hip / buttock")),
    Choice("arm.upper.left", N_("Left upper arm")),
    Choice("arm.upper.right", N_("Right upper arm")),
    Choice("arm.lower.left", N_("Left elbow / forearm")),
    Choice("arm.lower.right", N_("Right elbow / forearm")),
    Choice("hand.left", N_("Left wrist / hand")),
    Choice("hand.right", N_("Right wrist / hand")),
    Choice("leg.upper.left", N_("Left thigh")),
    Choice("leg.upper.right", N_("Right thigh")),
    Choice("leg.knee.left", N_("Left knee")),
    Choice("leg.knee.right", N_("Right knee")),
    Choice("leg.lower.left", N_("Left lower leg")),
    Choice("leg.lower.right", N_("Right lower leg")),
    Choice("foot.left", N_("Left ankle / foot")),
    Choice("foot.right", N_("Right ankle / foot")),
)

QUALITIES = (
    Choice("aching", N_("Aching")),
    Choice("knots", N_("Tight, knotted muscles")),
    Choice("burning", N_("Burning")),
    Choice("stabbing", N_("Sharp, stabbing")),
    Choice("throbbing", N_("Throbbing")),
    Choice("shooting", N_("Shooting or spreading")),
    Choice("tingling", N_("Tingling (pins and needles)")),
    Choice("numbness", N_("Numbness")),
    Choice("stiffness", N_("Stiffness")),
)

FREQUENCIES = (
    Choice("constant", N_("All the time")),
    Choice("comes_and_goes", N_("It comes and goes")),
    Choice("with_movement", N_("Only when I move in certain ways")),
)

DURATIONS = (
    Choice("under_1_week", N_("Less than 1 week")),
    Choice("1_to_6_weeks", N_("1 to 6 weeks")),
    Choice("6_to_12_weeks", N_("6 to 12 weeks")),
    Choice("3_to_12_months", N_("3 to 12 months")),
    Choice("over_1_year", N_("More than 1 year")),
)

ONSETS = (
    Choice("injury", N_("After an injury")),
    Choice("gradual", N_("Gradually, over time")),
    Choice("woke_with_it", N_("I woke up with it")),
    Choice("unknown", N_("I don't know")),
)

AGGRAVATORS = (
    Choice("deep_breath", N_("Taking a deep breath")),
    Choice("cough_sneeze", N_("Coughing or sneezing")),
    Choice("twisting", N_("Twisting")),
    Choice("bending", N_("Bending")),
    Choice("lifting", N_("Lifting")),
    Choice("sitting", N_("Sitting")),
    Choice("standing", N_("Standing")),
    Choice("lying_down", N_("Lying down")),
    Choice("turning_head", N_("Turning my head")),
    Choice("looking_down", N_("Looking down (for example at a phone)")),
    Choice("reaching_overhead", N_("Reaching overhead")),
    Choice("none", N_("None of these")),
)

RELATED = (
    Choice("headaches", N_("Headaches")),
    Choice("neck_stiffness", N_("Neck stiffness")),
    Choice("jaw_clicking", N_("Jaw clicking or pain when chewing")),
    Choice("dizziness", N_("Dizziness")),
    Choice("arm_tingling", N_("Tingling in the arms or hands")),
    Choice("leg_tingling", N_("Tingling in the legs or feet")),
    Choice("poor_sleep", N_("Poor sleep")),
    Choice("none", N_("None of these")),
)

PAST = (
    Choice("scoliosis", N_("Scoliosis (a curved spine)")),
    Choice("car_accident", N_("A car accident")),
    Choice("sports_injury", N_("A sports injury")),
    Choice("concussion", N_("A concussion")),
    Choice("spine_surgery", N_("Surgery on the spine")),
    Choice("chiropractic_care", N_("Chiropractic care before")),
    Choice("none", N_("None of these")),
)

SCORES = tuple(Choice(str(n), str(n)) for n in range(11))

# Red-flag screening questions: each an explicit yes/no (an unanswered one is an error).
SAFETY_QUESTIONS = (
    Choice("rf_chest_pain", N_("Do you have chest pain, pressure or tightness right now, or pain that spreads to your arm or jaw?")),
    Choice("rf_breathless", N_("Are you short of breath at rest, or is breathing hard right now?")),
    Choice("rf_tearing_pain", N_("Do you have sudden, severe pain that feels like tearing or ripping, in your chest, back or between your shoulder blades?")),
    Choice("rf_sudden_headache", N_("Have you had a sudden, severe headache, the worst of your life?")),
    Choice("rf_stroke_signs", N_("In the past few days, have you had new trouble speaking or swallowing, double vision, a drooping or numb face, sudden loss of balance, or a fall or blackout without warning?")),
    Choice("rf_fever_stiff_neck", N_("Do you have a high temperature with a stiff neck and a bad headache?")),
    Choice("rf_bladder_bowel", N_("Have you lost control of your bladder or bowels, or gone numb around the groin or inner thighs?")),
    Choice("rf_weakness", N_("Do you have weakness or numbness in your arms or legs that is getting worse?")),
    Choice("rf_both_legs", N_("Do you have pain, numbness or tingling in both legs?")),
    Choice("rf_clumsy_hands", N_("In the past few months, have your hands become clumsy or has your walking become unsteady?")),
    Choice("rf_new_neck_headache", N_("In the past few weeks, have you had a new neck pain or headache that feels unlike any before?")),
    Choice("rf_trauma", N_("Has the pain started after a fall, accident or blow in the past few weeks?")),
    Choice("rf_fever", N_("Do you have a fever or chills, or feel generally unwell?")),
    Choice("rf_immune", N_("Do you have a weakened immune system (for example transplant medicine, chemotherapy or HIV), or have you ever injected drugs?")),
    Choice("rf_cancer", N_("Have you ever been treated for cancer?")),
    Choice("rf_weight_loss", N_("Have you lost weight recently without trying?")),
    Choice("rf_night_pain", N_("Is the pain constant, not eased by rest, or worse at night?")),
    Choice("rf_steroids", N_("Do you take steroid medicine long-term, or have you been told you have osteoporosis?")),
)

SECTIONS = (
    Section("about", N_("About you"), (
        Question("full_name", N_("Full name"), "text", max_length=120),
        Question("date_of_birth", N_("Date of birth"), "date", hint=N_("For example, 27 3 1980")),
        Question("phone", N_("Phone number"), "tel", required=False, max_length=30,
                 hint=N_("So we can call you about your visit")),
        Question("email", N_("Email address"), "email", required=False, max_length=254),
        Question("visit_type", N_("Is this your first visit with us?"), "single", choices=VISIT_TYPES),
    )),
    Section("regions", N_("Where it hurts"), (
        Question("regions", N_("Where do you feel pain or discomfort?"), "region", choices=REGIONS,
                 hint=N_("Select all areas that apply. Left and right mean your own left and right.")),
        Question("primary_region", N_("Which area bothers you most?"), "primary_region", choices=REGIONS),
    )),
    Section("symptoms", N_("What it feels like"), (
        Question("qualities", N_("What does it feel like?"), "multi", choices=QUALITIES,
                 hint=N_("Select all that apply.")),
        Question("pain_now", N_("How bad is the pain right now?"), "score", choices=SCORES,
                 hint=N_("0 means no pain and 10 means the worst pain you can imagine.")),
        Question("pain_worst", N_("How bad was the pain at its worst in the past week?"), "score", choices=SCORES,
                 hint=N_("0 means no pain and 10 means the worst pain you can imagine.")),
        Question("pain_interference", N_("How much has the pain got in the way of daily life in the past week?"),
                 "score", choices=SCORES, hint=N_("0 means not at all and 10 means completely.")),
        Question("frequency", N_("How often do you feel it?"), "single", choices=FREQUENCIES),
        Question("duration", N_("How long have you had it?"), "single", choices=DURATIONS),
        Question("onset", N_("How did it start?"), "single", choices=ONSETS),
    )),
    Section("history", N_("Daily life and history"), (
        Question("aggravators", N_("What makes it worse?"), "multi", choices=AGGRAVATORS, exclusive="none",
                 hint=N_("Select all that apply.")),
        Question("related", N_("Do you also have any of these?"), "multi", choices=RELATED, exclusive="none",
                 hint=N_("Select all that apply.")),
        Question("past", N_("Have you ever had any of these?"), "multi", choices=PAST, exclusive="none",
                 hint=N_("Select all that apply.")),
        Question("notes", N_("Is there anything else you want us to know?"), "textarea", required=False,
                 max_length=2000),
    )),
    Section("safety", N_("Safety questions"), tuple(
        Question(c.code, c.label, "yesno") for c in SAFETY_QUESTIONS
    )),
    Section("consent", N_("Confirm and send"), (
        Question("consent_accurate", N_("My answers are accurate to the best of my knowledge."), "tick"),
        Question("consent_not_emergency", N_("I understand this form is not monitored for emergencies."), "tick"),
    )),
)

SECTION_BY_CODE = {s.code: s for s in SECTIONS}
QUESTIONS = {q.code: q for s in SECTIONS for q in s.questions}
REGION_CODES = frozenset(c.code for c in REGIONS)
RED_FLAG_CODES = tuple(c.code for c in SAFETY_QUESTIONS)


def label_for(question_code: str, answer_code: str) -> str:
    """The (untranslated) label of one answer code, or the code itself if unknown."""
    for choice in QUESTIONS[question_code].choices:
        if choice.code == answer_code:
            return choice.label
    return answer_code


class AnswerRow(NamedTuple):
    section: str  # section code, e.g. "symptoms" (the page to change it on)
    code: str  # question code
    question: str  # untranslated question label
    values: tuple[str, ...]  # untranslated answer labels (or the text typed); empty if unanswered


YES_NO_LABELS = {True: N_("Yes"), False: N_("No")}
# Answers the patient typed: shown as typed (never looked up in a catalog), line breaks kept.
TYPED = tuple(q.code for section in SECTIONS for q in section.questions if q.kind in ("text", "tel", "email",
                                                                                       "textarea"))


def answer_rows(answers: dict, sections: tuple[str, ...] | None = None) -> list[AnswerRow]:
    """Every question with its answer shown as labels, in questionnaire order ("check your answers" form).

    Labels are returned untranslated (translate with _() where shown). Dates stay ISO
    strings: formatting for the reader's locale belongs to the template.
    """
    rows = []
    for section in SECTIONS:
        if sections is not None and section.code not in sections:
            continue
        for q in section.questions:
            value = answers.get(q.code)
            if value is None or value == [] or value == "":
                shown: tuple[str, ...] = ()
            elif q.kind in ("multi", "region"):
                shown = tuple(label_for(q.code, code) for code in value)
            elif q.kind in ("single", "primary_region"):
                shown = (label_for(q.code, value),)
            elif q.kind in ("yesno", "tick"):
                shown = (YES_NO_LABELS[bool(value)],)
            else:
                shown = (str(value),)
            rows.append(AnswerRow(section.code, q.code, q.label, shown))
    return rows


# --- Contract 2 safety groups (codes only; issue 17) -----------------------------------------
# Asked first, before "About you": any of these is an emergency (docs/domain.md, red-flag triage).
EMERGENCY_SIGN_CODES = ("rf_chest_pain", "rf_breathless", "rf_tearing_pain", "rf_sudden_headache",
                        "rf_stroke_signs", "rf_fever_stiff_neck", "rf_bladder_bowel")
# Asked on the last question page, after "Daily life and history".
HEALTH_SIGN_CODES = ("rf_weakness", "rf_both_legs", "rf_clumsy_hands", "rf_new_neck_headache", "rf_trauma",
                     "rf_fever", "rf_immune", "rf_cancer", "rf_weight_loss", "rf_night_pain", "rf_steroids")
