"""What a safe deployment needs, checked at start-up and by `flask doctor`: keys, private files, shared limits."""

import math
import os
import shlex
import sys
from collections import Counter
from pathlib import Path

# Keys that are known placeholders.
WEAK_KEYS = {"dev", "secret", "changeme", "change-me", "development", "test"}
MIN_KEY_LENGTH = 32
# A random 32-character key from `secrets` carries about 190 bits by this estimate; "passwordpassword…"
# (32 characters) about 90, "aaaa…" none. Hex keys of 32 characters (secrets.token_hex(16)) pass.
MIN_KEY_BITS = 100
MIN_KEY_VARIETY = 10
PRIVATE_MODE = 0o600


def secret_key_problem(key) -> str | None:
    """Why this SECRET_KEY cannot protect session cookies, or None when it is strong enough."""
    text = str(key or "")
    if not text:
        return "SECRET_KEY is not set"
    if text.lower() in WEAK_KEYS or len(text) < MIN_KEY_LENGTH:
        return f"SECRET_KEY is too short or a placeholder: use {MIN_KEY_LENGTH}+ random characters"
    counts = Counter(text)
    # Shannon's estimate over the key's own characters: repeats and a small alphabet score low.
    bits = -sum(n * math.log2(n / len(text)) for n in counts.values())
    steps = sum(1 for a, b in zip(text, text[1:]) if abs(ord(a) - ord(b)) <= 1)
    if len(counts) < MIN_KEY_VARIETY or bits < MIN_KEY_BITS or steps > len(text) // 2:
        return ("SECRET_KEY is not random enough (repeated or sequential characters): generate one with "
                "python3 -c 'import secrets; print(secrets.token_urlsafe(48))'")
    return None


def create_private_file(path: Path | str) -> None:
    """Create the file empty and readable by its owner only, unless it exists (its mode is then kept).

    SQLite gives a database's -wal and -shm files the mode of the database, so they are private too.
    """
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE_MODE))
    except FileExistsError:
        pass


def open_private(path: Path | str, mode: str = "a"):
    """open() for a file of ours: created 0600 whatever the umask."""
    flags = os.O_CREAT | (os.O_APPEND if "a" in mode else os.O_TRUNC) | os.O_WRONLY
    return os.fdopen(os.open(path, flags, PRIVATE_MODE), mode)


def loose_permissions(path: Path) -> bool:
    """True when a group or other users may read or write the file."""
    return path.exists() and bool(path.stat().st_mode & 0o077)


def gunicorn_workers(argv=None, environ=None) -> int:
    """How many worker processes gunicorn starts (1 outside gunicorn), read as gunicorn reads it:
    --workers on its command line, then GUNICORN_CMD_ARGS, else WEB_CONCURRENCY."""
    argv = sys.argv if argv is None else argv
    environ = os.environ if environ is None else environ
    program = Path(argv[0]).name if argv else ""
    in_gunicorn = program == "gunicorn" or (program == "__main__.py" and "gunicorn" in argv[0])
    workers = _whole_number(environ.get("WEB_CONCURRENCY")) or 1
    if not in_gunicorn:
        return 1  # flask run, the command line: one process (`doctor` asks planned_workers())
    for args in (argv[1:], shlex.split(environ.get("GUNICORN_CMD_ARGS", ""))):
        for index, arg in enumerate(args):
            value = None
            if arg in ("-w", "--workers") and index + 1 < len(args):
                value = args[index + 1]
            elif arg.startswith("--workers="):
                value = arg.split("=", 1)[1]
            elif arg.startswith("-w") and len(arg) > 2:
                value = arg[2:]
            if value is not None:
                workers = _whole_number(value) or workers
    return workers


def planned_workers(environ=None) -> int:
    """The workers gunicorn will start, as far as this process can tell: its own count under gunicorn,
    else WEB_CONCURRENCY (what gunicorn reads when no --workers is given)."""
    environ = os.environ if environ is None else environ
    return max(gunicorn_workers(environ=environ), _whole_number(environ.get("WEB_CONCURRENCY")) or 1)


def _whole_number(value) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def rate_limit_problem(config, workers: int) -> str | None:
    """Why the rate limits would not hold with this many workers, or None."""
    storage = str(config.get("RATELIMIT_STORAGE_URI") or "memory://")
    if workers > 1 and storage.startswith("memory://") and config.get("RATELIMIT_ENABLED", True):
        return (f"RATELIMIT_STORAGE_URI is memory:// with {workers} workers: each keeps its own counts, so "
                f"every limit would allow {workers} times as much. Set RATELIMIT_STORAGE_URI="
                "redis://127.0.0.1:6379 (or run one worker)")
    return None
