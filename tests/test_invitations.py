"""Invitations: the front desk invites a booked patient, the e-mail (real SMTP, aiosmtpd) holds only the clinic's
name and a personal link, the link pre-fills a fresh draft, and the Today view follows the form to the submission."""

import re
from datetime import datetime, timedelta
from email import message_from_bytes, policy
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from intake.extensions import db
from intake.records.invitations import Invitation
from intake.models import Draft, Submission, utcnow
from tests.questionnaire_client import answer_pages, form_data
from tests.test_notices import free_port  # noqa: F401  (the same real SMTP server as the notices)
from tests.test_notices import smtp_server  # noqa: F401

PUBLIC_URL = "https://intake.birchwood-clinic.example/"
ZONE = ZoneInfo("America/New_York")
NAME, BORN, EMAIL = "Marguerite Okonkwo-Lindqvist", "1961-08-23", "m.okonkwo.7731@example.org"


@pytest.fixture
def app_config(app_config, smtp_server):  # noqa: F811
    return {**app_config, "PUBLIC_URL": PUBLIC_URL, "CLINIC_NAME": "Birchwood Clinic",
            "CLINIC_TIMEZONE": "America/New_York", "MAIL_FROM": "intake@birchwood-clinic.example",
            "MAIL_HOST": "127.0.0.1", "MAIL_PORT": smtp_server.port, "MAIL_STARTTLS": False,
            "MAIL_USERNAME": "intake-notices", "MAIL_PASSWORD": "mail password 7", "MAIL_TIMEOUT": 5}


def clinic_now() -> datetime:
    return datetime.now(ZONE).replace(tzinfo=None, second=0, microsecond=0)


def invite(client, *, when=None, **changes):
    when = when or clinic_now().replace(hour=23, minute=30)
    data = {"full_name": NAME, "date_of_birth": BORN, "email": EMAIL, "appointment": when.strftime("%Y-%m-%dT%H:%M"),
            "locale": "en", **changes}
    return client.post("/staff/invitations/new", data=data)


def mails(smtp_server):  # noqa: F811
    return [message_from_bytes(envelope.content, policy=policy.default) for envelope in smtp_server.inbox.messages]


def link_in(message) -> str:
    return re.search(r"https://\S+", message.get_content()).group(0)


@pytest.fixture
def desk(client, login):
    login(client, role="front_desk")
    return client


def test_the_email_holds_only_the_clinic_and_a_working_personal_link(app, desk, smtp_server):  # noqa: F811
    response = invite(desk)
    assert response.status_code == 302 and "/staff/today" in response.headers["Location"]
    [message] = mails(smtp_server)
    assert message["To"] == EMAIL
    assert "Birchwood Clinic" in message["Subject"] and "Birchwood Clinic" in message.get_content()
    text = (message["Subject"] + message.get_content()).lower()
    for planted in (NAME.lower(), "marguerite", "okonkwo", BORN, "1961", "08/23", EMAIL):
        assert planted not in text
    link = link_in(message)
    assert link.startswith(PUBLIC_URL + "invite/")
    token = link.rsplit("/", 1)[1]
    with app.app_context():
        stored = db.session.scalars(select(Invitation)).one()
        assert token not in (stored.token_hash, stored.token_nonce)  # the token itself is never stored
        assert stored.emailed_at is not None
    assert desk.get(f"/invite/{token}").status_code == 200


def test_the_link_prefills_a_fresh_draft_and_today_follows_it_to_the_submission(app, desk, smtp_server, answers):  # noqa: F811
    invite(desk)
    token = link_in(mails(smtp_server)[0]).rsplit("/", 1)[1]
    patient = app.test_client()
    # Opening the link (as an e-mail scanner would) starts nothing.
    assert "Start now" in patient.get(f"/invite/{token}").get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(select(Draft)).all() == []
    assert "Not started" in desk.get("/staff/today").get_data(as_text=True)

    response = patient.post(f"/invite/{token}")
    assert response.status_code == 302 and response.headers["Location"].endswith("/about-you")
    about = patient.get("/about-you").get_data(as_text=True)
    assert f'value="{NAME}"' in about and 'value="1961"' in about and 'value="23"' in about
    assert "In progress" in desk.get("/staff/today").get_data(as_text=True)

    answer_pages(patient, {**answers, "full_name": NAME, "date_of_birth": BORN})
    assert patient.post("/confirm-and-send", data=form_data("consent", answers)).status_code == 302
    today = desk.get("/staff/today").get_data(as_text=True)
    with app.app_context():
        submission = db.session.scalars(select(Submission)).one()
    assert "Sent" in today and f"/staff/submissions/{submission.id}" in today and submission.reference in today
    assert submission.full_name == NAME
    # The link has done its job: it says so instead of starting a second form.
    again = patient.get(f"/invite/{token}")
    assert again.status_code == 410 and "already been sent" in again.get_data(as_text=True)


def test_a_browser_with_someone_elses_draft_gets_a_fresh_one(app, desk, smtp_server, answers):  # noqa: F811
    invite(desk)
    token = link_in(mails(smtp_server)[0]).rsplit("/", 1)[1]
    patient = app.test_client()
    patient.post("/about-you", data=form_data("about", {**answers, "full_name": "Somebody Else"}))
    patient.post(f"/invite/{token}")
    about = patient.get("/about-you").get_data(as_text=True)
    assert NAME in about and "Somebody Else" not in about


