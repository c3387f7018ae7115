"""Issue 13 in the app, through Pilot: what the reader sees is what is true (the link about to be
opened, the date as printed, which pane has the keys)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from support.pilot import (
    COUNCIL,
    SIZE,
    article,
    running,
    settle,
    view,
)
from textual.widgets import Label, Static

from reader.store.config import Config
from reader.ui.app import PressReaderApp
from reader.ui.screens.no_browser import NoBrowserScreen
from reader.ui.widgets.article_list import ROW_HEIGHT, ArticleList
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.info_panel import InfoPanel
from reader.ui.widgets.metadata_fields import MetadataFields
from reader.ui.widgets.quote_list import QuoteList


async def test_the_chosen_links_address_shows_before_it_is_opened(feed: Path) -> None:
    async with running(feed) as (app, pilot):
        await pilot.press("enter")
        assert str(view(app).border_title) == "Article"
        await pilot.press("l")
        assert view(app).border_title == f"Link 1 of 2: {COUNCIL} · enter opens it"
        await pilot.press("l")
        assert view(app).border_title == ("Link 2 of 2: ftp://example.org/archive · enter opens it")
        await pilot.press("n")  # another article: no link chosen
        await settle(pilot)
        assert view(app).border_title == "Article"


async def test_a_link_address_is_shown_as_text_not_markup(tmp_path: Path) -> None:
    folder = tmp_path / "feed"
    folder.mkdir()
    body = "See [this](https://example.org/[bold]x[/bold]) now."
    (folder / "a.md").write_text(article("A", "10:00 01/05/2024", body), encoding="utf-8")
    async with running(folder) as (app, pilot):
        await pilot.press("enter", "l")
        assert view(app).border_title == (
            "Link 1 of 1: https://example.org/%5Bbold%5Dx%5B/bold%5D · enter opens it"
        )


async def test_a_date_printed_without_a_time_is_shown_without_one(tmp_path: Path) -> None:
    folder = tmp_path / "feed"
    folder.mkdir()
    (folder / "a.md").write_text(article("Day only", "12/11/2020", "Body."), encoding="utf-8")
    async with running(folder) as (app, _pilot):
        assert view(app).lines[1] == "Thursday 12 November 2020 · Kent"
        fields = dict(app.query_one(MetadataFields).fields)
        assert (fields["Published"], fields["As printed"]) == (
            "Thursday 12 November 2020",
            "12/11/2020",
        )


async def test_a_time_printed_as_midnight_is_shown(tmp_path: Path) -> None:
    folder = tmp_path / "feed"
    folder.mkdir()
    text = article("New Year", "00:00 01/01/2025", "Body.")
    (folder / "a.md").write_text(text, encoding="utf-8")
    async with running(folder) as (app, _pilot):
        assert view(app).lines[1] == "Wednesday 1 January 2025, 00:00 · Kent"


def _marked(widget: ArticleList | ArticleView | InfoPanel) -> bool:
    """Whether the pane wears the focus mark: a solid line along its top."""
    return widget.styles.border_top[0] == "solid"


async def test_the_focused_pane_is_marked_and_only_it(feed: Path) -> None:
    async with running(feed) as (app, pilot):
        panes = (app.query_one(ArticleList), view(app), app.query_one(InfoPanel))
        assert [_marked(pane) for pane in panes] == [True, False, False]
        await pilot.press("enter")
        assert [_marked(pane) for pane in panes] == [False, True, False]
        await pilot.press("Q")
        await pilot.pause()
        assert [_marked(pane) for pane in panes] == [False, False, True]
        assert app.query_one("#app-name", Label).content == "PressReader"


async def test_every_rows_date_is_on_its_last_line_however_long_the_title(tmp_path: Path) -> None:
    folder = tmp_path / "feed"
    folder.mkdir()
    titles = {
        "a.md": ("Short", "10:00 02/05/2024"),
        "b.md": ("A " + "long " * 30, "10:00 01/05/2024"),
    }
    for name, (title, when) in titles.items():
        (folder / name).write_text(article(title, when, "Body."), encoding="utf-8")
    async with running(folder) as (app, _pilot):
        listing = app.query_one(ArticleList)
        drawn = [listing.render_line(y).text.rstrip() for y in range(2 * ROW_HEIGHT)]
    assert [text[3:] for text in drawn] == [
        "Short",
        "",
        "2 May 2024 · Kent",
        "A long long long long long long",
        drawn[4][3:],
        "1 May 2024 · Kent",
    ]
    assert drawn[4].endswith("…")


SURNAMES = [
    "Adams",
    "Baker",
    "Clarke",
    "Davies",
    "Evans",
    "Foster",
    "Green",
    "Hughes",
    "Irwin",
    "Jones",
    "King",
    "Lewis",
    "Morgan",
    "Norris",
    "Owen",
    "Parker",
    "Quinn",
    "Roberts",
    "Shaw",
    "Turner",
    "Upton",
    "Vaughan",
    "Walker",
    "Young",
    "Ashby",
    "Bennett",
    "Carter",
    "Dixon",
    "Ellis",
    "Fisher",
    "Grant",
    "Harris",
    "Ingram",
    "Jarvis",
    "Knight",
    "Lloyd",
    "Mason",
    "Nash",
    "Oakley",
    "Price",
]


@pytest.fixture
def forty_quotes(tmp_path: Path) -> Path:
    """One article quoting forty inspectors, one quote each."""
    folder = tmp_path / "feed"
    folder.mkdir()
    body = "\n\n".join(
        f'Inspector Sam {name} said: "We spoke to residents in ward {number} today."'
        for number, name in enumerate(SURNAMES, start=1)
    )
    (folder / "a.md").write_text(article("Forty", "10:00 01/05/2024", body), encoding="utf-8")
    return folder


def quote_in_view(app: PressReaderApp) -> bool:
    """The quote under the panel's cursor is inside the panel's visible part."""
    panel, quotes = app.query_one(InfoPanel), app.query_one(QuoteList)
    lines = quotes.highlighted_lines
    assert lines is not None
    first, height = lines
    top = quotes.content_region.y + first - round(quotes.scroll_y)
    visible = panel.content_region
    return visible.y <= top and top + height <= visible.bottom


async def test_q_puts_the_cursor_on_the_first_quote(forty_quotes: Path) -> None:
    async with running(forty_quotes) as (app, pilot):
        await pilot.press("Q")
        await pilot.pause()
        speaker, quote = app.query_one(QuoteList).highlighted_quote or (None, None)
        assert speaker is not None and quote is not None
        assert (speaker.name, quote.text) == (
            "Sam Adams",
            "We spoke to residents in ward 1 today.",
        )


@pytest.mark.parametrize("keys", [("end",), ("j",) * 9, ("j",) * 25])
async def test_the_panel_scrolls_to_keep_the_cursors_quote_in_view(
    forty_quotes: Path, keys: tuple[str, ...]
) -> None:
    async with running(forty_quotes) as (app, pilot):
        await pilot.press("Q", *keys)
        await pilot.pause()
        await pilot.pause()
        assert app.query_one(InfoPanel).scroll_y > 0
        assert quote_in_view(app)
        await pilot.press("home")
        await pilot.pause()
        await pilot.pause()
        assert quote_in_view(app)


def notes_of(app: PressReaderApp, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    notes: list[str] = []
    monkeypatch.setattr(app, "notify", lambda message, **_: notes.append(str(message)))
    return notes


async def test_c_copies_the_quote_under_the_cursor_not_one_chosen_before(
    sample_feed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with running(sample_feed) as (app, pilot):
        assert view(app).article is not None
        assert view(app).article.title == "18 arrested in West End crackdown on phone snatchers"
        notes = notes_of(app, monkeypatch)
        await pilot.press("Q", "j", "enter", "j", "c")
        speaker, quote = app.query_one(QuoteList).highlighted_quote or (None, None)
        assert speaker is not None and quote is not None
        assert (speaker.title, speaker.name) == ("Ms", "Laura Chen")
        assert app.clipboard.startswith(f"“{quote.text}” — Ms Laura Chen, tourist. ")
        assert notes[-1].startswith("Copied Ms Laura Chen’s quote: “I didn’t even see them")


async def test_enter_then_j_then_c_copies_the_second_speaker_of_the_seed(
    sample_feed: Path, seed_path: Path
) -> None:
    async with running(seed_path) as (app, pilot):
        await pilot.press("Q", "enter", "j", "c")
        assert "— Cllr Ashley Clark, Canterbury City Council" in app.clipboard
        assert "Mark Hedges" not in app.clipboard


@pytest.fixture
def headless(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """No display and no $BROWSER, as over SSH; what webbrowser was asked to open, if anything."""
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "BROWSER"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr("reader.ui.browser.sys.platform", "linux")
    asked: list[str] = []
    monkeypatch.setattr("webbrowser.open", lambda url: asked.append(url) or True)
    return asked


async def test_o_without_a_browser_says_so_and_c_copies_the_address(
    feed: Path, headless: list[str]
) -> None:
    async with running(feed) as (app, pilot):
        await pilot.press("o")
        await app.wait_for_busy_workers()
        await pilot.pause()
        assert isinstance(app.screen, NoBrowserScreen)
        problem = str(app.screen.query_one("#no-browser-problem", Static).render())
        assert problem.startswith("There is no display to start a browser on")
        await pilot.press("c")
        await pilot.pause()
        assert not isinstance(app.screen, NoBrowserScreen)
        assert app.clipboard == "https://example.org/a"
    assert headless == []  # no text browser was let loose on the app's terminal


async def test_the_configured_browser_is_asked_even_without_a_display(
    feed: Path, headless: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[tuple[str, str | None]] = []

    def fake(url: str, browser: str | None = None) -> None:
        asked.append((url, browser))

    monkeypatch.setattr("reader.ui.app.open_in_browser", fake)
    app = PressReaderApp([feed], config=Config(dwell_seconds=600, browser="lynx %s"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await app.wait_for_busy_workers()
        await pilot.pause()
        assert not isinstance(app.screen, NoBrowserScreen)
    assert asked == [("https://example.org/a", "lynx %s")]


SMALL = (80, 24)


def overlap(a: Any, b: Any) -> bool:
    return bool(a.region.intersection(b.region).area)


async def test_at_80_by_24_the_article_gets_the_room_and_i_puts_the_panel_in_the_lists_place(
    sample_feed: Path,
) -> None:
    app = PressReaderApp([sample_feed], config=Config(dwell_seconds=600))
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        panel, sidebar, article = app.query_one(InfoPanel), app.query_one("#sidebar"), view(app)
        assert not panel.display and sidebar.display
        assert article.region.width >= 48
        await pilot.press("i")
        await pilot.pause()
        assert panel.display and not sidebar.display
        assert not overlap(panel, article)
        assert article.region.width >= 40
        # Wrapped to the width it is shown at: no line runs on under the panel.
        assert max(map(len, article.lines)) <= article.scrollable_content_region.width
        await pilot.press("i")
        await pilot.pause()
        assert not panel.display and sidebar.display


async def test_at_80_by_24_b_wraps_the_article_to_the_whole_width(sample_feed: Path) -> None:
    app = PressReaderApp([sample_feed], config=Config(dwell_seconds=600))
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await pilot.pause()
        article = view(app)
        assert article.region.width == 80
        assert max(map(len, article.lines)) <= article.scrollable_content_region.width
        await pilot.press("Q")  # the quotes: the panel comes, and the article makes room
        await pilot.pause()
        assert not overlap(app.query_one(InfoPanel), article)
        assert max(map(len, article.lines)) <= article.scrollable_content_region.width


async def test_at_80_by_24_the_footer_shows_whole_keys_and_the_palette(sample_feed: Path) -> None:
    from textual.widgets._footer import FooterKey

    app = PressReaderApp([sample_feed], config=Config(dwell_seconds=600))
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        keys = [key for key in app.screen.query(FooterKey) if key.display]
        assert keys and all(key.region.right <= 80 for key in keys)
        assert "command_palette" in [key.action for key in keys]
        assert {"next_article", "focus_search", "help", "quit"} <= {key.action for key in keys}


async def test_the_narrow_choice_of_panel_is_not_remembered_for_wide_screens(
    sample_feed: Path,
) -> None:
    app = PressReaderApp([sample_feed], config=Config(dwell_seconds=600))
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("i", "i")
        await pilot.pause()
        assert app.prefs.info_panel is True
        await pilot.resize_terminal(140, 40)
        await pilot.pause()
        assert app.query_one(InfoPanel).display


async def test_u_and_asterisk_narrow_the_search_and_toggle_off(feed: Path) -> None:
    from reader.ui.widgets.sidebar import SEARCH_DEBOUNCE_SECONDS, Sidebar

    async def press(*keys: str) -> None:
        await pilot.press(*keys)
        await pilot.pause(SEARCH_DEBOUNCE_SECONDS * 2)
        await settle(pilot)

    def listed() -> list[str]:
        return [summary.title for summary in app.query_one(ArticleList).rows]

    async with running(feed) as (app, pilot):
        await press("n", "s")  # Beta starred
        await press("slash", *"paragraph OR delta", "enter")
        assert sorted(listed()) == ["Beta long read", "Delta"]
        await press("asterisk")
        sidebar = app.query_one(Sidebar)
        assert sidebar.query_text == "paragraph OR delta is:starred"
        assert listed() == ["Beta long read"]
        await press("asterisk")
        assert sidebar.query_text == "paragraph OR delta"
        assert sorted(listed()) == ["Beta long read", "Delta"]


async def test_config_problems_are_gathered_in_one_notice(
    feed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    notices: list[tuple[str, str]] = []

    def notify(self: PressReaderApp, message: str, **options: Any) -> None:
        notices.append((options.get("title", ""), message))

    monkeypatch.setattr(PressReaderApp, "notify", notify)
    problems = [f"config.toml: problem {n}" for n in range(1, 6)]
    app = PressReaderApp([feed], config=Config(dwell_seconds=600), config_problems=problems)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
    settings = [(title, message) for title, message in notices if title.startswith("Settings")]
    assert settings == [("Settings: 5 problems", "\n".join(f"• {p}" for p in problems))]


async def test_the_header_always_shows_the_lists_order(feed: Path) -> None:
    from reader.ui.widgets.sidebar import SEARCH_DEBOUNCE_SECONDS

    def order(app: PressReaderApp) -> str:
        return str(app.query_one("#order", Label).content)

    async with running(feed) as (app, pilot):
        assert order(app) == "Newest first"
        await pilot.press("S")
        assert order(app) == "Oldest first"
        await pilot.press("slash", *"delta")
        await pilot.pause(SEARCH_DEBOUNCE_SECONDS * 2)
        await settle(pilot)
        assert order(app) == "Search: best first"
        await pilot.press("enter", "R")  # the keys to the list, then list order
        assert order(app) == "Search: oldest first"


async def test_the_list_width_is_remembered_for_the_next_start(feed: Path) -> None:
    async with running(feed) as (app, pilot):
        sidebar = app.query_one("#sidebar")
        before = sidebar.outer_size.width
        await pilot.press("greater_than_sign", "greater_than_sign")
        await pilot.pause()
        assert sidebar.outer_size.width == before + 8
    async with running(feed) as (app, pilot):
        await pilot.pause()
        assert app.query_one("#sidebar").outer_size.width == before + 8
        assert app.prefs.sidebar_width == before + 8
