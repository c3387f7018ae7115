"""Publish dates as press offices write them: UK day/month order first, then ISO 8601 and others."""

from __future__ import annotations

import re
from datetime import date, datetime
from itertools import product

# Day-first forms only: UK press offices write 03/04/2022 for 3 April. Month-first forms are
# kept to those with the month spelt out, which cannot be misread.
_DATE_FORMATS = (
    "%d/%m/%Y",
    "%d/%m/%y",
    "%d-%m-%Y",
    "%d.%m.%Y",
    "%d %B %Y",
    "%d %b %Y",
    "%A %d %B %Y",
    "%a %d %b %Y",
    "%B %d %Y",
    "%b %d %Y",
    "%Y/%m/%d",
)
_TIME_FORMATS = ("%H:%M", "%H:%M:%S", "%H.%M", "%I:%M%p", "%I.%M%p", "%I%p")
# The seed's "13:55 12/11/2020" (time first) is tried first; then date first, then date alone.
_FORMATS = (
    *(f"{time} {day}" for time, day in product(_TIME_FORMATS, _DATE_FORMATS)),
    *(f"{day} {time}" for day, time in product(_DATE_FORMATS, _TIME_FORMATS)),
    *_DATE_FORMATS,
)
# "12th", "1st"; "at" and commas between parts; "2 pm" written with a space.
_ORDINAL_SUFFIX = re.compile(r"(?<=\d)(?:st|nd|rd|th)\b", re.IGNORECASE)
_FILLER = re.compile(r",|\bat\b|\bon\b", re.IGNORECASE)
_SPACED_MERIDIEM = re.compile(r"(?<=\d) (?=[ap]\.?m\b)", re.IGNORECASE)
_MERIDIEM_DOTS = re.compile(r"\b([ap])\.m\.", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
# The seed's form, "13:55 12/11/2020", read without strptime: it is nearly every date in a feed.
_UK_TIME_DATE = re.compile(r"(\d{1,2}):(\d{2}) (\d{1,2})/(\d{1,2})/(\d{4})")
_MAX_DATE_TEXT = 80
# A press release dated outside these years is a typo, not a date; refusing it also keeps every
# date inside what `datetime.timestamp()` can convert in any time zone.
FIRST_YEAR = 1700
LAST_YEAR = 2300


def normalise(moment: datetime) -> datetime:
    """The wall-clock time as printed, without its zone.

    Press releases print local time and most carry no zone; dropping the zone keeps "09:30+01:00"
    as the 09:30 the article shows, and lets every date in a feed compare with every other.
    """
    return moment.replace(tzinfo=None)


def parse_date(value: object) -> datetime | None:
    """The datetime `value` stands for, or None when it is not a recognisable date.

    `value` may be text or what YAML already built (a datetime or a date).
    """
    if isinstance(value, datetime):
        moment: datetime | None = normalise(value)
    elif isinstance(value, date):
        moment = datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        moment = _parse_text(value)
    else:
        return None
    if moment is None or not FIRST_YEAR <= moment.year <= LAST_YEAR:
        return None
    return moment


def states_time(printed: str | None) -> bool:
    """Whether a date as printed gives the time of day ("13:55 12/11/2020", "2020-11-12T09:30")
    or the day alone ("12 November 2020", "2020-11-12"): a day alone is read as midnight, and
    that midnight is not to be shown as if it had been printed."""
    text = _SPACES.sub(" ", printed or "").strip()
    if _parse_text(text) is None:
        return False
    if _parse_uk(text) or _parse_rfc2822(text):
        return True
    if _parse_iso(text):
        return len(text) > len("2020-11-12")
    return _matching_format(text) not in _DATE_FORMATS


def _parse_text(value: str) -> datetime | None:
    text = _SPACES.sub(" ", value).strip()
    if not text or len(text) > _MAX_DATE_TEXT or not any(char.isdigit() for char in text):
        return None
    return _parse_uk(text) or _parse_iso(text) or _parse_formats(text) or _parse_rfc2822(text)


def _parse_uk(text: str) -> datetime | None:
    if not (match := _UK_TIME_DATE.fullmatch(text)):
        return None
    hour, minute, day, month, year = map(int, match.groups())
    try:
        return datetime(year, month, day, hour, minute)
    except ValueError:
        return None


def _parse_iso(text: str) -> datetime | None:
    if not text[:4].isdigit():
        return None
    try:
        return normalise(datetime.fromisoformat(text))
    except ValueError:
        return None


def _parse_formats(text: str) -> datetime | None:
    fmt = _matching_format(text)
    return datetime.strptime(_tidied(text), fmt) if fmt is not None else None


def _matching_format(text: str) -> str | None:
    """The first of `_FORMATS` that reads `text`."""
    tidied = _tidied(text)
    for fmt in _FORMATS:
        try:
            datetime.strptime(tidied, fmt)
        except ValueError:
            continue
        return fmt
    return None


def _tidied(text: str) -> str:
    """Ordinals, fillers and dotted or spaced am/pm out of the way of strptime."""
    text = _MERIDIEM_DOTS.sub(r"\1m", _ORDINAL_SUFFIX.sub("", text))
    return _SPACES.sub(" ", _SPACED_MERIDIEM.sub("", _FILLER.sub(" ", text))).strip()


def _parse_rfc2822(text: str) -> datetime | None:
    # Imported when first needed: email.utils brings random, socket and more (~10 ms), and a
    # command that answers from the index reads no date.
    from email.utils import parsedate_to_datetime

    try:
        return normalise(parsedate_to_datetime(text))
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def stored(moment: datetime, *, timed: bool) -> str:
    """`moment` as the index keeps it: ISO 8601, or the day alone ("2020-11-12") when the
    article printed no time (`timed`: `states_time` of the date as printed)."""
    return moment.isoformat() if timed else moment.date().isoformat()


def stored_timed(text: str) -> bool:
    """Whether a date kept by `stored` has its time of day."""
    return len(text) > len("2020-11-12")


def iso(moment: datetime | None) -> str | None:
    """ISO 8601 to the minute, or to the second when the article gives seconds."""
    if moment is None:
        return None
    return moment.isoformat(timespec="seconds" if moment.second else "minutes")
