"""The days `before:` and `after:` take: a day, a month, a year, or a day counted back from today.

    2021-01-31  31/01/2021      that day (day first, as UK press offices write dates)
    2021-01                     the first day of that month
    2021                        1 January of that year
    today  yesterday            those days
    "3 days ago"  "a week ago"  "2 months ago"  "1 year ago"
                                that many days, weeks, months or years before today
    "last week" "last month" "last year"
                                a week, a month, a year before today ("the last week")
    "this week" "this month" "this year"
                                the Monday of this week, the 1st of this month, 1 January

A month or a year stands for its first day, so `after:2025` is 2025 and later, and
`before:2025-03` ends with February. A month back from 31 March is the last day of February.
No Textual imports.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Literal

Unit = Literal["day", "week", "month", "year"]

_ISO_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_UK_DAY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_YEAR = re.compile(r"\d{4}")
_AGO = re.compile(r"(\d+|an?|one) (day|week|month|year)s? ago")
# More days than this is before the year 1 whatever the unit; longer numbers are not even read.
_MOST_BACK = 10**9
_LAST = re.compile(r"(?:last|past) (day|week|month|year)")
_THIS = re.compile(r"this (week|month|year)")
_SPACES = re.compile(r"\s+")

# How an error message lists the forms, after "write before:2021-01-31 or before:31/01/2021".
OTHER_FORMS = 'a month (2021-01), a year (2021), today, yesterday, "last week" or "3 days ago"'


class DateWordError(ValueError):
    """A value that is not a day this module can read; `str()` says why, for the user."""


def day_of(value: str, today: date) -> date:
    """The day `value` names (see the module's docstring), counting back from `today`."""
    text = _SPACES.sub(" ", value.strip().lower())
    if match := _ISO_DAY.fullmatch(text):
        return _day(value, int(match[1]), int(match[2]), int(match[3]))
    if match := _UK_DAY.fullmatch(text):
        return _day(value, int(match[3]), int(match[2]), int(match[1]))
    if match := _MONTH.fullmatch(text):
        return _day(value, int(match[1]), int(match[2]), 1)
    if _YEAR.fullmatch(text):
        return _day(value, int(text), 1, 1)
    if text == "today":
        return today
    if text == "yesterday":
        return _back(value, today, 1, "day")
    if match := _AGO.fullmatch(text):
        return _back(value, today, _count(match[1]), match[2])  # type: ignore[arg-type]
    if match := _LAST.fullmatch(text):
        return _back(value, today, 1, match[1])  # type: ignore[arg-type]
    if match := _THIS.fullmatch(text):
        return _start_of(today, match[1])
    raise DateWordError(f"'{value}' is not a date")


def _count(word: str) -> int:
    """ "3" is 3; "a", "an" and "one" are 1; a number too long to read is as far back as any."""
    if not word.isdigit():
        return 1
    return int(word) if len(word) < 10 else _MOST_BACK


def _day(value: str, year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise DateWordError(f"there is no such day as {value}") from None


def _back(value: str, today: date, count: int, unit: Unit) -> date:
    """`count` units before `today`; a month or year back keeps the day, or the month's last."""
    try:
        if unit in ("day", "week"):
            return today - timedelta(days=count * (7 if unit == "week" else 1))
        months = today.year * 12 + today.month - 1 - count * (12 if unit == "year" else 1)
        year, month = divmod(months, 12)
        return _clamped(year, month + 1, today.day)
    except (OverflowError, ValueError):
        raise DateWordError(f"'{value}' is before the year 1") from None


def _clamped(year: int, month: int, day: int) -> date:
    """The day, or the month's last day when it is shorter (31 → 28 February)."""
    while True:
        try:
            return date(year, month, day)
        except ValueError:
            if day <= 28:
                raise
            day -= 1


def _start_of(today: date, unit: str) -> date:
    if unit == "week":
        return today - timedelta(days=today.weekday())
    return today.replace(day=1) if unit == "month" else today.replace(month=1, day=1)
