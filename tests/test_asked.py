"""Stored submissions keep their meaning: a red flag a submission was never asked reads "Not asked", never "No"."""

import csv
import html
import io
import json
import re

import pytest
from sqlalchemy import update

from intake.rules.asked import FLAGS_ADDED_IN_VERSION_2, asked_flags, exportable_answers, not_asked_flags
from intake.database import write_transaction
from intake.models import Submission
from intake.questionnaire import QUESTIONNAIRE_VERSION, QUESTIONS, RED_FLAG_CODES

OLD_FLAGS = tuple(code for code in RED_FLAG_CODES if code not in FLAGS_ADDED_IN_VERSION_2)


def test_version_1_was_not_asked_the_seven_new_flags(answers):
    old = {k: v for k, v in answers.items() if k not in FLAGS_ADDED_IN_VERSION_2}
    assert asked_flags(old, "1") == OLD_FLAGS and len(OLD_FLAGS) == 11
    assert set(not_asked_flags(old, "1")) == set(FLAGS_ADDED_IN_VERSION_2) and len(FLAGS_ADDED_IN_VERSION_2) == 7


def test_the_current_version_asks_every_flag(answers):
    assert QUESTIONNAIRE_VERSION == "2"
    assert asked_flags(answers, QUESTIONNAIRE_VERSION) == RED_FLAG_CODES
    assert not_asked_flags(answers, QUESTIONNAIRE_VERSION) == ()


def test_without_a_version_only_the_flags_held_were_asked(answers):
    held = {k: v for k, v in answers.items() if k != "rf_immune"}
    assert "rf_immune" not in asked_flags(held) and "rf_immune" in not_asked_flags(held)


def test_exports_leave_out_what_was_never_asked_and_keep_the_rest(answers):
    # Even a stray value under a flag the version never asked is not exported as an answer.
    old = {**answers, "rf_immune": False}
    out = exportable_answers(old, "1")
    assert not set(FLAGS_ADDED_IN_VERSION_2) & set(out)
    assert all(out[code] is False for code in OLD_FLAGS) and out["full_name"] == answers["full_name"]
    assert exportable_answers(answers, "2") == answers


@pytest.fixture
def old_submission(app, make_submission):
    """A submission stored before contract 2: version 1, without the seven new flags."""
    stored = make_submission(**{code: None for code in FLAGS_ADDED_IN_VERSION_2}, rf_cancer=True)
    with app.app_context(), write_transaction() as tx:
        tx.execute(update(Submission).where(Submission.id == stored.id).values(questionnaire_version="1"))
    return stored


def _row(page: str, label: str) -> str:
    match = re.search(re.escape(label) + r"</dt><dd class=\"summary-list__value\">(.*?)</dd>", page)
    assert match, label
    return match.group(1)


def test_staff_see_not_asked_for_an_old_submission(client, login, old_submission):
    login(client, role="front_desk")
    page = client.get(f"/staff/submissions/{old_submission.id}").get_data(as_text=True)
    assert page.count("Not asked") == 7
    assert "Not asked" in _row(page, html.escape(QUESTIONS["rf_both_legs"].label))
    assert "Yes" in _row(page, html.escape(QUESTIONS["rf_cancer"].label))
    assert "No" in _row(page, html.escape(QUESTIONS["rf_weight_loss"].label))


def test_a_new_submission_shows_no_not_asked(client, login, make_submission):
    stored = make_submission()
    login(client, role="front_desk")
    assert "Not asked" not in client.get(f"/staff/submissions/{stored.id}").get_data(as_text=True)


def test_csv_and_fhir_exports_leave_the_unasked_flags_out(client, login, old_submission):
    login(client, role="practitioner")
    response = client.get("/staff/export.csv", query_string={"status": "all", "from": "", "to": ""})
    header, row = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    values = dict(zip(header, row))
    assert all(values[code] == "" for code in FLAGS_ADDED_IN_VERSION_2)
    assert values["rf_cancer"] == "yes" and values["rf_fever"] == "no"
    fhir = json.dumps(client.get(f"/staff/submissions/{old_submission.id}/fhir").get_json())
    assert all(f'"{code}"' not in fhir for code in FLAGS_ADDED_IN_VERSION_2)
    assert '"rf_cancer"' in fhir
