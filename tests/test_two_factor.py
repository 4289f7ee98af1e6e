"""Two-step sign-in for staff: setting it up, logging in with a code, recovery codes, waits, the requirement, resets."""

import re
from datetime import UTC, timedelta

import pyotp
import pytest
from sqlalchemy import select

from intake.accounts.audit import AuditEvent
from intake.extensions import db
from intake.accounts.two_factor import RecoveryCode, TwoFactor
from tests.conftest import STAFF_PASSWORD

SETUP = "/staff/account/two-factor"
CODE_PAGE = "/staff/login/code"


def code_at(secret, clock, steps=0):
    moment = clock.current.replace(tzinfo=UTC) + timedelta(seconds=30 * steps)
    return pyotp.TOTP(secret).at(int(moment.timestamp()))


def enrol(client, clock):
    """Set up two-step sign-in as the logged-in user; returns (secret, recovery codes)."""
    assert client.post(SETUP + "/start").status_code == 302
    page = client.get(SETUP).get_data(as_text=True)
    secret = re.search(r'<code class="two-factor__key">([A-Z2-7 ]+)</code>', page).group(1).replace(" ", "")
    response = client.post(SETUP + "/confirm", data={"code": code_at(secret, clock)})
    assert response.status_code == 200
    codes = re.findall(r"<li><code>([a-z2-9]{5}-[a-z2-9]{5})</code></li>", response.get_data(as_text=True))
    return secret, codes


def password_step(client, email, **kwargs):
    return client.post("/staff/login", data={"email": email, "password": STAFF_PASSWORD}, **kwargs)


def logged_in(client) -> bool:
    return client.get("/staff/account/password").status_code == 200


def actions(app):
    with app.app_context():
        return db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()


@pytest.fixture
def enrolled(app, client, login, clock):
    """A practitioner with two-step sign-in on, logged out again: (user, secret, recovery codes)."""
    user = login(client)
    secret, codes = enrol(client, clock)
    client.post("/staff/logout")
    clock.advance(seconds=30)  # the set-up code is spent; the next step's code is fresh
    return user, secret, codes


def test_setting_up_draws_the_qr_code_inline_and_needs_one_right_code(app, client, login, clock):
    user = login(client)
    client.post(SETUP + "/start")
    page = client.get(SETUP).get_data(as_text=True)
    assert "<svg" in page and "<script" not in page.split("<svg")[1].split("</svg>")[0]
    assert ' style="' not in page and "<img" not in page  # nothing the CSP would block, nothing fetched elsewhere
    secret = re.search(r'<code class="two-factor__key">([A-Z2-7 ]+)</code>', page).group(1).replace(" ", "")

    wrong = client.post(SETUP + "/confirm", data={"code": "123456" if code_at(secret, clock) != "123456" else "654321"})
    assert wrong.status_code == 400 and "That code is not right" in wrong.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(TwoFactor, user.id).enabled_at is None

    response = client.post(SETUP + "/confirm", data={"code": code_at(secret, clock)})
    codes = re.findall(r"<li><code>([a-z2-9]{5}-[a-z2-9]{5})</code></li>", response.get_data(as_text=True))
    assert len(set(codes)) == 10 and "not shown again" in response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"
    assert actions(app)[-1] == "two_factor.enable"
    with app.app_context():  # only argon2 hashes are stored
        hashes = db.session.scalars(select(RecoveryCode.code_hash)).all()
    assert len(hashes) == 10 and all(h.startswith("$argon2id$") for h in hashes)
    assert not any(code.replace("-", "") in h for h in hashes for code in codes)


