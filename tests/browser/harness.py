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


@contextmanager
def serve(config):
    """The app served on 127.0.0.1 on a free port, in a thread, with CSRF on and a fresh database."""
    app = create_app({**config, "WTF_CSRF_ENABLED": True})
    with app.app_context():
        db.create_all()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.url = f"http://127.0.0.1:{server.server_port}"
    server.app = app
    try:
        yield server
    finally:
        server.shutdown()
        thread.join(timeout=10)
        with app.app_context():
            db.session.remove()
            db.drop_all()
            db.engine.dispose()
