"""Login throttling holds across gunicorn workers: 1 or 4 workers check the same number of wrong guesses before a wait."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import func, select

from intake.accounts import users as accounts
from intake import create_app
from intake.accounts.users import LoginAttempt
from intake.database import write_transaction
from intake.extensions import db
from tests.conftest import STAFF_PASSWORD, TEST_SECRET_KEY

pytestmark = pytest.mark.load

GUESSES = 24  # sent all at once, well past the 5 checked before the account and address pair must wait
EMAIL = "target@clinic.example"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _post_login(port: int, password: str) -> int:
    body = urllib.parse.urlencode({"email": EMAIL, "password": password}).encode()
    opener = urllib.request.build_opener(NoRedirect)
    try:
        return opener.open(f"http://127.0.0.1:{port}/staff/login", data=body, timeout=30).status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture
def server_database(tmp_path, postgres_schema):
    """A database the server processes share: a SQLite file, or this run's PostgreSQL schema."""
    if postgres_schema is None:
        url = f"sqlite:///{tmp_path / 'throttle.sqlite3'}"
    else:
        base, schema = postgres_schema
        url = f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"
    app = create_app({"TESTING": True, "SECRET_KEY": "x" * 40, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        db.create_all()
        with write_transaction() as session:
            accounts.create_user(session, email=EMAIL, role="practitioner", password=STAFF_PASSWORD)
    yield app, url
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


@pytest.mark.parametrize("workers", [1, 4])
def test_the_same_number_of_wrong_guesses_gets_through_with_any_number_of_workers(server_database, workers):
    app, url = server_database
    port = _free_port()
    env = {**os.environ, "INTAKE_SECRET_KEY": TEST_SECRET_KEY, "INTAKE_SQLALCHEMY_DATABASE_URI": url,
           "INTAKE_WTF_CSRF_ENABLED": "false", "INTAKE_RATELIMIT_ENABLED": "false",
           # A first wait far longer than the run, so a slow machine cannot let a sixth guess through.
           "INTAKE_LOGIN_FIRST_DELAY": "600"}
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen([str(gunicorn), "-w", str(workers), "-b", f"127.0.0.1:{port}", "--timeout", "60",
                               "intake:create_app()"], env=env, cwd=Path(__file__).parent.parent,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                time.sleep(0.1)
        with ThreadPoolExecutor(max_workers=GUESSES) as pool:
            statuses = list(pool.map(lambda _: _post_login(port, "wrong password guess"), range(GUESSES)))
        assert statuses == [200] * GUESSES  # every refusal looks the same, none is an error
        assert _post_login(port, STAFF_PASSWORD) == 200  # waiting: even the right password is refused
    finally:
        server.terminate()
        server.wait(timeout=30)

    with app.app_context():
        checked = db.session.scalar(select(func.count()).select_from(LoginAttempt))
    assert checked == 5
