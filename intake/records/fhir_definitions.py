"""The definitions our FHIR export names: the CodeSystem of our answer codes and the StructureDefinitions
of our two extensions (triage, matched article), each at its canonical URL under the clinic's FHIR base.

Plain dicts from the questionnaire (no Flask): served by intake/web/fhir.py and exported with the records.
"""

from html import escape

from .answer_fields import fields
from .fhir import XHTML, urls
from ..questionnaire import QUESTIONNAIRE_VERSION


def code_system(base: str, publisher: str) -> dict:
    """Every answer code of every choice question, once (`none` and the body regions serve several questions)."""
    concepts: dict[str, dict] = {}
    for field in fields():
        for choice in field.choices:
            concepts.setdefault(choice.code, {"code": choice.code, "display": choice.label})
    rows = "".join(f"<tr><td>{escape(c['code'])}</td><td>{escape(c['display'])}</td></tr>" for c in concepts.values())
    return {
        "resourceType": "CodeSystem", "id": "answer", "language": "en",
        "text": {"status": "generated", "div": f'<div xmlns="{XHTML}"><p><b>Intake answer codes</b></p>'
                                              f'<table>{rows}</table></div>'},
        "url": urls(base)["answers"], "version": QUESTIONNAIRE_VERSION, "name": "IntakeAnswerCodes",
        "title": "Intake answer codes", "status": "active", "publisher": publisher,
        "description": "The answer codes of the pain and symptom intake questionnaire: body regions as "
                       "view.area[.side] (the patient's own left and right), and the choices of each question.",
        "caseSensitive": True, "content": "complete", "count": len(concepts), "concept": list(concepts.values()),
    }


# Each extension: (id, name, title, description, max uses, its parts as (name, min, max, type, definition)).
EXTENSIONS = (
    ("triage", "IntakeTriage", "Red-flag triage",
     "The red-flag triage of the submission: its urgency level (emergency, urgent or none) and the reasons.", "1",
     (("level", 1, "1", "code", "emergency, urgent or none"),
      ("reason", 0, "*", "string", "Why: one red flag or rule that fired, in plain words"))),
    ("matched-article", "IntakeMatchedArticle", "Matched education article",
     "An education article matched to the submission, best first: its slug, title, score and reasons.", "*",
     (("slug", 1, "1", "code", "The article's address under /learn/"),
      ("title", 1, "1", "string", "The article's title when it was matched"),
      ("score", 1, "1", "integer", "The matching score"),
      ("reason", 0, "*", "string", "Why it matched, e.g. burning + between the shoulder blades"))),
)


def structure_definitions(base: str, publisher: str) -> list[dict]:
    return [_extension(base, publisher, *extension) for extension in EXTENSIONS]


def _extension(base, publisher, sd_id, name, title, description, max_uses, parts) -> dict:
    url = f"{base}/StructureDefinition/{sd_id}"
    elements = [
        {"id": "Extension", "path": "Extension", "short": title, "definition": description, "min": 0,
         "max": max_uses},
        {"id": "Extension.extension", "path": "Extension.extension",
         "slicing": {"discriminator": [{"type": "value", "path": "url"}], "ordered": False, "rules": "open"}},
    ]
    for part, low, high, value_type, definition in parts:
        slice_id = f"Extension.extension:{part}"
        elements += [
            {"id": slice_id, "path": "Extension.extension", "sliceName": part, "short": definition,
             "definition": definition, "min": low, "max": high},
            {"id": f"{slice_id}.extension", "path": "Extension.extension.extension", "max": "0"},
            {"id": f"{slice_id}.url", "path": "Extension.extension.url", "fixedUri": part},
            {"id": f"{slice_id}.value[x]", "path": "Extension.extension.value[x]", "min": 1,
             "type": [{"code": value_type}]},
        ]
    elements += [{"id": "Extension.url", "path": "Extension.url", "fixedUri": url},
                 {"id": "Extension.value[x]", "path": "Extension.value[x]", "max": "0"}]
    return {
        "resourceType": "StructureDefinition", "id": sd_id, "language": "en",
        "text": {"status": "generated", "div": f'<div xmlns="{XHTML}"><p><b>{escape(title)}</b>: '
                                              f'{escape(description)}</p></div>'},
        "url": url, "version": QUESTIONNAIRE_VERSION, "name": name, "title": title, "status": "active",
        "publisher": publisher, "description": description, "fhirVersion": "4.0.1", "kind": "complex-type",
        "abstract": False, "context": [{"type": "element", "expression": "QuestionnaireResponse"}],
        "type": "Extension", "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Extension",
        "derivation": "constraint", "differential": {"element": elements},
    }
