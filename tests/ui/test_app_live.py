"""Live reload through Pilot: files added, edited and deleted while the app runs show up in it,
and the reader keeps their place."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.feeds import count_walks
from support.pilot import article, articles, running, settle, shown_title, until, view

from reader.ui.app import PressReaderApp


def announcements(app: PressReaderApp, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Every notification from now on, as (title, message)."""
    notes: list[tuple[str, str]] = []
    monkeypatch.setattr(
        app, "notify", lambda message, **options: notes.append((options["title"], message))
    )
    return notes


def listed(app: PressReaderApp) -> list[str]:
    return [summary.title for summary in articles(app).items]


async def test_a_new_file_appears_and_is_announced(
    feed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with running(feed) as (app, pilot):
        notes = announcements(app, monkeypatch)
        await pilot.press("n")
        await settle(pilot)
        (feed / "epsilon.md").write_text(
            article("Epsilon arrives", "10:00 01/06/2024", "Fresh news."), encoding="utf-8"
        )
        await until(pilot, lambda: "Epsilon arrives" in listed(app))
        assert listed(app)[0] == "Epsilon arrives"  # newest first
        assert shown_title(app) == "Beta long read"  # the reader stays where they were
        assert ("1 new article", "• Epsilon arrives") in notes


async def test_an_edited_file_is_shown_again_at_the_same_scroll(feed: Path) -> None:
    async with running(feed) as (app, pilot):
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("space", "space")
        top = view(app).scroll_offset.y
        assert top > 0
        beta = feed / "beta.md"
        beta.write_text(
            beta.read_text(encoding="utf-8").replace("Beta long read", "Beta, updated"),
            encoding="utf-8",
        )
        await until(pilot, lambda: shown_title(app) == "Beta, updated")
        await pilot.pause()
        assert "Beta, updated" in listed(app)
        assert view(app).scroll_offset.y == top


async def test_a_deleted_file_leaves_the_list(feed: Path) -> None:
    async with running(feed) as (app, pilot):
        await pilot.press("n")
        await settle(pilot)
        (feed / "delta.md").unlink()
        await until(pilot, lambda: "Delta" not in listed(app))
        assert len(listed(app)) == 3
        assert shown_title(app) == "Beta long read"


async def test_a_search_in_progress_takes_in_new_matches(feed: Path) -> None:
    async with running(feed) as (app, pilot):
        await pilot.press("slash", *"zebra")
        await pilot.pause(0.3)
        await settle(pilot)
        assert len(articles(app).rows) == 0
        (feed / "zoo.md").write_text(
            article("Zebra escapes", "10:00 01/06/2024", "A zebra was seen."), encoding="utf-8"
        )
        await until(pilot, lambda: [s.title for s in articles(app).rows] == ["Zebra escapes"])


async def test_articles_arriving_in_an_empty_folder_replace_the_message(tmp_path: Path) -> None:
    async with running(tmp_path) as (app, pilot):
        assert not app.query_one("#panes").display
        (tmp_path / "first.md").write_text("# The first one\n\nHello.", encoding="utf-8")
        await until(pilot, lambda: shown_title(app) == "The first one")
        assert app.query_one("#panes").display


async def test_a_broken_file_mended_is_announced_as_it_joins_the_list(
    feed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with running(feed) as (app, pilot):
        notes = announcements(app, monkeypatch)
        (feed / "broken.md").write_text(
            article("Mended at last", "10:00 01/06/2024", "Fixed."), encoding="utf-8"
        )
        await until(pilot, lambda: "Mended at last" in listed(app))
        assert ("1 new article", "• Mended at last") in notes
        assert app.load_errors == {}


async def test_live_reload_looks_at_the_files_it_was_told_of_not_the_whole_feed(
    feed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A walk of a million files takes seconds: one for the load, one when watching begins
    # (for what changed in between), and none for each change after that.
    walks = count_walks(monkeypatch)
    async with running(feed) as (app, pilot):
        await until(pilot, lambda: len(walks) == 2)
        (feed / "epsilon.md").write_text(
            article("Epsilon arrives", "10:00 01/06/2024", "Fresh news."), encoding="utf-8"
        )
        await until(pilot, lambda: "Epsilon arrives" in listed(app))
        (feed / "delta.md").unlink()
        await until(pilot, lambda: "Delta" not in " ".join(listed(app)))
        await settle(pilot)
        assert len(walks) == 2
