"""Input refused before any view: NUL bytes anywhere in a form, and bodies over MAX_CONTENT_LENGTH (413).

Field-by-field validation is proved in tests/test_patient_validation.py (including
test_oversized_request_is_refused_with_413 and test_fields_not_on_the_form_are_ignored).
"""

from sqlalchemy import select

from intake.extensions import db
from intake.models import Draft


def _saved_answers(app):
    """The answers saved in drafts (what was typed but refused is only kept to show again, never saved)."""
    with app.app_context():
        return [draft.answers for draft in db.session.scalars(select(Draft)) if draft.answers]


def test_a_nul_byte_on_a_patient_page_gets_a_message_and_nothing_is_saved(app, client):
    response = client.post("/about-you", data={"full_name": "Ann\x00Lee", "date_of_birth-day": "1",
                                               "date_of_birth-month": "2", "date_of_birth-year": "1980",
                                               "visit_type": "new"}, follow_redirects=True)
    assert response.status_code == 200
    assert "Full name must not contain special characters" in response.get_data(as_text=True)
    assert _saved_answers(app) == []


def test_a_nul_byte_anywhere_in_a_staff_form_is_refused_before_the_view(client):
    """PostgreSQL cannot store NUL in text: without this the login answered with a database error."""
    assert client.post("/staff/login", data={"email": "a\x00@clinic.example", "password": "x"}).status_code == 400
    assert client.post("/staff/login", data={"email\x00": "a@clinic.example", "password": "x"}).status_code == 400


def test_a_body_over_the_limit_is_refused_with_413_on_staff_pages_too(app, client):
    assert app.config["MAX_CONTENT_LENGTH"] <= 1024 * 1024
    big = "x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    assert client.post("/staff/login", data={"email": big, "password": "x"}).status_code == 413
    assert client.post("/about-you", data={"full_name": big}).status_code == 413


def _chunked(client, path, body: bytes):
    """A body sent with Transfer-Encoding: chunked and no Content-Length, as gunicorn hands it on."""
    import io

    return client.post(path, input_stream=io.BytesIO(body), content_type="application/x-www-form-urlencoded",
                        headers={"Transfer-Encoding": "chunked"}, environ_overrides={"wsgi.input_terminated": True, "CONTENT_LENGTH": ""})


def _about_you(padding: int) -> bytes:
    import urllib.parse

    return urllib.parse.urlencode({"full_name": "Chunky Person", "date_of_birth-day": "12",
                                   "date_of_birth-month": "4", "date_of_birth-year": "1986", "visit_type": "new",
                                   "padding": "x" * padding}).encode()


def test_a_chunked_body_over_the_limit_is_refused_with_413_and_nothing_is_saved(app, client):
    response = _chunked(client, "/about-you", _about_you(app.config["MAX_CONTENT_LENGTH"] * 3))
    assert response.status_code == 413
    assert _saved_answers(app) == []


def test_a_chunked_body_within_the_limit_is_read_whole(app, client):
    response = _chunked(client, "/about-you", _about_you(1000))
    assert response.status_code == 302 and response.headers["Location"] == "/where-it-hurts"
    assert len(_saved_answers(app)) == 1
