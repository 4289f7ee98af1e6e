"""Security headers and caching rules applied to every response, errors and static files included."""

import io
from urllib.parse import urlsplit

from flask import Response, abort, redirect, request
from flask.sessions import SecureCookieSessionInterface

from .pages import trait
from werkzeug.exceptions import SecurityError
from werkzeug.routing import RequestRedirect

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
# Added to every response that does not set its own.
SECURITY_HEADERS = (
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Frame-Options", "DENY"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
)


class SessionCookies(SecureCookieSessionInterface):
    """Flask's signed session cookie, its signer built once per key instead of on every request."""

    def get_signing_serializer(self, app):
        key = (app.secret_key, tuple(app.config.get("SECRET_KEY_FALLBACKS") or ()))
        cached = app.extensions.get("intake.session_signer")
        if cached is None or cached[0] != key:
            cached = app.extensions["intake.session_signer"] = (key, super().get_signing_serializer(app))
        return cached[1]


def init_app(app):
    app.session_interface = SessionCookies()
    if app.config.get("SESSION_COOKIE_SECURE"):
        # Served over HTTPS: the __Host- prefix makes browsers refuse the cookie unless it is Secure,
        # host-only and for path /, so a sibling subdomain or plain-HTTP page cannot plant or read it.
        name = app.config["SESSION_COOKIE_NAME"]
        if not name.startswith("__Host-"):
            app.config["SESSION_COOKIE_NAME"] = f"__Host-{name}"
        app.config["SESSION_COOKIE_DOMAIN"] = None
        app.config["SESSION_COOKIE_PATH"] = "/"
        app.config["PREFERRED_URL_SCHEME"] = "https"

    if app.config.get("PROXY_FIX_X_FOR"):
        # Behind a reverse proxy the client address comes from X-Forwarded-For; trust
        # exactly as many hops as configured, never more (rate limits and audit use it).
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(
            app.wsgi_app,
            x_for=int(app.config["PROXY_FIX_X_FOR"]),
            x_proto=int(app.config.get("PROXY_FIX_X_PROTO", 1)),
        )

    if app.config.get("MAX_CONTENT_LENGTH"):
        app.wsgi_app = BodyLimit(app.wsgi_app, int(app.config["MAX_CONTENT_LENGTH"]))

    def refuse_a_body_too_large():
        if request.environ.get(BodyLimit.TOO_LARGE):
            abort(413)

    @app.errorhandler(SecurityError)
    def untrusted_host(_error):
        # A Host header outside TRUSTED_HOSTS: no page can be built for it (its links would need that
        # host), so a few plain words, never the host repeated back.
        return Response("Bad request: this address is not served here.\n", 400, mimetype="text/plain")

    def relative_slash_redirect():
        # Werkzeug redirects /staff to /staff/ with an absolute Location built from the Host header,
        # which any client sets (Host: evil.example). The same redirect, with this site's own path only.
        if isinstance(request.routing_exception, RequestRedirect):
            target = urlsplit(request.routing_exception.new_url)
            return redirect(target.path + (f"?{target.query}" if target.query else ""),
                            request.routing_exception.code)
        return None

    app.before_request_funcs.setdefault(None, []).insert(0, relative_slash_redirect)
    # Before CSRF and the rate limiter, which read the form.
    app.before_request_funcs[None].insert(0, refuse_a_body_too_large)

    @app.before_request
    def refuse_nul_bytes():
        # No one types a NUL byte: it only comes from tampering, and PostgreSQL refuses it in text
        # (a DataError mid-transaction). Refuse the request before any view sees it; the patient
        # pages check each field themselves and say which one is wrong.
        if request.method == "POST" and not trait("checks_own_fields") and any("\x00" in key or "\x00" in value
                                            for key, value in request.form.items(multi=True)):
            abort(400)

    @app.after_request
    def set_security_headers(response):
        headers = response.headers
        # One pass over the headers already set, not one search per header (every response comes here).
        present = {key.lower() for key in headers.keys()}
        headers.extend([(key, value) for key, value in SECURITY_HEADERS if key.lower() not in present])
        if request.is_secure:
            headers.setdefault("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
        if request.endpoint != "static":
            # Pages show patient answers: never keep them in a shared or back-button cache.
            headers["Cache-Control"] = "no-store"
            headers["Pragma"] = "no-cache"
        return response


class BodyLimit:
    """A chunked request body (no Content-Length) over MAX_CONTENT_LENGTH refused as a whole.

    Werkzeug stops reading such a body at the limit and parses what it read, so a form cut short
    was validated and saved in part. Here the body is read up to one byte past the limit first:
    over it, the request is marked and emptied (the app answers 413); within it, it is handed on
    with its length, like any other request.
    """

    TOO_LARGE = "intake.body_too_large"

    def __init__(self, wsgi_app, limit: int):
        self.wsgi_app, self.limit = wsgi_app, limit

    def __call__(self, environ, start_response):
        if not environ.get("CONTENT_LENGTH") and "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower():
            body = environ["wsgi.input"].read(self.limit + 1)
            if len(body) > self.limit:
                environ[self.TOO_LARGE] = True
                body = b""
            environ["wsgi.input"] = io.BytesIO(body)
            environ["CONTENT_LENGTH"] = str(len(body))
            environ.pop("HTTP_TRANSFER_ENCODING", None)
        return self.wsgi_app(environ, start_response)
