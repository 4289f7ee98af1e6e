"""FHIR R4 a server accepts: the R4 invariants run by a real FHIRPath engine, fhir.resources' models, the
transaction's shape, the patient's identifier, and the definitions served at their canonical URLs."""

import copy
import json
import xml.etree.ElementTree as ET

import pytest
from fhirpathpy import evaluate
from fhirpathpy.models import models

from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.codesystem import CodeSystem
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.structuredefinition import StructureDefinition
from intake.records import fhir as export_fhir
from intake.records.answer_fields import fields
from intake.questionnaire import KINDS, QUESTIONNAIRE_VERSION, QUESTIONS, SECTIONS
from tests.fhir_invariants import BY_RESOURCE, DOMAIN_RESOURCE

ALL_DATES = {"status": "all", "from": "", "to": ""}
BASE = "https://intake.example-clinic.com/fhir"


def _has_value(collection):
    # FHIR's hasValue() (bdl-10), which fhirpathpy lacks: one primitive with a value.
    data = [getattr(node, "data", node) for node in collection]
    return [len(data) == 1 and data[0] is not None and not isinstance(data[0], (dict, list))]


OPTIONS = {"traceFn": lambda *args: None, "userInvocationTable": {"hasValue": {"fn": _has_value, "arity": {0: []}}}}


def broken_invariants(resource: dict) -> list[str]:
    """The keys of every R4 invariant `resource` breaks (warnings included: we keep to them too)."""
    kind = resource["resourceType"]
    rules = BY_RESOURCE[kind] + (() if kind == "Bundle" else DOMAIN_RESOURCE)
    broken = []
    for key, _severity, context, expression in rules:
        path = f"{context}.all({expression})" if context else expression
        result = evaluate(copy.deepcopy(resource), path, {"resource": resource, "rootResource": resource},
                          models["r4"], OPTIONS)
        if result != [True]:
            broken.append(key)
    return broken


def _every_resource(bundle):
    return [bundle, *(entry["resource"] for entry in bundle["entry"])]


@pytest.fixture
def exported(app, client, login, make_submission):
    app.config["PUBLIC_URL"] = "https://intake.example-clinic.com/"
    make_submission(full_name="José Peña", phone="+1 555 0100", email="jose@example.com",
                    medications=["Ibuprofen 200 mg", "Omeprazole"], allergies=["Latex"], relievers=["rest", "heat"],
                    sex="male", occupation="Chef")  # typed lists: repeating string answers
    make_submission(full_name="José Peña", pain_now=8)  # a second visit: the same Patient
    make_submission(full_name="Ann Other", rf_chest_pain=True)
    login(client, role="practitioner")
    response = client.get("/staff/export.fhir.json", query_string=ALL_DATES)
    assert response.status_code == 200
    return response.get_json(force=True)


def test_the_queue_export_breaks_no_r4_invariant_and_parses(exported):
    for resource in _every_resource(exported):
        assert broken_invariants(resource) == [], resource["resourceType"]
    Bundle.model_validate(exported)
    for entry in exported["entry"]:
        kind = entry["resource"]["resourceType"]
        if kind in ("CodeSystem", "StructureDefinition", "Questionnaire"):
            {"CodeSystem": CodeSystem, "StructureDefinition": StructureDefinition,
             "Questionnaire": Questionnaire}[kind].model_validate(entry["resource"])
        # Every narrative is well-formed XHTML in the XHTML namespace.
        div = ET.fromstring(entry["resource"]["text"]["div"])
        assert div.tag == "{http://www.w3.org/1999/xhtml}div"


@pytest.mark.parametrize("break_it, key", [
    (lambda q: q["item"][1].update(linkId="regions"), "que-2"),  # the bug this export had: a section named like a question
    (lambda q: q["item"][0].update(item=[]), "que-1"),
    (lambda q: next(i for g in q["item"] for i in g["item"] if i["linkId"] == "full_name").update(type="date"),
     "que-10"),  # full_name keeps its maxLength
])
def test_the_engine_catches_a_broken_questionnaire(break_it, key):
    questionnaire = export_fhir.questionnaire(BASE, "Clinic")
    assert broken_invariants(questionnaire) == []
    break_it(questionnaire)
    assert key in broken_invariants(questionnaire)


def test_the_engine_catches_a_broken_bundle_and_response(exported):
    without_request = copy.deepcopy(exported)
    del without_request["entry"][-1]["request"]
    assert "bdl-3" in broken_invariants(without_request)
    twice = copy.deepcopy(exported)
    twice["entry"][-1]["fullUrl"] = twice["entry"][-2]["fullUrl"]
    assert "bdl-7" in broken_invariants(twice)
    response = copy.deepcopy(exported["entry"][-1]["resource"])
    response["extension"][0]["valueCode"] = "both"
    response["item"][0]["item"][0]["item"] = [{"linkId": "x"}]
    assert {"ext-1", "qrs-1"} <= set(broken_invariants(response))


