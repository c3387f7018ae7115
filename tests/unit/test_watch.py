"""The feed watcher: which article paths it reports, what it ignores, and how it stops.

Each test runs `watch_feed` in a thread and gathers what it yields for at most a few seconds, so
a watcher that misses a change fails the test instead of hanging it.
"""

from __future__ import annotations

import os
import queue
import shutil
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

import reader.feed.watch
from reader.feed.watch import FeedChanges, watch_feed

WAIT_S = 5.0  # the longest any test waits for what it expects
SETTLE_S = 0.3  # then how long it keeps listening for anything else


@dataclass
class Seen:
    """Everything a watcher reported over a while, batches merged."""

    added: set[Path] = field(default_factory=set)
    modified: set[Path] = field(default_factory=set)
    deleted: set[Path] = field(default_factory=set)
    rescan: bool = False
    notices: list[str] = field(default_factory=list)

    def take(self, changes: FeedChanges) -> None:
        self.added |= changes.added
        self.modified |= changes.modified
        self.deleted |= changes.deleted
        self.rescan = self.rescan or changes.rescan
        if changes.notice:
            self.notices.append(changes.notice)


class Watching:
    """`watch_feed` running in a thread, as the app runs it, with what it yields in a queue."""

    def __init__(self, paths: list[Path], **options: Any) -> None:
        self.stop = threading.Event()
        self.items: queue.Queue[FeedChanges | BaseException | None] = queue.Queue()
        self.thread = threading.Thread(target=self._run, args=(paths, options), daemon=True)
        self.thread.start()
        first = self.items.get(timeout=WAIT_S)
        assert isinstance(first, FeedChanges), first
        self.first = first

    def _run(self, paths: list[Path], options: dict[str, Any]) -> None:
        try:
            for changes in watch_feed(paths, self.stop, **options):
                self.items.put(changes)
        except BaseException as error:  # handed to the test, which fails on it
            self.items.put(error)
        self.items.put(None)

    def gather(self, until: Callable[[Seen], bool]) -> Seen:
        """What is reported until `until` holds (failing after `WAIT_S`), and `SETTLE_S` more."""
        seen = Seen()
        deadline = time.monotonic() + WAIT_S
        while not until(seen):
            self._take(seen, deadline - time.monotonic(), fail=True)
        settled = time.monotonic() + SETTLE_S
        while (left := settled - time.monotonic()) > 0:
            self._take(seen, left, fail=False)
        return seen

    def _take(self, seen: Seen, timeout: float, *, fail: bool) -> None:
        try:
            item = self.items.get(timeout=max(timeout, 0))
        except queue.Empty:
            if fail:
                pytest.fail(f"the watcher did not report it in {WAIT_S} s; it reported {seen}")
            return
        if not isinstance(item, FeedChanges):
            pytest.fail(f"the watcher ended: {item!r}")
        seen.take(item)

    def close(self) -> float:
        """Set `stop`; how long the watcher took to end."""
        began = time.monotonic()
        self.stop.set()
        self.thread.join(timeout=WAIT_S)
        assert not self.thread.is_alive(), "the watcher did not stop"
        return time.monotonic() - began


@pytest.fixture
def watching() -> Iterator[Callable[..., Watching]]:
    started: list[Watching] = []

    def start(paths: list[Path], **options: Any) -> Watching:
        started.append(Watching(paths, **options))
        return started[-1]

    yield start
    for each in started:
        each.close()


@pytest.fixture
def feed(tmp_path: Path) -> Path:
    folder = tmp_path / "feed"
    folder.mkdir()
    (folder / "old.md").write_text("# Old\n", encoding="utf-8")
    return folder


def write(path: Path, text: str = "# A story\n") -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# --- article files ------------------------------------------------------------------------------


def test_watching_begins_with_an_item_that_lists_nothing(
    feed: Path, watching: Callable[..., Watching]
) -> None:
    assert watching([feed]).first == FeedChanges()


def test_a_new_article_is_added(feed: Path, watching: Callable[..., Watching]) -> None:
    watcher = watching([feed])
    write(feed / "new.md")
    assert watcher.gather(lambda seen: bool(seen.added)) == Seen(added={feed / "new.md"})


def test_an_edited_article_is_modified(feed: Path, watching: Callable[..., Watching]) -> None:
    watcher = watching([feed])
    write(feed / "old.md", "# Old, updated\n")
    assert watcher.gather(lambda seen: bool(seen.modified)) == Seen(modified={feed / "old.md"})


def test_a_deleted_article_is_deleted(feed: Path, watching: Callable[..., Watching]) -> None:
    watcher = watching([feed])
    (feed / "old.md").unlink()
    assert watcher.gather(lambda seen: bool(seen.deleted)) == Seen(deleted={feed / "old.md"})


