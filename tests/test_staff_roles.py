"""Who may open what, table-driven over app.url_map: every staff route needs a login, and each role gets 200 or 403.

Adding a staff route? Add one row to ROUTES: the test `test_every_route_is_in_the_role_table`
fails until you do. A row names the endpoint, the method, the lowest role allowed (roles nest:
admin ⊇ practitioner ⊇ front_desk), the status when allowed, and, when the URL has arguments or
the POST needs a body, functions that build them from a Context (which can create things).
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Callable

import pytest
from flask import url_for

from intake.accounts.users import ROLES, has_role
from intake.web.staff.auth import is_background, role_required

# Endpoints anyone may open without a staff login.
PUBLIC_PREFIXES = ("patient.", "learn.", "fhir.")  # fhir.: the FHIR export's definitions, no patient data
# staff.two_factor_code: the code after a right password, before any session exists.
PUBLIC_ENDPOINTS = {"static", "favicon", "staff.login", "waiting_room.kiosk_exit", "staff.two_factor_code"}


class Context:
    """What a row's url/data functions may use: ctx.fixture("make_submission"), ctx.other_user (a user to act on)."""

    def __init__(self, request, make_user):
        self._request = request
        self._make_user = make_user
        self._other = None

    def fixture(self, name):
        return self._request.getfixturevalue(name)

    @property
    def other_user(self):
        if self._other is None:
            self._other = self._make_user(role="front_desk")
        return self._other


@dataclass
class Route:
    endpoint: str
    role: str                    # the lowest role allowed
    method: str = "GET"
    ok: int = 200                # the status a permitted user gets
    url_args: Callable[[Context], dict] = field(default=lambda ctx: {})
    data: Callable[[Context], dict] = field(default=lambda ctx: {})

    @property
    def id(self):
        return f"{self.method} {self.endpoint}"


def _user_args(ctx):
    return {"public_id": ctx.other_user.public_id}


def _invitation_args(ctx) -> dict:
    from intake.records import invitations
    from intake.database import write_transaction

    with ctx.fixture("app").app_context():
        with write_transaction() as tx:
            invitation = invitations.create(tx, full_name="Invited Person", date_of_birth=date(1970, 1, 2),
                                            email="invited@example.org",
                                            appointment_local=datetime.now() + timedelta(days=2))
        return {"invitation_id": invitation.id}


def _submission_args(ctx):
    return {"submission_id": ctx.fixture("make_submission")().id}


NEW_PASSWORD = "seven orange kites drifting"

