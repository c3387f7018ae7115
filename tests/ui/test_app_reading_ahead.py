"""Reading ahead: the articles beside the open one are prepared once it is shown, so `n` and
`p` show theirs at once; one whose file changed since is read again, never shown as it was."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from support.pilot import article, settle, shown_title, until, view
from textual.message import Message
from textual.pilot import Pilot

from reader.store.config import Config
from reader.ui.app import PressReaderApp
from reader.ui.messages import ArticleLoaded, ArticlePrepared

SIZE = (120, 36)


@asynccontextmanager
async def reading(
    feed: Path, heard: list[Message]
) -> AsyncIterator[tuple[PressReaderApp, Pilot[Any]]]:
    app = PressReaderApp([feed], config=Config(dwell_seconds=600))
    async with app.run_test(size=SIZE, message_hook=heard.append) as pilot:
        await settle(pilot)
        yield app, pilot
    await app.wait_for_busy_workers()


def prepared(heard: list[Message], kind: type[ArticleLoaded | ArticlePrepared]) -> list[str]:
    """The titles of the articles prepared, opened (`ArticleLoaded`) or ahead, in order."""
    return [message.prepared.article.title for message in heard if isinstance(message, kind)]


def shown_bodies(app: PressReaderApp, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The bodies the article view is given from now on, in order."""
    shown: list[str] = []
    target = view(app)
    show = target.show

    def recording(*args: Any, **kwargs: Any) -> None:
        shown.append(args[0].body)
        show(*args, **kwargs)

    monkeypatch.setattr(target, "show", recording)
    return shown


async def test_n_shows_the_article_read_ahead_without_reading_it_again(feed: Path) -> None:
    heard: list[Message] = []
    async with reading(feed, heard) as (app, pilot):
        await until(pilot, lambda: "Beta long read" in prepared(heard, ArticlePrepared))
        opened = len(prepared(heard, ArticleLoaded))
        await pilot.press("n")
        await settle(pilot)
        assert shown_title(app) == "Beta long read"
        assert prepared(heard, ArticleLoaded)[opened:] == []
        # And the one beyond it is read ahead in its turn, as is the one before.
        await until(pilot, lambda: "Gamma without a link" in prepared(heard, ArticlePrepared))


async def test_an_article_edited_after_it_was_read_ahead_is_shown_as_edited(
    feed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    heard: list[Message] = []
    async with reading(feed, heard) as (app, pilot):
        await until(pilot, lambda: "Beta long read" in prepared(heard, ArticlePrepared))
        edited = "Edited since it was read ahead: a longer body than it had before."
        beta = article("Beta long read", "10:00 01/04/2024", edited, "https://example.org/b")
        (feed / "beta.md").write_text(beta, encoding="utf-8")
        shown = shown_bodies(app, monkeypatch)
        await pilot.press("n")
        await until(pilot, lambda: bool(shown))
        assert shown[0] == edited
        assert view(app).article is not None
        assert view(app).article.body == edited


async def test_n_twice_then_p_ends_on_the_second_article_after_the_first(feed: Path) -> None:
    heard: list[Message] = []
    async with reading(feed, heard) as (app, pilot):
        await pilot.press("n", "n")
        await settle(pilot)
        assert shown_title(app) == "Gamma without a link"
        await pilot.press("p")
        await settle(pilot)
        assert shown_title(app) == "Beta long read"
