"""FHIR R4 resources for the practice's EHR: the questionnaire, each response, and a Bundle of responses.

Plain dicts from plain data (no Flask). Codes are the questionnaire's own (docs/domain.md), in the
code system below; triage and matched articles travel as extensions, documented in docs/fhir.md.
"""

from .questionnaire import KINDS, QUESTIONNAIRE_VERSION, SECTIONS

BASE = "https://intake.invalid/fhir"  # the project's namespace: stable identifiers, not a web address
QUESTIONNAIRE_URL = f"{BASE}/Questionnaire/intake"
ANSWER_SYSTEM = f"{BASE}/CodeSystem/answer"
TRIAGE_EXTENSION = f"{BASE}/StructureDefinition/triage"
MATCH_EXTENSION = f"{BASE}/StructureDefinition/matched-article"

# Question kinds (intake/questionnaire/model.py) as FHIR item types.
ITEM_TYPES = {kind: k.fhir_type for kind, k in KINDS.items() if k.fhir_type}
REPEATING = {"multi", "region"}


def questionnaire() -> dict:
    """The questionnaire of docs/domain.md: one group per section, linkId = the domain code."""
    return {
        "resourceType": "Questionnaire",
        "url": QUESTIONNAIRE_URL,
        "version": QUESTIONNAIRE_VERSION,
        "name": "IntakePainQuestionnaire",
        "title": "Pain and symptom intake",
        "status": "active",
        "subjectType": ["Patient"],
        "item": [{"linkId": section.code, "text": section.title, "type": "group",
                  "item": [_item(q) for q in section.questions]} for section in SECTIONS],
    }


def _item(q) -> dict:
    item = {"linkId": q.code, "text": q.label, "type": ITEM_TYPES[q.kind], "required": bool(q.required)}
    if q.kind in REPEATING:
        item["repeats"] = True
    if q.kind == "score":
        item["extension"] = [
            {"url": "http://hl7.org/fhir/StructureDefinition/minValue", "valueInteger": 0},
            {"url": "http://hl7.org/fhir/StructureDefinition/maxValue", "valueInteger": 10}]
    if ITEM_TYPES[q.kind] == "choice" and q.choices:
        item["answerOption"] = [{"valueCoding": {"system": ANSWER_SYSTEM, "code": c.code, "display": c.label}}
                                for c in q.choices]
    if q.max_length and ITEM_TYPES[q.kind] in ("string", "text"):
        item["maxLength"] = q.max_length
    return item


def questionnaire_response(record: dict) -> dict:
    """One submission as a completed QuestionnaireResponse.

    `record`: id, reference, authored (ISO time with zone), full_name, answers (by code),
    triage_level, triage_reasons, matches ([{slug, title, score, reasons}]).
    """
    answers = record["answers"]
    groups = []
    for section in SECTIONS:
        items = [_answer_item(q, answers[q.code]) for q in section.questions if _answered(answers.get(q.code))]
        if items:
            groups.append({"linkId": section.code, "text": section.title, "item": items})
    return {
        "resourceType": "QuestionnaireResponse",
        "id": record["id"],
        "identifier": {"system": f"{BASE}/reference", "value": record["reference"]},
        "questionnaire": f"{QUESTIONNAIRE_URL}|{QUESTIONNAIRE_VERSION}",
        "status": "completed",
        "authored": record["authored"],
        "subject": {"display": record["full_name"]},
        "extension": [
            {"url": TRIAGE_EXTENSION, "extension": [
                {"url": "level", "valueCode": record["triage_level"]},
                *({"url": "reason", "valueString": reason} for reason in record["triage_reasons"])]},
            *({"url": MATCH_EXTENSION, "extension": [
                {"url": "slug", "valueCode": m["slug"]}, {"url": "title", "valueString": m["title"]},
                {"url": "score", "valueInteger": m["score"]},
                *({"url": "reason", "valueString": r} for r in m["reasons"])]} for m in record["matches"]),
        ],
        "item": groups,
    }


def _answered(value) -> bool:
    return value not in (None, "", [], ())


def _answer_item(q, value) -> dict:
    kind = ITEM_TYPES[q.kind]
    values = value if isinstance(value, (list, tuple)) else [value]
    if kind == "choice":
        labels = {c.code: c.label for c in q.choices}
        answer = [{"valueCoding": {"system": ANSWER_SYSTEM, "code": v, "display": labels.get(v, v)}} for v in values]
    elif kind == "integer":
        answer = [{"valueInteger": int(v)} for v in values]
    elif kind == "boolean":
        answer = [{"valueBoolean": bool(v)} for v in values]
    elif kind == "date":
        answer = [{"valueDate": str(v)} for v in values]
    else:
        answer = [{"valueString": str(v)} for v in values]
    return {"linkId": q.code, "text": q.label, "answer": answer}


def bundle(responses: list[dict]) -> dict:
    """Several responses as one `collection` Bundle."""
    return {"resourceType": "Bundle", "type": "collection",
            "entry": [{"fullUrl": f"urn:uuid:{r['id']}", "resource": r} for r in responses]}
