"""FHIR R4 for the practice's EHR: the questionnaire, each patient, each response, and a transaction Bundle.

Plain dicts from plain data (no Flask). `base` is the FHIR base under the clinic's PUBLIC_URL
(https://clinic.example/fhir): every canonical URL and identifier system sits under it, and the
definitions it names are served there (intake/web/fhir.py). docs/fhir.md describes the profile.
"""

import hashlib
import uuid
from html import escape

from .answer_fields import answered, fields
from ..questionnaire import QUESTIONNAIRE_VERSION, SECTIONS

XHTML = "http://www.w3.org/1999/xhtml"


def urls(base: str) -> dict:
    """Every canonical URL and identifier system of the export, under `base`."""
    return {"questionnaire": f"{base}/Questionnaire/intake", "answers": f"{base}/CodeSystem/answer",
            "triage": f"{base}/StructureDefinition/triage",
            "matched_article": f"{base}/StructureDefinition/matched-article",
            "patient_id": f"{base}/patient-id", "reference": f"{base}/submission-reference"}


def patient_key(name_key: str, date_of_birth: str) -> str:
    """A stable identifier for "the same patient" as the record's visit history groups them:
    folded name and date of birth. Hashed, so the identifier itself spells neither."""
    return hashlib.sha256(f"{name_key}|{date_of_birth}".encode()).hexdigest()[:32]


def _urn(*parts: str) -> str:
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, '|'.join(parts))}"


def _narrative(rows: list[tuple[str, str]], heading: str) -> dict:
    cells = "".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in rows)
    return {"status": "generated",
            "div": f'<div xmlns="{XHTML}"><p><b>{escape(heading)}</b></p><table>{cells}</table></div>'}


def questionnaire(base: str, publisher: str) -> dict:
    """The questionnaire of docs/domain.md: a group per section (linkId section-<code>), linkId = the answer code."""
    u = urls(base)
    groups = []
    for section in SECTIONS:
        items = [_item(f, u) for f in fields() if f.section == section.code]
        if items:
            groups.append({"linkId": f"section-{section.code}", "text": section.title, "type": "group",
                           "item": items})
    return {
        "resourceType": "Questionnaire", "id": "intake", "language": "en",
        "text": _narrative([(g["text"], ", ".join(i["text"] for i in g["item"])) for g in groups],
                           "Pain and symptom intake"),
        "url": u["questionnaire"], "version": QUESTIONNAIRE_VERSION, "name": "IntakePainQuestionnaire",
        "title": "Pain and symptom intake", "status": "active", "subjectType": ["Patient"],
        "publisher": publisher, "item": groups,
    }


def _item(f, u: dict) -> dict:
    item = {"linkId": f.code, "text": f.label, "type": f.fhir_type, "required": f.required}
    if f.coding:  # only codes confirmed at their source are in the definition (pain_now: LOINC 72514-3)
        item["code"] = [{"system": c.system, "code": c.code, "display": c.display} for c in f.coding]
    if f.repeats:
        item["repeats"] = True
    if f.fhir_type == "integer":
        item["extension"] = [
            {"url": "http://hl7.org/fhir/StructureDefinition/minValue", "valueInteger": 0},
            {"url": "http://hl7.org/fhir/StructureDefinition/maxValue", "valueInteger": 10}]
    if f.coded:
        item["answerOption"] = [{"valueCoding": {"system": u["answers"], "code": c.code, "display": c.label}}
                                for c in f.choices]
    if f.max_length and f.fhir_type in ("string", "text"):
        item["maxLength"] = f.max_length  # of each answer where several are typed
    if f.repeats and f.max_items:  # core extension, used on a repeating item (R4 questionnaire-maxOccurs)
        item.setdefault("extension", []).append(
            {"url": "http://hl7.org/fhir/StructureDefinition/questionnaire-maxOccurs", "valueInteger": f.max_items})
    return item


def patient(record: dict, base: str) -> dict:
    """The patient of a submission: name, date of birth, phone and e-mail as given, a matchable identifier.

    `record`: full_name, name_key, date_of_birth (ISO), answers.
    """
    answers = record["answers"]
    telecom = [{"system": system, "value": str(answers[code]), "use": "home"}
               for system, code in (("phone", "phone"), ("email", "email")) if answered(answers.get(code))]
    resource = {
        "resourceType": "Patient",
        "text": _narrative([("Name", record["full_name"]), ("Date of birth", record["date_of_birth"]),
                            *((t["system"], t["value"]) for t in telecom)], "Patient"),
        "identifier": [patient_identifier(record, base)],
        "name": [{"text": record["full_name"]}], "birthDate": record["date_of_birth"],
    }
    if telecom:
        resource["telecom"] = telecom
    return resource


def patient_identifier(record: dict, base: str) -> dict:
    return {"use": "secondary", "system": urls(base)["patient_id"],
            "value": patient_key(record["name_key"], record["date_of_birth"])}


