"""Staff login sessions: login and logout, server-side session ends, timeouts, throttling, one refusal message."""

import re

import pytest
from sqlalchemy import func, select

from intake.accounts import users as accounts
from intake.accounts.users import LoginAttempt, StaffSession
from intake.database import write_transaction
from intake.extensions import db
from tests.conftest import STAFF_PASSWORD

PROTECTED = "/staff/account/password"  # any logged-in staff member may open it
REFUSAL = "Email address or password not recognised"


def logged_in(client) -> bool:
    response = client.get(PROTECTED)
    if response.status_code == 200:
        return True
    assert response.status_code == 302 and "/staff/login" in response.headers["Location"]
    return False


def post_login(client, email, password=STAFF_PASSWORD, **kwargs):
    return client.post("/staff/login", data={"email": email, "password": password}, **kwargs)


def session_cookie(client, app):
    return client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value


def replay(app, cookie_value):
    """A different browser holding a copy of the cookie."""
    thief = app.test_client()
    thief.set_cookie(app.config["SESSION_COOKIE_NAME"], cookie_value)
    return thief


# --- Logging in and out ------------------------------------------------------------------------

def test_login_page_shows_a_form_with_autocomplete_hints(client):
    page = client.get("/staff/login").get_data(as_text=True)
    assert 'autocomplete="username"' in page and 'autocomplete="current-password"' in page


def test_staff_pages_send_anonymous_visitors_to_login_and_back_afterwards(client, make_user):
    response = client.get(PROTECTED)
    assert response.status_code == 302
    login_url = response.headers["Location"]
    assert login_url.startswith("/staff/login?next=")
    user = make_user()
    response = client.post(login_url, data={"email": user.email, "password": STAFF_PASSWORD})
    assert response.headers["Location"] == PROTECTED
    assert logged_in(client)


@pytest.mark.parametrize("target", ["https://evil.example/staff/", "//evil.example/staff/", "/\\evil.example",
                                    "/learn/neck-pain", "javascript:alert(1)", "/staff/logout"])
def test_login_never_redirects_off_the_staff_area(client, make_user, target):
    user = make_user()
    response = client.post("/staff/login", query_string={"next": target},
                           data={"email": user.email, "password": STAFF_PASSWORD})
    assert response.headers["Location"] == "/staff/"


def test_login_with_the_email_in_another_case_works(client, make_user):
    make_user(email="dr.lee@clinic.example")
    assert post_login(client, "  Dr.Lee@Clinic.Example ").status_code == 302
    assert logged_in(client)


def test_logout_ends_the_session_on_the_server_so_a_copied_cookie_gets_the_login_page(app, client, login):
    login(client)
    copied = session_cookie(client, app)
    assert logged_in(replay(app, copied))

    response = client.post("/staff/logout")

    assert response.status_code == 302 and response.headers["Location"] == "/staff/login"
    assert not logged_in(client)
    assert not logged_in(replay(app, copied))
    with app.app_context():
        assert db.session.scalar(select(StaffSession.end_reason)) == "logout"


def test_logout_says_so(client, login):
    login(client)
    page = client.post("/staff/logout", follow_redirects=True).get_data(as_text=True)
    assert "You have logged out." in page


def test_logout_only_accepts_post(client, login):
    login(client)
    assert client.get("/staff/logout").status_code == 405
    assert logged_in(client)


def test_a_new_session_at_login_carries_nothing_over(app, client, make_user):
    with client.session_transaction() as before:
        before["planted"] = "by an attacker"
    planted_cookie = session_cookie(client, app)
    user = make_user()

    post_login(client, user.email)

    assert session_cookie(client, app) != planted_cookie
    with client.session_transaction() as after:
        assert "planted" not in after
        token = after["_user_id"]
    # The cookie holds a random session token, not a user id that could be guessed.
    assert token != str(user.id) and len(token) >= 40


def test_logging_in_again_ends_the_previous_session_in_that_browser(app, client, make_user):
    first, second = make_user(), make_user()
    post_login(client, first.email)
    old_cookie = session_cookie(client, app)
    post_login(client, second.email)
    assert not logged_in(replay(app, old_cookie))
    with app.app_context():
        reasons = db.session.scalars(select(StaffSession.end_reason).order_by(StaffSession.id)).all()
    assert reasons == ["replaced", None]


def test_session_cookie_is_httponly_and_samesite_lax(client, login):
    login(client)
    cookie = client.get_cookie("intake_session")
    assert cookie.http_only and cookie.same_site == "Lax"
    # No long-lived remember-me: the cookie ends with the browser.
    assert cookie.expires is None
    assert client.get_cookie("remember_token") is None


