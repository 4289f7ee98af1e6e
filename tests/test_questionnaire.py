"""The questionnaire's definition: each question asked on one page, every page's fields shown, a new
question carried everywhere by one entry, and docs/domain.md generated from it."""

import csv
import io
import json
import re

import pytest
from sqlalchemy import select

from intake import questionnaire
from intake.extensions import db
from intake.models import Submission
from intake.questionnaire import PAGES, QUESTION_PAGE, QUESTIONS, SECTIONS, Question
from intake.questionnaire.reference import REFERENCE_PATH, reference
from tests.questionnaire_client import answer_pages, submit_questionnaire

QUESTION_PAGES = [code for code in PAGES if code != "consent"]


def test_every_question_sits_on_exactly_one_page():
    asked = [q.code for page in PAGES.values() for q in page.questions]
    assert sorted(asked) == sorted(QUESTIONS) and len(asked) == len(set(asked))
    assert [q.code for s in SECTIONS for q in s.questions] == list(QUESTIONS)
    assert all(QUESTION_PAGE[q.code] == code for code, page in PAGES.items() for q in page.questions)


def input_names(html: str) -> set[str]:
    form = html[html.index('<form method="post"'):html.index("</form>")]
    return set(re.findall(r'<(?:input|textarea)[^>]* name="([^"]+)"', form)) - {"csrf_token", "website"}


def expected_names(page) -> set[str]:
    names = set()
    for ask in page.asks:
        names |= {f"{ask.code}-{part}" for part in ("day", "month", "year")} if ask.kind == "date" else {ask.code}
    return names


@pytest.mark.parametrize("page_code", QUESTION_PAGES + ["consent"])
def test_every_page_shows_its_fields_and_nothing_else(client, answers, page_code):
    answer_pages(client, answers)  # the main-area page and "Confirm and send" need earlier answers
    html = client.get(PAGES[page_code].path).get_data(as_text=True)
    assert input_names(html) == expected_names(PAGES[page_code])
    for ask in PAGES[page_code].asks:
        assert ask.label in html or ask.label.replace("'", "&#39;") in html


@pytest.mark.parametrize("page_code", QUESTION_PAGES)
def test_every_required_question_left_blank_is_an_error_on_its_page(client, page_code):
    page = PAGES[page_code]
    response = client.post(page.path, data={})
    if page_code == "primary":  # asked only after two areas: without them, back to the areas
        assert response.status_code == 302
        return
    assert response.status_code == 302 and response.headers["Location"] == page.path  # errors shown by a GET
    html = client.get(page.path).get_data(as_text=True)
    for ask in page.asks:
        if ask.required:
            assert ask.required_message.replace("‘", "").replace("’", "") in html.replace("‘", "").replace("’", "")


def test_docs_domain_md_is_generated_from_the_definition():
    """Run `flask --app intake content reference` after changing the questionnaire."""
    assert REFERENCE_PATH.read_bytes() == reference().encode("utf-8")
    text = reference()
    for code in QUESTIONS:
        assert f"`{code}`" in text
    assert "72514-3" in text


NEW = Question("hand_numbness", "Do your hands often feel numb?", "yesno",
               required_message="Select yes if your hands often feel numb")


@pytest.fixture
def numbness_question():
    """One more question on the daily-life page: a definition entry and nothing else."""
    with questionnaire.extra_question("history", NEW, after="past"):
        yield NEW


@pytest.fixture
def extended_app(numbness_question, app):
    """The usual test app (conftest's `app`), built while the definition holds the extra question."""
    return app


