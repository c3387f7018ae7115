"""Saved searches in the app: listed under the articles with their counts, run when chosen, saved
and deleted from the app, and announced when live reload brings a new match."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from support.pilot import article, articles, palette_hits, settle, shown_title, until
from textual.pilot import Pilot
from textual.widgets import Input, Static

from reader.store.config import Config
from reader.store.state import ReadingState, state_path
from reader.ui.app import PressReaderApp
from reader.ui.screens.save_search import SaveSearchScreen
from reader.ui.widgets.saved_list import SavedSearchList

SEARCHES = {"Knives": "knife OR blade", "Gamma": "gamma"}


@asynccontextmanager
async def running(
    feed: Path, searches: dict[str, str] = SEARCHES, size: tuple[int, int] = (120, 36)
) -> AsyncIterator[tuple[PressReaderApp, Pilot[Any]]]:
    config = Config(dwell_seconds=600, searches=searches)
    app = PressReaderApp([feed], config=config, config_path=Path("/home/me/config.toml"))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        yield app, pilot


def saved(app: PressReaderApp) -> SavedSearchList:
    return app.screen.query_one(SavedSearchList)


def rows(app: PressReaderApp) -> list[str]:
    """The saved searches as shown, runs of spaces made one."""
    return [" ".join(str(option.prompt).split()) for option in saved(app).options]


def notes_of(app: PressReaderApp, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Every notification from now on, as (title, message)."""
    notes: list[tuple[str, str]] = []
    monkeypatch.setattr(
        app, "notify", lambda message, **options: notes.append((options.get("title", ""), message))
    )
    return notes


def add_knife_article(feed: Path) -> None:
    (feed / "epsilon.md").write_text(
        article("Knife amnesty bin opens", "10:00 01/06/2024", "A knife bin."), encoding="utf-8"
    )


async def test_every_saved_search_is_listed_with_its_counts(feed: Path) -> None:
    searches = {**SEARCHES, "Bad": "title:"}
    async with running(feed, searches) as (app, _pilot):
        # No article of the feed has a knife; one is Gamma.
        assert rows(app) == ["Knives 0 ●0", "Gamma 1 ●1", "Bad bad query"]
        assert not saved(app).has_class("-empty")


