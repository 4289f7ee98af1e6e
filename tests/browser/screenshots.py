"""Save screenshots of the main patient and staff pages, on a phone and on a desktop, into docs/screenshots/.

Run with `make screenshots` (python -m tests.browser.screenshots). A script rather than a test: it
makes files for people to look at and asserts nothing, so it has no place in `make test`. It walks the
same tours as the browser tests (tests/browser/tour.py) against a throwaway SQLite database, so the
pictures show exactly what the tests check."""

import json
import sys
import tempfile
from pathlib import Path

from tests.bench.seed import server_config
from .harness import chromium_missing, launch, serve
from .tour import learn_tour, make_admin, patient_tour, staff_tour

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "docs" / "screenshots"
ANSWERS = ROOT / "tests" / "data" / "answers-burning-upper-back.json"
DEVICES = {
    "phone": {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True},
    "desktop": {"viewport": {"width": 1280, "height": 900}},
}
# The stops worth a picture; everything else the tours pass through is skipped.
PATIENT = {"start", "emergency", "about-errors", "regions", "symptoms", "health", "check", "done", "get-help-now"}
STAFF = {"login", "queue", "submission", "users", "audit"}
SELECTED_REGIONS = ("back.upper", "neck.lower")


def save(page, device, name):
    """The top of the page as it first appears (the error summary keeps the focus its page gives it)."""
    page.evaluate("() => { if (!document.activeElement.matches('.error-summary')) document.activeElement.blur(); "
                  "window.scrollTo(0, 0); }")
    path = OUT / f"{device}-{name.replace('/', '-')}.png"
    page.screenshot(path=path, animations="disabled", caret="hide")
    print(f"  {path.relative_to(ROOT)}")


def shoot(browser, server, device, answers, admin_email):
    context = browser.new_context(**DEVICES[device])
    page = context.new_page()
    for stop in patient_tour(page, server.url, answers):
        if stop == "regions":  # show the body map with areas chosen, as a patient sees it mid-way
            for code in SELECTED_REGIONS:
                page.check(f"#regions-{code.replace('.', '-')}")
        if stop in PATIENT:
            save(page, device, stop)
        if stop == "regions":
            for code in SELECTED_REGIONS:
                page.uncheck(f"#regions-{code.replace('.', '-')}")
    for stop in learn_tour(page, server.url, server.app):
        if stop == "learn" or stop == "learn/mid-upper-back-pain":
            save(page, device, stop)
    for stop in staff_tour(page, server.url, server.app, admin_email):
        if stop in STAFF:
            save(page, device, f"staff-{stop}")
    context.close()


def scratch_config(folder: Path) -> dict:
    """The tour's app: a database in `folder`, with its audit key and checkpoint beside it (never the
    instance's, which belong to the developer's own database: see tests/bench/seed.py)."""
    return {**server_config(folder / "screenshots.sqlite3", "screenshots-only-secret-key-0123456789abcdef"),
            "RATELIMIT_ENABLED": False}


def main() -> int:
    missing = chromium_missing()
    if missing:
        print(missing, file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    answers = json.loads(ANSWERS.read_text())
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        with serve(scratch_config(Path(folder))) as server:
            admin_email = make_admin(server.app)
            browser = launch(playwright)
            try:
                for device in DEVICES:
                    print(f"{device}:")
                    shoot(browser, server, device, answers, admin_email)
            finally:
                browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
