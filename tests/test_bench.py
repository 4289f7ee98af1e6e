"""`make bench` still works: one short run per scenario (tiny mode), every scenario answered without errors.

It proves the benchmark runs and measures what it says; the speeds themselves are judged only by
`make bench-check` on a quiet machine, never here.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.bench import wrk

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [
    pytest.mark.load,
    pytest.mark.skipif(not wrk.available() and not os.environ.get("INTAKE_REQUIRE_WRK"),
                       reason="wrk is not installed (apt-get install wrk); `make bench` needs it"),
    # The benchmark always uses its own scratch SQLite database: running it again under
    # TEST_DATABASE_URL would measure the same thing twice.
    pytest.mark.skipif(bool(os.environ.get("TEST_DATABASE_URL")),
                       reason="the benchmark uses its own SQLite database; it ran in the SQLite pass"),
]


def _instance_audit_files() -> dict:
    files = (ROOT / "instance" / "audit-checkpoint", ROOT / "instance" / "audit.key")
    return {path.name: path.read_bytes() if path.exists() else None for path in files}


def test_tiny_benchmark_runs_every_scenario_and_reports_ratios(tmp_path):
    out = tmp_path / "bench.json"
    before = _instance_audit_files()
    done = subprocess.run([sys.executable, "-m", "tests.bench", "--tiny", "--json", str(out)], cwd=ROOT,
                          capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    results = json.loads(out.read_text())
    expected = {"ceiling", "ceiling (2)", "ceiling (again)", "GET /", "GET /about-you", "GET /check-your-answers",
                "POST /about-you", "POST /your-health", "POST /confirm-and-send (final submit)",
                "queue (today) at 50", "queue (today) at 500", "queue (all unreviewed) at 500",
                "submission page at 500", "complete submission (every POST)"}
    assert expected <= set(results)
    for name, result in results.items():
        assert result["requests"] > 0 and result["errors"] == 0, (name, result)
    # The table shows each scenario with its ratio to the ceiling measured beside it.
    assert "ratio" in done.stdout and "GET /where-it-hurts" in done.stdout
    assert all(result["ceiling"] > 0 for result in results.values())
    # Its servers keep their audit key and checkpoint beside their own databases: the instance's
    # (a developer's own audit log) are neither created nor moved by a benchmark.
    assert _instance_audit_files() == before
    # Every gunicorn it started is gone.
    assert "tests.bench.ceiling:app" not in subprocess.run(["ps", "-eo", "args"], capture_output=True,
                                                            text=True).stdout
