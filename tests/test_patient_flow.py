"""The whole questionnaire, end to end: pages in order, draft kept, one submission stored with every code."""

import html
import re

import pytest
from sqlalchemy import func, select

from intake.extensions import db
from intake.models import Draft, Submission, SubmissionRegion
from tests.questionnaire_client import answer_pages, canonical, form_data, submit_questionnaire


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_start_page_explains_and_links_to_first_question(client):
    page = client.get("/").get_data(as_text=True)
    assert "Start now" in page and 'href="/emergency-signs"' in page
    assert "not for emergencies" in page
    # The warning names every kind of emergency sign a patient may not think of, and the number is tap-to-call.
    assert "bladder or bowels" in page and 'href="tel:911"' in page


def test_each_page_leads_to_the_next(client, answers):
    # The order of docs/domain.md: the emergency signs first, the health signs last.
    pages = ["/emergency-signs", "/about-you", "/where-it-hurts", "/where-it-hurts/main-area",
             "/what-it-feels-like", "/daily-life-and-history", "/your-health"]
    expected = pages[1:] + ["/check-your-answers"]
    from intake.web.patient.views import PAGE_PATHS

    page_of_path = {path: page for page, path in PAGE_PATHS.items()}
    for path, following in zip(pages, expected):
        response = client.post(path, data=form_data(page_of_path[path], answers))
        assert response.status_code == 302
        assert response.headers["Location"] == following


def test_single_region_skips_the_main_area_question(app, client, answers):
    answers = {**answers, "regions": ["back.low"], "primary_region": None}
    client.post("/about-you", data=form_data("about", answers))
    response = client.post("/where-it-hurts", data=form_data("regions", answers))
    assert response.headers["Location"] == "/what-it-feels-like"
    with app.app_context():
        draft = db.session.scalars(select(Draft)).one()
        assert draft.answers["primary_region"] == "back.low"


def test_happy_path_stores_exactly_one_submission_with_every_code(app, client, answers):
    response = submit_questionnaire(client, answers)
    assert response.status_code == 302 and response.headers["Location"] == "/done"
    done = client.get("/done").get_data(as_text=True)
    with app.app_context():
        assert count(Submission) == 1
        assert count(Draft) == 0
        stored = db.session.scalars(select(Submission)).one()
        assert stored.answers == canonical(answers)
        assert stored.status == "new"
        assert stored.questionnaire_version == "2"
        assert stored.reference in done
        assert stored.id not in done
        regions = db.session.scalars(select(SubmissionRegion.code).order_by(SubmissionRegion.code)).all()
        assert regions == sorted(answers["regions"])


def test_double_submit_stores_one_submission(app, client, answers):
    answer_pages(client, answers)
    with client.session_transaction() as session:
        saved_cookie_session = dict(session)
    first = client.post("/confirm-and-send", data=form_data("consent", answers))
    # The second click carries the session as it was before the first response arrived.
    with client.session_transaction() as session:
        session.clear()
        session.update(saved_cookie_session)
    second = client.post("/confirm-and-send", data=form_data("consent", answers))
    assert first.headers["Location"] == second.headers["Location"] == "/done"
    with app.app_context():
        assert count(Submission) == 1


