"""Drive one URL with wrk (Debian's package: `apt-get install wrk`) and read its figures as JSON."""

import json
import shutil
import subprocess
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
