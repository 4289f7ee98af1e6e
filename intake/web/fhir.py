"""The FHIR definitions our exports name, public at their canonical URLs: /fhir/Questionnaire/intake,
/fhir/CodeSystem/answer and /fhir/StructureDefinition/<id>. They hold no patient data."""

import json

from flask import Blueprint, Response, abort

from ..records import fhir as export_fhir, exports, fhir_definitions

bp = Blueprint("fhir", __name__, url_prefix="/fhir")


def _resource(resource: dict) -> Response:
    return Response(json.dumps(resource, ensure_ascii=False), mimetype="application/fhir+json")


@bp.get("/Questionnaire/intake")
def questionnaire():
    return _resource(export_fhir.questionnaire(exports.fhir_base(), exports.publisher()))


@bp.get("/CodeSystem/answer")
def code_system():
    return _resource(fhir_definitions.code_system(exports.fhir_base(), exports.publisher()))


@bp.get("/StructureDefinition/<definition_id>")
def structure_definition(definition_id: str):
    for definition in fhir_definitions.structure_definitions(exports.fhir_base(), exports.publisher()):
        if definition["id"] == definition_id:
            return _resource(definition)
    abort(404)
