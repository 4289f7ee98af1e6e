"""Kiosk mode for the clinic's waiting-room tablets: a signed cookie that the patient pages read.

It sits below the patient and staff blueprints: staff pages set and clear the cookie, patient
pages only ask `active()`.

Why a signed cookie (itsdangerous, keyed by SECRET_KEY) and not a token kept in a table: kiosk
mode grants nothing. It only makes the patient pages stricter (start over, no autocomplete, a
shorter draft life, the session cleared on submit), so there is nothing to revoke on the server,
and a copied cookie can only make another browser stricter. Signing stops anyone planting a kiosk
cookie from outside the staff page, and the cookie needs no database read on every patient page
and no schema change. Rotating SECRET_KEY ends every kiosk (staff turn the tablets on again).
"""

from datetime import timedelta

from flask import current_app, g, request, session
from itsdangerous import BadSignature, URLSafeTimedSerializer

from .pages import trait

COOKIE_NAME = "intake_kiosk"
SALT = "intake.kiosk"
# Browsers keep a cookie at most 400 days; after that a member of staff turns the tablet on again.
MAX_AGE = timedelta(days=400)
# A real cookie is about 100 characters: anything much longer is not ours.
MAX_COOKIE_LENGTH = 512


def cookie_name() -> str:
    # Over HTTPS the __Host- prefix, as for the session cookie: Secure, host-only, path /.
    return f"__Host-{COOKIE_NAME}" if current_app.config.get("SESSION_COOKIE_SECURE") else COOKIE_NAME


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=SALT)


def active() -> bool:
    """Whether this browser is a kiosk: a valid, unexpired kiosk cookie came with the request."""
    if "kiosk_active" not in g:
        raw = request.cookies.get(cookie_name(), "")
        valid = False
        if raw and len(raw) <= MAX_COOKIE_LENGTH:
            try:
                _serializer().loads(raw, max_age=int(MAX_AGE.total_seconds()))
                valid = True
            except BadSignature:  # SignatureExpired is a BadSignature too
                valid = False
        g.kiosk_active = valid
    return g.kiosk_active


def turn_on(response, staff_public_id: str):
    """Make the browser that receives `response` a kiosk; the payload names who did it (for nothing but audit)."""
    response.set_cookie(cookie_name(), _serializer().dumps({"by": staff_public_id}),
                        max_age=int(MAX_AGE.total_seconds()), path="/", httponly=True, samesite="Lax",
                        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")))
    return response


def turn_off(response):
    response.delete_cookie(cookie_name(), path="/", httponly=True, samesite="Lax",
                           secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")))
    return response


def draft_lifetime() -> timedelta:
    """How long a draft lives after its last save: shorter on a kiosk, so a walk-away's answers expire."""
    lifetime = current_app.config["DRAFT_LIFETIME"]
    if active():
        return min(lifetime, current_app.config["KIOSK_IDLE_TIMEOUT"])
    return lifetime


def _seconds(key: str) -> int:
    return int(current_app.config[key].total_seconds())


def init_app(app):
    @app.context_processor
    def kiosk_context():
        # Some pages are never "kiosk" pages, even on a kiosk tablet (staff: someone logging in there).
        if trait("kiosk") is False or not active():
            return {"kiosk_mode": False}
        return {
            "kiosk_mode": True,
            # Offer "Start over" and watch for a walk-away; a blueprint's own context processor says
            # where there is nothing to watch (the patient blueprint: the confirmation, an empty start page).
            "kiosk_watch": True,
            "kiosk_idle_prompt": _seconds("KIOSK_IDLE_PROMPT"),
            "kiosk_idle_answer": _seconds("KIOSK_IDLE_ANSWER"),
            "kiosk_idle_timeout": _seconds("KIOSK_IDLE_TIMEOUT"),
            "kiosk_confirmation_time": _seconds("KIOSK_CONFIRMATION_TIME"),
        }
