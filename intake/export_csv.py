"""The filtered queue as CSV for a spreadsheet: one row per submission, one column per questionnaire code."""

import csv
import io

from .questionnaire import QUESTIONS

# What a spreadsheet reads as the start of a formula (OWASP "CSV injection"), and the control
# characters some of them skip before looking.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
FIXED_COLUMNS = ("reference", "submitted_at", "language", "triage_level", "triage_reasons", "matched_articles",
                 "status")
COLUMNS = (*FIXED_COLUMNS, *QUESTIONS)


def columns() -> tuple[str, ...]:
    """The header: read when the file is written, so that every question of the definition has its column."""
    return (*FIXED_COLUMNS, *QUESTIONS)


def cell(value) -> str:
    """One value as spreadsheet text: codes joined with ";", booleans as yes/no, formulas defused."""
    if value is None:
        return ""
    if isinstance(value, bool):
        text = "yes" if value else "no"
    elif isinstance(value, (list, tuple)):
        text = ";".join(str(v) for v in value)
    else:
        text = str(value)
    # A leading apostrophe makes the spreadsheet show the text instead of running it.
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def to_csv(rows: list[dict]) -> str:
    """`rows` are plain dicts keyed by COLUMNS (answers by their codes); a header row of codes comes first."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    header = columns()
    writer.writerow(header)
    for row in rows:
        writer.writerow([cell(row.get(column)) for column in header])
    return out.getvalue()
