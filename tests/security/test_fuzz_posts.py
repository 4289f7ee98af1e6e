"""Fuzzing every POST route (from app.url_map) with hypothesis: never a 500, and no row written for refused input.

Bodies carry NUL bytes, odd and invalid Unicode (raw bytes that are not UTF-8), 1 MB values (413 is the
right answer) and repeated fields, sent anonymously and as a logged-in administrator (who may use
every staff route). A request the app accepts (a redirect) may write; anything else may only add
to the audit trail and the login attempts, which record refusals by design.
"""

import json
import urllib.parse

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from intake.extensions import db
from intake.questionnaire import QUESTIONS
from tests.questionnaire_client import answer_pages

from . import figures
from .routes import rules, url_for_rule

EXAMPLES = 20
# Refusals are recorded here on purpose (failed logins, access denied).
RECORDS_OF_REFUSALS = {"audit_event", "login_attempt"}
FIELD_NAMES = sorted({*QUESTIONS, *(f"date_of_birth-{part}" for part in ("day", "month", "year")),
                      "csrf_token", "website", "email", "password", "name", "role", "confirm", "current_password",
                      "new_password", "text", "status", "reference", "submission_id", "user_id"})
ODD_TEXT = ["\x00", "a\x00b", "\u202e\u0645", "\ufeff", "\U0001f600" * 50, "<script>alert(1)</script>", "{{7*7}}",
            "' OR '1'='1", "\r\nX-Injected: 1", "%00", "..\\..\\", "y", "yes", "no", "10", "-1", "neck.upper",
            "back.upper", "9" * 40, ""]

values = st.one_of(
    st.text(max_size=300),                                  # any code point, NUL included
    st.sampled_from(ODD_TEXT),
    st.binary(max_size=64),                                 # often not UTF-8 at all
    st.just("x" * 1_048_576),                               # 1 MB: refused with 413
)
pairs = st.tuples(st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=20)), values)
# Repeated fields: the same name several times, with different values.
bodies = st.lists(pairs, max_size=12).flatmap(
    lambda items: st.lists(st.sampled_from(items), max_size=4).map(lambda repeats: items + repeats)
    if items else st.just(items))


def encode(body) -> bytes:
    def part(value):
        raw = value if isinstance(value, bytes) else value.encode("utf-8", "surrogatepass")
        return urllib.parse.quote_from_bytes(raw, safe="")
    return "&".join(f"{part(name)}={part(value)}" for name, value in body).encode("ascii")


def row_counts(app):
    with app.app_context():
        counts = {table.name: db.session.scalar(select(func.count()).select_from(table))
                  for table in db.metadata.sorted_tables}
        db.session.remove()
    return counts


# Always sent to every route, whatever hypothesis draws: one of each kind of hostile body.
FIXED_BODIES = [
    [(name, "a\x00b") for name in FIELD_NAMES],
    [(name, b"\xff\xfe\xc3\x28\xed\xa0\x80") for name in FIELD_NAMES],
    [("full_name", "x" * 1_048_576)],
    [(name, value) for name in FIELD_NAMES for value in ("yes", "no", "neck.upper")],
    [("regions", code) for code in ("neck.upper", "neck.upper", "no.such.area")] * 3,
]


def send_and_check(app, client, url, body, tally):
    before = row_counts(app)
    response = client.post(url, data=encode(body), content_type="application/x-www-form-urlencoded")
    tally["inputs"] += 1
    if response.status_code >= 500:
        tally["500s"] += 1
    assert response.status_code < 500, (url, [(n, v[:40]) for n, v in body[:5]])
    if response.status_code != 302:
        after = row_counts(app)
        written = {t: after[t] - before[t] for t in after if after[t] > before[t] and t not in RECORDS_OF_REFUSALS}
        assert written == {}, (url, response.status_code, [(n, v[:40]) for n, v in body[:5]])


def fuzz(app, client, url, tally):
    for body in FIXED_BODIES:
        send_and_check(app, client, url, body, tally)

    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                     HealthCheck.data_too_large, HealthCheck.large_base_example])
    @given(body=bodies)
    def check(body):
        send_and_check(app, client, url, body, tally)

    check()


@pytest.fixture
def tally():
    return {"inputs": 0, "500s": 0}


def figures_so_far():
    return json.loads(figures.OUT.read_text()) if figures.OUT.exists() else {}


@pytest.fixture
def post_routes(app):
    found = rules(app, "POST")
    assert len(found) >= 15
    return found


def test_anonymous_posts_of_any_body_never_give_a_500_or_write_a_row(app, client, answers, post_routes,
                                                                     make_submission, make_user, tally):
    submission, user = make_submission(), make_user(role="front_desk")
    for rule in post_routes:
        # A complete draft first, so the later pages and the final submit are really exercised.
        answer_pages(client, answers)
        fuzz(app, client, url_for_rule(app, rule, submission=submission, user=user), tally)
    _record(tally, "anonymous")


def test_staff_posts_of_any_body_never_give_a_500_or_write_a_row(app, client, login, post_routes, make_submission,
                                                                 make_user, tally):
    submission, user = make_submission(), make_user(role="front_desk")
    login(client, role="admin")
    for rule in post_routes:
        if rule.endpoint in ("staff.logout", "waiting_room.kiosk_start"):
            continue  # take no fields, and would end the session the rest of the run needs
        fuzz(app, client, url_for_rule(app, rule, submission=submission, user=user), tally)
    _record(tally, "staff")


def _record(tally, who):
    existing = figures_so_far().get("fuzz", {})
    existing[who] = dict(tally)
    figures.record("fuzz", existing)
