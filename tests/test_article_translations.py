"""Translated articles: the Spanish nine, checked against their English originals, shown to Spanish readers."""

import re
import shutil

import pytest

from intake import create_app
from intake.content.translations import GET_HELP_HEADINGS
from intake.content.library import ARTICLES_FOLDER, REQUIRED_SLUGS, load_library

SPANISH = {"Accept-Language": "es"}


@pytest.fixture
def folder(tmp_path):
    """A copy of the shipped library (English and Spanish) to break one thing in."""
    target = tmp_path / "articles"
    shutil.copytree(ARTICLES_FOLDER, target)
    return target


def test_every_required_article_has_a_spanish_version_with_the_english_anchors_and_rules():
    library = load_library()
    assert library.problems == []
    spanish = library.translations["es"]
    assert sorted(spanish) == sorted(REQUIRED_SLUGS)
    for slug, article in spanish.items():
        english = library.articles[slug]
        assert article.language == "es" and article.title != english.title
        assert list(article.sections) == list(english.sections), slug
        assert article.sections["get-help"] == GET_HELP_HEADINGS["es"]
        assert 'id="get-help">Cuándo buscar ayuda urgente</h2>' in article.body_html
        assert article.rules == english.rules  # single-sourced: from the English front matter
        for anchor in english.sections:
            assert f'id="{anchor}"' in article.body_html


def test_spanish_files_hold_no_matching_rules():
    for path in (ARTICLES_FOLDER / "es").glob("*.md"):
        assert "\nmatch:" not in path.read_text(), path.name


def translation_problems(folder, text, name="neck-pain.md"):
    (folder / "es" / name).write_text(text)
    library = load_library(folder)
    return library, [p for p in library.problems if p.startswith("es/")]


def spanish_text(folder, name="neck-pain.md"):
    return (folder / "es" / name).read_text()


def test_a_translation_with_its_own_match_block_is_refused(folder):
    text = spanish_text(folder).replace("---\nCasi", "match:\n  regions: {neck.upper: 9}\n---\nCasi", 1)
    library, problems = translation_problems(folder, text)
    assert problems == ["es/neck-pain.md: leave out 'match': a translation uses the English article's matching rules"]
    # Left out: Spanish readers get the English article rather than different matching weights.
    assert library.localized("neck-pain", "es").language == "en"


def test_a_translation_must_keep_every_english_anchor(folder):
    text = spanish_text(folder).replace("  stiffness: Rigidez y dificultad para girar la cabeza\n", "")
    text = text.replace("{#stiffness}", "{#rigidez}")
    _, problems = translation_problems(folder, text)
    assert problems == ["es/neck-pain.md: section 'stiffness' of the English article is missing: keep every "
                        "English anchor, e.g. '## ... {#stiffness}'"]


def test_a_translation_cannot_add_anchors_the_english_article_lacks(folder):
    text = spanish_text(folder).replace("  stiffness:", "  rigidez:").replace("{#stiffness}", "{#rigidez}")
    _, problems = translation_problems(folder, text)
    assert "es/neck-pain.md: section 'rigidez' is not in the English article: use the English article's anchors" \
        in problems


def test_a_translation_needs_the_spanish_get_help_section(folder):
    text = spanish_text(folder).replace("get-help: Cuándo buscar ayuda urgente", "get-help: Ayuda")
    text = text.replace("## Cuándo buscar ayuda urgente {#get-help}", "## Ayuda {#get-help}")
    _, problems = translation_problems(folder, text)
    assert problems == ["es/neck-pain.md: no 'Cuándo buscar ayuda urgente' section "
                        "(add '## Cuándo buscar ayuda urgente {#get-help}')"]


def test_a_translation_needs_its_english_original(folder):
    (folder / "neck-pain.md").unlink()
    library = load_library(folder)
    assert "es/neck-pain.md: there is no English article 'neck-pain' (or it has a problem): a translation " \
           "needs its English original" in library.problems
    assert library.localized("neck-pain", "es") is None


def test_content_check_reports_spanish_problems_and_missing_translations(runner, folder):
    (folder / "es" / "jaw-pain-tmj.md").unlink()
    result = runner.invoke(args=["content", "check", "--folder", str(folder)])
    assert result.exit_code == 0
    assert result.stdout.strip() == "9 articles OK; es: 8 translated (English shown for jaw-pain-tmj)"
    (folder / "es" / "neck-pain.md").write_text(spanish_text(folder).replace("{#stiffness}", ""))
    result = runner.invoke(args=["content", "check", "--folder", str(folder)])
    assert result.exit_code == 1
    assert "es/neck-pain.md: section 'stiffness' has no heading in the body" in result.stderr


def test_spanish_readers_get_the_spanish_article_and_index(client):
    page = client.get("/learn/mid-upper-back-pain", headers=SPANISH).get_data(as_text=True)
    assert "<h1 class=\"heading-xl\">Dolor en la parte media y alta de la espalda</h1>" in page
    assert '<h2 id="burning">Ardor entre los omóplatos</h2>' in page
    assert '<a class="link" href="#get-help">Cuándo buscar ayuda urgente</a>' in page
    assert '<article class="column article">' in page  # the page's own language: no lang override
    index = client.get("/learn/", headers=SPANISH).get_data(as_text=True)
    assert "Mareos y vértigo" in index and "Dizziness and vertigo" not in index
    english = client.get("/learn/mid-upper-back-pain").get_data(as_text=True)
    assert "Mid and upper back pain" in english and "omóplatos" not in english


def test_a_missing_translation_falls_back_to_english_marked_as_english(app_config, folder):
    (folder / "es" / "jaw-pain-tmj.md").unlink()
    client = create_app({**app_config, "ARTICLES_FOLDER": str(folder)}).test_client()
    page = client.get("/learn/jaw-pain-tmj", headers=SPANISH).get_data(as_text=True)
    assert re.search(r'<html lang="es">', page)
    assert '<article class="column article" lang="en">' in page
    assert "Jaw pain and clicking (TMJ)" in page
    assert "Todos los artículos" in page  # the page around it stays Spanish
