"""Kept renders: the key is the template's whole context, and what a template reads outside it stops the keeping.

Every kept page equals the page rendered in full, byte for byte, in every language, on a kiosk and
off, in every draft state; a context value that changes changes the page; a value or a read that no
key can hold means the page is rendered in full, never kept with the value left out.
"""

import logging
import re
from datetime import timedelta

import pytest
from jinja2 import ChoiceLoader, DictLoader
from sqlalchemy import update

from intake.web import kept_render, shells
from intake.extensions import db
from intake.models import Draft, utcnow
from intake.questionnaire import FINAL_PAGE, PAGES
from intake.web.render_cache import store
from tests.questionnaire_client import answer_pages, form_data
from tests.test_kiosk import staff  # noqa: F401  (the fixture the kiosk's login uses)

TOKEN = re.compile(r'name="csrf_token" value="[^"]*"')
EXTRA = {
    "test/banner.html": '{% extends "base.html" %}{% block content %}<p id="banner">{{ banner }}</p>{% endblock %}',
    "test/session.html": '{% extends "base.html" %}{% block content %}{{ session.get("note", "") }}{% endblock %}',
    "test/now_macro.html": "{% macro now() %}{{ now_utc() }}{% endmacro %}",
    "test/now.html": '{% from "test/now_macro.html" import now %}<p>{{ now() }}</p>',
    "test/csrf_macro.html": '{% macro token() %}<input value="{{ csrf_token() }}">{% endmacro %}',
    "test/csrf.html": '{% from "test/csrf_macro.html" import token %}{{ token() }}',
    "test/settings.html": "{{ config.CLINIC_NAME }} {{ config.get('SECRET_KEY', '')|length }}",
    "test/clinic.html": "{{ config.CLINIC_NAME }} {{ url_for('patient.start') }} {{ request.path }}",
}


@pytest.fixture
def templates(app):
    app.jinja_env.loader = ChoiceLoader([DictLoader(EXTRA), app.jinja_env.loader])
    return app


def kept_pages(app) -> list:
    return [key for key in store(app).keys() if key[0] == "page"]


def render(app, template, path="/", **context):
    with app.test_request_context(path):
        return shells.render_page(template, **context)


def test_every_template_global_and_filter_is_declared(app):
    """A global or filter added without saying what it reads fails here (a global is guarded meanwhile)."""
    objects = {"request", "session", "g", "config", "url_for"}
    undeclared = set(app.jinja_env.globals) - kept_render.KEYED - kept_render.REFUSED - objects
    assert not undeclared
    from jinja2.defaults import DEFAULT_FILTERS

    assert set(app.jinja_env.filters) - set(DEFAULT_FILTERS) == kept_render.KEYED_FILTERS


def test_a_context_processor_value_is_part_of_the_key(templates):
    app, banner = templates, {"text": "Closed on Monday"}
    app.context_processor(lambda: {"banner": banner["text"]})
    first = render(app, "test/banner.html")
    banner["text"] = "Open on Monday"
    second = render(app, "test/banner.html")
    assert '<p id="banner">Closed on Monday</p>' in first and '<p id="banner">Open on Monday</p>' in second
    assert len(kept_pages(app)) == 2


def test_a_context_value_no_key_can_hold_renders_the_page_in_full(templates, caplog):
    class Opening:  # an object whose text may change: no key can hold it
        text = "Closed"

        def __str__(self):
            return self.text

    app, opening = templates, Opening()
    app.context_processor(lambda: {"banner": opening})
    assert "Closed" in render(app, "test/banner.html")
    opening.text = "Open"
    assert "Open" in render(app, "test/banner.html")
    assert kept_pages(app) == [] and "a value of type Opening cannot be part of a key" in caplog.text


@pytest.mark.parametrize("template, reads", [("test/session.html", "session.get"), ("test/now.html", "now_utc()"),
                                             ("test/settings.html", "config.get")])
