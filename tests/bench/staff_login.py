"""Log the bench's staff user in over HTTP, as a browser would, and return its session cookie."""

import http.client
import re
import urllib.parse

from .seed import STAFF_EMAIL, STAFF_PASSWORD

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def log_in(base_url: str) -> str:
    host, port = urllib.parse.urlsplit(base_url).netloc.split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    conn.request("GET", "/staff/login")
    page = conn.getresponse()
    token = CSRF.search(page.read().decode()).group(1)
    cookie = _session_cookie(page)
    body = urllib.parse.urlencode({"email": STAFF_EMAIL, "password": STAFF_PASSWORD, "csrf_token": token})
    conn.request("POST", "/staff/login", body=body,
                 headers={"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"})
    answer = conn.getresponse()
    answer.read()
    if answer.status != 302:
        raise RuntimeError(f"staff login failed with HTTP {answer.status}")
    cookie = _session_cookie(answer)
    # Follow the redirect to the queue as a browser does, and keep the cookie it updates (the
    # queue's forms add a CSRF token to the new session). wrk replays one cookie: without this,
    # every request in the run would make and sign a new token, which no browser's requests do.
    conn.request("GET", answer.getheader("Location"), headers={"Cookie": cookie})
    queue = conn.getresponse()
    queue.read()
    if queue.status != 200:
        raise RuntimeError(f"the queue after login answered HTTP {queue.status}")
    return _session_cookie(queue, default=cookie)


def _session_cookie(response, default: str | None = None) -> str:
    for header, value in response.getheaders():
        if header.lower() == "set-cookie" and value.startswith("intake_session="):
            return value.split(";", 1)[0]
    if default is None:
        raise RuntimeError("no session cookie in the response")
    return default