def test_a_new_question_is_asked_stored_checked_shown_to_staff_and_exported(extended_app, answers, login):
    client = extended_app.test_client()
    # Asked on its page, and required there.
    page = client.get("/daily-life-and-history").get_data(as_text=True)
    assert "Do your hands often feel numb?" in page and 'id="hand_numbness-yes"' in page
    refused = client.post("/daily-life-and-history", data={"aggravators": "none", "related": "none", "past": "none"},
                          follow_redirects=True)  # the page sent with an error, shown again by a GET
    assert "Select yes if your hands often feel numb" in refused.get_data(as_text=True)
    # Checked before sending, with a link back to its page.
    answers = {**answers, "hand_numbness": True}
    answer_pages(client, answers)
    check = client.get("/check-your-answers").get_data(as_text=True)
    assert "Do your hands often feel numb?" in check
    assert 'href="/daily-life-and-history?change=1#hand_numbness"' in check
    # Stored with the submission.
    assert submit_questionnaire(client, answers).headers["Location"] == "/done"
    with extended_app.app_context():
        stored = db.session.scalars(select(Submission)).one()
        assert stored.answers["hand_numbness"] is True
        submission_id = stored.id
    # Shown to staff on the record, exported to CSV and FHIR.
    staff = extended_app.test_client()
    login(staff, role="practitioner")
    record = staff.get(f"/staff/submissions/{submission_id}").get_data(as_text=True)
    assert re.search(r"Do your hands often feel numb\?</dt><dd[^>]*>Yes<", record)
    rows = list(csv.reader(io.StringIO(staff.get("/staff/export.csv", query_string={
        "status": "all", "from": "", "to": ""}).get_data(as_text=True))))
    assert rows[1][rows[0].index("hand_numbness")] == "yes"
    items = json.loads(staff.get("/staff/fhir/Questionnaire").get_data(as_text=True))["item"]
    history = next(group for group in items if "history" in group["linkId"])
    assert {"linkId": "hand_numbness", "text": "Do your hands often feel numb?", "type": "boolean",
            "required": True} in history["item"]
    response = json.loads(staff.get(f"/staff/submissions/{submission_id}/fhir").get_data(as_text=True))
    answered = [item for group in response["item"] for item in group["item"]]
    assert {"linkId": "hand_numbness", "text": "Do your hands often feel numb?",
            "answer": [{"valueBoolean": True}]} in answered


def test_the_extra_question_is_gone_when_the_test_ends():
    assert "hand_numbness" not in QUESTIONS and all(q.code != "hand_numbness" for q in PAGES["history"].questions)


# Issue 20: the optional questions practitioners expect, each a definition entry like any other.
OPTIONAL_NEW = {"sex": "about", "occupation": "about", "relievers": "history", "health_conditions": "history",
                "medications": "history", "allergies": "history", "care_goals": "history"}


def test_the_new_questions_are_optional_and_asked_on_their_pages():
    for code, page in OPTIONAL_NEW.items():
        assert QUESTION_PAGE[code] == page
        assert QUESTIONS[code].required is False and QUESTIONS[code].required_message is None
    assert {QUESTIONS[code].kind for code in ("health_conditions", "medications", "allergies")} == {"text_list"}


def test_an_answer_code_means_one_thing_in_every_question():
    # The FHIR CodeSystem lists each answer code once: a code used again must keep its label ("none").
    labels = {}
    for q in QUESTIONS.values():
        for choice in q.choices:
            assert labels.setdefault(choice.code, choice.label) == choice.label, (q.code, choice.code)


def test_a_typed_list_must_say_how_long_and_how_many():
    with pytest.raises(ValueError, match="max_length and max_items"):
        Question("pets", "Which pets do you have?", "text_list", required=False, max_length=50)


@pytest.mark.parametrize("value, problem", [
    (["Ibuprofen", "Metformin"], None),
    ("Ibuprofen", "'medications': must be a list of short texts"),
    (["Ibuprofen", ""], "'medications': must be a list of short texts"),
    (["x" * 101], "'medications': each item must be 100 characters or fewer"),
    ([f"Medicine {n}" for n in range(21)], "'medications': must list 20 items or fewer"),
])
def test_explain_takes_a_typed_list_and_refuses_a_malformed_one(runner, answers, tmp_path, value, problem):
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({**answers, "medications": value, "sex": "prefer_not_to_say",
                                "relievers": ["rest", "none"] if problem else ["rest"]}))
    result = runner.invoke(args=["explain", str(path)])
    if problem is None:
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["matches"][0]["slug"] == "mid-upper-back-pain"
    else:
        assert result.exit_code != 0 and problem in result.stderr
        assert "'relievers': 'none' cannot be combined with other answers" in result.stderr
