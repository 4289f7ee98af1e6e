"""The FHIRPath invariants of FHIR R4 (4.0.1) that our export must satisfy, as published in the specification.

Source: HL7 FHIR R4 v4.0.1, the resources' StructureDefinitions (profiles-resources.json,
http://hl7.org/fhir/R4/definitions.json.zip; the "Constraints" tables of questionnaire.html,
questionnaireresponse.html, bundle.html, patient.html, codesystem.html, domainresource.html and
extensibility.html). Expressions are copied exactly, including R4's known slips (que-12 counts from
three enableWhen, corrected in R4B): a real server validates against these.

Each entry: (key, severity, context, expression). The context is a FHIRPath from the resource that
selects the elements the invariant is stated on ("" = the resource itself); Questionnaire.item and
QuestionnaireResponse.item are recursive (nested items are items too), hence repeat().
Not here: txt-1 and txt-2 call htmlChecks(), a validator-specific function outside FHIRPath (the tests
parse the narrative as XHTML instead); ele-1 holds for any JSON without empty objects (tested directly).
"""

DOMAIN_RESOURCE = (
    ("dom-2", "error", "", "contained.contained.empty()"),
    ("dom-3", "error", "",
     "contained.where((('#'+id in (%resource.descendants().reference | %resource.descendants().as(canonical) | "
     "%resource.descendants().as(uri) | %resource.descendants().as(url))) or descendants().where(reference = '#')"
     ".exists() or descendants().where(as(canonical) = '#').exists() or descendants().where(as(canonical) = '#')"
     ".exists()).not()).trace('unmatched', id).empty()"),
    ("dom-4", "error", "", "contained.meta.versionId.empty() and contained.meta.lastUpdated.empty()"),
    ("dom-5", "error", "", "contained.meta.security.empty()"),
    ("dom-6", "warning", "", "text.`div`.exists()"),
    # Stated on Extension: every extension, at the top and nested (a union would lose the types value[x] needs).
    *(("ext-1", "error", where, "extension.exists() != value.exists()")
      for where in ("extension", "descendants().extension", "descendants().modifierExtension")),
)

QUESTIONNAIRE = (
    ("que-0", "warning", "", "name.matches('[A-Z]([A-Za-z0-9_]){0,254}')"),
    ("que-2", "error", "", "descendants().linkId.isDistinct()"),
    ("que-1", "error", "repeat(item)",
     "(type='group' implies item.empty().not()) and (type.trace('type')='display' implies item.trace('item').empty())"),
    ("que-3", "error", "repeat(item)", "type!='display' or code.empty()"),
    ("que-4", "error", "repeat(item)", "answerOption.empty() or answerValueSet.empty()"),
    ("que-5", "error", "repeat(item)",
     "(type ='choice' or type = 'open-choice' or type = 'decimal' or type = 'integer' or type = 'date' or "
     "type = 'dateTime' or type = 'time' or type = 'string' or type = 'quantity') or "
     "(answerValueSet.empty() and answerOption.empty())"),
    ("que-6", "error", "repeat(item)", "type!='display' or (required.empty() and repeats.empty())"),
    ("que-7", "error", "repeat(item).enableWhen", "operator = 'exists' implies (answer is Boolean)"),
    ("que-8", "error", "repeat(item)", "(type!='group' and type!='display') or initial.empty()"),
    ("que-9", "error", "repeat(item)", "type!='display' or readOnly.empty()"),
    ("que-10", "error", "repeat(item)",
     "(type in ('boolean' | 'decimal' | 'integer' | 'string' | 'text' | 'url' | 'open-choice')) or maxLength.empty()"),
    ("que-11", "error", "repeat(item)", "answerOption.empty() or initial.empty()"),
    ("que-12", "error", "repeat(item)", "enableWhen.count() > 2 implies enableBehavior.exists()"),
    ("que-13", "error", "repeat(item)", "repeats=true or initial.count() <= 1"),
)

QUESTIONNAIRE_RESPONSE = (
    ("qrs-1", "error", "repeat(item | answer.item)", "(answer.exists() and item.exists()).not()"),
)

BUNDLE = (
    ("bdl-1", "error", "", "total.empty() or (type = 'searchset') or (type = 'history')"),
    ("bdl-2", "error", "", "entry.search.empty() or (type = 'searchset')"),
    ("bdl-3", "error", "",
     "entry.all(request.exists() = (%resource.type = 'batch' or %resource.type = 'transaction' or "
     "%resource.type = 'history'))"),
    ("bdl-4", "error", "",
     "entry.all(response.exists() = (%resource.type = 'batch-response' or %resource.type = 'transaction-response' "
     "or %resource.type = 'history'))"),
    ("bdl-7", "error", "",
     "(type = 'history') or entry.where(fullUrl.exists()).select(fullUrl&resource.meta.versionId).isDistinct()"),
    ("bdl-9", "error", "", "type = 'document' implies (identifier.system.exists() and identifier.value.exists())"),
    ("bdl-10", "error", "", "type = 'document' implies (timestamp.hasValue())"),
    ("bdl-11", "error", "", "type = 'document' implies entry.first().resource.is(Composition)"),
    ("bdl-12", "error", "", "type = 'message' implies entry.first().resource.is(MessageHeader)"),
    ("bdl-5", "error", "entry", "resource.exists() or request.exists() or response.exists()"),
    ("bdl-8", "error", "entry", "fullUrl.contains('/_history/').not()"),
)

PATIENT = (
    ("pat-1", "error", "contact", "name.exists() or telecom.exists() or address.exists() or organization.exists()"),
)

CODE_SYSTEM = (
    ("csd-0", "warning", "", "name.matches('[A-Z]([A-Za-z0-9_]){0,254}')"),
    ("csd-1", "error", "", "concept.code.combine($this.descendants().concept.code).isDistinct()"),
)

BY_RESOURCE = {
    "Questionnaire": QUESTIONNAIRE, "QuestionnaireResponse": QUESTIONNAIRE_RESPONSE, "Bundle": BUNDLE,
    "Patient": PATIENT, "CodeSystem": CODE_SYSTEM, "StructureDefinition": (),
}
