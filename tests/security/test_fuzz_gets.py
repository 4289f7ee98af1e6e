"""Fuzzing every GET route (from app.url_map) with hypothesis: query parameters and path segments never give a 500.

Values are dates at and past the calendar's ends, huge and non-ASCII numbers ("²", "٣", 30 digits),
unicode, control characters (newline, NUL, ESC) and raw bytes that are not UTF-8, under every
parameter name the app reads and some it does not. Patient and article pages are fuzzed anonymously
and with a draft; staff pages logged in as each role (front desk, practitioner, administrator).
"""

import urllib.parse

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.questionnaire_client import answer_pages

from .routes import rules, url_for_rule
from .test_fuzz_posts import figures_so_far

EXAMPLES = 12
# Every query parameter some view reads, and the language switch's.
PARAMETERS = ["before", "change", "next", "page", "q", "search", "since", "status", "from", "to", "urgency",
              "region", "article", "user", "action", "date_from", "date_to", "lang"]
FORM_FIELDS = {"user", "action", "date_from", "date_to"}
ODD_VALUES = ["9999-12-31", "0001-01-01", "10000-01-01", "2026-02-30", "2026-13-01", "-1", "0", "²", "٣", "1²",
              "9" * 30, "1e999", "nan", "inf", "x\n", "\r\nX-Injected: 1", "\x00", "\x1b[31m", "\u202e", "\ufeff",
              "//evil.example", "/\\evil.example", "es", "es\n", "2026-01-01T00:00:00", "9999-12-31T23:59:59",
              "0001-01-01T00:00:00+14:00", "99999999999999999999-01-01", "%", "..", "\U0001f600" * 20]
PATH_VALUES = ["x\n", "x%0a", "..%2f..%2fetc%2fpasswd", "\x00", "²", "9" * 30, "\u202e", "%ff%fe", "a" * 2000,
               "neck-pain\n", "x/../..", "\x1b"]

values = st.one_of(st.sampled_from(ODD_VALUES), st.text(max_size=40), st.binary(max_size=24),
                   st.integers().map(str), st.dates().map(str))
queries = st.lists(st.tuples(st.one_of(st.sampled_from(PARAMETERS), st.text(max_size=8)), values), max_size=6)


def encode(pairs) -> str:
    def part(value):
        raw = value if isinstance(value, bytes) else value.encode("utf-8", "surrogatepass")
        return urllib.parse.quote_from_bytes(raw, safe="")
    return "&".join(f"{part(name)}={part(value)}" for name, value in pairs)


def path_variants(app, rule, **rows):
    """The route's own URL, then each of its arguments (or an extra segment) replaced by a hostile value."""
    url = url_for_rule(app, rule, **rows)
    variants = [url]
    for value in PATH_VALUES:
        quoted = urllib.parse.quote(value.encode("utf-8", "surrogatepass"), safe="%/")
        if rule.arguments:
            # The last segment holds the argument on every route the app has.
            head, _, tail = url.rpartition("/")
            suffix = tail[tail.find("."):] if "." in tail and rule.endpoint != "static" else ""
            variants.append(f"{head}/{quoted}{suffix}")
        else:
            variants.append(url.rstrip("/") + "/" + quoted)
    return variants


def check_route(client, app, rule, tally, **rows):
    def send(url):
        response = client.get(url)
        tally["inputs"] += 1
        if response.status_code >= 500:
            tally["500s"] += 1
        assert response.status_code < 500, (rule.endpoint, url[:200], response.status_code)

    for url in path_variants(app, rule, **rows):
        send(url)
        send(f"{url}?lang=es")  # the language switch redirects back to the same path
    base = url_for_rule(app, rule, **rows)
    for value in ODD_VALUES:
        send(f"{base}?{encode([(name, value) for name in PARAMETERS])}")
        # Without the audit log's form fields, whose refusal would stop the view before it reads the rest.
        send(f"{base}?{encode([(name, value) for name in PARAMETERS if name not in FORM_FIELDS])}")

    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(query=queries)
    def fuzz(query):
        send(f"{base}?{encode(query)}")

    fuzz()


@pytest.fixture
def tally():
    return {"inputs": 0, "500s": 0}


def _routes(app, public):
    found = [rule for rule in rules(app, "GET") if rule.rule.startswith("/staff/") != public]
    assert len(found) >= 10
    return found


def test_patient_and_article_pages_never_give_a_500_for_any_query_or_path(app, client, answers, tally):
    for with_draft in (False, True):
        if with_draft:
            answer_pages(client, answers)
        for rule in _routes(app, public=True):
            check_route(client, app, rule, tally)
    _record(tally, "get_patient")


@pytest.fixture
def pdfs_rendered(monkeypatch):
    """Each distinct page is rendered to PDF by WeasyPrint once, then its bytes are handed back again.

    The PDF view reads no query parameter, so about a hundred fuzzed queries would hand WeasyPrint the
    same page a hundred times, at 2.5 s each (ten of CI's minutes). The renderer is a function of its
    arguments alone: the key is all of them. Returns what was rendered, to show the view was reached.
    """
    from intake.records import pdf

    rendered, real = {}, pdf.render_pdf

    def render_once(*args, **kwargs):
        key = (args, tuple(sorted(kwargs.items())))
        if key not in rendered:
            rendered[key] = real(*args, **kwargs)
        return rendered[key]

    monkeypatch.setattr(pdf, "render_pdf", render_once)
    return rendered


@pytest.mark.parametrize("role", ["front_desk", "practitioner", "admin"])
def test_staff_pages_never_give_a_500_for_any_query_or_path(app, client, login, make_submission, make_user, role,
                                                            tally, pdfs_rendered):
    submission, user = make_submission(), make_user(role="front_desk")
    login(client, role=role)
    for rule in _routes(app, public=False):
        check_route(client, app, rule, tally, submission=submission, user=user)
    # Practitioners and administrators reached the PDF export itself (front desk staff may not).
    assert bool(pdfs_rendered) == (role != "front_desk")
    _record(tally, f"get_staff_{role}")


def _record(tally, who):
    from . import figures

    existing = figures_so_far().get("fuzz", {})
    existing[who] = dict(tally)
    figures.record("fuzz", existing)
