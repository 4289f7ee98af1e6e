"""Drive the patient questionnaire through the test client, page by page, as a browser would post it."""

from intake.web.patient.flow import ORDER, page_needed
from intake.questionnaire import PAGES


def form_data(page: str, answers: dict) -> dict:
    """The POST body a browser sends for one page, from answers in the domain's JSON form."""
    data = {}
    for ask in PAGES[page].asks:
        code = ask.code
        if ask.kind == "signs":
            # A checkbox list with "None of these": the signs answered yes, or "none" when every one is no.
            given = {sign: answers[sign] for sign in ask.codes if sign in answers}
            ticked = [sign for sign, value in given.items() if value is True]
            if ticked or len(given) == len(ask.codes):
                data[code] = ticked or [ask.exclusive]
            continue
        value = answers.get(code)
        if value is None:
            continue
        if code == "date_of_birth":
            year, month, day = value.split("-")
            data.update({f"{code}-day": day, f"{code}-month": month, f"{code}-year": year})
        elif isinstance(value, bool):
            data[code] = "yes" if value else "no"
        elif ask.kind == "text_list":
            data[code] = "\r\n".join(value)  # one textarea, one item per line
        elif isinstance(value, list):
            data[code] = value
        else:
            data[code] = str(value)
    return data


def answer_pages(client, answers: dict):
    """Post every question page in order; returns the last response (a redirect; after an emergency sign,
    to the "get help now" page, which the next POST simply goes past, as the patient may)."""
    response = None
    for page in ORDER:
        if not page_needed(page, answers):
            continue
        response = client.post(PAGES[page].path, data=form_data(page, answers))
        assert response.status_code == 302, (page, response.status_code, response.get_data(as_text=True)[:2000])
    return response


def submit_questionnaire(client, answers: dict):
    """Answer every page and send: returns the response of the final POST (a redirect to /done)."""
    answer_pages(client, answers)
    return client.post(PAGES["consent"].path, data=form_data("consent", answers))


def canonical(answers: dict) -> dict:
    """Answers as stored: multi-select codes in the questionnaire's own order."""
    from intake.questionnaire import QUESTIONS

    result = {}
    for code, value in answers.items():
        if isinstance(value, list) and QUESTIONS[code].choices:  # a typed list keeps the patient's order
            order = [choice.code for choice in QUESTIONS[code].choices]
            value = sorted(value, key=order.index)
        result[code] = value
    return result
