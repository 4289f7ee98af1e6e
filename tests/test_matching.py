"""Education matching: case vignettes against the shipped library (top article and triage), plus the mechanics."""

import random
from dataclasses import replace
from datetime import date

import pytest

from intake.content.library import REQUIRED_SLUGS, load_library
from intake.rules.matching import FALLBACK_REASON, Rule, match, reason_words
from intake.rules.triage import assess
from tests.conftest import DATA

TODAY = date(2025, 6, 15)


@pytest.fixture(scope="module")
def shipped():
    library = load_library()
    assert library.problems == []
    return list(library.articles.values())


@pytest.fixture(scope="module")
def fixtures():
    library = load_library(DATA / "articles", required_slugs=())
    assert library.problems == []
    return list(library.articles.values())


def born_aged(years: int) -> str:
    return TODAY.replace(year=TODAY.year - years, month=5).isoformat()


BASE = {
    "full_name": "Case Vignette", "date_of_birth": born_aged(40), "visit_type": "new",
    "regions": [], "qualities": [], "pain_now": 4, "pain_worst": 6, "pain_interference": 3,
    "frequency": "comes_and_goes", "duration": "3_to_12_months", "onset": "gradual",
    "aggravators": ["none"], "related": ["none"], "past": ["none"],
    **{code: False for code in ("rf_chest_pain", "rf_breathless", "rf_sudden_headache", "rf_bladder_bowel",
                                "rf_weakness", "rf_trauma", "rf_fever", "rf_cancer", "rf_weight_loss",
                                "rf_night_pain", "rf_steroids", "rf_tearing_pain", "rf_stroke_signs",
                                "rf_fever_stiff_neck", "rf_both_legs", "rf_clumsy_hands",
                                "rf_new_neck_headache", "rf_immune")},
    "consent_accurate": True, "consent_not_emergency": True,
}


def vignette(regions, qualities=(), **more):
    return {**BASE, "regions": list(regions), "primary_region": regions[0] if regions else None,
            "qualities": list(qualities), **more}


