"""The index under faults (issue 15): damage found at any time, a full disk, two instances on
one feed, and edits that keep a file's size and modification time."""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from support.feeds import count_parses, listed, titles, write_article

import reader.feed.index.place
import reader.feed.index.schema
from reader.cli import main
from reader.feed.index import FeedIndex, index_path
from reader.feed.library import Library
from reader.search.sqlite import sqlite3 as index_sqlite
from reader.store.paths import CACHE_DIR_ENV, DATA_DIR_ENV

parse_calls = pytest.fixture(count_parses)


@pytest.fixture
def feed(tmp_path: Path) -> Path:
    folder = tmp_path / "feed"
    for number in range(120):
        write_article(
            folder,
            f"{number:03}.md",
            title=f"Appeal number {number}",
            body=f"Officers said: 'We need witnesses {number}.' " + "Patrols continue. " * 40,
            published=f"2021-{number % 12 + 1:02}-{number % 28 + 1:02}T10:{number % 60:02}:00",
        )
    return folder


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(CACHE_DIR_ENV, str(folder))
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "data"))
    return folder


def _pages_of(path: Path, table: str, kinds: tuple[str, ...] = ("leaf",)) -> list[int]:
    """The page numbers of `table` in the index file (through SQLite's dbstat)."""
    marks = ",".join("?" * len(kinds))
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        rows = connection.execute(
            f"SELECT pageno FROM dbstat WHERE name = ? AND pagetype IN ({marks})", (table, *kinds)
        ).fetchall()
    return [row[0] for row in rows]


def _damage(path: Path, page: int, page_size: int = 4096) -> None:
    """Write 35 random bytes over the start of one page in the middle of the file."""
    garbage = random.Random(page).randbytes(35)
    with path.open("r+b") as file:
        file.seek((page - 1) * page_size)
        file.write(garbage)


