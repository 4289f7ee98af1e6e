"""One submission as staff read it (its page, print view and PDF): six plain statements, one snapshot."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import bindparam, select

from ...accounts.users import User
from ...extensions import db
from ...models import ArticleChoice, Submission, SubmissionAction, SubmissionMatch, SubmissionNote

_SUBMISSION, _MATCH, _NOTE, _USER = (Submission.__table__, SubmissionMatch.__table__, SubmissionNote.__table__,
                                     User.__table__)
_ACTION, _CHOICE = SubmissionAction.__table__, ArticleChoice.__table__


class Match(NamedTuple):
    slug: str
    section: str | None
    title: str
    score: int
    reasons: list[str]


class Note(NamedTuple):
    created_at: datetime
    text: str
    author: str | None  # the author's name (or e-mail); None if the account is gone


class Action(NamedTuple):
    created_at: datetime
    action: str  # a code of follow_through.ACTIONS
    note: str
    closed_flag: bool
    author: str | None


class Choice(NamedTuple):
    created_at: datetime
    slug: str
    title: str
    reason: str
    author: str | None


class Visit(NamedTuple):
    id: str
    created_at: datetime
    pain_now: int | None
    pain_worst: int | None
    triage_level: str
    reference: str


@dataclass(frozen=True)
class Record:
    id: str
    reference: str
    created_at: datetime
    status: str
    locale: str
    full_name: str
    date_of_birth: date
    primary_region: str | None
    triage_level: str
    triage_reasons: list[str]
    answers: dict
    questionnaire_version: str  # which questions it was asked ("1": before contract 2's new red flags)
    flag_open: bool  # a red flag still waiting for a recorded action
    reviewed_at: datetime | None
    reviewer: str | None  # who marked it reviewed, by name (or e-mail)
    matches: list[Match]
    notes: list[Note]
    history: list[Visit]  # every visit by the same patient (folded name and date of birth), oldest first
    actions: list[Action] = ()  # what staff did about its red flags, oldest first
    article_choices: list[Choice] = ()  # practitioners' choices of article, oldest first

    @property
    def phone(self) -> str | None:
        return self.answers.get("phone") or None

    @property
    def chosen_article(self) -> Choice | None:
        """The practitioner's latest choice of article for the patient, if any (else the top match stands)."""
        return self.article_choices[-1] if self.article_choices else None


# Built once: the record page is the workspace's most read page, and the ORM's loading of the
# same rows (one object per row, lazy collections) cost four times as much. Every column is selected
# by the name of the field it fills, and rows are read by name (row._mapping), never by position:
# a column added to a query or a field to a class cannot shift a value into the wrong field.
_STORED = ("id", "reference", "created_at", "status", "locale", "full_name", "date_of_birth", "primary_region",
           "triage_level", "triage_reasons", "answers", "questionnaire_version", "flag_open", "reviewed_at")
_RECORD = (
    select(*(_SUBMISSION.c[name] for name in _STORED), _USER.c.name.label("reviewer_name"),
           _USER.c.email.label("reviewer_email"), _SUBMISSION.c.name_key)
    .select_from(_SUBMISSION.outerjoin(_USER, _USER.c.id == _SUBMISSION.c.reviewed_by_id))
    .where(_SUBMISSION.c.id == bindparam("id"))
)
_MATCHES = (select(*(_MATCH.c[name] for name in Match._fields))
            .where(_MATCH.c.submission_id == bindparam("id")).order_by(_MATCH.c.rank))
_NOTES = (select(_NOTE.c.created_at, _NOTE.c.text, _USER.c.name, _USER.c.email)
          .select_from(_NOTE.outerjoin(_USER, _USER.c.id == _NOTE.c.author_id))
          .where(_NOTE.c.submission_id == bindparam("id")).order_by(_NOTE.c.created_at, _NOTE.c.id))
_ACTIONS = (select(_ACTION.c.created_at, _ACTION.c.action, _ACTION.c.note, _ACTION.c.closed_flag, _USER.c.name,
                   _USER.c.email)
            .select_from(_ACTION.outerjoin(_USER, _USER.c.id == _ACTION.c.author_id))
            .where(_ACTION.c.submission_id == bindparam("id")).order_by(_ACTION.c.created_at, _ACTION.c.id))
_CHOICES = (select(_CHOICE.c.created_at, _CHOICE.c.slug, _CHOICE.c.title, _CHOICE.c.reason, _USER.c.name,
                   _USER.c.email)
            .select_from(_CHOICE.outerjoin(_USER, _USER.c.id == _CHOICE.c.author_id))
            .where(_CHOICE.c.submission_id == bindparam("id")).order_by(_CHOICE.c.created_at, _CHOICE.c.id))
_HISTORY = (select(*(_SUBMISSION.c[name] for name in Visit._fields))
            .where(_SUBMISSION.c.name_key == bindparam("name_key"),
                   _SUBMISSION.c.date_of_birth == bindparam("date_of_birth"))
            .order_by(_SUBMISSION.c.created_at, _SUBMISSION.c.id))


def load_record(submission_id: str) -> Record | None:
    """The submission with its matches, notes and the patient's visits, or None if there is none."""
    # On the request's own read transaction (the staff session check began it), so the four
    # statements, and that check, see the same moment.
    connection = db.session.connection()
    row = connection.execute(_RECORD, {"id": submission_id}).first()
    if row is None:
        return None
    found = row._mapping
    matches = [Match(**match._mapping) for match in connection.execute(_MATCHES, {"id": submission_id})]
    notes = [Note(created_at=note.created_at, text=note.text, author=note.name or note.email)
             for note in connection.execute(_NOTES, {"id": submission_id})]
    history = [Visit(**visit._mapping) for visit in connection.execute(
        _HISTORY, {"name_key": found["name_key"], "date_of_birth": found["date_of_birth"]})]
    actions = [Action(created_at=a.created_at, action=a.action, note=a.note, closed_flag=a.closed_flag,
                      author=a.name or a.email) for a in connection.execute(_ACTIONS, {"id": submission_id})]
    choices = [Choice(created_at=c.created_at, slug=c.slug, title=c.title, reason=c.reason, author=c.name or c.email)
               for c in connection.execute(_CHOICES, {"id": submission_id})]
    return Record(**{name: found[name] for name in _STORED}, reviewer=found["reviewer_name"] or found["reviewer_email"],
                  matches=matches, notes=notes, history=history, actions=actions, article_choices=choices)