def test_login_asks_for_the_code_after_the_password(app, client, enrolled, clock):
    user, secret, _codes = enrolled
    response = password_step(client, user.email, query_string={"next": "/staff/users"})
    assert response.headers["Location"] == CODE_PAGE
    assert not logged_in(client)  # the password alone is not enough
    page = client.get(CODE_PAGE).get_data(as_text=True)
    assert "authenticator app" in page and 'autocomplete="one-time-code"' in page

    response = client.post(CODE_PAGE, data={"code": code_at(secret, clock)})
    assert response.status_code == 302 and response.headers["Location"] == "/staff/users"
    assert logged_in(client)
    assert actions(app)[-1] == "login.success"


def test_a_code_works_once(app, client, enrolled, clock):
    user, secret, _codes = enrolled
    code = code_at(secret, clock)
    password_step(client, user.email)
    client.post(CODE_PAGE, data={"code": code})
    client.post("/staff/logout")

    password_step(client, user.email)
    page = client.post(CODE_PAGE, data={"code": code}).get_data(as_text=True)
    assert "That code is not right" in page and not logged_in(client)
    clock.advance(seconds=30)
    assert client.post(CODE_PAGE, data={"code": code_at(secret, clock)}).status_code == 302


def test_wrong_codes_make_that_account_and_address_wait_and_a_right_password_does_not_reset_it(
        app, client, enrolled, clock):
    user, secret, _codes = enrolled
    password_step(client, user.email)
    for _ in range(5):
        assert "That code is not right" in client.post(CODE_PAGE, data={"code": "000000"}).get_data(as_text=True)
    page = client.post(CODE_PAGE, data={"code": code_at(secret, clock)}).get_data(as_text=True)
    assert "Too many wrong tries. Wait 1 second" in page and not logged_in(client)

    password_step(client, user.email)  # the password again: the count of wrong codes stands
    page = client.post(CODE_PAGE, data={"code": code_at(secret, clock)}).get_data(as_text=True)
    assert "Too many wrong tries" in page
    clock.advance(seconds=1)
    assert client.post(CODE_PAGE, data={"code": code_at(secret, clock)}).status_code == 302
    with app.app_context():
        outcomes = db.session.scalars(select(AuditEvent.outcome).where(AuditEvent.object_type == "two_factor")).all()
    assert outcomes == ["failure"] * 5 + ["throttled"] * 2


def test_a_recovery_code_works_once(app, client, enrolled):
    user, _secret, codes = enrolled
    password_step(client, user.email)
    response = client.post(CODE_PAGE, data={"code": codes[3].upper().replace("-", " ")}, follow_redirects=True)
    assert "You used a recovery code: each works once. 9 left." in response.get_data(as_text=True)
    assert "two_factor.recovery" in actions(app)
    client.post("/staff/logout")

    password_step(client, user.email)
    assert "That code is not right" in client.post(CODE_PAGE, data={"code": codes[3]}).get_data(as_text=True)
    assert client.post(CODE_PAGE, data={"code": codes[4]}).status_code == 302


def test_the_code_must_follow_the_password_within_five_minutes(client, enrolled, clock):
    user, secret, _codes = enrolled
    password_step(client, user.email)
    clock.advance(minutes=5, seconds=1)
    response = client.post(CODE_PAGE, data={"code": code_at(secret, clock)}, follow_redirects=True)
    assert "within 5 minutes of the password" in response.get_data(as_text=True)
    assert not logged_in(client)


def test_an_administrator_can_require_it_for_everyone(app, client, login, clock):
    admin = app.test_client()
    login(admin, role="admin")
    enrol(admin, clock)
    assert admin.post("/staff/users/two-factor-requirement", data={"required": "yes"}).status_code == 302
    assert actions(app)[-1] == "two_factor.require"
    assert "Required for every account" in admin.get("/staff/users").get_data(as_text=True)

    user = login(client, role="front_desk")  # has no two-step sign-in yet
    assert client.get("/staff/").headers["Location"] == SETUP
    assert client.get("/staff/new-count?since=2026-01-01T00:00:00").headers["Location"] == SETUP
    assert client.get(SETUP).status_code == 200
    clock.advance(seconds=30)
    enrol(client, clock)
    assert client.get("/staff/").status_code == 200
    off = client.post(SETUP + "/off", data={"password": STAFF_PASSWORD}, follow_redirects=True)
    assert "cannot be turned off" in off.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(TwoFactor, user.id).enabled_at is not None


