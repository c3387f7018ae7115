"""The left-hand pane: the search box, the load's progress and the article list.

It owns the search: the box reports keystrokes, the sidebar waits for a pause in them
(`SEARCH_DEBOUNCE_SECONDS`), runs the query in a worker through the injected `Searcher`, and
filters its list with the result, best first (`rank`) or in the list's order (`order`).
It tells the screen which query the list now shows (`SearchApplied`), so the open article can
mark its matches; the cursor's moves bubble up from the list as `ArticleList.Highlighted`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.reactive import reactive
from textual.timer import Timer
from textual.widgets import ProgressBar
from textual.worker import get_current_worker

from reader.articles.model import ArticleSummary
from reader.articles.sorting import DEFAULT_SORT, SORT_LABELS, SortOrder, sort_key
from reader.feed.library import SearchResult
from reader.search.query import Query, QueryError, match_ranges, parse
from reader.ui.messages import SearchApplied, SearchFinished
from reader.ui.widgets.article_list import ArticleList, Marker
from reader.ui.widgets.labels import counted
from reader.ui.widgets.search_bar import SearchBar

# Feeds with at least this many files show a progress bar while they load.
LONG_LOAD_FILES = 500
WIDTHS = range(24, 81)
# Typing pauses this long before the query runs: one search per burst of keys, not per key.
SEARCH_DEBOUNCE_SECONDS = 0.12

Searcher = Callable[[Query], SearchResult | None]
"""Runs a query over the feed (in a worker thread); None until the feed can be searched."""


class Sidebar(Vertical):
    """The article list and the search that filters it."""

    rank: reactive[bool] = reactive(True, init=False)
    """Search results best first; else in the list's order."""
    order: reactive[SortOrder] = reactive[SortOrder](DEFAULT_SORT, init=False)
    """The list's order (and the search results' when they are not ranked)."""

    def __init__(
        self,
        searcher: Searcher,
        marks: Marker,
        *,
        order: SortOrder = DEFAULT_SORT,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self._searcher = searcher
        self._marks = marks
        self._listing = ArticleList(id="articles")
        self.set_reactive(Sidebar.order, order)
        self._listing.sort_key = sort_key(order)
        self._query: Query | None = None  # the search whose results the list shows
        self._query_text = ""  # what the box holds (searched once typing pauses)
        self._results: SearchResult | None = None
        self._before_search: Path | None = None  # where the cursor was when the search began
        self._search_timer: Timer | None = None
        self._search_notice: str | None = None

    def compose(self) -> ComposeResult:
        yield SearchBar(id="search")
        yield ProgressBar(id="progress", show_eta=False)
        yield self._listing

    def on_mount(self) -> None:
        self._listing.set_marks(self._marks)

    # --- what is listed -------------------------------------------------------------------------

    @property
    def current(self) -> ArticleSummary | None:
        """The article under the list's cursor."""
        return self._listing.current

    @property
    def items(self) -> Sequence[ArticleSummary]:
        """Every article of the feed, in the list's order."""
        return self._listing.items

    @property
    def rows(self) -> Sequence[ArticleSummary]:
        """The articles listed: all of them, or what the search found."""
        return self._listing.rows

    @property
    def cursor(self) -> int:
        return self._listing.cursor

    @property
    def moved_by_user(self) -> bool:
        return self._listing.moved_by_user

    def add_articles(
        self, summaries: Sequence[ArticleSummary], gone: Sequence[Path]
    ) -> list[ArticleSummary]:
        """List `summaries` (replacing what their paths had) and drop `gone`; those of
        `summaries` that were not listed before."""
        listing = self._listing
        fresh = [summary for summary in summaries if listing.get(summary.path) is None]
        listing.remove_paths(gone)
        listing.add_items(summaries)
        return fresh

    def show_progress(self, done: int, total: int) -> None:
        """`done` of `total` files read: a bar under the box while a big feed loads."""
        progress = self.query_one(ProgressBar)
        self.set_class(total >= LONG_LOAD_FILES and done < total, "-loading")
        progress.update(total=total, progress=done)

    def refresh_marks(self) -> None:
        """Redraw the rows' read and star marks (they changed)."""
        self._listing.refresh_marks()

    # --- the cursor -----------------------------------------------------------------------------

    def move_cursor(self, delta: int) -> None:
        self._listing.move_cursor(delta)

    def move_to(self, row: int) -> None:
        self._listing.move_to(row)

    def move_to_last(self) -> None:
        self._listing.move_to(len(self._listing.rows) - 1)

    def restore(self, identity: str) -> Path | None:
        """Put the cursor back on the article with `identity` (the one open last time), as if
        the reader had not moved yet; its path, or None when it is not listed."""
        listing = self._listing
        row = next((n for n, item in enumerate(listing.rows) if item.identity == identity), None)
        if row is None:
            return None
        listing.move_to(row)
        listing.moved_by_user = False
        return listing.rows[row].path

    def reveal(self, path: Path) -> bool:
        """Put the cursor on the article at `path`, clearing the search if it hides it; False
        when the article is not in the feed at all."""
        if self._listing.select_path(path):
            return True
        self.query_one(SearchBar).clear()
        self._search_closed()
        return self._listing.select_path(path)

    def focus_list(self) -> None:
        self._listing.focus()

    # --- search ---------------------------------------------------------------------------------

    @property
    def searching(self) -> bool:
        """The box is open or the list shows a search's results."""
        return self.query_one(SearchBar).display or self._query is not None

    def open_search(self, text: str | None = None, *, keep: bool = False) -> None:
        """Open the box (holding `text`, if given); `keep` leaves the focus on the list, as if
        the query had been typed and kept with enter."""
        self.query_one(SearchBar).open(text)
        if keep:
            self._listing.focus()

    def close_search(self) -> None:
        """Close the box and show the whole list again, back at the article before the search."""
        self.query_one(SearchBar).action_close()

    def search_again(self) -> None:
        """Run the box's query again (the feed or the marks may have changed)."""
        if self._query_text.strip():
            self._run_search()

    @on(SearchBar.Changed)
    def _search_changed(self, event: SearchBar.Changed) -> None:
        if self._before_search is None and (current := self._listing.current):
            self._before_search = current.path
        self._query_text = event.query_text
        if self._search_timer is not None:
            self._search_timer.stop()
        self._search_timer = self.set_timer(SEARCH_DEBOUNCE_SECONDS, self._run_search)

    @on(SearchBar.Submitted)
    def _search_kept(self) -> None:
        self._listing.focus()

    @on(SearchBar.Closed)
    def _search_closed(self) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
        self._query_text = ""
        self._show_results(None, None)
        if self._before_search is not None:
            self._listing.select_path(self._before_search)
        self._before_search = None
        self._listing.focus()

    def _run_search(self) -> None:
        text = self._query_text.strip()
        if not text:
            self._show_results(None, None)
            return
        try:
            query = parse(text)
        except QueryError as error:
            self.query_one(SearchBar).show_status(str(error), error=True)
            return
        self._search(query)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _search(self, query: Query) -> None:
        result = self._searcher(query)
        if not get_current_worker().is_cancelled:
            self.post_message(SearchFinished(query, result))

    @on(SearchFinished)
    def _search_finished(self, event: SearchFinished) -> None:
        if event.result is None:
            self.query_one(SearchBar).show_status("Searching once the feed has loaded…")
        else:
            self._show_results(event.query, event.result)

    def _show_results(self, query: Query | None, result: SearchResult | None) -> None:
        if query is not None and query.text != self._query_text.strip():
            return  # typed on since
        self._query, self._results = query, result
        bar = self.query_one(SearchBar)
        if query is None or result is None:
            self._listing.set_filter(None)
            bar.show_status("")
        else:
            found = (
                result.summaries
                if self.rank
                else sorted(result.summaries, key=sort_key(self.order))
            )
            self._listing.set_filter(
                [summary.path for summary in found],
                highlight=partial(match_ranges, query, column="title"),
            )
            order = "best first" if self.rank else SORT_LABELS[self.order].lower()
            count = counted(result.count, "match", "matches")
            bar.show_status(f"{count} · {order}" if result.count else "No matches")
            if result.notice and result.notice != self._search_notice:
                self._search_notice = result.notice  # once, not at every keystroke
                self.notify(result.notice, title="Search", markup=False)
        self.post_message(SearchApplied(query).set_sender(self))

    # --- order and size -------------------------------------------------------------------------

    def watch_rank(self) -> None:
        if self._query is not None:
            self._show_results(self._query, self._results)

    def watch_order(self, order: SortOrder) -> None:
        listing = self._listing
        listing.sort_key = sort_key(order)
        listing.set_items(list(listing.items))
        if self._query is not None and not self.rank:
            self._show_results(self._query, self._results)

    def resize(self, step: int) -> None:
        """Widen (or, for a negative `step`, narrow) the sidebar by `step` cells."""
        width = self.outer_size.width + step
        self.styles.width = min(max(width, WIDTHS.start), WIDTHS.stop - 1)
