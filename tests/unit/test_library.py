"""The library: cold and warm scans through the index, what batches say, and search."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from support.feeds import count_parses, write_article

from reader.articles.model import ArticleSummary
from reader.feed.discover import load_feed, walk
from reader.feed.index import FeedIndex
from reader.feed.library import FeedBatch, IdSet, Library
from reader.feed.walk_split import SplitWalk


@pytest.fixture
def parse_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    return count_parses(monkeypatch)


@pytest.fixture
def feed(tmp_path: Path) -> Path:
    folder = tmp_path / "feed"
    write_article(folder, "old.md", title="Old news", body="Kent", published="2020-01-01T09:00")
    write_article(folder, "new.md", title="New news", body="Kent", published="2022-01-01T09:00")
    write_article(folder, "sub/mid.md", title="Mid news", body="Essex", published="2021-01-01")
    (folder / "broken.md").write_bytes(b"\x00binary")
    return folder


def summaries_of(batches: list[FeedBatch]) -> list[ArticleSummary]:
    return [summary for batch in batches for summary in batch.summaries]


def test_a_cold_scan_parses_every_file_and_reports_progress(feed: Path) -> None:
    with Library([feed]) as library:
        batches = list(library.scan())
    assert not any(batch.cached for batch in batches)
    assert (batches[0].done, batches[0].total) == (0, 4)
    assert (batches[-1].done, batches[-1].total) == (4, 4)
    assert sorted(summaries_of(batches), key=str) == sorted(
        (article.summary for article in load_feed([feed]).articles), key=str
    )
    assert [error.path.name for batch in batches for error in batch.errors] == ["broken.md"]


def test_a_warm_scan_lists_the_cache_newest_first_then_finds_nothing_new(
    feed: Path, parse_calls: list[str]
) -> None:
    with Library([feed]) as library:
        cold = summaries_of(list(library.scan()))
    parse_calls.clear()
    with Library([feed]) as library:
        batches = list(library.scan())
    assert parse_calls == []
    first = batches[0]
    assert first.cached and (first.done, first.total) == (3, 3)
    assert [summary.title for summary in first.summaries] == ["New news", "Mid news", "Old news"]
    assert sorted(first.summaries, key=str) == sorted(cold, key=str)  # every field survives
    assert [error.path.name for error in first.errors] == ["broken.md"]
    assert summaries_of(batches[1:]) == [] and all(not batch.removed for batch in batches)


def test_the_top_of_a_cached_list_comes_in_a_small_batch_of_its_own(feed: Path) -> None:
    with Library([feed]) as library:
        list(library.scan())
    with FeedIndex([feed]) as index:
        chunks = [[summary.title for _, summary in chunk] for chunk in index.cached_summaries(2)]
    assert chunks == [["New news", "Mid news"], ["Old news"]]


def test_a_warm_scan_sends_changes_after_the_cached_list(feed: Path) -> None:
    with Library([feed]) as library:
        list(library.scan())
    write_article(feed, "old.md", title="Old news, corrected", published="2020-01-01T09:00")
    (feed / "sub" / "mid.md").unlink()
    with Library([feed]) as library:
        batches = list(library.scan())
    changes = batches[1:]
    assert [summary.title for summary in summaries_of(changes)] == ["Old news, corrected"]
    assert [path for batch in changes for path in batch.removed] == [feed / "sub" / "mid.md"]


def test_the_same_folder_spelled_differently_shares_the_cache(
    feed: Path, parse_calls: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with Library([feed]) as library:
        list(library.scan())
    parse_calls.clear()
    monkeypatch.chdir(feed.parent)
    with Library([Path("feed")]) as library:
        batches = list(library.scan())
    assert parse_calls == []
    assert sorted(str(summary.path) for summary in summaries_of(batches)) == [
        os.path.join("feed", "new.md"),
        os.path.join("feed", "old.md"),
        os.path.join("feed", "sub", "mid.md"),
    ]


def test_a_single_file_is_a_feed(feed: Path) -> None:
    with Library([feed / "new.md"]) as library:
        batches = list(library.scan())
        assert [summary.path for summary in summaries_of(batches)] == [feed / "new.md"]
        assert library.search("kent").count == 1
    with Library([feed / "new.md"]) as library:
        assert [summary.path for summary in next(library.scan()).summaries] == [feed / "new.md"]


def test_two_folders_make_one_feed(tmp_path: Path) -> None:
    write_article(tmp_path / "a", "x.md", title="From A", body="shared")
    write_article(tmp_path / "b", "x.md", title="From B", body="shared")
    with Library([tmp_path / "a", tmp_path / "b"]) as library:
        list(library.scan())
        found = library.search("shared", sort="date").summaries
    assert sorted(str(summary.path) for summary in found) == [
        str(tmp_path / "a" / "x.md"),
        str(tmp_path / "b" / "x.md"),
    ]


def test_search_hands_back_the_summaries_the_scan_listed(feed: Path) -> None:
    with Library([feed]) as library:
        listed = {summary.path: summary for summary in summaries_of(list(library.scan()))}
        result = library.search("kent", sort="date")
    assert [summary.path.name for summary in result.summaries] == ["new.md", "old.md"]
    assert all(summary is listed[summary.path] for summary in result.summaries)
    assert result.snippets is None


def test_refresh_updates_the_index_without_listing(feed: Path) -> None:
    with Library([feed]) as library:
        errors = library.refresh()
        assert [error.path.name for error in errors] == ["broken.md"]
        assert library.search("essex").count == 1


# --- a read while the walk goes on (what a warm `search` does) --------------------------------


def titles_read(library: Library, reads: list[int]) -> list[str]:
    """The feed's titles, newest first; `reads` counts the reads."""
    reads.append(len(reads))
    return [summary.title for summary in library.view()]


