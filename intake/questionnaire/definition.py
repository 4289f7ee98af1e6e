"""The questionnaire itself: its sections, pages and questions, in the order a patient meets them.

Adding a question is one entry here (plus its translations): the forms, pages, check page, staff
record, exports, `explain` and docs/domain.md all follow. Codes are a contract: never change one.
"""

from .choices import AGGRAVATORS, DURATIONS, EMERGENCY_SIGNS, FREQUENCIES, HEALTH_SIGNS, ONSETS, PAST, QUALITIES, REGIONS, RELATED, RELIEVERS, SCORES, SEXES, VISIT_TYPES
from .model import N_, Coding, Page, Question, Section, SignGroup

LOINC = "http://loinc.org"
SCORE_HINT = N_("0 means no pain and 10 means the worst pain you can imagine.")
ALL_THAT_APPLY = N_("Select all that apply.")


def several_regions(answers: dict) -> bool:
    return len(answers.get("regions") or ()) > 1


EMERGENCY = SignGroup(
    "emergency_signs", N_("Do you have any of these now?"), EMERGENCY_SIGNS,
    required_message=N_("Select any of these you have now, or select ‘None of these’"),
    hint=N_("Select all that apply. If you have any of them, we will tell you what to do straight away."))

HEALTH = SignGroup(
    "health_signs", N_("Do you have any of these?"), HEALTH_SIGNS,
    required_message=N_("Select any of these you have, or select ‘None of these’"),
    hint=N_("These help us spot anything that needs care before your visit. Select all that apply."))

SECTIONS = (
    Section("emergency", N_("Emergency signs"), (
        Page("emergency", "/emergency-signs", (EMERGENCY,), question_heading=True),
    )),
    Section("about", N_("About you"), (Page("about", "/about-you", (
        Question("full_name", N_("Full name"), "text", max_length=120, autocomplete="name", spellcheck=False,
                 required_message=N_("Enter your full name")),
        Question("date_of_birth", N_("Date of birth"), "date", hint=N_("For example, %(example)s"), autocomplete="bday",
                 required_message=N_("Enter your date of birth")),
        Question("phone", N_("Phone number"), "tel", required=False, max_length=30, autocomplete="tel",
                 width="input--w20", hint=N_("So we can call you about your visit")),
        Question("email", N_("Email address"), "email", required=False, max_length=254, autocomplete="email",
                 spellcheck=False),
        Question("visit_type", N_("Is this your first visit with us?"), "single", choices=VISIT_TYPES,
                 required_message=N_("Select whether this is your first visit")),
        Question("sex", N_("What is your sex?"), "single", choices=SEXES, required=False),
        Question("occupation", N_("What is your job or main daily activity?"), "text", required=False, max_length=100,
                 autocomplete="organization-title", hint=N_("For example, office work, building work, study or retired")),
    )),)),
    Section("regions", N_("Where it hurts"), (
        Page("regions", "/where-it-hurts", (
            Question("regions", N_("Where do you feel pain or discomfort?"), "region", choices=REGIONS,
                     hint=N_("Select all areas that apply. Left and right mean your own left and right."),
                     required_message=N_("Select at least one area where you feel pain")),
        )),
        Page("primary", "/where-it-hurts/main-area", (
            Question("primary_region", N_("Which area bothers you most?"), "primary_region", choices=REGIONS,
                     required_message=N_("Select the area that bothers you most")),
        ), question_heading=True, asked_when=several_regions, condition="only when more than one area is chosen"),
    )),
    Section("symptoms", N_("What it feels like"), (Page("symptoms", "/what-it-feels-like", (
        Question("qualities", N_("What does it feel like?"), "multi", choices=QUALITIES, hint=ALL_THAT_APPLY,
                 required_message=N_("Select what the pain feels like")),
        Question("pain_now", N_("How bad is the pain right now?"), "score", choices=SCORES, hint=SCORE_HINT,
                 required_message=N_("Select a number from 0 to 10 for your pain right now"),
                 coding=(Coding(LOINC, "72514-3",
                                "Pain severity - 0-10 verbal numeric rating [Score] - Reported"),)),
        Question("pain_worst", N_("How bad was the pain at its worst in the past week?"), "score", choices=SCORES,
                 hint=SCORE_HINT,
                 required_message=N_("Select a number from 0 to 10 for your worst pain in the past week")),
        Question("pain_interference", N_("How much has the pain got in the way of daily life in the past week?"),
                 "score", choices=SCORES, hint=N_("0 means not at all and 10 means completely."),
                 required_message=N_("Select a number from 0 to 10 for how much the pain has got in the way")),
        Question("frequency", N_("How often do you feel it?"), "single", choices=FREQUENCIES,
                 required_message=N_("Select how often you feel it")),
        Question("duration", N_("How long have you had it?"), "single", choices=DURATIONS,
                 required_message=N_("Select how long you have had it")),
        Question("onset", N_("How did it start?"), "single", choices=ONSETS,
                 required_message=N_("Select how it started")),
    )),)),
    Section("history", N_("Daily life and history"), (Page("history", "/daily-life-and-history", (
        Question("aggravators", N_("What makes it worse?"), "multi", choices=AGGRAVATORS, exclusive="none",
                 hint=ALL_THAT_APPLY, required_message=N_("Select what makes it worse, or select “None of these”")),
        Question("relievers", N_("What makes it better?"), "multi", choices=RELIEVERS, exclusive="none",
                 hint=ALL_THAT_APPLY, required=False),
        Question("related", N_("Do you also have any of these?"), "multi", choices=RELATED, exclusive="none",
                 hint=ALL_THAT_APPLY,
                 required_message=N_("Select any of these you also have, or select “None of these”")),
        Question("past", N_("Have you ever had any of these?"), "multi", choices=PAST, exclusive="none",
                 hint=ALL_THAT_APPLY,
                 required_message=N_("Select any of these you have had, or select “None of these”")),
        # Short lists, typed one item per line: each item and the number of items are limited.
        Question("health_conditions", N_("Do you have any other health conditions?"), "text_list", required=False,
                 max_length=100, max_items=10,
                 hint=N_("For example, diabetes, high blood pressure or asthma. Write one on each line.")),
        Question("medications", N_("What medicines do you take at the moment?"), "text_list", required=False,
                 max_length=100, max_items=20,
                 hint=N_("Write one medicine on each line, with the dose if you know it. Include medicines you "
                         "buy yourself and supplements.")),
        Question("allergies", N_("Do you have any allergies?"), "text_list", required=False, max_length=100,
                 max_items=10, hint=N_("For example, to a medicine, plasters or latex. Write one on each line, "
                                       "with what happens if you know.")),
        Question("care_goals", N_("What would you like your care to help you do?"), "text", required=False,
                 max_length=200, hint=N_("For example, sleep through the night or pick up my children")),
        Question("notes", N_("Is there anything else you want us to know?"), "textarea", required=False,
                 max_length=2000),
    )),)),
    Section("health", N_("Your health"), (
        Page("health", "/your-health", (HEALTH,), question_heading=True),
    )),
    Section("consent", N_("Confirm and send"), (Page("consent", "/confirm-and-send", (
        Question("consent_accurate", N_("My answers are accurate to the best of my knowledge."), "tick",
                 required_message=N_("Confirm that your answers are accurate")),
        Question("consent_not_emergency", N_("I understand this form is not monitored for emergencies."), "tick",
                 required_message=N_("Confirm that you understand this form is not monitored for emergencies")),
    )),)),
)

# "Check your answers" and "Confirm and send" close the questionnaire; the consent page is the last one.
FINAL_PAGE = "consent"
