"""Kiosk mode on a waiting-room tablet: turned on by staff, nothing of one patient left for the next, left with a staff password."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from intake.web import kiosk
from intake.accounts.audit import AuditEvent
from intake.extensions import db
from intake.models import Draft, Submission, utcnow
from tests.conftest import STAFF_PASSWORD
from tests.questionnaire_client import answer_pages, form_data, submit_questionnaire

PERSONAL = ("full_name", "date_of_birth-day", "date_of_birth-month", "date_of_birth-year", "phone", "email")


@pytest.fixture
def staff(make_user):
    return make_user(role="front_desk", email="desk@clinic.example")


@pytest.fixture
def tablet(client, login, staff):
    """A test client turned into a kiosk by a front-desk member of staff, through the real staff page."""
    login(client, email=staff.email)
    response = client.post("/staff/kiosk/start")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert client.get_cookie(kiosk.COOKIE_NAME) is not None
    return client


def count(app, model, *where):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


def attribute(html: str, element_id: str, name: str):
    tag = re.search(rf'<input[^>]*id="{element_id}"[^>]*>', html).group(0)
    found = re.search(rf'{name}="([^"]*)"', tag)
    return found.group(1) if found else None


def test_turning_a_tablet_into_a_kiosk_logs_the_staff_member_out_there(app, tablet, staff):
    assert tablet.get("/staff/").headers["Location"].startswith("/staff/login")
    with app.app_context():
        actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions[-2:] == ["kiosk.start", "logout"]
    cookie = tablet.get_cookie(kiosk.COOKIE_NAME)
    assert cookie.http_only and cookie.same_site == "Lax" and cookie.path == "/"


def test_patient_pages_on_a_kiosk_offer_start_over_and_turn_autocomplete_off(tablet, answers):
    answer_pages(tablet, answers)
    for path in ["/about-you", "/where-it-hurts", "/what-it-feels-like", "/your-health",
                 "/check-your-answers", "/confirm-and-send", "/learn/neck-pain"]:
        response = tablet.get(path)
        # Never kept for the back button or any cache: the next patient must not get these pages back.
        assert response.headers["Cache-Control"] == "no-store", path
        html = response.get_data(as_text=True)
        # "Start over" asks first: a button of the page's form on a question page, else a link to the question.
        assert 'action="/start-over"' in html, path  # the walk-away prompt's form, which deletes at once
        assert ('name="start_over"' in html and ">Start over</button>" in html) or \
            re.search(r'href="/start-over\?back=[^"]*"[^>]*>Start over</a>', html), path
        assert "Are you still there?" in html and "/static/js/kiosk.js" in html, path
    html = tablet.get("/about-you").get_data(as_text=True)
    assert answers["full_name"] in html  # the patient's own answers, while they are answering
    for field in PERSONAL:
        assert attribute(html, field, "autocomplete") == "off", field
    assert re.search(r'<form method="post" novalidate class="form" autocomplete="off"', html)


def test_outside_kiosk_mode_personal_fields_keep_their_autocomplete(client):
    html = client.get("/about-you").get_data(as_text=True)
    assert attribute(html, "full_name", "autocomplete") == "name"
    assert attribute(html, "date_of_birth-day", "autocomplete") == "bday-day"
    assert attribute(html, "phone", "autocomplete") == "tel"
    assert "Start over" not in html and "kiosk.js" not in html


def test_a_forged_or_tampered_kiosk_cookie_is_ignored(app, client, tablet):
    real = tablet.get_cookie(kiosk.COOKIE_NAME).value
    for value in ["1", "yes", real[:-2] + ("AA" if not real.endswith("AA") else "BB"), "x" * 600]:
        other = app.test_client()
        other.set_cookie(kiosk.COOKIE_NAME, value)
        assert "Start over" not in other.get("/about-you").get_data(as_text=True), value


def test_start_over_deletes_the_draft_and_the_session(app, tablet, answers):
    answers = {**answers, "full_name": "Zebedee Quillfeather", "email": "zq@example.org"}
    answer_pages(tablet, answers)
    assert count(app, Draft) == 1
    response = tablet.post("/start-over")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert count(app, Draft) == 0
    html = tablet.get("/about-you").get_data(as_text=True)
    assert answers["full_name"] not in html and answers["email"] not in html


def test_sending_on_a_kiosk_clears_the_session_and_shows_the_confirmation_once(app, tablet, answers):
    response = submit_questionnaire(tablet, answers)
    assert response.headers["Location"] == "/done"
    assert count(app, Draft) == 0 and count(app, Submission) == 1
    with tablet.session_transaction() as session:
        assert set(session) == {"submitted_reference"}  # the draft token, CSRF token, everything else gone
    done = tablet.get("/done")
    html = done.get_data(as_text=True)
    assert "Your answers have been sent" in html
    assert '<meta http-equiv="refresh" content="60;url=/">' in html
    assert 'action="/start-over"' in html and ">Finish</button>" in html
    assert done.headers["Cache-Control"] == "no-store"
    # Back, a reload or the next patient: the welcome page, with nothing to continue.
    again = tablet.get("/done")
    assert again.status_code == 302 and again.headers["Location"] == "/"
    welcome = tablet.get("/").get_data(as_text=True)
    assert "Continue where you left off" not in welcome and answers["full_name"] not in welcome


def test_a_patient_who_chose_spanish_on_a_kiosk_reads_the_confirmation_in_spanish(app, tablet, answers):
    tablet.get("/?lang=es")
    emergency = {**answers, "rf_chest_pain": True}
    submit_questionnaire(tablet, emergency)
    html = tablet.get("/done").get_data(as_text=True)
    assert '<html lang="es"' in html and "Deténgase" in html
    # The next patient on the tablet starts in the tablet's own language again.
    assert '<html lang="en"' in tablet.get("/").get_data(as_text=True)


def test_outside_kiosk_mode_the_confirmation_can_be_reloaded(client, answers):
    submit_questionnaire(client, answers)
    assert client.get("/done").status_code == 200
    assert client.get("/done").status_code == 200
    assert "http-equiv=\"refresh\"" not in client.get("/done").get_data(as_text=True)


def test_a_kiosk_draft_expires_after_the_kiosk_idle_timeout(app, tablet, client, answers):
    tablet.post("/about-you", data=form_data("about", answers))
    with app.app_context():
        left = db.session.scalar(select(Draft.expires_at)) - utcnow()
    assert timedelta(minutes=9) < left <= timedelta(minutes=10)
    with app.app_context():  # the server's limit passes (the patient walked away, JavaScript or not)
        db.session.execute(Draft.__table__.update().values(expires_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()
    html = tablet.get("/about-you").get_data(as_text=True)
    assert answers["full_name"] not in html


def test_without_javascript_a_kiosk_page_goes_back_to_the_start_at_the_idle_timeout(tablet, answers):
    answer_pages(tablet, answers)
    html = tablet.get("/what-it-feels-like").get_data(as_text=True)
    assert '<noscript><meta http-equiv="refresh" content="600;url=/"></noscript>' in html
    assert 'data-idle-prompt="180" data-idle-answer="30"' in html


def test_an_ordinary_drafts_lifetime_is_unchanged(app, client, answers):
    client.post("/about-you", data=form_data("about", answers))
    with app.app_context():
        left = db.session.scalar(select(Draft.expires_at)) - utcnow()
    assert left > timedelta(hours=23)


def test_the_idle_timeout_cannot_be_shorter_than_the_prompt_and_its_answer(app_config):
    from intake import create_app

    with pytest.raises(RuntimeError, match="KIOSK_IDLE_TIMEOUT"):
        create_app({**app_config, "KIOSK_IDLE_TIMEOUT": 200})


def test_staff_pages_on_a_kiosk_are_not_kiosk_pages(tablet):
    html = tablet.get("/staff/login").get_data(as_text=True)
    assert "Start over" not in html and "kiosk.js" not in html


# --- Leaving kiosk mode ---------------------------------------------------------------------

def test_leaving_kiosk_mode_needs_a_staff_password(app, tablet, staff):
    page = tablet.get("/staff/kiosk/exit")
    assert page.status_code == 200 and 'autocomplete="off"' in page.get_data(as_text=True)
    wrong = tablet.post("/staff/kiosk/exit", data={"email": staff.email, "password": "not the password"})
    assert wrong.status_code == 200
    assert "Email address or password not recognised" in wrong.get_data(as_text=True)
    assert "Start over" in tablet.get("/about-you").get_data(as_text=True)  # still a kiosk

    right = tablet.post("/staff/kiosk/exit", data={"email": staff.email, "password": STAFF_PASSWORD})
    assert right.status_code == 302 and right.headers["Location"] == "/staff/login"
    assert tablet.get_cookie(kiosk.COOKIE_NAME) is None
    assert "Start over" not in tablet.get("/about-you").get_data(as_text=True)
    # Checking the password did not log anyone in on the tablet.
    assert tablet.get("/staff/").headers["Location"].startswith("/staff/login")
    with app.app_context():
        actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions[-2:] == ["login.failure", "kiosk.exit"]


def test_leaving_kiosk_mode_is_throttled_like_a_login(app, tablet, staff):
    limit = app.config["LOGIN_FAILURES_BEFORE_DELAY"]
    for _ in range(limit):
        tablet.post("/staff/kiosk/exit", data={"email": staff.email, "password": "guess"})
    refused = tablet.post("/staff/kiosk/exit", data={"email": staff.email, "password": STAFF_PASSWORD})
    assert refused.status_code == 200
    assert "Too many wrong tries. Wait 1 second, then try again." in refused.get_data(as_text=True)
    assert tablet.get_cookie(kiosk.COOKIE_NAME) is not None


def test_the_exit_page_on_an_ordinary_browser_says_it_is_not_a_kiosk(client):
    html = client.get("/staff/kiosk/exit").get_data(as_text=True)
    assert "This device is not a kiosk" in html


def test_the_patient_blueprint_does_not_import_the_staff_blueprint():
    from pathlib import Path

    import intake.web.patient

    for source in Path(intake.web.patient.__file__).parent.glob("*.py"):
        assert not re.search(r"(from|import)\s+(\.\.staff|intake\.web\.staff)", source.read_text()), source.name
