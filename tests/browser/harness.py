"""The app on a local port and Debian's Chromium: shared by the browser tests and the screenshot script."""

import os
import shutil
import threading
from contextlib import contextmanager

from werkzeug.serving import make_server

from intake import create_app
from intake.extensions import db

CHROMIUM = os.environ.get("INTAKE_CHROMIUM", "/usr/bin/chromium")
# Flags for a closed network: no background fetches, no first-run, no sandbox as root in CI.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


def chromium_missing() -> str | None:
    """Why Chromium cannot be started, or None when it is there."""
    if os.path.exists(CHROMIUM) or shutil.which(CHROMIUM):
        return None
    return f"Chromium not found at {CHROMIUM}: apt-get install -y chromium"


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


class InFlight:
    """The app, counting the requests it is serving, so that teardown can wait for the last one to end."""

    def __init__(self, app):
        self.app = app
        self.count = 0
        self.idle = threading.Condition()

    def __call__(self, environ, start_response):
        with self.idle:
            self.count += 1
        try:
            return self.app(environ, start_response)  # Flask ends the request's session before returning
        finally:
            with self.idle:
                self.count -= 1
                self.idle.notify_all()

    def wait_until_idle(self, timeout: float) -> None:
        with self.idle:
            self.idle.wait_for(lambda: self.count == 0, timeout)


@contextmanager
def serve(config):
    """The app served on 127.0.0.1 on a free port, in a thread, with CSRF on and a fresh database."""
    app = create_app({**config, "WTF_CSRF_ENABLED": True})
    with app.app_context():
        db.create_all()
    in_flight = InFlight(app)
    server = make_server("127.0.0.1", 0, in_flight, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.url = f"http://127.0.0.1:{server.server_port}"
    server.app = app
    try:
        yield server
    finally:
        server.shutdown()
        thread.join(timeout=10)
        # A request the browser left running (a poll, a page being left) must end before the tables are
        # dropped: on PostgreSQL its open read and the drop wait for each other, and the run hangs.
        in_flight.wait_until_idle(timeout=30)
        with app.app_context():
            db.session.remove()
            db.drop_all()
            db.engine.dispose()
