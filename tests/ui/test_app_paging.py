"""The sidebar pages a 100,000-row index by position (issue 14): the row drawn at N is the Nth
article of the list's order, with or without a filter; and through the app, the cursor keeps
its article while files are edited, added and deleted around it."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from support.big_index import ROWS, HeldMarks, big_library
from support.feeds import write_article
from support.pilot import SIZE, articles, running, settle, shown_title
from textual.app import App, ComposeResult
from textual.pilot import Pilot

from reader.articles.model import ArticleSummary
from reader.articles.sorting import SortOrder, sort_key
from reader.feed.library import Library, ListView
from reader.search.query import Query
from reader.ui.widgets.article_list import ROW_HEIGHT, ArticleList
from reader.ui.widgets.sidebar import FIRST_ROWS, SEARCH_DEBOUNCE_SECONDS, Sidebar

_READ = {f"id:{number}" for number in range(0, ROWS, 3)}
_STARRED = {f"id:{number}" for number in range(0, ROWS, 7)}


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Library, list[ArticleSummary]]]:
    library, summaries = big_library(tmp_path_factory.mktemp("big"))
    marks = library.marks
    assert isinstance(marks, HeldMarks)
    marks.read, marks.starred = _READ, _STARRED
    yield library, summaries
    library.close()


class _SidebarApp(App[None]):
    """The sidebar on its own, listing from the index as the reader's does."""

    def __init__(self, library: Library) -> None:
        super().__init__()
        self._library = library

    def compose(self) -> ComposeResult:
        yield Sidebar(self._lister, self._marks, id="sidebar")

    def _lister(self, query: Query | None, order: SortOrder, rank: bool) -> ListView:
        return self._library.view(query, order, rank=rank)

    def _marks(self, _summary: ArticleSummary) -> Sequence[str]:
        return ()


class _HeldListApp(_SidebarApp):
    """The sidebar as the reader has it (its first rows first), with the whole list held back
    until `release` is set: as a million ids take a while to read."""

    def __init__(self, library: Library) -> None:
        super().__init__(library)
        self.release = threading.Event()

    def compose(self) -> ComposeResult:
        yield Sidebar(self._lister, self._marks, first_rows=self._library.first_rows, id="sidebar")

    def _lister(self, query: Query | None, order: SortOrder, rank: bool) -> ListView:
        self.release.wait(30)
        return super()._lister(query, order, rank)


async def _first_rows_shown(pilot: Pilot[Any]) -> ArticleList:
    listing = pilot.app.query_one(ArticleList)
    for _ in range(100):
        if len(listing.rows):
            break
        await pilot.pause(0.05)
    await pilot.pause()
    return listing


async def _listed(pilot: Pilot[Any]) -> None:
    await pilot.pause(SEARCH_DEBOUNCE_SECONDS * 2)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def _drawn_at(pilot: Pilot[Any], row: int) -> str:
    """The first line of the row `row`, as drawn once the cursor has gone there."""
    listing = pilot.app.query_one(ArticleList)
    listing.move_to(row)
    await pilot.pause()
    return listing.render_line(row * ROW_HEIGHT - listing.scroll_offset.y).text


def _wanted(summaries: list[ArticleSummary], order: SortOrder, keep: set[str] | None) -> list[str]:
    ordered = sorted(summaries, key=sort_key(order))
    return [s.title for s in ordered if keep is None or s.identity in keep]


