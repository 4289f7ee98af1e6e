"""Walk every page a patient, a reader and a staff member sees, stopping at each one for checks.

Each tour is a generator: it yields a stop's name while the page shows that stop, and moves on when
the caller asks for the next one. Callers may resize the viewport at a stop but must leave the page's
state alone. The stop lists are fixed so that tests can be parametrized by page name. Every click that
leads to another page goes through follow(), which waits for that page."""

from .flow import ABOUT, EMERGENCY, HEALTH, HISTORY, SYMPTOMS, continue_, fill_page, follow, send

PATIENT_STOPS = [
    "start", "emergency", "emergency-errors", "about", "about-errors", "start-with-draft", "check-missing", "regions", "regions-errors",
    "primary", "primary-errors", "symptoms", "symptoms-errors", "history", "history-errors", "health",
    "health-errors", "check", "confirm", "confirm-errors", "done", "get-help-now", "not-found",
]
# Staff pages that exist today; the queue and a submission join when their views are built.
STAFF_STOPS = ["login", "login-errors", "queue", "submission", "submission-reviewed", "print", "users", "user-new",
               "user-new-errors", "user", "audit", "password", "confirm-password", "confirm-password-errors"]
STAFF_PASSWORD = "plum tractor velvet harbour"


def patient_tour(page, base_url, answers):
    def submit_empty(name):
        continue_(page)
        assert page.locator(".error-summary").count() == 1, f"{name}: no error summary"
        return f"{name}-errors"

    page.goto(base_url + "/")
    yield "start"
    follow(page.get_by_role("button", name="Start now"))
    yield "emergency"
    yield submit_empty("emergency")
    fill_page(page, answers, EMERGENCY)
    continue_(page)
    yield "about"
    yield submit_empty("about")
    fill_page(page, answers, ABOUT)
    continue_(page)
    page.goto(base_url + "/")
    yield "start-with-draft"
    page.goto(base_url + "/check-your-answers")
    yield "check-missing"
    page.goto(base_url + "/where-it-hurts")
    yield "regions"
    yield submit_empty("regions")
    fill_page(page, answers, ["regions"])
    continue_(page)
    assert page.url.endswith("/main-area"), "the answers must name two or more areas"
    yield "primary"
    yield submit_empty("primary")
    fill_page(page, answers, ["primary_region"])
    continue_(page)
    for name, codes in (("symptoms", SYMPTOMS), ("history", HISTORY), ("health", HEALTH)):
        yield name
        yield submit_empty(name)
        fill_page(page, answers, codes)
        continue_(page)
    assert page.url.endswith("/check-your-answers")
    yield "check"
    follow(page.get_by_role("link", name="Continue"))
    yield "confirm"
    follow(page.get_by_role("button", name="Send my answers"))
    yield "confirm-errors"
    send(page)
    assert page.url.endswith("/done")
    yield "done"
    page.goto(base_url + "/get-help-now")
    yield "get-help-now"
    page.goto(base_url + "/no-such-page")
    yield "not-found"


# The pages scripts change (the body map, "None of these"): their plain forms must stand on their own.
NO_SCRIPT_STOPS = ["emergency", "regions", "regions-errors"]


def no_script_tour(page, base_url):
    page.goto(base_url + "/emergency-signs")
    yield "emergency"
    page.goto(base_url + "/where-it-hurts")
    yield "regions"
    continue_(page)
    yield "regions-errors"


def learn_stops(app):
    """/learn and one stop per article in the clinic's library, by slug."""
    return ["learn"] + [f"learn/{slug}" for slug in sorted(app.extensions["intake.articles"].articles)]


def learn_tour(page, base_url, app):
    for stop in learn_stops(app):
        response = page.goto(f"{base_url}/{stop}" + ("/" if stop == "learn" else ""))
        assert response.ok, f"{stop}: HTTP {response.status}"
        yield stop


# A browser whose preferred language is Spanish: the start page, a page with errors and the articles.
SPANISH_STOPS = ["es:start", "es:emergency-errors", "es:about-errors", "es:learn", "es:learn/mid-upper-back-pain"]


