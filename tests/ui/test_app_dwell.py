"""Issue 13, bugs 5 to 7: an article counts as read only while the reader reads it, and a feed
opens where the reader left it, or at its newest article, never where the load happened to be."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from support.pilot import SIZE, article, settle, shown_title, view
from textual import events
from textual.pilot import Pilot
from textual.widgets import Label

from reader.feed.library import FeedBatch, Library
from reader.store.config import Config
from reader.store.state import ReadingState, feed_key, state_path
from reader.ui.app import PressReaderApp
from reader.ui.widgets.article_list import ArticleList

DWELL = 0.4


@asynccontextmanager
async def reading(
    folder: Path, dwell: float = DWELL
) -> AsyncIterator[tuple[PressReaderApp, Pilot[Any]]]:
    app = PressReaderApp([folder], config=Config(dwell_seconds=dwell))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        yield app, pilot
    await app.wait_for_busy_workers()


def unread(app: PressReaderApp) -> str:
    return str(app.query_one("#counts", Label).content).split(" · ")[-1]


def read_identities() -> set[str]:
    with ReadingState(state_path()) as state:
        return state.read_identities()


async def test_typing_a_search_does_not_mark_its_top_hit_read(feed: Path) -> None:
    async with reading(feed) as (app, pilot):
        await pilot.press("u")  # the first article, read by hand: the count starts at 4 unread
        await pilot.press("u")
        start = unread(app)
        await pilot.press("slash", *"beta")
        await settle(pilot)
        assert shown_title(app) == "Beta long read"  # the top hit, opened behind the box
        await pilot.pause(DWELL * 3)
        assert unread(app) == start
        await pilot.press("enter")  # the search is kept, the keys go to the list: reading
        await pilot.pause(DWELL * 3)
        assert unread(app) != start


async def test_the_dwell_waits_while_the_app_is_in_the_background(feed: Path) -> None:
    async with reading(feed, dwell=1.0) as (app, pilot):
        await pilot.press("n")
        await settle(pilot)
        before = unread(app)
        app.post_message(events.AppBlur())
        await pilot.pause(1.5)
        assert unread(app) == before
        app.post_message(events.AppFocus())
        await pilot.pause(0.3)
        assert unread(app) == before  # the second counts from what was read before the blur
        await pilot.pause(1.2)
        assert unread(app) != before


async def test_the_dwell_waits_under_the_speaker_index(feed: Path) -> None:
    async with reading(feed, dwell=2.0) as (app, pilot):
        await pilot.press("n", "w")  # Beta opens, and the speaker index covers it
        await pilot.pause(2.5)
        beta = app.query_one(ArticleList).current
        assert beta is not None and beta.title == "Beta long read"
        assert not app.session.is_read(beta)
        await pilot.press("escape")
        await pilot.pause(0.2)
        assert not app.session.is_read(beta)
        await pilot.pause(2.2)
        assert app.session.is_read(beta)


@pytest.fixture
def oldest_first(monkeypatch: pytest.MonkeyPatch) -> None:
    """The load delivers the feed's oldest article alone, first, then the rest a second later:
    as a big feed does, whose first files on disk are seldom its newest."""
    scan = Library.scan

    def slow_scan(self: Library, **options: Any) -> Iterator[FeedBatch]:
        batches = list(scan(self, **options))
        found = sorted((s for b in batches for s in b.summaries), key=lambda s: s.sort_key)
        errors = [error for batch in batches for error in batch.errors]
        total = len(found) + len(errors)
        yield FeedBatch([found[-1]], [], 1, total)
        time.sleep(1.0)
        yield FeedBatch(found[:-1], errors, total, total)

    monkeypatch.setattr(Library, "scan", slow_scan)


@pytest.mark.usefixtures("oldest_first")
async def test_the_article_shown_during_the_load_is_not_marked_and_the_newest_is_shown(
    feed: Path,
) -> None:
    async with reading(feed, dwell=0) as (app, _pilot):
        assert shown_title(app) == "Alpha [bold red]x[/] and [/] news"
        assert unread(app) == "3 unread"  # the newest, read at once (a dwell of 0)
    with ReadingState(state_path()) as state:
        position = state.last_position(feed_key([feed]))
        assert len(state.read_identities()) == 1
    assert position is not None and position.identity == "url:https://example.org/a"


async def test_a_feed_never_opened_starts_at_its_newest_article_at_the_top(
    tmp_path: Path,
) -> None:
    desk = tmp_path / "desk"
    kent = desk / "kent"
    kent.mkdir(parents=True)
    body = "\n\n".join(f"Paragraph {n} of a long read." for n in range(200))
    old = article("Old long read", "10:00 01/01/2024", body, "https://example.org/old")
    (kent / "old.md").write_text(old, encoding="utf-8")
    async with reading(desk, dwell=600) as (app, pilot):
        await pilot.press("enter", "space", "space")
        assert view(app).scroll_offset.y > 0
    new = article("New today", "10:00 01/06/2024", "Fresh.", "https://example.org/new")
    (kent / "new.md").write_text(new, encoding="utf-8")
    async with reading(kent, dwell=600) as (app, _pilot):
        assert shown_title(app) == "New today"
        assert view(app).scroll_offset.y == 0
