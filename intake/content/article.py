"""The education library: Markdown articles with YAML front matter, checked, rendered and loaded at start-up.

Each article is `<slug>.md` in intake/content/articles/ (or the ARTICLES_FOLDER setting):
front matter (slug, title, summary, sections, match) between `---` lines, then the body.
Section headings carry their anchor: `## Burning between the shoulder blades {#burning}`
(see intake/content/markdown.py and intake/content/README.md). A file with any problem is
left out of the library and its problems are reported; loading never raises for a bad
file. Plain Python: init_app receives the app, so the CLI and tests load without Flask.
"""

import functools
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .markdown import ANCHOR_RE, render
from ..rules.matching import MATCHABLE_QUESTIONS, Rule
from ..questionnaire import QUESTIONS

ARTICLES_FOLDER = Path(__file__).resolve().parent / "articles"
REQUIRED_SLUGS = ("mid-upper-back-pain", "neck-pain", "headaches-migraines", "low-back-pain", "sciatica-leg-pain",
                  "shoulder-arm-pain", "dizziness-vertigo", "jaw-pain-tmj", "upper-cervical-care")
GET_HELP_HEADING = "When to get help urgently"
# Written in an article's text, replaced on the page by the EMERGENCY_NUMBER setting (911 by default).
EMERGENCY_NUMBER_PLACEHOLDER = "{emergency_number}"
FIELDS = ("slug", "title", "summary", "sections", "match")
MAX_TITLE, MAX_SUMMARY, MAX_SLUG = 200, 500, 80  # the database keeps titles up to 200 characters
MIN_POINTS, MAX_POINTS = 1, 10
FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)(.*)\Z", re.DOTALL)


@dataclass(frozen=True)
class Article:
    slug: str
    title: str
    summary: str
    version: str  # the first 12 hex digits of the file's SHA-256: stored with each match
    body_html: str  # sanitized
    sections: dict[str, str]  # anchor -> heading text
    rules: tuple[Rule, ...] = ()
    language: str = "en"  # a translation's language (intake/content/translations.py)


def read_article(path: Path, fields=FIELDS, get_help_heading=GET_HELP_HEADING) -> tuple[Article | None, list[str]]:
    """One article file: the Article if it has no problem, else None and the problems.

    fields and get_help_heading differ for a translation (see intake/content/translations.py).
    """
    article, problems = _parse_article(path.stem, path.read_bytes(), fields, get_help_heading)
    return article, list(problems)


@functools.lru_cache(maxsize=256)
def _parse_article(stem: str, raw: bytes, fields, get_help_heading) -> tuple[Article | None, tuple[str, ...]]:
    """Parse and check one file's bytes. Cached by content: every app the process builds (each gunicorn
    worker, each test) reads the same files, and YAML plus Markdown is most of the cost of starting up;
    an edited file has other bytes, so it is always read afresh."""
    article, problems = _parse_uncached(stem, raw, fields, get_help_heading)
    return article, tuple(problems)


def _parse_uncached(stem: str, raw: bytes, fields, get_help_heading) -> tuple[Article | None, list[str]]:
    try:
        text = raw.decode("utf-8-sig").replace("\r\n", "\n")
    except UnicodeDecodeError:
        return None, ["the file is not UTF-8 text"]
    found = FRONT_MATTER_RE.match(text)
    if not found:
        return None, ["no front matter: the file must start with a '---' line and the front matter end with one"]
    try:
        meta = yaml.safe_load(found.group(1))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 2} of the file)" if mark else ""  # +1 for the opening '---' line
        return None, [f"the front matter is not valid YAML{where}: {getattr(error, 'problem', None) or error}"]
    if not isinstance(meta, dict):
        return None, ["the front matter must be 'field: value' lines"]

    problems = _check_fields(meta, stem, fields)
    sections = meta.get("sections") if isinstance(meta.get("sections"), dict) else {}
    rules = _read_rules(meta.get("match"), sections, problems)
    body_html, headings = render(found.group(2))
    problems += _check_headings(headings, sections, get_help_heading)
    if problems:
        return None, problems
    return Article(
        slug=meta["slug"], title=meta["title"].strip(), summary=meta["summary"].strip(),
        version=hashlib.sha256(raw).hexdigest()[:12], body_html=body_html,
        sections={str(anchor): text.strip() for anchor, text in sections.items()}, rules=tuple(rules),
    ), []


def _check_fields(meta: dict, stem: str, fields=FIELDS) -> list[str]:
    problems = [f"unknown front-matter field '{key}' (allowed: {', '.join(fields)})" for key in meta
                if key not in fields]
    slug = meta.get("slug")
    if not isinstance(slug, str) or not ANCHOR_RE.match(slug) or len(slug) > MAX_SLUG:
        problems.append("'slug' must be lower-case letters, digits and single hyphens, e.g. neck-pain")
    elif slug != stem:
        problems.append(f"slug '{slug}' does not match the file name (expected {slug}.md)")
    for key, limit in (("title", MAX_TITLE), ("summary", MAX_SUMMARY)):
        value = meta.get(key)
        if not isinstance(value, str) or not value.strip():
            problems.append(f"'{key}' is missing or empty")
        elif len(value.strip()) > limit:
            problems.append(f"'{key}' is longer than {limit} characters")
    sections = meta.get("sections")
    if not isinstance(sections, dict) or not sections:
        problems.append("'sections' is missing: list each section as 'anchor: Heading text'")
    else:
        for anchor, text in sections.items():
            if not isinstance(anchor, str) or not ANCHOR_RE.match(anchor):
                problems.append(f"section anchor '{anchor}' must be lower-case letters, digits and single hyphens")
            if not isinstance(text, str) or not text.strip():
                problems.append(f"section '{anchor}' needs its heading text")
    return problems


