"""Exports from the command line, for scheduled jobs: `flask --app intake export fhir|csv|pdf ...`.

Each is audited as the staff pages' exports are, with no user and the source "cli" (as `restore`).
Files are written readable by their owner only (0600), whole or not at all.
"""

import json
import os
import tempfile
from datetime import date, datetime
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from ..accounts import audit
from ..records import csv_export as export_csv, exports, pdf
from ..extensions import db
from ..models import Submission

export = AppGroup("export", help="Write records to a file: FHIR, CSV or one submission's PDF.")
SINCE = click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, metavar="YYYY-MM-DD",
                     help="Only submissions sent on or after this day (the clinic's time zone).")
TARGET = click.argument("path", type=click.Path(dir_okay=False, path_type=Path))


def write_private(path: Path, body: bytes) -> None:
    """Write `body` to `path` as a new 0600 file, replacing any old one only once it is complete."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise click.ClickException(f"{folder} is not a folder: create it first, or choose another path.")
    if path.is_dir():
        raise click.ClickException(f"{path} is a folder: give a file name.")
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.")  # created 0600
    except OSError as exc:
        raise click.ClickException(f"Cannot write in {folder}: {exc.strerror}.") from None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(body)
        os.replace(temporary, path)
    except OSError as exc:
        os.unlink(temporary)
        raise click.ClickException(f"Cannot write {path}: {exc.strerror}.") from None


def _day(since: datetime | None) -> date | None:
    return since.date() if since else None


def _warn_without_public_url() -> None:
    if not current_app.config.get("PUBLIC_URL"):
        click.echo(f"Note: PUBLIC_URL is not set, so the FHIR URLs start with {exports.FALLBACK_PUBLIC_URL}; "
                   "set PUBLIC_URL before sending records to another system (docs/fhir.md).", err=True)


@export.command("fhir", help="Write a FHIR R4 transaction Bundle (questionnaire, patients, responses) to PATH.")
@TARGET
@SINCE
def export_fhir(path: Path, since: datetime | None):
    _warn_without_public_url()
    submissions = exports.since(_day(since))
    body = json.dumps(exports.fhir_transaction(submissions), ensure_ascii=False).encode()
    write_private(path, body)
    audit.record("export.fhir", object_type="queue", object_id=f"{len(submissions)} rows")
    click.echo(f"Wrote {len(submissions)} submission(s) as a FHIR transaction Bundle to {path}.")


@export.command("csv", help="Write the submissions as CSV (UTF-8 with BOM) to PATH; --dictionary: what each "
                            "column holds instead.")
@TARGET
@SINCE
@click.option("--dictionary", is_flag=True, help="Write the data dictionary (no patient data).")
def export_csv_command(path: Path, since: datetime | None, dictionary: bool):
    if dictionary:
        if since:
            raise click.UsageError("--dictionary describes the columns: it takes no --since.")
        write_private(path, export_csv.dictionary().encode())
        click.echo(f"Wrote the CSV data dictionary to {path}.")
        return
    submissions = exports.since(_day(since))
    write_private(path, exports.csv_text(submissions).encode())
    audit.record("export.csv", object_type="queue", object_id=f"{len(submissions)} rows")
    click.echo(f"Wrote {len(submissions)} submission(s) as CSV to {path}.")


@export.command("pdf", help="Write the submission with this REFERENCE (as on its page, e.g. ABCD-2345) "
                            "as a PDF to PATH.")
@click.argument("reference")
@TARGET
def export_pdf(reference: str, path: Path):
    from ..web.staff.exports.export_views import submission_pdf_bytes
    from ..web.staff.record import load_record

    wanted = reference.strip().upper()
    if len(wanted) == 8 and "-" not in wanted:
        wanted = f"{wanted[:4]}-{wanted[4:]}"
    submission_id = db.session.scalar(select(Submission.id).where(Submission.reference == wanted))
    if submission_id is None:
        raise click.ClickException(f"No submission has the reference {reference!r}.")
    base = current_app.config.get("PUBLIC_URL") or exports.FALLBACK_PUBLIC_URL
    with current_app.test_request_context("/staff/", base_url=base):
        item = load_record(submission_id)
        try:
            body = submission_pdf_bytes(item)
        except pdf.PdfUnavailable as exc:
            failed = exc
        else:
            failed = None
    if failed is not None:
        audit.record("export.pdf", object_type="submission", object_id=submission_id, outcome="failure")
        raise click.ClickException(f"PDF export is not available here: {failed}. Install WeasyPrint's system "
                                   "libraries (see the README).")
    write_private(path, body)
    audit.record("export.pdf", object_type="submission", object_id=submission_id)
    click.echo(f"Wrote the PDF of {wanted} to {path}.")
