"""Patient text that would show staff something other than what is stored: bidi overrides anywhere,
and invisible (zero-width) characters in a name, are refused with a message; real names in any script pass."""

import html

import pytest
from sqlalchemy import select

from intake.extensions import db
from intake.models import Draft
from tests.questionnaire_client import answer_pages, form_data

MESSAGE = "must not contain invisible characters"


def _draft(app):
    with app.app_context():
        draft = db.session.scalars(select(Draft)).first()
        return draft.answers if draft else None


@pytest.mark.parametrize("name", ["Alex\u202eelpmaxE", "Alex\u200bExample", "Alex\ufeffExample", "Alex\u2066Example",
                                  "Alex\u200dExample", "Alex\u2060Example", "Alex\u00adExample", "\u202dAlex Example"])
def test_a_name_with_hidden_characters_is_refused_with_a_message_and_not_saved(app, client, answers, name):
    # An error comes back by a redirect to the page (post/redirect/get): followed here.
    response = client.post("/about-you", data={**form_data("about", answers), "full_name": name}, follow_redirects=True)
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 200 and f"Full name {MESSAGE}" in page
    assert not _draft(app)  # no answer saved (what was typed is only kept to show again, for correcting)


@pytest.mark.parametrize("name", ["José Peña", "Zoë O'Brien-Smith", "محمد عبد الله", "李小龍", "Nguyễn Thị Minh Khai"])
def test_real_names_in_any_script_are_accepted(app, client, answers, name):
    response = client.post("/about-you", data={**form_data("about", answers), "full_name": name})
    assert response.status_code == 302
    assert _draft(app)["full_name"] == name


def test_a_bidi_override_in_the_notes_is_refused_but_an_emoji_sequence_is_kept(app, client, answers):
    answer_pages(client, answers)
    data = form_data("history", answers)
    refused = client.post("/daily-life-and-history", data={**data, "notes": "fine \u202eon elbat"}, follow_redirects=True)
    assert refused.status_code == 200 and MESSAGE in html.unescape(refused.get_data(as_text=True))
    kept = client.post("/daily-life-and-history", data={**data, "notes": "family \U0001f468\u200d\U0001f469\u200d\U0001f467"})
    assert kept.status_code == 302
    assert _draft(app)["notes"].endswith("\U0001f467")
