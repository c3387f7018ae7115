"""Issue 16, in the app: tags and a note set from dialogs (kept in the reading state, shown in
the info panel at once, searched by `tag:` and `has:note`), the article's file path and `e` to
edit it, and `Y` to copy the whole article as markdown."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from support.pilot import ALPHA_TITLE, articles, recorded_notes, running, settle, view
from textual.pilot import Pilot
from textual.widgets import Input, Static, TextArea

from reader.store.state import MAX_NOTE_LENGTH, ReadingState, state_path
from reader.ui.app import PressReaderApp
from reader.ui.editing import NO_EDITOR
from reader.ui.screens.annotations import NoteScreen, TagsScreen
from reader.ui.widgets.info_panel import NO_ANNOTATIONS
from reader.ui.widgets.metadata_fields import AnnotationFields, MetadataFields
from reader.ui.widgets.sidebar import SEARCH_DEBOUNCE_SECONDS


def annotations(app: PressReaderApp) -> dict[str, str]:
    return dict(app.query_one(AnnotationFields).fields)


def stored() -> tuple[dict[str, tuple[str, ...]], dict[str, str]]:
    """The tags and notes in the state file (read as another process would)."""
    with ReadingState(state_path(), read_only=True) as state:
        return state.tag_map(), state.notes()


async def search(app: PressReaderApp, pilot: Pilot[Any], text: str) -> list[str]:
    """The titles a search lists."""
    await pilot.press("slash", *text)
    await pilot.pause(SEARCH_DEBOUNCE_SECONDS * 2)
    await settle(pilot)
    return [summary.title for summary in articles(app).rows]


async def set_tags(pilot: Pilot[Any], text: str) -> None:
    await pilot.press("T")
    assert isinstance(pilot.app.screen, TagsScreen)
    pilot.app.screen.query_one(Input).value = text
    await pilot.press("enter")
    await settle(pilot)


# --- tags ---------------------------------------------------------------------------------------


async def test_tags_set_in_the_dialog_show_in_the_panel_and_a_tag_search_finds_them(
    feed: Path,
) -> None:
    async with running(feed) as (app, pilot):
        assert app.query_one(AnnotationFields).fields == []
        await set_tags(pilot, "Court, knife crime,, court")
        assert not isinstance(app.screen, TagsScreen)
        assert annotations(app) == {"Tags": "court, knife crime"}
        identity = view(app).article.identity  # type: ignore[union-attr]
        assert stored()[0] == {identity: ("court", "knife crime")}
        assert await search(app, pilot, "tag:court") == [ALPHA_TITLE]


async def test_the_tags_dialog_lists_the_tags_and_deleting_one_takes_it_off(feed: Path) -> None:
    async with running(feed) as (app, pilot):
        await set_tags(pilot, "court, kent")
        await pilot.press("T")
        assert app.screen.query_one(Input).value == "court, kent"
        app.screen.query_one(Input).value = "kent"
        await pilot.press("enter")
        await settle(pilot)
        assert annotations(app) == {"Tags": "kent"}
        await set_tags(pilot, "")
        assert annotations(app) == {}
        assert stored()[0] == {}
        assert await search(app, pilot, "tag:kent") == []


async def test_a_tag_with_no_letter_is_refused_in_the_dialog(feed: Path) -> None:
    async with running(feed) as (app, pilot):
        await set_tags(pilot, "court, !!!")
        assert isinstance(app.screen, TagsScreen)
        problem = app.screen.query_one("#tags-problem", Static)
        assert str(problem.render()) == "“!!!”: '!!!' has no letter or digit to search it by."
        await pilot.press("escape")
        assert not isinstance(app.screen, TagsScreen)
        assert annotations(app) == {}
        assert stored()[0] == {}


# --- the note -----------------------------------------------------------------------------------


async def write_note(pilot: Pilot[Any], text: str) -> None:
    await pilot.press("a")
    assert isinstance(pilot.app.screen, NoteScreen)
    pilot.app.screen.query_one(TextArea).text = text
    await pilot.press("ctrl+s")
    await settle(pilot)


async def test_a_note_written_in_the_dialog_shows_in_the_panel_and_is_searched(
    feed: Path,
) -> None:
    async with running(feed) as (app, pilot):
        await write_note(pilot, "Call the press office\nabout the arch.")
        assert not isinstance(app.screen, NoteScreen)
        assert annotations(app) == {"Note": "Call the press office about the arch."}
        identity = view(app).article.identity  # type: ignore[union-attr]
        assert stored()[1] == {identity: "Call the press office\nabout the arch."}
        assert await search(app, pilot, "has:note") == [ALPHA_TITLE]


async def test_clear_removes_the_note(feed: Path) -> None:
    async with running(feed) as (app, pilot):
        await write_note(pilot, "Check the date.")
        await pilot.press("a")
        assert app.screen.query_one(TextArea).text == "Check the date."
        await pilot.click("#note-clear")
        await settle(pilot)
        assert not isinstance(app.screen, NoteScreen)
        assert annotations(app) == {}
        assert stored()[1] == {}
        placeholder = str(app.query_one(AnnotationFields).render())
        assert placeholder.replace("\n", " ") == NO_ANNOTATIONS


async def test_a_note_too_long_is_refused_in_the_dialog(feed: Path) -> None:
    async with running(feed) as (app, pilot):
        await write_note(pilot, "x" * (MAX_NOTE_LENGTH + 5))
        assert isinstance(app.screen, NoteScreen)
        problem = str(app.screen.query_one("#note-problem", Static).render())
        assert problem == "A note is at most 20,000 characters; this one has 20,005."
        await pilot.press("escape")
        assert stored()[1] == {}


async def test_a_long_note_shows_its_start_in_the_panel(feed: Path) -> None:
    async with running(feed) as (app, pilot):
        await write_note(pilot, "word " * 200)
        shown = annotations(app)["Note"]
        assert len(shown) == 400
        assert shown.endswith("word…")


# --- the file -----------------------------------------------------------------------------------


async def test_the_panel_shows_the_articles_file(feed: Path) -> None:
    async with running(feed) as (app, _pilot):
        assert dict(app.query_one(MetadataFields).fields)["File"] == str(feed / "alpha.md")


@contextmanager
def editing(
    app: PressReaderApp, monkeypatch: pytest.MonkeyPatch, edit: Any = None, status: int = 0
) -> Iterator[list[Sequence[str]]]:
    """The app steps aside for a pretend editor, which records its command line, does `edit`
    to the file, and exits with `status`."""
    ran: list[Sequence[str]] = []

    def run(command: Sequence[str], check: bool) -> subprocess.CompletedProcess[bytes]:
        ran.append(command)
        if edit is not None:
            edit(Path(command[-1]))
        return subprocess.CompletedProcess(command, status)

    @contextmanager
    def suspend() -> Iterator[None]:
        yield

    monkeypatch.setattr("reader.ui.editing.subprocess.run", run)
    monkeypatch.setattr(app, "suspend", suspend)
    yield ran


async def test_e_opens_the_file_in_visual_and_shows_the_edit_where_the_reader_was(
    feed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VISUAL", "my-editor --wait")
    monkeypatch.setenv("EDITOR", "vi")
    # The edit is shown by `e` itself: live reload, seeing it too, would read it again at a
    # moment of its own (tested in test_app_live).
    monkeypatch.setattr("reader.feed.watch.watch_feed", lambda paths, stop: iter(()))
    beta = feed / "beta.md"

    def edit(path: Path) -> None:
        path.write_text(path.read_text().replace("Paragraph 40 ", "Paragraph forty "))

    async with running(feed) as (app, pilot):
        await pilot.press("n")  # Beta, the long one
        await settle(pilot)
        view(app).scroll_to(y=30, animate=False, immediate=True)
        with editing(app, monkeypatch, edit) as ran:
            await pilot.press("e")
            await settle(pilot)
        assert ran == [["my-editor", "--wait", str(beta)]]
        assert "Paragraph forty has a few words in it." in view(app).lines
        assert view(app).scroll_offset.y == 30


async def test_e_without_an_editor_says_how_to_set_one(
    feed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    async with running(feed) as (app, pilot):
        notes = recorded_notes(app, monkeypatch)
        with editing(app, monkeypatch) as ran:
            await pilot.press("e")
        assert ran == []
        assert notes == [(NO_EDITOR, "warning")]


async def test_an_editor_that_fails_is_reported(
    feed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", "broken-editor")
    monkeypatch.delenv("VISUAL", raising=False)
    async with running(feed) as (app, pilot):
        notes = recorded_notes(app, monkeypatch)
        with editing(app, monkeypatch, status=3):
            await pilot.press("e")
            await settle(pilot)
        assert notes == [("The editor 'broken-editor' exited with status 3.", "warning")]
        assert view(app).article is not None


async def test_e_in_a_terminal_that_cannot_be_handed_over_says_so(
    feed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", "vi")
    async with running(feed) as (app, pilot):  # headless: the app cannot suspend
        notes = recorded_notes(app, monkeypatch)
        await pilot.press("e")
        await settle(pilot)
        assert notes == [
            ("The editor cannot take over this terminal (the app runs in a browser).", "warning")
        ]


# --- copying the article ------------------------------------------------------------------------


async def test_y_copies_the_whole_article_as_markdown_with_its_source_line(
    feed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with running(feed) as (app, pilot):
        notes = recorded_notes(app, monkeypatch)
        await pilot.press("Y")
        await pilot.pause()
        assert app.clipboard == (
            "# Alpha [bold red]x[/] and [/] news\n\n"
            "Police in **Alpha** town.\n\n"
            "Read [the council page](https://example.org/council) or "
            "[the archive](ftp://example.org/archive).\n\n"
            "Source: “Alpha [bold red]x[/] and [/] news”, 1 May 2024. https://example.org/a\n"
        )
        ((note, severity),) = notes
        assert note.startswith(
            "Copied the article as markdown (11 words, with its source line): # Alpha"
        )
        assert len(note) < 300
        assert severity == "information"