async def test_the_section_is_hidden_while_there_are_no_saved_searches(
    feed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with running(feed, {}) as (app, pilot):
        assert saved(app).has_class("-empty")
        notes = notes_of(app, monkeypatch)
        await pilot.press("apostrophe")
        assert notes[0][0] == "Saved searches"
        assert notes[0][1].startswith("No saved searches yet: search (/), then ctrl+s saves it")


async def test_choosing_a_saved_search_runs_it_in_the_search_box(feed: Path) -> None:
    async with running(feed) as (app, pilot):
        await pilot.press("apostrophe")
        assert saved(app).has_focus
        await pilot.press("down", "enter")
        await until(pilot, lambda: len(articles(app).rows) == 1)  # past the typing pause
        assert app.screen.query_one("#search-input", Input).value == "gamma"
        assert [summary.title for summary in articles(app).rows] == ["Gamma without a link"]
        assert articles(app).has_focus


async def test_the_unread_count_follows_the_marks(feed: Path) -> None:
    async with running(feed) as (app, pilot):
        await pilot.press("apostrophe", "down", "enter")
        await until(pilot, lambda: shown_title(app) == "Gamma without a link")
        await pilot.press("u")  # Gamma, the search's one match, is read
        await settle(pilot)
        assert rows(app)[1] == "Gamma 1 ●0"


async def test_a_search_is_saved_under_a_name_from_the_app(
    feed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with running(feed) as (app, pilot):
        await pilot.press("slash", *"delta", "enter")
        await settle(pilot)
        notes = notes_of(app, monkeypatch)
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, SaveSearchScreen)
        await pilot.press(*"Last one", "enter")
        await settle(pilot)
        assert not isinstance(app.screen, SaveSearchScreen)
        assert rows(app) == ["Knives 0 ●0", "Gamma 1 ●1", "Last one 1 ●1"]
        assert ("Saved searches", "Saved the search 'Last one': delta") in notes
    with ReadingState(state_path()) as state:
        assert state.saved_searches() == {"Last one": "delta"}


async def test_a_bad_name_is_refused_in_the_dialog_saying_why(feed: Path) -> None:
    async with running(feed) as (app, pilot):
        await pilot.press("slash", *"delta", "enter", "ctrl+s")
        await pilot.press(*"Knives")
        problem = app.screen.query_one("#save-search-problem", Static)
        assert str(problem.content) == (
            "'Knives' is set in the config file's [searches] (/home/me/config.toml): choose "
            "another name."
        )
        assert problem.has_class("-problem")
        await pilot.press("enter")
        assert isinstance(app.screen, SaveSearchScreen)  # not saved: still asking
        await pilot.press(*["backspace"] * 6, "enter")
        assert str(problem.content) == "A saved search needs a name."
        await pilot.press("escape")
        assert not isinstance(app.screen, SaveSearchScreen)
        await settle(pilot)
        assert rows(app) == ["Knives 0 ●0", "Gamma 1 ●1"]


async def test_saving_with_no_search_says_there_is_none(
    feed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with running(feed) as (app, pilot):
        notes = notes_of(app, monkeypatch)
        await pilot.press("ctrl+s")
        assert not isinstance(app.screen, SaveSearchScreen)
        assert notes == [
            ("Save the search", "There is no search to save: type one first (/), then save it.")
        ]


async def test_a_search_saved_in_the_app_is_deleted_and_a_config_one_is_not(
    feed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with ReadingState(state_path()) as state:
        state.save_search("Deltas", "delta")
    async with running(feed) as (app, pilot):
        assert rows(app)[-1] == "Deltas 1 ●1"
        notes = notes_of(app, monkeypatch)
        await pilot.press("apostrophe", "d")  # on Knives, from the config
        assert notes[-1] == (
            "Saved searches",
            "'Knives' is set in the config file's [searches] (/home/me/config.toml), which the "
            "app does not change: remove it there.",
        )
        await pilot.press("end", "d")
        await settle(pilot)
        assert rows(app) == ["Knives 0 ●0", "Gamma 1 ●1"]
        assert notes[-1] == ("Saved searches", "Deleted the saved search 'Deltas'")
        assert saved(app).highlighted == 1  # the cursor stays in the list
    with ReadingState(state_path()) as state:
        assert state.saved_searches() == {}


async def test_live_reload_announces_a_new_match_once_until_it_is_seen(
    feed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with running(feed) as (app, pilot):
        notes = notes_of(app, monkeypatch)
        add_knife_article(feed)
        await until(pilot, lambda: rows(app)[0] == "Knives 1 new 1 ●1")
        assert ("Knives: 1 new match", "• Knife amnesty bin opens") in notes
        assert saved(app).unseen("Knives") == 1
        # Edited, it is not news again.
        (feed / "epsilon.md").write_text(
            article("Knife amnesty bin opens", "10:00 01/06/2024", "A knife bin, edited."),
            encoding="utf-8",
        )
        await until(pilot, lambda: len([n for n in notes if n[0] == "1 new article"]) == 1)
        await settle(pilot)
        assert [note for note in notes if note[0].startswith("Knives")] == [
            ("Knives: 1 new match", "• Knife amnesty bin opens")
        ]
        await pilot.press("apostrophe", "enter")  # running the search sees it
        await settle(pilot)
        assert rows(app)[0] == "Knives 1 ●1"
        assert saved(app).unseen("Knives") == 0


async def test_opening_the_new_article_makes_it_seen(feed: Path) -> None:
    async with running(feed) as (app, pilot):
        add_knife_article(feed)
        await until(pilot, lambda: rows(app)[0] == "Knives 1 new 1 ●1")
        await pilot.press("g")  # the newest: the new article
        await settle(pilot)
        assert shown_title(app) == "Knife amnesty bin opens"
        assert rows(app)[0] == "Knives 1 ●1"


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("saved searches", "Go to the saved searches"),
        ("save search", "Save the search under a name"),
    ],
)
async def test_the_palette_finds_the_saved_search_commands(
    feed: Path, query: str, found: str
) -> None:
    async with running(feed) as (app, _pilot):
        assert found in (await palette_hits(app, query))[:2]


async def test_the_help_lists_the_saved_search_keys(feed: Path) -> None:
    from reader.ui.commands import binding_sections

    async with running(feed) as (app, _pilot):
        sections = dict(binding_sections(app))
        reading = {action.keys: action.description for action in sections["Reading"]}
        assert reading["^s"] == "Save the search under a name"
        assert reading["'"] == "Go to the saved searches"
        focused = sections["Saved searches (when focused)"]
        assert [(a.keys, a.description) for a in focused] == [("d, del", "Delete the saved search")]


async def test_the_palette_runs_and_deletes_saved_searches_by_name(feed: Path) -> None:
    from reader.ui.commands import SavedSearchCommands

    with ReadingState(state_path()) as state:
        state.save_search("Deltas", "delta")
    async with running(feed) as (app, pilot):
        provider = SavedSearchCommands(app.screen)
        offered = [hit.text async for hit in provider.discover()]
        assert offered == [
            "Run the saved search Knives",
            "Run the saved search Gamma",
            "Run the saved search Deltas",
            "Delete the saved search Deltas",
        ]
        hits = [hit async for hit in provider.search("run gamma")]
        hits[0].command()
        await until(pilot, lambda: len(articles(app).rows) == 1)
        assert [summary.title for summary in articles(app).rows] == ["Gamma without a link"]
        delete = [hit async for hit in provider.search("delete deltas")]
        delete[0].command()
        await settle(pilot)
        assert rows(app) == ["Knives 0 ●0", "Gamma 1 ●1"]


async def test_marking_everything_read_and_undoing_it_shows_in_the_unread_counts(
    feed: Path,
) -> None:
    async with running(feed) as (app, pilot):
        await pilot.press("A")
        await settle(pilot)
        assert rows(app) == ["Knives 0 ●0", "Gamma 1 ●0"]
        await pilot.press("z")
        await settle(pilot)
        assert rows(app) == ["Knives 0 ●0", "Gamma 1 ●1"]
