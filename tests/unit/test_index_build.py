"""A build into an empty index (ids from memory, rows inserted table by table) stores exactly
what a sync that looks up every row stores."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.feeds import write_article

import reader.feed.discover
import reader.feed.index.writer
from reader.feed.discover import walk
from reader.feed.index import FeedIndex
from reader.search.sqlite import sqlite3

QUOTED = "Inspector Jo Hedges said: 'We will find whoever did this.'\n\nShe added: 'Call us.'"


def write_feed(feed: Path) -> None:
    # Three articles in one second (a window of two ids: the third spills into the next),
    # an undated one, a broken one and an ordinary one.
    for name in ("c.md", "a.md", "b.md"):
        write_article(feed, name, title=name, body=QUOTED, published="2021-03-03T10:00:00")
    write_article(feed, "undated.md", title="Undated", body="No date here.", published=None)
    write_article(feed, "later.md", title="Later", body="Knife arch at Ramsgate station.")
    (feed / "broken.md").write_text("---\ntitle: [unclosed\n---\nBody\n", encoding="utf-8")


def tables(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row the index holds for the feed, table by table (search by FTS5)."""
    connection = sqlite3.connect(path)
    try:
        found = {
            table: connection.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
            for table in ("docs", "quotes", "errors")
        }
        for word in ("hedges", "ramsgate", "date", "undated"):
            found[word] = connection.execute(
                "SELECT rowid FROM ft WHERE ft MATCH ? ORDER BY rowid", (word,)
            ).fetchall()
        found["meta"] = connection.execute(
            "SELECT key, value FROM meta WHERE key IN ('docs', 'seq')"
        ).fetchall()
        return found
    finally:
        connection.close()


def build(
    feed: Path, cache: Path, *, fresh: bool, monkeypatch: pytest.MonkeyPatch, files: int = 6
) -> Path:
    # A build is a sync of at least _BUILD_FILES files; only a build writes fresh.
    monkeypatch.setattr(reader.feed.index.writer, "_BUILD_FILES", 1 if fresh else 1_000_000)
    index = FeedIndex([feed], directory=cache)
    try:
        batches = list(index.sync(walk([feed])))
        assert batches[-1].done == files
        return index._preferred
    finally:
        index.close()


def test_a_build_into_an_empty_index_stores_what_a_row_by_row_sync_stores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    feed = tmp_path / "feed"
    write_feed(feed)
    monkeypatch.setattr(reader.feed.index.writer, "SPAN", 2)
    fresh = tables(build(feed, tmp_path / "fresh", fresh=True, monkeypatch=monkeypatch))
    looked_up = tables(build(feed, tmp_path / "looked-up", fresh=False, monkeypatch=monkeypatch))
    assert fresh == looked_up
    assert len(fresh["docs"]) == 5
    assert len(fresh["errors"]) == 1
    assert len(fresh["hedges"]) == 3


def test_a_build_after_another_writers_change_looks_rows_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A transaction that finds a change made since this writer's last (another process syncing
    the same feed) no longer writes as into an empty index: it would insert rows twice."""
    feed = tmp_path / "feed"
    write_feed(feed)
    monkeypatch.setattr(reader.feed.index.writer, "_BUILD_FILES", 1)
    monkeypatch.setattr(reader.feed.index.writer, "_COMMIT_DOCS", 1)
    monkeypatch.setattr(reader.feed.discover, "_CHUNK", 1)  # a transaction a file
    index = FeedIndex([feed], directory=tmp_path / "cache")
    other = FeedIndex([feed], directory=tmp_path / "cache")
    try:
        for batch in index.sync(walk([feed])):
            if batch.done == 1:  # the other one writes everything after this writer's first
                assert [b.done for b in other.sync(walk([feed]))][-1] == 5
        assert index.count() == 5
    finally:
        index.close()
        other.close()


def test_a_build_writes_the_full_text_of_files_named_against_their_dates_as_one_segment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ids follow dates and files come in path order; FTS5 writes out the terms it holds (a new
    segment) whenever a rowid comes lower than the last, so a transaction stores its rows in id
    order. An FTS5 record's id is its segment's id shifted left by 37 bits (fts5_index.c)."""
    feed = tmp_path / "feed"
    for day in range(1, 9):  # a.md is the newest, h.md the oldest
        name = f"{'abcdefgh'[day - 1]}.md"
        write_article(feed, name, title=name, body=QUOTED, published=f"2021-03-{10 - day:02}")
    index = build(feed, tmp_path / "cache", fresh=True, monkeypatch=monkeypatch, files=8)
    connection = sqlite3.connect(index)
    try:
        segments = connection.execute(
            "SELECT count(DISTINCT id >> 37) FROM ft_data WHERE id >> 37 > 0"
        ).fetchone()[0]
        hedges = connection.execute("SELECT count(*) FROM ft WHERE ft MATCH 'hedges'").fetchone()
    finally:
        connection.close()
    assert segments == 1
    assert hedges == (8,)
