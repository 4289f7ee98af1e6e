"""The render store and its keys: bounded, least recently used out first; a key never stands for another value."""

import dataclasses
from datetime import date

import pytest
from markupsafe import Markup

from intake.questionnaire import QUESTIONS, Choice
from intake.web.render_cache import Store, Uncacheable, freeze, kept, store


def test_the_store_keeps_at_most_its_limit_dropping_the_least_recently_used():
    entries = Store(limit=3)
    for key in "abc":
        entries.put(key, key.upper())
    assert entries.get("a") == "A"  # "a" is now the most recently used
    entries.put("d", "D")
    assert entries.get("b") is None and [entries.get(k) for k in "acd"] == ["A", "C", "D"]
    assert len(entries) == 3


def test_the_apps_store_is_sized_by_its_setting(app):
    app.config["RENDER_CACHE_SIZE"] = 5
    app.extensions.pop("intake.render_cache", None)
    with app.app_context():
        for n in range(20):
            assert kept("test", n, lambda n=n: f"value {n}") == f"value {n}"
        assert len(store()) == 5
        assert kept("test", 19, lambda: "built again") == "value 19"  # still kept
        assert kept("test", 0, lambda: "built again") == "built again"  # dropped long ago


@pytest.mark.parametrize("one, other", [
    (True, 1), (1, 1.0), (0, False), (None, ""), ("<b>", Markup("<b>")), ((1, 2), [1, 2]), ([1, 2], [2, 1]),
    ({"a": 1, "b": 2}, {"b": 2, "a": 1}), ({"a": True}, {"a": 1}), (date(2026, 1, 2), "2026-01-02"),
    (Choice("yes", "Yes"), ("yes", "Yes", None)),
])
def test_values_a_template_would_print_differently_have_different_keys(one, other):
    assert freeze(one) != freeze(other)


def test_equal_values_have_equal_keys():
    assert freeze({"a": [1, (2, "x")], "b": QUESTIONS["pain_now"]}) == freeze({"a": [1, (2, "x")],
                                                                             "b": QUESTIONS["pain_now"]})
    assert hash(freeze(QUESTIONS)) == hash(freeze(dict(QUESTIONS)))


def test_a_dict_changed_in_place_gets_a_new_key():
    # Frozen dicts of unchanging values are remembered by identity: a change must still be seen.
    questions = dict(QUESTIONS)
    before = freeze(questions)
    assert freeze(questions) == before
    questions["pain_now"] = dataclasses.replace(questions["pain_now"], label="Pain today")
    assert freeze(questions) != before
    questions.pop("pain_now")
    assert freeze(questions) != before
    nested = {"codes": ["a"]}
    first = freeze(nested)
    nested["codes"].append("b")
    assert freeze(nested) != first


def test_a_dataclass_is_keyed_by_every_field():
    question = QUESTIONS["frequency"]
    assert freeze(question) != freeze(dataclasses.replace(question, hint="How often?"))


@pytest.mark.parametrize("value", [lambda: 1, object(), {"ok": 1, "not": object()}, [print]])
def test_a_value_no_key_can_hold_is_refused_never_left_out(value):
    with pytest.raises(Uncacheable):
        freeze(value)