# --- Sessions ended by others ------------------------------------------------------------------

def test_disabling_an_account_ends_its_sessions(app, client, runner, login):
    user = login(client)
    result = runner.invoke(args=["users", "disable", user.email])
    assert result.exit_code == 0
    assert not logged_in(client)
    assert post_login(client, user.email).status_code == 200  # and it cannot log in again


def test_an_administrator_setting_a_password_ends_the_users_sessions(app, client, runner, login, monkeypatch):
    user = login(client)
    copied = session_cookie(client, app)
    monkeypatch.setenv("INTAKE_PASSWORD", "a brand new staple gun 88")
    assert runner.invoke(args=["users", "set-password", user.email]).exit_code == 0
    assert not logged_in(client)
    assert not logged_in(replay(app, copied))


def test_changing_your_own_password_keeps_this_session_and_ends_the_others(app, login):
    desk, laptop = app.test_client(), app.test_client()
    user = login(desk)
    login(laptop, email=user.email)
    new = "seven orange kites drifting"

    response = desk.post(PROTECTED, data={"current_password": STAFF_PASSWORD, "password": new, "confirm": new})

    assert response.status_code == 302
    assert logged_in(desk)
    assert not logged_in(laptop)
    assert post_login(app.test_client(), user.email, new).status_code == 302


def test_changing_your_own_password_needs_the_current_one(app, client, login):
    user = login(client)
    new = "seven orange kites drifting"
    page = client.post(PROTECTED, data={"current_password": "not my password at all", "password": new,
                                        "confirm": new}).get_data(as_text=True)
    assert "Your current password is not right" in page
    assert post_login(app.test_client(), user.email, new).status_code == 200


def test_a_user_given_a_password_by_an_administrator_must_choose_their_own_first(client, make_user):
    user = make_user(must_change_password=True)
    response = post_login(client, user.email)
    assert response.status_code == 302
    assert client.get("/staff/users").headers["Location"] == "/staff/account/password"
    assert "Choose your own before you continue" in client.get(PROTECTED).get_data(as_text=True)
    new = "seven orange kites drifting"
    client.post(PROTECTED, data={"current_password": STAFF_PASSWORD, "password": new, "confirm": new})
    assert client.get("/staff/users").status_code == 403  # a practitioner now, past the password page


# --- Timeouts (the clock is moved, never waited for) ------------------------------------------

def test_idle_for_longer_than_the_limit_logs_out(client, login, clock):
    login(client)
    for _ in range(3):  # activity keeps the session alive well past 15 minutes in total
        clock.advance(minutes=14)
        assert logged_in(client)
    clock.advance(minutes=15, seconds=1)
    response = client.get(PROTECTED, follow_redirects=True)
    assert "/staff/login" in response.request.path
    assert "inactive for too long" in response.get_data(as_text=True)
    assert not logged_in(client)


def test_idle_timeout_is_configurable(app, client, login, clock):
    app.config["STAFF_IDLE_TIMEOUT"] = 300  # seconds, as an environment variable gives it
    login(client)
    clock.advance(minutes=4)
    assert logged_in(client)
    clock.advance(minutes=5, seconds=1)
    assert not logged_in(client)


def test_a_session_ends_at_the_absolute_limit_however_active(client, login, clock):
    login(client)
    for _ in range(12 * 6 - 1):
        clock.advance(minutes=10)
        assert logged_in(client)
    clock.advance(minutes=10)
    response = client.get(PROTECTED, follow_redirects=True)
    assert "reached its time limit" in response.get_data(as_text=True)


# --- Throttling and the single refusal message ------------------------------------------------

def refusal_page(response, email):
    assert response.status_code == 200
    # The CSRF token carries the second it was made: two pages a second apart differ only there.
    page = re.sub(r'name="csrf_token" value="[^"]*"', 'name="csrf_token"', response.get_data(as_text=True))
    return page.replace(email, "EMAIL")


def test_unknown_user_wrong_password_and_disabled_account_get_the_same_answer(client, make_user):
    known = make_user(email="known@clinic.example")
    disabled = make_user(email="gone@clinic.example", active=False)
    pages = {
        refusal_page(post_login(client, "nobody@clinic.example"), "nobody@clinic.example"),
        refusal_page(post_login(client, known.email, "wrong password entirely"), known.email),
        refusal_page(post_login(client, disabled.email), disabled.email),
    }
    assert len(pages) == 1
    page = pages.pop()
    assert REFUSAL in page
    assert STAFF_PASSWORD not in page and "wrong password entirely" not in page