def test_a_template_reading_outside_its_key_is_rendered_in_full_and_says_so(templates, caplog, template, reads):
    app = templates
    with app.test_request_context("/"):
        from flask import session

        session["note"] = "first"
        with caplog.at_level(logging.WARNING):
            first = shells.render_page(template)
        session["note"] = "second"
        again = shells.render_page(template)
    assert reads in caplog.text and "rendered in full" in caplog.text
    if template == "test/session.html":
        assert "first" in first and "second" in again
    # Remembered as not keepable: the next request renders in full at once, without trying again.
    assert [store(app).get(key) for key in kept_pages(app)] == [kept_render._UNCACHEABLE]


def test_settings_urls_and_request_facts_a_template_reads_are_in_its_key(templates):
    app = templates
    assert render(app, "test/clinic.html", "/where-it-hurts").startswith("Intake")
    app.config["CLINIC_NAME"] = "Upper Cervical Centre"
    assert render(app, "test/clinic.html", "/where-it-hurts") == "Upper Cervical Centre / /where-it-hurts"
    assert render(app, "test/clinic.html", "/about-you").endswith(" / /about-you")
    with app.test_request_context("/", base_url="http://clinic.example/intake"):
        assert shells.render_page("test/clinic.html") == "Upper Cervical Centre /intake/ /"


def test_a_macro_imported_without_context_gets_the_csrf_slot_filled_per_request(templates):
    app = templates
    app.config["WTF_CSRF_ENABLED"] = True
    pages = []
    for _ in range(2):
        with app.test_request_context("/"):
            from flask_wtf.csrf import generate_csrf

            pages.append((shells.render_page("test/csrf.html"), generate_csrf()))
    assert all(html == f'<input value="{token}">' for html, token in pages)
    assert pages[0][1] != pages[1][1] and len(kept_pages(app)) == 1


def expire_drafts(app):
    with app.app_context():
        db.session.execute(update(Draft).values(expires_at=utcnow() - timedelta(minutes=1)))
        db.session.commit()


def full_and_kept(app, client, path: str) -> tuple[str, str]:
    pages = []
    for shells_on in (False, True, True):  # in full; from a new shell; from the kept shell
        app.config["PAGE_SHELLS"] = shells_on
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code, response.headers.get("Location"))
        pages.append(TOKEN.sub('name="csrf_token" value="…"', response.get_data(as_text=True)))
    return pages[0], pages[1:]


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("on_kiosk", [False, True], ids=["own phone", "kiosk"])
def test_each_page_is_the_full_render_in_every_language_kiosk_and_draft_state(app, client, login, staff, answers,  # noqa: F811
                                                                            language, on_kiosk, caplog):
    if on_kiosk:
        login(client, email=staff.email)
        assert client.post("/staff/kiosk/start").status_code == 302
    client.get(f"/?lang={language}")
    # Every question page (the main-area page needs two areas; confirm-and-send is checked once all is answered).
    paths = ["/", *(page.path for page in PAGES.values() if page.code not in ("primary", FINAL_PAGE))]
    seen = {}
    # No draft; a draft of one page; a draft that expired (its token still in the session, as when a
    # kiosk patient walked away); every page answered.
    for state in ("none", "some", "expired", "all"):
        if state == "some":
            assert client.post("/about-you", data=form_data("about", answers)).status_code == 302
        elif state == "expired":
            expire_drafts(app)
        elif state == "all":
            answer_pages(client, answers)
        for path in paths + (["/check-your-answers", "/confirm-and-send"] if state == "all" else []):
            full, kept = full_and_kept(app, client, path)
            assert kept == [full, full], (state, path)
            seen[(state, path)] = full
    # And each page really is kept: one no key could hold would pass the comparison above without being cached
    # (the check page was, while its context carried the sections' page conditions, which are functions).
    assert "rendered in full on every request" not in caplog.text
    # The welcome page differs where the kiosk's "Start over" depends on the draft's token, not its answers.
    assert ('id="kiosk-start-over"' in seen[("expired", "/")]) == on_kiosk
    assert 'id="kiosk-start-over"' not in seen[("none", "/")]
