"""The queue as CSV for people and for tools: one row per submission, codes with English labels beside them,
and a data dictionary that says what every column holds.

UTF-8 with a byte-order mark, so Excel on Windows shows "José Peña" and not mojibake; CRLF line ends.
"""

import csv
import io

from .answer_fields import VALUE_TYPES, fields

BOM = "\ufeff"
# What a spreadsheet reads as the start of a formula (OWASP "CSV injection"), and the control
# characters some of them skip before looking.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
LABEL_SUFFIX = "_label"

# The submission's own columns: (column, type, what it holds).
RECORD_COLUMNS = (
    ("reference", "text", "The submission's reference, as the patient saw it on the confirmation page"),
    ("submitted_at", "date and time", "When the patient sent it: ISO 8601 with its UTC offset"),
    ("language", "code", "The language the patient answered in: en (English), es (Spanish)"),
    ("triage_level", "code", "Red-flag triage: emergency, urgent or none"),
    ("triage_reasons", "text", "Why the triage level was given, separated by ;"),
    ("matched_articles", "code", "Matched education articles (their /learn/ addresses), best first, separated by ;"),
    ("review_status", "code", "Review by staff: new (not reviewed yet) or reviewed"),
    ("reviewed_by", "text", "Who marked it reviewed (name, or e-mail)"),
    ("reviewed_at", "date and time", "When it was marked reviewed: ISO 8601 with its UTC offset"),
)


def columns() -> list[tuple[str, str, str, tuple]]:
    """Every column in order: (column, type, description, answer codes for a code column)."""
    out = [(name, kind, text, ()) for name, kind, text in RECORD_COLUMNS]
    for f in fields():
        several = (' (as typed, one item per line; separated by "; ")' if f.typed_list
                   else " (all that apply, separated by ;)" if f.repeats else "")
        out.append((f.code, VALUE_TYPES[f.fhir_type], f"{f.label}{several}", f.choices))
        if f.coded:
            out.append((f.code + LABEL_SUFFIX, "text", f"{f.label}: the answer as English label(s)", ()))
    return out


def cell(value, separator: str = ";") -> str:
    """One value as spreadsheet text: codes joined with ";" (typed items with "; "), booleans as yes/no,
    formulas defused."""
    if value is None:
        return ""
    if isinstance(value, bool):
        text = "yes" if value else "no"
    elif isinstance(value, (list, tuple)):
        text = separator.join(str(v) for v in value)
    else:
        text = str(value)
    # A leading apostrophe makes the spreadsheet show the text instead of running it.
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _labels(choices, value) -> list[str]:
    labels = {c.code: c.label for c in choices}
    values = value if isinstance(value, (list, tuple)) else [value]
    return [labels.get(v, v) for v in values if v not in (None, "")]


def to_csv(rows: list[dict]) -> str:
    """`rows`: the record columns and the answers (by code) of each submission, in one dict per row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    spec = columns()
    writer.writerow([name for name, *_ in spec])
    coded = {f.code + LABEL_SUFFIX: f for f in fields() if f.coded}
    typed_lists = {f.code for f in fields() if f.typed_list}
    for row in rows:
        writer.writerow([cell(_labels(coded[name].choices, row.get(coded[name].code)) or None)
                         if name in coded else cell(row.get(name), "; " if name in typed_lists else ";")
                         for name, *_ in spec])
    return BOM + out.getvalue()


def dictionary() -> str:
    """The data dictionary: one row per column of to_csv(), with its type, meaning and codes."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["column", "type", "description", "codes"])
    for name, kind, text, choices in columns():
        writer.writerow([name, kind, cell(text), cell(" | ".join(f"{c.code} = {c.label}" for c in choices))])
    return BOM + out.getvalue()