def test_a_renamed_article_is_deleted_under_its_old_name_and_added_under_the_new(
    feed: Path, watching: Callable[..., Watching]
) -> None:
    watcher = watching([feed])
    (feed / "old.md").rename(feed / "renamed.markdown")
    seen = watcher.gather(lambda seen: bool(seen.added and seen.deleted))
    assert seen == Seen(added={feed / "renamed.markdown"}, deleted={feed / "old.md"})


def test_other_files_hidden_folders_and_editor_temp_files_are_ignored(
    feed: Path, watching: Callable[..., Watching]
) -> None:
    watcher = watching([feed])
    write(feed / "notes.txt")
    (feed / "notes.txt").unlink()
    (feed / ".git").mkdir()
    write(feed / ".git" / "COMMIT_EDITMSG.md")
    for temp in (".old.md.swp", "old.md.swp", "old.md~", ".#old.md", "#old.md#", "4913"):
        write(feed / temp)
        (feed / temp).unlink()
    write(feed / "last.md")  # reported after everything above
    assert watcher.gather(lambda seen: bool(seen.added)) == Seen(added={feed / "last.md"})


# --- folders ------------------------------------------------------------------------------------


def test_a_new_folder_adds_its_article_and_asks_for_a_rescan(
    feed: Path, watching: Callable[..., Watching]
) -> None:
    watcher = watching([feed])
    (feed / "2024").mkdir()
    write(feed / "2024" / "story.md")
    seen = watcher.gather(lambda seen: bool(seen.added))
    assert seen == Seen(added={feed / "2024" / "story.md"}, rescan=True)


def test_a_folder_moved_in_adds_its_articles(
    feed: Path, tmp_path: Path, watching: Callable[..., Watching]
) -> None:
    outside = tmp_path / "elsewhere" / "desk"
    (outside / "deep").mkdir(parents=True)
    write(outside / "a.md")
    write(outside / "deep" / "b.md")
    write(outside / "photo.jpg")
    watcher = watching([feed])
    outside.rename(feed / "desk")
    seen = watcher.gather(lambda seen: bool(seen.added))
    assert seen == Seen(
        added={feed / "desk" / "a.md", feed / "desk" / "deep" / "b.md"}, rescan=True
    )


def test_a_folder_moved_out_asks_for_a_rescan(
    feed: Path, tmp_path: Path, watching: Callable[..., Watching]
) -> None:
    (feed / "desk").mkdir()
    write(feed / "desk" / "a.md")
    watcher = watching([feed])
    (feed / "desk").rename(tmp_path / "desk")
    # The file system says only that the folder went, not what was in it.
    assert watcher.gather(lambda seen: seen.rescan) == Seen(rescan=True)


def test_paths_are_spelled_as_the_feed_path_was_given(
    feed: Path, monkeypatch: pytest.MonkeyPatch, watching: Callable[..., Watching]
) -> None:
    monkeypatch.chdir(feed.parent)
    watcher = watching([Path("feed")])
    write(feed / "new.md")
    assert watcher.gather(lambda seen: bool(seen.added)) == Seen(added={Path("feed/new.md")})


# --- single files -------------------------------------------------------------------------------


def test_a_single_file_feed_reports_only_that_file(
    feed: Path, watching: Callable[..., Watching]
) -> None:
    watcher = watching([feed / "old.md"])
    write(feed / "beside.md")
    (feed / "sub").mkdir()
    write(feed / "sub" / "below.md")
    write(feed / "old.md", "# Old, updated\n")
    assert watcher.gather(lambda seen: bool(seen.modified)) == Seen(modified={feed / "old.md"})


def test_a_single_file_feed_sees_its_file_deleted_and_written_again(
    feed: Path, watching: Callable[..., Watching]
) -> None:
    watcher = watching([feed / "old.md"])
    (feed / "old.md").unlink()
    assert watcher.gather(lambda seen: bool(seen.deleted)) == Seen(deleted={feed / "old.md"})
    write(feed / "old.md")
    assert watcher.gather(lambda seen: bool(seen.added)) == Seen(added={feed / "old.md"})


# --- missing paths and failures -----------------------------------------------------------------


def test_a_missing_feed_folder_is_reported_and_watched_once_it_appears(
    tmp_path: Path, watching: Callable[..., Watching]
) -> None:
    later = tmp_path / "later"
    watcher = watching([later])
    assert watcher.first.notice == f"{later} is missing: it will be watched when it appears"
    later.mkdir()
    assert watcher.gather(lambda seen: seen.rescan) == Seen(rescan=True)
    write(later / "a.md")
    assert watcher.gather(lambda seen: bool(seen.added)) == Seen(added={later / "a.md"})