@pytest.mark.parametrize("order", ["newest", "title", "area"])
async def test_scrolled_to_row_n_the_sidebar_draws_the_nth_article_of_its_order(
    big: tuple[Library, list[ArticleSummary]], order: SortOrder
) -> None:
    library, summaries = big
    expected = _wanted(summaries, order, None)
    async with _SidebarApp(library).run_test(size=SIZE) as pilot:
        sidebar = pilot.app.query_one(Sidebar)
        sidebar.order = order
        sidebar.refresh_list()  # the feed came (the default order sets off no refresh)
        await _listed(pilot)
        assert len(sidebar.rows) == ROWS
        for row in (0, 31_415, ROWS // 2, ROWS - 1):
            assert expected[row] in await _drawn_at(pilot, row), (order, row)
            assert sidebar.current is not None and sidebar.current.title == expected[row]


@pytest.mark.parametrize(
    ("typed", "keep"),
    [
        ("is:unread", {f"id:{number}" for number in range(ROWS)} - _READ),
        ("is:starred", _STARRED),
        ("phones", None),
    ],
)
async def test_a_filter_pages_its_matches_in_the_lists_order(
    big: tuple[Library, list[ArticleSummary]], typed: str, keep: set[str] | None
) -> None:
    library, summaries = big
    if keep is None:  # the word is in the bodies: the index says which
        keep = {summary.identity for summary in library.view(typed, "newest")}
    expected = _wanted(summaries, "title", keep)
    async with _SidebarApp(library).run_test(size=SIZE) as pilot:
        sidebar = pilot.app.query_one(Sidebar)
        sidebar.order = "title"
        sidebar.rank = False
        await _listed(pilot)
        sidebar.open_search(typed, keep=True)
        await _listed(pilot)
        assert sidebar.filtered and len(sidebar.rows) == len(expected) < ROWS
        for row in (0, len(expected) // 3, len(expected) - 1):
            assert expected[row] in await _drawn_at(pilot, row), (typed, row)
        sidebar.order = "newest"  # a new order pages the same matches in it
        await _listed(pilot)
        newest = _wanted(summaries, "newest", keep)
        assert expected[7] != newest[7] in await _drawn_at(pilot, 7)


async def test_the_cursors_article_keeps_its_row_through_edits_additions_and_deletions(
    tmp_path: Path,
) -> None:
    feed = tmp_path / "feed"
    for number in range(30):
        write_article(
            feed, f"{number:02}.md", title=f"Article {number}", published=f"2021-01-{number + 1:02}"
        )
    async with running(feed) as (app, pilot):
        listing = articles(app)
        listing.move_to(10)  # newest first: "Article 19"
        await settle(pilot)
        assert shown_title(app) == "Article 19"
        write_article(feed, "19.md", title="Article 19, edited", published="2021-01-20")
        for number in range(30, 33):
            write_article(feed, f"{number}.md", title=f"New {number}", published="2021-02-01")
        (feed / "25.md").unlink()  # above it
        (feed / "03.md").unlink()  # below it
        for _ in range(40):
            if len(listing.rows) == 31 and shown_title(app) == "Article 19, edited":
                break
            await pilot.pause(0.15)
        await settle(pilot)
        assert shown_title(app) == "Article 19, edited"
        assert listing.current is not None and listing.current.path == feed / "19.md"
        assert listing.cursor == 10 + 3 - 1
        assert listing.rows[listing.cursor].title == "Article 19, edited"


@pytest.mark.parametrize("order", ["newest", "title"])
async def test_the_first_rows_are_drawn_and_opened_before_the_whole_list_is_read(
    big: tuple[Library, list[ArticleSummary]], order: SortOrder
) -> None:
    library, summaries = big
    expected = _wanted(summaries, order, None)
    app = _HeldListApp(library)
    async with app.run_test(size=SIZE) as pilot:
        sidebar = pilot.app.query_one(Sidebar)
        sidebar.order = order
        sidebar.refresh_list()
        listing = await _first_rows_shown(pilot)
        assert [row.title for row in listing.rows[:FIRST_ROWS]] == expected[:FIRST_ROWS]
        assert expected[0] in listing.render_line(0).text
        assert sidebar.current is not None and sidebar.current.title == expected[0]
        # What asks for the whole list (mark all, export, the last article) does not see them.
        assert not sidebar.rows and not sidebar.items
        sidebar.move_to_last()
        assert sidebar.current.title == expected[0]
        sidebar.move_cursor(5)  # the cursor keys move among them
        app.release.set()
        await _listed(pilot)
        assert len(sidebar.rows) == len(sidebar.items) == ROWS
        assert sidebar.current.title == expected[5]  # the whole list keeps the cursor's article
        assert sidebar.cursor == 5
        sidebar.move_to_last()
        assert sidebar.current.title == expected[-1]


async def test_a_search_closed_before_the_whole_list_came_lists_the_whole_feed(
    big: tuple[Library, list[ArticleSummary]],
) -> None:
    library, summaries = big
    app = _HeldListApp(library)
    async with app.run_test(size=SIZE) as pilot:
        sidebar = pilot.app.query_one(Sidebar)
        sidebar.refresh_list()
        await _first_rows_shown(pilot)
        sidebar.open_search("phones", keep=True)
        await pilot.pause(SEARCH_DEBOUNCE_SECONDS * 2)
        sidebar.close_search()
        await pilot.pause()
        app.release.set()
        await _listed(pilot)
        assert not sidebar.filtered
        assert len(sidebar.rows) == ROWS
        assert sidebar.current is not None
        assert sidebar.current.title == _wanted(summaries, "newest", None)[0]
