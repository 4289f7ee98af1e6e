"""No patient data in URLs or logs; one structured line per request; user text cannot forge a log line."""

import json
import logging

import pytest
from sqlalchemy import select

from intake.extensions import db
from intake.models import Submission
from tests.questionnaire_client import answer_pages, form_data

# Unique values no log line or URL could contain by chance.
PLANTED = {
    "full_name": "Zephyrine Quillfeather",
    "date_of_birth": "1931-02-27",
    "phone": "+1 555 0147 3829",
    "email": "zq.planted.7731@example.org",
    "notes": "Plantedmarker Xylophage tingling since the regatta",
}
PLANTED_NOTE = "Staffnote Quasarwhistle follow up"


class UrlRecorder:
    """WSGI middleware writing down every request line and redirect, as an access log or browser history would."""

    def __init__(self, wsgi_app):
        self.wsgi_app, self.urls = wsgi_app, []

    def __call__(self, environ, start_response):
        self.urls.append(f"{environ['REQUEST_METHOD']} {environ.get('PATH_INFO')}?{environ.get('QUERY_STRING')}")

        def recording_start_response(status, headers, *args):
            self.urls.extend(value for key, value in headers if key.lower() in ("location", "refresh"))
            return start_response(status, headers, *args)

        return self.wsgi_app(environ, recording_start_response)


@pytest.fixture
def recorded(app, caplog):
    """Every URL sent or redirected to, and every log record at DEBUG and above from the app."""
    recorder = UrlRecorder(app.wsgi_app)
    app.wsgi_app = recorder
    caplog.set_level(logging.DEBUG, logger="intake")
    caplog.set_level(logging.DEBUG, logger="werkzeug")
    return recorder, caplog


def _planted_values():
    day, month, year = PLANTED["date_of_birth"].split("-")[::-1]
    return [*PLANTED.values(), PLANTED_NOTE, f"{day}/{month}/{year}", "Zephyrine", "Quillfeather", "0147 3829"]


def _hits(recorder, caplog):
    text = "\n".join(recorder.urls + [r.getMessage() for r in caplog.records]
                     + [str(r.args) for r in caplog.records])
    return [value for value in _planted_values() if value.lower() in text.lower()]


def test_planted_patient_values_reach_no_log_and_no_url(app, client, answers, recorded, login):
    recorder, caplog = recorded
    patient_answers = {**answers, **PLANTED}
    # A page sent with a mistake first (the error page repeats what was typed), then the whole questionnaire.
    bad = client.post("/about-you", data={**form_data("about", patient_answers), "date_of_birth-year": "18"},
                      follow_redirects=True)
    assert bad.status_code == 200 and PLANTED["full_name"] in bad.get_data(as_text=True)
    answer_pages(client, patient_answers)
    client.get("/check-your-answers")
    sent = client.post("/confirm-and-send", data=form_data("consent", patient_answers))
    assert sent.headers["Location"].endswith("/done")
    client.get("/done")

    staff = app.test_client()
    login(staff, role="practitioner")
    with app.app_context():
        submission_id = db.session.scalars(select(Submission.id)).one()
    base = f"/staff/submissions/{submission_id}"
    pages = [staff.get("/staff/"), staff.get("/staff/?status=all"), staff.get(base), staff.get(f"{base}/print"),
             staff.post(f"{base}/notes", data={"text": PLANTED_NOTE}), staff.post(f"{base}/reviewed"), staff.get(base)]
    assert all(r.status_code in (200, 302) for r in pages)
    assert PLANTED["full_name"] in pages[2].get_data(as_text=True)  # the values really were stored and shown

    assert len(recorder.urls) > 20 and caplog.records
    assert _hits(recorder, caplog) == []


def test_searching_the_queue_for_a_patient_puts_no_name_in_the_url(app, answers, make_submission, recorded, login):
    recorder, caplog = recorded
    make_submission({**answers, **PLANTED})
    staff = app.test_client()
    login(staff, role="front_desk")
    found = staff.post("/staff/", data={"q": PLANTED["full_name"], "status": "all"}, follow_redirects=True)
    # The search really ran and found the patient, yet the name travelled only in the POST body.
    assert found.status_code == 200 and "1 submission matching" in found.get_data(as_text=True)
    assert _hits(recorder, caplog) == []


