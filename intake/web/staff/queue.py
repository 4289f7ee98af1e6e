"""The review queue: filters from fixed lists turned into one query, red flags first, paged."""

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, exists, func, or_, select
from sqlalchemy.orm import selectinload

from ...extensions import db
from ...models import Submission, SubmissionMatch, SubmissionRegion
from ...questionnaire import REGION_CODES
from ...records.submissions import REFERENCE_ALPHABET, name_key
from ..dates import PARTS, read_date, split_whole_date

PAGE_SIZE = 25
STATUSES = ("new", "reviewed", "all")
URGENCIES = ("emergency", "urgent", "none")
REFERENCE_PATTERN = re.compile(rf"^[{REFERENCE_ALPHABET}]{{4}}-?[{REFERENCE_ALPHABET}]{{4}}$")


@dataclass
class QueueFilters:
    status: str = "new"
    date_from: date | None = None
    date_to: date | None = None
    urgency: str = ""
    region: str = ""
    article: str = ""
    q: str = ""
    page: int = 1
    errors: list[str] = field(default_factory=list)

    def query_args(self, **changes) -> dict:
        """The filters as URL parameters (for pagination links), with some changed."""
        # The search term itself stays in the session, never in a URL: "search=1" refers to it.
        args = {"status": self.status, "from": _iso(self.date_from), "to": _iso(self.date_to),
                "urgency": self.urgency, "region": self.region, "article": self.article,
                "search": 1 if self.q else None, "page": self.page}
        args.update(changes)
        # An empty date is kept: "from=" means "any date", while a missing one means "today".
        return {k: v for k, v in args.items() if v is not None and (v != "" or k in ("from", "to"))}


# The dates the queue and exports can filter on (the audit log's filter allows the same).
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2100, 12, 31)


def _iso(value):
    return value.isoformat() if value else ""


def parse_filters(args, today: date, article_slugs) -> QueueFilters:
    """Read the queue's URL parameters; an unknown value is dropped with a message, never used."""
    f = QueueFilters(date_from=today, date_to=today)
    status = args.get("status", "new")
    if status in STATUSES:
        f.status = status
    else:
        f.errors.append("Status must be new, reviewed or all")
    for key, attr in (("from", "date_from"), ("to", "date_to")):
        if key in args:
            raw = args.get(key, "").strip()
            if not raw:
                setattr(f, attr, None)
                continue
            try:
                chosen = date.fromisoformat(raw)
            except ValueError:
                f.errors.append(f"Enter the {'start' if key == 'from' else 'end'} date as YYYY-MM-DD")
                continue
            # The calendar's ends (9999-12-31) have no next day to end the range at, in any time zone.
            if FIRST_DAY <= chosen <= LAST_DAY:
                setattr(f, attr, chosen)
            else:
                f.errors.append(f"Enter the {'start' if key == 'from' else 'end'} date between the years "
                                f"{FIRST_DAY.year} and {LAST_DAY.year}")
    if f.date_from and f.date_to and f.date_from > f.date_to:
        f.errors.append("The start date must be on or before the end date")
        f.date_from, f.date_to = f.date_to, f.date_from
    for key, allowed, message in (("urgency", URGENCIES, "Choose an urgency from the list"),
                                  ("region", REGION_CODES, "Choose an area from the list"),
                                  ("article", set(article_slugs), "Choose an article from the list")):
        value = args.get(key, "")
        if value and value not in allowed:
            f.errors.append(message)
        elif value:
            setattr(f, key, value)
    f.q = args.get("q", "").strip()[:120]
    try:
        f.page = max(1, min(int(args.get("page", 1)), 100_000))
    except ValueError:
        f.page = 1
    return f


def search_condition(text: str):
    """A reference, a date of birth, or part of a name (case, accents and spacing ignored)."""
    upper = text.upper().replace(" ", "")
    if REFERENCE_PATTERN.match(upper):
        reference = upper if "-" in upper else f"{upper[:4]}-{upper[4:]}"
        return Submission.reference == reference
    born = _parse_date(text)
    if born:
        return Submission.date_of_birth == born
    return Submission.name_key.contains(name_key(text), autoescape=True)


# Dates typed the way pages show them ("May 14, 1988", "14 May 1988"), besides numbers in the clinic's order
# (05/14/1988 in the US, 14/05/1988 elsewhere, with / - . or spaces) and ISO (1988-05-14).
NAMED_MONTH_FORMATS = ("%B %d %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y")


def _parse_date(text: str) -> date | None:
    if split_whole_date(text, PARTS) is not None:  # three numbers: a date, real or not, never a name
        return read_date(text)
    words = " ".join(text.replace(",", " ").replace(".", " ").split())
    if not any(ch.isalpha() for ch in words) or not any(ch.isdigit() for ch in words):
        return None
    for pattern in NAMED_MONTH_FORMATS:
        try:
            return datetime.strptime(words.title(), pattern).date()
        except ValueError:
            continue
    return None