def test_a_read_of_a_fresh_index_during_the_walk_is_kept(feed: Path) -> None:
    with Library([feed]) as library:
        library.refresh()
    reads: list[int] = []
    with Library([feed]) as library, SplitWalk.start([feed]) as walking:
        found, errors = library.read_fresh(walking, lambda: titles_read(library, reads))
    assert found == ["New news", "Mid news", "Old news"]
    assert [error.path.name for error in errors] == ["broken.md"]
    assert reads == [0]


@pytest.mark.parametrize("change", ["edit", "add", "remove"])
def test_a_read_made_before_the_walk_found_a_change_is_made_again(feed: Path, change: str) -> None:
    with Library([feed]) as library:
        library.refresh()
    if change == "edit":  # the same size, a new modification time
        path = feed / "sub/mid.md"
        size = path.stat().st_size
        write_article(feed, "sub/mid.md", title="Mid NEWS", body="Essex", published="2021-01-01")
        status = path.stat()
        assert status.st_size == size
        os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns + 1_000_000_000))
    elif change == "add":
        write_article(feed, "sub/more.md", title="More news", published="2021-06-01")
    else:
        (feed / "sub/mid.md").unlink()
    reads: list[int] = []
    with Library([feed]) as library, SplitWalk.start([feed]) as walking:
        found, _ = library.read_fresh(walking, lambda: titles_read(library, reads))
    assert (
        found
        == {
            "edit": ["New news", "Mid NEWS", "Old news"],
            "add": ["New news", "More news", "Mid news", "Old news"],
            "remove": ["New news", "Old news"],
        }[change]
    )
    assert reads == [0, 1]


def test_a_read_during_which_another_process_changed_the_index_is_made_again(
    feed: Path,
) -> None:
    """The walk agrees with what the index held before the read; but another process synced a
    new file (since deleted) while it ran: that read saw neither for sure, so it is made again
    after a sync (which drops the file)."""
    with Library([feed]) as library:
        library.refresh()
    reads: list[int] = []

    def meanwhile(library: Library) -> list[str]:
        if not reads:
            time.sleep(1)  # the child has walked the feed (this process walks after the read)
            extra = write_article(feed, "extra.md", title="Extra news", published="2023-01-01")
            with FeedIndex([feed]) as elsewhere:
                list(elsewhere.sync(walk([feed])))
            extra.unlink()
        return titles_read(library, reads)

    with Library([feed]) as library, SplitWalk.start([feed]) as walking:
        found, _ = library.read_fresh(walking, lambda: meanwhile(library))
    assert found == ["New news", "Mid news", "Old news"]
    assert reads == [0, 1]


def test_a_read_on_a_new_index_comes_after_the_build(feed: Path) -> None:
    reads: list[int] = []
    with Library([feed]) as library, SplitWalk.start([feed]) as walking:
        found, _ = library.read_fresh(walking, lambda: titles_read(library, reads))
    assert found == ["New news", "Mid news", "Old news"]
    assert reads == [0]


def test_discovery_errors_come_with_the_first_changes(tmp_path: Path) -> None:
    missing = tmp_path / "missing"
    with Library([missing]) as library:
        batches = list(library.scan())
    assert [str(error) for error in batches[0].errors] == [f"{missing}: no such file or folder"]


def test_an_id_set_answers_as_a_set_through_changes_and_merges(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(IdSet, "_MERGE_AT", 3)
    ids = IdSet([9, 3, 5, 3])
    expected = {3, 5, 9}
    assert len(ids) == 3 and list(ids) == [3, 5, 9]
    for step, (added, dropped) in enumerate([([4], 5), ([5, 7], 9), ([1, 2, 3], 4), ([], 8)]):
        ids.update(added)
        ids.discard(dropped)
        expected |= set(added)
        expected.discard(dropped)
        assert len(ids) == len(expected), step
        assert all(doc_id in ids for doc_id in expected), step
        assert not any(doc_id in ids for doc_id in set(range(12)) - expected), step
    assert list(ids) == sorted(expected) == [1, 2, 3, 5, 7]
    assert ids.missing_from(IdSet([2, 5, 6])) == [1, 3, 7]
