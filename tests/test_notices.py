"""New-submission e-mail notices, against a real SMTP server (aiosmtpd) on 127.0.0.1: no patient data, a link, never a lost submission."""

import logging
import socket
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from sqlalchemy import func, select

from intake import create_app
from intake.extensions import db
from intake.models import Submission
from tests.questionnaire_client import submit_questionnaire

PUBLIC_URL = "https://intake.birchwood-clinic.example/"
# Planted, unique patient values: none may appear anywhere in a notice.
PLANTED = {"full_name": "Oriel Vantongeren-Pask", "email": "oriel.vp.8841@example.org", "phone": "07700 900873",
           "notes": "Planted note 5bd1 for the notice test", "date_of_birth": "1958-02-17"}


# Tests that build their own app with other settings take the `app` fixture too: it creates the
# tables in the database they share.


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    """aiosmtpd handler: keeps every message it is given."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 Message accepted"


class Credentials:
    def __init__(self, username, password):
        self.expected = (username.encode(), password.encode())

    def __call__(self, server, session, envelope, mechanism, auth_data):
        return AuthResult(success=(auth_data.login, auth_data.password) == self.expected)


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port(), auth_require_tls=False,
                            authenticator=Credentials("intake-notices", "mail password 7"))
    controller.start()
    controller.inbox = inbox
    yield controller
    controller.stop()


@pytest.fixture
def app_config(app_config, smtp_server):
    return {**app_config, "PUBLIC_URL": PUBLIC_URL, "CLINIC_NAME": "Birchwood Clinic",
            "NOTIFY_EMAIL": "front-desk@birchwood-clinic.example", "MAIL_FROM": "intake@birchwood-clinic.example",
            "MAIL_HOST": "127.0.0.1", "MAIL_PORT": smtp_server.port, "MAIL_STARTTLS": False,
            "MAIL_USERNAME": "intake-notices", "MAIL_PASSWORD": "mail password 7", "MAIL_TIMEOUT": 5}


def stored(app):
    with app.app_context():
        return db.session.scalars(select(Submission)).all()


def received(smtp_server):
    return [(envelope, message_from_bytes(envelope.content, policy=policy.default))
            for envelope in smtp_server.inbox.messages]


def assert_no_patient_data(raw: bytes, submission):
    text = raw.decode("utf-8", "replace")
    # (No bare "1958": a Message-ID or UUID may hold those digits by chance.)
    for value in [*PLANTED.values(), "Oriel", "Vantongeren", "17/02/1958", "Feb 1958", submission.reference,
                  "back.upper", "burning"]:
        assert value not in text, value


def test_an_emergency_submission_sends_a_notice_with_only_the_urgency_and_a_link(app, client, answers, smtp_server):
    response = submit_questionnaire(client, {**answers, **PLANTED, "rf_chest_pain": True})
    assert response.headers["Location"] == "/done"
    [submission] = stored(app)
    assert submission.triage_level == "emergency"

    [(envelope, message)] = received(smtp_server)
    assert envelope.rcpt_tos == ["front-desk@birchwood-clinic.example"]
    assert envelope.mail_from == "intake@birchwood-clinic.example"
    assert message["Subject"].startswith("EMERGENCY: ")
    assert "Birchwood Clinic" in message["Subject"]
    body = message.get_content()
    assert f"{PUBLIC_URL}staff/submissions/{submission.id}" in body
    assert "EMERGENCY" in body
    assert_no_patient_data(envelope.content, submission)
    # The link really is the staff page of this submission (which asks for a login).
    assert client.get(f"/staff/submissions/{submission.id}").headers["Location"].startswith("/staff/login")


def test_urgent_and_ordinary_submissions_say_so_in_the_subject(app, answers, smtp_server):
    for overrides, prefix in [({"rf_fever": True}, "URGENT: "), ({}, "New intake submission")]:
        client = app.test_client()
        submit_questionnaire(client, {**answers, **PLANTED, **overrides})
    messages = [message for _, message in received(smtp_server)]
    assert [m["Subject"].split(" ")[0] for m in messages] == ["URGENT:", "New"]
    assert "EMERGENCY" not in messages[1]["Subject"] and "URGENT" not in messages[1]["Subject"]
    for (envelope, _), submission in zip(received(smtp_server), sorted(stored(app), key=lambda s: s.created_at)):
        assert_no_patient_data(envelope.content, submission)


def test_the_same_draft_sent_twice_sends_one_notice(app, client, answers, smtp_server):
    from tests.questionnaire_client import answer_pages, form_data

    answer_pages(client, answers)
    with client.session_transaction() as session:
        token = session["draft_token"]
    first = client.post("/confirm-and-send", data=form_data("consent", answers))
    with client.session_transaction() as session:  # a double click: the second request carries the old cookie
        session["draft_token"] = token
    second = client.post("/confirm-and-send", data=form_data("consent", answers))
    assert first.headers["Location"] == second.headers["Location"] == "/done"
    assert len(stored(app)) == 1
    assert len(smtp_server.inbox.messages) == 1


def test_without_notify_email_no_notice_is_sent(app, app_config, answers, smtp_server):
    app = create_app({**app_config, "NOTIFY_EMAIL": None})
    submit_questionnaire(app.test_client(), {**answers, "rf_chest_pain": True})
    assert smtp_server.inbox.messages == []
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Submission)) == 1
        db.engine.dispose()


def test_an_unreachable_mail_server_still_stores_the_submission_and_confirms(app, app_config, answers, caplog):
    app = create_app({**app_config, "MAIL_PORT": free_port()})  # nothing listens there
    client = app.test_client()
    with caplog.at_level(logging.WARNING, logger="intake.notices"):
        response = submit_questionnaire(client, {**answers, **PLANTED, "rf_chest_pain": True})
    assert response.status_code == 302 and response.headers["Location"] == "/done"
    done = client.get("/done")
    assert done.status_code == 200 and "Your answers have been sent" in done.get_data(as_text=True)
    [submission] = stored(app)
    assert submission.full_name == PLANTED["full_name"]
    [record] = [r for r in caplog.records if r.name == "intake.notices"]
    assert "notice.failed" in record.getMessage() and "ConnectionRefusedError" in record.getMessage()
    for value in [*PLANTED.values(), submission.reference, "mail password 7"]:
        assert value not in caplog.text
    with app.app_context():
        db.engine.dispose()


def test_wrong_mail_credentials_are_logged_and_the_submission_stands(app, app_config, answers, caplog, smtp_server):
    # aiosmtpd refuses the login and then stops answering: MAIL_TIMEOUT bounds the patient's wait.
    app = create_app({**app_config, "MAIL_PASSWORD": "wrong", "MAIL_TIMEOUT": 1})
    with caplog.at_level(logging.WARNING, logger="intake.notices"):
        response = submit_questionnaire(app.test_client(), answers)
    assert response.headers["Location"] == "/done"
    assert smtp_server.inbox.messages == []
    assert "notice.failed" in caplog.text and "SMTP" in caplog.text
    assert "mail password" not in caplog.text and "intake-notices" not in caplog.text
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Submission)) == 1
        db.engine.dispose()


def test_notify_email_needs_mail_from(app_config):
    with pytest.raises(RuntimeError, match="MAIL_FROM"):
        create_app({**app_config, "MAIL_FROM": None})


def test_without_public_url_the_notice_says_where_to_look(app, app_config, answers, smtp_server):
    app = create_app({**app_config, "PUBLIC_URL": None})
    submit_questionnaire(app.test_client(), answers)
    [(_, message)] = received(smtp_server)
    body = message.get_content()
    assert "http" not in body and "Set PUBLIC_URL" in body
    with app.app_context():
        db.engine.dispose()
