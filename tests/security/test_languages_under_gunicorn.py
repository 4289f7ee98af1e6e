"""Patients in English and Spanish served one after another by the same gunicorn worker see only their own language.

The in-process comparison (tests/test_render_equivalence.py) covers every cache of one app object;
this runs the real server as a clinic does, one sync worker so that every request meets whatever
the previous patient left in memory, and compares each page with a fresh app's rendering of it.
"""

import http.cookiejar
import urllib.request

import pytest

from intake import create_app
from tests.conftest import TEST_SECRET_KEY
from tests.security.test_load import Server, server_database  # noqa: F401  (fixture)
from tests.test_render_equivalence import mask

pytestmark = pytest.mark.load
SECRET_KEY = TEST_SECRET_KEY  # the key Server gives gunicorn


class Browser:
    def __init__(self, port: int):
        self.base = f"http://127.0.0.1:{port}"
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=30) as response:
            return response.read().decode()

    def cookie(self, name: str) -> str | None:
        return next((c.value for c in self.cookies if c.name == name), None)


def test_english_and_spanish_patients_on_one_worker_each_see_only_their_own_language(server_database, tmp_path):
    reference_app, url = server_database
    server = Server(url, tmp_path, workers=1)
    try:
        patients = {language: Browser(server.port) for language in ("es", "en")}
        for language, browser in patients.items():
            browser.get(f"/?lang={language}")
        paths = [rule.rule for rule in reference_app.url_map.iter_rules()
                 if rule.endpoint.split(".")[0] in ("patient", "learn") and "GET" in rule.methods
                 and not rule.arguments]
        reference = create_app({"TESTING": True, "SECRET_KEY": SECRET_KEY, "SQLALCHEMY_DATABASE_URI": url})
        session_cookie = reference.config["SESSION_COOKIE_NAME"]
        compared = 0
        for path in paths * 2:  # the second round from whatever the first left in the worker
            for language, browser in patients.items():
                served = mask(browser.get(path))
                fresh = create_app(reference.config.copy()).test_client()
                fresh.set_cookie(session_cookie, browser.cookie(session_cookie))
                expected = mask(fresh.get(path, follow_redirects=True).get_data(as_text=True))
                assert served == expected, f"{language} {path}: the worker's page is not a fresh app's"
                assert f'<html lang="{language}"' in served, (language, path)
                compared += 1
        assert compared == 4 * len(paths) and len(paths) >= 6
    finally:
        server.stop()
