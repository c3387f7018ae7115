"""The app's loading helpers without the app: batches gathered for the screen, failures worded."""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from reader.articles.model import ArticleSummary, LoadError
from reader.feed.index import IndexReset
from reader.feed.library import FeedBatch
from reader.store.state import StateError
from reader.ui.loading import deliveries, worded


def summary(name: str) -> ArticleSummary:
    return ArticleSummary(
        path=Path(f"/feed/{name}.md"),
        title=name.title(),
        site=None,
        area=None,
        published=None,
        url=None,
        identity=f"id:{name}",
        word_count=1,
    )


def batch(done: int, *names: str, total: int = 4) -> FeedBatch:
    return FeedBatch([summary(name) for name in names], [], done, total)


def test_the_first_articles_go_at_once_and_the_rest_when_the_interval_is_up() -> None:
    now = [0.0]
    batches = [batch(1, "a"), batch(2, "b"), batch(3, "c"), batch(4, "d")]

    def timed() -> Iterator[FeedBatch]:
        for item in batches:
            yield item
            now[0] += 0.15

    gathered = list(deliveries(timed(), lambda: False, every=0.2, clock=lambda: now[0]))
    assert [[path.name for path in d.touched] for d in gathered] == [
        ["a.md"],
        ["b.md", "c.md"],
        ["d.md"],
    ]
    assert [(d.done, d.total) for d in gathered] == [(1, 4), (3, 4), (4, 4)]


def test_an_empty_sync_still_delivers_once() -> None:
    gathered = list(deliveries([], lambda: False))
    assert len(gathered) == 1
    assert (gathered[0].touched, gathered[0].done) == ([], 0)


def test_a_cancelled_load_stops_without_the_rest() -> None:
    made: list[int] = []

    def batches() -> Iterator[FeedBatch]:
        for number in range(1, 4):
            made.append(number)
            yield batch(number, f"x{number}")

    # Cancelled as the first batch comes: nothing is delivered, and no more is read.
    assert list(deliveries(batches(), lambda: bool(made))) == []
    assert made == [1]


def test_errors_and_removals_are_gathered_with_the_summaries() -> None:
    error = LoadError(Path("/feed/broken.md"), "not text")
    removed = FeedBatch([], [error], 2, 2, removed=(Path("/feed/gone.md"),), notice="rebuilt")
    delivery, rest = deliveries([removed], lambda: False, clock=lambda: 0.0)
    assert (rest.errors, rest.removed, rest.done) == ([], [], 0)  # the end: nothing more
    assert (delivery.errors, delivery.removed, delivery.notices) == (
        [error],
        [Path("/feed/gone.md")],
        ["rebuilt"],
    )


def test_a_full_disk_is_worded_and_a_bug_is_called_one() -> None:
    full = sqlite3.OperationalError("database or disk is full")
    full.sqlite_errorcode = sqlite3.SQLITE_FULL  # type: ignore[attr-defined]
    assert worded(full) == "the disk is full"
    assert worded(OSError(errno.ENOSPC, "No space", "/cache/index.sqlite3")) == (
        "/cache/index.sqlite3: the disk is full"
    )
    assert worded(IndexReset("search index was damaged; rebuilding it")) == (
        "search index was damaged; rebuilding it"
    )
    assert worded(StateError("state.sqlite3: permission denied")) == (
        "state.sqlite3: permission denied"
    )
    assert worded(KeyError("x")) == "internal error (KeyError: 'x'); please report it"