# (name, answers, top article, triage level). Every article, every red flag and the age edges.
VIGNETTES = [
    ("desk worker, burning between the shoulder blades",
     vignette(["back.upper"], ["burning"], aggravators=["sitting"]), "mid-upper-back-pain", "none"),
    ("stabbing rib pain on a deep breath",
     vignette(["back.mid", "ribs.left"], ["stabbing"], aggravators=["deep_breath", "twisting"]),
     "mid-upper-back-pain", "none"),
    ("aching knots in the mid back with scoliosis",
     vignette(["back.mid"], ["aching", "knots"], past=["scoliosis"]), "mid-upper-back-pain", "none"),
    ("thoracic pain with chest pain now",
     vignette(["back.upper", "back.mid"], ["aching"], rf_chest_pain=True), "mid-upper-back-pain", "emergency"),
    ("thoracic pain worse at night",
     vignette(["back.mid"], ["aching"], rf_night_pain=True), "mid-upper-back-pain", "urgent"),
    ("mid back pain with weight loss",
     vignette(["back.upper"], ["aching"], rf_weight_loss=True), "mid-upper-back-pain", "urgent"),
    ("sharp pain in the front of the chest and ribs",
     vignette(["ribs.right", "chest"], ["stabbing"], aggravators=["deep_breath"]), "mid-upper-back-pain", "urgent"),
    ("stiff neck from looking at a phone",
     vignette(["neck.upper", "neck.lower"], ["stiffness", "aching"], aggravators=["looking_down", "turning_head"],
              related=["neck_stiffness"]), "neck-pain", "none"),
    ("neck pain after a car accident last week",
     vignette(["neck.lower"], ["aching", "stiffness"], onset="injury", past=["car_accident"], rf_trauma=True),
     "neck-pain", "urgent"),
    ("19-year-old who woke with a stiff neck",
     vignette(["neck.upper"], ["stiffness"], date_of_birth=born_aged(19), duration="under_1_week",
              onset="woke_with_it"), "neck-pain", "urgent"),
    ("20-year-old who woke with a stiff neck",
     vignette(["neck.upper"], ["stiffness"], date_of_birth=born_aged(20), duration="under_1_week",
              onset="woke_with_it"), "neck-pain", "none"),
    ("headaches from the base of the skull",
     vignette(["head.back", "neck.upper"], ["throbbing", "aching"], related=["headaches"]),
     "headaches-migraines", "none"),
    ("forehead migraines and poor sleep",
     vignette(["head.front"], ["throbbing"], related=["headaches", "poor_sleep"]), "headaches-migraines", "none"),
    ("the worst headache of their life",
     vignette(["head.back"], ["throbbing"], related=["headaches"], rf_sudden_headache=True),
     "headaches-migraines", "emergency"),
    ("16-year-old with new headaches",
     vignette(["head.front", "head.back"], ["throbbing"], related=["headaches"], date_of_birth=born_aged(16),
              duration="1_to_6_weeks"), "headaches-migraines", "urgent"),
    ("low back ache from bending and lifting",
     vignette(["back.low"], ["aching", "stiffness"], aggravators=["bending", "lifting", "sitting"]),
     "low-back-pain", "none"),
    ("56-year-old with new low back pain",
     vignette(["back.low"], ["aching"], date_of_birth=born_aged(56), duration="1_to_6_weeks"),
     "low-back-pain", "urgent"),
    ("55-year-old with new low back pain",
     vignette(["back.low"], ["aching"], date_of_birth=born_aged(55), duration="under_1_week"),
     "low-back-pain", "none"),
    ("low back pain with loss of bladder control",
     vignette(["back.low", "pelvis.back"], ["aching"], rf_bladder_bowel=True), "low-back-pain", "emergency"),
    ("low back pain and osteoporosis",
     vignette(["back.low"], ["aching", "stiffness"], aggravators=["standing"], rf_steroids=True),
     "low-back-pain", "urgent"),
    ("low back pain worse at night (not thoracic)",
     vignette(["back.low"], ["aching"], rf_night_pain=True), "low-back-pain", "none"),
    ("shooting pain and tingling down the left leg",
     vignette(["back.low", "hip.left", "leg.upper.left", "leg.lower.left"], ["shooting", "tingling"],
              aggravators=["sitting"], related=["leg_tingling"]), "sciatica-leg-pain", "none"),
    ("buttock and leg numbness getting weaker",
     vignette(["hip.right", "leg.lower.right", "foot.right"], ["numbness", "tingling"], related=["leg_tingling"],
              rf_weakness=True), "sciatica-leg-pain", "urgent"),
    ("buttock pain spreading into the thigh on coughing",
     vignette(["hip.left", "leg.upper.left"], ["shooting"], aggravators=["cough_sneeze"]),
     "sciatica-leg-pain", "none"),
    ("shoulder pain reaching overhead after sport",
     vignette(["shoulder.right", "arm.upper.right"], ["aching", "stabbing"], aggravators=["reaching_overhead"],
              past=["sports_injury"]), "shoulder-arm-pain", "none"),
    ("tingling from the neck into the hand",
     vignette(["arm.lower.left", "hand.left", "neck.lower"], ["tingling", "numbness"], related=["arm_tingling"]),
     "shoulder-arm-pain", "none"),
    ("shoulder pain after cancer treatment",
     vignette(["shoulder.left"], ["aching"], rf_cancer=True), "shoulder-arm-pain", "urgent"),
    ("dizzy when turning the head",
     vignette(["neck.upper"], ["stiffness"], aggravators=["turning_head"], related=["dizziness", "neck_stiffness"]),
     "dizziness-vertigo", "none"),
    ("dizziness since a concussion",
     vignette(["head.back"], ["aching"], related=["dizziness"], past=["concussion"]), "dizziness-vertigo", "none"),
    ("dizzy and short of breath",
     vignette([], [], related=["dizziness"], rf_breathless=True), "dizziness-vertigo", "emergency"),
    ("clicking, aching jaw",
     vignette(["jaw.left", "jaw.right"], ["aching"], related=["jaw_clicking"]), "jaw-pain-tmj", "none"),
    ("jaw pain with headaches",
     vignette(["jaw.right", "head.front"], ["throbbing"], related=["jaw_clicking", "headaches"]),
     "jaw-pain-tmj", "none"),
    ("jaw pain with a fever",
     vignette(["jaw.left"], ["aching"], rf_fever=True), "jaw-pain-tmj", "urgent"),
    ("sudden tearing pain between the shoulder blades",
     vignette(["back.upper"], ["stabbing"], rf_tearing_pain=True), "mid-upper-back-pain", "emergency"),
    ("neck pain with double vision and slurred speech",
     vignette(["neck.upper"], ["aching"], rf_stroke_signs=True), "neck-pain", "emergency"),
    ("stiff neck with a high temperature and a bad headache",
     vignette(["neck.upper", "neck.lower"], ["stiffness"], related=["neck_stiffness"], rf_fever_stiff_neck=True),
     "neck-pain", "emergency"),
    ("low back pain into both legs, getting weaker",
     vignette(["back.low", "leg.upper.left", "leg.upper.right"], ["shooting"], related=["leg_tingling"],
              rf_both_legs=True, rf_weakness=True), "sciatica-leg-pain", "emergency"),
    ("clumsy hands and neck stiffness",
     vignette(["neck.lower"], ["stiffness"], related=["neck_stiffness"], rf_clumsy_hands=True), "neck-pain",
     "urgent"),
    ("a new headache unlike any before",
     vignette(["head.back"], ["throbbing"], related=["headaches"], rf_new_neck_headache=True),
     "headaches-migraines", "urgent"),
    ("low back pain on transplant medicine",
     vignette(["back.low"], ["aching"], aggravators=["bending"], rf_immune=True), "low-back-pain", "urgent"),
    ("knee and ankle pain: nothing specific",
     vignette(["leg.knee.left", "foot.right"], ["aching"]), "upper-cervical-care", "none"),
    ("returning patient with poor sleep only",
     vignette([], [], visit_type="returning", related=["poor_sleep"], past=["chiropractic_care"]),
     "upper-cervical-care", "none"),
]


