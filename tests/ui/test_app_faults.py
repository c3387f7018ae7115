"""Issue 15: the app's load and live reload never die silently. A failure is a lasting line
under the header, with a retry (a key, the palette, and a timer), and it goes once the cause is
gone; a damaged reading state moved aside is recalled until it is recovered."""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from support.pilot import (
    ALPHA_TITLE,
    SIZE,
    article,
    articles,
    label_text,
    running,
    settle,
    shown_title,
    until,
)
from textual.app import App, ComposeResult

from reader.feed.library import FeedBatch, Library
from reader.store.config import Config
from reader.store.state import ReadingState, state_path
from reader.ui.app import PressReaderApp
from reader.ui.widgets.notice import Problems

RETRY = 0.3


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    """Retries and marks readings every fraction of a second, not every 10 and 5 s."""
    monkeypatch.setattr("reader.ui.app.RETRY_SECONDS", RETRY)
    monkeypatch.setattr("reader.ui.app.MARKS_REFRESH_SECONDS", RETRY)


def disk_full() -> sqlite3.OperationalError:
    """What SQLite raises when the cache disk is full."""
    error = sqlite3.OperationalError("database or disk is full")
    error.sqlite_errorcode = sqlite3.SQLITE_FULL  # type: ignore[attr-defined]
    return error


def problems(app: PressReaderApp) -> str:
    """The lasting line as shown ("" while it is hidden)."""
    line = app.query_one(Problems)
    return "" if line.has_class("-none") else str(line.content)


def listed(app: PressReaderApp) -> list[str]:
    return [summary.title for summary in articles(app).items]


async def test_a_load_that_fails_stays_in_view_until_r_loads_the_feed(
    feed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scan = Library.scan

    def failing_scan(self: Library, *, listing: bool = True) -> Iterator[FeedBatch]:
        raise disk_full()

    monkeypatch.setattr(Library, "scan", failing_scan)
    # No timer retry within the test: only the key mends it.
    monkeypatch.setattr("reader.ui.app.RETRY_SECONDS", 3600.0)
    app = PressReaderApp([feed], config=Config(dwell_seconds=600))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert problems(app) == (
            "⚠ The feed could not be loaded: the disk is full. "
            "Trying again every 3600 s; r tries now."
        )
        assert label_text(app, "#counts").startswith("0 articles")
        await pilot.pause(0.5)
        assert problems(app) != ""  # lasting, not a toast
        monkeypatch.setattr(Library, "scan", scan)
        await pilot.press("r")
        await settle(pilot)
        assert problems(app) == ""
        assert shown_title(app) == ALPHA_TITLE
        assert label_text(app, "#counts").startswith("4 articles")


async def test_the_retry_is_a_palette_command(feed: Path) -> None:
    async with running(feed) as (app, pilot):
        await pilot.press("ctrl+p", *"reload")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert problems(app) == ""
        assert len(listed(app)) == 4


async def test_live_reload_that_fails_comes_back_on_its_own_once_the_disk_has_room(
    feed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sync = Library.sync
    full = OSError(errno.ENOSPC, "No space left on device", "/cache/index.sqlite3")

    def failing_sync(
        self: Library, notice: str | None = None, *, files: Iterable[Path] | None = None
    ) -> Iterator[FeedBatch]:
        raise full

    async with running(feed) as (app, pilot):
        await until(pilot, lambda: any(w.group == "watch" for w in app.workers))
        monkeypatch.setattr(Library, "sync", failing_sync)
        (feed / "epsilon.md").write_text(
            article("Epsilon arrives", "10:00 01/06/2024", "Fresh news."), encoding="utf-8"
        )
        await until(pilot, lambda: problems(app) != "")
        assert problems(app) == (
            "⚠ Live reload stopped: /cache/index.sqlite3: the disk is full. "
            f"Trying again every {RETRY:g} s; r tries now."
        )
        assert "Epsilon arrives" not in listed(app)
        await pilot.pause(RETRY * 3)  # retried, and still failing: still said
        assert problems(app).startswith("⚠ Live reload stopped")
        monkeypatch.setattr(Library, "sync", sync)  # room again: the next retry mends it
        await until(pilot, lambda: "Epsilon arrives" in listed(app))
        assert problems(app) == ""
        # And live reload goes on as before.
        (feed / "zeta.md").write_text(
            article("Zeta follows", "11:00 01/06/2024", "More news."), encoding="utf-8"
        )
        await until(pilot, lambda: "Zeta follows" in listed(app))


async def test_an_index_away_from_its_place_is_said_until_it_is_back(
    feed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    away = "/cache/index.sqlite3: the disk is full; using a temporary one"
    # Said once, though the index's notice repeats itself after a second fault.
    monkeypatch.setattr(Library, "status", property(lambda self: f"{away}; {away}"))
    async with running(feed) as (app, pilot):
        assert problems(app) == f"⚠ Search index: {away}."
        monkeypatch.setattr(Library, "status", property(lambda self: None))
        await until(pilot, lambda: problems(app) == "")  # the next retry's sync finds it back


async def test_a_damaged_state_moved_aside_is_recalled_until_it_is_recovered(
    feed: Path,
) -> None:
    path = state_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"this is not a database" * 200)
    async with running(feed) as (app, pilot):
        with ReadingState(path) as state:
            (aside,) = state.moved_aside()
        assert problems(app) == (
            f"⚠ Reading state damaged: the old file is kept at {aside}; its marks are missing "
            "until `pressreader state --recover` salvages them."
        )
        await pilot.pause(RETRY * 3)
        assert problems(app) != ""  # lasting, not a toast
        with ReadingState(path) as state:
            state.recover(aside)
        await until(pilot, lambda: problems(app) == "")


class ProblemsApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Problems()


async def test_a_problem_line_shows_its_text_literally_and_goes_when_mended() -> None:
    async with ProblemsApp().run_test() as pilot:
        line = pilot.app.query_one(Problems)
        line.set_problem("load", "[bold]x[/] \x1b[31mred")
        assert line.problems == {"load": "[bold]x[/] red"}
        assert str(line.content) == "⚠ [bold]x[/] red"
        line.set_problem("load", None)
        assert (line.problems, line.has_class("-none")) == ({}, True)
