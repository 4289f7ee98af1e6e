"""Answering the questionnaire in a real browser: fill a page from answers in the domain's JSON form."""

ABOUT = ["full_name", "date_of_birth", "phone", "email", "visit_type"]
SYMPTOMS = ["qualities", "pain_now", "pain_worst", "pain_interference", "frequency", "duration", "onset"]
HISTORY = ["aggravators", "related", "past", "notes"]
TEXT_CODES = ("full_name", "phone", "email", "notes")


def input_id(code, value=None):
    return f"#{code}" if value is None else f"#{code}-{str(value).replace('.', '-')}"


def safety_codes(answers):
    return [code for code in answers if code.startswith("rf_")]


def fill_page(page, answers, codes):
    for code in codes:
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


def send(page):
    page.check("#consent_accurate")
    page.check("#consent_not_emergency")
    follow(page.get_by_role("button", name="Send my answers"))
