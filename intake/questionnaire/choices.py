"""The answer lists of the questionnaire (choices) and the safety signs, each with its code and label."""

from .model import Choice, Question, N_

VISIT_TYPES = (Choice("new", N_("Yes, this is my first visit")), Choice("returning", N_("No, I have been here before")))

# Optional, and a questionnaire answer only (not the FHIR Patient's administrative gender).
SEXES = (
    Choice("female", N_("Female")),
    Choice("male", N_("Male")),
    Choice("another", N_("I describe myself another way")),
    Choice("prefer_not_to_say", N_("I prefer not to say")),
)

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

# What eases the pain. Codes are new (the answer CodeSystem gives each code one meaning), "none" as elsewhere.
RELIEVERS = (
    Choice("rest", N_("Resting")),
    Choice("heat", N_("Heat, for example a warm bath or a hot pack")),
    Choice("cold", N_("Cold, for example an ice pack")),
    Choice("gentle_movement", N_("Gentle movement or walking")),
    Choice("stretching", N_("Stretching")),
    Choice("changing_position", N_("Changing position")),
    Choice("massage", N_("Massage")),
    Choice("pain_medicine", N_("Pain relief medicine")),
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

# The safety signs (docs/domain.md, "Safety questions"): one short plain sentence each, in the patient's
# own voice, with a hint where a sign has several parts. Every one is stored as a boolean under its code.
EMERGENCY_SIGNS = (
    Question("rf_chest_pain", N_("I have chest pain, pressure or tightness now."), "sign",
             hint=N_("This includes pain that spreads to the arm or jaw.")),
    Question("rf_breathless", N_("I find it hard to breathe right now, even when resting."), "sign"),
    Question("rf_tearing_pain", N_("I have sudden, severe pain that feels like tearing or ripping."), "sign",
             hint=N_("In the chest, the back or between the shoulder blades.")),
    Question("rf_sudden_headache", N_("I have had a sudden, severe headache, the worst of my life."), "sign"),
    Question("rf_stroke_signs", N_("In the past few days, something new has affected my speech, sight, face or balance."),
             "sign", hint=N_("For example: trouble speaking or swallowing, double vision, a drooping or numb face, "
                             "losing my balance suddenly, or a fall or blackout without warning.")),
    Question("rf_fever_stiff_neck", N_("I have a high temperature with a stiff neck and a bad headache."), "sign"),
    Question("rf_bladder_bowel", N_("I have lost control of my bladder or bowels, or I feel numb between my legs."),
             "sign", hint=N_("Numb around the groin, the bottom or the inner thighs.")),
)

HEALTH_SIGNS = (
    Question("rf_weakness", N_("I have weakness or numbness in my arms or legs that is getting worse."), "sign"),
    Question("rf_both_legs", N_("I have pain, numbness or tingling in both legs."), "sign"),
    Question("rf_clumsy_hands", N_("In the past few months, my hands have become clumsy or my walking unsteady."),
             "sign", hint=N_("For example, dropping things or having trouble with buttons.")),
    Question("rf_new_neck_headache", N_("In the past few weeks, I have had a new neck pain or headache that feels "
                                        "unlike any before."), "sign"),
    Question("rf_trauma", N_("My pain started after a fall, accident or blow in the past few weeks."), "sign"),
    Question("rf_fever", N_("I have a fever or chills, or I feel generally unwell."), "sign"),
    Question("rf_immune", N_("My immune system is weak, or I have ever injected drugs."), "sign",
             hint=N_("For example, from medicine after an organ transplant or for an immune condition, "
                     "from chemotherapy, or from HIV.")),
    Question("rf_cancer", N_("I have been treated for cancer, at any time."), "sign"),
    Question("rf_weight_loss", N_("I have lost weight recently without trying."), "sign"),
    Question("rf_night_pain", N_("My pain is there all the time, even at rest, or it is worse at night."), "sign"),
    Question("rf_steroids", N_("I take steroid medicine long-term, or I have been told I have osteoporosis."),
             "sign", hint=N_("Osteoporosis means thin, weak bones.")),
)
