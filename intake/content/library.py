"""The library of education articles: every article read once at start-up, with its translations."""

from dataclasses import dataclass, field
from pathlib import Path

from .article import ARTICLES_FOLDER, REQUIRED_SLUGS, Article, read_article
from .translations import load_translations


@dataclass
class Library:
    articles: dict[str, Article] = field(default_factory=dict)  # English: the matching rules live here
    problems: list[str] = field(default_factory=list)
    translations: dict[str, dict[str, Article]] = field(default_factory=dict)  # language -> slug -> article

    def localized(self, slug: str, language: str) -> Article | None:
        """The article in the reader's language, or the English one when it has no translation."""
        return self.translations.get(language, {}).get(slug) or self.articles.get(slug)


def load_library(folder=ARTICLES_FOLDER, required_slugs=REQUIRED_SLUGS) -> Library:
    """Every good article in the folder, and one line per problem (bad articles are left out)."""
    folder = Path(folder)
    library = Library()
    if not folder.is_dir():
        library.problems.append(f"{folder}: the articles folder does not exist")
        return library
    for path in sorted(folder.glob("*.md")):
        try:
            article, problems = read_article(path)
        except OSError as error:
            article, problems = None, [f"the file cannot be read: {error.strerror or error}"]
        except Exception as error:  # noqa: BLE001  (a bad file must never stop the app starting)
            article, problems = None, [f"the file could not be checked ({type(error).__name__}): please report this"]
        library.problems.extend(f"{path.name}: {problem}" for problem in problems)
        if article is None:
            continue
        if article.slug in library.articles:
            library.problems.append(f"{path.name}: slug '{article.slug}' is already used by another article")
            continue
        library.articles[article.slug] = article
    for slug in required_slugs:
        if slug not in library.articles and not (folder / f"{slug}.md").exists():
            library.problems.append(f"{slug}.md: this required article is missing")
    load_translations(folder, library)
    return library


def check_library(folder=ARTICLES_FOLDER, required_slugs=REQUIRED_SLUGS) -> list[str]:
    """One clear line per problem in the library; empty when every article is good."""
    return load_library(folder, required_slugs).problems


def init_app(app) -> None:
    """Load the library once at start-up; a bad article is logged and skipped, never fatal."""
    library = load_library(app.config.get("ARTICLES_FOLDER") or ARTICLES_FOLDER)
    for problem in library.problems:
        app.logger.error("education article skipped or missing: %s", problem)
    app.extensions["intake.articles"] = library
