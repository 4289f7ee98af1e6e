"""Default settings: the bottom layer, overridden by instance/config.py, the environment and tests."""

from datetime import timedelta
from urllib.parse import urlsplit


class Defaults:
    """Safe defaults for a single-machine clinic install on SQLite."""

    # No SECRET_KEY here on purpose: `make run` writes one into instance/config.py,
    # and production refuses to start without a strong one.
    SECRET_KEY = None

    # Filled in by create_app() with the absolute instance path when not set.
    SQLALCHEMY_DATABASE_URI = None
    # Merged over the defaults for the database in use (database.engine_options).
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    SQLITE_BUSY_TIMEOUT_MS = 15000

    # Patient answers are small; anything larger is tampering or a mistake.
    MAX_CONTENT_LENGTH = 64 * 1024
    MAX_FORM_MEMORY_SIZE = 64 * 1024

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    SESSION_COOKIE_NAME = "intake_session"
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)

    WTF_CSRF_ENABLED = True
    # CSRF tokens live as long as a draft, so a slow patient is not refused.
    WTF_CSRF_TIME_LIMIT = 24 * 3600

    # Drafts (answers in progress) are deleted this long after their last change.
    DRAFT_LIFETIME = timedelta(hours=24)
    # The confirmation page (reference, urgency, reading) opens for this long after the answers are sent.
    CONFIRMATION_LIFETIME = timedelta(minutes=30)

    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "UTC"
    # Languages patients can use: the browser's preference picks one unless the patient chose one with
    # the switch on every patient page (kept in their session). Staff pages are always in English.
    LANGUAGES = ["en", "es"]

    # The clinic's name: the page header, every page title, the QR poster and notices.
    CLINIC_NAME = "Intake"
    # Shown at the foot of the patient pages and on the QR poster; empty shows nothing.
    CLINIC_ADDRESS = ""
    CLINIC_PHONE = ""
    # The questionnaire's public address (its welcome page), e.g. "https://intake.example-clinic.com/":
    # the QR poster points there and e-mail notices link to the staff pages under it. Never guessed
    # from a request's Host header, which any client can set.
    PUBLIC_URL = None
    # Host header names accepted (Flask's TRUSTED_HOSTS); others get a plain 400. None: PUBLIC_URL's host
    # plus localhost and 127.0.0.1 when PUBLIC_URL is set, else any.
    TRUSTED_HOSTS = None
    # The clinic's time zone (IANA name): "today" in the queue and times shown to staff.
    CLINIC_TIMEZONE = "UTC"
    EMERGENCY_NUMBER = "911"
    # Paper for the PDF and the print view: "A4" or "letter"; unset, Letter where the emergency
    # number is 911 (North America), A4 elsewhere.
    PDF_PAGE_SIZE = None
    # Kiosk mode (a waiting-room tablet, turned on from /staff/kiosk). After KIOSK_IDLE_PROMPT without
    # input the page asks "Are you still there?"; without an answer in KIOSK_IDLE_ANSWER it starts over,
    # deleting the answers. KIOSK_IDLE_TIMEOUT is the server's own limit, which holds with JavaScript
    # off: a kiosk draft expires this long after its last saved page, and a page left open goes back
    # to the start then. The confirmation page goes back to the start after KIOSK_CONFIRMATION_TIME.
    KIOSK_IDLE_PROMPT = timedelta(minutes=3)
    KIOSK_IDLE_ANSWER = timedelta(seconds=30)
    KIOSK_IDLE_TIMEOUT = timedelta(minutes=10)
    KIOSK_CONFIRMATION_TIME = timedelta(seconds=60)
    # New-submission e-mail notices: off while NOTIFY_EMAIL (the practice's address) is unset. One
    # e-mail per new submission, sent as soon as it is stored, with "EMERGENCY"/"URGENT" in the
    # subject; it holds only the urgency and a link under PUBLIC_URL, never patient data.
    NOTIFY_EMAIL = None
    MAIL_FROM = None  # required when NOTIFY_EMAIL is set, e.g. "intake@example-clinic.com"
    MAIL_HOST = "localhost"
    MAIL_PORT = 587
    MAIL_STARTTLS = True  # upgrade the connection with STARTTLS (certificate checked) before logging in
    MAIL_USERNAME = None
    MAIL_PASSWORD = None
    # Seconds to wait for the mail server; the patient's confirmation waits at most about this long.
    MAIL_TIMEOUT = 10
    # Education articles: None means the ones shipped in intake/content/articles/.
    ARTICLES_FOLDER = None
    # Questionnaire pages are rendered once per language and layout, then filled in per patient
    # (intake/web/shells.py). False renders every page in full: slower, the same HTML.
    PAGE_SHELLS = True
    # Entries in the one store of kept markup (intake/web/render_cache.py): shells, record bodies, choice
    # groups. A few kB each; when full, the least recently used goes first.
    RENDER_CACHE_SIZE = 2048

    # Staff sessions end after this long without a request, and this long after login in any case.
    STAFF_IDLE_TIMEOUT = timedelta(minutes=15)
    STAFF_SESSION_MAX_AGE = timedelta(hours=12)
    # Wrong passwords (and sign-in codes) are counted per account and client address pair, in the
    # database (the same with any number of workers). After LOGIN_FAILURES_BEFORE_DELAY of them
    # within the window that pair waits 1 s before its next try, then 2, 4, 8 … up to LOGIN_DELAY_CAP;
    # other addresses are not slowed. Guesses at many accounts from one address slow that address
    # after LOGIN_FAILURES_BEFORE_DELAY_PER_ADDRESS. A right password starts the pair's count again.
    LOGIN_FAILURE_WINDOW = timedelta(hours=24)
    LOGIN_FAILURES_BEFORE_DELAY = 5
    LOGIN_FAILURES_BEFORE_DELAY_PER_ADDRESS = 30
    LOGIN_DELAY_CAP = timedelta(minutes=15)
    LOGIN_FIRST_DELAY = 1  # seconds; each later wait doubles
    # argon2id cost (RFC 9106 low-memory profile). Raising it rehashes each password at its next login.
    ARGON2_TIME_COST = 3
    ARGON2_MEMORY_COST = 64 * 1024  # KiB
    ARGON2_PARALLELISM = 4

    # The audit chain's HMAC key (32+ characters), never stored in the database: AUDIT_KEY (e.g. the
    # INTAKE_AUDIT_KEY environment variable), else the file AUDIT_KEY_FILE, created 0600 on first use
    # (default instance/audit.key). The checkpoint of the chain's newest row (default
    # instance/audit-checkpoint) lets `audit verify` catch deleted newest rows. See docs/security.md.
    AUDIT_KEY = None
    AUDIT_KEY_FILE = None
    AUDIT_CHECKPOINT_FILE = None

    RATELIMIT_STORAGE_URI = "memory://"
    # Per client address. A clinic's tablets share one address, so these stay generous:
    # a patient sends about 8 pages; the final submit is stricter.
    PATIENT_RATE_LIMIT = "120 per minute"
    SUBMIT_RATE_LIMIT = "20 per minute"
    # Every form that checks a staff password (login, leaving kiosk mode, confirming before an export):
    # the database throttle counts wrong passwords, this caps how often argon2 runs at all.
    PASSWORD_RATE_LIMIT = "20 per minute"
    RATELIMIT_HEADERS_ENABLED = False