def test_a_requirement_switched_on_applies_to_someone_already_logged_in_on_their_next_page(app, client, login,
                                                                                            clock):
    login(client, role="front_desk")
    assert client.get("/staff/").status_code == 200
    admin = app.test_client()
    login(admin, role="admin")
    enrol(admin, clock)
    admin.post("/staff/users/two-factor-requirement", data={"required": "yes"})
    assert client.get("/staff/").headers["Location"] == SETUP
    admin.post("/staff/users/two-factor-requirement", data={"required": "no"})
    assert client.get("/staff/").status_code == 200


def test_required_two_factor_sends_users_without_it_to_set_it_up_at_login(app, client, login, make_user, clock):
    admin = app.test_client()
    login(admin, role="admin")
    enrol(admin, clock)
    admin.post("/staff/users/two-factor-requirement", data={"required": "yes"})
    user = make_user(role="practitioner")
    response = password_step(client, user.email)
    assert response.headers["Location"] == SETUP


def test_a_new_password_comes_first_then_two_step_set_up_with_no_redirect_loop(app, client, login, make_user, clock):
    """An account the administrator made (a password to change) at a clinic that requires two-step sign-in."""
    admin = app.test_client()
    login(admin, role="admin")
    enrol(admin, clock)
    admin.post("/staff/users/two-factor-requirement", data={"required": "yes"})
    user = make_user(role="practitioner", must_change_password=True)
    password_step(client, user.email)
    response = client.get("/staff/", follow_redirects=True)  # a loop raises here
    assert response.status_code == 200 and response.request.path == "/staff/account/password"
    assert client.get(SETUP).headers["Location"].endswith("/staff/account/password")


def test_an_administrator_resets_a_lost_phone(app, client, login, enrolled):
    user, _secret, _codes = enrolled
    admin = app.test_client()
    login(admin, role="admin")
    page = admin.get(f"/staff/users/{user.public_id}").get_data(as_text=True)
    assert "Reset two-step sign-in" in page
    admin.post(f"/staff/users/{user.public_id}/two-factor/reset")
    assert actions(app)[-1] == "user.two_factor_reset"
    with app.app_context():
        assert db.session.get(TwoFactor, user.id) is None
        assert db.session.scalars(select(RecoveryCode)).all() == []
    assert password_step(client, user.email).headers["Location"] == "/staff/"


def test_turning_it_off_yourself_needs_your_password(app, client, enrolled, clock):
    user, secret, _codes = enrolled
    password_step(client, user.email)
    client.post(CODE_PAGE, data={"code": code_at(secret, clock)})
    client.post(SETUP + "/off", data={"password": "not my password"})
    with app.app_context():
        assert db.session.get(TwoFactor, user.id) is not None
    client.post(SETUP + "/off", data={"password": STAFF_PASSWORD})
    assert actions(app)[-1] == "two_factor.disable"
    client.post("/staff/logout")
    assert password_step(client, user.email).headers["Location"] == "/staff/"


def test_a_code_checked_by_two_requests_at_once_is_spent_once(app, enrolled, clock):
    """Both requests find the code right before either writes: only the first write uses it up."""
    from intake.accounts import two_factor
    from intake.database import write_transaction

    user, secret, codes = enrolled
    with app.app_context():
        for code in (code_at(secret, clock), codes[0]):
            first, second = two_factor.find_code(user.id, code), two_factor.find_code(user.id, code)
            assert first == second and first is not None
            with write_transaction() as write:
                assert two_factor.spend(write, user.id, first)
            with write_transaction() as write:
                assert not two_factor.spend(write, user.id, second)
            db.session.remove()
            assert two_factor.find_code(user.id, code) is None