def _request_lines(caplog):
    return [r for r in caplog.records if r.name == "intake.requests"]


def test_each_request_is_logged_as_one_json_line_without_the_query_string(client, caplog):
    caplog.set_level(logging.INFO, logger="intake")
    client.get("/learn/?q=Zephyrine")
    client.post("/about-you", data={"full_name": PLANTED["full_name"]})
    lines = _request_lines(caplog)
    assert len(lines) == 2
    first, second = (json.loads(r.getMessage()) for r in lines)
    assert (first["method"], first["path"], first["status"]) == ("GET", "/learn/", 200)
    assert (second["method"], second["path"], second["status"]) == ("POST", "/about-you", 302)  # errors: a redirect
    assert first["id"] != second["id"] and all(isinstance(e["ms"], float) for e in (first, second))
    assert "Zephyrine" not in caplog.text and "Quillfeather" not in caplog.text


FORGED = "\r\n2026-01-01 INFO intake.requests {\"event\": \"request\", \"path\": \"/forged\"}\n"


def test_user_supplied_text_cannot_forge_a_log_line(client, answers, caplog, login):
    caplog.set_level(logging.DEBUG, logger="intake")
    client.post("/about-you", data={**form_data("about", answers), "full_name": f"Ann{FORGED}Lee"})
    client.post("/daily-life-and-history", data={**form_data("history", answers), "notes": FORGED})
    client.get("/no-such-page" + FORGED.replace("\r\n", "%0D%0A").replace("\n", "%0A").replace(" ", "%20"))
    client.post("/staff/login", data={"email": f"x@y.example{FORGED}", "password": FORGED},
                headers={"User-Agent": FORGED.strip()})
    assert len(_request_lines(caplog)) == 4
    for record in _request_lines(caplog):
        message = record.getMessage()
        assert "\n" not in message and "\r" not in message
        json.loads(message)
    for record in caplog.records:
        assert not any(line.startswith("2026-01-01 INFO") for line in record.getMessage().splitlines())


def test_under_gunicorn_every_request_is_logged_as_a_json_line_without_patient_data(tmp_path, answers):
    """Under gunicorn nothing configures logging for the app: the request lines must still be written."""
    import os
    import signal
    import socket
    import subprocess
    import sys
    import time
    import urllib.parse
    import urllib.request
    from pathlib import Path

    from intake import create_app
    from tests.conftest import TEST_SECRET_KEY

    url = f"sqlite:///{tmp_path / 'logs.sqlite3'}"
    setup = create_app({"TESTING": True, "SECRET_KEY": TEST_SECRET_KEY, "SQLALCHEMY_DATABASE_URI": url})
    with setup.app_context():
        db.create_all()
        db.engine.dispose()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    stderr = tmp_path / "stderr.log"
    env = {**os.environ, "INTAKE_SECRET_KEY": TEST_SECRET_KEY, "INTAKE_SQLALCHEMY_DATABASE_URI": url,
           "INTAKE_WTF_CSRF_ENABLED": "false", "INTAKE_RATELIMIT_ENABLED": "false"}
    env.pop("DATABASE_URL", None)
    with stderr.open("w") as err:
        server = subprocess.Popen([str(Path(sys.executable).with_name("gunicorn")), "-w", "1", "-b", f"127.0.0.1:{port}",
                                   "intake:create_app()"], env=env, cwd=Path(__file__).resolve().parents[2],
                                  stdout=subprocess.DEVNULL, stderr=err)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/about-you", timeout=2).read()
                break
            except OSError:
                time.sleep(0.1)
        body = urllib.parse.urlencode({**form_data("about", answers), "full_name": PLANTED["full_name"]}).encode()
        urllib.request.urlopen(f"{base}/about-you?ref={PLANTED['email']}", data=body, timeout=10).read()
        urllib.request.urlopen(f"{base}/learn/", timeout=10).read()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    lines = [json.loads(line) for line in stderr.read_text().splitlines() if line.startswith("{")]
    requests = [(line["method"], line["path"], line["status"]) for line in lines if line.get("event") == "request"]
    assert ("GET", "/about-you", 200) in requests and ("POST", "/about-you", 302) in requests
    assert ("GET", "/learn/", 200) in requests
    text = stderr.read_text()
    assert PLANTED["full_name"] not in text and PLANTED["email"] not in text
