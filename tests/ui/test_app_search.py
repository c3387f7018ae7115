"""Search in the app, through Pilot: the filter, its order and count, highlights, bad queries."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from support.pilot import ALPHA_TITLE, articles, running, settle, shown_title, view
from textual.pilot import Pilot
from textual.widgets import Label

from reader.ui.widgets.search_bar import SearchBar
from reader.ui.widgets.sidebar import SEARCH_DEBOUNCE_SECONDS


async def search(pilot: Pilot[Any], text: str) -> None:
    """Open the box, type `text`, and wait for the debounced search to show its results."""
    await pilot.press("slash", *text)
    await pilot.pause(SEARCH_DEBOUNCE_SECONDS * 2)
    await settle(pilot)


def status(pilot: Pilot[Any]) -> str:
    return str(pilot.app.query_one("#search-status", Label).content)


def titles(pilot: Pilot[Any]) -> list[str]:
    return [summary.title for summary in articles(pilot.app).rows]  # type: ignore[arg-type]


async def test_typing_filters_the_list_to_the_matches_and_counts_them(feed: Path) -> None:
    async with running(feed) as (_app, pilot):
        await search(pilot, "paragraph")
        assert titles(pilot) == ["Beta long read"]
        assert status(pilot) == "1 article found · best first"
        assert shown_title(pilot.app) == "Beta long read"


async def test_a_query_that_matches_nothing_says_so_and_lists_nothing(feed: Path) -> None:
    async with running(feed) as (_app, pilot):
        await search(pilot, "zebra")
        assert titles(pilot) == []
        assert status(pilot) == "No article matches"


async def test_field_and_or_queries_filter_like_the_cli(feed: Path) -> None:
    async with running(feed) as (_app, pilot):
        await search(pilot, "title:gamma OR title:delta")
        assert sorted(titles(pilot)) == ["Delta", "Gamma without a link"]


async def test_matches_are_highlighted_in_the_open_articles_body(feed: Path) -> None:
    async with running(feed) as (app, pilot):
        await search(pilot, "police")
        assert shown_title(app) == ALPHA_TITLE
        assert view(app).highlighted == ["Police"]


async def test_brackets_step_through_the_matches_in_the_body(feed: Path) -> None:
    async with running(feed) as (app, pilot):
        await search(pilot, "paragraph")
        await pilot.press("enter")  # keep the filter, focus the list
        body = view(app)
        assert len(body.highlighted) == 80
        assert body._current_range == 0  # a search result opens at its first match
        await pilot.press("G", "right_square_bracket")
        assert body._current_range == 1
        top_before = body.scroll_offset.y
        for _ in range(40):
            await pilot.press("right_square_bracket")
        await pilot.pause()
        assert body._current_range == 41
        assert body.scroll_offset.y > top_before  # scrolled to follow the match
        await pilot.press("left_square_bracket")
        assert body._current_range == 40
        assert body.border_title == "Match 41 of 80"


async def test_escape_clears_the_filter_and_goes_back_to_the_article_before(feed: Path) -> None:
    async with running(feed) as (app, pilot):
        await pilot.press("n", "n")  # Gamma
        await settle(pilot)
        await search(pilot, "paragraph")
        assert shown_title(app) == "Beta long read"
        await pilot.press("escape")
        await settle(pilot)
        assert len(articles(app).rows) == 4
        assert shown_title(app) == "Gamma without a link"
        assert view(app).highlighted == []
        assert not app.query_one(SearchBar).display


async def test_enter_keeps_the_filter_and_moves_to_the_list(feed: Path) -> None:
    async with running(feed) as (app, pilot):
        await search(pilot, "title:delta")
        await pilot.press("enter")
        assert app.focused is articles(app)
        assert titles(pilot) == ["Delta"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("before:notadate", "before:"),
        ('"unclosed', "quote"),
        ("colour:red", "colour"),
    ],
)
async def test_a_malformed_query_says_what_is_wrong_under_the_box(
    feed: Path, query: str, message: str
) -> None:
    async with running(feed) as (app, pilot):
        await search(pilot, query)
        label = app.query_one("#search-status", Label)
        assert label.has_class("-error")
        assert message in status(pilot)
        assert len(articles(app).rows) == 4  # the list is left as it was


async def test_clearing_the_box_shows_every_article_again(feed: Path) -> None:
    async with running(feed) as (_app, pilot):
        await search(pilot, "zebra")
        await pilot.press(*["backspace"] * 5)
        await pilot.pause(SEARCH_DEBOUNCE_SECONDS * 2)
        await settle(pilot)
        assert len(titles(pilot)) == 4
        assert status(pilot) == ""


async def test_capital_r_lists_the_matches_in_list_order_instead_of_best_first(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "feed"
    folder.mkdir()
    # The older article says "flood" many times (ranked first); the newer once.
    (folder / "old.md").write_text("# Old flood\n\n" + "flood " * 30, encoding="utf-8")
    (folder / "new.md").write_text("# New\n\nA flood warning. " + "Rain. " * 30, encoding="utf-8")
    async with running(folder) as (_app, pilot):
        await search(pilot, "flood")
        ranked = titles(pilot)
        assert ranked[0] == "Old flood"
        await pilot.press("enter", "R")
        await pilot.pause()
        assert titles(pilot) == ["New", "Old flood"]  # undated both: by path, as listed
        assert "newest first" in status(pilot)


async def test_escape_from_the_list_also_clears_a_kept_search(feed: Path) -> None:
    async with running(feed) as (app, pilot):
        await pilot.press("n")
        await settle(pilot)
        await search(pilot, "title:delta")
        await pilot.press("enter")
        assert titles(pilot) == ["Delta"]
        await pilot.press("escape")
        await settle(pilot)
        assert len(titles(pilot)) == 4
        assert shown_title(app) == "Beta long read"
        assert not app.query_one(SearchBar).display


async def test_a_second_search_goes_back_to_where_that_search_began(feed: Path) -> None:
    async with running(feed) as (app, pilot):
        await pilot.press("n", "n")  # Gamma
        await settle(pilot)
        await search(pilot, "title:delta")
        await pilot.press("escape")
        await pilot.pause(SEARCH_DEBOUNCE_SECONDS * 2)
        await settle(pilot)
        assert shown_title(app) == "Gamma without a link"
        await pilot.press("p")  # Beta
        await settle(pilot)
        await search(pilot, "title:delta")
        await pilot.press("escape")
        await settle(pilot)
        assert shown_title(app) == "Beta long read"


async def test_a_search_result_opens_at_its_first_match_and_the_last_says_so(feed: Path) -> None:
    async with running(feed) as (app, pilot):
        await search(pilot, "patrolling")
        await pilot.press("enter")
        await settle(pilot)
        body = view(app)
        assert shown_title(app) == "Beta long read"
        assert body.scroll_offset.y > 0  # the match is far down: the article opens there
        assert body.border_title == "Match 1 of 1"
        line = next(n for n, text in enumerate(body.lines) if "patrolling" in text)
        assert body.scroll_offset.y <= line < body.scroll_offset.y + body.size.height
        await pilot.press("right_square_bracket")
        assert body.border_title == "Match 1 of 1: the last in this article ([ goes back)"
        assert body._current_range == 0


async def test_the_count_line_counts_articles_not_matches(feed: Path) -> None:
    async with running(feed) as (_app, pilot):
        await search(pilot, "paragraph")  # 80 matches, in one article
        assert status(pilot) == "1 article found · best first"
