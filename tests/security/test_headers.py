"""Security headers on every response (pages, redirects, errors, static files) and no-store on every page."""

import pytest

from intake import create_app
from intake.extensions import db

from .routes import rules, url_for_rule

CSP_PARTS = ("default-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'")


def assert_security_headers(response, where):
    csp = response.headers.get("Content-Security-Policy", "")
    for part in CSP_PARTS:
        assert part in csp, f"{where}: CSP lacks {part!r}"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, where
    assert response.headers.get("X-Content-Type-Options") == "nosniff", where
    assert response.headers.get("Referrer-Policy") in ("no-referrer", "same-origin"), where


def assert_not_stored(response, where):
    assert "no-store" in response.headers.get("Cache-Control", ""), where


@pytest.fixture
def every_get_response(app, client, login, make_submission):
    """(url, response) for every GET route, opened by an administrator, with a real submission and user."""
    submission = make_submission()
    user = login(client, role="admin")
    responses = []
    for rule in rules(app, "GET"):
        url = url_for_rule(app, rule, submission=submission, user=user)
        responses.append((url, rule.endpoint, client.get(url)))
    return responses


def test_every_get_route_sends_the_security_headers(every_get_response):
    assert len(every_get_response) > 10
    for url, _, response in every_get_response:
        assert_security_headers(response, url)


def test_every_page_that_is_not_a_static_file_is_never_cached(every_get_response):
    """Patient answers appear on patient pages, staff pages and exports: none may be kept by a cache."""
    for url, endpoint, response in every_get_response:
        if endpoint != "static":
            assert_not_stored(response, url)


def test_error_responses_send_the_security_headers_and_no_store(client):
    errors = {
        "404": client.get("/no-such-page"),
        "405": client.get("/start-again"),
        "413": client.post("/about-you", data={"full_name": "x" * 200_000}),
        "staff 404": client.get("/staff/login/nothing-here"),
    }
    assert [r.status_code for r in errors.values()] == [404, 405, 413, 404]
    for where, response in errors.items():
        assert_security_headers(response, where)
        assert_not_stored(response, where)


@pytest.mark.parametrize("config", [{"WTF_CSRF_ENABLED": True}, {"RATELIMIT_ENABLED": True,
                                    "RATELIMIT_STORAGE_URI": "memory://", "PATIENT_RATE_LIMIT": "1 per minute"}],
                         ids=["csrf 400", "rate limit 429"])
def test_csrf_refusal_and_rate_limit_pages_send_the_security_headers(app_config, config):
    app = create_app({**app_config, **config})
    with app.app_context():
        db.create_all()
    try:
        client = app.test_client()
        response = [client.post("/about-you", data={}) for _ in range(2)][-1]
        assert response.status_code == (400 if "WTF_CSRF_ENABLED" in config else 429)
        assert_security_headers(response, response.status)
        assert_not_stored(response, response.status)
    finally:
        with app.app_context():
            db.drop_all()
            db.engine.dispose()


def test_an_unexpected_error_page_sends_the_security_headers(app_config):
    app = create_app(app_config)
    app.config["PROPAGATE_EXCEPTIONS"] = False  # answer as production does, not re-raise to the test

    @app.get("/test-only-broken")
    def broken():
        raise RuntimeError("boom")

    response = app.test_client().get("/test-only-broken")
    assert response.status_code == 500
    assert_security_headers(response, "500")
    assert_not_stored(response, "500")


def test_static_files_send_the_security_headers(client):
    response = client.get("/static/css/intake.css")
    assert response.status_code == 200
    assert_security_headers(response, "static")


def test_hsts_only_over_https(client):
    assert "Strict-Transport-Security" not in client.get("/").headers
    secure = client.get("/", base_url="https://clinic.example")
    assert "max-age=" in secure.headers["Strict-Transport-Security"]


def test_hsts_behind_a_proxy_that_terminates_https(app_config):
    app = create_app({**app_config, "PROXY_FIX_X_FOR": 1})
    response = app.test_client().get("/", headers={"X-Forwarded-Proto": "https"})
    assert "max-age=" in response.headers["Strict-Transport-Security"]