@pytest.mark.parametrize("answers, top, level", [v[1:] for v in VIGNETTES], ids=[v[0] for v in VIGNETTES])
def test_vignette(shipped, answers, top, level):
    assert assess(answers, TODAY).level == level
    matches = match(answers, shipped)
    assert matches[0].slug == top, [(m.slug, m.score, m.reasons) for m in matches]


def test_vignettes_cover_every_article_and_red_flag():
    assert {v[2] for v in VIGNETTES} == set(REQUIRED_SLUGS)
    flags = {code for v in VIGNETTES for code, value in v[1].items() if code.startswith("rf_") and value is True}
    assert flags == {code for code in BASE if code.startswith("rf_")}
    assert len(VIGNETTES) >= 25


def test_domain_example_matches_mid_upper_back_pain_with_reasons(shipped, answers):
    assert assess(answers, TODAY).level == "none"
    top = match(answers, shipped)[0]
    assert top.slug == "mid-upper-back-pain"
    assert top.reasons[0].startswith("burning + between the shoulder blades")
    assert top.section == "burning"


def test_shipped_rules_link_only_to_sections_that_exist(shipped):
    for article in shipped:
        for rule in article.rules:
            assert rule.section is None or rule.section in article.sections, (article.slug, rule)


def test_matching_is_deterministic_whatever_the_article_order(shipped):
    for _, answers, _, _ in VIGNETTES:
        expected = match(answers, shipped)
        shuffled = list(shipped)
        random.Random(7).shuffle(shuffled)
        assert match(answers, shuffled) == expected
        assert match(answers, reversed(shipped)) == expected


