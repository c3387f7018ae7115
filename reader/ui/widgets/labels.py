"""How model values read on screen: dates, and untrusted text made safe at the widget boundary."""

from __future__ import annotations

from datetime import datetime

from reader.articles.sanitize import clean_line, clean_text

UNDATED = "undated"


def short_date(moment: datetime | None) -> str:
    """ "12 Nov 2020", for list rows."""
    return f"{moment.day} {moment:%b %Y}" if moment else UNDATED


def long_date(moment: datetime | None) -> str:
    """ "Thursday 12 November 2020, 13:55" (no time when it is midnight: a date-only field)."""
    if moment is None:
        return UNDATED
    day = f"{moment:%A} {moment.day} {moment:%B %Y}"
    return day if (moment.hour, moment.minute) == (0, 0) else f"{day}, {moment:%H:%M}"


def line(text: object) -> str:
    """One line of untrusted text, safe for the terminal ("" for None)."""
    return clean_line(str(text)) if text is not None else ""


def block(text: str) -> str:
    """Untrusted multi-line text, safe for the terminal."""
    return clean_text(text)


def counted(count: int, word: str, plural: str | None = None) -> str:
    """ "1 quote", "2 quotes", "1,204 articles"; `plural` when it is not `word` + "s" ("1 match",
    "2 matches"). Every count shown, in the app and the CLI, is worded here."""
    return f"{count:,} {word if count == 1 else plural or word + 's'}"