def questionnaire_response(record: dict, base: str, subject_url: str | None = None) -> dict:
    """One submission as a completed QuestionnaireResponse.

    `record`: id, reference, authored (ISO time with zone), language, full_name, name_key, date_of_birth,
    answers (by code), triage_level, triage_reasons, matches ([{slug, title, score, reasons}]).
    `subject_url`: the Patient's fullUrl inside a Bundle; otherwise the subject is named by its identifier.
    """
    u = urls(base)
    answers = record["answers"]
    groups, narrative = [], []
    for section in SECTIONS:
        items = [_answer_item(f, answers[f.code], u["answers"]) for f in fields()
                 if f.section == section.code and answered(answers.get(f.code))]
        if items:
            groups.append({"linkId": f"section-{section.code}", "text": section.title, "item": items})
            narrative += [(i["text"], ", ".join(_shown(a) for a in i["answer"])) for i in items]
    subject = {"display": record["full_name"], "identifier": patient_identifier(record, base)}
    if subject_url:
        subject = {"reference": subject_url, "display": record["full_name"]}
    return {
        "resourceType": "QuestionnaireResponse", "id": record["id"], "language": record["language"],
        "text": _narrative(narrative, f"{record['full_name']}, {record['reference']}"),
        "extension": [
            {"url": u["triage"], "extension": [
                {"url": "level", "valueCode": record["triage_level"]},
                *({"url": "reason", "valueString": reason} for reason in record["triage_reasons"])]},
            *({"url": u["matched_article"], "extension": [
                {"url": "slug", "valueCode": m["slug"]}, {"url": "title", "valueString": m["title"]},
                {"url": "score", "valueInteger": m["score"]},
                *({"url": "reason", "valueString": r} for r in m["reasons"])]} for m in record["matches"]),
        ],
        "identifier": {"system": u["reference"], "value": record["reference"]},
        "questionnaire": f"{u['questionnaire']}|{QUESTIONNAIRE_VERSION}",
        "status": "completed", "subject": subject, "authored": record["authored"], "item": groups,
    }


def _answer_item(f, value, system: str) -> dict:
    values = value if isinstance(value, (list, tuple)) else [value]
    if f.coded:
        labels = {c.code: c.label for c in f.choices}
        answer = [{"valueCoding": {"system": system, "code": v, "display": labels.get(v, v)}} for v in values]
    else:
        key, convert = {"integer": ("valueInteger", int), "boolean": ("valueBoolean", bool),
                        "date": ("valueDate", str)}.get(f.fhir_type, ("valueString", str))
        answer = [{key: convert(v)} for v in values]
    return {"linkId": f.code, "text": f.label, "answer": answer}


def _shown(answer: dict) -> str:
    value = next(iter(answer.values()))
    if isinstance(value, dict):
        return value["display"]
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value)


def transaction(records: list[dict], base: str, publisher: str, definitions: tuple[dict, ...] = ()) -> dict:
    """A transaction Bundle a FHIR server takes: the Questionnaire and `definitions` (conditional updates on
    url and version), one Patient per patient (conditional create on its identifier) and every response
    (conditional create on its reference), each response referring to its Patient by fullUrl."""
    u = urls(base)
    entries = [{"fullUrl": _urn(resource["url"], resource["version"]), "resource": resource,
                "request": {"method": "PUT", "url": f"{resource['resourceType']}?url={resource['url']}"
                                                    f"&version={resource['version']}"}}
               for resource in (questionnaire(base, publisher), *definitions)]
    newest_first = sorted(records, key=lambda r: r["authored"], reverse=True)
    visits_of: dict[str, list[dict]] = {}
    for r in newest_first:
        visits_of.setdefault(patient_identifier(r, base)["value"], []).append(r)
    patients: dict[str, str] = {}
    responses = []
    for record in newest_first:
        identifier = patient_identifier(record, base)
        key = identifier["value"]
        if key not in patients:
            patients[key] = _urn(identifier["system"], key)
            # The latest phone and e-mail the patient gave: a later visit left blank keeps the earlier one.
            contact = {code: next((r["answers"][code] for r in visits_of[key] if answered(r["answers"].get(code))), None)
                       for code in ("phone", "email")}
            entries.append({"fullUrl": patients[key],
                            "resource": patient({**record, "answers": contact}, base),
                            "request": {"method": "POST", "url": "Patient",
                                        "ifNoneExist": f"identifier={identifier['system']}|{key}"}})
        responses.append({"fullUrl": f"urn:uuid:{record['id']}",
                          "resource": questionnaire_response(record, base, patients[key]),
                          "request": {"method": "POST", "url": "QuestionnaireResponse",
                                      "ifNoneExist": f"identifier={u['reference']}|{record['reference']}"}})
    entries += sorted(responses, key=lambda e: e["resource"]["authored"])
    return {"resourceType": "Bundle", "type": "transaction", "entry": entries}
