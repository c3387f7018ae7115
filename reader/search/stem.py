"""English word stems, as the search index's tokenizer makes them. No Textual imports.

The index tokenizes with SQLite's `porter` stemmer wrapping `unicode61`, so "phones" finds
"phone" and "arrested" finds "arrests". The highlighter must see the same stems, so they come
from SQLite's own stemmer (a small in-memory FTS5 table per thread), cached per word. Where
SQLite has no FTS5, the index does not stem either, and neither does this.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from functools import cache

from reader.search.sqlite import sqlite3

TOKENIZER = "porter unicode61 remove_diacritics 0"
_CACHE_LIMIT = 200_000
_cache: dict[str, str] = {}
_local = threading.local()


@cache
def stemming() -> bool:
    """Whether this SQLite can stem (it has FTS5)."""
    try:
        _probe().close()
    except sqlite3.OperationalError:
        return False
    return True


def stems(words: Sequence[str]) -> list[str]:
    """The stem of each (folded) word, in order."""
    if not stemming():
        return list(words)
    missing = [word for word in dict.fromkeys(words) if word not in _cache]
    if missing:
        _learn(missing)
    return [_cache.get(word, word) for word in words]


def stem(word: str) -> str:
    return stems((word,))[0]


def _learn(words: list[str]) -> None:
    connection: sqlite3.Connection | None = getattr(_local, "connection", None)
    if connection is None:
        connection = _probe()
        _local.connection = connection
    if len(_cache) > _CACHE_LIMIT:
        _cache.clear()
    # One row per word (a folded word is one token): its stem is the row's only term.
    with connection:
        connection.executemany("INSERT INTO words (rowid, word) VALUES (?, ?)", enumerate(words))
        for term, row in connection.execute("SELECT term, doc FROM terms"):
            _cache[words[row]] = term
        connection.execute("DELETE FROM words")


def _probe() -> sqlite3.Connection:
    connection = sqlite3.connect(":memory:", check_same_thread=False)
    try:
        connection.execute(f"CREATE VIRTUAL TABLE words USING fts5(word, tokenize='{TOKENIZER}')")
        connection.execute("CREATE VIRTUAL TABLE terms USING fts5vocab(words, 'instance')")
    except sqlite3.OperationalError:
        connection.close()
        raise
    return connection
