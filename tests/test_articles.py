"""The article library: every class of bad article is caught, bad files are skipped at start-up, bodies are safe."""

import hashlib
import logging
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from sqlalchemy import select

from intake import create_app
from intake.content.markdown import render, sanitize
from intake.content.library import REQUIRED_SLUGS, check_library, load_library
from intake.extensions import db
from intake.models import Submission
from tests.conftest import DATA
from tests.questionnaire_client import submit_questionnaire

FIXTURES = DATA / "articles"
GOOD = (FIXTURES / "mid-upper-back-pain.md").read_text()


@pytest.fixture
def folder(tmp_path):
    """A copy of the small fixture library (three good articles) to break one thing in."""
    target = tmp_path / "articles"
    shutil.copytree(FIXTURES, target)
    return target


def problems_after(folder, text, name="mid-upper-back-pain.md"):
    (folder / name).write_text(text)
    return check_library(folder, required_slugs=())


def test_fixture_library_is_good(folder):
    library = load_library(folder, required_slugs=())
    assert library.problems == []
    assert sorted(library.articles) == ["mid-upper-back-pain", "neck-pain", "upper-cervical-care"]


BAD_ARTICLES = [
    ("no front matter", lambda t: t.split("---\n", 2)[2], "no front matter"),
    ("front matter never closed", lambda t: t.replace("\n---\n", "\n", 1), "no front matter"),
    ("invalid YAML", lambda t: t.replace("title: Mid and upper back pain", "title: [unclosed"),
     "the front matter is not valid YAML"),
    ("front matter a list", lambda t: "---\n- a\n- b\n---\nbody\n", "must be 'field: value' lines"),
    ("unknown field", lambda t: t.replace("title:", "author: Dr X\ntitle:"), "unknown front-matter field 'author'"),
    ("missing title", lambda t: t.replace("title: Mid and upper back pain\n", ""), "'title' is missing or empty"),
    ("empty summary", lambda t: t.replace("summary: A short test article about pain between the shoulder blades.",
                                          "summary: ''"), "'summary' is missing"),
    ("title too long", lambda t: t.replace("title: Mid and upper back pain", "title: " + "x" * 201),
     "'title' is longer than 200 characters"),
    ("slug not the file name", lambda t: t.replace("slug: mid-upper-back-pain", "slug: upper-back"),
     "slug 'upper-back' does not match the file name (expected upper-back.md)"),
    ("slug with capitals", lambda t: t.replace("slug: mid-upper-back-pain", "slug: Mid_Back"),
     "'slug' must be lower-case letters, digits and single hyphens"),
    ("no sections", lambda t: t.replace("sections:\n", "ignored:\n"), "'sections' is missing"),
    ("section without heading", lambda t: t.replace("## What it is {#about}", "## What it is"),
     "section 'about' has no heading in the body (write '## What it is {#about}')"),
    ("heading text differs", lambda t: t.replace("## What it is {#about}", "## What this is {#about}"),
     "section 'about': the heading says 'What this is' but 'sections' says 'What it is'"),
    ("bad anchor syntax", lambda t: t.replace("{#about}", "{#About This}"),
     "anchor '{#About This}' must be lower-case letters"),
    ("two headings one anchor", lambda t: t.replace("{#stabbing}", "{#burning}"), "two headings have the anchor"),
    ("level-1 heading", lambda t: t.replace("Fixture text.", "# Mid back pain"), "is level 1"),
    ("no get-help section", lambda t: t.replace("  get-help: When to get help urgently\n", "")
     .replace("## When to get help urgently {#get-help}", "## Getting help {#help}"),
     "no 'When to get help urgently' section"),
    ("unknown question", lambda t: t.replace("qualities: {burning: 1", "feelings: {burning: 1"),
     "match: unknown question 'feelings'"),
    ("unknown region code", lambda t: t.replace("back.mid: 3}", "back.middle: 3}"),
     "match: regions: unknown answer code 'back.middle' for question 'regions'"),
    ("unknown code in combination", lambda t: t.replace("[burning]", "[burnning]"),
     "match: combination 1: unknown answer code 'burnning' for question 'qualities'"),
    ("points not a number", lambda t: t.replace("back.upper: 3,", "back.upper: lots,"),
     "match: regions: back.upper must be a whole number from 1 to 10 (got 'lots')"),
    ("points too high", lambda t: t.replace("points: 4\n      section: burning", "points: 40\n      section: burning"),
     "match: combination 1: 'points' must be a whole number from 1 to 10 (got 40)"),
    ("points a yes", lambda t: t.replace("burning: 1,", "burning: yes,"), "(got True)"),
    ("combination links a missing section", lambda t: t.replace("section: stabbing", "section: ribs"),
     "match: combination 2: section 'ribs' is not one of this article's sections"),
    ("combination without when", lambda t: t.replace("- when:", "- if:"), "match: combination 1 needs 'when:'"),
    ("combination unknown field", lambda t: t.replace("points: 4\n      section: burning",
                                                      "points: 4\n      weight: 2\n      section: burning"),
     "match: combination 1: unknown field 'weight'"),
    ("code is a list", lambda t: t.replace("[burning]", "[[burning]]"),
     "match: combination 1: unknown answer code '['burning']' for question 'qualities'"),
    ("match not a mapping", lambda t: t.replace("match:\n", "match: everything\nignored:\n"), "'match' must be"),
]


