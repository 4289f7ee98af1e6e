"""Exports from the command line for scheduled jobs: what they write, who can read it, how they are audited,
and the clear refusals of bad input."""

import io
import json
import stat
from datetime import timedelta

import pypdf
import pytest
from sqlalchemy import select

from intake.accounts.audit import AuditEvent
from intake.records.csv_export import BOM
from intake.extensions import db
from intake.models import utcnow


def _audit_rows(app, action):
    with app.app_context():
        return [(r.object_id, r.user_id, r.source, r.outcome) for r in db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id))]


def _private(path):
    return stat.S_IMODE(path.stat().st_mode) == 0o600


def test_export_fhir_writes_a_private_transaction_since_a_day_and_is_audited(app, runner, tmp_path,
                                                                             make_submission):
    make_submission(full_name="Old Visit", created_at=utcnow() - timedelta(days=30))
    make_submission(full_name="New Visit")
    target = tmp_path / "intake.fhir.json"
    since = (utcnow() - timedelta(days=2)).date().isoformat()
    result = runner.invoke(args=["export", "fhir", str(target), "--since", since])
    assert result.exit_code == 0, result.output
    assert "Wrote 1 submission(s)" in result.output and _private(target)
    bundle = json.loads(target.read_text(encoding="utf-8"))
    assert bundle["type"] == "transaction"
    names = [e["resource"]["subject"]["display"] for e in bundle["entry"]
             if e["resource"]["resourceType"] == "QuestionnaireResponse"]
    assert names == ["New Visit"]
    assert _audit_rows(app, "export.fhir") == [("1 rows", None, "cli", "ok")]
    # A scheduled job writes the same path every night: the old file is replaced, still private.
    again = runner.invoke(args=["export", "fhir", str(target)])
    assert again.exit_code == 0 and "Wrote 2 submission(s)" in again.output and _private(target)


def test_export_csv_writes_utf8_with_bom_and_the_dictionary(app, runner, tmp_path, make_submission):
    make_submission(full_name="José Peña")
    target = tmp_path / "intake.csv"
    result = runner.invoke(args=["export", "csv", str(target)])
    assert result.exit_code == 0, result.output
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and "José Peña".encode() in raw and _private(target)
    assert _audit_rows(app, "export.csv") == [("1 rows", None, "cli", "ok")]
    dictionary = tmp_path / "columns.csv"
    result = runner.invoke(args=["export", "csv", "--dictionary", str(dictionary)])
    assert result.exit_code == 0
    text = dictionary.read_text(encoding="utf-8")
    assert text.startswith(BOM) and "review_status" in text and "back.upper = Between the shoulder blades" in text
    assert len(_audit_rows(app, "export.csv")) == 1  # the dictionary holds no patient data


def test_export_pdf_by_reference_is_private_and_audited(app, runner, tmp_path, make_submission):
    stored = make_submission(full_name="Petra Printwell")
    target = tmp_path / "chart.pdf"
    result = runner.invoke(args=["export", "pdf", stored.reference.lower().replace("-", ""), str(target)])
    assert result.exit_code == 0, result.output
    assert _private(target)
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(target.read_bytes())).pages)
    assert "Petra Printwell" in text and stored.reference in text
    assert _audit_rows(app, "export.pdf") == [(stored.id, None, "cli", "ok")]


@pytest.mark.parametrize("args, message", [
    (["export", "pdf", "ZZZZ-ZZZZ", "{tmp}/x.pdf"], "No submission has the reference"),
    (["export", "fhir", "{tmp}/missing/x.json"], "is not a folder"),
    (["export", "fhir", "{tmp}"], "is a directory"),
    (["export", "csv", "{tmp}/x.csv", "--since", "2026-13-01"], "--since"),
    (["export", "csv", "{tmp}/x.csv", "--since", "yesterday"], "--since"),
    (["export", "csv", "--dictionary", "{tmp}/x.csv", "--since", "2026-01-01"], "takes no --since"),
])
def test_bad_input_gets_a_clear_message_and_a_failing_exit(app, runner, tmp_path, make_submission, args, message):
    make_submission()
    result = runner.invoke(args=[a.replace("{tmp}", str(tmp_path)) for a in args])
    assert result.exit_code != 0 and message in result.output
    assert result.exc_info is None or result.exc_info[0] is SystemExit  # a message, never a traceback
    assert not (tmp_path / "x.csv").exists() and not (tmp_path / "x.pdf").exists()
    assert _audit_rows(app, "export.fhir") == _audit_rows(app, "export.csv") == []
