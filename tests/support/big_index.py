"""A 100,000-row index written straight into SQLite, for the paging tests of both tiers (issue
14): no files, so nothing syncs it; `rows` says what each row holds."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

from reader.articles.model import ArticleSummary
from reader.feed.index import FeedIndex, encode_quotes
from reader.feed.index.rows import Parsed, title_key
from reader.feed.library import Library
from reader.quotes import EMPTY
from reader.search.query import index_text

ROWS = 100_000
AREAS = ["Kent", "sussex", "Essex", None, "Ädur", "kent"]
WORDS = ["burglary", "fraud", "phones", "appeal", "arrests"]


class HeldMarks:
    """Read and starred identities for `is:unread` and `is:starred`, set by the test."""

    def __init__(self, read: set[str], starred: set[str]) -> None:
        self.read, self.starred = read, starred

    def read_identities(self) -> set[str]:
        return self.read

    def starred_identities(self) -> set[str]:
        return self.starred


def rows(count: int) -> Iterator[tuple[int, str, str | None, datetime | None, str]]:
    """(number, title, area, published, body word) of each row, the same on every call."""
    rng = random.Random(14)
    start = datetime(2015, 1, 1)
    for number in range(count):
        # Many articles share a second, some are undated: ties are broken by path.
        when = None if number % 97 == 0 else start + timedelta(minutes=rng.randrange(500_000))
        title = (
            f"{rng.choice(['', '‘', '(', 'The '])}{rng.choice(WORDS)} case {rng.randrange(10**6)}"
        )
        yield number, title, rng.choice(AREAS), when, rng.choice(WORDS)


def big_library(folder: Path) -> tuple[Library, list[ArticleSummary]]:
    """A Library over `ROWS` indexed articles (in `folder`), and their summaries."""
    feed = folder / "feed"
    feed.mkdir()
    library = Library([feed], cache=folder / "cache", marks=HeldMarks(set(), set()))
    index: FeedIndex = library.index
    quotes = encode_quotes(EMPTY)

    def store(connection, seq):  # type: ignore[no-untyped-def]
        for number, title, area, when, word in rows(ROWS):
            summary = ArticleSummary(
                feed / f"{number:06}.md", title, None, area, when, None, f"id:{number}", 10
            )
            parsed = Parsed(
                root=0,
                rel=f"{number:06}.md".encode(),
                published=when,
                doc=(
                    title,
                    None,
                    area,
                    when.isoformat() if when else None,
                    None,
                    summary.identity,
                    10,
                    "",
                    title_key(summary),
                    (area or "").casefold(),
                    0,  # no doubtful quote
                ),
                fts=(index_text(title), "", index_text(area or ""), "", f"body {word}"),
                quotes=quotes,
                body=None if not index._layout.bodies else b"x\x9c\x03\x00\x00\x00\x00\x01",
            )
            index._store(connection, seq, parsed, b"stamp")

    index._write(store)
    summaries = list(index.summaries(list(index.ids())).values())
    assert len(summaries) == ROWS
    return library, summaries
