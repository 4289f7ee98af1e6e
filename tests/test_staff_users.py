"""Managing staff users (admin pages and the command line) and reading the audit log with filters."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from intake.accounts import users as accounts
from intake.accounts.users import StaffSession, User
from intake.accounts.audit import AuditEvent
from intake.extensions import db
from tests.conftest import STAFF_PASSWORD

NEW_PASSWORD = "seven orange kites drifting"


def get_user(app, email):
    with app.app_context():
        user = accounts.find_user_by_email(email)
        db.session.expunge(user)
        return user


def open_sessions(app, user):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(StaffSession)
                                 .where(StaffSession.user_id == user.id, StaffSession.ended_at.is_(None)))


def last_audit(app):
    with app.app_context():
        row = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        return row.action, row.object_id


@pytest.fixture
def admin(client, login):
    return login(client, role="admin")


# --- Admin pages -------------------------------------------------------------------------------

def test_users_page_lists_everyone_with_role_and_status(client, admin, make_user):
    make_user(email="desk@clinic.example", role="front_desk", name="Dana Desk")
    make_user(email="gone@clinic.example", active=False)
    page = client.get("/staff/users").get_data(as_text=True)
    assert "Dana Desk" in page and "desk@clinic.example" in page and "Front desk" in page
    assert "Disabled" in page
    assert 'aria-current="page"' in page


def test_an_admin_creates_a_user_who_must_then_choose_a_password(app, client, admin):
    response = client.post("/staff/users/new", data={
        "email": "New.Person@Clinic.Example", "name": "New Person", "role": "practitioner",
        "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    user = get_user(app, "new.person@clinic.example")
    assert response.headers["Location"] == f"/staff/users/{user.public_id}"
    assert (user.role, user.name, user.active, user.must_change_password) == ("practitioner", "New Person", True, True)
    assert last_audit(app) == ("user.create", user.public_id)

    newcomer = app.test_client()
    newcomer.post("/staff/login", data={"email": user.email, "password": NEW_PASSWORD})
    assert newcomer.get("/staff/users").headers["Location"] == "/staff/account/password"


@pytest.mark.parametrize("changes, message", [
    ({"email": ""}, "Enter an email address"),
    ({"email": "not-an-email"}, "Enter an email address in the correct format"),
    ({"name": ""}, "Enter the person"),
    ({"name": "n" * 121}, "120 characters or fewer"),
    ({"name": "Ok \x1b[31mPerson"}, "must not contain control characters"),
    ({"name": "Ok\tPerson"}, "must not contain control characters"),
    ({"name": "nosreP \u202eOk"}, "must not contain control characters"),
    ({"name": "Ok\u200bPerson"}, "must not contain control characters"),
    ({"role": "superuser"}, "Not a valid choice"),
    ({"password": "short", "confirm": "short"}, "at least 12 characters"),
    ({"password": "password1234", "confirm": "password1234"}, "too common"),
    ({"confirm": "something else entirely"}, "The two passwords do not match"),
    ({"email": "taken@clinic.example"}, "There is already a user with that email address"),
])
def test_creating_a_user_refuses_bad_input_with_a_message(app, client, admin, make_user, changes, message):
    make_user(email="taken@clinic.example")
    data = {"email": "ok@clinic.example", "name": "Ok Person", "role": "front_desk",
            "password": NEW_PASSWORD, "confirm": NEW_PASSWORD, **changes}
    response = client.post("/staff/users/new", data=data)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 2  # admin and taken


def test_a_name_written_with_joiners_and_accents_is_accepted(app, client, admin):
    name = "Zoë Nair \u0915\u094d\u200d\u0937"  # a Devanagari conjunct written with a zero-width joiner
    client.post("/staff/users/new", data={"email": "zoe@clinic.example", "name": name, "role": "front_desk",
                                          "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert get_user(app, "zoe@clinic.example").name == name


def test_changing_a_role(app, client, admin, make_user):
    user = make_user(role="front_desk")
    response = client.post(f"/staff/users/{user.public_id}/role", data={"role": "admin"})
    assert response.status_code == 302
    assert get_user(app, user.email).role == "admin"
    assert last_audit(app) == ("user.role", user.public_id)


def test_a_tampered_role_is_refused_and_not_stored(app, client, admin, make_user):
    user = make_user(role="front_desk")
    response = client.post(f"/staff/users/{user.public_id}/role", data={"role": "root"})
    assert response.status_code == 400
    assert "Not a valid choice" in response.get_data(as_text=True)
    assert get_user(app, user.email).role == "front_desk"


def test_disabling_ends_sessions_and_enabling_lets_them_back(app, client, admin, login):
    colleague = app.test_client()
    user = login(colleague, role="practitioner")
    client.post(f"/staff/users/{user.public_id}/disable")
    assert not get_user(app, user.email).active
    assert open_sessions(app, user) == 0
    assert colleague.get("/staff/account/password").status_code == 302
    assert last_audit(app) == ("user.disable", user.public_id)

    client.post(f"/staff/users/{user.public_id}/enable")
    assert get_user(app, user.email).active
    assert colleague.post("/staff/login", data={"email": user.email, "password": STAFF_PASSWORD}).status_code == 302


def test_resetting_a_password_ends_sessions_and_forces_a_new_choice(app, client, admin, login):
    colleague = app.test_client()
    user = login(colleague)
    response = client.post(f"/staff/users/{user.public_id}/password",
                           data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert open_sessions(app, user) == 0
    assert get_user(app, user.email).must_change_password
    assert last_audit(app) == ("user.password", user.public_id)


def test_resetting_with_a_weak_password_is_refused(app, client, admin, make_user):
    user = make_user()
    response = client.post(f"/staff/users/{user.public_id}/password", data={"password": "qwerty", "confirm": "qwerty"})
    assert response.status_code == 400 and "at least 12 characters" in response.get_data(as_text=True)
    assert not get_user(app, user.email).must_change_password


def test_an_admin_cannot_disable_or_demote_themselves(app, client, admin):
    page = client.post(f"/staff/users/{admin.public_id}/disable", follow_redirects=True).get_data(as_text=True)
    assert "You cannot change your own role or disable your own account" in page
    client.post(f"/staff/users/{admin.public_id}/role", data={"role": "front_desk"})
    me = get_user(app, admin.email)
    assert me.active and me.role == "admin"


@pytest.mark.parametrize("path", ["/staff/users/12", "/staff/users/not-a-uuid",
                                  "/staff/users/00000000-0000-4000-8000-000000000000"])
def test_user_pages_need_a_real_random_id(client, admin, path):
    assert client.get(path).status_code == 404


# --- The audit log page ------------------------------------------------------------------------

def test_the_audit_log_lists_newest_first_and_records_being_read(app, client, admin):
    page = client.get("/staff/audit").get_data(as_text=True)
    assert "Logged in" in page and admin.email in page
    assert last_audit(app) == ("audit.list", None)


def test_the_audit_log_filters_by_user_and_action(client, admin, make_user, login, app):
    other = login(app.test_client(), role="front_desk", email="other@clinic.example")
    page = client.get("/staff/audit", query_string={"user": other.public_id}).get_data(as_text=True)
    rows = page.split("<tbody>")[1]
    assert "other@clinic.example" in rows and admin.email not in rows

    page = client.get("/staff/audit", query_string={"action": "audit.list"}).get_data(as_text=True)
    rows = page.split("<tbody>")[1]
    assert "Viewed the audit log" in rows and "Logged in" not in rows


def test_the_audit_log_filters_by_date(client, admin, clock):
    today = clock.current.date()
    yesterday = (today - timedelta(days=1)).isoformat()
    rows = client.get("/staff/audit", query_string={"date_to": yesterday}).get_data(as_text=True).split("<tbody>")[1]
    assert "No entries match these filters." in rows
    rows = client.get("/staff/audit", query_string={"date_from": today.isoformat(),
                                                    "date_to": today.isoformat()}).get_data(as_text=True)
    assert "Logged in" in rows.split("<tbody>")[1]


@pytest.mark.parametrize("query, message", [
    ({"action": "'; DROP TABLE audit_event; --"}, "Not a valid choice"),
    ({"user": "1"}, "Not a valid choice"),
    ({"date_from": "31/12/2026"}, "Enter a real date"),
    ({"reference": "Mrs Example"}, "Enter a reference like ABCD-2345"),
    ({"date_from": "1066-10-14"}, "between the years 2000 and 2100"),
    ({"date_to": "9999-12-31"}, "between the years 2000 and 2100"),
    ({"date_from": "2026-03-02", "date_to": "2026-03-01"}, "same as or after the start date"),
])
def test_bad_filter_values_get_a_message_never_a_500(client, admin, query, message):
    response = client.get("/staff/audit", query_string=query)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_the_audit_log_pages_through_older_entries(app, client, admin, monkeypatch):
    from intake.web.staff.admin import admin_views

    monkeypatch.setattr(admin_views, "AUDIT_PAGE_SIZE", 2)
    for _ in range(3):
        client.get("/staff/audit")  # each view adds a row: login + 3 views = 4 rows, plus the next view = 5
    first = client.get("/staff/audit", query_string={"action": "audit.list"}).get_data(as_text=True)
    assert first.count("Viewed the audit log") == 2 + 1  # two rows and the filter's option
    older = first.split('href="/staff/audit?before=')[1].split('"')[0].replace("&amp;", "&")
    second = client.get("/staff/audit?before=" + older).get_data(as_text=True)
    assert second.count("Viewed the audit log") == 2 + 1
    assert client.get("/staff/audit?before=abc").status_code == 400


# --- The command line --------------------------------------------------------------------------

def test_cli_creates_a_user_with_the_password_from_the_environment(app, runner, monkeypatch):
    monkeypatch.setenv("INTAKE_PASSWORD", STAFF_PASSWORD)
    result = runner.invoke(args=["users", "create", "Dr.Who@Clinic.Example", "--role", "practitioner",
                                 "--name", "Dr Who"])
    assert result.exit_code == 0, result.output
    user = get_user(app, "dr.who@clinic.example")
    assert (user.role, user.name, user.must_change_password) == ("practitioner", "Dr Who", False)
    assert app.test_client().post("/staff/login", data={"email": user.email,
                                                        "password": STAFF_PASSWORD}).status_code == 302


def test_cli_prompts_for_the_password_twice(app, runner, monkeypatch):
    monkeypatch.delenv("INTAKE_PASSWORD", raising=False)
    typed = "too short\ntoo short\n" + f"{NEW_PASSWORD}\nnot the same again\n" + f"{NEW_PASSWORD}\n{NEW_PASSWORD}\n"
    result = runner.invoke(args=["users", "create", "desk@clinic.example", "--role", "front_desk"], input=typed)
    assert result.exit_code == 0, result.output
    assert "at least 12 characters" in result.output
    assert NEW_PASSWORD not in result.output  # never echoed
    with app.app_context():
        assert accounts.verify_password(accounts.find_user_by_email("desk@clinic.example"), NEW_PASSWORD)


@pytest.mark.parametrize("args, message", [
    (["users", "create", "x@clinic.example", "--role", "boss"], "Invalid value for '--role'"),
    (["users", "create", "not-an-email", "--role", "admin"], "Give the user's email address"),
    (["users", "create", "taken@clinic.example", "--role", "admin"], "already a user"),
    (["users", "create", "x@clinic.example", "--role", "admin", "--name", "Evil\x1b]0;x\x07"],
     "must not contain control characters"),
    (["users", "disable", "nobody@clinic.example"], "No user with the email address"),
    (["users", "set-password", "nobody@clinic.example"], "No user with the email address"),
])
def test_cli_refuses_bad_input_with_a_message(runner, make_user, monkeypatch, args, message):
    make_user(email="taken@clinic.example")
    monkeypatch.setenv("INTAKE_PASSWORD", STAFF_PASSWORD)
    result = runner.invoke(args=args)
    assert result.exit_code != 0 and message in result.output


def test_cli_refuses_a_weak_password_from_the_environment(app, runner, monkeypatch):
    monkeypatch.setenv("INTAKE_PASSWORD", "letmein")
    result = runner.invoke(args=["users", "create", "x@clinic.example", "--role", "admin"])
    assert result.exit_code != 0 and "at least 12 characters" in result.output
    with app.app_context():
        assert accounts.find_user_by_email("x@clinic.example") is None


def test_cli_lists_users(runner, make_user):
    make_user(email="a@clinic.example", role="admin")
    make_user(email="b@clinic.example", role="front_desk", active=False)
    output = runner.invoke(args=["users", "list"]).output
    assert "a@clinic.example\tadmin\tactive" in output and "b@clinic.example\tfront_desk\tdisabled" in output


def test_cli_set_password_ends_sessions(app, client, runner, login, monkeypatch):
    user = login(client)
    monkeypatch.setenv("INTAKE_PASSWORD", NEW_PASSWORD)
    result = runner.invoke(args=["users", "set-password", user.email])
    assert result.exit_code == 0 and "ended 1 session(s)" in result.output
    assert client.get("/staff/account/password").status_code == 302
    assert app.test_client().post("/staff/login", data={"email": user.email,
                                                        "password": NEW_PASSWORD}).status_code == 302


def test_cli_changes_roles_and_enables_accounts(app, runner, make_user):
    user = make_user(role="front_desk", active=False)
    assert runner.invoke(args=["users", "set-role", user.email, "admin"]).exit_code == 0
    assert runner.invoke(args=["users", "enable", user.email]).exit_code == 0
    stored = get_user(app, user.email)
    assert (stored.role, stored.active) == ("admin", True)


def test_audit_rows_name_the_submission_by_reference_and_initials_and_search_by_reference(
        app, client, admin, login, make_submission):
    wanted = make_submission(full_name="Marguerite Okonkwo-Lindqvist")
    other = make_submission(full_name="Bartholomew Quist")
    desk = app.test_client()
    desk_user = login(desk, role="front_desk", email="desk@clinic.example")
    desk.get(f"/staff/submissions/{wanted.id}")
    desk.get(f"/staff/submissions/{other.id}")
    rows = client.get("/staff/audit").get_data(as_text=True).split("<tbody>")[1]
    assert f"Submission {wanted.reference} (M. O.)" in rows and f"Submission {other.reference} (B. Q.)" in rows
    assert "Okonkwo" not in rows and "Bartholomew" not in rows  # initials only, never the name
    # "Who opened this record?": the reference as written on it, with or without the dash, any case.
    for typed in (wanted.reference, wanted.reference.replace("-", "").lower()):
        rows = client.get("/staff/audit", query_string={"reference": typed}).get_data(as_text=True).split("<tbody>")[1]
        assert desk_user.email in rows and "Viewed a submission" in rows
        assert other.reference not in rows and "Logged in" not in rows
    rows = client.get("/staff/audit", query_string={"reference": "ZZZZ-2222"}).get_data(as_text=True)
    assert "No entries match these filters." in rows.split("<tbody>")[1]
