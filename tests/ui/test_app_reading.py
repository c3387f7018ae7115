"""The reading workflow in the app, through Pilot: read marks, stars, unread navigation, sort,
the last position, copying a quote, and the config file's settings."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest
from support.feeds import count_parses
from support.pilot import (
    ALPHA_TITLE,
    QUOTE,
    SIZE,
    articles,
    recorded_notes,
    settle,
    shown_title,
    until,
    view,
)
from textual.pilot import Pilot
from textual.widgets import Input, Label, Static

from reader.cli import main
from reader.feed.library import ListView
from reader.store.config import Config
from reader.store.state import ReadingState, feed_key, state_path
from reader.ui.app import PressReaderApp
from reader.ui.screens.export import ExportScreen
from reader.ui.screens.speakers import SpeakersScreen
from reader.ui.widgets.article_list import ROW_HEIGHT
from reader.ui.widgets.info_panel import InfoPanel
from reader.ui.widgets.quote_list import QuoteList
from reader.ui.widgets.sidebar import SEARCH_DEBOUNCE_SECONDS

INSTANT = Config(dwell_seconds=0)
# Nothing becomes read by dwelling, however slow the machine: the tests that count marks say
# when an article is read.
NO_DWELL = Config(dwell_seconds=600)


@asynccontextmanager
async def reading(
    folder: Path, config: Config | None = None, **options: Any
) -> AsyncIterator[tuple[PressReaderApp, Pilot[Any]]]:
    app = PressReaderApp([folder], config=config or NO_DWELL, **options)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        yield app, pilot
    await app.wait_for_busy_workers()


def counts(app: PressReaderApp) -> str:
    return str(app.query_one("#counts", Label).content)


def gutter(app: PressReaderApp, row: int) -> str:
    """The two mark glyphs of `row` (unread, starred) as drawn, when the row is on screen."""
    listing = articles(app)
    top = row * ROW_HEIGHT - listing.scroll_offset.y
    return listing.render_line(top).text[1] + listing.render_line(top + 1).text[1]


def stored(kind: str) -> set[str]:
    with ReadingState(state_path()) as state:
        return state.read_identities() if kind == "read" else state.starred_identities()


async def test_an_article_becomes_read_once_it_has_been_open_for_the_dwell(feed: Path) -> None:
    async with reading(feed, Config(dwell_seconds=2.0)) as (app, pilot):
        assert counts(app) == "4 articles · 4 unread"
        assert gutter(app, 0) == "● "
        await pilot.pause(2.3)
        assert counts(app) == "4 articles · 3 unread"
        assert gutter(app, 0) == "  "
        alpha = articles(app).items[0].identity
    assert stored("read") == {alpha}


async def test_moving_on_before_the_dwell_leaves_the_article_unread(feed: Path) -> None:
    async with reading(feed, Config(dwell_seconds=2.0)) as (app, pilot):
        await pilot.press("n")
        await pilot.pause(0.1)
        await pilot.press("n")
        await pilot.pause(2.3)
        read = {summary.title for summary in articles(app).items if app.session.is_read(summary)}
        assert read == {"Gamma without a link"}  # Alpha and Beta were passed over


async def test_u_toggles_read_and_the_mark_survives_a_restart(feed: Path) -> None:
    async with reading(feed) as (app, pilot):  # the default dwell: nothing read yet
        await pilot.press("u")
        assert counts(app) == "4 articles · 3 unread"
        await pilot.press("u")
        assert counts(app) == "4 articles · 4 unread"
        await pilot.press("n", "u")
        beta = articles(app).current
    assert beta is not None and stored("read") == {beta.identity}
    async with reading(feed) as (app, _pilot):
        assert counts(app) == "4 articles · 3 unread"
        assert gutter(app, 1) == "  "


async def test_s_stars_and_the_star_survives_a_restart(feed: Path) -> None:
    async with reading(feed) as (app, pilot):
        await pilot.press("s")
        assert gutter(app, 0) == "●★"
    async with reading(feed) as (app, pilot):
        assert gutter(app, 0) == "●★"
        await pilot.press("s")
        assert gutter(app, 0) == "● "
    assert stored("starred") == set()


async def test_capital_n_jumps_to_the_next_unread_article(feed: Path) -> None:
    async with reading(feed) as (app, pilot):
        await pilot.press("n", "u", "n", "u", "g")  # Beta and Gamma read
        await pilot.press("N")
        await settle(pilot)
        assert shown_title(app) == "Delta"
        await pilot.press("N")
        await settle(pilot)
        assert shown_title(app) == ALPHA_TITLE  # wraps round


async def test_n_says_so_when_everything_is_read(
    feed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with reading(feed, INSTANT) as (app, pilot):
        for _ in range(3):
            await pilot.press("n")
            await settle(pilot)
        notes = recorded_notes(app, monkeypatch)
        await pilot.press("N")
        assert notes == [("Every article listed is read.", "information")]


async def test_space_at_the_end_of_an_article_goes_to_the_next_unread(feed: Path) -> None:
    async with reading(feed) as (app, pilot):
        await pilot.press("n", "n", "u", "g", "n")  # on Beta (long); Gamma is read
        await settle(pilot)
        body = view(app)
        while body.scroll_y < body.max_scroll_y:
            await pilot.press("space")
        assert shown_title(app) == "Beta long read"
        await pilot.press("space")
        await settle(pilot)
        assert shown_title(app) == "Delta"


async def test_is_unread_and_is_starred_filter_the_list(feed: Path) -> None:
    async with reading(feed) as (app, pilot):
        await pilot.press("u", "n", "s", "n")
        await pilot.press("slash", *"is:unread")
        await pilot.pause(SEARCH_DEBOUNCE_SECONDS * 2)
        await settle(pilot)
        assert {s.title for s in articles(app).rows} == {
            "Beta long read",
            "Gamma without a link",
            "Delta",
        }
        await pilot.press(*["backspace"] * len("unread"), *"starred")
        await pilot.pause(SEARCH_DEBOUNCE_SECONDS * 2)
        await settle(pilot)
        assert [s.title for s in articles(app).rows] == ["Beta long read"]


async def test_capital_s_cycles_the_sort_order(feed: Path) -> None:
    async with reading(feed) as (app, pilot):
        titles = [s.title for s in articles(app).rows]
        await pilot.press("S")
        assert [s.title for s in articles(app).rows] == titles[::-1]  # oldest first
        await pilot.press("S")
        assert [s.title for s in articles(app).rows] == sorted(titles, key=str.casefold)


async def test_the_sort_in_the_config_file_is_the_starting_order(feed: Path) -> None:
    async with reading(feed, Config(sort="oldest")) as (app, _pilot):
        assert shown_title(app) == "Delta"
        assert articles(app).rows[-1].title == ALPHA_TITLE


async def test_the_last_article_and_its_scroll_are_restored_on_the_next_start(
    feed: Path,
) -> None:
    async with reading(feed) as (app, pilot):
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("space", "space")
        top = view(app).scroll_offset.y
        assert top > 0
    async with reading(feed) as (app, pilot):
        await pilot.pause()
        assert shown_title(app) == "Beta long read"
        assert view(app).scroll_offset.y == top


async def test_moving_the_feed_folder_keeps_its_marks_and_position(
    feed: Path, tmp_path: Path
) -> None:
    async with reading(feed) as (app, pilot):
        await pilot.press("n", "n", "s")
        await settle(pilot)
    moved = feed.rename(tmp_path / "moved")
    async with reading(moved) as (app, pilot):
        assert shown_title(app) == "Gamma without a link"
        assert gutter(app, 2) == "●★"


@pytest.mark.usefixtures("fixed_quotes")
async def test_c_copies_the_chosen_quote_with_its_citation(feed: Path) -> None:
    async with reading(feed) as (app, pilot):
        await pilot.press("n")
        await settle(pilot)
        quotes = app.query_one("#quotes")
        quotes.focus()
        await pilot.press("down", "enter", "c")
        assert app.clipboard == (
            f"“{QUOTE}” — Inspector Jane Doe. In “Beta long read”, 1 April 2024. "
            "https://example.org/b"
        )


async def test_c_without_a_chosen_quote_says_what_to_do(
    feed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with reading(feed) as (app, pilot):
        notes = recorded_notes(app, monkeypatch)
        await pilot.press("c")
        assert notes and notes[0][1] == "warning"
        assert "Choose a quote first" in notes[0][0]


async def test_keys_from_the_config_file_replace_the_defaults(feed: Path) -> None:
    config = Config(keys=MappingProxyType({"toggle_read": "ctrl+t", "next_article": "ctrl+j"}))
    async with reading(feed, config) as (app, pilot):
        await pilot.press("ctrl+t")
        assert counts(app) == "4 articles · 3 unread"
        await pilot.press("ctrl+j")
        await settle(pilot)
        assert shown_title(app) == "Beta long read"


async def test_unknown_binding_ids_in_the_config_file_are_reported(
    feed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config_file = tmp_path / "config.toml"
    notes: list[str] = []
    monkeypatch.setattr(
        PressReaderApp, "notify", lambda self, message, **_: notes.append(message), False
    )
    config = Config(keys=MappingProxyType({"toggle_raed": "x"}), theme="no-such-theme")
    async with reading(feed, config, config_path=config_file) as (app, _pilot):
        assert app.config.keys == {}
    assert any("toggle_raed" in note and "toggle_read" in note for note in notes)
    assert any("no-such-theme" in note for note in notes)


async def test_a_state_file_that_cannot_be_opened_leaves_the_app_reading(
    feed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the state folder should be")
    notes: list[str] = []
    monkeypatch.setattr(
        PressReaderApp, "notify", lambda self, message, **_: notes.append(message), False
    )
    async with reading(feed, state_dir=blocked) as (app, pilot):
        assert not app.session.active
        assert shown_title(app) == ALPHA_TITLE
        assert counts(app) == "4 articles"
        await pilot.press("u", "s", "N")  # no marks to keep: nothing breaks
    assert any("not saved" in note for note in notes)


async def test_x_exports_the_quotes_of_the_listed_articles_as_the_cli_does(
    sample_feed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "kent.json"
    async with reading(sample_feed) as (app, pilot):
        await pilot.press("slash", *"area:kent")
        await pilot.pause(SEARCH_DEBOUNCE_SECONDS * 2)
        await settle(pilot)
        await pilot.press("enter", "x")
        assert isinstance(app.screen, ExportScreen)
        path_box = app.screen.query_one(Input)
        assert path_box.value.endswith(".csv")
        path_box.value = str(target)
        await pilot.press("enter")
        await settle(pilot)
    exported = json.loads(target.read_text(encoding="utf-8"))
    assert main(["quotes", str(sample_feed), "--query", "area:kent", "--json"]) == 0
    from_cli = json.loads(capsys.readouterr().out)
    assert len(exported) >= 4
    assert sorted(exported, key=_record_order) == sorted(from_cli, key=_record_order)
    assert {"Mark Hedges", "Ashley Clark"} <= {record["speaker"] for record in exported}


async def export_to(app: PressReaderApp, pilot: Pilot[Any], target: Path) -> None:
    """Export the listed articles' quotes (x) to `target`, and wait for the file."""
    await pilot.press("x")
    app.screen.query_one(Input).value = str(target)
    await pilot.press("enter")
    await until(pilot, target.exists)
    await settle(pilot)


