"""Default settings: the bottom layer, overridden by instance/config.py, the environment and tests."""

from datetime import timedelta


class Defaults:
    """Safe defaults for a single-machine clinic install on SQLite."""

    # No SECRET_KEY here on purpose: `make run` writes one into instance/config.py,
    # and production refuses to start without a strong one.
    SECRET_KEY = None

    # Filled in by create_app() with the absolute instance path when not set.
    SQLALCHEMY_DATABASE_URI = None
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
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

    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "UTC"
    # Languages patients can use: the browser's preference picks one unless the patient chose one with
    # the switch on every patient page (kept in their session). Staff pages are always in English.
    LANGUAGES = ["en", "es"]

    CLINIC_NAME = "Intake"
    # The clinic's time zone (IANA name): "today" in the queue and times shown to staff.
    CLINIC_TIMEZONE = "UTC"
    EMERGENCY_NUMBER = "911"
    # Education articles: None means the ones shipped in intake/content/articles/.
    ARTICLES_FOLDER = None

    # Staff sessions end after this long without a request, and this long after login in any case.
    STAFF_IDLE_TIMEOUT = timedelta(minutes=15)
    STAFF_SESSION_MAX_AGE = timedelta(hours=12)
    # Wrong passwords allowed within the window, per account and per client address (kept in the
    # database, so the same with any number of workers); after that every try gets the same refusal.
    LOGIN_FAILURE_WINDOW = timedelta(minutes=15)
    LOGIN_MAX_FAILURES_PER_ACCOUNT = 10
    LOGIN_MAX_FAILURES_PER_ADDRESS = 30
    # argon2id cost (RFC 9106 low-memory profile). Raising it rehashes each password at its next login.
    ARGON2_TIME_COST = 3
    ARGON2_MEMORY_COST = 64 * 1024  # KiB
    ARGON2_PARALLELISM = 4

    RATELIMIT_STORAGE_URI = "memory://"
    # Per client address. A clinic's tablets share one address, so these stay generous:
    # a patient sends about 8 pages; the final submit is stricter.
    PATIENT_RATE_LIMIT = "120 per minute"
    SUBMIT_RATE_LIMIT = "20 per minute"
    RATELIMIT_HEADERS_ENABLED = False