def _built(feed: Path) -> Path:
    with Library([feed]) as library:
        listed(library)
    path = index_path([feed])
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.mark.parametrize("table", ["docs", "ft_data", "quotes"])
def test_damage_found_by_a_query_rebuilds_the_index_and_says_so(
    feed: Path, cache: Path, table: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _built(feed)
    pages = _pages_of(path, table, ("leaf", "overflow"))
    # A query reads only the full-text pages of its words: damage them all, so it meets one.
    for page in pages if table == "ft_data" else pages[len(pages) // 2 :][:1]:
        _damage(path, page)
    # Every command answers, and says what happened, on every run.
    for command in (
        ["search", str(feed), "witnesses", "--json"],
        ["quotes", str(feed)],
        ["list", str(feed)],
    ):
        assert main(command) == 0, capsys.readouterr().err
    err = capsys.readouterr().err
    assert "internal error" not in err
    assert "search index was damaged" in err
    with Library([feed]) as library:
        listed(library)
        assert library.search("witnesses").count == 120
        assert len(library.quotes(list(library.view().ids))) == 120


def test_damage_in_the_middle_of_the_file_never_stops_a_library(feed: Path, cache: Path) -> None:
    path = _built(feed)
    with path.open("r+b") as file:  # the repro: 35 bytes into the middle of the file
        file.seek(path.stat().st_size // 2)
        file.write(random.Random(1).randbytes(35))
    with Library([feed]) as library:
        batches = listed(library)
        assert library.search("witnesses").count == 120
        assert len(library.view()) == 120
        assert sum(len(batch.summaries) for batch in batches) >= 120


def test_text_that_no_longer_decodes_is_damage(tmp_path: Path) -> None:
    # SQLite keeps no checksum of a row: damaged bytes inside a text field are seen only by
    # the decoder, as they were in the middle-of-the-file repro above
    connection = reader.feed.index.schema.connect(tmp_path / "index.db")
    connection.execute("CREATE TABLE t (x TEXT)")
    connection.execute("INSERT INTO t VALUES (CAST(x'2841ff9e' AS TEXT))")
    with pytest.raises(index_sqlite.Error) as raised:
        connection.execute("SELECT x FROM t").fetchall()
    assert reader.feed.index.schema.is_damage(raised.value)
    other = index_sqlite.OperationalError("no such table: t")
    assert not reader.feed.index.schema.is_damage(other)
    connection.close()


def test_damage_found_while_running_rebuilds_and_resyncs(feed: Path, cache: Path) -> None:
    with Library([feed]) as library:
        listed(library)
        path = library.index.path
        with sqlite3.connect(path) as connection:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        for page in _pages_of(path, "ft_data"):  # whichever holds the word's doclist
            _damage(path, page)
        library.index._generation += 1  # as if each connection met the damage anew
        result = library.search("witnesses")
        assert result.count == 120
        assert any("damaged" in notice for notice in library.take_notices())


def _limit_pages(monkeypatch: pytest.MonkeyPatch, path: Path, pages: int) -> None:
    """Make the index file at `path` full after `pages` pages (SQLite reports SQLITE_FULL, as
    for a full disk); other files are left alone."""
    real = reader.feed.index.schema.connect

    def connect(where: Path) -> sqlite3.Connection:
        connection = real(where)
        if Path(where) == path:
            connection.execute(f"PRAGMA max_page_count = {pages}")
        return connection

    monkeypatch.setattr(reader.feed.index.schema, "connect", connect)


def test_a_full_disk_at_start_moves_the_index_and_the_cli_says_why(
    feed: Path, cache: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _limit_pages(monkeypatch, index_path([feed]), 3)
    assert main(["search", str(feed), "witnesses"]) == 0
    captured = capsys.readouterr()
    assert "20 of 120 matches" in captured.out
    assert "internal error" not in captured.err
    assert f"the disk holding the search index at {index_path([feed])} is full" in captured.err


def test_a_full_disk_while_running_falls_back_then_goes_back_when_there_is_room(
    feed: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Library([feed]) as library:
        listed(library)
        preferred = library.index.path
        # The disk fills up: the next sync cannot write to the index in its place.
        monkeypatch.setattr(reader.feed.index.schema, "connect", _full_after(preferred))
        library.index._generation += 1
        write_article(feed, "new.md", title="Fresh appeal", body="brand new witnesses")
        for number in range(150):  # more than the free pages hold
            write_article(feed, f"more-{number}.md", title="More", body=f"filler {number} " * 80)
        batches = list(library.sync())
        assert library.index.fallback
        assert library.status is not None and "is full" in library.status
        assert library.search("witnesses").count == 121
        assert titles(library, "brand") == ["Fresh appeal"]
        assert any(batch.summaries for batch in batches)
        # Room again: the next sync (after the retry interval) moves back and catches up.
        monkeypatch.undo()
        monkeypatch.setattr(reader.feed.index.place, "_RETRY_SECONDS", 0.0)
        library.index._retry_at = 0.0
        notices = [batch.notice for batch in library.sync() if batch.notice]
        assert not library.index.fallback and library.index.path == preferred
        assert library.status is None
        assert "room for the search index again" in " ".join(notices)
        assert titles(library, "brand") == ["Fresh appeal"]
        assert library.search("witnesses").count == 121


def _full_after(path: Path) -> Callable[[Path], sqlite3.Connection]:
    real = reader.feed.index.schema.connect

    def connect(where: Path) -> sqlite3.Connection:
        connection = real(where)
        if Path(where) == path:
            count = connection.execute("PRAGMA page_count").fetchone()[0]
            connection.execute(f"PRAGMA max_page_count = {count}")
        return connection

    return connect


@pytest.mark.skipif(os.geteuid() != 0 or shutil.which("mount") is None, reason="needs root")
def test_a_real_tiny_disk(feed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tiny = tmp_path / "tiny"
    tiny.mkdir()
    if os.system(f"mount -t tmpfs -o size=200k tmpfs {tiny} 2>/dev/null") != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        with Library([feed], cache=tiny) as library:
            listed(library)
            assert library.index.fallback
            assert library.search("witnesses").count == 120
    finally:
        os.system(f"umount {tiny}")


# --- two instances on one feed ------------------------------------------------------------------


def _shown(batches: list, shown: dict[Path, str]) -> None:  # type: ignore[type-arg]
    """Apply batches to a list of what is shown, as the app does (path -> title)."""
    for batch in batches:
        for path in batch.removed:
            shown.pop(path, None)
        for summary in batch.summaries:
            shown[summary.path] = summary.title


def test_two_libraries_on_one_feed_both_converge_on_the_files(feed: Path, cache: Path) -> None:
    first, second = Library([feed]), Library([feed])
    seen_first: dict[Path, str] = {}
    seen_second: dict[Path, str] = {}
    try:
        _shown(listed(first), seen_first)
        _shown(listed(second), seen_second)
        for number in range(4):  # files come; whichever instance syncs first indexes them
            write_article(feed, f"new-{number}.md", title=f"New {number}")
            syncing, other = (first, second) if number % 2 else (second, first)
            _shown(list(syncing.sync()), seen_first if syncing is first else seen_second)
            _shown(list(other.sync()), seen_first if other is first else seen_second)
        (feed / "new-0.md").unlink()
        (feed / "000.md").unlink()
        write_article(feed, "001.md", title="Edited in place")
        _shown(list(first.sync()), seen_first)
        _shown(list(second.sync()), seen_second)
    finally:
        first.close()
        second.close()
    on_disk = set(feed.iterdir())
    assert set(seen_first) == set(seen_second) == on_disk
    assert seen_first[feed / "001.md"] == seen_second[feed / "001.md"] == "Edited in place"


# --- stamps -------------------------------------------------------------------------------------


def test_an_edit_keeping_size_and_mtime_is_reindexed(feed: Path, parse_calls: list[str]) -> None:
    """`cp -p`, `rsync -t`, or a same-length edit then `touch -r`: the ctime still moves."""
    path = feed / "005.md"
    with Library([feed]) as library:
        listed(library)
    before = path.stat()
    text = path.read_text().replace("witnesses 5", "witnessez 5")
    path.write_text(text)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    parse_calls.clear()
    with Library([feed]) as library:
        listed(library)
        assert parse_calls == ["005.md"]
        assert titles(library, "witnessez") == ["Appeal number 5"]


def test_a_file_replaced_by_a_copy_with_the_same_stamp_is_reindexed(
    feed: Path, tmp_path: Path, parse_calls: list[str]
) -> None:
    path = feed / "007.md"
    with Library([feed]) as library:
        listed(library)
    copy = tmp_path / "copy.md"
    copy.write_text(path.read_text().replace("witnesses 7", "witnessez 7"))
    shutil.copystat(path, copy)
    os.replace(copy, path)  # a new inode, as `rsync -t` leaves it
    parse_calls.clear()
    with Library([feed]) as library:
        listed(library)
        assert parse_calls == ["007.md"]
        assert titles(library, "witnessez") == ["Appeal number 7"]


def test_a_warm_walk_parses_nothing(feed: Path, parse_calls: list[str]) -> None:
    with Library([feed]) as library:
        listed(library)
    parse_calls.clear()
    with FeedIndex([feed]) as index:
        from reader.feed.discover import walk

        batches = list(index.sync(walk([feed])))
    assert parse_calls == [] and [(batch.done, batch.total) for batch in batches] == [(0, 0)]


class _WriteLock:
    """Another connection's write transaction on the index file, held until `release`."""

    def __init__(self, path: Path) -> None:
        self.connection = index_sqlite.connect(path, isolation_level=None)
        self.connection.execute("BEGIN EXCLUSIVE")
        self.connection.execute("UPDATE meta SET value = value WHERE key = 'seq'")

    def release(self) -> None:
        self.connection.execute("ROLLBACK")
        self.connection.close()


def test_a_write_locked_index_answers_from_the_index_when_nothing_changed(
    feed: Path, cache: Path, monkeypatch: pytest.MonkeyPatch, parse_calls: list[str]
) -> None:
    with Library([feed]) as library:
        library.refresh()
    parse_calls.clear()
    monkeypatch.setattr(reader.feed.index.schema, "LOCK_WAIT", 0.05)
    lock = _WriteLock(index_path([feed]))
    try:
        with Library([feed]) as library:
            assert library.refresh() == []
            assert library.search("witnesses").count == 120
            assert not library.index.fallback
            assert library.take_notices() == []
    finally:
        lock.release()
    assert parse_calls == []


def test_a_write_locked_index_with_changes_moves_to_a_temporary_one_and_says_why(
    feed: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Library([feed]) as library:
        library.refresh()
    write_article(feed, "new.md", title="Fresh appeal", body="brand new witnesses")
    monkeypatch.setattr(reader.feed.index.schema, "LOCK_WAIT", 0.05)
    preferred = index_path([feed])
    lock = _WriteLock(preferred)
    try:
        with Library([feed]) as library:
            library.refresh()
            assert library.index.fallback
            assert titles(library, "brand") == ["Fresh appeal"]
            assert library.search("witnesses").count == 121
            assert library.status == (
                f"the search index at {preferred} is locked by another program; "
                "using a temporary one"
            )
    finally:
        lock.release()


def test_a_locked_index_goes_back_once_the_lock_is_released(
    feed: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Library([feed]) as library:
        library.refresh()
        write_article(feed, "new.md", title="Fresh appeal", body="brand new witnesses")
        monkeypatch.setattr(reader.feed.index.schema, "LOCK_WAIT", 0.05)
        lock = _WriteLock(index_path([feed]))
        try:
            library.refresh()
            assert library.index.fallback
        finally:
            lock.release()
        library.index._retry_at = 0.0
        notices = [batch.notice for batch in library.sync() if batch.notice]
        assert not library.index.fallback
        assert "the search index can be written again" in " ".join(notices)
        assert library.search("witnesses").count == 121


def test_the_cli_answers_a_search_while_another_program_holds_the_index(
    feed: Path, cache: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["search", str(feed), "witnesses"]) == 0
    write_article(feed, "new.md", title="Fresh appeal", body="brand new witnesses")
    capsys.readouterr()
    monkeypatch.setattr(reader.feed.index.schema, "LOCK_WAIT", 0.05)
    lock = _WriteLock(index_path([feed]))
    try:
        assert main(["search", str(feed), "witnesses"]) == 0
    finally:
        lock.release()
    captured = capsys.readouterr()
    assert "20 of 121 matches" in captured.out
    assert "internal error" not in captured.err
    assert "is locked by another program; using a temporary one" in captured.err
