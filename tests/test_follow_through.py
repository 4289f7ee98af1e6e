"""Staff follow-through: a red flag stays at the top until someone records what was done, who and when."""

import re

import pytest
from sqlalchemy import select

from intake.accounts.audit import AuditEvent
from intake.extensions import db
from intake.rules.follow_through import ACTIONS, decide, flag_status
from intake.web.formatting import tel_href
from intake.models import Submission, SubmissionAction
from tests.test_migrations import empty_database  # noqa: F401 (a fixture)


@pytest.mark.parametrize("action, level, practitioner, allowed, closes", [
    ("practitioner_told", "emergency", False, True, False),  # the front desk cannot close an emergency
    ("practitioner_told", "urgent", False, True, True),
    ("called_patient", "emergency", False, False, False),  # nor record what only a practitioner does
    ("sent_to_emergency", "urgent", False, False, False),
    ("called_patient", "emergency", True, True, True),
    ("sent_to_emergency", "emergency", True, True, True),
    ("seen_in_person", "urgent", True, True, True),
    ("practitioner_told", "emergency", True, True, True),
    ("called_patient", "none", True, True, False),  # nothing to close
    ("delete_everything", "urgent", True, False, False),
])
def test_who_may_record_what_and_what_closes_a_flag(action, level, practitioner, allowed, closes):
    decision = decide(action, level, practitioner)
    assert (decision.allowed, decision.closes_flag) == (allowed, closes)
    assert (decision.problem is None) == allowed


def test_flag_status():
    assert [flag_status("emergency", True), flag_status("urgent", False), flag_status("none", False)] == [
        "open", "closed", "none"]


@pytest.mark.parametrize("typed, href", [
    ("+1 (555) 010-0199", "tel:+15550100199"), ("555 0100", "tel:5550100"), ("call me", ""), ("", ""), (None, ""),
    ('5"><script>', "tel:5"),
])
def test_phone_numbers_become_tap_to_call_links(typed, href):
    assert tel_href(typed) == href


def stored(app, submission_id) -> Submission:
    with app.app_context():
        item = db.session.get(Submission, submission_id)
        _ = item.actions
        db.session.expunge(item)
        return item