@pytest.mark.parametrize("mutate, expected", [case[1:] for case in BAD_ARTICLES], ids=[c[0] for c in BAD_ARTICLES])
def test_each_class_of_bad_article_is_one_clear_line(folder, mutate, expected):
    problems = problems_after(folder, mutate(GOOD))
    assert any(expected in problem for problem in problems), problems
    assert all(problem.startswith("mid-upper-back-pain.md: ") for problem in problems)
    assert "mid-upper-back-pain" not in load_library(folder, required_slugs=()).articles


def test_not_utf8_is_a_problem(folder):
    (folder / "neck-pain.md").write_bytes(b"---\ntitle: \xff\xfe\n---\n")
    assert check_library(folder, required_slugs=()) == ["neck-pain.md: the file is not UTF-8 text"]


def test_unreadable_file_is_a_problem_not_a_crash(folder):
    (folder / "folder.md").mkdir()
    assert check_library(folder, required_slugs=())[0].startswith("folder.md: the file cannot be read")


def test_duplicate_slug_is_caught(folder):
    (folder / "neck_pain.md").write_text((folder / "neck-pain.md").read_text())
    problems = check_library(folder, required_slugs=())
    assert "neck_pain.md: slug 'neck-pain' does not match the file name (expected neck-pain.md)" in problems


def test_missing_required_article_is_caught(folder):
    (folder / "neck-pain.md").unlink()
    problems = check_library(folder)
    assert "neck-pain.md: this required article is missing" in problems
    assert not any(p.startswith(("mid-upper-back-pain.md", "upper-cervical-care.md")) for p in problems)
    assert len(problems) == len(REQUIRED_SLUGS) - 2


def test_a_broken_required_article_is_reported_once(folder):
    problems = load_library(folder, required_slugs=("neck-pain",)).problems
    assert problems == []
    (folder / "neck-pain.md").write_text("no front matter")
    assert load_library(folder, required_slugs=("neck-pain",)).problems == [
        "neck-pain.md: no front matter: the file must start with a '---' line and the front matter end with one"]


def test_missing_folder_is_a_problem_not_a_crash(tmp_path):
    library = load_library(tmp_path / "nowhere", required_slugs=())
    assert library.articles == {} and library.problems == [f"{tmp_path / 'nowhere'}: the articles folder does not exist"]


def test_version_is_the_file_hash_and_changes_with_an_edit(folder):
    path = folder / "neck-pain.md"
    before = load_library(folder, required_slugs=()).articles["neck-pain"].version
    assert before == hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    path.write_text(path.read_text().replace("Stiff.", "Stiff and sore."))
    assert load_library(folder, required_slugs=()).articles["neck-pain"].version != before


def test_sections_and_heading_ids(folder):
    article = load_library(folder, required_slugs=()).articles["mid-upper-back-pain"]
    assert article.sections["burning"] == "Burning between the shoulder blades"
    assert '<h2 id="burning">Burning between the shoulder blades</h2>' in article.body_html
    assert "{#" not in article.body_html


def test_heading_without_anchor_gets_a_slug_that_avoids_explicit_ones():
    _, headings = render("## Aching and knots\n\n## Café & more\n\n## Other {#aching-and-knots}\n")
    assert [h.id for h in headings] == ["aching-and-knots-2", "cafe-more", "aching-and-knots"]


class Elements(HTMLParser):
    def __init__(self, html):
        super().__init__()
        self.found = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


