"""Driving the app in tests: the app on a feed, waiting for it, and reading what it shows."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Label

from reader.store.config import Config
from reader.ui.app import PressReaderApp
from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.article_view import ArticleView

# --- loading ------------------------------------------------------------------------------------


SIZE = (120, 36)
# Live reload's bound is 2 s; a loaded CI machine gets some slack before a test calls it failed.
LIVE_TIMEOUT = 6.0
ALPHA_TITLE = "Alpha [bold red]x[/] and [/] news"
COUNCIL = "https://example.org/council"
QUOTE = "We will keep patrolling the town centre."


def article(title: str, date: str, body: str, url: str | None = None) -> str:
    lines = ["```yaml", f"title: {json.dumps(title)}", "area: Kent", f"publish:\n  date: {date}"]
    if url:
        lines.append(f"url: {url}")
    return "\n".join([*lines, "```", "", body])


@asynccontextmanager
async def running(*paths: Path) -> AsyncIterator[tuple[PressReaderApp, Pilot[Any]]]:
    """The app on `paths`, loaded, with its first article shown."""
    # A dwell no test outlasts: which articles are read is for test_app_reading to say.
    app = PressReaderApp(list(paths), config=Config(dwell_seconds=600))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        yield app, pilot


async def settle(pilot: Pilot[Any]) -> None:
    """Let the feed load and the article under the cursor render."""
    for _ in range(4):
        await pilot.app.wait_for_busy_workers()
        await pilot.pause()


# Live reload's bound is 2 s; a loaded CI machine gets some slack before a test calls it failed.
LIVE_TIMEOUT = 6.0


async def until(pilot: Pilot[Any], condition: Callable[[], bool]) -> float:
    """Wait for `condition` (something a worker or a timer brings about); the seconds it took.
    Fails past `LIVE_TIMEOUT`."""
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > LIVE_TIMEOUT:
            pytest.fail(f"not seen within {LIVE_TIMEOUT} s")
        await asyncio.sleep(0.05)
    await settle(pilot)
    return time.monotonic() - started


async def palette_hits(app: PressReaderApp, query: str) -> list[str]:
    """The command palette's commands for `query`, best first."""
    from reader.ui.commands import ReaderCommands

    provider = ReaderCommands(app.screen)
    hits = [hit async for hit in provider.search(query)]
    return [hit.text or "" for hit in sorted(hits, key=lambda hit: hit.score, reverse=True)]


def articles(app: PressReaderApp) -> ArticleList:
    return app.query_one(ArticleList)


def view(app: PressReaderApp) -> ArticleView:
    return app.query_one(ArticleView)


def shown_title(app: PressReaderApp) -> str | None:
    return view(app).article.title if view(app).article else None


def label_text(app: PressReaderApp, selector: str) -> str:
    return str(app.query_one(selector, Label).content)


def recorded_notes(app: PressReaderApp, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    notes: list[tuple[str, str]] = []

    def notify(message: str, **options: Any) -> None:
        notes.append((message, options.get("severity", "information")))

    monkeypatch.setattr(app, "notify", notify)
    return notes


def opened_urls(app: PressReaderApp, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The URLs the app hands to a browser (no browser is started)."""
    opened: list[str] = []
    monkeypatch.setattr(app, "_open_in_browser", opened.append)
    return opened
