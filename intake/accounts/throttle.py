"""Slowing down password and code guesses per (account, client address) pair, with growing waits, counted in the database.

Wrong guesses for one account from one address make that pair wait: after
LOGIN_FAILURES_BEFORE_DELAY of them, 1 s, then 2, 4, 8 … up to LOGIN_DELAY_CAP before the next
try is even checked. Another address is not slowed by them, so someone who knows a staff email
cannot keep its owner out. Guesses at many accounts from one address (LOGIN_FAILURES_BEFORE_DELAY_PER_ADDRESS,
counting only accounts never then logged into from there) slow that address. Tries refused
while waiting are not counted and never reach argon2. Rows live in the database so every worker
(and server) shares them.
"""

import math
from datetime import timedelta

from flask import current_app
from flask_babel import ngettext
from sqlalchemy import and_, delete, exists, func, select, text, update
from sqlalchemy.orm import aliased

from . import users as accounts
from .users import LoginAttempt

# Attempts are deleted once older than this (or than the window, if that is longer).
ATTEMPT_RETENTION = timedelta(days=1)
_LOCK_KEY = 0x1A7A_0A0D_18



def wait_message(seconds: int) -> str:
    """"Too many wrong tries. Wait 8 seconds …", in minutes (rounded up) from two minutes on."""
    if seconds >= 120:
        return ngettext("Too many wrong tries. Wait %(num)s minute, then try again.",
                        "Too many wrong tries. Wait %(num)s minutes, then try again.", math.ceil(seconds / 60))
    return ngettext("Too many wrong tries. Wait %(num)s second, then try again.",
                    "Too many wrong tries. Wait %(num)s seconds, then try again.", seconds)


def begin_attempt(session, key: str, address: str) -> tuple[int, int | None]:
    """Inside a write: (seconds to wait, None) if this pair must wait, else (0, the attempt's id).

    The attempt is stored as a failure before the slow check runs, in a serialised write, so
    parallel guesses on several workers cannot slip past; mark_succeeded() flips it.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
    moment = accounts.now()
    wait = wait_seconds(session, key, address, moment)
    attempt_id = None
    if not wait:
        attempt = LoginAttempt(account_key=key, client_address=address, succeeded=False, created_at=moment)
        session.add(attempt)
        session.flush()
        attempt_id = attempt.id
    retention = max(ATTEMPT_RETENTION, _window())
    session.execute(delete(LoginAttempt).where(LoginAttempt.created_at < moment - retention))
    return wait, attempt_id


def mark_succeeded(session, attempt_id: int | None) -> None:
    """A right password or code: the pair's count starts again from here."""
    if attempt_id is not None:
        session.execute(update(LoginAttempt).where(LoginAttempt.id == attempt_id).values(succeeded=True))


def wait_seconds(session, key: str, address: str, moment=None) -> int:
    """Whole seconds this (account, address) pair must wait before its next try is checked; 0 = go ahead."""
    config = current_app.config
    moment = moment or accounts.now()
    window_start = moment - _window()
    pair = and_(LoginAttempt.account_key == key, LoginAttempt.client_address == address)
    # Ids, not times, say what came after a success: two tries can share a timestamp.
    last_success = session.scalar(select(func.max(LoginAttempt.id)).where(pair, LoginAttempt.succeeded)) or 0
    failures, latest = session.execute(
        select(func.count(), func.max(LoginAttempt.created_at))
        .where(pair, LoginAttempt.succeeded.is_(False), LoginAttempt.id > last_success,
               LoginAttempt.created_at >= window_start)).one()
    waits = [_remaining(failures, latest, int(config["LOGIN_FAILURES_BEFORE_DELAY"]), moment)]

    # Across accounts from this address: a failure followed by a success for the same account from
    # here was a typo by its owner, not a guess, so a clinic's shared address is not slowed by those.
    later = aliased(LoginAttempt)
    owner_got_in = exists().where(later.account_key == LoginAttempt.account_key,
                                  later.client_address == LoginAttempt.client_address,
                                  later.succeeded, later.id > LoginAttempt.id)
    failures, latest = session.execute(
        select(func.count(), func.max(LoginAttempt.created_at))
        .where(LoginAttempt.client_address == address, LoginAttempt.succeeded.is_(False),
               LoginAttempt.created_at >= window_start, ~owner_got_in)).one()
    waits.append(_remaining(failures, latest, int(config["LOGIN_FAILURES_BEFORE_DELAY_PER_ADDRESS"]), moment))
    return max(waits)


def _window() -> timedelta:
    return accounts.as_timedelta(current_app.config["LOGIN_FAILURE_WINDOW"])


def delay_after(failures: int, free: int) -> int:
    """Seconds to wait after `failures` wrong tries when `free` are allowed: 0, then 1, 2, 4 … up to the cap."""
    if failures < free:
        return 0
    config = current_app.config
    cap = accounts.as_timedelta(config["LOGIN_DELAY_CAP"]).total_seconds()
    return int(min(cap, int(config["LOGIN_FIRST_DELAY"]) * 2 ** min(failures - free, 40)))


def _remaining(failures: int, latest, free: int, moment) -> int:
    delay = delay_after(failures, free)
    if not delay or latest is None:
        return 0
    return max(0, math.ceil((latest + timedelta(seconds=delay) - moment).total_seconds()))
