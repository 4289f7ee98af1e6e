"""The patient's language: browser preference, the switch on every patient page, <html lang>, staff in English."""

import re

import pytest

from tests.questionnaire_client import answer_pages, form_data

SPANISH = {"Accept-Language": "es-MX,es;q=0.9,en;q=0.5"}
PATIENT_PAGES = ("/", "/emergency-signs", "/about-you", "/where-it-hurts", "/what-it-feels-like",
                 "/daily-life-and-history", "/your-health", "/get-help-now", "/learn/", "/learn/neck-pain", "/no-such-page")
QUESTION_PAGES = ("/emergency-signs", "/about-you", "/where-it-hurts", "/what-it-feels-like", "/daily-life-and-history",
                  "/your-health")


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.get_data(as_text=True)).group(1)


def switch_links(response) -> dict[str, str]:
    """The language switch's links on a page: {language code: href}; on a page of answers, its buttons
    (they send the page's form, which keeps what was typed): {language code: "form:<the form's id>"}."""
    page = response.get_data(as_text=True)
    nav = re.search(r'<nav class="language-switch".*?</nav>', page, re.DOTALL)
    assert nav, "no language switch on the page"
    links = {code: href.replace("&amp;", "&")
             for href, code in re.findall(r'href="([^"]+)" hreflang="([^"]+)"', nav.group(0))}
    buttons = {code: f"form:{form}" for form, code in
               re.findall(r'<button [^>]*form="([^"]+)" name="lang" value="([^"]+)"', nav.group(0))}
    return {**links, **buttons}


def test_the_browser_preference_picks_the_language(client):
    assert html_lang(client.get("/", headers=SPANISH)) == "es"
    assert html_lang(client.get("/", headers={"Accept-Language": "en-US,en;q=0.9"})) == "en"
    assert html_lang(client.get("/", headers={"Accept-Language": "fr-FR"})) == "en"  # not offered: English
    assert html_lang(client.get("/")) == "en"


@pytest.mark.parametrize("path", PATIENT_PAGES)
def test_every_patient_page_has_a_switch_to_the_other_language(client, path):
    response = client.get(path)
    assert html_lang(response) == "en"
    links = switch_links(response)
    assert list(links) == ["es"]  # the current language is shown, not linked
    # A question page's switch sends its form (what was typed is kept); other pages link to ?lang=es.
    assert links["es"] == "form:page-form" if path in QUESTION_PAGES else links["es"].endswith("lang=es")
    assert 'aria-current="true" lang="en">English<' in response.get_data(as_text=True)


def test_choosing_a_language_redirects_to_the_same_page_and_is_remembered(client):
    response = client.get("/what-it-feels-like?change=1&lang=es")
    assert response.status_code == 303
    assert response.headers["Location"] == "/what-it-feels-like?change=1"
    # The choice wins over the browser's preference from now on, on every page.
    assert html_lang(client.get("/", headers={"Accept-Language": "en"})) == "es"
    assert html_lang(client.get("/learn/")) == "es"
    assert switch_links(client.get("/"))["en"] == "/?lang=en"
    client.get("/?lang=en")
    assert html_lang(client.get("/", headers=SPANISH)) == "en"


def test_the_switch_keeps_the_draft(client, answers):
    client.post("/about-you", data=form_data("about", answers))
    client.post("/where-it-hurts", data=form_data("regions", answers))
    assert switch_links(client.get("/about-you"))["es"] == "form:page-form"
    response = client.post("/about-you", data={**form_data("about", answers), "lang": "es"})  # the switch pressed
    assert response.headers["Location"] == "/about-you"
    page = client.get("/about-you")
    assert html_lang(page) == "es"
    assert f'value="{answers["full_name"]}"' in page.get_data(as_text=True)
    answer_pages(client, answers)  # every page still accepts the same answers, in the other language
    assert client.get("/check-your-answers").status_code == 200


def test_an_unknown_language_is_ignored(client):
    response = client.get("/?lang=xx")
    assert response.status_code == 303 and response.headers["Location"] == "/"
    assert html_lang(client.get("/")) == "en"


def test_a_form_post_never_changes_the_language(client, answers):
    client.post("/about-you?lang=es", data=form_data("about", answers))
    assert html_lang(client.get("/")) == "en"


def test_the_switch_never_redirects_to_another_site(client):
    for path in ("//evil.example/", "//learn/"):
        response = client.get("/", query_string={"lang": "es"}, environ_overrides={"PATH_INFO": path})
        assert not response.headers.get("Location", "").startswith("//"), path


def test_staff_pages_stay_english_without_a_switch(client):
    client.get("/?lang=es")
    response = client.get("/staff/login", headers=SPANISH)
    assert html_lang(response) == "en"
    assert "language-switch" not in response.get_data(as_text=True)


def test_spanish_pages_show_spanish_text_labels_and_error_messages(client):
    page = client.get("/", headers=SPANISH).get_data(as_text=True)
    assert "Cuéntenos sobre su dolor antes de su visita" in page
    assert 'llame al <a class="link" href="tel:911">911</a> o avise en la recepción' in page
    regions = client.get("/where-it-hurts", headers=SPANISH).get_data(as_text=True)
    assert "Entre los omóplatos" in regions and "Between the shoulder blades" not in regions
    response = client.post("/about-you", headers=SPANISH,
                           data={"full_name": "", "date_of_birth-day": "3", "date_of_birth-month": "4"})
    assert response.status_code == 302 and response.headers["Location"] == "/about-you"
    errors = client.get("/about-you", headers=SPANISH).get_data(as_text=True)
    assert "Escriba su nombre completo" in errors
    assert "Fecha de nacimiento: falta el año" in errors
    assert "<title>Error: Sus datos" in errors


def test_spanish_error_pages(client):
    page = client.get("/no-such-page", headers=SPANISH)
    assert page.status_code == 404
    assert "No encontramos la página" in page.get_data(as_text=True)