def exported_quotes(target: Path) -> list[tuple[str, str]]:
    """(speaker, text) of each record of a JSON export."""
    return [(each["speaker"], each["text"]) for each in json.loads(target.read_text("utf-8"))]


async def test_the_export_writes_the_stored_quotes_of_the_files_as_they_are_now(
    feed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "quotes.json"
    async with reading(feed) as (app, pilot):
        parses = count_parses(monkeypatch)
        # The list's rows are never all read (a million summaries would not fit), nor its
        # files read again: the quotes come from the index, by id.
        monkeypatch.setattr(ListView, "__iter__", lambda self: pytest.fail("rows all read"))
        # Edited just before the export: the export's sync reads this file, and no other.
        beta = feed / "beta.md"
        beta.write_text(beta.read_text(encoding="utf-8").replace(QUOTE, "Edited words."))
        await export_to(app, pilot, target)
    assert exported_quotes(target) == [("Jane Doe", "Edited words.")]
    assert set(parses) <= {"beta.md"}


async def test_the_export_keeps_an_article_whose_date_was_edited_just_before_it(
    feed: Path, tmp_path: Path
) -> None:
    target = tmp_path / "quotes.json"
    async with reading(feed) as (app, pilot):
        # A new date gives the article a new id in the index: the export must still find it.
        beta = feed / "beta.md"
        text = beta.read_text(encoding="utf-8").replace("10:00 01/04/2024", "09:00 02/04/2024")
        beta.write_text(text.replace(QUOTE, "Edited words."))
        await export_to(app, pilot, target)
    assert exported_quotes(target) == [("Jane Doe", "Edited words.")]


def _record_order(record: dict[str, Any]) -> tuple[str, int]:
    return (record["file"], record["start"])


async def test_the_export_dialog_refuses_a_name_without_csv_or_json(
    feed: Path, tmp_path: Path
) -> None:
    async with reading(feed) as (app, pilot):
        await pilot.press("x")
        app.screen.query_one(Input).value = str(tmp_path / "quotes.txt")
        await pilot.press("enter")
        assert isinstance(app.screen, ExportScreen)
        problem = app.screen.query_one("#export-problem", Static)
        assert "end the name in .csv or .json" in str(problem.render())
        await pilot.press("escape")
        assert not isinstance(app.screen, ExportScreen)
    assert not (tmp_path / "quotes.txt").exists()


async def test_w_opens_the_speaker_index_and_a_chosen_quote_opens_its_article(
    sample_feed: Path,
) -> None:
    async with reading(sample_feed) as (app, pilot):
        await pilot.press("w")
        assert isinstance(app.screen, SpeakersScreen)
        await app.wait_for_busy_workers()
        await pilot.pause()
        await pilot.press(*"hedges")
        await pilot.pause()
        await pilot.press("enter", "enter")  # the speaker, then his quote
        await settle(pilot)
        assert not isinstance(app.screen, SpeakersScreen)
        assert (
            shown_title(app)
            == "Emergency medical packs given to organisations in Canterbury city centre"
        )
        highlighted = view(app).highlighted
        assert len(highlighted) == 1
        assert highlighted[0].startswith("Knife crime and violence is very low")
        assert highlighted[0].endswith("should they ever be needed.")


async def test_the_position_is_saved_when_an_article_is_read_not_only_on_quitting(
    feed: Path,
) -> None:
    async with reading(feed, INSTANT) as (app, pilot):
        await pilot.press("n")
        await settle(pilot)
        beta = articles(app).current
        assert beta is not None

        def saved() -> str | None:
            # Read from another connection while the app still runs: a killed app would find it.
            with ReadingState(state_path(), read_only=True) as state:
                position = state.last_position(feed_key([feed]))
            return position.identity if position is not None else None

        # The position is written by a worker, which a loaded machine may run a little later.
        await until(pilot, lambda: saved() == beta.identity)


async def test_marks_made_by_another_instance_show_up_without_a_restart(
    feed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("reader.ui.app.MARKS_REFRESH_SECONDS", 0.2)
    async with reading(feed) as (app, pilot):
        delta = articles(app).items[3]
        assert gutter(app, 3) == "● "
        with ReadingState(state_path()) as other:  # a second process, in effect
            other.set_starred(delta.identity, True)
            other.mark_read(delta.identity)
        await pilot.pause(0.6)
        await settle(pilot)
        assert gutter(app, 3) == " ★"
        assert counts(app) == "4 articles · 3 unread"


async def test_marks_made_just_before_quitting_are_all_committed_in_order(feed: Path) -> None:
    async with reading(feed) as (app, pilot):
        listing = articles(app)
        alpha, beta = listing.items[0].identity, listing.items[1].identity
        # Toggled an odd number of times, alpha ends read; beta is starred; no pause before quit.
        await pilot.press("u", "u", "u", "s", "n", "s", "s", "s", "u", "u")
    assert stored("read") == {alpha}
    assert stored("starred") == {alpha, beta}


async def test_capital_u_and_asterisk_list_only_the_unread_or_the_starred(feed: Path) -> None:
    async with reading(feed) as (app, pilot):
        await pilot.press("u", "n", "s")
        await pilot.press("U")
        await pilot.pause(SEARCH_DEBOUNCE_SECONDS * 2)
        await settle(pilot)
        assert app.focused is articles(app)
        assert [s.title for s in articles(app).rows] == [
            "Beta long read",
            "Gamma without a link",
            "Delta",
        ]
        await pilot.press("asterisk")
        await pilot.pause(SEARCH_DEBOUNCE_SECONDS * 2)
        await settle(pilot)
        assert [s.title for s in articles(app).rows] == ["Beta long read"]
        await pilot.press("escape")
        await settle(pilot)
        assert len(articles(app).rows) == 4


@pytest.mark.usefixtures("fixed_quotes")
async def test_capital_q_goes_to_the_quotes_even_with_the_panel_hidden(feed: Path) -> None:
    async with reading(feed) as (app, pilot):
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("i")  # hide the panel
        await pilot.press("Q")
        assert app.query_one(InfoPanel).display
        assert app.focused is app.query_one(QuoteList)
        await pilot.press("down", "enter", "c")
        assert view(app).highlighted == [QUOTE]
        assert app.clipboard.startswith(f"“{QUOTE}” — Inspector Jane Doe.")
