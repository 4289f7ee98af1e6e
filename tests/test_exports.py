"""Records out: CSV and FHIR exports of the queue and of one submission, who may take them, and how they are sent."""

import csv
import io

import pytest
from sqlalchemy import select

from intake.accounts.audit import AuditEvent
from intake.records.csv_export import BOM, cell, columns
from intake.extensions import db
from intake.questionnaire import QUESTIONS

# The FHIR parser is in the test extra: a missing one fails the run, it never skips these tests.
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

ALL_DATES = {"status": "all", "from": "", "to": ""}


COLUMNS = [name for name, *_ in columns()]


def _csv(response):
    text = response.get_data(as_text=True)
    assert text.startswith(BOM)  # UTF-8 with a byte-order mark: Excel then reads the accents right
    return list(csv.reader(io.StringIO(text.removeprefix(BOM))))


def _sent_as_private_attachment(response, suffix):
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["Content-Disposition"].rstrip('"').endswith(suffix)
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("value, shown", [
    ("=HYPERLINK(\"http://evil.example\",\"click\")", "'=HYPERLINK(\"http://evil.example\",\"click\")"),
    ("+1 555 0100", "'+1 555 0100"), ("-2+3", "'-2+3"), ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
    ("\t=1+1", "'\t=1+1"), ("Alex Example", "Alex Example"), (["burning", "knots"], "burning;knots"),
    (True, "yes"), (False, "no"), (None, ""), (5, "5"),
])
def test_cells_a_spreadsheet_would_run_are_defused(value, shown):
    assert cell(value) == shown


def test_csv_has_a_header_of_codes_and_one_row_per_submission(app, client, login, make_submission, answers):
    make_submission(full_name="=cmd|' /C calc'!A0", notes="@SUM(1+1) <script>alert(1)</script> {{7*7}}")
    make_submission(full_name="Sam Second", rf_chest_pain=True)
    login(client, role="practitioner")
    response = client.get("/staff/export.csv", query_string=ALL_DATES)
    _sent_as_private_attachment(response, ".csv")
    header, *rows = _csv(response)
    assert header == COLUMNS and set(QUESTIONS) <= set(header)
    assert len(rows) == 2
    by_name = {row[header.index("full_name")]: dict(zip(header, row)) for row in rows}
    first = by_name["'=cmd|' /C calc'!A0"]  # the formula is text now
    assert first["notes"] == "'@SUM(1+1) <script>alert(1)</script> {{7*7}}"
    assert first["regions"] == "back.upper;neck.lower" and first["pain_now"] == "5"
    assert first["matched_articles"].startswith("mid-upper-back-pain")
    # The emergency comes first, as in the queue.
    assert rows[0][header.index("full_name")] == "Sam Second"
    assert by_name["Sam Second"]["triage_level"] == "emergency"


def test_csv_follows_the_queue_filters(app, client, login, make_submission):
    make_submission(full_name="Ann Urgent", rf_chest_pain=True)
    make_submission(full_name="Bob Calm")
    login(client, role="admin")
    rows = _csv(client.get("/staff/export.csv", query_string={**ALL_DATES, "urgency": "emergency"}))[1:]
    assert [r[COLUMNS.index("full_name")] for r in rows] == ["Ann Urgent"]


def test_csv_of_a_search_uses_the_term_kept_in_the_session(app, client, login, make_submission):
    make_submission(full_name="Zora Findme")
    make_submission(full_name="Other Person")
    login(client, role="practitioner")
    client.post("/staff/", data={"q": "Zora", "status": "all"})
    rows = _csv(client.get("/staff/export.csv", query_string={"status": "all", "search": 1}))[1:]
    assert [r[COLUMNS.index("full_name")] for r in rows] == ["Zora Findme"]


def test_the_questionnaire_parses_as_fhir_r4_with_every_code(client, login):
    login(client, role="practitioner")
    response = client.get("/staff/fhir/Questionnaire")
    _sent_as_private_attachment(response, ".json")
    data = response.get_json(force=True)
    parsed = Questionnaire.model_validate(data)
    codes = {item.linkId: item for group in parsed.item for item in group.item}
    assert set(codes) == set(QUESTIONS)
    assert codes["full_name"].required is True and codes["notes"].required is False
    assert {o.valueCoding.code for o in codes["regions"].answerOption} >= {"back.upper", "neck.lower"}
    assert codes["regions"].repeats is True and codes["pain_now"].type == "integer"