HOSTILE_BODY = """
## More {#more}

<script>alert(1)</script>
<img src=x onerror=alert(2)>
<a href="javascript:alert(3)" onclick="alert(4)">click</a>
[link](javascript:alert(5)) [ok](https://example.org "t")
<iframe src="https://evil.example"></iframe>
{{ 7*7 }}
"""


def test_hostile_article_body_is_rendered_harmless(folder):
    text = GOOD.split("---\n", 2)
    problems_after(folder, f"---\n{text[1]}---\n{text[2]}{HOSTILE_BODY}")
    html = load_library(folder, required_slugs=()).articles["mid-upper-back-pain"].body_html
    elements = Elements(html).found
    assert {tag for tag, _ in elements} <= {"h2", "p", "a"}
    assert not any(name.startswith("on") for _, attrs in elements for name in attrs)
    assert [attrs["href"] for tag, attrs in elements if tag == "a"] == ["https://example.org"]
    assert "<script" not in html and "<img" not in html and "<iframe" not in html


def test_sanitizer_strips_script_and_event_handlers_from_raw_html():
    cleaned = sanitize('<h2 id="x" onclick="a()">T</h2><script>alert(1)</script><img src=x onerror=alert(2)>'
                       '<a href="javascript:alert(3)">j</a><p style="x">p</p>')
    assert cleaned == '<h2 id="x">T</h2><a rel="noopener noreferrer">j</a><p>p</p>'


def test_malformed_article_is_skipped_at_start_up_and_questionnaire_still_works(folder, app_config, caplog, answers):
    (folder / "neck-pain.md").write_text("---\ntitle: [broken\n---\n")
    with caplog.at_level(logging.ERROR, logger="intake"):
        app = create_app({**app_config, "ARTICLES_FOLDER": str(folder)})
    logged = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert any("neck-pain.md: the front matter is not valid YAML" in line for line in logged)
    library = app.extensions["intake.articles"]
    assert sorted(library.articles) == ["mid-upper-back-pain", "upper-cervical-care"]
    with app.app_context():
        db.create_all()
    try:
        client = app.test_client()
        assert client.get("/").status_code == 200
        assert client.get("/learn/neck-pain").status_code == 404
        submit_questionnaire(client, answers)
        assert client.get("/done").status_code == 200
        with app.app_context():
            stored = db.session.scalars(select(Submission)).one()
            assert [m.slug for m in stored.matches] == ["mid-upper-back-pain"]
    finally:
        with app.app_context():
            db.session.remove()
            db.drop_all()
            db.engine.dispose()


# The clinic's own article, kept beside the repository (../shared/seed; ../../shared/seed from a git
# worktree one folder deeper): its facts, never its sentences. Not in the repository, so not shipped.
_REPO = Path(__file__).resolve().parents[1]
SEED = next((folder / "shared" / "seed" / "mid-upper-back-pain.txt" for folder in (_REPO.parent, _REPO.parent.parent)
             if (folder / "shared" / "seed" / "mid-upper-back-pain.txt").is_file()),
            _REPO.parent / "shared" / "seed" / "mid-upper-back-pain.txt")


def longest_shared_run(ours: str, theirs: str) -> tuple[int, str]:
    """The longest run of consecutive words two texts share (case and punctuation ignored), and the run."""
    def words(text: str) -> list[str]:
        return re.findall(r"[a-z0-9']+", text.lower().replace("\u2019", "'"))

    a, b = words(ours), words(theirs)
    best, end = 0, 0
    previous = [0] * (len(b) + 1)
    for i in range(1, len(a) + 1):
        current = [0] * (len(b) + 1)
        for j in range(1, len(b) + 1):
            if a[i - 1] == b[j - 1]:
                current[j] = previous[j - 1] + 1
                if current[j] > best:
                    best, end = current[j], i
        previous = current
    return best, " ".join(a[end - best:end])


def test_longest_shared_run_finds_the_run():
    found = longest_shared_run("Pain sits between the shoulder blades, or low.",
                               "A burning between the Shoulder-blades or at the base")
    assert found == (5, "between the shoulder blades or")


@pytest.mark.skipif(not SEED.is_file(), reason=f"the clinic's seed article is not beside the repository ({SEED})")
def test_mid_upper_back_pain_is_in_our_own_words():
    from intake.content.library import ARTICLES_FOLDER

    ours = (Path(ARTICLES_FOLDER) / "mid-upper-back-pain.md").read_text(encoding="utf-8")
    length, run = longest_shared_run(ours, SEED.read_text(encoding="utf-8"))
    assert length < 8, f"shares {length} words in a row with the clinic's article: {run!r}"
