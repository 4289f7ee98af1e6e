"""gunicorn settings for Intake: `gunicorn -c python:intake.gunicorn_conf 'intake:create_app()'`.

Workers come from WEB_CONCURRENCY (default 4), the address from GUNICORN_BIND (default 127.0.0.1:8000).
Before any worker starts, the master refuses a configuration whose rate limits would not be shared
by the workers (memory:// storage with more than one worker), whichever way the count was set.
"""

import os

workers = int(os.environ.get("WEB_CONCURRENCY") or 4)
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
worker_class = "sync"
timeout = 60
# Access lines say nothing the app's own request log does not; the app writes that one (intake/web/logs.py).
accesslog = None
# The app reads the worker count itself too (intake.deployment.gunicorn_workers): tell it this one.
os.environ["WEB_CONCURRENCY"] = str(workers)


def on_starting(server):
    from . import create_app
    from .deployment import rate_limit_problem

    problem = rate_limit_problem(create_app().config, server.cfg.workers)
    if problem:
        raise SystemExit(f"Intake refuses to start: {problem}")
