"""Every page a long-running app serves equals the same page served by a fresh app, byte for byte.

One app object (as one gunicorn worker) serves patients in alternating languages, on a kiosk and
off it, with no answers, some answers and all answers, then staff; every page it renders must be
exactly what a brand-new app renders for the same request. Whatever an app keeps between requests
(page shells, record bodies, per-catalog markup, Jinja's cached macro modules, translation
catalogs) is covered by this one comparison, with page shells on and off. Only the per-request
values are masked: the CSRF token (signed with the time) and the time the queue was
shown (its poll asks for what came since).
"""

import re
from datetime import timedelta
from itertools import cycle

import pytest
from sqlalchemy import update

from intake import create_app
from intake.web import kiosk
from intake.extensions import db
from intake.models import Draft, utcnow
from intake.web.patient.flow import ORDER
from intake.web.patient.views import PAGE_PATHS
from tests.questionnaire_client import answer_pages, form_data, submit_questionnaire

LANGUAGES = ("en", "es")
# Per-request values: the CSRF token (signed with the time) and the queue's "new since" time (to the second).
PER_REQUEST = re.compile(r'(name="csrf_token"[^>]*value=|name="csrf-token" content=|data-since=)"[^"]*"')
# The staff workspace's blueprints (every page under /staff/).
STAFF_BLUEPRINTS = ("staff", "review", "admin", "exports", "waiting_room")
# Staff endpoints left out, each with its reason; every other GET endpoint is compared.
NOT_COMPARED = {
    "admin.audit_log": "lists the audit log, to which every staff view (this comparison's own included) adds a row",
    "review.new_count": "a number for the queue's poll, not a page",
    **dict.fromkeys(("exports.queue_csv", "exports.queue_fhir", "exports.fhir_questionnaire", "exports.submission_fhir",
                     "exports.submission_pdf"), "an export file, not a page; each asks for the password again first"),
}


# The print view's "printed" time, to the minute: two renders may fall either side of a minute.
PRINTED = re.compile(r"(printed) \d{4}-\d\d-\d\d \d\d:\d\d( [A-Z]{2,5}| UTC[+-]\d+)?</p>")


def mask(html: str) -> str:
    return PRINTED.sub(r"\1 …</p>", PER_REQUEST.sub(r'\1"…"', html))


class Requester:
    """Sends the same request with the same cookies to the long-running app and to a new app each time."""

    def __init__(self, app_config):
        self.config = app_config
        self.warm = create_app(app_config)
        self.compared = 0

    def fresh(self):
        return create_app(self.config)

    def page(self, app, path: str, cookies: dict) -> tuple[int, str]:
        client = app.test_client()
        for name, value in cookies.items():
            client.set_cookie(name, value)
        response = client.get(path)
        return response.status_code, mask(response.get_data(as_text=True))

    def compare(self, path: str, cookies: dict, label: str):
        served = self.page(self.warm, path, cookies)
        reference = self.page(self.fresh(), path, cookies)
        assert served[0] == reference[0], f"{label} {path}: status {served[0]} ≠ {reference[0]}"
        if served[1] != reference[1]:
            first = next(i for i, (a, b) in enumerate(zip(served[1], reference[1])) if a != b) \
                if any(a != b for a, b in zip(served[1], reference[1])) else min(len(served[1]), len(reference[1]))
            pytest.fail(f"{label} {path}: the long-running app's page differs from a fresh app's at "
                        f"character {first}:\n  served:    {served[1][first - 80:first + 120]!r}\n"
                        f"  reference: {reference[1][first - 80:first + 120]!r}")
        self.compared += 1


def cookies_of(client, app) -> dict:
    names = [app.config["SESSION_COOKIE_NAME"], kiosk.COOKIE_NAME]
    return {name: cookie.value for name in names if (cookie := client.get_cookie(name)) is not None}


def patient_state(app, language: str, on_kiosk: bool, draft: str, answers: dict) -> dict:
    """The cookies of a patient in `language`, on a kiosk or not, with no / some / expired / all answers, all with
    input kept unsaved (Back, an error), or just sent."""
    client = app.test_client()
    if on_kiosk:
        with app.test_request_context():
            client.set_cookie(kiosk.COOKIE_NAME, kiosk._serializer().dumps({"by": "equivalence-test"}))
    client.get(f"/?lang={language}")
    if draft == "some":
        first = ORDER[0]
        assert client.post(PAGE_PATHS[first], data=form_data(first, answers)).status_code == 302
    elif draft == "expired":  # its token still in the session, as when a kiosk patient walked away
        first = ORDER[0]
        assert client.post(PAGE_PATHS[first], data=form_data(first, answers)).status_code == 302
        with app.app_context():
            db.session.execute(update(Draft).values(expires_at=utcnow() - timedelta(minutes=1)))
            db.session.commit()
    elif draft == "all":
        answer_pages(client, answers)
    elif draft == "kept":  # all answered (worst pain below now), then typed input left unsaved by Back and an error
        answer_pages(client, {**answers, "pain_now": 8, "pain_worst": 2})
        assert client.post(PAGE_PATHS["about"] + "?change=1", data={**form_data("about", answers), "phone": "call me",
                                                                     "back": "1"}).status_code == 302
        assert client.post(PAGE_PATHS["history"], data={"notes": "Typed <b>before</b> Continue"}).status_code == 302
        assert client.post("/confirm-and-send", data={"consent_accurate": "yes"}).status_code == 302
    elif draft == "sent":
        response = submit_questionnaire(client, answers)
        assert response.status_code == 302, response.status_code
    return cookies_of(client, app)


