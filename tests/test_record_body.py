"""The record's fixed part is rendered once and kept: what changes (status, notes, visits) is always current."""

import dataclasses
from datetime import timedelta

from intake.models import utcnow
from intake.web.staff.record import load_record
from intake.web.staff.record_body import record_body


def page_of(client, submission):
    response = client.get(f"/staff/submissions/{submission.id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_review_after_a_view_shows_on_the_next_view(client, login, make_submission):
    staff = login(client, role="front_desk")
    item = make_submission()
    assert "Reviewed by" not in page_of(client, item)
    client.post(f"/staff/submissions/{item.id}/reviewed")
    page = page_of(client, item)
    assert f"Reviewed by {staff.display_name}" in page
    assert "Mark reviewed</button>" not in page
    assert item.full_name in page and "Burning" in page  # the kept part is still there


def test_a_note_after_a_view_shows_on_the_next_view(client, login, make_submission):
    login(client, role="practitioner")
    item = make_submission()
    assert "No notes yet." in page_of(client, item)
    client.post(f"/staff/submissions/{item.id}/notes", data={"text": "Rib 6 tender."})
    page = page_of(client, item)
    assert "Rib 6 tender." in page and "No notes yet." not in page


def test_a_later_visit_shows_in_the_history_of_a_record_already_viewed(client, login, make_submission):
    login(client, role="front_desk")
    first = make_submission(created_at=utcnow() - timedelta(days=30), pain_now=7)
    assert "This is the first submission from this patient" in page_of(client, first)
    second = make_submission(pain_now=3)
    page = page_of(client, first)
    assert "This is the first submission from this patient" not in page
    assert second.reference in page


def test_each_record_shows_its_own_patient(client, login, make_submission):
    login(client, role="front_desk")
    alex = make_submission(full_name="Alex Example")
    sam = make_submission(full_name="Sam Other", qualities=["stabbing"])
    assert "Alex Example" in page_of(client, alex)
    page = page_of(client, sam)
    assert "Sam Other" in page and "Alex Example" not in page
    assert "Sharp, stabbing" in page and "Burning" not in page


def test_the_pdf_gets_its_own_painted_body_map(app, make_submission):
    item = make_submission()
    with app.test_request_context("/"):
        record = load_record(item.id)
        screen, pdf = record_body(record), record_body(record, for_pdf=True)
        assert record_body(record) is screen  # kept, not rendered again
    assert 'fill="' in pdf and 'fill="' not in screen


def test_a_changed_match_is_a_new_body(app, make_submission):
    # Matches may be changed by staff after the submission: the body is keyed on them as data, not on the id.
    item = make_submission()
    with app.test_request_context("/"):
        record = load_record(item.id)
        before = record_body(record)
        changed = dataclasses.replace(record, matches=[record.matches[0]._replace(title="A practitioner's choice")])
        after = record_body(changed)
    assert "A practitioner&#39;s choice" in after and "A practitioner" not in before
