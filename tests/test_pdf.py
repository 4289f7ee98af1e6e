"""The PDF for the paper chart: its content, the patient on every page, two pages for a typical submission,
the paper size setting, the print view's button, and a clear 503 without WeasyPrint."""

import io
import re

import pytest
from sqlalchemy import select

from intake.accounts.audit import AuditEvent
from intake.extensions import db


def _sent_as_private_attachment(response, suffix):
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["Content-Disposition"].rstrip('"').endswith(suffix)
    assert response.headers["Cache-Control"] == "no-store"


def test_a_submission_exports_as_a_pdf_with_its_answers_and_body_map(app, client, login, make_submission, answers):
    import pypdf

    stored = make_submission(full_name="Petra Printwell", notes="Worse after long drives")
    login(client, role="practitioner")
    response = client.get(f"/staff/submissions/{stored.id}.pdf")
    _sent_as_private_attachment(response, ".pdf")
    assert response.headers["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.get_data()))
    words = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    for expected in ("Petra Printwell", stored.reference, "Worse after long drives", "Between the shoulder blades",
                     "Burning"):
        assert expected in words, expected
    # The body map is drawn, with the chosen areas filled in the map's red (#d4351c = 0.831 0.208 0.110).
    content = b"".join(page.get_contents().get_data() for page in reader.pages)
    assert re.search(rb"0\.83\d* 0\.20\d* 0\.1[01]\d* rg", content)
    with app.app_context():
        row = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "export.pdf")).one()
        assert row.object_id == stored.id and row.outcome == "ok"


def test_without_weasyprint_the_pdf_is_a_clear_503_audited_as_a_failure(app, client, login, make_submission,
                                                                         monkeypatch):
    from intake.records import pdf

    def unavailable(*_args):
        raise pdf.PdfUnavailable("pango is not installed")

    monkeypatch.setattr(pdf, "render_pdf", unavailable)
    stored = make_submission()
    login(client, role="practitioner")
    response = client.get(f"/staff/submissions/{stored.id}.pdf")
    assert response.status_code == 503 and "PDF export is not available" in response.get_data(as_text=True)
    with app.app_context():
        row = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "export.pdf")).one()
        assert row.outcome == "failure"


def _pdf_pages(client, stored):
    import pypdf

    response = client.get(f"/staff/submissions/{stored.id}.pdf")
    assert response.status_code == 200
    reader = pypdf.PdfReader(io.BytesIO(response.get_data()))
    return reader, [" ".join(page.extract_text().split()) for page in reader.pages]


@pytest.mark.parametrize("overrides", [{}, {"rf_chest_pain": True, "rf_breathless": True,
                                            "notes": "Worse after long drives. " * 8}])
def test_a_typical_pdf_is_two_pages_at_most_with_the_patient_on_every_page(app, client, login, make_submission,
                                                                        overrides):
    stored = make_submission(full_name="Petra Printwell", **overrides)
    login(client, role="practitioner")
    reader, pages = _pdf_pages(client, stored)
    assert len(pages) <= 2
    for number, text in enumerate(pages, start=1):
        for expected in (app.config["CLINIC_NAME"], "Petra Printwell", "April 12, 1986", stored.reference,
                         f"Page {number} of {len(pages)}"):
            assert expected in text, (number, expected)
    first = pages[0]
    # Red flags, the summary and the body map (with the patient's sides marked) come first.
    assert ("Emergency red flags" if overrides else "No red flags") in first
    assert "Summary" in first and "Where it hurts" in first and "R L" in first
    # Each score once, as a bar and its number: no <meter> fallback text beside it.
    scores = first[first.index("Pain scores"):first.index("Feels like")]
    assert scores.count("5/10") == 1 and scores.count("7/10") == 1 and scores.count("4/10") == 1
    assert re.search(r"printed \d{4}-\d\d-\d\d \d\d:\d\d UTC", first)  # the time with its zone (clinic_time)


@pytest.mark.parametrize("settings, size", [
    ({}, "letter"),  # Letter where the emergency number is 911
    ({"EMERGENCY_NUMBER": "112"}, "A4"),  # A4 elsewhere
    ({"EMERGENCY_NUMBER": "112", "PDF_PAGE_SIZE": "Letter"}, "letter"),
    ({"PDF_PAGE_SIZE": " a4 "}, "A4"),
])
def test_the_page_size_setting_defaults_by_the_emergency_number(app_config, settings, size):
    from intake import create_app

    assert create_app({**app_config, **settings}).config["PDF_PAGE_SIZE"] == size


@pytest.mark.parametrize("settings, width", [({}, 612), ({"EMERGENCY_NUMBER": "112"}, 595)])
def test_the_pdf_page_size_follows_the_setting(app_config, make_submission, settings, width):
    from intake import create_app

    from intake.accounts import users as accounts
    from intake.database import write_transaction
    from tests.conftest import STAFF_PASSWORD

    app = create_app({**app_config, **settings})  # the same database as the app fixture's
    stored = make_submission()
    client = app.test_client()
    with app.app_context(), write_transaction() as session:
        accounts.create_user(session, email="size@clinic.example", role="practitioner", password=STAFF_PASSWORD,
                             name="Size")
    client.post("/staff/login", data={"email": "size@clinic.example", "password": STAFF_PASSWORD})
    reader, _pages = _pdf_pages(client, stored)
    assert round(float(reader.pages[0].mediabox.width)) == width


def test_a_bad_page_size_setting_is_refused_by_name(app_config):
    from intake import create_app

    with pytest.raises(RuntimeError, match="PDF_PAGE_SIZE"):
        create_app({**app_config, "PDF_PAGE_SIZE": "A5"})


def test_the_print_view_has_a_print_button_a_no_script_hint_and_a_way_back(client, login, make_submission):
    stored = make_submission()
    login(client, role="front_desk")
    page = client.get(f"/staff/submissions/{stored.id}/print").get_data(as_text=True)
    assert 'data-print hidden' in page and "js/print.js" in page
    assert "use your browser's Print command" in page
    assert f'href="/staff/submissions/{stored.id}"' in page
