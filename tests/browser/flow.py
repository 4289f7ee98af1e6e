"""Answering the questionnaire in a real browser: fill a page from answers in the domain's JSON form."""

from intake.questionnaire import EMERGENCY_SIGN_CODES, HEALTH_SIGN_CODES

# The safety signs: one checkbox list per page, named by its form field.
EMERGENCY = ["emergency_signs"]
HEALTH = ["health_signs"]
SIGN_LISTS = {"emergency_signs": EMERGENCY_SIGN_CODES, "health_signs": HEALTH_SIGN_CODES}
ABOUT = ["full_name", "date_of_birth", "phone", "email", "visit_type"]
SYMPTOMS = ["qualities", "pain_now", "pain_worst", "pain_interference", "frequency", "duration", "onset"]
HISTORY = ["aggravators", "related", "past", "notes"]
TEXT_CODES = ("full_name", "phone", "email", "notes")


def input_id(code, value=None):
    return f"#{code}" if value is None else f"#{code}-{str(value).replace('.', '-')}"


def fill_page(page, answers, codes):
    for code in codes:
        if code in SIGN_LISTS:
            # The signs the patient has, or "None of these" when every one is no.
            ticked = [sign for sign in SIGN_LISTS[code] if answers.get(sign) is True]
            for sign in ticked or ["none"]:
                page.check(input_id(code, sign))
            continue
        value = answers.get(code)
        if value is None:
            continue
        if code == "date_of_birth":
            year, month, day = value.split("-")
            page.fill("#date_of_birth-day", day)
            page.fill("#date_of_birth-month", month)
            page.fill("#date_of_birth-year", year)
        elif isinstance(value, bool):
            page.check(input_id(code, "yes" if value else "no"))
        elif isinstance(value, list):
            for item in value:
                page.check(input_id(code, item))
        elif code in TEXT_CODES:
            page.fill(input_id(code), value)
        else:
            page.check(input_id(code, value))


def follow(link_or_button):
    """Click something that leads to a page, and wait for that page to load.

    A form posted to its own address shows the same URL before and after: without the wait, a
    check made next could look at the page before.
    """
    link_or_button.click()
    link_or_button.page.wait_for_load_state()


def continue_(page):
    follow(page.get_by_role("button", name="Continue"))


def start(page, answers):
    """From the welcome page through the emergency signs (the first question page) to "About you"."""
    follow(page.get_by_role("button", name="Start now"))
    fill_page(page, answers, EMERGENCY)
    continue_(page)


def send(page):
    page.check("#consent_accurate")
    page.check("#consent_not_emergency")
    follow(page.get_by_role("button", name="Send my answers"))
