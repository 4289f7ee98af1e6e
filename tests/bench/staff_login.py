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
    return _session_cookie(answer)


def _session_cookie(response) -> str:
    for header, value in response.getheaders():
        if header.lower() == "set-cookie" and value.startswith("intake_session="):
            return value.split(";", 1)[0]
    raise RuntimeError("no session cookie in the response")
