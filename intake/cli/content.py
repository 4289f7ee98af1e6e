"""Commands for content authors: `flask --app intake explain ANSWERS.json` and `flask --app intake content check`."""

import json
import re
import sys
from datetime import date

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from ..rules import matching, triage
from ..content.library import ARTICLES_FOLDER, load_library
from ..questionnaire import KINDS, QUESTIONS, RED_FLAG_CODES

# What the clinical rules read and may not guess: a missing safety answer is never a silent "no".
EXPLAIN_REQUIRED = ("date_of_birth", "regions", "duration") + RED_FLAG_CODES
ISO_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
EARLIEST_BIRTH_DATE = date(1900, 1, 1)

content = AppGroup("content", help="The education articles.")


@click.command("explain")
@with_appcontext
@click.argument("answers_file", type=click.Path(dir_okay=False, allow_dash=True))
def explain(answers_file):
    """Print the triage and the matched articles for one answer set (JSON keyed by question codes).

    The file needs date_of_birth, regions, duration and every rf_* answer; other
    optional answers may be left out. Uses the articles the app has loaded.
    """
    name = "standard input" if answers_file == "-" else answers_file
    try:
        with click.open_file(answers_file, encoding="utf-8") as handle:
            answers = json.load(handle)
    except OSError as error:
        _fail(f"Cannot read {name}: {error.strerror or error}")
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        _fail(f"{name} is not valid JSON: {error}")
    problems = validate_answers(answers)
    if problems:
        _fail(f"{name} has {len(problems)} problem(s):\n" + "\n".join(f"  {p}" for p in problems))
    library = current_app.extensions["intake.articles"]
    result = triage.assess(answers, date.today())
    matches = matching.match(answers, library.articles.values())
    click.echo(json.dumps({
        "triage": {"level": result.level, "reasons": list(result.reasons)},
        "matches": [{"slug": m.slug, "score": m.score, "reasons": list(m.reasons)} for m in matches],
    }, indent=2, ensure_ascii=False))


@content.command("check")
@click.option("--folder", type=click.Path(file_okay=False), default=None,
              help="Check this folder instead of the app's articles (ARTICLES_FOLDER, or the shipped ones).")
def check(folder):
    """Check every article and translation: front matter, answer codes, slugs, section anchors, required articles."""
    folder = folder or current_app.config.get("ARTICLES_FOLDER") or ARTICLES_FOLDER
    library = load_library(folder)
    if library.problems:
        for problem in library.problems:
            click.echo(problem, err=True)
        click.echo(f"{len(library.problems)} problem(s) found in {folder}", err=True)
        sys.exit(1)
    summary = f"{len(library.articles)} articles OK"
    for language, found in sorted(library.translations.items()):
        summary += f"; {language}: {len(found)} translated"
        untranslated = sorted(set(library.articles) - set(found))
        if untranslated:
            summary += f" (English shown for {', '.join(untranslated)})"
    click.echo(summary)


@content.command("reference")
def write_reference():
    """Write docs/domain.md (the questionnaire's codes, pages, kinds and answers) from the definition."""
    from ..questionnaire.reference import write

    click.echo(f"Wrote {write()}")


def validate_answers(answers) -> list[str]:
    """One line per problem in answers in the domain's JSON form; empty when they can be explained."""
    if not isinstance(answers, dict):
        return ["the file must hold one JSON object of question codes and answers"]
    problems = [f"unknown question code '{code}'" for code in answers if code not in QUESTIONS]
    problems += [f"'{code}' is missing (needed by the rules)" for code in EXPLAIN_REQUIRED if code not in answers]
    for code, value in answers.items():
        if code in QUESTIONS:
            problem = _answer_problem(code, value, answers)
            if problem:
                problems.append(f"'{code}': {problem}")
    return problems


def _answer_problem(code: str, value, answers: dict) -> str | None:
    question = QUESTIONS[code]
    codes = {choice.code for choice in question.choices}
    stored = KINDS[question.kind].stored
    if stored == "codes":
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            return "must be a list of answer codes"
        unknown = [item for item in value if item not in codes]
        if unknown:
            return f"unknown answer code(s) {', '.join(repr(u) for u in unknown)}"
        if len(set(value)) != len(value):
            return "lists the same code twice"
        if question.exclusive and question.exclusive in value and len(value) > 1:
            return f"'{question.exclusive}' cannot be combined with other answers"
        return None
    if stored == "code":
        if not isinstance(value, str) or value not in codes:
            return f"must be one of {', '.join(sorted(codes))}"
        if question.kind == "primary_region" and value not in (answers.get("regions") or ()):
            return "must be one of the regions chosen"
        return None
    if stored == "integer":
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10:
            return "must be a whole number from 0 to 10"
        return None
    if stored == "boolean":
        return None if isinstance(value, bool) else "must be true or false"
    if stored == "date":
        return _date_problem(value)
    if stored == "texts":
        if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
            return "must be a list of short texts"
        if len(value) > question.max_items:
            return f"must list {question.max_items} items or fewer"
        if any(len(item) > question.max_length for item in value):
            return f"each item must be {question.max_length} characters or fewer"
        return None
    if not isinstance(value, str):
        return "must be text"
    if question.max_length and len(value) > question.max_length:
        return f"must be {question.max_length} characters or fewer"
    return None


def _date_problem(value) -> str | None:
    if not isinstance(value, str) or not ISO_DATE_RE.match(value):
        return "must be a date written YYYY-MM-DD"
    try:
        born = date.fromisoformat(value)
    except ValueError:
        return "is not a real date"
    if not EARLIEST_BIRTH_DATE <= born <= date.today():
        return f"must be between {EARLIEST_BIRTH_DATE.isoformat()} and today"
    return None


def _fail(message: str):
    click.echo(f"Error: {message}", err=True)
    sys.exit(2)
