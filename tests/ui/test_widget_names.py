"""Widgets never shadow Textual's own attributes: each name here once broke the app."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Label

from reader.ui.widgets.feed_header import FeedHeader
from reader.ui.widgets.search_bar import SearchBar


class _One(App[None]):
    def __init__(self, widget: FeedHeader | SearchBar) -> None:
        super().__init__()
        self._widget = widget

    def compose(self) -> ComposeResult:
        yield self._widget


async def test_triple_clicking_the_search_status_line_keeps_the_app_running() -> None:
    # Textual selects a line's text on a triple click by querying the widget's DOM: a
    # `query` property holding the box's text made that `'str' object is not callable`.
    bar = SearchBar(id="search")
    app = _One(bar)
    async with app.run_test(size=(60, 6)) as pilot:
        bar.open("knife (")
        bar.show_status("Unbalanced parenthesis")
        await pilot.pause()
        await pilot.click("#search-status", times=3)
        await pilot.pause()
        assert app.is_running
        assert bar.query_text == "knife ("
        assert str(bar.query_one("#search-status", Label).render()) == "Unbalanced parenthesis"


async def test_the_header_shows_load_progress_as_text_not_a_spinner() -> None:
    # A `loading` reactive of our own turned Widget.loading on: a spinner hid the counts.
    header = FeedHeader("feed")
    app = _One(header)
    async with app.run_test(size=(80, 3)) as pilot:
        header.article_count = 3
        header.load_progress = (3, 10)
        await pilot.pause()
        assert header.loading is False
        counts = str(header.query_one("#counts", Label).render())
        assert counts == "3 articles · reading 3 of 10 files…"
