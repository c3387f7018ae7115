"""How model values read on screen: dates, and untrusted text made safe at the widget boundary."""

from __future__ import annotations

from datetime import datetime

from reader.articles.dates import states_time
from reader.articles.model import Article
from reader.articles.sanitize import clean_line, clean_text

UNDATED = "undated"


def short_date(moment: datetime | None) -> str:
    """ "12 Nov 2020", for list rows."""
    return f"{moment.day} {moment:%b %Y}" if moment else UNDATED


def long_date(moment: datetime | None, *, with_time: bool = True) -> str:
    """ "Thursday 12 November 2020, 13:55"; without the time when the article printed none
    (`with_time`: `articles.dates.states_time` of the date as printed). A time printed as
    00:00 is shown: midnight is a time too."""
    if moment is None:
        return UNDATED
    day = f"{moment:%A} {moment.day} {moment:%B %Y}"
    return f"{day}, {moment:%H:%M}" if with_time else day


def article_date(article: Article) -> str:
    """The article's date as `long_date` shows it, with the time only if one was printed."""
    return long_date(article.published, with_time=states_time(article.published_raw))


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