ATTACKER = {"REMOTE_ADDR": "203.0.113.66"}
ELSEWHERE = {"REMOTE_ADDR": "198.51.100.7"}
WAITING = re.compile(r"Too many wrong tries\. Wait (\d+) (second|minute)s?, then try again\.")


def waited(response) -> int | None:
    """The wait the page asks for, in seconds; None if it asks for none."""
    found = WAITING.search(response.get_data(as_text=True))
    if not found:
        return None
    return int(found.group(1)) * (60 if found.group(2) == "minute" else 1)


def test_five_wrong_guesses_then_each_try_waits_longer(app, client, make_user, clock):
    user = make_user()
    for _ in range(5):
        response = post_login(client, user.email, "wrong password guess")
        assert REFUSAL in response.get_data(as_text=True) and waited(response) is None
    waits = []
    for _ in range(6):
        response = post_login(client, user.email)  # even the right password waits its turn
        assert response.status_code == 200 and not logged_in(client)
        waits.append(waited(response))
        clock.advance(seconds=waits[-1])
        post_login(client, user.email, "wrong password guess")  # allowed once the wait is over: one more failure
    assert waits == [1, 2, 4, 8, 16, 32]

    clock.advance(seconds=64)
    assert post_login(client, user.email).status_code == 302


def test_waits_stop_growing_at_the_cap(app, client, make_user, clock):
    app.config["LOGIN_DELAY_CAP"] = 120
    user = make_user()
    for _ in range(5 + 12):
        wait = waited(post_login(client, user.email, "wrong password guess")) or 0
        clock.advance(seconds=wait)
        if wait:
            post_login(client, user.email, "wrong password guess")
    response = post_login(client, user.email)
    assert "Wait 2 minutes" in response.get_data(as_text=True)


def test_waiting_tries_are_not_counted_and_never_check_the_password(app, client, make_user, clock, monkeypatch):
    user = make_user()
    for _ in range(5):
        post_login(client, user.email, "wrong password guess")
    checks = []
    monkeypatch.setattr(accounts, "verify_password", lambda *args: checks.append(args) or False)
    for _ in range(20):
        assert waited(post_login(client, user.email, "wrong password guess")) == 1
    assert checks == []
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(LoginAttempt)) == 5


def test_an_attacker_who_is_made_to_wait_cannot_lock_out_the_real_user(app, make_user, clock):
    user = make_user()
    attacker = app.test_client()
    for _ in range(12):  # as fast as the waits allow
        clock.advance(seconds=waited(post_login(attacker, user.email, "guess", environ_base=ATTACKER)) or 0)
        post_login(attacker, user.email, "guess", environ_base=ATTACKER)
    assert waited(post_login(attacker, user.email, STAFF_PASSWORD, environ_base=ATTACKER)) > 60

    at_work = app.test_client()
    assert post_login(at_work, user.email, environ_base=ELSEWHERE).status_code == 302
    assert logged_in(at_work)


def test_a_guesser_on_the_clinics_shared_address_slows_only_that_account_and_address(app, make_user, clock):
    """The waiting-room tablet and the front desk share the clinic's address: only the guessed pair waits."""
    target, colleague = make_user(), make_user()
    tablet, desk = app.test_client(), app.test_client()
    for _ in range(8):
        post_login(tablet, target.email, "guess")
    assert waited(post_login(tablet, target.email)) is not None
    assert post_login(desk, colleague.email).status_code == 302


def test_a_successful_login_starts_the_pairs_count_again(app, make_user, clock):
    user = make_user()
    client = app.test_client()
    for _ in range(4):
        post_login(client, user.email, "wrong password guess")
    assert post_login(client, user.email).status_code == 302
    client.post("/staff/logout")
    for _ in range(4):
        post_login(client, user.email, "wrong password guess")
    assert post_login(client, user.email).status_code == 302


def test_guesses_spread_over_many_accounts_slow_that_address(app, client, make_user, clock):
    app.config["LOGIN_FAILURES_BEFORE_DELAY_PER_ADDRESS"] = 12
    user = make_user()
    for number in range(12):
        post_login(client, f"guess{number}@clinic.example", "wrong password guess")
    assert waited(post_login(client, user.email)) == 1
    assert post_login(app.test_client(), user.email, environ_base=ELSEWHERE).status_code == 302


def test_typos_followed_by_the_owners_login_do_not_slow_a_shared_address(app, make_user, clock):
    app.config["LOGIN_FAILURES_BEFORE_DELAY_PER_ADDRESS"] = 6
    staff = [make_user() for _ in range(4)]
    for member in staff:  # each mistypes twice, then gets in, all from the clinic's one address
        browser = app.test_client()
        for _ in range(2):
            post_login(browser, member.email, "fat fingered password")
        assert post_login(browser, member.email).status_code == 302
    assert post_login(app.test_client(), make_user().email).status_code == 302


