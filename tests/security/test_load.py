"""Load and faults on the real server: gunicorn, 4 sync workers, 32 patients at once, two workers killed mid-load,
the rate limiter on with its counts in Redis.

Each simulated patient keeps a cookie jar, reads the CSRF token from a page, and walks the questionnaire
(emergency signs, about you, one area so the main-area page is skipped, symptoms, history, health,
confirm and send) once per submission, tagged with a unique full name. A submission counts as acknowledged
only when the "sent" page shows its reference number, read from the page. The app's own log (one JSON line
per request, on gunicorn's stderr) and gunicorn's logs are read afterwards: they must hold the request
lines, and no patient name or "database is locked". Runs on SQLite, or on PostgreSQL when
TEST_DATABASE_URL is set.
"""

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text

from intake import create_app
from intake.extensions import db
from intake.models import Submission
from tests.conftest import TEST_SECRET_KEY
from tests.questionnaire_client import form_data

from . import figures

pytestmark = pytest.mark.load

ROOT = Path(__file__).resolve().parents[2]
SUBMISSIONS = int(os.environ.get("INTAKE_LOAD_SUBMISSIONS", 2000))
CLIENTS = 32
# Acknowledged submissions after which a worker is killed (SIGKILL, mid-request as likely as not).
KILL_AT = (SUBMISSIONS // 3, 2 * SUBMISSIONS // 3)
# Limits the load stays within, counted in Redis across the workers: all 32 patients share one address.
SUBMIT_LIMIT = SUBMISSIONS + 300
REFERENCE_PATTERN = re.compile(r'<strong class="reference">([0-9A-Z]{4}-[0-9A-Z]{4})</strong>')
PAGES = [("/emergency-signs", "emergency"), ("/about-you", "about"), ("/where-it-hurts", "regions"),
         ("/what-it-feels-like", "symptoms"), ("/daily-life-and-history", "history"), ("/your-health", "health"),
         ("/confirm-and-send", "consent")]
CSRF_PATTERN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
CONNECTION_ERRORS = (ConnectionError, http.client.HTTPException, socket.timeout, OSError)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def server_database(tmp_path):
    """A scratch database the workers share: a SQLite file, or a PostgreSQL schema of its own, dropped after."""
    base = os.environ.get("TEST_DATABASE_URL")
    schema = None
    if base:
        schema = f"intake_load_{uuid.uuid4().hex[:12]}"
        admin = create_engine(base)
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"
    else:
        url = f"sqlite:///{tmp_path / 'load.sqlite3'}"
    app = create_app({"TESTING": True, "SECRET_KEY": TEST_SECRET_KEY, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        db.create_all()
    yield app, url
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    if schema:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


class Server:
    """gunicorn on 127.0.0.1 with its error and access logs in files."""

    def __init__(self, url, tmp_path, workers=4, **config):
        self.port = _free_port()
        self.error_log = tmp_path / "gunicorn-error.log"
        self.access_log = tmp_path / "gunicorn-access.log"
        self.app_log = tmp_path / "app-stderr.log"  # the app's JSON lines (intake/web/logs.py)
        env = {**os.environ, "INTAKE_SECRET_KEY": TEST_SECRET_KEY, "INTAKE_SQLALCHEMY_DATABASE_URI": url,
               "INTAKE_RATELIMIT_ENABLED": "false", **{f"INTAKE_{k}": v for k, v in config.items()}}
        env.pop("DATABASE_URL", None)
        gunicorn = Path(sys.executable).with_name("gunicorn")
        with self.app_log.open("w") as app_log:
            self.process = subprocess.Popen(
                [str(gunicorn), "-w", str(workers), "-k", "sync", "-b", f"127.0.0.1:{self.port}", "--timeout", "60",
                 "--error-logfile", str(self.error_log), "--access-logfile", str(self.access_log),
                 "intake:create_app()"], env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=app_log)
        self._wait_until_serving(workers)

    def _wait_until_serving(self, workers):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {self.error_log.read_text()[-2000:]}")
            if len(self.worker_pids()) == workers:
                try:
                    socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                    return
                except OSError:
                    pass
            time.sleep(0.1)
        raise RuntimeError("gunicorn did not start")

    def worker_pids(self):
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)

    def logs(self) -> str:
        return "".join(path.read_text(errors="replace") for path in (self.error_log, self.access_log, self.app_log)
                       if path.exists())

    def request_lines(self) -> list[dict]:
        """The app's request log: the JSON lines with "event": "request"."""
        lines = []
        for line in self.app_log.read_text(errors="replace").splitlines():
            if line.startswith("{"):
                record = json.loads(line)
                if record.get("event") == "request":
                    lines.append(record)
        return lines


class Patient:
    """One browser: a cookie jar and the CSRF token of its session."""

    def __init__(self, port, stats):
        self.port, self.stats, self.cookies, self.token = port, stats, {}, None

    def request(self, method, path, fields=None):
        """(status, Location); retried when the connection drops (a killed worker), as a browser user would."""
        body = urllib.parse.urlencode(fields or {}, doseq=True)
        for attempt in range(20):
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
                if method == "POST":
                    headers["Content-Type"] = "application/x-www-form-urlencoded"
                conn.request(method, path, body=body if method == "POST" else None, headers=headers)
                response = conn.getresponse()
                page = response.read().decode()
                for header, value in response.getheaders():
                    if header.lower() == "set-cookie":
                        name, _, rest = value.partition("=")
                        self.cookies[name] = rest.split(";", 1)[0]
                conn.close()
                self.stats[f"status {response.status}"] += 1
                if method == "POST" and path == "/confirm-and-send":
                    self.stats["final submits"] += 1
                return response.status, response.getheader("Location", ""), page
            except CONNECTION_ERRORS:
                self.stats["connection errors"] += 1
                time.sleep(0.05 * (attempt + 1))
        raise RuntimeError(f"{method} {path}: no answer after 20 tries")

    def submit(self, answers) -> str | None:
        """The reference number the "sent" page shows, or None if the answers were not acknowledged."""
        if self.token is None:
            _, _, page = self.request("GET", "/about-you")
            self.token = CSRF_PATTERN.search(page).group(1)
        for path, page_name in PAGES:
            status, location, _ = self.request("POST", path, {**form_data(page_name, answers),
                                                              "csrf_token": self.token})
            if status != 302:
                return None
        if not location.endswith("/done"):
            return None
        status, _, page = self.request("GET", "/done")
        found = REFERENCE_PATTERN.search(page) if status == 200 else None
        return found.group(1) if found else None


def run_load(port, answers, tag, on_progress=None):
    """Send SUBMISSIONS tagged submissions from CLIENTS patients; returns ({name: reference shown}, stats)."""
    stats, acknowledged, lock = Counter(), {}, threading.Lock()
    one_area = {**answers, "regions": ["back.upper"], "primary_region": None}

    def patient(index):
        me = Patient(port, stats)
        for number in range(index, SUBMISSIONS, CLIENTS):
            name = f"{tag} Patient {number:05d}"
            reference = me.submit({**one_area, "full_name": name})
            if reference:
                with lock:
                    acknowledged[name] = reference
                    count = len(acknowledged)
                if on_progress:
                    on_progress(count)

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        list(pool.map(patient, range(CLIENTS)))
    return acknowledged, stats


def stored_references(app, tag):
    """[(full name, reference)] of the stored submissions of this run."""
    with app.app_context():
        rows = db.session.execute(select(Submission.full_name, Submission.reference)
                                  .where(Submission.full_name.startswith(tag))).all()
        db.session.remove()
    return [tuple(row) for row in rows]


def remaining_submits(port, limit):
    """Final submits still allowed to this address: sent until the first 429 (at most `limit` + 1)."""
    probe = Patient(port, Counter())
    token = CSRF_PATTERN.search(probe.request("GET", "/about-you")[2]).group(1)
    for sent in range(limit + 1):
        if probe.request("POST", "/confirm-and-send", {"csrf_token": token})[0] == 429:
            return sent
    return None


@pytest.fixture
def redis_prefix():
    if not _redis_reachable():
        if os.environ.get("INTAKE_REQUIRE_REDIS"):
            pytest.fail("INTAKE_REQUIRE_REDIS is set but Redis is not reachable on 127.0.0.1:6379")
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    prefix = f"intake-test-{uuid.uuid4().hex[:12]}"
    yield prefix
    _forget_redis_keys(prefix)


def test_concurrent_submissions_are_all_stored_even_when_two_workers_are_killed(server_database, tmp_path, answers,
                                                                                redis_prefix):
    app, url = server_database
    server = Server(url, tmp_path, RATELIMIT_ENABLED="true", RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379",
                    RATELIMIT_KEY_PREFIX=redis_prefix, SUBMIT_RATE_LIMIT=f"{SUBMIT_LIMIT} per hour",
                    PATIENT_RATE_LIMIT=f"{SUBMISSIONS * 10} per hour")
    tag = f"Load{uuid.uuid4().hex[:8]}"
    killed, killing = [], threading.Lock()

    def kill_a_worker(acknowledged_so_far):
        if len(killed) < len(KILL_AT) and acknowledged_so_far >= KILL_AT[len(killed)]:
            with killing:
                pids = [pid for pid in server.worker_pids() if pid not in killed]
                if pids and len(killed) < len(KILL_AT) and acknowledged_so_far >= KILL_AT[len(killed)]:
                    killed.append(pids[0])
                    os.kill(pids[0], signal.SIGKILL)

    try:
        started = time.monotonic()
        acknowledged, stats = run_load(server.port, answers, tag, on_progress=kill_a_worker)
        elapsed = time.monotonic() - started
        # The final submits of the load were counted in Redis by every worker: what is left of the limit
        # is what the load did not use (with per-worker counts each worker would have most of it left).
        final_posts = stats["final submits"]
        remaining = remaining_submits(server.port, SUBMIT_LIMIT)
    finally:
        server.stop()
    stored = stored_references(app, tag)
    logs = server.logs()
    requests = server.request_lines()

    database = "postgresql" if url.startswith("postgresql") else "sqlite"
    server_errors = sum(n for key, n in stats.items() if key.startswith("status 5"))
    answered = sum(n for key, n in stats.items() if key.startswith("status "))
    figures.record(f"load_{database}", {
        "sent": SUBMISSIONS, "clients": CLIENTS, "workers": 4, "acknowledged": len(acknowledged),
        "stored": len(stored), "server_errors": server_errors, "workers_killed": len(killed),
        "dropped_connections_retried": stats["connection errors"], "requests": answered,
        "request_log_lines": len(requests), "rate_limited": stats["status 429"],
        "submits_left_of_the_limit_after": remaining, "seconds": round(elapsed, 1),
        "database_is_locked": logs.lower().count("database is locked"), "patient_name_hits_in_logs": logs.count(tag),
    })
    assert server_errors == 0, stats
    assert stats["status 429"] == 0, stats
    assert len(killed) == 2, "the load finished before two workers could be killed"
    assert len(acknowledged) == SUBMISSIONS
    # Nothing acknowledged is lost, nothing is stored twice, nothing is stored that was not acknowledged,
    # and each patient was shown the reference that was stored for them.
    assert len(stored) == len({name for name, _ in stored})
    assert dict(stored) == acknowledged
    # The limiter really counted, in one place for all workers: a 429 came within what the load left.
    assert remaining is not None and remaining <= SUBMIT_LIMIT - SUBMISSIONS, (remaining, final_posts)
    # The logs hold what they must (one line per request, from every worker), so the checks below
    # read real content: every acknowledged submission's final POST is there.
    sent_lines = [r for r in requests if r["method"] == "POST" and r["path"] == "/confirm-and-send"
                  and r["status"] == 302]
    assert len(sent_lines) >= SUBMISSIONS and len(requests) >= 0.95 * answered, (len(requests), answered)
    assert "database is locked" not in logs.lower()
    assert "Traceback" not in logs
    # The access log and the app's request log carry no patient name.
    assert tag not in logs


def test_the_questionnaire_rate_limit_holds_across_four_workers_with_redis(server_database, tmp_path, redis_prefix):
    _, url = server_database
    server = Server(url, tmp_path, RATELIMIT_ENABLED="true", RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379",
                    RATELIMIT_KEY_PREFIX=redis_prefix, PATIENT_RATE_LIMIT="10 per minute", WTF_CSRF_ENABLED="false")
    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            statuses = Counter(pool.map(lambda _: Patient(server.port, Counter()).request("POST", "/about-you")[0],
                                        range(40)))
        workers = len(server.worker_pids())
    finally:
        server.stop()
    assert workers == 4
    # With per-process memory storage 4 workers would let up to 40 through; Redis shares one count.
    # (An empty page is answered by a redirect back to it with its errors: post/redirect/get.)
    assert statuses == Counter({302: 10, 429: 30})


def _redis_reachable() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
        return True
    except OSError:
        return False


def _forget_redis_keys(prefix):
    import redis

    client = redis.Redis(host="127.0.0.1", port=6379)
    keys = list(client.scan_iter(match=f"*{prefix}*"))
    if keys:
        client.delete(*keys)
    client.close()
