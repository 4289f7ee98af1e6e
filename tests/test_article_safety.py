"""The articles' "when to get help" lists follow the red-flag contract, in English and in Spanish."""

from pathlib import Path

import pytest

from intake.content.library import ARTICLES_FOLDER

# The emergency list is what comes before the "tell your practitioner before any treatment" list.
SPLIT = {"en": "before any treatment", "es": "antes de cualquier tratamiento"}


def get_help(slug: str, language: str) -> tuple[str, str]:
    """The article's get-help section as (emergency part, tell-the-practitioner part), lowercased, one line."""
    folder = Path(ARTICLES_FOLDER) / ("" if language == "en" else language)
    text = (folder / f"{slug}.md").read_text(encoding="utf-8")
    section = " ".join(text.split("{#get-help}", 1)[1].split()).lower()
    emergency, _, later = section.partition(SPLIT[language])
    assert later, f"{slug} ({language}) has no list for the practitioner"
    return emergency, later


@pytest.mark.parametrize("slug, language, in_emergency, in_later", [
    ("neck-pain", "en", ["double vision", "trouble speaking or swallowing", "a fall or blackout without warning",
                         "a high temperature with a stiff neck and a bad headache"],
     ["new dizziness", "clumsy", "unsteady", "spinal cord", "unlike any"]),
    ("neck-pain", "es", ["visión doble", "hablar o tragar", "desmayo sin aviso", "fiebre alta con el cuello rígido"],
     ["mareo nuevo", "torpes", "médula espinal", "distinto de cualquier otro"]),
    ("headaches-migraines", "en", ["a high temperature with a stiff neck and a bad headache", "double vision"],
     ["unlike any"]),
    ("headaches-migraines", "es", ["fiebre alta con el cuello rígido", "visión doble"], ["distinto de cualquier"]),
    ("low-back-pain", "en", ["weakness or numbness in your legs that is getting worse", "both legs"], []),
    ("low-back-pain", "es", ["debilidad o adormecimiento en las piernas que está empeorando", "las dos piernas"], []),
    ("sciatica-leg-pain", "en", ["one or both legs is getting worse", "both legs"], []),
    ("sciatica-leg-pain", "es", ["una o ambas piernas está empeorando", "las dos piernas"], []),
    ("mid-upper-back-pain", "en", ["sudden, severe or tearing pain"], ["jaw or left arm", "40 or over"]),
    ("mid-upper-back-pain", "es", ["repentino, muy fuerte o como un desgarro"], ["brazo izquierdo", "40 años"]),
])
def test_get_help_lists(slug, language, in_emergency, in_later):
    emergency, later = get_help(slug, language)
    assert [phrase for phrase in in_emergency if phrase not in emergency] == []
    assert [phrase for phrase in in_later if phrase not in later] == []


@pytest.mark.parametrize("slug, language, moved", [
    ("neck-pain", "en", "especially with a stiff neck"), ("neck-pain", "es", "sobre todo con el cuello rígido"),
    ("headaches-migraines", "en", "a fever, a stiff neck"), ("headaches-migraines", "es", "fiebre, el cuello rígido"),
    ("low-back-pain", "en", "legs that is getting worse"), ("low-back-pain", "es", "piernas que está empeorando"),
    ("sciatica-leg-pain", "en", "both legs is getting worse"), ("sciatica-leg-pain", "es", "ambas piernas"),
])
def test_what_moved_to_the_emergency_list_is_not_left_in_the_later_one(slug, language, moved):
    assert moved not in get_help(slug, language)[1]


@pytest.mark.parametrize("slug, language, phrases", [
    ("headaches-migraines", "en", ["tension-type headache", "cervicogenic headache"]),
    ("headaches-migraines", "es", ["cefalea tensional", "cefalea cervicogénica"]),
    ("sciatica-leg-pain", "en", ["join together inside your pelvis"]),
    ("sciatica-leg-pain", "es", ["se unen dentro de la pelvis"]),
    ("upper-cervical-care", "en", ["tiredness for a day or two after care is common",
                                   "are rare, but they can happen", "safety questions"]),
    ("upper-cervical-care", "es", ["después de la atención", "son raros, pero pueden ocurrir",
                                   "preguntas de seguridad"]),
])
def test_the_corrections_are_in_both_languages(slug, language, phrases):
    folder = Path(ARTICLES_FOLDER) / ("" if language == "en" else language)
    text = " ".join((folder / f"{slug}.md").read_text(encoding="utf-8").split()).replace("*", "").lower()
    assert [phrase for phrase in phrases if phrase.lower() not in text] == []


def test_the_sciatic_nerve_roots_do_not_join_in_the_buttock():
    for folder in (Path(ARTICLES_FOLDER), Path(ARTICLES_FOLDER) / "es"):
        text = " ".join((folder / "sciatica-leg-pain.md").read_text(encoding="utf-8").split())
        assert "join in your buttock" not in text and "se unen en el glúteo" not in text
