"""Practitioners choose the patient's article (who, when, why) and print any article as a one-page handout."""

import io
from pathlib import Path

import pytest
from sqlalchemy import select

from intake.content.library import REQUIRED_SLUGS
from intake.accounts.audit import AuditEvent
from intake.extensions import db
from intake.models import ArticleChoice


def page_of(client, submission) -> str:
    response = client.get(f"/staff/submissions/{submission.id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def article_part(page: str) -> str:
    return page[page.index('id="article-title"'):page.index('id="history-title"')]


def test_a_change_of_article_shows_on_the_next_view(app, client, login, make_submission):
    item = make_submission()
    doctor = login(client, role="practitioner")
    before = article_part(page_of(client, item))  # the record's fixed part is kept from this view on
    assert 'href="/learn/mid-upper-back-pain"' in before and "the best match" in before
    response = client.post(f"/staff/submissions/{item.id}/article",
                           data={"slug": "neck-pain", "reason": "The neck is what bothers them most."})
    assert response.status_code == 302 and response.headers["Location"].endswith("#article")
    after = article_part(page_of(client, item))
    assert 'href="/learn/neck-pain"' in after and "The neck is what bothers them most." in after
    assert f"Chosen by {doctor.display_name}" in after
    with app.app_context():
        choice = db.session.scalars(select(ArticleChoice)).one()
        assert (choice.slug, choice.author_id) == ("neck-pain", doctor.id) and choice.created_at is not None
        events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "submission.article")).all()
        assert [(e.user_id, e.object_id) for e in events] == [(doctor.id, item.id)]


def test_earlier_choices_are_kept_and_the_queue_shows_the_latest(client, login, make_submission):
    item = make_submission()
    login(client, role="practitioner")
    client.post(f"/staff/submissions/{item.id}/article", data={"slug": "neck-pain", "reason": "First thought."})
    client.post(f"/staff/submissions/{item.id}/article", data={"slug": "jaw-pain-tmj", "reason": "Jaw after all."})
    part = article_part(page_of(client, item))
    assert 'href="/learn/jaw-pain-tmj"' in part and "Earlier choices" in part and "First thought." in part
    queue = client.get("/staff/").get_data(as_text=True)
    assert "<td>Jaw pain and clicking (TMJ)</td>" in queue.split("<tbody>")[1]


@pytest.mark.parametrize("data, message", [
    ({"slug": "neck-pain", "reason": ""}, "Say why this article suits the patient better"),
    ({"slug": "not-an-article", "reason": "Forged"}, "Choose an article from the list"),
    ({"slug": "", "reason": "No article"}, "Choose an article"),
    ({"slug": "neck-pain", "reason": "x" * 501}, "500 characters or fewer"),
])
def test_bad_choices_are_refused_and_nothing_typed_is_lost(app, client, login, make_submission, data, message):
    item = make_submission()
    login(client, role="practitioner")
    response = client.post(f"/staff/submissions/{item.id}/article", data=data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page and (data["reason"][:100] in page)
    with app.app_context():
        assert db.session.scalars(select(ArticleChoice)).all() == []


def test_the_front_desk_cannot_change_the_article(app, client, login, make_submission):
    item = make_submission()
    login(client, role="front_desk")
    response = client.post(f"/staff/submissions/{item.id}/article", data={"slug": "neck-pain", "reason": "x"})
    assert response.status_code == 403
    assert "Choose a different article" not in page_of(client, item)


def test_a_handout_has_the_article_and_no_patient_information(client, login, make_submission):
    item = make_submission(full_name="Private Person")
    login(client, role="front_desk")
    page = client.get("/staff/articles/neck-pain/handout").get_data(as_text=True)
    assert "<h1" in page and "handout.css" in page and "Private Person" not in page
    assert "not a diagnosis" in page and "call 911" in page
    assert "{emergency_number}" not in page
    assert item.reference not in page


def test_a_handout_in_spanish(client, login):
    login(client, role="front_desk")
    page = client.get("/staff/articles/neck-pain/handout?lang=es").get_data(as_text=True)
    assert '<html lang="es">' in page and "no es un diagnóstico" in page.lower()
    # A language the clinic does not offer falls back to English; a made-up article is 404.
    assert '<html lang="en">' in client.get("/staff/articles/neck-pain/handout?lang=xx").get_data(as_text=True)
    assert client.get("/staff/articles/no-such-thing/handout").status_code == 404


def test_the_record_links_handouts_in_english_and_the_patients_language(client, login, make_submission):
    item = make_submission()
    login(client, role="practitioner")
    part = article_part(page_of(client, item))
    assert "/staff/articles/mid-upper-back-pain/handout" in part


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_handout_prints_on_one_page(app, client, login, language):
    pytest.importorskip("weasyprint", reason="WeasyPrint renders the handout as it prints")
    from pypdf import PdfReader

    from intake.records.pdf import render_pdf
    login(client, role="front_desk")
    for slug in sorted(REQUIRED_SLUGS):
        html = client.get(f"/staff/articles/{slug}/handout?lang={language}").get_data(as_text=True)
        pdf = render_pdf(html, Path(app.static_folder))
        assert len(PdfReader(io.BytesIO(pdf)).pages) == 1, f"{slug} ({language})"
