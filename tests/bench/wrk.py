"""Drive one URL with wrk (Debian's package: `apt-get install wrk`) and read its figures as JSON."""

import http.client
import json
import shutil
import subprocess
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

SCRIPT = Path(__file__).with_name("scenario.lua")


@dataclass
class Result:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int  # connection errors, timeouts and HTTP statuses of 400 and above


def available() -> bool:
    return shutil.which("wrk") is not None


def run(url: str, *, seconds: float, threads: int = 2, connections: int = 16, env: dict | None = None) -> Result:
    """Send requests to `url` for `seconds`; the Lua script takes method, body and cookies from `env`."""
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--timeout", "10s",
               "-s", str(SCRIPT), url]
    done = subprocess.run(command, capture_output=True, text=True, env={"PATH": "/usr/bin:/bin", "BENCH_THREADS": str(threads), **(env or {})},
                          timeout=seconds + 60, check=True)
    line = next(line for line in done.stdout.splitlines() if line.startswith("BENCH-JSON "))
    data = json.loads(line.removeprefix("BENCH-JSON "))
    return Result(requests_per_second=data["requests"] / (data["duration_us"] / 1e6),
                  p50_ms=data["p50_us"] / 1000, p99_ms=data["p99_us"] / 1000,
                  requests=data["requests"], errors=data["errors"])


def warm_up(url: str, *, workers: int, env: dict | None = None, pairs: list[tuple[str, str]] = ()) -> None:
    """Send the scenario's own request, a few at a time, before it is measured, so that no worker
    compiles a template or fills a cache inside the measured seconds.

    Seen in CI on a busy machine: a page's first view in each worker took the whole of a one-second
    tiny run, which then counted no request at all. A final submit (BENCH_PAIRS) spends `pairs`,
    drafts kept apart for it, never the drafts its measured run will send.
    """
    env = env or {}
    parts = urllib.parse.urlsplit(url)
    cookie = env.get("BENCH_COOKIE")
    if "BENCH_PAIRS" in env:
        requests = [("POST", {"Cookie": f"intake_session={c}"}, f"{env['BENCH_BODY']}&csrf_token={t}")
                    for c, t in pairs]
    else:
        headers = {"Cookie": cookie} if cookie else {}
        requests = [(env.get("BENCH_METHOD", "GET"), headers, env.get("BENCH_BODY"))] * (4 * workers)

    def send(request) -> int:
        method, headers, body = request
        if body is not None:
            headers = {**headers, "Content-Type": "application/x-www-form-urlencoded"}
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        try:
            conn.request(method, parts.path + (f"?{parts.query}" if parts.query else ""), body=body,
                         headers=headers)
            response = conn.getresponse()
            response.read()
            return response.status
        finally:
            conn.close()

    # As many at once as there are workers, twice over, so that each worker takes some.
    with ThreadPoolExecutor(max_workers=2 * workers) as pool:
        statuses = list(pool.map(send, requests))
    if any(status >= 400 for status in statuses):
        raise RuntimeError(f"warming up {url} answered {sorted(set(statuses))}")
