"""One submission for review: summary, body map, scores, red flags, matches, answers, history, notes, reviewed."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from intake.accounts.audit import AuditEvent
from intake.extensions import db
from intake.models import Submission, utcnow


@pytest.fixture
def front_desk(client, login):
    return login(client, role="front_desk")


def page_of(client, submission):
    response = client.get(f"/staff/submissions/{submission.id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_page_shows_the_record(client, front_desk, make_submission):
    item = make_submission()
    page = page_of(client, item)
    assert "Alex Example" in page and item.reference in page
    assert "No red flags" in page
    # The summary paragraph, the body map with the chosen regions marked, and the scores.
    assert "new patient" in page and "5/10" in page and "7/10" in page
    assert 'data-region="back.upper" d=' in page
    marked = {m for m in __import__("re").findall(r'is-selected" data-region="([^"]+)"', page)}
    assert marked == {"back.upper", "neck.lower"}
    assert '<meter class="scores__meter" min="0" max="10" low="4" high="7" optimum="0" value="5">' in page
    # Every answer, in check-answers form, and the matched article with its reasons and section link.
    assert "Taking a deep breath" in page and "Comes and goes" not in page
    assert 'href="/learn/mid-upper-back-pain#' in page
    assert item.matches[0].reasons[0] in page


def test_all_answers_lists_each_answer_as_the_patient_gave_it(client, front_desk, make_submission):
    item = make_submission(qualities=["burning", "knots"], notes="Worse after <b>driving</b>\nand lifting",
                           phone=None)
    page = page_of(client, item)
    answers = page[page.index("All answers"):page.index('id="history-title"')]
    assert "Burning; Tight, knotted muscles" in answers
    assert '<span class="preserve-lines">Worse after &lt;b&gt;driving&lt;/b&gt;\nand lifting</span>' in answers
    assert "April 12, 1986" in answers and '<span class="muted">Not given</span>' in answers
    assert answers.count('<h3 class="heading-s">') == 7  # one heading per section, consent included


def test_emergency_banner_lists_the_reasons(client, front_desk, make_submission):
    item = make_submission(rf_chest_pain=True, rf_breathless=True)
    page = page_of(client, item)
    assert "Emergency red flags" in page
    assert page.index("Emergency red flags") < page.index("All answers")
    for reason in item.triage_reasons:
        assert reason in page


def test_unknown_or_malformed_id_is_404(client, front_desk):
    assert client.get("/staff/submissions/00000000-0000-4000-8000-000000000000").status_code == 404
    assert client.get("/staff/submissions/1").status_code == 404


def test_history_and_trend_across_visits(client, front_desk, make_submission):
    now = utcnow()
    make_submission(full_name="Alex Example", pain_now=8, pain_worst=9, created_at=now - timedelta(days=60))
    make_submission(full_name="ALEX  example", pain_now=6, pain_worst=7, created_at=now - timedelta(days=30))
    latest = make_submission(pain_now=3, pain_worst=4)
    make_submission(full_name="Alex Example", date_of_birth="1990-01-01")  # a different person
    page = page_of(client, latest)
    assert page.count('href="/staff/submissions/') >= 2
    assert "<svg" in page and "Pain now: 8, 6, 3" in page


def test_visits_list_only_this_patient_oldest_first_with_this_one_marked(client, front_desk, make_submission):
    now = utcnow()
    first = make_submission(pain_now=8, created_at=now - timedelta(days=60))
    shown = make_submission(pain_now=6, created_at=now - timedelta(days=30))
    last = make_submission(pain_now=3)
    stranger = make_submission(full_name="Sam Other")
    page = page_of(client, shown)
    visits = page[page.index('id="history-title"'):page.index('id="notes-title"')]
    # Oldest first; the other two are links, this one is marked and not a link to itself.
    assert visits.index(first.reference) < visits.index(shown.reference) < visits.index(last.reference)
    assert f'href="/staff/submissions/{first.id}"' in visits and f'href="/staff/submissions/{last.id}"' in visits
    assert f'href="/staff/submissions/{shown.id}"' not in visits and f"{shown.reference} (this one)" in visits
    assert visits.count('aria-current="true"') == 1 and stranger.reference not in visits


def test_notes_name_each_author_in_the_order_written(app, client, login, make_submission):
    item = make_submission()
    first_author = login(client, role="practitioner")
    client.post(f"/staff/submissions/{item.id}/notes", data={"text": "Rib 6 tender."})
    other = app.test_client()
    second_author = login(other, role="practitioner")
    other.post(f"/staff/submissions/{item.id}/notes", data={"text": "Re-check next week."})
    notes = page_of(client, item).split('id="notes-title"')[1]
    assert notes.index(first_author.display_name) < notes.index("Rib 6 tender.") \
        < notes.index(second_author.display_name) < notes.index("Re-check next week.")
    assert "No notes yet." not in notes


def test_mark_reviewed_records_who_and_when(app, client, front_desk, make_submission):
    item = make_submission()
    response = client.post(f"/staff/submissions/{item.id}/reviewed")
    assert response.status_code == 302
    with app.app_context():
        stored = db.session.get(Submission, item.id)
        assert stored.status == "reviewed" and stored.reviewed_by_id == front_desk.id
        assert stored.reviewed_at is not None
    page = page_of(client, item)
    assert f"Reviewed by {front_desk.display_name}" in page
    assert "Mark reviewed</button>" not in page


def test_front_desk_cannot_add_a_note(client, front_desk, make_submission):
    item = make_submission()
    assert client.post(f"/staff/submissions/{item.id}/notes", data={"text": "hello"}).status_code == 403
    assert "Add a note" not in page_of(client, item)


def test_practitioner_adds_a_note(app, client, login, make_submission):
    practitioner = login(client, role="practitioner")
    item = make_submission()
    response = client.post(f"/staff/submissions/{item.id}/notes", data={"text": "Check rib 6 on the left.\nx-ray?"})
    assert response.status_code == 302
    page = page_of(client, item)
    assert "Check rib 6 on the left." in page and practitioner.display_name in page


@pytest.mark.parametrize("text, message", [("   ", "Enter the note"), ("x" * 2001, "2,000 characters or fewer"),
                                           ("bad\x1bescape", "special characters")])
def test_bad_note_is_refused_and_kept(client, login, make_submission, text, message):
    login(client, role="practitioner")
    item = make_submission()
    response = client.post(f"/staff/submissions/{item.id}/notes", data={"text": text})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page
    if "\x1b" not in text and text.strip():
        assert text in page


PAYLOADS = [
    ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ('"><img src=x onerror=alert(1)>', "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;"),
    ("{{7*7}}", "{{7*7}}"),  # shown as typed, never evaluated as a template
]


@pytest.mark.parametrize("payload, escaped", PAYLOADS)
def test_free_text_comes_out_escaped(client, login, make_submission, payload, escaped):
    login(client, role="practitioner")
    item = make_submission(full_name=f"Name {payload}", notes=f"Notes {payload}")
    client.post(f"/staff/submissions/{item.id}/notes", data={"text": f"Note {payload}"})
    for url in (f"/staff/submissions/{item.id}", f"/staff/submissions/{item.id}/print"):
        page = client.get(url).get_data(as_text=True)
        for field in ("Name", "Notes", "Note"):
            assert f"{field} {escaped}" in page
        if payload != escaped:
            assert payload not in page
        assert "Name 49" not in page
    queue = client.get("/staff/?status=all").get_data(as_text=True)
    assert f"Name {escaped}" in queue and (payload == escaped or payload not in queue)


def test_print_view_has_the_record_and_print_styles(client, front_desk, make_submission):
    item = make_submission()
    page = client.get(f"/staff/submissions/{item.id}/print").get_data(as_text=True)
    assert "/static/css/print.css" in page and "Alex Example" in page and 'data-region="back.upper"' in page


def test_views_leave_audit_rows_with_ids_only(app, client, front_desk, make_submission):
    item = make_submission()
    client.get(f"/staff/submissions/{item.id}")
    client.get(f"/staff/submissions/{item.id}/print")
    client.post(f"/staff/submissions/{item.id}/reviewed")
    with app.app_context():
        rows = db.session.scalars(select(AuditEvent).where(AuditEvent.object_id == item.id)
                                  .order_by(AuditEvent.id)).all()
        assert [r.action for r in rows] == ["submission.view", "submission.print", "submission.review"]
        assert all(r.user_id == front_desk.id for r in rows)


def test_matched_articles_are_described_in_words_not_bare_scores(client, front_desk, make_submission):
    page = page_of(client, make_submission())
    matches = page[page.index('id="matches-title"'):page.index('id="answers-title"')]
    assert "(best match)" in matches and "score" not in matches.lower()
    # Nothing specific matched: the general article, said as such.
    plain = make_submission(full_name="Nothing Specific", regions=["other"], primary_region="other",
                            qualities=None, aggravators=None, relievers=None, related=None)
    matches = page_of(client, plain)
    matches = matches[matches.index('id="matches-title"'):matches.index('id="answers-title"')]
    assert "nothing more specific matched" in matches and "score" not in matches.lower()


def test_medicines_allergies_and_the_other_new_answers_are_on_the_record_and_its_print_view(
        client, front_desk, make_submission):
    item = make_submission(medications=["Ibuprofen 200 mg", "Warfarin <5 mg>"], allergies=["Latex"],
                           health_conditions=["Asthma"], relievers=["rest", "heat"], care_goals="Play golf again",
                           occupation="Nurse", sex="male")
    for url in (f"/staff/submissions/{item.id}", f"/staff/submissions/{item.id}/print"):
        page = client.get(url).get_data(as_text=True)
        answers = page[page.index("All answers"):page.index('id="history-title"')]
        # Each medicine on its own line, escaped, under the question the patient answered.
        assert re.search(r"What medicines do you take at the moment\?</dt><dd[^>]*>"
                         r'<ul class="list"><li>Ibuprofen 200 mg</li><li>Warfarin &lt;5 mg&gt;</li></ul>', answers)
        assert re.search(r"Do you have any allergies\?</dt><dd[^>]*><span class=\"preserve-lines\">Latex</span>",
                         answers)
        assert "Resting; Heat, for example a warm bath or a hot pack" in answers
        for shown in ("Asthma", "Play golf again", "Nurse", "Male"):
            assert shown in answers
        # The summary paragraph says what eases it, beside what makes it worse.
        assert "-year-old male new patient" in page
        assert "worse with deep breaths and sitting, better with rest and heat" in page


def test_new_questions_left_out_show_as_not_given(client, front_desk, make_submission):
    page = page_of(client, make_submission())
    answers = page[page.index("All answers"):page.index('id="history-title"')]
    assert re.search(r'What medicines do you take at the moment\?</dt><dd[^>]*><span class="muted">Not given<', answers)
    assert "better with" not in page