def test_a_submission_parses_as_a_completed_questionnaire_response(app, client, login, make_submission, answers):
    stored = make_submission(notes="<script>alert(1)</script>")
    login(client, role="practitioner")
    response = client.get(f"/staff/submissions/{stored.id}/fhir")
    _sent_as_private_attachment(response, ".json")
    parsed = QuestionnaireResponse.model_validate(response.get_json(force=True))
    assert parsed.status == "completed" and parsed.subject.display == answers["full_name"]
    items = {item.linkId: item for group in parsed.item for item in group.item}
    answered = {code for code, value in answers.items() if value not in (None, "", [])} | {"notes"}
    assert set(items) == answered
    assert [a.valueCoding.code for a in items["regions"].answer] == answers["regions"]
    assert items["pain_now"].answer[0].valueInteger == 5 and items["rf_chest_pain"].answer[0].valueBoolean is False
    assert items["notes"].answer[0].valueString == "<script>alert(1)</script>"
    # Triage and matches travel as extensions, the best match first.
    triage = [e for e in parsed.extension if e.url.endswith("/triage")]
    assert [x.valueCode for x in triage[0].extension if x.url == "level"] == ["none"]
    slugs = [x.valueCode for e in parsed.extension if e.url.endswith("/matched-article")
             for x in e.extension if x.url == "slug"]
    assert slugs[0] == "mid-upper-back-pain"


def test_the_filtered_queue_exports_as_a_bundle_of_responses(app, client, login, make_submission):
    make_submission(full_name="One Person")
    make_submission(full_name="Two Person")
    login(client, role="practitioner")
    response = client.get("/staff/export.fhir.json", query_string=ALL_DATES)
    _sent_as_private_attachment(response, ".json")
    bundle = Bundle.model_validate(response.get_json(force=True))
    assert {e.resource.subject.display for e in bundle.entry
            if e.resource.__resource_type__ == "QuestionnaireResponse"} == {"One Person", "Two Person"}


@pytest.mark.parametrize("path", ["/staff/export.csv", "/staff/export.fhir.json", "/staff/fhir/Questionnaire"])
def test_front_desk_cannot_export(client, login, path):
    login(client, role="front_desk")
    assert client.get(path).status_code == 403


def test_each_export_is_audited_with_its_row_count(app, client, login, make_submission):
    for name in ("A One", "B Two", "C Three"):
        make_submission(full_name=name)
    user = login(client, role="practitioner")
    client.get("/staff/export.csv", query_string=ALL_DATES)
    client.get("/staff/export.fhir.json", query_string=ALL_DATES)
    with app.app_context():
        rows = db.session.scalars(select(AuditEvent).where(AuditEvent.action.like("export.%"))
                                  .order_by(AuditEvent.id)).all()
        assert [(r.action, r.object_id, r.user_id) for r in rows] == [
            ("export.csv", "3 rows", user.id), ("export.fhir", "3 rows", user.id)]


def test_after_15_minutes_the_password_is_asked_again_and_the_export_follows(app, client, login, clock,
                                                                             make_submission):
    make_submission(full_name="Late Export")
    login(client, role="practitioner")
    clock.advance(minutes=10)
    assert client.get("/staff/").status_code == 200  # still active, so not logged out for idleness
    clock.advance(minutes=6)
    asked = client.get("/staff/export.csv", query_string=ALL_DATES)
    assert asked.status_code == 302 and asked.headers["Location"].endswith("/staff/confirm-password")
    wrong = client.post("/staff/confirm-password", data={"password": "not my password at all"})
    assert wrong.status_code == 200 and "not right" in wrong.get_data(as_text=True)
    assert client.get("/staff/export.csv", query_string=ALL_DATES).status_code == 302  # still refused
    right = client.post("/staff/confirm-password", data={"password": "plum tractor velvet harbour"})
    assert right.status_code == 302 and "/staff/export.csv?" in right.headers["Location"]
    export = client.get(right.headers["Location"])
    assert export.status_code == 200 and "Late Export" in export.get_data(as_text=True)


def test_the_queue_offers_exports_only_to_practitioners(client, login, make_submission):
    make_submission()
    login(client, role="practitioner")
    page = client.get("/staff/", query_string=ALL_DATES).get_data(as_text=True)
    assert "/staff/export.csv?" in page and "/staff/export.fhir.json?" in page
    other = client.application.test_client()
    login(other, role="front_desk")
    assert "/staff/export.csv" not in other.get("/staff/", query_string=ALL_DATES).get_data(as_text=True)


def test_json_exports_keep_unicode_and_the_text_exactly_as_typed(client, login, make_submission):
    stored = make_submission(full_name="José Pérez", notes="\"}]</script>")
    login(client, role="practitioner")
    response = client.get(f"/staff/submissions/{stored.id}/fhir")
    assert "José Pérez" in response.get_data(as_text=True)
    assert response.headers["Content-Type"].startswith("application/fhir+json")
    notes = [i for group in response.get_json(force=True)["item"] for i in group["item"] if i["linkId"] == "notes"]
    assert notes[0]["answer"] == [{"valueString": "\"}]</script>"}]


