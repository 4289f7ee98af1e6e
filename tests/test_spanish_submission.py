"""Acceptance: a patient whose browser prefers Spanish completes the questionnaire and reads the matched
article in Spanish; staff see the same codes and answers as for an English submission, plus the language."""

import re

import pytest
from sqlalchemy import select

from intake.extensions import db
from intake.models import Submission
from intake.web.patient.flow import ORDER, page_needed
from intake.web.patient.views import PAGE_PATHS
from tests.questionnaire_client import answer_pages, form_data


def html_lang(page: str) -> str:
    return re.search(r'<html lang="([^"]+)"', page).group(1)


def patient(app, language: str | None):
    client = app.test_client()
    if language:
        client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
    return client


def send(client, answers) -> str:
    """Answer every page, check, confirm and send; returns the confirmation page."""
    answer_pages(client, answers)
    assert client.post("/confirm-and-send", data=form_data("consent", answers)).status_code == 302
    return client.get("/done").get_data(as_text=True)


def stored(app, name: str) -> Submission:
    with app.app_context():
        submission = db.session.scalars(select(Submission).where(Submission.full_name == name)).one()
        submission.matches  # noqa: B018  (load before the session closes)
        db.session.expunge(submission)
        return submission


@pytest.fixture
def two_submissions(app, answers):
    """The same answers sent by an English and a Spanish patient."""
    english = {**answers, "full_name": "Ann English"}
    spanish = {**answers, "full_name": "Ana Española"}
    send(patient(app, "en-US,en;q=0.9"), english)
    send(patient(app, "es-MX,es;q=0.9"), spanish)
    return stored(app, "Ann English"), stored(app, "Ana Española")


def test_a_spanish_patient_sees_every_page_in_spanish_and_the_matched_article(app, answers):
    client = patient(app, "es-MX,es;q=0.9,en;q=0.5")
    start = client.get("/").get_data(as_text=True)
    assert html_lang(start) == "es" and "Empezar ahora" in start
    for page in ORDER:
        if page_needed(page, answers):
            path = PAGE_PATHS[page]
            html = client.get(path).get_data(as_text=True)
            assert html_lang(html) == "es", page
            assert "Continuar" in html and ">Continue<" not in html, page
            client.post(path, data=form_data(page, answers))
    check = client.get("/check-your-answers").get_data(as_text=True)
    assert "Revise sus respuestas antes de enviarlas" in check
    assert "Entre los omóplatos" in check and "Ardor" in check and "12 de abril de 1986" in check
    confirm = client.get("/confirm-and-send").get_data(as_text=True)
    assert "Entiendo que nadie revisa este formulario para atender emergencias." in confirm
    client.post("/confirm-and-send", data=form_data("consent", answers))
    done = client.get("/done").get_data(as_text=True)
    assert html_lang(done) == "es"
    assert "Sus respuestas se enviaron" in done and "Lectura para usted" in done
    link = re.search(r'<a class="link" href="(/learn/mid-upper-back-pain#[a-z-]+)">([^<]+)</a>', done)
    assert link and link.group(2) == "Dolor en la parte media y alta de la espalda"
    path, anchor = link.group(1).split("#")
    article = client.get(path).get_data(as_text=True)
    assert html_lang(article) == "es"
    assert re.search(rf'<h2 id="{anchor}">[^<]*omóplatos</h2>', article)  # burning + between the shoulder blades
    assert "Cuándo buscar ayuda urgente" in article


def test_staff_see_the_same_codes_and_answers_plus_the_language(app, client, login, two_submissions):
    english, spanish = two_submissions
    assert (english.locale, spanish.locale) == ("en", "es")
    without_name = lambda s: {k: v for k, v in s.answers.items() if k != "full_name"}  # noqa: E731
    assert without_name(spanish) == without_name(english)
    assert (spanish.triage_level, spanish.triage_reasons) == (english.triage_level, english.triage_reasons)
    assert [(m.slug, m.section, m.reasons, m.title) for m in spanish.matches] == \
        [(m.slug, m.section, m.reasons, m.title) for m in english.matches]

    login(client, role="practitioner")
    pages = {}
    for item in two_submissions:
        page = client.get(f"/staff/submissions/{item.id}").get_data(as_text=True)
        assert html_lang(page) == "en"
        language = re.search(r'Language</dt><dd class="summary-list__value">([^<]*)<', page).group(1)
        start = page.index('id="answers-title"')
        answers = page[start:page.index("</section>", start)]
        pages[item.locale] = (language, answers.replace(item.full_name, "NAME").replace(item.reference, "REF"))
    assert pages["es"][0] == "Spanish" and pages["en"][0] == "English"
    assert pages["es"][1] == pages["en"][1]  # every answer shown alike, in English, whatever the patient read
    assert "Between the shoulder blades" in pages["es"][1]

    queue = client.get("/staff/", headers={"Accept-Language": "es"}).get_data(as_text=True)
    rows = {name: row for row in re.findall(r'<tr class="queue-row.*?</tr>', queue, re.DOTALL)
            for name in ("Ana Española", "Ann English") if name in row}
    assert "Answered in Spanish" in rows["Ana Española"]
    assert "Answered in" not in rows["Ann English"]


def test_switching_language_mid_questionnaire_records_the_language_used_to_send(app, answers):
    client = patient(app, "en")
    answer_pages(client, answers)
    client.get("/check-your-answers?lang=es")
    client.post("/confirm-and-send", data=form_data("consent", answers))
    assert stored(app, answers["full_name"]).locale == "es"


def test_a_spanish_patient_lists_medicines_in_spanish_and_a_list_too_long_is_explained_in_spanish(app, answers):
    client = patient(app, "es-MX,es;q=0.9")
    answer_pages(client, answers)
    page = client.get("/daily-life-and-history").get_data(as_text=True)
    assert "¿Qué medicamentos toma ahora? (opcional)" in page and "¿Qué lo mejora?" in page
    assert "Puede escribir hasta 20, de hasta 100 caracteres cada uno." in page
    refused = client.post("/daily-life-and-history", data={**form_data("history", answers),
                                                           "allergies": "\r\n".join(["Látex"] * 11)},
                          follow_redirects=True)
    assert "Escriba como máximo 10, uno en cada línea. Ha escrito 11." in refused.get_data(as_text=True)
    client.post("/daily-life-and-history", data={**form_data("history", answers),
                                                 "medications": "Ibuprofeno 400 mg\r\nParacetamol",
                                                 "relievers": ["rest"]})
    check = client.get("/check-your-answers").get_data(as_text=True)
    # What the patient typed is shown as typed; the choices in Spanish.
    assert "<li>Ibuprofeno 400 mg</li><li>Paracetamol</li>" in check and "Descansar" in check