def test_a_feed_folder_that_vanishes_and_comes_back_is_watched_again(
    feed: Path, watching: Callable[..., Watching]
) -> None:
    watcher = watching([feed])
    shutil.rmtree(feed)
    seen = watcher.gather(lambda seen: seen.rescan and bool(seen.notices))
    assert seen == Seen(
        deleted={feed / "old.md"},
        rescan=True,
        notices=[f"{feed} is missing: it will be watched when it appears"],
    )
    feed.mkdir()
    assert watcher.gather(lambda seen: seen.rescan) == Seen(rescan=True)
    write(feed / "back.md")
    assert watcher.gather(lambda seen: bool(seen.added)) == Seen(added={feed / "back.md"})


def test_the_watched_paths_of_a_feed_with_a_missing_one_are_still_watched(
    feed: Path, tmp_path: Path, watching: Callable[..., Watching]
) -> None:
    watcher = watching([tmp_path / "gone", feed])
    write(feed / "new.md")
    assert watcher.gather(lambda seen: bool(seen.added)) == Seen(added={feed / "new.md"})


@pytest.mark.skipif(sys.platform != "linux", reason="needs a file system that takes any bytes")
def test_an_undecodable_file_name_restarts_the_watcher_with_a_rescan(
    feed: Path, watching: Callable[..., Watching]
) -> None:
    watcher = watching([feed])
    with open(os.fsencode(feed) + b"/\xff.md", "w") as handle:
        handle.write("# Odd name\n")
    assert watcher.gather(lambda seen: seen.rescan) == Seen(rescan=True)
    write(feed / "next.md")
    assert watcher.gather(lambda seen: bool(seen.added)) == Seen(added={feed / "next.md"})


def test_when_native_watching_cannot_start_it_polls_and_says_so(
    feed: Path, monkeypatch: pytest.MonkeyPatch, watching: Callable[..., Watching]
) -> None:
    real_watch = reader.feed.watch.watchfiles.watch
    asked: list[bool | None] = []

    def watch(*paths: Any, force_polling: bool | None = None, **options: Any) -> Iterator[Any]:
        asked.append(force_polling)
        if not force_polling:
            raise OSError("OS file watch limit reached")
        yield from real_watch(*paths, force_polling=force_polling, **options)

    monkeypatch.setattr(reader.feed.watch.watchfiles, "watch", watch)
    watcher = watching([feed], poll_delay_ms=100)
    assert watcher.first.notice == (
        "watching the feed by polling every 100 ms: "
        "native file watching could not start (OS file watch limit reached)"
    )
    assert asked == [None, True]
    write(feed / "new.md")
    assert watcher.gather(lambda seen: bool(seen.added)) == Seen(added={feed / "new.md"})


def test_when_no_watching_can_start_it_says_so_keeps_trying_and_still_stops(
    feed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def watch(*paths: Any, **options: Any) -> Iterator[Any]:
        raise OSError("no watcher here")
        yield  # a generator, like watchfiles.watch

    monkeypatch.setattr(reader.feed.watch.watchfiles, "watch", watch)
    watcher = Watching([feed])
    assert watcher.first == FeedChanges(
        notice="watching the feed by polling every 500 ms: native file watching could not start "
        "(no watcher here); cannot watch the feed for changes (no watcher here); trying again"
    )
    assert watcher.close() < 0.5


# --- polling and stopping -----------------------------------------------------------------------


def test_polling_reports_new_edited_and_deleted_articles(
    feed: Path, watching: Callable[..., Watching]
) -> None:
    watcher = watching([feed], force_polling=True, poll_delay_ms=100)
    write(feed / "new.md")
    assert watcher.gather(lambda seen: bool(seen.added)) == Seen(added={feed / "new.md"})
    write(feed / "new.md", "# New, and longer\n")
    assert watcher.gather(lambda seen: bool(seen.modified)) == Seen(modified={feed / "new.md"})
    (feed / "new.md").unlink()
    assert watcher.gather(lambda seen: bool(seen.deleted)) == Seen(deleted={feed / "new.md"})


@pytest.mark.parametrize("polling", [False, True], ids=["native", "polling"])
def test_setting_stop_ends_the_watcher_within_half_a_second(
    feed: Path, tmp_path: Path, polling: bool
) -> None:
    watcher = Watching([feed, tmp_path / "missing"], force_polling=polling)
    assert watcher.close() < 0.5
    assert watcher.items.get(timeout=WAIT_S) is None  # ended, and without an error
