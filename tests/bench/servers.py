"""Start gunicorn on 127.0.0.1 (2 sync workers, production settings) and always stop it again."""

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from intake import ROOT

WORKERS = 2


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(app: str, log: Path, env: dict | None = None):
    """Yield the base URL of `app` ("module:callable") served by gunicorn; stop it (and its workers) after."""
    port = free_port()
    # Production settings: no TESTING, no debug; the bench's own key and database come through env.
    server_env = {k: v for k, v in os.environ.items() if not k.startswith(("INTAKE_", "FLASK_"))}
    server_env.pop("DATABASE_URL", None)
    server_env.update(env or {})
    command = [str(Path(sys.executable).with_name("gunicorn")), "-w", str(WORKERS), "-k", "sync",
               "-b", f"127.0.0.1:{port}", "--error-logfile", str(log), app]
    with open(log, "ab") as output:
        process = subprocess.Popen(command, env=server_env, cwd=ROOT, stdout=output, stderr=output,
                                   start_new_session=True)
    try:
        _wait_until_serving(process, port, log)
        _warm_up(port)
        yield f"http://127.0.0.1:{port}"
    finally:
        # The whole process group: the master and every worker it started.
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=20)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def _wait_until_serving(process, port: int, log: Path) -> None:
    # The master listens before its workers have imported the app: wait for a real answer.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            _get(port, "/")
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start within 60 s")


def _warm_up(port: int) -> None:
    # Enough requests that every worker has answered and loaded what it loads lazily.
    for _ in range(8 * WORKERS):
        _get(port, "/")


def _get(port: int, path: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()
