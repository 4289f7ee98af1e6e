"""Safe production defaults: strong secret keys, rate limits shared by every gunicorn worker."""

import subprocess
import sys
import time
from pathlib import Path

import pytest

from intake import create_app
from intake.deployment import gunicorn_workers, rate_limit_problem, secret_key_problem
from tests.conftest import TEST_SECRET_KEY

ROOT = Path(__file__).resolve().parents[1]
WEAK = ["a" * 32, "a" * 64, "passwordpassword" * 2, "passwordpassword" * 4, "abcdefghijklmnopqrstuvwxyz012345",
        "0123456789" * 4, "abababababababababababababababab", "Password1Password1Password1Pass"]
# Made once by secrets.token_urlsafe(48), token_urlsafe(24), token_hex(16) and token_hex(32): fixed, so that
# every pytest-xdist process collects the same tests.
STRONG = [TEST_SECRET_KEY, 'tHIwZ25bvpoBepsNi8AMsuuXX-scRoOPUu5xhtoXP_d51kMXh_3byIg2YvvWkEdL',
          'dRmzAb4e1d9OCf_3s9pBjBSnjdj9-Oxw', 'b31ab4415eaf76df7dadb42868c1e084',
          'c687f4ea69600e8f63cae50ac239fd82f4f3b512baf9922ce51f14d3f85ff42c',
          "a-strong-random-secret-key-for-tests-0123456789"]


@pytest.fixture
def production(monkeypatch):
    for name in ("INTAKE_SECRET_KEY", "FLASK_SECRET_KEY", "WEB_CONCURRENCY"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize("key", WEAK)
def test_production_refuses_a_long_key_with_little_variety(production, key):
    assert secret_key_problem(key)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"SECRET_KEY": key})


@pytest.mark.parametrize("key", STRONG)
def test_random_keys_and_the_test_key_are_accepted(production, key):
    assert secret_key_problem(key) is None
    assert not create_app({"SECRET_KEY": key}).testing


@pytest.mark.parametrize(("argv", "environ", "expected"), [
    (["pytest"], {}, 1),
    (["/srv/.venv/bin/gunicorn", "intake:create_app()"], {}, 1),
    (["/srv/.venv/bin/gunicorn", "-w", "4", "intake:create_app()"], {}, 4),
    (["/srv/.venv/bin/gunicorn", "--workers=3", "intake:create_app()"], {}, 3),
    (["/srv/.venv/bin/gunicorn", "-w2", "intake:create_app()"], {}, 2),
    (["/srv/.venv/bin/gunicorn", "intake:create_app()"], {"WEB_CONCURRENCY": "5"}, 5),
    (["/srv/.venv/bin/gunicorn", "intake:create_app()"], {"GUNICORN_CMD_ARGS": "--workers 6"}, 6),
    (["/usr/lib/python3/site-packages/gunicorn/__main__.py", "-w", "4", "x:y"], {}, 4),
    (["flask"], {"WEB_CONCURRENCY": "3"}, 1),
])
def test_the_worker_count_is_read_as_gunicorn_reads_it(argv, environ, expected):
    assert gunicorn_workers(argv, environ) == expected


def test_several_workers_with_per_process_rate_limits_are_refused(production, monkeypatch):
    monkeypatch.setattr("sys.argv", ["/srv/.venv/bin/gunicorn", "-w", "4", "intake:create_app()"])
    with pytest.raises(RuntimeError, match="RATELIMIT_STORAGE_URI"):
        create_app({"SECRET_KEY": STRONG[1]})
    # Shared storage, or the limiter off, is accepted.
    create_app({"SECRET_KEY": STRONG[1], "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379"})
    create_app({"SECRET_KEY": STRONG[1], "RATELIMIT_ENABLED": False})
    assert rate_limit_problem({"RATELIMIT_STORAGE_URI": "memory://"}, 1) is None


def test_the_command_line_starts_with_web_concurrency_set_and_doctor_reports_it(production, monkeypatch):
    from intake.deployment import planned_workers

    monkeypatch.setenv("WEB_CONCURRENCY", "4")
    # flask db upgrade, backup, doctor still run (the limiter's setting said outright: Flask-Limiter's
    # extension object keeps the last app's as its default).
    app = create_app({"SECRET_KEY": STRONG[1], "RATELIMIT_ENABLED": True})
    assert planned_workers() == 4
    assert rate_limit_problem(app.config, planned_workers())


def _gunicorn(args, env, seconds=20):
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen([str(gunicorn), *args, "intake:create_app()"], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        output, _ = process.communicate(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.terminate()
        output, _ = process.communicate()
        return None, output
    return process.returncode, output


@pytest.mark.parametrize("args", [["-w", "2"], ["-c", "python:intake.gunicorn_conf"]])
def test_gunicorn_with_several_workers_and_memory_storage_refuses_to_start(tmp_path, args):
    import os

    env = {**os.environ, "INTAKE_SECRET_KEY": STRONG[1], "INTAKE_RATELIMIT_STORAGE_URI": "memory://",
           "INTAKE_SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite3'}", "WEB_CONCURRENCY": "2",
           "GUNICORN_BIND": f"127.0.0.1:{_free_port()}"}
    started = time.monotonic()
    code, output = _gunicorn([*args, "-b", env["GUNICORN_BIND"]], env)
    assert code not in (None, 0), output[-2000:]
    assert "RATELIMIT_STORAGE_URI" in output and time.monotonic() - started < 20


def _free_port():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