def test_the_transaction_puts_definitions_creates_patients_once_and_links_responses(exported):
    assert exported["type"] == "transaction"
    entries = exported["entry"]
    by_kind = {}
    for entry in entries:
        by_kind.setdefault(entry["resource"]["resourceType"], []).append(entry)
    questionnaire = by_kind["Questionnaire"][0]
    assert questionnaire["request"] == {
        "method": "PUT", "url": f"Questionnaire?url={BASE}/Questionnaire/intake&version={QUESTIONNAIRE_VERSION}"}
    assert [e["request"]["url"].split("?")[0] for e in by_kind["StructureDefinition"]] == ["StructureDefinition"] * 2
    assert by_kind["CodeSystem"][0]["request"]["url"] == f"CodeSystem?url={BASE}/CodeSystem/answer&version={QUESTIONNAIRE_VERSION}"
    # Two patients (José's two visits are one patient), each created only if its identifier is new.
    patients = by_kind["Patient"]
    assert sorted(p["resource"]["name"][0]["text"] for p in patients) == ["Ann Other", "José Peña"]
    for patient in patients:
        identifier = patient["resource"]["identifier"][0]
        assert identifier["system"] == f"{BASE}/patient-id"
        assert patient["request"] == {"method": "POST", "url": "Patient",
                                      "ifNoneExist": f"identifier={identifier['system']}|{identifier['value']}"}
        assert patient["fullUrl"].startswith("urn:uuid:")
    jose = next(p["resource"] for p in patients if p["resource"]["name"][0]["text"] == "José Peña")
    assert jose["birthDate"] == "1986-04-12"
    assert {"system": "phone", "value": "+1 555 0100", "use": "home"} in jose["telecom"]
    # Every response refers to a Patient of this bundle, and to the questionnaire by its canonical URL.
    full_urls = {p["resource"]["name"][0]["text"]: p["fullUrl"] for p in patients}
    responses = by_kind["QuestionnaireResponse"]
    assert len(responses) == 3
    for entry in responses:
        response = entry["resource"]
        assert response["subject"]["reference"] == full_urls[response["subject"]["display"]]
        assert response["questionnaire"] == f"{BASE}/Questionnaire/intake|{QUESTIONNAIRE_VERSION}"
        assert response["language"] == "en" and response["authored"].endswith("+00:00")
        assert entry["request"]["ifNoneExist"] == f"identifier={BASE}/submission-reference|" \
                                                  f"{response['identifier']['value']}"
    assert not any(".invalid" in json.dumps(e) for e in entries)


def test_the_same_patient_keeps_one_identifier_across_visits_and_exports(app, make_submission):
    record = {"name_key": "jose pena", "date_of_birth": "1986-04-12"}
    same = export_fhir.patient_key("jose pena", "1986-04-12")
    assert export_fhir.patient_identifier(record, BASE)["value"] == same
    assert export_fhir.patient_key("jose pena", "1986-04-13") != same
    assert "jose" not in same and "1986" not in same


def test_the_questionnaire_has_unique_linkids_loinc_on_pain_now_only_and_every_code(client, login):
    login(client, role="practitioner")
    data = client.get("/staff/fhir/Questionnaire").get_json(force=True)
    groups = {group["linkId"]: group for group in data["item"]}
    assert set(groups) == {f"section-{s.code}" for s in SECTIONS}
    items = {item["linkId"]: item for group in data["item"] for item in group["item"]}
    assert set(items) == {f.code for f in fields()} and set(QUESTIONS) <= set(items)
    coded = {code: item["code"] for code, item in items.items() if "code" in item}
    assert coded == {"pain_now": [{"system": "http://loinc.org", "code": "72514-3",
                                   "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported"}]}


def test_a_typed_list_is_a_repeating_string_item_with_its_limits_and_the_engine_checks_them(exported):
    questionnaire = next(e["resource"] for e in exported["entry"] if e["resource"]["resourceType"] == "Questionnaire")
    item = next(i for g in questionnaire["item"] for i in g["item"] if i["linkId"] == "medications")
    assert (item["type"], item["repeats"], item["maxLength"]) == ("string", True, 100)
    item["type"] = "date"  # maxLength is only for text types (que-10)
    assert "que-10" in broken_invariants(questionnaire)
    response = next(e["resource"] for e in exported["entry"] if e["resource"]["resourceType"] ==
                    "QuestionnaireResponse" and any(i["linkId"] == "medications" for g in e["resource"]["item"]
                                                    for i in g["item"]))
    answered = {i["linkId"]: i["answer"] for g in response["item"] for i in g["item"]}
    assert answered["medications"] == [{"valueString": "Ibuprofen 200 mg"}, {"valueString": "Omeprazole"}]
    assert "Ibuprofen 200 mg, Omeprazole" in response["text"]["div"]  # the narrative lists every item


def test_every_stored_answer_has_an_export_type():
    # A new kind in questionnaire.KINDS needs its FHIR item type for every question stored under it.
    assert all(KINDS[q.kind].fhir_type for q in QUESTIONS.values())


def test_the_definitions_are_public_at_their_canonical_urls(app, client):
    app.config["PUBLIC_URL"] = "https://intake.example-clinic.com/"
    code_system = client.get("/fhir/CodeSystem/answer")
    assert code_system.status_code == 200 and code_system.mimetype == "application/fhir+json"
    data = code_system.get_json(force=True)
    assert data["url"] == f"{BASE}/CodeSystem/answer" and broken_invariants(data) == []
    codes = {c["code"]: c["display"] for c in data["concept"]}
    every_code = {c.code for f in fields() for c in f.choices}
    assert set(codes) == every_code and codes["back.upper"] == "Between the shoulder blades"
    for name in ("triage", "matched-article"):
        definition = client.get(f"/fhir/StructureDefinition/{name}").get_json(force=True)
        StructureDefinition.model_validate(definition)
        assert definition["url"] == f"{BASE}/StructureDefinition/{name}"
    questionnaire = client.get("/fhir/Questionnaire/intake").get_json(force=True)
    assert questionnaire["url"] == f"{BASE}/Questionnaire/intake"
    assert client.get("/fhir/StructureDefinition/nothing").status_code == 404


def test_without_public_url_the_canonical_base_is_the_local_address(client):
    # Documented in docs/fhir.md: set PUBLIC_URL before sending records to another system.
    assert client.get("/fhir/CodeSystem/answer").get_json(force=True)["url"] == \
        "http://127.0.0.1:5000/fhir/CodeSystem/answer"
