"""Static analysis: bandit (works offline) finds no medium or high severity issue in the app."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BANDIT = Path(sys.executable).with_name("bandit")


def run_bandit(*targets):
    if not BANDIT.exists() and shutil.which("bandit") is None:
        pytest.fail("bandit is not installed: pip install -e '.[test]'")
    command = [str(BANDIT if BANDIT.exists() else shutil.which("bandit")), "-r", *map(str, targets),
               "-ll", "-q", "-f", "json"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    report = json.loads(result.stdout)
    assert not report["errors"], report["errors"]
    return report


def test_bandit_finds_no_medium_or_high_issue_in_the_app():
    report = run_bandit(ROOT / "intake")
    assert report["metrics"]["_totals"]["loc"] > 1000  # it really read the package
    findings = [f"{r['filename']}:{r['line_number']} {r['test_id']} {r['issue_text']}" for r in report["results"]]
    assert findings == []


def test_bandit_reports_a_medium_issue_when_there_is_one(tmp_path):
    """The check can fail: a shell command built from input is a finding bandit reports at this level."""
    (tmp_path / "bad.py").write_text("import subprocess\n\ndef run(name):\n"
                                     "    subprocess.call('ls ' + name, shell=True)\n")
    assert [r["test_id"] for r in run_bandit(tmp_path)["results"]] == ["B602"]
