"""A marks every article listed as read, as one action; z undoes the last marking action."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.pilot import articles, running, settle, until

from reader.ui.app import PressReaderApp
from reader.ui.widgets.feed_header import FeedHeader


def notes_of(app: PressReaderApp, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every notification's text from now on."""
    notes: list[str] = []
    monkeypatch.setattr(app, "notify", lambda message, **_options: notes.append(message))
    return notes


def unread(app: PressReaderApp) -> int | None:
    return app.screen.query_one(FeedHeader).unread_count


async def test_a_marks_every_article_listed_and_says_how_to_undo(
    feed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with running(feed) as (app, pilot):
        assert unread(app) == 4
        await pilot.press("slash", *"gamma OR delta", "enter")
        await until(pilot, lambda: len(articles(app).rows) == 2)
        notes = notes_of(app, monkeypatch)
        await pilot.press("A")
        await settle(pilot)
        assert notes == ["Marked 2 articles read. z undoes it."]
        assert unread(app) == 2
        marked = {summary.title for summary in articles(app).items if app.session.is_read(summary)}
        assert marked == {"Gamma without a link", "Delta"}


async def test_z_undoes_the_marking_as_one_action(
    feed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with running(feed) as (app, pilot):
        await pilot.press("A")
        await settle(pilot)
        assert unread(app) == 0
        notes = notes_of(app, monkeypatch)
        await pilot.press("z")
        await settle(pilot)
        assert notes == ["Undone: marked 4 articles read"]
        assert unread(app) == 4
        await pilot.press("z")
        await settle(pilot)
        assert notes[-1] == "Nothing to undo."


async def test_a_on_a_list_already_read_says_so(
    feed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with running(feed) as (app, pilot):
        await pilot.press("A")
        await settle(pilot)
        notes = notes_of(app, monkeypatch)
        await pilot.press("A")
        await settle(pilot)
        assert notes == ["Every article listed is already read."]


async def test_z_undoes_a_single_mark_too(feed: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    async with running(feed) as (app, pilot):
        await pilot.press("u")
        await settle(pilot)
        assert unread(app) == 3
        notes = notes_of(app, monkeypatch)
        await pilot.press("z")
        await settle(pilot)
        assert notes == ["Undone: marked 1 article read"]
        assert unread(app) == 4