def test_the_same_draft_sent_from_two_tabs_at_once_stores_one_submission(app, client, answers):
    import threading

    answer_pages(client, answers)
    with client.session_transaction() as session:
        saved = dict(session)
    tabs = [app.test_client() for _ in range(4)]
    for tab in tabs:
        with tab.session_transaction() as session:
            session.update(saved)
    start, responses = threading.Barrier(len(tabs)), []

    def send(tab):
        start.wait()
        responses.append(tab.post("/confirm-and-send", data=form_data("consent", answers)))

    threads = [threading.Thread(target=send, args=(tab,)) for tab in tabs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [r.headers.get("Location") for r in responses] == ["/done"] * len(tabs)
    with app.app_context():
        assert count(Submission) == 1 and count(Draft) == 0
        references = {tab.get("/done").get_data(as_text=True).count(
            db.session.scalar(select(Submission.reference))) for tab in tabs}
    assert 0 not in references  # every tab shows the one reference stored


def test_optional_answers_left_blank_are_absent(app, client, answers):
    answers = {k: v for k, v in answers.items() if k not in ("phone", "email", "notes")}
    submit_questionnaire(client, answers)
    with app.app_context():
        stored = db.session.scalars(select(Submission)).one()
        assert not {"phone", "email", "notes"} & stored.answers.keys()


def test_clearing_an_optional_answer_removes_it(app, client, answers):
    client.post("/about-you", data=form_data("about", {**answers, "phone": "0151 496 0000"}))
    client.post("/about-you?change=1", data=form_data("about", answers))
    with app.app_context():
        assert "phone" not in db.session.scalars(select(Draft)).one().answers


def test_confirm_sends_incomplete_draft_back_to_first_missing_page(client, answers):
    client.post("/about-you", data=form_data("about", answers))
    response = client.get("/confirm-and-send")
    assert response.headers["Location"] == "/emergency-signs"
    client.post("/emergency-signs", data=form_data("emergency", answers))
    assert client.get("/confirm-and-send").headers["Location"] == "/where-it-hurts"


def test_confirmation_without_a_submission_goes_to_start(client):
    assert client.get("/done").headers["Location"] == "/"


# The optional questions practitioners expect (issue 20): short typed lists, what eases it, goals, job, sex.
NEW_OPTIONAL = ("sex", "occupation", "relievers", "health_conditions", "medications", "allergies", "care_goals")
EXTRAS = {"sex": "female", "occupation": "Bus driver", "relievers": ["heat", "rest"],
          "health_conditions": ["Type 2 diabetes"], "care_goals": "Sleep through the night",
          "medications": ["Ibuprofen 200 mg when needed", "Metformin 500 mg twice a day"],
          "allergies": ["Penicillin (rash)"]}


def test_medicines_and_allergies_typed_one_per_line_are_stored_as_lists(app, client, answers):
    answer_pages(client, {**answers, **EXTRAS})
    # Typed as a patient would: spaces around, a blank line between; each line is one item, in their order.
    client.post("/daily-life-and-history?change=1", data={
        **form_data("history", {**answers, **EXTRAS}),
        "medications": "  Ibuprofen 200 mg when needed\r\n\r\nMetformin 500 mg twice a day  \r\n",
        "allergies": "Penicillin (rash)"})
    check = client.get("/check-your-answers").get_data(as_text=True)
    assert ('<ul class="list"><li>Ibuprofen 200 mg when needed</li><li>Metformin 500 mg twice a day</li></ul>'
            in check)
    assert "Penicillin (rash)" in check and 'href="/daily-life-and-history?change=1#medications"' in check
    assert "Bus driver" in check and "Female" in check
    assert submit_questionnaire(client, {**answers, **EXTRAS}).headers["Location"] == "/done"
    with app.app_context():
        stored = db.session.scalars(select(Submission)).one().answers
    assert stored["medications"] == ["Ibuprofen 200 mg when needed", "Metformin 500 mg twice a day"]
    assert stored["allergies"] == ["Penicillin (rash)"] and stored["health_conditions"] == ["Type 2 diabetes"]
    assert stored["relievers"] == ["rest", "heat"]  # in the list's order, like every multi-select
    assert (stored["sex"], stored["occupation"], stored["care_goals"]) == (
        "female", "Bus driver", "Sleep through the night")


def test_markup_typed_by_a_patient_is_shown_as_text_on_the_check_page(client, answers):
    typed = {**answers, **EXTRAS, "occupation": "<b>Driver</b>", "medications": ["A & B", "<i>C</i>"],
             "allergies": ['"Latex" <x>']}
    answer_pages(client, typed)
    check = client.get("/check-your-answers").get_data(as_text=True)
    assert "&lt;b&gt;Driver&lt;/b&gt;" in check and "<b>Driver" not in check
    assert '<ul class="list"><li>A &amp; B</li><li>&lt;i&gt;C&lt;/i&gt;</li></ul>' in check
    assert '<span class="preserve-lines">&#34;Latex&#34; &lt;x&gt;</span>' in check


def test_the_new_optional_questions_may_all_be_left_out(app, client, answers):
    assert submit_questionnaire(client, answers).headers["Location"] == "/done"
    with app.app_context():
        stored = db.session.scalars(select(Submission)).one().answers
    assert not set(NEW_OPTIONAL) & stored.keys()


def test_a_list_cleared_on_change_is_removed(app, client, answers):
    answer_pages(client, {**answers, **EXTRAS})
    client.post("/daily-life-and-history?change=1", data={**form_data("history", answers), "medications": "\r\n  \r\n"})
    with app.app_context():
        draft = db.session.scalars(select(Draft)).one().answers
    assert "medications" not in draft and "allergies" not in draft


def textarea(page: str, name: str) -> str:
    return html.unescape(re.search(rf'<textarea[^>]* name="{name}"[^>]*>(.*?)</textarea>', page, re.S).group(1))


@pytest.mark.parametrize("typed, message", [
    ("\r\n".join(f"Medicine {n}" for n in range(1, 22)), "List up to 20, one on each line. You have listed 21."),
    ("Ibuprofen\r\n\r\n" + "x" * 101, "Line 3 is too long: each line must be 100 characters or fewer"),
])
def test_too_many_or_too_long_items_are_refused_and_what_was_typed_is_kept(app, client, answers, typed, message):
    answer_pages(client, answers)
    data = {**form_data("history", {**answers, **EXTRAS}), "medications": typed}
    response = client.post("/daily-life-and-history", data=data, follow_redirects=True)  # errors: by a redirect
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert message in page and 'href="#medications"' in page  # in the summary, linked to the box
    assert textarea(page, "medications").splitlines() == typed.splitlines()  # kept as typed, for correcting
    assert 'aria-describedby="medications-hint medications-error"' in page
    # The other answers on the page are kept too, and nothing was saved.
    assert textarea(page, "allergies") == "Penicillin (rash)" and 'value="Sleep through the night"' in page
    assert 'value="heat" checked' in page
    with app.app_context():
        assert "medications" not in db.session.scalars(select(Draft)).one().answers


@pytest.mark.parametrize("field, value", [("sex", "unknown"), ("relievers", ["none", "heat"]),
                                          ("relievers", ["acupuncture"])])
def test_tampered_or_contradictory_choices_are_refused(client, answers, field, value):
    answer_pages(client, answers)
    page = "about" if field == "sex" else "history"
    path = "/about-you" if field == "sex" else "/daily-life-and-history"
    response = client.post(path, data={**form_data(page, answers), field: value}, follow_redirects=True)
    assert response.status_code == 200 and "There is a problem" in response.get_data(as_text=True)


def test_a_typed_list_with_hidden_characters_is_refused_and_kept(app, client, answers):
    answer_pages(client, answers)
    typed = "Aspirin\r\nfine \u202eon elbat"
    response = client.post("/daily-life-and-history", data={**form_data("history", answers), "medications": typed},
                           follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "must not contain invisible characters" in page
    assert textarea(page, "medications").splitlines() == typed.splitlines()