def page_of(client, submission) -> str:
    response = client.get(f"/staff/submissions/{submission.id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_new_red_flags_are_open_and_others_are_not(app, make_submission):
    assert stored(app, make_submission(rf_stroke_signs=True).id).flag_open is True
    assert stored(app, make_submission(rf_cancer=True).id).flag_open is True
    assert stored(app, make_submission().id).flag_open is False


def test_front_desk_tells_the_practitioner_but_cannot_close_an_emergency(app, client, login, make_submission):
    item = make_submission(rf_tearing_pain=True, phone="+1 555 010 0199")
    desk = login(client, role="front_desk")
    client.post(f"/staff/submissions/{item.id}/reviewed")
    response = client.post(f"/staff/submissions/{item.id}/actions",
                           data={"action": "practitioner_told", "note": "Told Dr Lee at 9:05"})
    assert response.status_code == 302 and response.headers["Location"].endswith("#follow-through")
    after = stored(app, item.id)
    assert after.flag_open is True and after.status == "reviewed"
    assert [(a.action, a.author_id, a.closed_flag) for a in after.actions] == [("practitioner_told", desk.id, False)]
    page = page_of(client, item)
    assert "Waiting for a recorded action." in page and "Told Dr Lee at 9:05" in page
    assert "Marking it reviewed does not close the red flag" in page
    assert desk.display_name in page
    # Only "practitioner told" is offered to the front desk.
    assert 'value="practitioner_told"' in page and 'value="called_patient"' not in page


def test_front_desk_cannot_record_a_practitioners_action(app, client, login, make_submission):
    item = make_submission(rf_chest_pain=True)
    login(client, role="front_desk")
    response = client.post(f"/staff/submissions/{item.id}/actions",
                           data={"action": "sent_to_emergency", "note": "Ambulance called"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Only a practitioner can record that" in page and "Ambulance called" in page  # nothing typed is lost
    assert stored(app, item.id).actions == [] and stored(app, item.id).flag_open is True


@pytest.mark.parametrize("data, message", [
    ({"note": "no action chosen"}, "Choose what was done"),
    ({"action": "forged_code"}, "Choose what was done from the list"),
    ({"action": "called_patient", "note": "x" * 2001}, "2,000 characters or fewer"),
])
def test_bad_actions_are_refused_with_a_message(app, client, login, make_submission, data, message):
    item = make_submission(rf_fever=True)
    login(client, role="practitioner")
    response = client.post(f"/staff/submissions/{item.id}/actions", data=data)
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert stored(app, item.id).actions == []


def test_a_practitioner_closes_an_emergency_and_it_is_audited(app, client, login, make_submission):
    item = make_submission(rf_both_legs=True, rf_weakness=True)
    doctor = login(client, role="practitioner")
    client.post(f"/staff/submissions/{item.id}/actions",
                data={"action": "sent_to_emergency", "note": "Sent to the ER by ambulance."})
    after = stored(app, item.id)
    assert after.flag_open is False and after.actions[0].closed_flag is True
    page = page_of(client, item)
    assert "Closed: a practitioner recorded what was done." in page and "Sent to emergency care" in page
    assert "Marking it reviewed does not close the red flag" not in page
    with app.app_context():
        events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "submission.action")).all()
        assert [(e.user_id, e.object_id) for e in events] == [(doctor.id, item.id)]


def test_front_desk_closes_an_urgent_flag_by_telling_the_practitioner(app, client, login, make_submission):
    item = make_submission(rf_immune=True)
    login(client, role="front_desk")
    client.post(f"/staff/submissions/{item.id}/actions", data={"action": "practitioner_told"})
    assert stored(app, item.id).flag_open is False


def test_the_note_comes_out_escaped(client, login, make_submission):
    item = make_submission(rf_fever=True)
    login(client, role="practitioner")
    client.post(f"/staff/submissions/{item.id}/actions", data={"action": "called_patient",
                                                                "note": "<script>alert(1)</script>"})
    page = page_of(client, item)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_reasons_and_a_tap_to_call_phone_at_the_top_of_the_record_and_in_the_queue(client, login,
                                                                                   make_submission):
    item = make_submission(rf_stroke_signs=True, phone="(555) 010-0199")
    login(client, role="front_desk")
    page = page_of(client, item)
    top = page[:page.index('id="summary-title"')]
    assert 'href="tel:5550100199">(555) 010-0199</a>' in top and "Possible stroke or neck artery signs" in top
    queue = client.get("/staff/").get_data(as_text=True)
    assert 'href="tel:5550100199"' in queue and "Possible stroke or neck artery signs" in queue
    assert "Waiting for a recorded action" in queue


def test_no_phone_number_is_said_plainly(client, login, make_submission):
    item = make_submission(rf_chest_pain=True, phone=None)
    login(client, role="front_desk")
    assert "No phone number given" in page_of(client, item)


def test_an_open_flag_from_an_earlier_day_stays_on_todays_queue(client, login, make_submission):
    from datetime import timedelta

    from intake.models import utcnow
    make_submission(full_name="Last Night", rf_sudden_headache=True, created_at=utcnow() - timedelta(days=2))
    make_submission(full_name="Old Plain", created_at=utcnow() - timedelta(days=2))
    make_submission(full_name="Today Plain")
    login(client, role="front_desk")
    page = client.get("/staff/").get_data(as_text=True)
    names = re.findall(r'href="/staff/submissions/[0-9a-f-]{36}">([^<]+)</a>', page)
    assert names == ["Last Night", "Today Plain"]


def test_print_view_lists_what_was_done_without_the_form(client, login, make_submission):
    item = make_submission(rf_chest_pain=True)
    login(client, role="practitioner")
    client.post(f"/staff/submissions/{item.id}/actions", data={"action": "seen_in_person", "note": "Seen at 10."})
    page = client.get(f"/staff/submissions/{item.id}/print").get_data(as_text=True)
    assert "Seen in person" in page and "Seen at 10." in page and 'name="action"' not in page


def test_every_action_has_a_label_shown_to_staff():
    assert [code for code, _ in ACTIONS] == ["called_patient", "sent_to_emergency", "practitioner_told",
                                             "seen_in_person"]


def test_actions_table_has_who_and_when(app, client, login, make_submission):
    item = make_submission(rf_trauma=True)
    login(client, role="practitioner")
    client.post(f"/staff/submissions/{item.id}/actions", data={"action": "called_patient"})
    with app.app_context():
        row = db.session.scalars(select(SubmissionAction)).one()
        assert row.created_at is not None and row.author_id is not None and row.note == ""


def test_the_migration_keeps_old_rows_meaning(empty_database):
    """Rows stored before it: version 1 kept; a new red flag open, a reviewed one closed, no flag closed."""
    import sqlalchemy as sa
    from flask_migrate import upgrade

    from intake import create_app
    from tests.conftest import TEST_SECRET_KEY

    app = create_app({"TESTING": True, "SECRET_KEY": TEST_SECRET_KEY, **empty_database})
    with app.app_context():
        upgrade(revision="9b1f0c2d7e4a")
        rows = [("a", "new", "emergency", 0), ("b", "reviewed", "emergency", 0), ("c", "new", "urgent", 1),
                ("d", "new", "none", 2)]
        with db.engine.begin() as conn:
            for key, status, level, rank in rows:
                conn.execute(sa.text(
                    "INSERT INTO submission (id, reference, draft_key, questionnaire_version, locale, created_at, "
                    "status, full_name, name_key, date_of_birth, triage_level, triage_rank, triage_reasons, answers) "
                    "VALUES (:id, :ref, :key, '1', 'en', '2026-01-01 10:00:00', :status, 'Old Row', 'old row', "
                    "'1980-01-01', :level, :rank, '[]', '{}')"),
                    {"id": key, "ref": f"REF-{key}", "key": key, "status": status, "level": level, "rank": rank})
        upgrade()
        with db.engine.connect() as conn:
            found = dict(conn.execute(sa.text("SELECT id, flag_open FROM submission")).all())
            versions = set(conn.execute(sa.text("SELECT questionnaire_version FROM submission")).scalars())
        assert {key: bool(value) for key, value in found.items()} == {"a": True, "b": False, "c": True, "d": False}
        assert versions == {"1"}
        db.engine.dispose()