def day_bounds(day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The UTC start and end of a day in the clinic's time zone (stored times are naive UTC)."""
    start = datetime.combine(day, time.min, zone).astimezone(ZoneInfo("UTC")).replace(tzinfo=None)
    return start, start + timedelta(days=1)


def conditions(f: QueueFilters, zone: ZoneInfo, keep_open_flags: bool = False) -> list:
    """The filters as SQL conditions. `keep_open_flags` (the queue page, not exports): a red flag still
    waiting for a recorded action is listed whatever its status or date, so marking it reviewed or
    a new day never hides it; the other filters and a search still apply."""
    where, scope = [], []
    if f.status != "all":
        scope.append(Submission.status == f.status)
    # A search looks across all dates: the patient may have come in any day.
    if not f.q:
        if f.date_from:
            scope.append(Submission.created_at >= day_bounds(f.date_from, zone)[0])
        if f.date_to:
            scope.append(Submission.created_at < day_bounds(f.date_to, zone)[1])
    if keep_open_flags and scope and not f.q:
        where.append(or_(and_(*scope), Submission.flag_open.is_(True)))
    else:
        where.extend(scope)
    if f.urgency:
        where.append(Submission.triage_level == f.urgency)
    if f.region:
        where.append(exists().where(SubmissionRegion.submission_id == Submission.id,
                                    SubmissionRegion.code == f.region))
    if f.article:
        where.append(exists().where(SubmissionMatch.submission_id == Submission.id,
                                    SubmissionMatch.slug == f.article))
    if f.q:
        where.append(search_condition(f.q))
    return where


def queue_order(status: str = "all"):
    """Unreviewed emergencies first, then unreviewed urgent ones, then newest.

    For one status the order is spelled as the columns of an index (ix_submission_queue,
    ix_submission_status_time), so the database reads the page in order instead of sorting
    every matching row: the queue stays as fast at 100,000 submissions as at 1,000.
    (The queue page lists red flags still waiting for a recorded action before everything: load_page.)
    """
    newest = (Submission.created_at.desc(), Submission.id)
    if status == "new":
        return (Submission.triage_rank, *newest)
    if status == "reviewed":
        return newest
    return (case((Submission.status == "new", Submission.triage_rank), else_=2), *newest)


# Counting costs a read of one index entry per submission: 10,000 took about 1 ms on every queue
# view at 100,000 submissions (`make bench`), 1,000 a tenth of that. Past a thousand, a front desk
# learns nothing more from the exact number; filters and search narrow the list.
COUNT_CAP = 1_000


def load_page(f: QueueFilters, zone: ZoneInfo) -> tuple[list[Submission], int]:
    """One page of the queue, red flags waiting for a recorded action first, and the (capped) count."""
    where = conditions(f, zone, keep_open_flags=True)
    # Counted up to a cap: reading 60,000 index entries to print "60,412" would make the queue
    # slower as the practice grows; "1,000+" says as much to the person reading it.
    matching = select(Submission.id).where(*where).limit(COUNT_CAP + 1).subquery()
    total = db.session.scalar(select(func.count()).select_from(matching))
    start = (f.page - 1) * PAGE_SIZE
    if f.q:  # a search lists its matches in plain queue order
        return _rows(where, queue_order(f.status), start, PAGE_SIZE), total
    # Open red flags first (emergencies first, reviewed or not), then the rest in queue order. Two reads:
    # one query ordered by a leading CASE (flag open: its rank, else 2) kept the database from reading
    # the rest in an index's order, so it sorted every unreviewed submission (760 ms a page at 100,000,
    # `make bench`). Open flags are emergency or urgent (rank 0 or 1, below every other row's 2).
    flagged = _rows([*where, Submission.flag_open.is_(True)], (Submission.triage_rank, *queue_order(f.status)),
                    0, start + PAGE_SIZE)
    page = flagged[start:]
    if len(flagged) < start + PAGE_SIZE:  # every open flag is read: the rest follow them
        # The filters as they are, not "or an open flag": that OR, too, kept the database off the index.
        rest = [*conditions(f, zone), or_(Submission.flag_open.is_(False), Submission.flag_open.is_(None))]
        page += _rows(rest, queue_order(f.status), max(0, start - len(flagged)), PAGE_SIZE - len(page))
    return page, total


def _rows(where, order, offset: int, limit: int) -> list[Submission]:
    return db.session.scalars(
        select(Submission).where(*where).order_by(*order)
        .options(selectinload(Submission.matches), selectinload(Submission.article_choices),
                 selectinload(Submission.actions))
        .limit(limit).offset(offset)
    ).all()


def load_all(f: QueueFilters, zone: ZoneInfo) -> list[Submission]:
    """Every submission the filters select, in queue order, matches loaded (for exports)."""
    return db.session.scalars(
        select(Submission).where(*conditions(f, zone)).order_by(*queue_order(f.status))
        .options(selectinload(Submission.matches))
    ).all()


UNREVIEWED_COUNT_CAP = 100
def unreviewed_before(day: date, zone: ZoneInfo) -> int:
    """Submissions still new from before the day shown (never let last night's red flag hide).

    Counted up to a cap, so the queue stays as fast with 100,000 old submissions as with 1,000.
    """
    capped = select(Submission.id).where(
        Submission.status == "new", Submission.created_at < day_bounds(day, zone)[0]).limit(UNREVIEWED_COUNT_CAP)
    return db.session.scalar(select(func.count()).select_from(capped.subquery()))


def count_since(since: datetime) -> int:
    return db.session.scalar(select(func.count()).select_from(Submission).where(Submission.created_at > since))
