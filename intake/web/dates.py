"""Dates in the reader's convention: how they are shown, the order of the day, month and year, reading typed ones.

The convention is the reader's language in the clinic's country: English is month first in a clinic
whose emergency number is 911 (North America, "May 14, 1988", 5/14/1988) and day first elsewhere
("14 May 1988"); Spanish is day first everywhere. Babel's locale data (CLDR) gives the order.
"""

import re
from datetime import date
from functools import lru_cache

from babel import Locale, localedata
from babel.dates import format_date
from flask import current_app

from .language import current_locale

PARTS = ("day", "month", "year")
# A whole date typed in one piece: three groups of digits between slashes, dashes, dots or spaces.
WHOLE_DATE = re.compile(r"^(\d{1,4})\s*[/.\- ]\s*(\d{1,2})\s*[/.\- ]\s*(\d{1,4})$")
# The example in the date question's hint, put in the reader's order: "27 3 1980" or "3 27 1980".
EXAMPLE = {"day": "27", "month": "3", "year": "1980"}


def clinic_territory() -> str:
    """Where the clinic is, as CLDR names it: "US" where the emergency number is 911, else "001" (the world)."""
    return "US" if str(current_app.config.get("EMERGENCY_NUMBER")).strip() == "911" else "001"


def date_locale(language: str | None = None) -> Locale:
    """The locale dates are shown in for `language` (the reader's by default) at this clinic."""
    return _locale(language or current_locale(), clinic_territory())


@lru_cache(maxsize=64)
def _locale(language: str, territory: str) -> Locale:
    base = Locale.parse(language)
    if base.territory is None and localedata.exists(f"{base.language}_{territory}"):
        return Locale.parse(f"{base.language}_{territory}")
    return base  # e.g. Spanish has no world variant: its own convention, day first


def date_order(language: str | None = None) -> tuple[str, str, str]:
    """"day", "month" and "year" in the order the reader writes a date: ("month", "day", "year") in the US."""
    return _order(date_locale(language))


@lru_cache(maxsize=64)
def _order(locale: Locale) -> tuple[str, str, str]:
    pattern = locale.date_formats["short"].pattern
    found = {part: pattern.find(letter) for part, letter in zip(PARTS, "dMy")}
    if -1 in found.values():
        return PARTS
    return tuple(sorted(PARTS, key=found.get))


def date_example(order: tuple[str, ...]) -> str:
    return " ".join(EXAMPLE[part] for part in order)


def show_date(value: date, style: str = "long") -> str:
    """`value` as the reader reads dates: "May 14, 1988", "14 May 1988", "14 de mayo de 1988"."""
    return format_date(value, format=style, locale=date_locale())


def split_whole_date(text: str, order: tuple[str, ...]) -> dict[str, str] | None:
    """A date typed in one piece ("5/14/1988", "14.05.1988", "1988-05-14") as its parts, read in `order`;
    None when it is not three groups of digits. A four-digit first group is a year, whatever the order."""
    match = WHOLE_DATE.match(text.strip())
    if not match:
        return None
    numbers = match.groups()
    if len(numbers[0]) == 4 and order[0] != "year":
        order = ("year", "month", "day")  # ISO, as 1988-05-14: never read as a day
    return dict(zip(order, numbers))


def read_date(text: str, order: tuple[str, ...] | None = None) -> date | None:
    """A whole date typed in the reader's order (see split_whole_date) with a four-digit year, or None."""
    parts = split_whole_date(text, order or date_order())
    if parts is None or len(parts["year"]) != 4:
        return None
    try:
        return date(int(parts["year"]), int(parts["month"]), int(parts["day"]))
    except ValueError:
        return None