def get_paths(app, blueprint: str | tuple, values: dict) -> list[str]:
    """Every GET page of a blueprint (or of several), its arguments filled in from `values` (one path per value)."""
    blueprints = (blueprint,) if isinstance(blueprint, str) else blueprint
    paths = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint.split(".")[0] not in blueprints or "GET" not in rule.methods or rule.endpoint in NOT_COMPARED:
            continue
        if not rule.arguments:
            paths.append(rule.rule)
            continue
        (argument,) = rule.arguments
        assert argument in values, f"{rule.endpoint}: no value to compare it with for <{argument}>"
        paths.extend(rule.rule.replace(f"<{_converter(rule, argument)}{argument}>", value)
                     for value in values[argument])
    return paths


def _converter(rule, argument: str) -> str:
    match = re.search(rf"<([a-z]+:)?{argument}>", rule.rule)
    return match.group(1) or ""


@pytest.fixture
def requester(app_config):
    return Requester(app_config)


@pytest.mark.parametrize("shells", [True, False], ids=["page shells on", "page shells off"])
def test_patient_and_article_pages_equal_a_fresh_apps_in_every_language_kiosk_and_draft_state(
        app, app_config, answers, shells):
    app_config = {**app_config, "PAGE_SHELLS": shells}
    requester = Requester(app_config)
    slugs = list(requester.warm.extensions["intake.articles"].articles)
    paths = get_paths(requester.warm, "patient", {"token": ["no-such-invitation"]})
    paths += get_paths(requester.warm, "learn", {"slug": slugs})
    paths += ["/no-such-page", "/where-it-hurts?change=1", "/about-you?change=1"]
    # Each state of a patient, in both languages: consecutive requests always switch language.
    states = [(draft, on_kiosk) for draft in ("none", "some", "expired", "all", "kept", "sent") for on_kiosk in (False, True)]
    sessions = {(draft, on_kiosk, language): patient_state(requester.warm, language, on_kiosk, draft, answers)
                for draft, on_kiosk in states for language in LANGUAGES}
    languages = cycle(LANGUAGES)
    for draft, on_kiosk in states:
        for path in paths:
            for _ in LANGUAGES:
                language = next(languages)
                requester.compare(path, sessions[(draft, on_kiosk, language)],
                                  f"[{language}, kiosk {'on' if on_kiosk else 'off'}, answers: {draft}]")
        next(languages)  # the next state starts in the other language
    assert requester.compared >= len(states) * len(paths) * len(LANGUAGES)


def test_staff_pages_equal_a_fresh_apps_between_patients_in_both_languages(app, app_config, answers, login):
    requester = Requester({**app_config, "PAGE_SHELLS": True})
    # Two stored submissions, one sent in each language, and a patient page in Spanish just before.
    for language in LANGUAGES:
        client = requester.warm.test_client()
        client.get(f"/?lang={language}")
        submit_questionnaire(client, {**answers, "full_name": f"Patient {language}"})
    staff = requester.warm.test_client()
    login(staff, role="admin")
    with requester.warm.app_context():
        from intake.extensions import db
        from intake.models import Submission

        from intake.accounts.users import User

        values = {"submission_id": [str(s.id) for s in db.session.query(Submission)],
                  "public_id": [str(u.public_id) for u in db.session.query(User)],
                  "slug": list(requester.warm.extensions["intake.articles"].articles)}
    paths = get_paths(requester.warm, STAFF_BLUEPRINTS, values)
    staff_cookies = cookies_of(staff, requester.warm)
    spanish_patient = patient_state(requester.warm, "es", False, "all", answers)
    for path in paths:
        requester.compare("/about-you", spanish_patient, "[patient in es before staff]")
        requester.compare(path, staff_cookies, "[staff]")
    assert requester.compared >= 2 * len(paths) and len(paths) >= 5
    # After a review and a note, each record (its kept fixed part and what changed) is still a fresh app's.
    reviewed = values["submission_id"][0]
    assert staff.post(f"/staff/submissions/{reviewed}/reviewed").status_code == 302
    assert staff.post(f"/staff/submissions/{reviewed}/notes", data={"text": "Called back"}).status_code == 302
    for path in [path for path in paths if "/submissions/" in path]:
        requester.compare(path, staff_cookies, "[staff, after a review and a note]")

