"""Screenshots of the saved searches (pytest-textual-snapshot): the section under the article
list at 80x24 and 140x40, with a live reload's new match, and the dialog that saves a search.

Regenerate after an intended change to the look:
    uv run pytest tests/ui/test_saved_snapshots.py --snapshot-update
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from support.pilot import article, until
from textual.pilot import Pilot

from reader.store.config import Config
from reader.ui.app import PressReaderApp
from reader.ui.widgets.saved_list import SavedSearchList
from reader.ui.widgets.sidebar import Sidebar

SMALL = (80, 24)
LARGE = (140, 40)
SEARCHES = {
    "Knife crime": "knife OR blade",
    "Grass fires": "grass fire*",
    "Unread in Kent": "area:Kent is:unread",
    "Typo": "title:",
}


@pytest.fixture
def desk_feed(tmp_path: Path, sample_feed: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The sample feed, copied so live reload can add to it, named by a relative path so the
    screen shows the same text wherever the test runs."""
    shutil.copytree(sample_feed, tmp_path / "feed")
    monkeypatch.chdir(tmp_path)
    return Path("feed")


def desk_app(feed: Path) -> PressReaderApp:
    config = Config(dwell_seconds=600, searches=SEARCHES)
    return PressReaderApp([feed], config=config, config_path=Path("/home/me/config.toml"))


async def settle(pilot: Pilot[Any]) -> None:
    for _ in range(4):
        await pilot.app.wait_for_busy_workers()
        await pilot.pause()


async def focus_saved(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    await pilot.press("apostrophe", "down")
    await settle(pilot)


def test_saved_searches_at_80_by_24(snap_compare: Any, desk_feed: Path) -> None:
    """Under the list, focused, the second highlighted; a bad query says so."""
    assert snap_compare(desk_app(desk_feed), terminal_size=SMALL, run_before=focus_saved)


def test_a_new_match_at_140_by_40(snap_compare: Any, desk_feed: Path) -> None:
    """Live reload brought a knife article: the alert, and "1 new" beside the search."""

    async def bring_news(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        (desk_feed / "2030-01-01-knife-bin.md").write_text(
            article("Knife amnesty bin opens in Margate", "10:00 01/01/2030", "A knife bin."),
            encoding="utf-8",
        )
        saved = pilot.app.screen.query_one(SavedSearchList)
        await until(pilot, lambda: saved.unseen("Knife crime") == 1)

    assert snap_compare(desk_app(desk_feed), terminal_size=LARGE, run_before=bring_news)


def test_the_save_dialog_refuses_a_config_name(snap_compare: Any, desk_feed: Path) -> None:
    async def save_as_typo(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("slash", *"police", "enter")
        sidebar = pilot.app.screen.query_one(Sidebar)
        await until(pilot, lambda: sidebar.filtered)  # past the box's pause for typing
        await pilot.press("ctrl+s", *"Typo")
        await settle(pilot)

    assert snap_compare(desk_app(desk_feed), terminal_size=SMALL, run_before=save_as_typo)
