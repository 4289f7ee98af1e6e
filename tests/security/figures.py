"""The suite's own figures for docs/security.md, written to build/security-figures.json (git-ignored)."""

import fcntl
import json
from pathlib import Path

OUT = Path(__file__).resolve().parents[2] / "build" / "security-figures.json"


def record(key: str, value) -> None:
    OUT.parent.mkdir(exist_ok=True)
    # The suite runs in several processes (pytest-xdist): hold a lock over the read-modify-write.
    with (OUT.parent / "security-figures.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        existing = json.loads(OUT.read_text()) if OUT.exists() else {}
        existing[key] = value
        OUT.write_text(json.dumps(existing, indent=2, sort_keys=True) + "\n")