def test_csv_puts_english_labels_beside_codes_and_says_who_reviewed_when(app, client, login, make_submission):
    stored = make_submission(full_name="José Peña")
    user = login(client, role="practitioner")
    client.post(f"/staff/submissions/{stored.id}/reviewed")
    header, row = _csv(client.get("/staff/export.csv", query_string=ALL_DATES))
    values = dict(zip(header, row))
    assert values["full_name"] == "José Peña"
    assert values["regions"] == "back.upper;neck.lower"
    assert values["regions_label"] == "Between the shoulder blades;Base of the neck"
    assert values["frequency_label"] == "It comes and goes" and values["pain_now"] == "5"
    assert "pain_now_label" not in values and "notes_label" not in values  # labels only beside codes
    assert values["review_status"] == "reviewed" and "status" not in header
    assert values["reviewed_by"] == user.name and values["reviewed_at"].endswith("+00:00")


def test_the_data_dictionary_describes_every_column_with_its_codes(client, login):
    login(client, role="front_desk")  # no patient data in it
    response = client.get("/staff/export-dictionary.csv")
    _sent_as_private_attachment(response, ".csv")
    header, *rows = _csv(response)
    assert header == ["column", "type", "description", "codes"]
    described = {row[0]: row for row in rows}
    assert list(described) == COLUMNS and all(row[2] for row in rows)
    assert described["review_status"][2].startswith("Review by staff")
    assert "under_1_week = Less than 1 week" in described["duration"][3]
    assert described["pain_now"][1] == "whole number 0-10"


LISTS = {"medications": ["Ibuprofen 200 mg", "=Metformin 500 mg"], "allergies": ["Penicillin"],
         "health_conditions": ["Asthma"], "relievers": ["rest", "heat"], "sex": "another",
         "occupation": "Teacher", "care_goals": "Walk the dog"}


def test_typed_lists_go_to_the_csv_joined_with_semicolons_and_the_new_choices_with_labels(client, login,
                                                                                        make_submission):
    make_submission(**LISTS)
    make_submission(full_name="No Extras")  # none of the new answers: empty cells
    login(client, role="practitioner")
    header, *rows = _csv(client.get("/staff/export.csv", query_string=ALL_DATES))
    by_name = {row[header.index("full_name")]: dict(zip(header, row)) for row in rows}
    values = by_name["Alex Example"]
    # A later item that looks like a formula is inside the cell, never at its start.
    assert values["medications"] == "Ibuprofen 200 mg; =Metformin 500 mg"
    assert values["allergies"] == "Penicillin" and values["health_conditions"] == "Asthma"
    assert values["relievers"] == "rest;heat"
    assert values["relievers_label"] == "Resting;Heat, for example a warm bath or a hot pack"
    assert (values["sex"], values["sex_label"]) == ("another", "I describe myself another way")
    assert values["occupation"] == "Teacher" and values["care_goals"] == "Walk the dog"
    assert "medications_label" not in header
    assert all(by_name["No Extras"][code] == "" for code in LISTS)


def test_a_typed_list_starting_like_a_formula_is_defused():
    assert cell(["=1+1", "Aspirin"], "; ") == "'=1+1; Aspirin"


def test_the_data_dictionary_says_how_typed_lists_and_the_new_choices_are_written(client, login):
    login(client, role="front_desk")
    described = {row[0]: row for row in _csv(client.get("/staff/export-dictionary.csv"))[1:]}
    assert described["medications"][1] == "text"
    assert 'one item per line; separated by "; "' in described["medications"][2]
    assert "female = Female" in described["sex"][3] and "prefer_not_to_say" in described["sex"][3]
    assert "none = None of these" in described["relievers"][3]


def test_typed_lists_are_repeating_strings_in_fhir_with_one_answer_per_item(client, login, make_submission):
    stored = make_submission(**LISTS)
    login(client, role="practitioner")
    questionnaire = Questionnaire.model_validate(client.get("/staff/fhir/Questionnaire").get_json(force=True))
    items = {item.linkId: item for group in questionnaire.item for item in group.item}
    medications = items["medications"]
    assert (medications.type, medications.repeats, medications.required, medications.maxLength) == (
        "string", True, False, 100)
    assert [(e.url, e.valueInteger) for e in medications.extension] == [
        ("http://hl7.org/fhir/StructureDefinition/questionnaire-maxOccurs", 20)]
    assert items["sex"].type == "choice" and not items["sex"].repeats
    assert items["relievers"].repeats and items["care_goals"].type == "string"
    response = client.get(f"/staff/submissions/{stored.id}/fhir").get_json(force=True)
    QuestionnaireResponse.model_validate(response)
    answered = {i["linkId"]: i["answer"] for group in response["item"] for i in group["item"]}
    assert answered["medications"] == [{"valueString": "Ibuprofen 200 mg"}, {"valueString": "=Metformin 500 mg"}]
    assert answered["allergies"] == [{"valueString": "Penicillin"}]
    assert [a["valueCoding"]["code"] for a in answered["relievers"]] == ["rest", "heat"]
    assert answered["sex"][0]["valueCoding"]["code"] == "another"
    # Sex stays a questionnaire answer: the Patient resource has no gender made up from it.
    bundle = client.get("/staff/export.fhir.json", query_string=ALL_DATES).get_json(force=True)
    patients = [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient"]
    assert patients and all("gender" not in p for p in patients)
