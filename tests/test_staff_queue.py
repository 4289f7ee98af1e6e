"""The review queue: red flags first, filters from fixed lists, search, pagination, the new-count notice."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from intake.accounts.audit import AuditEvent
from intake.extensions import db
from intake.models import utcnow
from intake.web.staff.queue import day_bounds


def names_in_order(page: str) -> list[str]:
    return re.findall(r'href="/staff/submissions/[0-9a-f-]{36}">([^<]+)</a>', page)


def search(client, term, **filters):
    """Search as the filter form does: POSTed, then shown by a redirect whose URL holds no name."""
    response = client.post("/staff/", data={"q": term, "status": "all", **filters})
    assert response.status_code == 302 and term not in response.headers["Location"]
    return client.get(response.headers["Location"]).get_data(as_text=True)


@pytest.fixture
def recent(app):
    """recent(minutes) → a stored time (naive UTC) that many minutes ago, all within the clinic's today.

    The queue shows today by default: "50 minutes ago", run at 00:30, would be yesterday. Just after
    the clinic's midnight these times are counted back from two hours into the day instead.
    """
    zone = ZoneInfo(app.config["CLINIC_TIMEZONE"])
    anchor = max(utcnow(), day_bounds(datetime.now(zone).date(), zone)[0] + timedelta(hours=2))
    return lambda minutes: anchor - timedelta(minutes=minutes)


@pytest.fixture
def staff(client, login):
    login(client, role="front_desk")
    return client


def test_queue_needs_a_login(client):
    response = client.get("/staff/")
    assert response.status_code == 302 and "/staff/login" in response.headers["Location"]


def test_red_flags_first_then_newest(staff, make_submission, recent):
    make_submission(full_name="Old Plain", created_at=recent(50))
    make_submission(full_name="New Plain", created_at=recent(5))
    make_submission(full_name="Urgent Case", rf_cancer=True, created_at=recent(40))
    make_submission(full_name="Emergency Case", rf_chest_pain=True, created_at=recent(45))
    page = staff.get("/staff/").get_data(as_text=True)
    assert names_in_order(page) == ["Emergency Case", "Urgent Case", "New Plain", "Old Plain"]


def test_reviewed_emergencies_jump_the_queue_only_until_an_action_closes_them(staff, login, make_submission,
                                                                               recent):
    done = make_submission(full_name="Seen Emergency", rf_chest_pain=True, created_at=recent(30))
    make_submission(full_name="Waiting Plain", created_at=recent(10))
    staff.post(f"/staff/submissions/{done.id}/reviewed")
    # "Mark reviewed" alone is no record of what was done: still first, even in the "new" view.
    assert names_in_order(staff.get("/staff/?status=all").get_data(as_text=True)) == ["Seen Emergency",
                                                                                       "Waiting Plain"]
    assert names_in_order(staff.get("/staff/").get_data(as_text=True)) == ["Seen Emergency", "Waiting Plain"]
    login(staff, role="practitioner")
    staff.post(f"/staff/submissions/{done.id}/actions", data={"action": "called_patient", "note": "Sent to ER"})
    assert names_in_order(staff.get("/staff/?status=all").get_data(as_text=True)) == ["Waiting Plain",
                                                                                       "Seen Emergency"]
    assert names_in_order(staff.get("/staff/").get_data(as_text=True)) == ["Waiting Plain"]


def test_status_filter(staff, make_submission):
    reviewed = make_submission(full_name="Already Seen")
    make_submission(full_name="Not Yet Seen")
    staff.post(f"/staff/submissions/{reviewed.id}/reviewed")
    assert names_in_order(staff.get("/staff/").get_data(as_text=True)) == ["Not Yet Seen"]
    assert names_in_order(staff.get("/staff/?status=reviewed").get_data(as_text=True)) == ["Already Seen"]


def test_date_range_defaults_to_today_and_warns_about_older_unreviewed(staff, make_submission):
    make_submission(full_name="Yesterday Person", created_at=utcnow() - timedelta(days=1, hours=1))
    make_submission(full_name="Today Person")
    page = staff.get("/staff/").get_data(as_text=True)
    assert names_in_order(page) == ["Today Person"]
    assert "1 unreviewed submission from earlier days" in page
    older = staff.get("/staff/?from=&to=").get_data(as_text=True)
    assert set(names_in_order(older)) == {"Today Person", "Yesterday Person"}


@pytest.mark.parametrize("query, expected", [
    ("urgency=emergency", {"Chest Pain"}),
    ("urgency=urgent", {"Cancer History"}),
    ("urgency=none", {"Plain Back", "Low Back"}),
    ("region=back.low", {"Low Back"}),
    ("article=low-back-pain", {"Low Back"}),
])
def test_filters(staff, make_submission, query, expected):
    make_submission(full_name="Chest Pain", rf_chest_pain=True)
    make_submission(full_name="Cancer History", rf_cancer=True)
    make_submission(full_name="Plain Back")
    make_submission(full_name="Low Back", regions=["back.low"], primary_region="back.low",
                    qualities=["aching"], aggravators=["sitting", "bending"], related=["none"])
    page = staff.get(f"/staff/?status=all&{query}").get_data(as_text=True)
    assert set(names_in_order(page)) >= expected
    if query.startswith("urgency"):
        assert set(names_in_order(page)) == expected


@pytest.mark.parametrize("term", ["josé pérez", "JOSE", "  perez ", "1970-05-01", "5/1/1970", "05/01/1970",
                                  "May 1, 1970", "may 1 1970", "1 May 1970", "01 may 1970", "1 May, 1970"])
def test_search_by_name_or_date_of_birth_across_dates(staff, make_submission, term):
    make_submission(full_name="José Pérez", date_of_birth="1970-05-01", created_at=utcnow() - timedelta(days=30))
    make_submission(full_name="Someone Else", date_of_birth="1980-01-01")
    assert names_in_order(search(staff, term)) == ["José Pérez"]


def test_search_by_reference(staff, make_submission):
    wanted = make_submission(full_name="By Reference")
    make_submission(full_name="Other")
    for term in (wanted.reference, wanted.reference.lower(), wanted.reference.replace("-", "")):
        assert names_in_order(search(staff, term)) == ["By Reference"]


def test_search_treats_sql_wildcards_as_text(staff, make_submission):
    make_submission(full_name="Percent Person")
    assert names_in_order(search(staff, "%")) == []


@pytest.mark.parametrize("query, message", [
    ("status=deleted", "Status must be new, reviewed or all"),
    ("urgency=high", "Choose an urgency from the list"),
    ("region=spleen", "Choose an area from the list"),
    ("article=../../etc/passwd", "Choose an article from the list"),
    ("from=yesterday", "Enter the start date as YYYY-MM-DD"),
    ("status=new%27%20OR%201=1--", "Status must be new, reviewed or all"),
])
def test_bad_filter_values_are_refused_with_a_message(staff, query, message):
    response = staff.get(f"/staff/?{query}")
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)


def test_pagination(staff, make_submission, recent):
    for n in range(30):
        make_submission(full_name=f"Patient {n:02d}", created_at=recent(n))
    first = names_in_order(staff.get("/staff/").get_data(as_text=True))
    second_page = staff.get("/staff/?page=2").get_data(as_text=True)
    second = names_in_order(second_page)
    assert len(first) == 25 and len(second) == 5
    assert first[0] == "Patient 00" and second[-1] == "Patient 29"
    assert not set(first) & set(second)
    assert "Page 2 of 2" in second_page
    assert staff.get("/staff/?page=abc").status_code == 200


def test_new_count_reports_submissions_after_a_time(staff, make_submission):
    since = utcnow() - timedelta(seconds=1)
    make_submission(full_name="Arrived")
    response = staff.get("/staff/new-count", query_string={"since": since.isoformat()})
    assert response.get_json() == {"count": 1}
    assert "Arrived" not in response.get_data(as_text=True)
    assert staff.get("/staff/new-count?since=nonsense").status_code == 400


def test_queue_links_the_notice_script_and_a_refresh_link(staff):
    page = staff.get("/staff/").get_data(as_text=True)
    assert "/static/js/staff-queue.js" in page and ">Refresh</a>" in page


def test_listing_and_searching_are_audited_without_patient_values(app, staff, make_submission):
    make_submission(full_name="Audit Person")
    staff.get("/staff/")
    search(staff, "Audit Person")
    with app.app_context():
        rows = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
        actions = [row.action for row in rows]
        assert actions[-2:] == ["queue.list", "queue.search"]
        dump = repr([(r.action, r.object_type, r.object_id, r.outcome) for r in rows])
        assert "Audit Person" not in dump


def test_a_name_in_a_get_url_is_not_used_as_a_search(staff, make_submission):
    make_submission(full_name="Only Me")
    make_submission(full_name="Someone Else")
    page = staff.get("/staff/?q=Only+Me").get_data(as_text=True)
    assert set(names_in_order(page)) == {"Only Me", "Someone Else"}


def test_paging_through_search_results_keeps_the_term_out_of_the_url(staff, make_submission):
    now = utcnow()
    for n in range(27):
        make_submission(full_name=f"Pat Page {n:02d}", created_at=now - timedelta(days=3, minutes=n))
    page = search(staff, "pat page")
    assert "Page 1 of 2" in page
    next_link = re.search(r'rel="next" href="([^"]+)"', page).group(1).replace("&amp;", "&")
    assert "pat" not in next_link.lower() and "search=1" in next_link
    assert len(names_in_order(staff.get(next_link).get_data(as_text=True))) == 2


def test_a_very_long_queue_says_how_many_up_to_a_cap_and_still_pages(client, staff, make_submission, monkeypatch):
    # Counting every one of 100,000 submissions would slow the queue as the practice grows.
    from intake.web.staff import queue
    from intake.web.staff.review import views

    monkeypatch.setattr(queue, "COUNT_CAP", 3)
    monkeypatch.setattr(views, "COUNT_CAP", 3)
    for n in range(5):
        make_submission(full_name=f"Patient {n}")
    page = client.get("/staff/", query_string={"status": "all", "from": "", "to": ""}).get_data(as_text=True)
    assert "3+ submissions" in page
    assert len(names_in_order(page)) == 5  # the page itself still lists them all


def test_the_date_of_birth_as_the_queue_shows_it_finds_the_patient(staff, make_submission):
    make_submission(full_name="Shown Date", date_of_birth="1988-05-14", created_at=utcnow() - timedelta(days=3))
    make_submission(full_name="Other Date", date_of_birth="1988-05-15")
    shown = re.search(r"<div class=\"muted\">([^<·]+) ·", search(staff, "Shown Date")).group(1).strip()
    assert shown == "May 14, 1988"
    assert names_in_order(search(staff, shown)) == ["Shown Date"]
    for not_a_date in ("May 1988", "Mayhew", "31 February 1988"):
        assert "Shown Date" not in names_in_order(search(staff, not_a_date))


@pytest.mark.parametrize("emergency_number, shown, found, not_found", [
    ("911", "May 14, 1988", ["05/14/1988", "5-14-1988", "5.14.1988", "5 14 1988", "1988-05-14"], ["14/05/1988"]),
    ("999", "14 May 1988", ["14/05/1988", "14-5-1988", "14.5.1988", "14 5 1988", "1988-05-14"], ["05/14/1988"]),
])
def test_a_date_of_birth_in_numbers_is_read_in_the_clinics_order(app, staff, make_submission, emergency_number,
                                                                   shown, found, not_found):
    app.config["EMERGENCY_NUMBER"] = emergency_number
    make_submission(full_name="Numbered Date", date_of_birth="1988-05-14", created_at=utcnow() - timedelta(days=3))
    make_submission(full_name="Other Date", date_of_birth="1988-05-15")
    page = search(staff, "Numbered Date")
    assert re.search(r"<div class=\"muted\">([^<·]+) ·", page).group(1).strip() == shown
    assert f"date of birth ({shown} or 1988-05-14)" in page  # the search box's hint
    for term in [shown, *found]:
        assert names_in_order(search(staff, term)) == ["Numbered Date"], term
    for term in not_found:
        assert names_in_order(search(staff, term)) == [], term


def test_the_queue_and_its_filter_say_no_red_flags_alike(staff, make_submission):
    make_submission(full_name="Calm Patient")
    page = staff.get("/staff/?status=all").get_data(as_text=True)
    row = page[page.index("Calm Patient") - 400:page.index("Calm Patient")]
    assert "No red flags" in row and ">None<" not in page
    assert '<option value="none">No red flags</option>' in page


def test_today_in_the_queue_is_the_clinics_day_not_utcs(app, staff, make_submission):
    # Twelve hours behind UTC: the clinic's midnight is noon UTC, inside one UTC day.
    app.config["CLINIC_TIMEZONE"] = "Etc/GMT+12"
    zone = ZoneInfo("Etc/GMT+12")
    start = day_bounds(datetime.now(zone).date(), zone)[0]
    make_submission(full_name="Late Yesterday", created_at=start - timedelta(minutes=1))
    make_submission(full_name="Early Today", created_at=start + timedelta(minutes=1))
    page = staff.get("/staff/").get_data(as_text=True)
    assert names_in_order(page) == ["Early Today"]
    assert "GMT+12" in page or "UTC-12" in page  # the time shown says which zone


@pytest.mark.parametrize("status", ["new", "reviewed", "all"])
@pytest.mark.parametrize("dated", [False, True])
def test_the_queue_pages_list_what_one_plain_query_in_queue_order_lists(app, make_submission, monkeypatch, status,
                                                                        dated):
    """The fast path (open red flags read apart from the rest) pages exactly as the single query it replaced."""
    from datetime import date

    from sqlalchemy import case, update

    from intake.database import write_transaction
    from intake.models import Submission
    from intake.web.staff import queue

    monkeypatch.setattr(queue, "PAGE_SIZE", 3)
    start = datetime(2026, 11, 30, 9, 0)
    kinds = [{}, {"rf_chest_pain": True}, {"rf_night_pain": True}, {"rf_weight_loss": True}]
    made = [make_submission(created_at=start + timedelta(hours=3 * n), **kinds[n % 4]) for n in range(14)]
    with app.app_context(), write_transaction() as tx:  # some flags reviewed but still open, some closed
        for n in (1, 5, 2):
            tx.execute(update(Submission).where(Submission.id == made[n].id).values(status="reviewed"))
        tx.execute(update(Submission).where(Submission.id == made[9].id).values(flag_open=False))
    zone = ZoneInfo("UTC")
    day = date(2026, 12, 1)
    filters = {"date_from": day, "date_to": day} if dated else {}

    def plain(page):
        where = queue.conditions(queue.QueueFilters(status=status, **filters), zone, keep_open_flags=True)
        return [s.id for s in db.session.scalars(
            select(Submission).where(*where)
            .order_by(case((Submission.flag_open.is_(True), Submission.triage_rank), else_=2), *queue.queue_order(status))
            .limit(3).offset((page - 1) * 3))]

    with app.app_context():
        pages = [([s.id for s in queue.load_page(queue.QueueFilters(status=status, page=page, **filters), zone)[0]],
                  plain(page)) for page in range(1, 7)]
    assert all(fast == slow for fast, slow in pages), pages
    assert sum(len(slow) for _, slow in pages) > 3  # more than one page was compared
