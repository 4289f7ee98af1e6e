"""The safety signs: two checkbox lists with an exclusive "None of these", every sign stored as a boolean."""

import re

import pytest
from sqlalchemy import select

from intake.extensions import db
from intake.models import Draft
from intake.questionnaire import EMERGENCY_SIGN_CODES, HEALTH_SIGN_CODES, PAGES, RED_FLAG_CODES

GROUPS = [("/emergency-signs", "emergency_signs", EMERGENCY_SIGN_CODES),
          ("/your-health", "health_signs", HEALTH_SIGN_CODES)]


def draft_answers(app):
    with app.app_context():
        draft = db.session.scalars(select(Draft)).first()
        return draft.answers if draft else {}


def test_the_groups_hold_the_contracts_codes():
    assert EMERGENCY_SIGN_CODES == ("rf_chest_pain", "rf_breathless", "rf_tearing_pain", "rf_sudden_headache",
                                    "rf_stroke_signs", "rf_fever_stiff_neck", "rf_bladder_bowel")
    assert set(HEALTH_SIGN_CODES) == {"rf_weakness", "rf_both_legs", "rf_clumsy_hands", "rf_new_neck_headache",
                                      "rf_trauma", "rf_fever", "rf_immune", "rf_cancer", "rf_weight_loss",
                                      "rf_night_pain", "rf_steroids"}
    assert RED_FLAG_CODES == EMERGENCY_SIGN_CODES + HEALTH_SIGN_CODES and len(set(RED_FLAG_CODES)) == 18
    # The emergency signs are the first question page, the health signs the last.
    order = [code for code in PAGES if code != "consent"]
    assert order[0] == "emergency" and order[-1] == "health"


@pytest.mark.parametrize("path, field, codes", GROUPS)
def test_nothing_ticked_is_an_error_that_says_what_to_do(app, client, path, field, codes):
    response = client.post(path, data={}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "There is a problem" in page
    assert "or select ‘None of these’" in page
    assert f'href="#{field}-{codes[0]}"' in page
    assert not set(codes) & draft_answers(app).keys()


@pytest.mark.parametrize("path, field, codes", GROUPS)
def test_a_sign_ticked_stores_true_for_it_and_false_for_the_others(app, client, path, field, codes):
    assert client.post(path, data={field: [codes[1]]}).status_code == 302
    stored = draft_answers(app)
    assert {code: stored[code] for code in codes} == {code: code == codes[1] for code in codes}


@pytest.mark.parametrize("path, field, codes", GROUPS)
def test_none_of_these_stores_false_for_every_sign(app, client, path, field, codes):
    client.post(path, data={field: ["none"]})
    stored = draft_answers(app)
    assert [stored[code] for code in codes] == [False] * len(codes)
    # Shown again as "None of these" ticked, not as an unanswered list.
    page = client.get(path).get_data(as_text=True)
    assert f'id="{field}-none" name="{field}" type="checkbox" value="none" data-behaviour="exclusive" checked' in page


@pytest.mark.parametrize("path, field, codes", GROUPS)
def test_a_sign_with_none_of_these_is_refused_and_keeps_the_ticks(app, client, path, field, codes):
    response = client.post(path, data={field: [codes[0], "none"]}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Select “None of these” on its own, or untick it" in page
    assert re.search(f'value="{codes[0]}"[^>]* checked>', page)
    assert draft_answers(app) == {}


@pytest.mark.parametrize("value", ["rf_cancer_typo", "yes", "rf_chest_pain"])
def test_a_code_not_in_the_list_is_refused(app, client, value):
    # rf_chest_pain is a real sign, but not one of the health page's: a tampered form.
    response = client.post("/your-health", data={"health_signs": [value]}, follow_redirects=True)
    assert response.status_code == 200 and "Select only the options shown" in response.get_data(as_text=True)
    assert draft_answers(app) == {}


def test_every_sign_has_one_short_sentence_and_the_page_its_hints(client):
    page = client.get("/emergency-signs").get_data(as_text=True)
    assert '<h1 class="heading-l fieldset__heading">Do you have any of these now?</h1>' in page
    assert "double vision" in page  # a hint under its sign
    assert 'aria-describedby="emergency_signs-rf_stroke_signs-hint"' in page
    assert page.count('type="checkbox"') == len(EMERGENCY_SIGN_CODES) + 1
    assert "js/exclusive.js" in page


def test_the_check_page_links_each_sign_to_its_box(client, answers):
    from tests.questionnaire_client import answer_pages

    answer_pages(client, answers)
    page = client.get("/check-your-answers").get_data(as_text=True)
    assert 'href="/emergency-signs?change=1#emergency_signs-rf_chest_pain"' in page
    assert 'href="/your-health?change=1#health_signs-rf_steroids"' in page