ROUTES = [
    # --- accounts, sessions and the audit log (engineer A) ---
    Route("staff.logout", "front_desk", "POST", ok=302),
    Route("staff.change_password", "front_desk"),
    Route("staff.change_password", "front_desk", "POST", ok=200, data=lambda ctx: {"current_password": "wrong"}),
    Route("admin.users", "admin"),
    Route("admin.user_new", "admin"),
    Route("admin.user_new", "admin", "POST", ok=302, data=lambda ctx: {
        "email": "new@clinic.example", "name": "New Person", "role": "front_desk",
        "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}),
    Route("admin.user_detail", "admin", url_args=_user_args),
    Route("admin.user_role", "admin", "POST", ok=302, url_args=_user_args, data=lambda ctx: {"role": "practitioner"}),
    Route("admin.user_disable", "admin", "POST", ok=302, url_args=_user_args),
    Route("admin.user_enable", "admin", "POST", ok=302, url_args=_user_args),
    Route("admin.user_password", "admin", "POST", ok=302, url_args=_user_args,
          data=lambda ctx: {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}),
    Route("admin.audit_log", "admin"),
    Route("staff.two_factor_setup", "front_desk"),
    Route("staff.two_factor_start", "front_desk", "POST", ok=302),
    Route("staff.two_factor_confirm", "front_desk", "POST", ok=400, data=lambda ctx: {"code": "000000"}),
    Route("staff.two_factor_off", "front_desk", "POST", ok=302, data=lambda ctx: {"password": "not it"}),
    Route("admin.user_two_factor_reset", "admin", "POST", ok=302, url_args=_user_args),
    Route("admin.two_factor_requirement", "admin", "POST", ok=302, data=lambda ctx: {"required": "no"}),
    # --- the review workspace ---
    Route("review.queue", "front_desk"),
    Route("review.queue", "front_desk", "POST", ok=302, data=lambda ctx: {"q": "Alex", "status": "all"}),
    Route("review.new_count", "front_desk", url_args=lambda ctx: {"since": "2026-01-01T00:00:00"}),
    Route("review.submission", "front_desk", url_args=_submission_args),
    Route("review.print_submission", "front_desk", url_args=_submission_args),
    Route("review.mark_reviewed", "front_desk", "POST", ok=302, url_args=_submission_args),
    Route("review.add_note", "practitioner", "POST", ok=302, url_args=_submission_args,
          data=lambda ctx: {"text": "Seen; follow up in two weeks."}),
    # --- follow-through on red flags, the patient's article, handouts ---
    Route("review.record_action", "front_desk", "POST", ok=302, url_args=_submission_args,
          data=lambda ctx: {"action": "practitioner_told"}),
    Route("review.choose_article", "practitioner", "POST", ok=302, url_args=_submission_args,
          data=lambda ctx: {"slug": "neck-pain", "reason": "The neck is what bothers them most."}),
    Route("review.article_handout", "front_desk", url_args=lambda ctx: {"slug": "neck-pain"}),
    # --- records out ---
    Route("exports.queue_csv", "practitioner"),
    Route("exports.csv_dictionary", "front_desk"),
    Route("exports.queue_fhir", "practitioner"),
    Route("exports.fhir_questionnaire", "practitioner"),
    Route("exports.submission_fhir", "practitioner", url_args=_submission_args),
    Route("exports.submission_pdf", "practitioner", url_args=_submission_args),
    Route("exports.confirm_password", "practitioner"),
    Route("exports.confirm_password", "practitioner", "POST", ok=200, data=lambda ctx: {"password": "not it"}),
    # --- the waiting room ---
    Route("waiting_room.poster", "front_desk"),
    Route("waiting_room.kiosk_page", "front_desk"),
    Route("waiting_room.kiosk_start", "front_desk", "POST", ok=302),
    # --- the front desk's day ---
    Route("review.today", "front_desk"),
    Route("review.invitation_new", "front_desk"),
    Route("review.invitation_new", "front_desk", "POST", ok=302, data=lambda ctx: {
        "full_name": "Invited Person", "date_of_birth": "1970-01-02", "email": "invited@example.org",
        "appointment": (datetime.now() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"), "locale": "en"}),
    Route("review.invitation_resend", "front_desk", "POST", ok=302, url_args=_invitation_args),
]


def _is_public(endpoint: str) -> bool:
    return endpoint in PUBLIC_ENDPOINTS or endpoint.startswith(PUBLIC_PREFIXES)


def _app_routes(app):
    """(endpoint, method) for every rule, HEAD and OPTIONS aside (Flask answers those itself)."""
    return {(rule.endpoint, method) for rule in app.url_map.iter_rules()
            for method in rule.methods - {"HEAD", "OPTIONS"}}


@pytest.fixture
def context(request, make_user):
    return Context(request, make_user)


def _url(app, route, ctx):
    args = route.url_args(ctx)
    with app.test_request_context():
        return url_for(route.endpoint, **args)


def _send(client, route, url, ctx):
    if route.method == "GET":
        return client.get(url)
    return client.open(url, method=route.method, data=route.data(ctx))


def test_every_route_is_in_the_role_table(app):
    """Every route outside the public list needs a staff login, so every one of them must be in ROUTES."""
    table = {(route.endpoint, route.method) for route in ROUTES}
    missing = sorted((endpoint, method) for endpoint, method in _app_routes(app)
                     if not _is_public(endpoint) and (endpoint, method) not in table)
    assert missing == [], "routes with no row in tests/test_staff_roles.py ROUTES"
    assert not table - _app_routes(app), "rows for routes that no longer exist"


def test_the_public_pages_really_open_without_a_login(app, client):
    """The other side of the allowlist: patients and the login page are never sent to the staff login."""
    public = [rule for rule in app.url_map.iter_rules()
              if _is_public(rule.endpoint) and "GET" in rule.methods and not rule.arguments]
    assert any(rule.endpoint == "staff.login" for rule in public)
    for rule in public:
        response = client.get(rule.rule)
        assert response.status_code < 500, rule.rule
        if rule.endpoint == "staff.two_factor_code":  # only after a right password: otherwise, log in first
            assert response.headers["Location"] == "/staff/login"
            continue
        assert "/staff/login" not in response.headers.get("Location", ""), rule.rule


@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.id)
def test_anonymous_visitors_are_sent_to_the_login_page(app, client, context, route):
    response = _send(client, route, _url(app, route, context), context)
    with app.test_request_context():
        background = is_background(route.endpoint)
    if background:  # a page's own poll: told to go to the login page
        assert response.status_code == 401 and response.get_json()["login"] == "/staff/login"
        return
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/staff/login")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.id)
def test_each_role_gets_what_the_table_says(app, client, login, context, route, role):
    user = login(client, role=role)
    allowed = has_role(user, route.role)

    response = _send(client, route, _url(app, route, context), context)

    expected = route.ok if allowed else 403
    assert response.status_code == expected, f"{role} on {route.id}"
    if not allowed:
        assert "You do not have access to this page" in response.get_data(as_text=True)


@pytest.mark.parametrize("arguments", [(), ("receptionist",)])
def test_a_view_guarded_by_no_role_or_an_unknown_one_is_refused_when_written(arguments):
    with pytest.raises(ValueError, match="known roles"):
        role_required(*arguments)


def test_a_set_up_page_must_name_a_step_accounts_go_through():
    with pytest.raises(ValueError, match="set-up step"):
        role_required("front_desk", setup_step="passkey")
