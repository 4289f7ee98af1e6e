"""Articles in other languages: `<language>/<slug>.md` beside the English articles, read with the same checks.

A translation holds the words only: slug, title, summary, sections and the body. Its matching
rules are the English article's (one place to edit the weights), and it keeps the English
article's section anchors (`## Ardor entre los omóplatos {#burning}`), so a link stored with a
submission (`#burning`) opens the same section in either language. A translation with a
problem is left out and reported; readers then see the English article. Plain Python, no Flask.
"""

import dataclasses
from pathlib import Path

from .article import FIELDS, read_article

# The languages articles may be translated into, and each one's required "get help" heading.
GET_HELP_HEADINGS = {"es": "Cuándo buscar ayuda urgente"}
TRANSLATION_FIELDS = tuple(name for name in FIELDS if name != "match")


def load_translations(folder: Path, library) -> None:
    """Add each language's good translations to library.translations and their problems to library.problems."""
    for language, heading in GET_HELP_HEADINGS.items():
        subfolder = Path(folder) / language
        if not subfolder.is_dir():
            continue
        found = library.translations.setdefault(language, {})
        for path in sorted(subfolder.glob("*.md")):
            try:
                article, problems = read_translation(path, heading, library.articles, language)
            except OSError as error:
                article, problems = None, [f"the file cannot be read: {error.strerror or error}"]
            except Exception as error:  # noqa: BLE001  (a bad file must never stop the app starting)
                article, problems = None, [f"the file could not be checked ({type(error).__name__}): please report this"]
            library.problems.extend(f"{language}/{path.name}: {problem}" for problem in problems)
            if article is not None:
                found[article.slug] = article


def read_translation(path: Path, get_help_heading: str, english: dict, language: str) -> tuple:
    """One translated article, checked against its English original: (Article or None, problems)."""
    article, problems = read_article(path, fields=TRANSLATION_FIELDS, get_help_heading=get_help_heading)
    problems = [_explain(problem) for problem in problems]
    if article is None:
        return None, problems
    original = english.get(article.slug)
    if original is None:
        return None, [f"there is no English article '{article.slug}' (or it has a problem): "
                      "a translation needs its English original"]
    problems += [f"section '{anchor}' of the English article is missing: keep every English anchor, "
                 f"e.g. '## ... {{#{anchor}}}'" for anchor in original.sections if anchor not in article.sections]
    problems += [f"section '{anchor}' is not in the English article: use the English article's anchors"
                 for anchor in article.sections if anchor not in original.sections]
    if problems:
        return None, problems
    return dataclasses.replace(article, rules=original.rules, language=language), []


def _explain(problem: str) -> str:
    if problem.startswith("unknown front-matter field 'match'"):
        return "leave out 'match': a translation uses the English article's matching rules"
    return problem
