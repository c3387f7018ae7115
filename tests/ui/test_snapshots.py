"""Screenshots of every screen at fixed sizes (pytest-textual-snapshot).

Regenerate after an intended change to the look, the sample feed or the quote extractor:
    uv run pytest tests/ui/test_snapshots.py --snapshot-update
The autouse fixture isolates the data dir, so the theme is always the default one.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from reader.store.config import Config
from reader.ui.app import PressReaderApp

WIDE = (120, 36)
SMALL = (80, 24)


def reader_app(path: Path) -> PressReaderApp:
    """The app on `path`, with every article unread however long the screenshot takes (the
    dwell would otherwise mark the open one read on a slow machine, and change the picture)."""
    return PressReaderApp([path], config=Config(dwell_seconds=600))


async def settle(pilot: Pilot[Any]) -> None:
    for _ in range(4):
        await pilot.app.wait_for_busy_workers()
        await pilot.pause()


@pytest.fixture
def broken_feed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed_path: Path) -> Path:
    """One good article and three broken files, named by a relative path so that the screen
    shows the same text wherever the test runs."""
    feed = tmp_path / "feed"
    feed.mkdir()
    (feed / "good.md").write_bytes(seed_path.read_bytes())
    (feed / "binary.md").write_bytes(b"\x00\x01\x02")
    (feed / "empty.md").write_text("", encoding="utf-8")
    (feed / "bad-yaml.md").write_text("---\ntitle: [unclosed\n---\nbody\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return Path("feed")


def test_main_screen_with_the_info_panel(snap_compare: Any, sample_feed: Path) -> None:
    assert snap_compare(reader_app(sample_feed), terminal_size=WIDE, run_before=settle)


def test_main_screen_with_the_info_panel_closed(snap_compare: Any, sample_feed: Path) -> None:
    async def close_panel(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("i")

    assert snap_compare(reader_app(sample_feed), terminal_size=WIDE, run_before=close_panel)


def pressing(*keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """Settle, press `keys`, settle again."""

    async def run(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press(*keys)
        await settle(pilot)

    return run


def test_main_screen_at_80_by_24(snap_compare: Any, sample_feed: Path) -> None:
    """The article and the list; the info panel waits for `i`."""
    assert snap_compare(reader_app(sample_feed), terminal_size=SMALL, run_before=settle)


def test_main_screen_at_80_by_24_with_the_info_panel(snap_compare: Any, sample_feed: Path) -> None:
    """The panel takes the list's place, beside the article, over nothing."""
    assert snap_compare(reader_app(sample_feed), terminal_size=SMALL, run_before=pressing("i"))


def test_main_screen_at_80_by_24_with_the_list_hidden(snap_compare: Any, sample_feed: Path) -> None:
    assert snap_compare(reader_app(sample_feed), terminal_size=SMALL, run_before=pressing("b"))


def test_main_screen_at_80_by_24_on_the_second_quote(snap_compare: Any, sample_feed: Path) -> None:
    """`Q j`: the cursor on DC Nadia Rahman's quote, the panel scrolled to it."""
    assert snap_compare(reader_app(sample_feed), terminal_size=SMALL, run_before=pressing("Q", "j"))


def test_main_screen_at_140_by_40(snap_compare: Any, sample_feed: Path) -> None:
    assert snap_compare(reader_app(sample_feed), terminal_size=(140, 40), run_before=settle)


def test_help_screen(snap_compare: Any, sample_feed: Path) -> None:
    async def open_help(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("question_mark")

    assert snap_compare(reader_app(sample_feed), terminal_size=WIDE, run_before=open_help)


def test_empty_feed_message(
    snap_compare: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "empty").mkdir()
    monkeypatch.chdir(tmp_path)
    assert snap_compare(reader_app(Path("empty")), terminal_size=WIDE, run_before=settle)


def test_load_errors_screen(snap_compare: Any, broken_feed: Path) -> None:
    async def open_errors(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("E")
        await pilot.pause()

    assert snap_compare(reader_app(broken_feed), terminal_size=WIDE, run_before=open_errors)


@pytest.fixture
def annotated_feed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """One short article with tags and a note, named by a relative path (the panel shows it)."""
    from support.pilot import article

    from reader.articles.model import Article
    from reader.articles.parse import parse_file
    from reader.store.state import ReadingState, state_path

    feed = tmp_path / "feed"
    feed.mkdir()
    body = "Inspector Jane Doe said: 'The arch stays at the station all week.'\n"
    text = article("Knife arch at the station", "10:00 12/11/2020", body, "https://example.org/a")
    (feed / "arch.md").write_text(text, encoding="utf-8")
    parsed = parse_file(feed / "arch.md")
    assert isinstance(parsed, Article)
    with ReadingState(state_path()) as state:
        state.set_tags(parsed.identity, ["knife crime", "ramsgate"])
        state.set_note(parsed.identity, "Ask the press office for the figures.")
    monkeypatch.chdir(tmp_path)
    return Path("feed")


def test_info_panel_with_tags_note_and_file_at_80_by_24(
    snap_compare: Any, annotated_feed: Path
) -> None:
    """`i`: the panel in the list's place: the tags and note first, then who said what, then
    the metadata down to the file."""
    assert snap_compare(reader_app(annotated_feed), terminal_size=SMALL, run_before=pressing("i"))


def test_info_panel_with_tags_note_and_file(snap_compare: Any, annotated_feed: Path) -> None:
    assert snap_compare(reader_app(annotated_feed), terminal_size=(140, 40), run_before=settle)