def test_a_limit_keeps_the_best_matches_with_the_same_scores_and_reasons(shipped):
    for _, answers, _, _ in VIGNETTES:
        every = match(answers, shipped)
        assert match(answers, shipped, limit=3) == every[:3]
        assert match(answers, shipped, limit=1) == every[:1]


def test_ties_are_broken_by_slug(fixtures):
    # neck-pain gives base of the neck 3 points; make mid-upper-back-pain give the same.
    tied = vignette(["neck.lower"], [])
    mid = next(a for a in fixtures if a.slug == "mid-upper-back-pain")
    tied_mid = replace(mid, rules=(Rule((("regions", ("neck.lower",)),), 3),))
    others = [a for a in fixtures if a.slug != "mid-upper-back-pain"]
    for articles in ([tied_mid, *others], [*others, tied_mid]):
        assert [(m.slug, m.score) for m in match(tied, articles)] == [("mid-upper-back-pain", 3), ("neck-pain", 3)]


def test_fallback_when_nothing_scores(fixtures):
    matches = match(vignette(["leg.knee.left"], ["aching"]), fixtures)
    assert [(m.slug, m.score, m.reasons, m.section) for m in matches] == [
        ("upper-cervical-care", 0, (FALLBACK_REASON,), None)]
    assert matches[0].version == next(a.version for a in fixtures if a.slug == "upper-cervical-care")


def test_no_fallback_article_means_no_match(fixtures):
    assert match(vignette(["leg.knee.left"]), [a for a in fixtures if a.slug != "upper-cervical-care"]) == []


def test_only_articles_that_score_are_returned(fixtures):
    matches = match(vignette(["back.upper"], ["burning"]), fixtures)
    assert [m.slug for m in matches] == ["mid-upper-back-pain"]


def test_reasons_read_as_words_and_combinations_replace_their_parts(fixtures):
    answers = vignette(["back.upper"], ["burning"])
    top = match(answers, fixtures)[0]
    # burning (1) + back.upper (3) + main area (2) + burning combination (4)
    assert top.score == 10
    assert top.reasons == ("burning + between the shoulder blades", "main area: between the shoulder blades")


def test_reason_lists_every_code_that_satisfied_a_combination(fixtures, answers):
    top = match(answers, fixtures)[0]
    assert top.reasons[0] == "burning + between the shoulder blades and base of the neck"


def test_the_strongest_rule_with_a_section_decides_the_link(fixtures):
    assert match(vignette(["back.mid"], ["stabbing"]), fixtures)[0].section == "stabbing"
    assert match(vignette(["back.mid"], ["aching"]), fixtures)[0].section is None
    neck = match(vignette(["neck.lower"], ["stiffness"], related=["neck_stiffness"]), fixtures)[0]
    assert (neck.slug, neck.section, neck.reasons) == ("neck-pain", "stiffness", ("stiffness + base of the neck",
                                                                                  "neck stiffness"))


def test_match_carries_article_title_and_version(fixtures):
    top = match(vignette(["back.upper"], ["burning"]), fixtures)[0]
    article = next(a for a in fixtures if a.slug == top.slug)
    assert (top.title, top.version) == (article.title, article.version)


@pytest.mark.parametrize("question, codes, words", [
    ("regions", ("back.upper", "neck.lower"), "between the shoulder blades and base of the neck"),
    ("primary_region", ("back.upper",), "main area: between the shoulder blades"),
    ("qualities", ("knots",), "tight, knotted muscles"),
    ("aggravators", ("sitting", "bending"), "worse when sitting and bending"),
    ("onset", ("woke_with_it",), "I woke up with it"),
    ("duration", ("1_to_6_weeks",), "for 1 to 6 weeks"),
    ("past", ("car_accident",), "past: a car accident"),
])
def test_reason_words_use_the_questionnaire_labels(question, codes, words):
    assert reason_words(question, codes) == words
