"""The content authors' commands: `explain ANSWERS.json` and `content check`, on good and bad input."""

import json
import shutil

import pytest

from intake.content.library import REQUIRED_SLUGS
from tests.conftest import DATA


@pytest.fixture
def answers_file(tmp_path, answers):
    def write(content) -> str:
        path = tmp_path / "answers.json"
        path.write_text(content if isinstance(content, str) else json.dumps(content))
        return str(path)
    return write


def test_explain_prints_triage_and_matches_best_first(runner):
    result = runner.invoke(args=["explain", str(DATA / "answers-burning-upper-back.json")])
    assert result.exit_code == 0, result.output
    output = json.loads(result.stdout)
    assert output["triage"] == {"level": "none", "reasons": []}
    assert output["matches"][0]["slug"] == "mid-upper-back-pain"
    assert output["matches"][0]["reasons"][0].startswith("burning + between the shoulder blades")
    assert all(set(m) == {"slug", "score", "reasons"} for m in output["matches"])
    scores = [m["score"] for m in output["matches"]]
    assert scores == sorted(scores, reverse=True) and scores[-1] > 0


def test_explain_lists_every_red_flag_reason(runner, answers, answers_file):
    path = answers_file({**answers, "rf_breathless": True, "rf_fever": True})
    output = json.loads(runner.invoke(args=["explain", path]).stdout)
    assert output["triage"] == {"level": "emergency", "reasons": [
        "Short of breath at rest, or breathing is hard now", "Fever or chills, or feeling generally unwell"]}


@pytest.mark.parametrize("flags, level, reason", [
    ({"rf_stroke_signs": True}, "emergency", "Possible stroke or neck artery signs"),
    ({"rf_tearing_pain": True}, "emergency", "Sudden, severe tearing or ripping pain"),
    ({"rf_both_legs": True, "rf_weakness": True}, "emergency", "(possible cauda equina)"),
    ({"rf_both_legs": True}, "urgent", "Pain, numbness or tingling in both legs"),
    ({"rf_immune": True}, "urgent", "Weakened immune system"),
])
def test_explain_takes_the_contract_2_flags(runner, answers, answers_file, flags, level, reason):
    output = json.loads(runner.invoke(args=["explain", answers_file({**answers, **flags})]).stdout)
    assert output["triage"]["level"] == level
    assert [r for r in output["triage"]["reasons"] if reason in r]


def test_explain_refuses_a_flag_that_is_not_true_or_false(runner, answers, answers_file):
    result = runner.invoke(args=["explain", answers_file({**answers, "rf_stroke_signs": "yes"})])
    assert result.exit_code != 0 and "'rf_stroke_signs': must be true or false" in result.stderr


def test_explain_allows_missing_optional_answers(runner, answers, answers_file):
    keep = ("date_of_birth", "regions", "duration") + tuple(k for k in answers if k.startswith("rf_"))
    result = runner.invoke(args=["explain", answers_file({k: answers[k] for k in keep})])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["matches"][0]["slug"] == "mid-upper-back-pain"


def test_explain_with_nothing_specific_gives_the_general_article(runner, answers, answers_file):
    path = answers_file({**answers, "regions": ["leg.knee.left"], "primary_region": "leg.knee.left",
                         "qualities": ["aching"], "aggravators": ["none"], "related": ["none"]})
    matches = json.loads(runner.invoke(args=["explain", path]).stdout)["matches"]
    assert matches == [{"slug": "upper-cervical-care", "score": 0, "reasons": ["no specific match: general article"]}]