def test_throttling_is_counted_in_the_database_shared_by_every_worker(app, make_user):
    """Five wrong guesses from five separate clients (as from separate workers) make the sixth wait all the same."""
    user = make_user()
    for _ in range(5):
        post_login(app.test_client(), user.email, "wrong password guess")
    assert waited(post_login(app.test_client(), user.email)) is not None
    with app.app_context():
        failures = db.session.scalar(select(func.count()).select_from(LoginAttempt)
                                     .where(LoginAttempt.succeeded.is_(False)))
        # Only the typed email's keyed hash is kept, never the email itself.
        assert user.email not in db.session.scalar(select(LoginAttempt.account_key))
    assert failures == 5


def test_changing_your_password_goes_through_the_same_throttle(app, client, login, clock):
    user = login(client)
    new = "seven orange kites drifting"
    for _ in range(5):
        page = client.post(PROTECTED, data={"current_password": "a wrong guess", "password": new, "confirm": new})
        assert "Your current password is not right" in page.get_data(as_text=True)
    response = client.post(PROTECTED, data={"current_password": STAFF_PASSWORD, "password": new, "confirm": new})
    assert waited(response) == 1
    assert post_login(app.test_client(), user.email, new, environ_base=ELSEWHERE).status_code == 200  # unchanged
    clock.advance(seconds=1)
    response = client.post(PROTECTED, data={"current_password": STAFF_PASSWORD, "password": new, "confirm": new})
    assert response.status_code == 302
    assert post_login(app.test_client(), user.email, new, environ_base=ELSEWHERE).status_code == 302


def test_old_login_attempts_are_purged(app, client, make_user, clock):
    make_user()
    post_login(client, "someone@clinic.example", "wrong password guess")
    clock.advance(days=2)
    post_login(client, "someone@clinic.example", "wrong password guess")
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(LoginAttempt)) == 1


@pytest.mark.parametrize("data, message", [
    ({"email": "", "password": ""}, "Enter your email address"),
    ({"email": "a@b.example", "password": ""}, "Enter your password"),
    ({"email": "a" * 300 + "@b.example", "password": "x"}, "254 characters or fewer"),
    ({"email": "a@b.example", "password": "x" * 5000}, "1024 characters or fewer"),
])
def test_incomplete_or_oversized_login_forms_get_a_clear_message(app, client, data, message):
    response = client.post("/staff/login", data=data)
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(LoginAttempt)) == 0


def test_login_and_logout_refuse_a_post_without_the_csrf_token(app_config):
    from intake import create_app

    app = create_app({**app_config, "WTF_CSRF_ENABLED": True})
    client = app.test_client()
    with app.app_context():
        db.create_all()
        with write_transaction() as session:
            accounts.create_user(session, email="csrf@clinic.example", role="admin", password=STAFF_PASSWORD)
    try:
        assert post_login(client, "csrf@clinic.example").status_code == 400
        page = client.get("/staff/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        response = client.post("/staff/login", data={"email": "csrf@clinic.example", "password": STAFF_PASSWORD,
                                                     "csrf_token": token})
        assert response.status_code == 302
        assert client.post("/staff/logout").status_code == 400
        assert client.get(PROTECTED).status_code == 200  # still logged in
        assert client.post("/staff/users/new", data={"email": "x@clinic.example"}).status_code == 400
    finally:
        with app.app_context():
            db.session.remove()
            db.drop_all()
            db.engine.dispose()


def test_the_queue_poll_never_keeps_an_idle_session_alive(client, login, clock):
    """A workstation left open on the queue polls every 30 seconds: it is logged off after 15 idle minutes."""
    login(client)
    for _ in range(2 * 14):  # 14 minutes of polls, every 30 seconds
        clock.advance(seconds=30)
        assert client.get("/staff/new-count?since=2026-01-01T00:00:00").status_code == 200
    clock.advance(minutes=1, seconds=1)  # 15 minutes since the person's own last request
    response = client.get("/staff/new-count?since=2026-01-01T00:00:00")
    assert response.status_code == 401 and response.get_json() == {"logged_out": True, "login": "/staff/login"}
    page = client.get("/staff/login").get_data(as_text=True)
    assert "inactive for too long" in page
    assert not logged_in(client)


def test_a_persons_own_requests_still_keep_the_session_alive_between_polls(client, login, clock):
    login(client)
    for _ in range(3):
        clock.advance(minutes=10)
        client.get("/staff/new-count?since=2026-01-01T00:00:00")
        clock.advance(minutes=4)
        assert logged_in(client)  # the person's own request
    assert logged_in(client)
