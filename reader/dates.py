"""Publish dates as press offices write them: UK day/month order first, then ISO 8601 and others."""

from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime

# Tried in order. Day-first forms come before anything month-first, because UK press offices
# write 03/04/2022 for 3 April.
_FORMATS = (
    "%H:%M %d/%m/%Y",
    "%H:%M:%S %d/%m/%Y",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y",
    "%H:%M %d-%m-%Y",
    "%d-%m-%Y %H:%M",
    "%d-%m-%Y",
    "%d.%m.%Y",
    "%H:%M %d.%m.%Y",
    "%d %B %Y %H:%M",
    "%d %b %Y %H:%M",
    "%H:%M %d %B %Y",
    "%H:%M %d %b %Y",
    "%d %B %Y",
    "%d %b %Y",
    "%A %d %B %Y",
    "%A, %d %B %Y",
    "%B %d, %Y",
    "%b %d, %Y",
    "%B %d %Y",
    "%Y/%m/%d %H:%M",
    "%Y/%m/%d",
)
_ORDINAL_SUFFIX = re.compile(r"(?<=\d)(st|nd|rd|th)\b", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
_MAX_DATE_TEXT = 80


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
        return normalise(value)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if not isinstance(value, str):
        return None
    text = _SPACES.sub(" ", value).strip()
    if not text or len(text) > _MAX_DATE_TEXT:
        return None
    return _parse_iso(text) or _parse_formats(text) or _parse_rfc2822(text)


def _parse_iso(text: str) -> datetime | None:
    if not text[:4].isdigit():
        return None
    try:
        return normalise(datetime.fromisoformat(text.replace("Z", "+00:00")))
    except ValueError:
        return None


def _parse_formats(text: str) -> datetime | None:
    text = _ORDINAL_SUFFIX.sub("", text).replace(" at ", " ")
    for fmt in _FORMATS:
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    return None


def _parse_rfc2822(text: str) -> datetime | None:
    try:
        return normalise(parsedate_to_datetime(text))
    except (TypeError, ValueError, IndexError):
        return None