def test_expired_unknown_and_tampered_links_show_a_clear_page(app, desk, smtp_server):  # noqa: F811
    invite(desk)
    token = link_in(mails(smtp_server)[0]).rsplit("/", 1)[1]
    with app.app_context():
        stored = db.session.scalars(select(Invitation)).one()
        stored.expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    patient = app.test_client()
    for method in (patient.get, patient.post):
        expired = method(f"/invite/{token}")
        assert expired.status_code == 410 and "This link has expired" in expired.get_data(as_text=True)
        unknown = method(f"/invite/{token[:-2]}xx")
        assert unknown.status_code == 404 and "This link does not work" in unknown.get_data(as_text=True)
    assert patient.get("/invite/" + "a" * 300).status_code == 404
    with app.app_context():
        assert db.session.scalars(select(Draft)).all() == []


def test_today_is_the_clinics_day_with_times_in_its_zone(app, desk, smtp_server):  # noqa: F811
    late = clinic_now().replace(hour=23, minute=30)  # already the next day in UTC
    invite(desk, when=late)
    invite(desk, when=late + timedelta(days=1), full_name="Tomorrow Patient")
    today = desk.get("/staff/today").get_data(as_text=True)
    assert NAME in today and "Tomorrow Patient" not in today
    assert re.search(r"23:30 E[SD]T", today)
    tomorrow = desk.get(f"/staff/today?day={(late + timedelta(days=1)).date().isoformat()}").get_data(as_text=True)
    assert "Tomorrow Patient" in tomorrow and NAME not in tomorrow


def test_resend_sends_the_same_link_and_today_shows_it_to_copy(app, desk, smtp_server):  # noqa: F811
    invite(desk)
    first = link_in(mails(smtp_server)[0])
    assert f'value="{first}"' in desk.get("/staff/today").get_data(as_text=True)
    with app.app_context():
        invitation_id = db.session.scalars(select(Invitation.id)).one()
    response = desk.post(f"/staff/invitations/{invitation_id}/resend")
    assert response.status_code == 302
    assert len(mails(smtp_server)) == 2 and link_in(mails(smtp_server)[1]) == first
    assert desk.post("/staff/invitations/00000000-0000-0000-0000-000000000000/resend").status_code == 404


def test_spanish_invitation_email(app, desk, smtp_server):  # noqa: F811
    invite(desk, locale="es")
    [message] = mails(smtp_server)
    assert "Birchwood Clinic" in message["Subject"] and "antes de su visita" in message["Subject"]


def test_bad_input_is_refused_with_messages_and_kept(app, desk, smtp_server):  # noqa: F811
    response = invite(desk, email="not-an-address", date_of_birth="1961-02-30",
                      when=clinic_now() - timedelta(days=2), locale="xx")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    for message in ("Enter an e-mail address like name@example.com", "Enter the date of birth as a real date",
                    "The appointment must be today or later", "Not a valid choice"):
        assert message in page
    assert f'value="{NAME}"' in page and 'value="not-an-address"' in page
    with app.app_context():
        assert db.session.scalars(select(Invitation)).all() == []
    assert mails(smtp_server) == []


def test_without_a_mail_server_the_invitation_stands_and_the_desk_is_told(app, client, login, smtp_server):  # noqa: F811
    app.config["MAIL_PORT"] = free_port()  # nothing listens there
    login(client, role="front_desk")
    response = invite(client)
    assert response.status_code == 302
    page = client.get("/staff/today").get_data(as_text=True)
    assert "not e-mailed" in page and NAME in page and "/invite/" in page


def test_front_desk_and_up_only_and_every_action_audited(app, client, desk, smtp_server):  # noqa: F811
    from intake.accounts.audit import AuditEvent

    anonymous = app.test_client()
    for path in ("/staff/today", "/staff/invitations/new"):
        assert "/staff/login" in anonymous.get(path).headers["Location"]
    invite(desk)
    token = link_in(mails(smtp_server)[0]).rsplit("/", 1)[1]
    desk.get("/staff/today")
    app.test_client().post(f"/invite/{token}")
    with app.app_context():
        invitation_id = db.session.scalars(select(Invitation.id)).one()
        desk.post(f"/staff/invitations/{invitation_id}/resend")
        actions = {(e.action, e.object_id) for e in db.session.scalars(select(AuditEvent))}
    for action in ("invitation.create", "invitation.start", "invitation.resend"):
        assert (action, invitation_id) in actions
    assert any(action == "invitation.list" for action, _ in actions)


def test_the_patient_pages_of_a_link_speak_spanish(app, desk, smtp_server):  # noqa: F811
    invite(desk, locale="es")
    token = link_in(mails(smtp_server)[0]).rsplit("/", 1)[1]
    patient = app.test_client()
    headers = {"Accept-Language": "es"}
    assert "Su formulario antes de su visita" in patient.get(f"/invite/{token}", headers=headers).get_data(as_text=True)
    assert "Este enlace no funciona" in patient.get("/invite/nothing-here", headers=headers).get_data(as_text=True)


def test_the_personal_link_never_reaches_the_request_log(app, desk, smtp_server, caplog):  # noqa: F811
    invite(desk)
    token = link_in(mails(smtp_server)[0]).rsplit("/", 1)[1]
    with caplog.at_level("INFO", logger="intake.requests"):
        app.test_client().get(f"/invite/{token}")
        app.test_client().post(f"/invite/{token}")
    logged = "\n".join(record.getMessage() for record in caplog.records if record.name == "intake.requests")
    assert '"path": "/invite/<token>"' in logged and token not in logged