def spanish_tour(page, base_url):
    page.goto(base_url + "/")
    assert page.locator("html").get_attribute("lang") == "es"
    yield "es:start"
    follow(page.get_by_role("button", name="Empezar ahora"))
    follow(page.get_by_role("button", name="Continuar"))
    assert page.locator(".error-summary").count() == 1, "es:emergency: no error summary"
    yield "es:emergency-errors"
    page.goto(base_url + "/about-you")
    follow(page.get_by_role("button", name="Continuar"))
    assert page.locator(".error-summary").count() == 1, "es:about: no error summary"
    yield "es:about-errors"
    for stop in SPANISH_STOPS[3:]:
        path = stop.removeprefix("es:")
        response = page.goto(f"{base_url}/{path}" + ("/" if path == "learn" else ""))
        assert response.ok, f"{stop}: HTTP {response.status}"
        yield stop


def make_staff(app, email, role, name):
    """A staff account stored straight in the live server's database, as `intake users create` would."""
    from intake.accounts import users as accounts
    from intake.database import write_transaction

    with app.app_context():
        with write_transaction() as session:
            accounts.create_user(session, email=email, role=role, password=STAFF_PASSWORD, name=name)
    return email


def make_admin(app, email="admin@clinic.example"):
    return make_staff(app, email, "admin", "Sam Admin")


def log_in(page, base_url, email):
    page.goto(base_url + "/staff/login")
    page.fill("#email", email)
    page.fill("#password", STAFF_PASSWORD)
    follow(page.get_by_role("button", name="Log in"))
    assert "/staff/login" not in page.url, "logging in failed"


def staff_stops(app):
    """The staff stops whose views exist in this build of the app."""
    have = set(app.view_functions)
    submission = ("review.queue", "review.submission")
    needs = {"queue": ("review.queue",), "submission": submission,
             "submission-reviewed": submission + ("review.mark_reviewed",),
             "print": submission + ("review.print_submission",),
             "confirm-password": ("exports.confirm_password",), "confirm-password-errors": ("exports.confirm_password",)}
    return [stop for stop in STAFF_STOPS if all(endpoint in have for endpoint in needs.get(stop, ()))]


def staff_tour(page, base_url, app, email):
    """The staff pages as an administrator; the queue needs at least one submission stored."""
    stops = staff_stops(app)
    page.goto(base_url + "/staff/login")
    yield "login"
    follow(page.get_by_role("button", name="Log in"))
    yield "login-errors"
    page.fill("#email", email)
    page.fill("#password", STAFF_PASSWORD)
    follow(page.get_by_role("button", name="Log in"))
    assert "/staff/login" not in page.url, "logging in failed"
    if "queue" in stops:
        page.goto(base_url + "/staff/")
        yield "queue"
    if "submission" in stops:  # the newest submission (a patient tour has sent one)
        follow(page.locator("a[href*='/staff/submissions/']").first)
        yield "submission"
    if "submission-reviewed" in stops:
        follow(page.get_by_role("button", name="Mark reviewed"))
        yield "submission-reviewed"
    if "print" in stops:
        follow(page.get_by_role("link", name="Print view"))
        yield "print"
    page.goto(base_url + "/staff/users")
    yield "users"
    follow(page.get_by_role("link", name="Add a user"))
    yield "user-new"
    follow(page.get_by_role("button", name="Add user"))
    yield "user-new-errors"
    page.fill("#name", "Robin Desk")
    page.fill("#email", "robin@clinic.example")
    page.select_option("#role", "front_desk")
    page.fill("#password", "copper lantern meadow fox")
    page.fill("#confirm", "copper lantern meadow fox")
    follow(page.get_by_role("button", name="Add user"))
    page.goto(base_url + "/staff/users")
    follow(page.get_by_role("link", name="Robin Desk"))
    yield "user"
    page.goto(base_url + "/staff/audit")
    yield "audit"
    page.goto(base_url + "/staff/account/password")
    yield "password"
    if "confirm-password" in stops:  # asked before an export when the login is over 15 minutes old
        page.goto(base_url + "/staff/confirm-password")
        yield "confirm-password"
        continue_(page)
        yield "confirm-password-errors"