def _read_rules(match, sections: dict, problems: list[str]) -> list[Rule]:
    """The 'match' block as rules; each mistake is added to problems."""
    if match is None:
        return []
    if not isinstance(match, dict):
        problems.append("'match' must be question codes with weights, and 'combinations'")
        return []
    rules = []
    for key, value in match.items():
        if key == "combinations":
            rules += _read_combinations(value, sections, problems)
        elif key not in MATCHABLE_QUESTIONS:
            problems.append(f"match: unknown question '{key}' (use one of: {', '.join(MATCHABLE_QUESTIONS)}, "
                            "combinations)")
        elif not isinstance(value, dict):
            problems.append(f"match: '{key}' must list answer codes with their points, e.g. 'back.upper: 3'")
        else:
            for code, points in value.items():
                code_ok = _code_ok(key, code, f"match: {key}", problems)
                if _points_ok(points, f"match: {key}: {code}", problems) and code_ok:
                    rules.append(Rule(((key, (code,)),), points))
    return rules


def _read_combinations(value, sections: dict, problems: list[str]) -> list[Rule]:
    if not isinstance(value, list):
        problems.append("match: 'combinations' must be a list, each item starting with '- when:'")
        return []
    rules = []
    for number, item in enumerate(value, start=1):
        where = f"match: combination {number}"
        if not isinstance(item, dict) or not isinstance(item.get("when"), dict) or not item["when"]:
            problems.append(f"{where} needs 'when:' with at least one question and its codes")
            continue
        ok = True
        for key in item:
            if key not in ("when", "points", "section"):
                problems.append(f"{where}: unknown field '{key}' (allowed: when, points, section)")
                ok = False
        when = []
        for question, codes in item["when"].items():
            codes = [codes] if isinstance(codes, str) else codes
            if question not in MATCHABLE_QUESTIONS:
                problems.append(f"{where}: unknown question '{question}'")
                ok = False
            elif not isinstance(codes, list) or not codes:
                problems.append(f"{where}: '{question}' needs a list of answer codes")
                ok = False
            else:
                ok = all([_code_ok(question, code, where, problems) for code in codes]) and ok
                when.append((question, tuple(codes)))
        ok = _points_ok(item.get("points"), f"{where}: 'points'", problems) and ok
        section = item.get("section")
        if section is not None and section not in sections:
            problems.append(f"{where}: section '{section}' is not one of this article's sections")
            ok = False
        if ok:
            rules.append(Rule(tuple(when), item["points"], section))
    return rules


def _code_ok(question: str, code, where: str, problems: list[str]) -> bool:
    if isinstance(code, str) and code in {choice.code for choice in QUESTIONS[question].choices}:
        return True
    problems.append(f"{where}: unknown answer code '{code}' for question '{question}'")
    return False


def _points_ok(points, where: str, problems: list[str]) -> bool:
    if isinstance(points, int) and not isinstance(points, bool) and MIN_POINTS <= points <= MAX_POINTS:
        return True
    problems.append(f"{where} must be a whole number from {MIN_POINTS} to {MAX_POINTS} (got {points!r})")
    return False


def _check_headings(headings, sections: dict, get_help_heading=GET_HELP_HEADING) -> list[str]:
    problems = []
    by_id = {}
    for heading in headings:
        if heading.level == 1:
            problems.append(f"heading '# {heading.text}' is level 1: the title comes from 'title', use '##'")
        if heading.written_anchor is not None and not ANCHOR_RE.match(heading.written_anchor):
            problems.append(f"heading '{heading.text}': anchor '{{#{heading.written_anchor}}}' must be lower-case "
                            "letters, digits and single hyphens")
        if heading.id in by_id:
            problems.append(f"two headings have the anchor '{heading.id}'")
        by_id.setdefault(heading.id, heading)
    for anchor, text in sections.items():
        heading = by_id.get(anchor)
        if heading is None:
            problems.append(f"section '{anchor}' has no heading in the body (write '## {text} {{#{anchor}}}')")
        elif isinstance(text, str) and _same_words(heading.text) != _same_words(text):
            problems.append(f"section '{anchor}': the heading says '{heading.text}' but 'sections' says '{text}'")
    if not any(_same_words(h.text) == _same_words(get_help_heading) for h in headings):
        problems.append(f"no '{get_help_heading}' section (add '## {get_help_heading} {{#get-help}}')")
    return problems


def _same_words(text: str) -> str:
    return " ".join(text.casefold().split())
