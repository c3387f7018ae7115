"""The reader app driven through Pilot: every key, the mouse, loading, empty feeds, hostile text."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from pathlib import Path

import pytest

# --- loading ------------------------------------------------------------------------------------
from support.pilot import (
    ALPHA_TITLE,
    COUNCIL,
    QUOTE,
    SIZE,
    article,
    articles,
    label_text,
    opened_urls,
    palette_hits,
    recorded_notes,
    running,
    settle,
    shown_title,
    until,
    view,
)
from textual.app import App, ComposeResult
from textual.widgets import Input

from reader.articles.model import ArticleSummary
from reader.feed.library import MemoryView
from reader.store.prefs import load_prefs
from reader.ui.app import DEFAULT_THEME, PressReaderApp
from reader.ui.commands import binding_sections
from reader.ui.render.styling import component_style
from reader.ui.screens.errors import ErrorsScreen
from reader.ui.screens.help import HelpScreen
from reader.ui.screens.main import MainScreen
from reader.ui.widgets.article_list import ROW_HEIGHT, ArticleList
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.feed_header import FeedHeader
from reader.ui.widgets.info_panel import InfoPanel
from reader.ui.widgets.metadata_fields import MetadataFields
from reader.ui.widgets.notice import Notice
from reader.ui.widgets.quote_list import QuoteList
from reader.ui.widgets.search_bar import SearchBar
from reader.ui.widgets.sidebar import Sidebar


async def test_the_newest_article_is_selected_and_rendered_once_loaded(feed: Path) -> None:
    async with running(feed) as (app, _pilot):
        assert [s.title for s in articles(app).items] == [
            ALPHA_TITLE,
            "Beta long read",
            "Gamma without a link",
            "Delta",
        ]
        assert articles(app).current.title == ALPHA_TITLE
        assert view(app).lines[:2] == [ALPHA_TITLE, "Wednesday 1 May 2024, 10:00 · Kent"]
        assert "Police in Alpha town." in view(app).lines


async def test_the_header_shows_the_feed_name_and_counts(feed: Path) -> None:
    async with running(feed) as (app, _pilot):
        assert label_text(app, "#feed-name") == "feed"
        assert label_text(app, "#counts") == "4 articles · 4 unread"
        assert label_text(app, "#error-count") == "1 load error"
        app.query_one(FeedHeader).unread_count = 3
        assert label_text(app, "#counts") == "4 articles · 3 unread"


async def test_the_sample_feed_lists_every_article_file(sample_feed: Path) -> None:
    async with running(sample_feed) as (app, _pilot):
        assert len(articles(app).items) == len(list(sample_feed.glob("*.md")))
        assert shown_title(app) == articles(app).items[0].title


async def test_a_second_start_drops_deleted_files_and_lists_newly_broken_ones(
    feed: Path,
) -> None:
    async with running(feed) as (app, _pilot):
        assert len(articles(app).items) == 4
    (feed / "delta.md").unlink()
    (feed / "gamma.md").write_bytes(b"\x00 broken now")
    async with running(feed) as (app, pilot):
        assert [s.title for s in articles(app).items] == [ALPHA_TITLE, "Beta long read"]
        await pilot.press("E")
        table = app.screen.query_one("DataTable")
        assert sorted(str(table.get_row_at(row)[0]) for row in range(table.row_count)) == [
            "broken.md",
            "gamma.md",
        ]


async def test_a_file_that_breaks_after_listing_shows_why_instead_of_the_article(
    feed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Live reload would soon move the file to the errors; this is the moment before it does.
    monkeypatch.setattr("reader.feed.watch.watch_feed", lambda paths, stop: iter(()))
    async with running(feed) as (app, pilot):
        (feed / "beta.md").write_bytes(b"\x00 broken now")
        await pilot.press("n")
        await settle(pilot)
        assert view(app).article is None
        assert view(app).lines[0] == "This article cannot be shown"
        detail = "".join(view(app).lines[2:]).replace(" ", "")
        assert detail.endswith("beta.md:binaryfile(containsNULbytes),notmarkdown")
        assert app.query_one(MetadataFields).fields == []


# --- moving between articles --------------------------------------------------------------------


async def test_n_and_p_move_between_articles_from_the_list_and_from_the_body(feed: Path) -> None:
    async with running(feed) as (app, pilot):
        await pilot.press("n")
        await settle(pilot)
        assert shown_title(app) == "Beta long read"
        view(app).focus()
        await pilot.press("n")
        await settle(pilot)
        assert shown_title(app) == "Gamma without a link"
        await pilot.press("p", "p")
        await settle(pilot)
        assert shown_title(app) == ALPHA_TITLE


@pytest.mark.parametrize(("keys", "expected"), [(("j",), 1), (("down",), 1), (("j", "k"), 0)])
async def test_j_k_and_arrows_move_the_focused_list(
    feed: Path, keys: tuple[str, ...], expected: int
) -> None:
    async with running(feed) as (app, pilot):
        assert app.focused is articles(app)
        await pilot.press(*keys)
        await settle(pilot)
        assert articles(app).cursor == expected
        assert shown_title(app) == articles(app).items[expected].title


async def test_up_arrow_moves_the_list_up(feed: Path) -> None:
    async with running(feed) as (app, pilot):
        # On a loaded machine the list may still be empty after `settle`: keys pressed then
        # move nothing, so start from the first article shown.
        await until(pilot, lambda: shown_title(app) == ALPHA_TITLE)
        await pilot.press("down", "down", "up")
        await settle(pilot)
        assert articles(app).current.title == "Beta long read"


@pytest.mark.parametrize(("first", "last"), [("g", "G"), ("home", "end")])
async def test_first_and_last_article_keys(feed: Path, first: str, last: str) -> None:
    async with running(feed) as (app, pilot):
        await pilot.press(last)
        await settle(pilot)
        assert shown_title(app) == "Delta"
        await pilot.press(first)
        await settle(pilot)
        assert shown_title(app) == ALPHA_TITLE


async def test_enter_in_the_list_moves_focus_to_the_article(feed: Path) -> None:
    async with running(feed) as (app, pilot):
        await pilot.press("j", "enter")
        await settle(pilot)
        assert app.focused is view(app)
        assert shown_title(app) == "Beta long read"


async def test_tab_and_shift_tab_cycle_focus(feed: Path) -> None:
    async with running(feed) as (app, pilot):
        await pilot.press("tab")
        assert app.focused is view(app)
        await pilot.press("tab")
        assert app.focused is not None and app.query_one(InfoPanel) in app.focused.ancestors
        await pilot.press("shift+tab", "shift+tab")
        assert app.focused is articles(app)


async def test_clicking_a_row_shows_that_article(feed: Path) -> None:
    async with running(feed) as (app, pilot):
        top = articles(app).styles.gutter.top
        await pilot.click(ArticleList, offset=(4, top + 2 * ROW_HEIGHT))
        await settle(pilot)
        assert shown_title(app) == "Gamma without a link"
        assert app.focused is articles(app)


async def test_double_clicking_a_row_moves_focus_to_the_article(feed: Path) -> None:
    async with running(feed) as (app, pilot):
        top = articles(app).styles.gutter.top
        await pilot.double_click(ArticleList, offset=(4, top + ROW_HEIGHT))
        await settle(pilot)
        assert shown_title(app) == "Beta long read"
        assert app.focused is view(app)


# --- scrolling the body -------------------------------------------------------------------------


async def test_space_pagedown_and_pageup_scroll_the_body_from_the_list(feed: Path) -> None:
    async with running(feed) as (app, pilot):
        await pilot.press("n")
        await settle(pilot)
        page = view(app).scrollable_content_region.height
        await pilot.press("space")
        await pilot.pause()
        assert view(app).scroll_offset.y == page
        await pilot.press("pagedown")
        await pilot.pause()
        assert view(app).scroll_offset.y == 2 * page
        await pilot.press("pageup")
        await pilot.pause()
        assert view(app).scroll_offset.y == page
        assert app.focused is articles(app)


async def test_j_k_home_end_scroll_the_focused_body(feed: Path) -> None:
    async with running(feed) as (app, pilot):
        await pilot.press("n", "enter")
        await settle(pilot)
        await pilot.press("j", "j", "down")
        await pilot.pause()
        assert view(app).scroll_offset.y == 3
        await pilot.press("k")
        await pilot.pause()
        assert view(app).scroll_offset.y == 2
        await pilot.press("end")
        await pilot.pause()
        assert view(app).scroll_offset.y == view(app).max_scroll_y > 0
        await pilot.press("home")
        await pilot.pause()
        assert view(app).scroll_offset.y == 0


# --- panel, sidebar, search ---------------------------------------------------------------------


async def test_i_toggles_the_info_panel_and_the_next_start_remembers(feed: Path) -> None:
    async with running(feed) as (app, pilot):
        panel = app.query_one(InfoPanel)
        assert panel.display
        await pilot.press("i")
        assert not panel.display
        await pilot.press("i", "i")
        assert not panel.display
    assert load_prefs().prefs.info_panel is False
    app = PressReaderApp([feed])
    async with app.run_test(size=SIZE):
        assert not app.query_one(InfoPanel).display


async def test_the_panel_shows_the_articles_metadata(feed: Path) -> None:
    async with running(feed) as (app, _pilot):
        fields = dict(app.query_one(MetadataFields).fields)
        assert fields["Title"] == ALPHA_TITLE
        assert fields["Area"] == "Kent"
        assert fields["Published"] == "Wednesday 1 May 2024, 10:00"
        assert fields["As printed"] == "10:00 01/05/2024"
        assert fields["URL"] == "https://example.org/a"
        assert fields["Length"] == "11 words · 1 min read"


async def test_a_one_word_article_is_one_word_long(tmp_path: Path) -> None:
    (tmp_path / "one.md").write_text(article("One | Site", "2024-05-01T10:00", "Hello."))
    async with running(tmp_path) as (app, _pilot):
        assert dict(app.query_one(MetadataFields).fields)["Length"] == "1 word · 1 min read"


async def test_b_hides_the_sidebar_and_angle_brackets_resize_it(feed: Path) -> None:
    async with running(feed) as (app, pilot):
        sidebar = app.query_one("#sidebar")
        width = sidebar.outer_size.width
        await pilot.press("greater_than_sign")
        await pilot.pause()
        assert sidebar.outer_size.width == width + 4
        await pilot.press("less_than_sign", "less_than_sign")
        await pilot.pause()
        assert sidebar.outer_size.width == width - 4
        await pilot.press("b")
        assert not sidebar.display
        assert app.focused is view(app)
        await pilot.press("b")
        assert sidebar.display


async def test_slash_opens_the_search_box_and_escape_closes_it(feed: Path) -> None:
    async with running(feed) as (app, pilot):
        search = app.query_one(SearchBar)
        assert not search.display
        await pilot.press("slash")
        assert search.display
        assert isinstance(app.focused, Input)
        await pilot.press("n", "p")
        await pilot.pause()
        assert search.query_text == "np"
        assert shown_title(app) == ALPHA_TITLE  # typed, not taken as article keys
        await pilot.press("escape")
        await pilot.pause()
        assert not search.display
        assert search.query_text == ""
        assert app.focused is articles(app)


async def test_slash_shows_a_hidden_sidebar_to_search_in(feed: Path) -> None:
    async with running(feed) as (app, pilot):
        await pilot.press("b", "slash")
        assert app.query_one("#sidebar").display
        assert isinstance(app.focused, Input)


async def test_search_reports_each_change_and_the_submitted_query(
    feed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    changed: list[str] = []
    submitted: list[str] = []
    monkeypatch.setattr(
        Sidebar, "on_search_bar_changed", lambda _, event: changed.append(event.query_text), False
    )
    monkeypatch.setattr(
        Sidebar,
        "on_search_bar_submitted",
        lambda _, event: submitted.append(event.query_text),
        False,
    )
    async with running(feed) as (app, pilot):
        await pilot.press("slash", "k", "e", "n", "t", "enter")
        await pilot.pause()
        assert changed == ["k", "ke", "ken", "kent"]
        assert submitted == ["kent"]
        assert app.focused is articles(app)


# --- URLs and links -----------------------------------------------------------------------------


async def test_o_opens_the_articles_url(feed: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    async with running(feed) as (app, pilot):
        opened = opened_urls(app, monkeypatch)
        await pilot.press("o")
        assert opened == ["https://example.org/a"]


async def test_o_on_an_article_without_url_says_so(
    feed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with running(feed) as (app, pilot):
        opened = opened_urls(app, monkeypatch)
        notes = recorded_notes(app, monkeypatch)
        await pilot.press("n", "n", "o")
        assert opened == []
        assert notes == [("This article has no URL.", "warning")]


async def test_y_copies_the_url_and_says_so(feed: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    async with running(feed) as (app, pilot):
        notes = recorded_notes(app, monkeypatch)
        await pilot.press("n", "y")
        assert app.clipboard == "https://example.org/b"
        assert notes == [("Copied URL: https://example.org/b", "information")]


async def test_links_are_chosen_with_l_and_opened_with_enter(
    feed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with running(feed) as (app, pilot):
        opened = opened_urls(app, monkeypatch)
        await pilot.press("enter", "l")
        assert view(app).current_link == COUNCIL
        await pilot.press("enter")
        assert opened == [COUNCIL]


async def test_links_other_than_http_are_refused(
    feed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with running(feed) as (app, pilot):
        opened = opened_urls(app, monkeypatch)
        notes = recorded_notes(app, monkeypatch)
        await pilot.press("enter", "L")
        assert view(app).current_link == "ftp://example.org/archive"
        await pilot.press("enter")
        assert opened == []
        assert notes == [
            (
                "Not opened: ftp://example.org/archive\nOnly http and https links are opened.",
                "warning",
            )
        ]


async def test_clicking_a_link_opens_it(feed: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    async with running(feed) as (app, pilot):
        opened = opened_urls(app, monkeypatch)
        y = next(n for n, text in enumerate(view(app).lines) if "the council page" in text)
        x = view(app).render_line(y).text.index("the council page") + 2
        await pilot.click(ArticleView, offset=(x, y + view(app).styles.gutter.top))
        assert opened == [COUNCIL]


# --- quotes -------------------------------------------------------------------------------------


@pytest.mark.usefixtures("fixed_quotes")
async def test_choosing_a_quote_scrolls_the_body_to_it_and_highlights_it(feed: Path) -> None:
    async with running(feed) as (app, pilot):
        await pilot.press("n")
        await settle(pilot)
        quotes = app.query_one(QuoteList)
        assert quotes.option_count == 2  # the speaker, then the quote
        quotes.focus()
        await pilot.press("down", "enter")
        await pilot.pause()
        body_view = view(app)
        assert body_view.highlighted == [QUOTE]
        line = next(n for n, text in enumerate(body_view.lines) if "We will keep" in text)
        top = body_view.scroll_offset.y
        assert 0 < top <= line < top + body_view.scrollable_content_region.height


@pytest.mark.usefixtures("fixed_quotes")
async def test_clicking_a_quote_highlights_it(feed: Path) -> None:
    async with running(feed) as (app, pilot):
        await pilot.press("n")
        await settle(pilot)
        quotes = app.query_one(QuoteList)
        await pilot.click(QuoteList, offset=(4, quotes.get_option_index("1.0") + 1))
        await pilot.pause()
        assert view(app).highlighted == [QUOTE]


async def test_a_new_article_clears_the_highlight(feed: Path) -> None:
    async with running(feed) as (app, pilot):
        view(app).highlight_ranges([(0, 6)], current=0)
        assert view(app).highlighted == ["Police"]
        await pilot.press("n")
        await settle(pilot)
        assert view(app).highlighted == []


# --- help, errors, theme, palette, quit ---------------------------------------------------------


async def test_question_mark_lists_every_binding_in_the_help_screen(feed: Path) -> None:
    async with running(feed) as (app, pilot):
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        shown = {
            (action.keys, action.description)
            for _, actions in binding_sections(app)
            for action in actions
        }
        assert ("n", "Next article") in shown
        assert ("space, pgdn", "Scroll the article down (at its end: the next unread)") in shown
        assert ("u", "Mark read or unread") in shown
        assert ("]", "Next match in the article") in shown
        descriptions = {description for _, description in shown}
        for binding in MainScreen.BINDINGS:
            assert (binding.tooltip or binding.description) in descriptions
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_capital_e_lists_the_load_errors(feed: Path) -> None:
    async with running(feed) as (app, pilot):
        await pilot.press("E")
        await pilot.pause()
        assert isinstance(app.screen, ErrorsScreen)
        table = app.screen.query_one("DataTable")
        row = [str(cell) for cell in table.get_row_at(0)]
        assert row == ["broken.md", "", "binary file (contains NUL bytes), not markdown"]
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_clicking_the_error_count_lists_the_load_errors(feed: Path) -> None:
    async with running(feed) as (app, pilot):
        await pilot.click("#error-count")
        await pilot.pause()
        assert isinstance(app.screen, ErrorsScreen)


async def test_t_cycles_the_theme_and_the_next_start_uses_it(feed: Path) -> None:
    async with running(feed) as (app, pilot):
        assert app.theme == DEFAULT_THEME
        await pilot.press("t")
        await pilot.pause()
        chosen = app.theme
        assert chosen != DEFAULT_THEME
        assert (
            chosen
            == sorted(app.available_themes)[
                (sorted(app.available_themes).index(DEFAULT_THEME) + 1) % len(app.available_themes)
            ]
        )
        assert load_prefs().prefs.theme == chosen
    app = PressReaderApp([feed])
    async with app.run_test(size=SIZE):
        assert app.theme == chosen


async def test_a_new_theme_redraws_the_article_in_its_colours(feed: Path) -> None:
    async with running(feed) as (app, pilot):
        link = view(app).document.links[0]

        def link_colour() -> object:
            text = view(app).document.blocks[link.block].text
            return text.get_style_at_offset(app.console, link.start).color

        before = link_colour()
        app.theme = "nord"
        await pilot.pause()
        assert link_colour() != before
        assert view(app).lines[0] == ALPHA_TITLE


async def test_q_quits(feed: Path) -> None:
    async with running(feed) as (app, pilot):
        await pilot.press("q")
        await pilot.pause()
        assert app.return_code == 0


async def test_the_command_palette_runs_screen_actions(feed: Path) -> None:
    async with running(feed) as (app, pilot):
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"copy the article")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert app.clipboard == "https://example.org/a"


async def test_the_command_palette_offers_every_screen_and_app_action(feed: Path) -> None:
    from reader.ui.commands import ReaderCommands

    async with running(feed) as (app, _pilot):
        provider = ReaderCommands(app.screen)
        offered = {hit.text or str(hit.display) async for hit in provider.discover()}
        expected = {
            action.description
            for title, actions in binding_sections(app)
            if title in ("Anywhere", "Reading")
            for action in actions
        }
        assert offered == expected - {"Command palette"}


# --- nothing to read ----------------------------------------------------------------------------


async def test_an_empty_folder_says_there_are_no_articles(tmp_path: Path) -> None:
    async with running(tmp_path) as (app, _pilot):
        notice = app.query_one(Notice)
        assert notice.display
        assert notice.heading == f"No articles in {tmp_path}"
        assert not app.query_one("#panes").display


async def test_a_missing_path_says_so(tmp_path: Path) -> None:
    missing = tmp_path / "nope"
    async with running(missing) as (app, _pilot):
        notice = app.query_one(Notice)
        assert notice.heading == "Nothing to read"
        assert notice.detail == f"{missing}: no such file or folder"


async def test_a_folder_of_broken_files_points_at_the_errors_screen(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_bytes(b"\x00")
    (tmp_path / "b.md").write_text("", encoding="utf-8")
    async with running(tmp_path) as (app, pilot):
        notice = app.query_one(Notice)
        assert notice.heading == "None of the files could be read"
        assert notice.detail.startswith("2 files failed to load. Press E")
        await pilot.press("E")
        assert isinstance(app.screen, ErrorsScreen)


# --- untrusted text -----------------------------------------------------------------------------


async def test_markup_lookalike_titles_show_literally(feed: Path) -> None:
    async with running(feed) as (app, _pilot):
        row = "".join(articles(app).render_line(y).text for y in range(TITLE_ROWS))
        assert "[bold red]x[/]" in row
        assert view(app).lines[0] == ALPHA_TITLE


TITLE_ROWS = 2


async def test_escape_sequences_never_reach_the_terminal(tmp_path: Path) -> None:
    hostile = "Evil \x1b]52;c;QUFB\x07 title \x9b31m red \x1b[2J"
    app = PressReaderApp([tmp_path / f"feed{hostile}"])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        summary = ArticleSummary(tmp_path / "x.md", hostile, hostile, hostile, None, None, "id", 1)
        app.query_one("#panes").display = True
        for _ in range(250):  # the list has its size after the next layout
            if articles(app).size.height:
                break
            await pilot.pause(0.02)
        articles(app).set_source(MemoryView([summary]))
        # Read the rows the list draws for this source at once: the watcher of the missing feed
        # may re-sync it a moment later and replace the source with the (empty) feed.
        drawn = [articles(app).render_line(y).text for y in range(ROW_HEIGHT)]
        drawn.append(label_text(app, "#feed-name"))
        for text in drawn:
            assert not any(char in text for char in "\x1b\x07\x9b")
        assert "Evil" in drawn[0]


# --- the list on its own: big feeds, filters, marks ---------------------------------------------


def summaries(count: int, seed: int = 7) -> list[ArticleSummary]:
    rng = random.Random(seed)
    start = datetime(2020, 1, 1)
    return [
        ArticleSummary(
            Path(f"/feed/{n:06d}.md"),
            f"Article {n}",
            "Site",
            "Kent",
            start + timedelta(minutes=rng.randrange(10**7)),
            None,
            f"id{n}",
            100,
        )
        for n in range(count)
    ]


class _ListApp(App[None]):
    """The article list on its own (the reader's own sidebar would list its feed over it)."""

    def compose(self) -> ComposeResult:
        yield ArticleList(id="articles")


async def test_a_hundred_thousand_row_list_draws_row_n_as_the_nth_article() -> None:
    async with _ListApp().run_test(size=SIZE) as pilot:
        expected = sorted(summaries(100_000), key=lambda s: s.sort_key)
        listing = pilot.app.query_one(ArticleList)
        listing.focus()
        listing.set_source(MemoryView(expected))
        assert listing.virtual_size.height == 100_000 * ROW_HEIGHT
        for row in (0, 43_210, 99_999):
            listing.move_to(row)
            await pilot.pause()
            top = row * ROW_HEIGHT - listing.scroll_offset.y
            assert expected[row].title in listing.render_line(top).text
            assert listing.current == expected[row]
        await pilot.press("home")
        assert listing.cursor == 0
        await pilot.press("end")
        await pilot.pause()
        last_row = listing.scroll_offset.y // ROW_HEIGHT
        assert listing.cursor == 99_999 >= last_row


async def test_the_cursor_stays_on_its_article_while_newer_ones_arrive() -> None:
    async with _ListApp().run_test(size=SIZE) as pilot:
        listing = pilot.app.query_one(ArticleList)
        items = sorted(summaries(50), key=lambda s: s.sort_key)
        listing.set_source(MemoryView(items[25:]))
        chosen = listing.current
        listing.set_source(MemoryView(items))
        assert listing.current == chosen
        assert listing.cursor == 25


async def test_a_filter_shows_a_subset_in_its_order_with_matches_marked(feed: Path) -> None:
    async with running(feed) as (app, _pilot):
        listing = articles(app)
        delta, beta = listing.items[3], listing.items[1]
        feed_view = listing.items
        listing.set_source(
            MemoryView([delta, beta]), feed=feed_view, highlight=lambda title: [(0, 4)]
        )
        assert [s.title for s in listing.rows] == ["Delta", "Beta long read"]
        assert listing.current == delta
        strip = listing.render_line(0)
        match = component_style(listing, "article-list--match")
        styled = [
            segment.text
            for segment in strip
            if segment.style and match.color and segment.style.color == match.color
        ]
        assert "".join(styled).strip() == "Delt"
        listing.set_source(feed_view)
        assert len(listing.rows) == 4
        assert listing.current == delta


async def test_marks_appear_in_the_row_gutter(feed: Path) -> None:
    async with running(feed) as (app, pilot):
        listing = articles(app)
        listing.set_marks(lambda s: ("unread", "starred") if s.title == "Delta" else ())
        await pilot.press("G")
        await pilot.pause()
        top = listing.cursor * ROW_HEIGHT - listing.scroll_offset.y
        assert listing.render_line(top).text[1] == "●"
        assert listing.render_line(top + 1).text[1] == "★"
        assert listing.render_line(0).text[1] == " "


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("speakers", "Everyone quoted across the feed, and what they said"),
        ("speaker index", "Everyone quoted across the feed, and what they said"),
        ("sidebar", "Show or hide the article list"),
        ("info panel", "Show or hide the info panel"),
        ("load errors", "Show load errors"),
        ("theme", "Next theme"),
    ],
)
async def test_the_palette_finds_a_command_by_the_words_the_footer_and_readme_use(
    feed: Path, query: str, found: str
) -> None:
    async with running(feed) as (app, _pilot):
        assert found in (await palette_hits(app, query))[:3]


async def test_every_footer_label_finds_its_own_command_first(feed: Path) -> None:
    from textual.binding import Binding

    async with running(feed) as (app, _pilot):
        for binding in Binding.make_bindings([*MainScreen.BINDINGS, *PressReaderApp.BINDINGS]):
            if not binding.show:
                continue
            hits = await palette_hits(app, binding.description)
            assert hits[0] == (binding.tooltip or binding.description), binding.description
