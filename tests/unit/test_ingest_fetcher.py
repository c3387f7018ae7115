"""The fetch run through its API: progress, cancelling, and what is remembered for next time."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.fetch_server import Site, serve

from reader.ingest.client import Politeness
from reader.ingest.fetcher import FetchOptions, Source, fetch

QUICK = Politeness(connect_timeout=2, read_timeout=5, deadline=10, backoff=0.01)


@pytest.fixture
def site() -> Iterator[Site]:
    with serve() as running:
        yield running


def options(into: Path, tmp_path: Path) -> FetchOptions:
    return FetchOptions(into=into, state_dir=tmp_path / "state", politeness=QUICK)


def test_progress_counts_sources_then_their_items(site: Site, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    results = fetch(
        [Source(site.url("/news/rss.xml"))],
        options(tmp_path / "feed", tmp_path),
        on_progress=lambda done, total: seen.append((done, total)),
    )
    assert [result.status for result in results] == ["new"] * 3
    assert seen == [(0, 1), (1, 4), (2, 4), (3, 4), (4, 4)]


def test_a_feed_with_a_failed_item_is_read_in_full_next_time(site: Site, tmp_path: Path) -> None:
    into = tmp_path / "feed"
    feed = site.url("/news/rss.xml")
    page = "/news/flood-warning.html"
    original = site.content(page)
    site.pages[page] = b"<html><body><nav>Home</nav></body></html>"  # no text: that item fails
    first = fetch([Source(feed)], options(into, tmp_path))
    assert [result.status for result in first] == ["new", "failed", "new"]
    assert original is not None
    site.pages[page] = original
    second = fetch([Source(feed)], options(into, tmp_path))
    # Not a 304: the feed's ETag was not kept, so the failed item is fetched again.
    assert [result.status for result in second] == ["unchanged", "new", "unchanged"]
    third = fetch([Source(feed)], options(into, tmp_path))
    assert [(result.url, result.status) for result in third] == [(feed, "unchanged")]


def test_cancelling_stops_the_run_and_writes_nothing_more(site: Site, tmp_path: Path) -> None:
    cancel = threading.Event()
    into = tmp_path / "feed"

    def cancel_when_stalled() -> None:
        site.stalled.wait(10)
        cancel.set()

    helper = threading.Thread(target=cancel_when_stalled)
    helper.start()
    results = fetch(
        [Source(site.url("/stall/news/knife-arch.html"))], options(into, tmp_path), cancel=cancel
    )
    helper.join(timeout=10)
    assert results == []
    assert list(into.iterdir()) == []


def test_a_subscription_folder_outside_the_destination_is_refused(
    site: Site, tmp_path: Path
) -> None:
    into = tmp_path / "feed"
    (into).mkdir()
    (into / "out").symlink_to(tmp_path)
    results = fetch(
        [
            Source(site.url("/news/rss.xml"), folder="../elsewhere"),
            Source(site.url("/press/atom.xml"), folder="out"),
        ],
        options(into, tmp_path),
    )
    assert [(result.status, result.error) for result in results] == [
        (
            "failed",
            f"{site.url('/news/rss.xml')}: folder '../elsewhere' must be a folder inside {into}",
        ),
        ("failed", f"{site.url('/press/atom.xml')}: folder 'out' leads outside {into}"),
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["feed", "state"]


def test_an_item_whose_link_moved_is_found_by_its_guid(site: Site, tmp_path: Path) -> None:
    into = tmp_path / "feed"
    feed = site.url("/news/rss.xml")
    first = fetch([Source(feed)], options(into, tmp_path))
    flood = next(result for result in first if "flood" in result.url)
    rss = site.content("/news/rss.xml")
    assert rss is not None
    site.pages["/news/rss.xml"] = rss.replace(
        b"<link>/news/flood-warning.html</link>", b"<link>/no-etag/news/flood-warning.html</link>"
    )
    second = fetch([Source(feed)], options(into, tmp_path))
    moved = next(result for result in second if "flood" in result.url)
    assert (moved.status, moved.file) == ("updated", flood.file)
    assert moved.url == site.url("/no-etag/news/flood-warning.html")
    assert len(list(into.iterdir())) == 3
