"""The app's fetch: `f` and the palette, the fetch_every timer, progress in the header, failures
on the errors screen; against the press office in fetch_server.py (127.0.0.1 only)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from support.fetch_server import Site, serve
from textual.pilot import Pilot
from textual.widgets import DataTable, Label

from reader.ingest import fetcher
from reader.ingest.client import Politeness
from reader.store.config import Config, Subscription
from reader.ui.app import PressReaderApp
from reader.ui.commands import ReaderCommands
from reader.ui.screens.errors import ErrorsScreen
from reader.ui.widgets.article_list import ArticleList

SIZE = (120, 36)
WAIT_SECONDS = 20.0
RSS_NAMES = [
    "2020-03-03-road-closed-after-lorry-fire-on-the-a2.md",
    "2020-07-06-flood-warning-for-the-medway-at-allington-lock.md",
    "2020-11-12-knife-arch-wands-used-at-rochester-station.md",
]


@pytest.fixture
def site() -> Iterator[Site]:
    with serve() as running:
        yield running


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    quick = Politeness(connect_timeout=2, read_timeout=5, deadline=10, backoff=0.01)
    monkeypatch.setattr(fetcher, "DEFAULT_POLITENESS", quick)


@pytest.fixture
def feed(tmp_path: Path) -> Path:
    folder = tmp_path / "feed"
    folder.mkdir()
    return folder


@asynccontextmanager
async def running(
    feed: Path, config: Config, tmp_path: Path
) -> AsyncIterator[tuple[PressReaderApp, Pilot[Any], list[tuple[str, str]]]]:
    app = PressReaderApp([feed], config=config, state_dir=tmp_path / "state")
    notes: list[tuple[str, str]] = []
    async with app.run_test(size=SIZE) as pilot:
        await app.wait_for_busy_workers()
        original = app.notify

        def notify(message: str, **options: Any) -> None:
            notes.append((message, options.get("severity", "information")))
            original(message, **options)

        app.notify = notify  # type: ignore[method-assign]
        yield app, pilot, notes


async def until(pilot: Pilot[Any], condition: Any) -> None:
    """Wait, a bounded time, for `condition()` to hold."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + WAIT_SECONDS
    while not condition():
        assert loop.time() < deadline, "timed out"
        await pilot.pause(0.05)


def subscribed(*urls: str, **options: Any) -> Config:
    return Config(
        dwell_seconds=600, subscriptions=tuple(Subscription(url) for url in urls), **options
    )


def header_counts(app: PressReaderApp) -> str:
    return str(app.query_one("#counts", Label).content)


async def test_f_fetches_the_subscriptions_and_live_reload_lists_them(
    site: Site, feed: Path, tmp_path: Path
) -> None:
    config = subscribed(site.url("/news/rss.xml"))
    async with running(feed, config, tmp_path) as (app, pilot, notes):
        await pilot.press("f")
        await until(
            pilot, lambda: ("3 new, 0 updated, 0 unchanged, 0 failed", "information") in notes
        )
        assert sorted(path.name for path in feed.iterdir()) == RSS_NAMES
        await until(pilot, lambda: len(app.query_one(ArticleList).rows) == 3)
        titles = [row.title for row in app.query_one(ArticleList).rows]
        assert titles[0] == "Knife arch & wands used at Rochester station"
        assert "fetching" not in header_counts(app)

        await pilot.press("f")  # again: nothing new
        await until(pilot, lambda: any("0 new" in note for note, _ in notes))
        assert notes[-1] == ("0 new, 0 updated, 1 unchanged, 0 failed", "information")


async def test_progress_shows_in_the_header_while_fetching(
    site: Site, feed: Path, tmp_path: Path
) -> None:
    config = subscribed(site.url("/stall/news/knife-arch.html"), site.url("/news/rss.xml"))
    async with running(feed, config, tmp_path) as (app, pilot, _notes):
        await pilot.press("f")
        # The feed and its three items are done; the stalled page is not.
        await until(pilot, lambda: "fetching 4 of 5…" in header_counts(app))
        assert site.stalled.is_set()
        site.release.set()
        await until(pilot, lambda: "fetching" not in header_counts(app))


async def test_failures_are_told_and_listed_on_the_errors_screen(
    site: Site, feed: Path, tmp_path: Path
) -> None:
    gone, page = site.url("/gone"), site.url("/news/knife-arch.html")
    config = subscribed(gone, page)
    async with running(feed, config, tmp_path) as (app, pilot, notes):
        await pilot.press("f")
        await until(pilot, lambda: bool(app.fetch_failures))
        await until(pilot, lambda: any("failed" in note for note, _ in notes))
        assert notes[-1] == (
            "0 new, 0 updated, 0 unchanged, 2 failed (E lists the failures)",
            "warning",
        )
        await pilot.press("E")
        await pilot.pause()
        assert isinstance(app.screen, ErrorsScreen)
        table = app.screen.query_one(DataTable)
        rows = [[str(cell) for cell in table.get_row_at(row)] for row in range(table.row_count)]
        assert rows == [
            [gone, "", "HTTP 404 Not Found"],
            [page, "", "an HTML page, not an RSS or Atom feed"],
        ]


async def test_without_subscriptions_f_says_what_to_do(feed: Path, tmp_path: Path) -> None:
    async with running(feed, Config(dwell_seconds=600), tmp_path) as (app, pilot, notes):
        await pilot.press("f")
        await pilot.pause()
        assert notes == [
            (
                "No subscriptions: add [[subscriptions]] with a feed's url to the config file.",
                "warning",
            )
        ]
        assert not any(worker.group == "fetch" for worker in app.workers)


async def test_the_sample_feed_is_never_fetched_into(site: Site, tmp_path: Path) -> None:
    from reader.store.resources import sample_feed_path

    config = subscribed(site.url("/news/rss.xml"))
    async with running(sample_feed_path(), config, tmp_path) as (_app, pilot, notes):
        await pilot.press("f")
        await pilot.pause()
        assert notes == [
            (
                "Open a feed folder of your own (or set feed in the config file) to fetch into.",
                "warning",
            )
        ]
    assert site.paths() == []


async def test_fetch_every_fetches_on_a_timer(site: Site, feed: Path, tmp_path: Path) -> None:
    # The config refuses less than a minute; a test has no minute to spare.
    config = subscribed(site.url("/news/rss.xml"), fetch_every=0.3)
    async with running(feed, config, tmp_path) as (_app, pilot, _notes):
        await until(pilot, lambda: len(list(feed.glob("*.md"))) == 3)
        await until(pilot, lambda: site.paths().count("/news/rss.xml") >= 2)


async def test_fetch_is_a_palette_command(feed: Path, tmp_path: Path) -> None:
    async with running(feed, Config(dwell_seconds=600), tmp_path) as (app, _pilot, _notes):
        provider = ReaderCommands(app.screen)
        offered = {hit.text or str(hit.display) async for hit in provider.discover()}
        assert "Fetch the subscriptions now" in offered
