"""docs/domain.md, written from the questionnaire's definition: `flask --app intake content reference`."""

from pathlib import Path

from . import FINAL_PAGE, KINDS, PAGES, SECTIONS, SignGroup

REFERENCE_PATH = Path(__file__).resolve().parents[2] / "docs" / "domain.md"

INTRO = """\
# The questionnaire: codes, pages and answers

This page is generated from the questionnaire's definition (`intake/questionnaire/`) by
`flask --app intake content reference`; do not edit it by hand (a test checks that it is current).
It lists what the software actually asks: every page in order, every question with its code, kind
and answer codes. The codes are shared by the forms, the stored answers, the clinical rules, the
education matching, the CSV and FHIR exports and the tests, so they never change once released;
labels may be reworded (and are translated, see `intake/translations/`).

To add a question, add one entry to `intake/questionnaire/definition.py` (its page, code, kind,
label, hint and required message), then run `make translations` and translate the new text. The
page, the check page, the staff record, the exports and `explain` follow from the definition.

The red-flag rules that turn the safety signs into a triage level are in `intake/rules/triage.py`; the
matching of education articles in `intake/rules/matching.py` and each article's front matter.
"""

KINDS_INTRO = """\
## Kinds of question

How each kind is stored in the answers (the JSON form used by `explain`, exports and fixtures), the
FHIR item type it becomes, and the macro of `templates/macros/fields.html` that shows it. An
optional question left blank is absent from the answers. `texts` is a list of the lines the patient
typed (blank lines left out), in their order: one FHIR answer per item (`repeats`), joined with "; " in the CSV.
"""

SIGNS_NOTE = """\
A list of signs is one checkbox list with an exclusive "None of these": each sign is stored under its
own code as `true` (ticked) or `false`; "None of these" stores `false` for every sign of the list.
Ticking nothing is an error, never a silent "no"; a sign together with "None of these" is refused.
A submission stored before a sign was asked simply lacks its code.
"""


def _cell(text) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _answers(ask) -> str:
    if not ask.choices or ask.kind in ("region", "primary_region"):
        return "region codes (below)" if ask.kind in ("region", "primary_region") else ""
    if ask.kind == "score":
        return "0–10"
    return "; ".join(f"`{c.code}` {_cell(c.label)}" for c in ask.choices)


def _question_rows(ask) -> list[str]:
    if isinstance(ask, SignGroup):
        rows = [f"| `{s.code}` | {_cell(s.label)}{' (' + _cell(s.hint) + ')' if s.hint else ''} | sign | yes | "
                f"`true` / `false` |" for s in ask.signs]
        return [f"| *`{ask.code}`* | *{_cell(ask.label)}* (the list's form field, not stored) | signs | yes | |",
                *rows]
    extra = []
    if ask.max_items:
        extra.append(f"a list of up to {ask.max_items} items, one per line, each up to {ask.max_length} characters")
    elif ask.max_length:
        extra.append(f"up to {ask.max_length} characters")
    if ask.exclusive:
        extra.append(f"`{ask.exclusive}` only on its own")
    extra.extend(f"{c.system} {c.code}" for c in ask.coding)
    answers = "; ".join(filter(None, [_answers(ask), *extra]))
    return [f"| `{ask.code}` | {_cell(ask.label)} | {ask.kind} | {'yes' if ask.required else 'no'} | {answers} |"]


def reference() -> str:
    """The whole of docs/domain.md."""
    lines = [INTRO, "## Pages, in the order a patient meets them", "",
             "Start, then the question pages below, then \"Check your answers\", then \"Confirm and send\".", "",
             "| # | page | address | section | asked |", "|---|---|---|---|---|"]
    number = 0
    for section in SECTIONS:
        for page in section.pages:
            number += 1
            asked = page.condition or ("last, after checking the answers" if page.code == FINAL_PAGE else "always")
            lines.append(f"| {number} | `{page.code}` | `{page.path}` | `{section.code}` | {asked} |")
    lines += ["", KINDS_INTRO, "| kind | stored as | FHIR type | shown by |", "|---|---|---|---|"]
    for kind, k in KINDS.items():
        lines.append(f"| {kind} | {k.stored} | {k.fhir_type or '—'} | {k.macro or 'its list of signs'} |")
    lines += ["", "## Questions by section", "", SIGNS_NOTE]
    for section in SECTIONS:
        lines += [f"### {_cell(section.title)} — `{section.code}`", "",
                  "| code | question | kind | required | answers |", "|---|---|---|---|---|"]
        for page in section.pages:
            for ask in page.asks:
                lines += _question_rows(ask)
        lines.append("")
    regions = PAGES["regions"].asks[0].choices
    lines += ["## Region codes", "", "Codes are `area[.part][.side]`; left and right are the patient's own.", "",
              "| code | label |", "|---|---|"]
    lines += [f"| `{c.code}` | {_cell(c.label)} |" for c in regions]
    return "\n".join(lines) + "\n"


def write(path: Path = REFERENCE_PATH) -> Path:
    path.write_text(reference(), encoding="utf-8")
    return path