@pytest.mark.parametrize("content, message", [
    ("{not json", "is not valid JSON"),
    ('["a list"]', "must hold one JSON object"),
    ({"regionz": []}, "unknown question code 'regionz'"),
    ({"pain_now": "5"}, "'pain_now': must be a whole number from 0 to 10"),
    ({"pain_now": 11}, "'pain_now': must be a whole number from 0 to 10"),
    ({"pain_now": True}, "'pain_now': must be a whole number from 0 to 10"),
    ({"regions": ["back.middle"]}, "'regions': unknown answer code(s) 'back.middle'"),
    ({"regions": "back.upper"}, "'regions': must be a list of answer codes"),
    ({"qualities": ["burning", "burning"]}, "'qualities': lists the same code twice"),
    ({"aggravators": ["none", "sitting"]}, "'aggravators': 'none' cannot be combined with other answers"),
    ({"duration": "two_weeks"}, "'duration': must be one of"),
    ({"primary_region": "neck.upper"}, "'primary_region': must be one of the regions chosen"),
    ({"rf_chest_pain": "no"}, "'rf_chest_pain': must be true or false"),
    ({"rf_chest_pain": None}, "'rf_chest_pain': must be true or false"),
    ({"date_of_birth": "12/04/1986"}, "'date_of_birth': must be a date written YYYY-MM-DD"),
    ({"date_of_birth": "1986-02-30"}, "'date_of_birth': is not a real date"),
    ({"date_of_birth": "2999-01-01"}, "'date_of_birth': must be between 1900-01-01 and today"),
    ({"full_name": 42}, "'full_name': must be text"),
    ({"notes": "x" * 2001}, "'notes': must be 2000 characters or fewer"),
], ids=lambda value: value if isinstance(value, str) and len(value) < 40 else None)
def test_explain_refuses_bad_answers_with_a_clear_message(runner, answers, answers_file, content, message):
    if isinstance(content, dict):
        content = {**answers, **content}
    result = runner.invoke(args=["explain", answers_file(content)])
    assert result.exit_code != 0
    assert message in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("missing", ["rf_bladder_bowel", "date_of_birth", "duration", "regions", "rf_tearing_pain",
                                     "rf_stroke_signs", "rf_fever_stiff_neck", "rf_both_legs", "rf_clumsy_hands",
                                     "rf_new_neck_headache", "rf_immune"])
def test_explain_refuses_answers_the_rules_need_but_lack(runner, answers, answers_file, missing):
    result = runner.invoke(args=["explain", answers_file({k: v for k, v in answers.items() if k != missing})])
    assert result.exit_code != 0
    assert f"'{missing}' is missing (needed by the rules)" in result.stderr


def test_explain_missing_file(runner, tmp_path):
    result = runner.invoke(args=["explain", str(tmp_path / "nope.json")])
    assert result.exit_code != 0 and "Cannot read" in result.stderr


def test_content_check_passes_on_the_shipped_library(runner):
    result = runner.invoke(args=["content", "check"])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"{len(REQUIRED_SLUGS)} articles OK; es: {len(REQUIRED_SLUGS)} translated"


def test_content_check_fails_on_a_bad_folder_with_one_line_per_problem(runner, tmp_path):
    folder = tmp_path / "articles"
    shutil.copytree(DATA / "articles", folder)
    text = (folder / "neck-pain.md").read_text()
    (folder / "neck-pain.md").write_text(text.replace("neck_stiffness: 2", "stiff_neck: 2"))
    result = runner.invoke(args=["content", "check", "--folder", str(folder)])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert "neck-pain.md: match: related: unknown answer code 'stiff_neck' for question 'related'" in lines
    missing = [slug for slug in REQUIRED_SLUGS if not (folder / f"{slug}.md").exists()]
    assert [f"{slug}.md: this required article is missing" for slug in missing] == \
        [line for line in lines if line.endswith("required article is missing")]
    assert lines[-1] == f"{len(missing) + 1} problem(s) found in {folder}"
    assert result.stdout == ""


def test_content_check_uses_the_configured_folder(app, runner, tmp_path):
    shutil.copytree(DATA / "articles", tmp_path / "articles")
    app.config["ARTICLES_FOLDER"] = str(tmp_path / "articles")
    result = runner.invoke(args=["content", "check"])
    assert result.exit_code == 1
    assert "neck-pain.md" not in result.stderr and "low-back-pain.md: this required article is missing" in result.stderr