# Durations: a timedelta in instance/config.py, or whole seconds from the environment
# (INTAKE_DRAFT_LIFETIME=3600); finish() turns seconds into timedeltas once, at start-up.
DURATION_SETTINGS = ("DRAFT_LIFETIME", "CONFIRMATION_LIFETIME", "STAFF_IDLE_TIMEOUT", "STAFF_SESSION_MAX_AGE",
                     "LOGIN_FAILURE_WINDOW", "LOGIN_DELAY_CAP",
                     "KIOSK_IDLE_PROMPT", "KIOSK_IDLE_ANSWER", "KIOSK_IDLE_TIMEOUT", "KIOSK_CONFIRMATION_TIME")


def finish(config) -> None:
    """Normalise durations and refuse settings that cannot work, with a message naming the setting."""
    for key in DURATION_SETTINGS:
        value = config.get(key)
        if isinstance(value, timedelta):
            continue
        try:
            config[key] = timedelta(seconds=int(value))
        except (TypeError, ValueError):
            raise RuntimeError(f"{key} must be a duration: a timedelta, or a whole number of seconds") from None
        if config[key] <= timedelta(0):
            raise RuntimeError(f"{key} must be longer than zero")
    if config["KIOSK_IDLE_TIMEOUT"] < config["KIOSK_IDLE_PROMPT"] + config["KIOSK_IDLE_ANSWER"]:
        raise RuntimeError("KIOSK_IDLE_TIMEOUT must be at least KIOSK_IDLE_PROMPT + KIOSK_IDLE_ANSWER, "
                           "so the tablet asks before the server deletes the answers")
    if config.get("NOTIFY_EMAIL") and not config.get("MAIL_FROM"):
        raise RuntimeError("NOTIFY_EMAIL is set but MAIL_FROM is not: set the address notices are sent from")
    size = str(config.get("PDF_PAGE_SIZE") or "").strip().lower()
    if not size:
        size = "letter" if str(config.get("EMERGENCY_NUMBER")).strip() == "911" else "a4"
    if size not in ("a4", "letter"):
        raise RuntimeError("PDF_PAGE_SIZE must be A4 or letter (or unset: Letter where EMERGENCY_NUMBER is 911)")
    config["PDF_PAGE_SIZE"] = "A4" if size == "a4" else "letter"
    if not str(config.get("CLINIC_NAME") or "").strip():
        raise RuntimeError("CLINIC_NAME must not be empty: it is the page header and every page title")
    if config.get("AUDIT_KEY") and len(str(config["AUDIT_KEY"])) < 32:
        raise RuntimeError("AUDIT_KEY must be at least 32 random characters (or leave it unset to use a key file)")
    url = config.get("PUBLIC_URL")
    if url:
        problem = public_url_problem(url)
        if problem:
            raise RuntimeError(problem)
        config["PUBLIC_URL"] = str(url).strip()
        if config.get("TRUSTED_HOSTS") is None:
            # Only the public address's host (and this machine's own names, for health checks) may be
            # named in a request's Host header: others get a plain 400, never a page or link built on them.
            config["TRUSTED_HOSTS"] = [urlsplit(config["PUBLIC_URL"]).hostname, "localhost", "127.0.0.1", "[::1]"]
    else:
        config["PUBLIC_URL"] = None


def public_url_problem(url) -> str | None:
    parts = urlsplit(str(url).strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        return ("PUBLIC_URL must be the questionnaire's full address, "
                "such as https://intake.example-clinic.com/ (no query or #fragment)")
    return None


def public_link(base: str | None, path: str) -> str | None:
    """An absolute link to `path` (an app path such as /staff/...) under PUBLIC_URL; None when it is unset."""
    if not base:
        return None
    return base.rstrip("/") + "/" + path.lstrip("/")
