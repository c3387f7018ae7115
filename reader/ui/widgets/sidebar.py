"""The left-hand pane: the search box, the load's progress and the article list.

It owns the list and the search: the list is a view of the feed's index in the list's order
(`order`), read in a worker through the injected `Lister` whenever the feed, the order or the
query changes (`refresh_list`); the box reports keystrokes, the sidebar waits for a pause in them
(`SEARCH_DEBOUNCE_SECONDS`), and lists the query's matches instead, best first (`rank`) or in
the list's order. The list keeps the cursor's article through every change.
It tells the screen which query the list now shows (`SearchApplied`), so the open article can
mark its matches; the cursor's moves bubble up from the list as `ArticleList.Highlighted`.

It takes the feed as it loads (`take`): once the load is over (`settle`), the first list shown
puts the cursor back on the article open last time, or on the newest, and says so
(`FeedSettled`); from then on what live reload brings is announced (`announce_arrivals`).

Under the list, the saved searches (`SavedSearchList`, given a `SearchShelf`): choosing one
runs it in the box; the sidebar tells them which query it shows and which article is open, so
the new matches an alert announced count as seen.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
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
from reader.articles.sorting import DEFAULT_SORT, SORT_LABELS, SortOrder, next_order
from reader.feed.library import ListView
from reader.feed.saved import SearchShelf
from reader.search.narrowing import toggle_term
from reader.search.query import Query, QueryError, match_ranges, parse
from reader.store.state import Position
from reader.ui.messages import (
    FeedSettled,
    FirstRowsRead,
    Listed,
    MarkRead,
    SearchApplied,
    SearchFinished,
    SidebarResized,
)
from reader.ui.widgets.article_list import EMPTY, ArticleList, Marker, RowSource
from reader.ui.widgets.labels import counted, line
from reader.ui.widgets.saved_list import SavedSearchList, SaveRequest
from reader.ui.widgets.search_bar import SearchBar

# Feeds with at least this many files show a progress bar while they load.
LONG_LOAD_FILES = 500
WIDTHS = range(24, 81)
# Typing pauses this long before the query runs: one search per burst of keys, not per key.
SEARCH_DEBOUNCE_SECONDS = 0.12

Lister = Callable[[Query | None, SortOrder, bool], ListView | None]
"""The feed in an order, or a query's matches (best first when the bool says rank), read from
the index in a worker thread; None until the feed can be read."""
FirstRows = Callable[[SortOrder, int], ListView | None]
"""The feed's first rows in an order, read from the index in a worker thread; None until the
feed can be read."""
# Until the whole list has come once, this many of its first rows are shown: the first article
# need not wait for every id (about a second at a million articles on a loaded machine).
FIRST_ROWS = 200


class Sidebar(Vertical):
    """The article list and the search that filters it."""

    rank: reactive[bool] = reactive(True, init=False)
    """Search results best first; else in the list's order."""
    order: reactive[SortOrder] = reactive[SortOrder](DEFAULT_SORT, init=False)
    """The list's order (and the search results' when they are not ranked)."""

    def __init__(
        self,
        lister: Lister,
        marks: Marker,
        *,
        order: SortOrder = DEFAULT_SORT,
        shelf: SearchShelf | None = None,
        first_rows: FirstRows | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self._lister = lister
        self._first_rows = first_rows
        self._marks = marks
        # Kept to hand: the app's workers report to the sidebar until it is gone, after its
        # children have left the DOM.
        self._listing = ArticleList(id="articles")
        self._progress = ProgressBar(id="progress", show_eta=False)
        self.set_reactive(Sidebar.order, order)
        self._query: Query | None = None  # the search whose results the list shows
        self._query_text = ""  # what the box holds (searched once typing pauses)
        self._listed = False  # a list has come from the index
        self._touched: set[Path] = set()  # files read again since the list was last shown
        self._before_search: Path | None = None  # where the cursor was when the search began
        self._search_timer: Timer | None = None
        self._search_notice: str | None = None
        # The load is over and the next list shown settles it, at this position (see `settle`).
        self._settling: tuple[Position | None] | None = None
        self._settled = False
        self._arrived: list[ArticleSummary] = []  # new since the last announcement
        # The saved searches, under the list (none without a shelf).
        self._saved = SavedSearchList(shelf, id="saved") if shelf is not None else None

    def compose(self) -> ComposeResult:
        yield SearchBar(id="search")
        yield self._progress
        yield self._listing
        if self._saved is not None:
            yield self._saved

    def on_mount(self) -> None:
        self._listing.set_marks(self._marks)

    # --- what is listed -------------------------------------------------------------------------

    @property
    def current(self) -> ArticleSummary | None:
        """The article under the list's cursor."""
        return self._listing.current

    @property
    def items(self) -> RowSource:
        """Every article of the feed, in the list's order (none until the whole list has come:
        the first rows shown before it are not the feed)."""
        return self._listing.items if self._listed else EMPTY

    @property
    def rows(self) -> RowSource:
        """The articles listed: all of them, or what the search found (none until the whole
        list has come, as `items`)."""
        return self._listing.rows if self._listed else EMPTY

    @property
    def listed(self) -> bool:
        """Whether a list has come from the index yet."""
        return self._listed

    @property
    def cursor(self) -> int:
        return self._listing.cursor

    def neighbours(self) -> list[ArticleSummary]:
        """The articles either side of the cursor's in the list, the next one first."""
        return self._listing.neighbours()

    @property
    def moved_by_user(self) -> bool:
        return self._listing.moved_by_user

    def refresh_list(self, touched: Collection[Path] = ()) -> None:
        """Read the list from the index again (the feed changed: the files at `touched`, or
        more); `Listed` says when it is shown."""
        # Kept until a list is shown: a newer refresh overtakes (cancels) an older one.
        self._touched |= set(touched)
        self._list(self._query_text_query())

    def take(
        self,
        arrived: Sequence[ArticleSummary],
        touched: Collection[Path],
        done: int,
        total: int,
    ) -> None:
        """More of the feed was read (`done` of `total` files; the files at `touched` again,
        `arrived` new): list it again."""
        if self._settled:  # live reload: what was not listed before has arrived
            self._arrived += arrived
        self.show_progress(done, total)
        self.refresh_list(touched)

    def settle(self, position: Position | None) -> None:
        """Every file has been read: the list read now puts the cursor back at `position` (where
        the reader was last time), else on the newest, and `FeedSettled` says so."""
        self.show_progress(0, 0)
        self._settling = (position,)
        self.refresh_list()
        self.count_saved()

    def announce_arrivals(self) -> None:
        """Live reload brought the index up to date: say what arrived (new files, broken ones
        mended), and list it."""
        arrived, self._arrived = self._arrived, []
        if arrived:
            count = len(arrived)
            titles = "\n".join(f"• {line(summary.title)}" for summary in arrived[:3])
            more = f"\n… and {count - 3:,} more" if count > 3 else ""
            heading = counted(count, "new article")
            self.notify(f"{titles}{more}", title=heading, markup=False, timeout=6)
        self.refresh_list()
        self.alert_saved(arrived)

    def show_progress(self, done: int, total: int) -> None:
        """`done` of `total` files read: a bar under the box while a big feed loads."""
        self.set_class(total >= LONG_LOAD_FILES and done < total, "-loading")
        self._progress.update(total=total, progress=done)

    def mark_listed_read(self) -> None:
        """Ask for every article listed to be marked read (`MarkRead`, to the screen). Their
        summaries are read in a worker: a list of 100,000 is many pages of the index."""
        self._gather_listed(self._listing.rows)

    @work(thread=True, exclusive=True, group="gather", exit_on_error=False)
    def _gather_listed(self, rows: RowSource) -> None:
        summaries = rows.rows(0, len(rows))
        if not get_current_worker().is_cancelled:
            self.post_message(MarkRead(summaries).set_sender(self))

    def refresh_marks(self) -> None:
        """Redraw the rows' read and star marks (they changed)."""
        self._listing.refresh_marks()
        self.count_saved()  # the unread counts, and is:starred searches, changed with them

    # --- the cursor -----------------------------------------------------------------------------

    def move_cursor(self, delta: int) -> None:
        self._listing.move_cursor(delta)

    def move_to(self, row: int) -> None:
        self._listing.move_to(row)

    def move_to_last(self) -> None:
        if self._listed:  # the first rows' last is not the feed's
            self._listing.move_to(len(self._listing.rows) - 1)

    def restore(self, identity: str) -> Path | None:
        """Put the cursor back on the article with `identity` (the one open last time), as if
        the reader had not moved yet; its path, or None when it is not listed."""
        listing = self._listing
        row = listing.rows.position_of_identity(identity)
        if row is None:
            return None
        listing.move_to(row)
        listing.moved_by_user = False
        return listing.current.path if listing.current else None

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
    def query_text(self) -> str:
        """What the search box holds."""
        return self._query_text

    @property
    def typing(self) -> bool:
        """The keys go to the search box."""
        return self.query_one(SearchBar).has_focus_within

    @property
    def filtered(self) -> bool:
        """The list shows a search's results."""
        return self._query is not None

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

    def narrow_to(self, term: str) -> None:
        """Narrow the search to what `term` finds ("knife" becomes "knife is:unread"), as if
        typed in the search box and kept; again, and the term comes out again."""
        narrowed = toggle_term(self._query_text, term)
        if narrowed:
            self.open_search(narrowed, keep=True)
        else:
            self.close_search()

    def _query_text_query(self) -> Query | None:
        """The box's query (the last one that parsed while it does not), if any."""
        text = self._query_text.strip()
        if not text:
            return None
        try:
            return parse(text)
        except QueryError:
            return self._query

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
        self.workers.cancel_group(self, "list")
        if not self._listed:  # only the first rows are shown: the whole feed is yet to come
            self._list(None)
            return
        self._show(self._listing.items, None, None)  # the whole feed, as last read
        if self._before_search is not None:
            self._listing.select_path(self._before_search)
        self._before_search = None
        self._listing.focus()

    def _run_search(self) -> None:
        text = self._query_text.strip()
        if not text:
            self._list(None)
            return
        try:
            query = parse(text)
        except QueryError as error:
            self.query_one(SearchBar).show_status(str(error), error=True)
            return
        self._list(query)

    @work(thread=True, exclusive=True, group="list", exit_on_error=False)
    def _list(self, query: Query | None) -> None:
        """The feed in the list's order, and `query`'s matches (in a worker: at a million
        articles the ids alone take a moment to read). Until the whole list has been shown
        once, the feed's first rows are shown before it (`FirstRowsRead`)."""
        order, rank = self.order, self.rank
        if query is None and not self._listed and self._first_rows is not None:
            first = self._first_rows(order, FIRST_ROWS)
            if first is not None and not get_current_worker().is_cancelled:
                self.post_message(FirstRowsRead(first))
        feed = self._lister(None, order, False)
        found = self._lister(query, order, rank) if query is not None and feed else None
        if not get_current_worker().is_cancelled:
            self.post_message(SearchFinished(query, feed, found))

    @on(FirstRowsRead)
    def _first_rows_read(self, event: FirstRowsRead) -> None:
        """Show the feed's first rows, and open the first, until the whole list comes: only
        the list has them (its cursor keys move among them); nothing that asks for what is
        listed (`rows`, `items`) sees them."""
        if not self._listed:
            self._listing.set_source(event.rows)

    @on(SearchFinished)
    def _search_finished(self, event: SearchFinished) -> None:
        if event.feed is None:
            if event.query is not None:
                self.query_one(SearchBar).show_status("Searching once the feed has loaded…")
            return
        query = event.query
        if query is not None and query.text != self._query_text.strip():
            return  # typed on since
        self._show(event.feed, query, event.found)

    def _show(self, feed: ListView, query: Query | None, found: ListView | None) -> None:
        """List `found` (`query`'s matches), or the whole `feed` when there is no query."""
        self._query = query
        touched, self._touched = self._touched, set()
        bar = self.query_one(SearchBar)
        if query is None or found is None:
            self._listing.set_source(feed, touched=touched)
            bar.show_status("")
        else:
            self._listing.set_source(
                found,
                feed=feed,
                highlight=partial(match_ranges, query, column="title"),
                touched=touched,
            )
            order = "best first" if found.ranked else SORT_LABELS[self.order].lower()
            # Articles, not matches: "match" is what ] and [ step through inside an article.
            articles = f"{counted(len(found), 'article')} found"
            bar.show_status(f"{articles} · {order}" if len(found) else "No article matches")
            if found.notice and found.notice != self._search_notice:
                self._search_notice = found.notice  # once, not at every keystroke
                self.notify(found.notice, title="Search", markup=False)
        self._listed = True
        if self._saved is not None and query is not None:
            self._saved.search_shown(query.text)
        self.post_message(Listed(len(self._listing.items)).set_sender(self))
        self.post_message(SearchApplied(query).set_sender(self))
        self._settle_list()

    def _settle_list(self) -> None:
        """The first list after the load puts the cursor where the reader was (unless they have
        moved it meanwhile); a list that was empty puts it on the newest once articles come."""
        listing = self._listing
        if self._settling is None:
            if self._settled and listing.items and listing.current is None:
                listing.move_to(0)
            return
        (position,), self._settling = self._settling, None
        self._settled = True
        if not listing.items:
            self.post_message(FeedSettled(empty=True).set_sender(self))
            return
        restored = self._restore_position(position)
        if restored is None and not listing.moved_by_user:
            listing.move_to(0)
        self.post_message(FeedSettled(empty=False, restored=restored).set_sender(self))

    def _restore_position(self, position: Position | None) -> tuple[Path, float] | None:
        if position is None:
            return None
        path = self.restore(position.identity)
        return None if path is None else (path, position.scroll_y)

    # --- saved searches -------------------------------------------------------------------------

    def count_saved(self) -> None:
        """Count the saved searches again (the feed has loaded, or the marks changed)."""
        if self._saved is not None:
            self._saved.recount()

    def alert_saved(self, arrived: Sequence[ArticleSummary]) -> None:
        """Live reload brought `arrived`: announce the saved searches they match, and count."""
        if self._saved is not None:
            self._saved.check_new([summary.path for summary in arrived])

    def save_request(self) -> SaveRequest | None:
        """What to ask the reader to save the box's search (see `SavedSearchList`)."""
        return self._saved.save_request(self._query_text) if self._saved is not None else None

    def focus_saved(self) -> None:
        """Put the focus on the saved searches (or say there are none yet)."""
        saved = self._saved
        if saved is not None and saved.counts:
            saved.focus()
            return
        if saved is not None and not saved.counted:
            self.notify("Counting the saved searches…", title="Saved searches", timeout=3)
            return
        self.notify(
            "No saved searches yet: search (/), then ctrl+s saves it; or add a [searches] "
            "table to the config file.",
            title="Saved searches",
            markup=False,
        )

    @on(SavedSearchList.Chosen)
    def _saved_chosen(self, event: SavedSearchList.Chosen) -> None:
        event.stop()
        self.open_search(event.search.query, keep=True)

    @on(ArticleList.Highlighted)
    def _article_opened(self, event: ArticleList.Highlighted) -> None:
        # Not stopped: the screen opens the article.
        if self._saved is not None:
            self._saved.article_seen(event.summary.identity)

    # --- order and size -------------------------------------------------------------------------

    @property
    def order_label(self) -> str:
        """The list's order in words ("Newest first", "Search: best first")."""
        order = SORT_LABELS[self.order]
        if self._query is not None:
            return "Search: best first" if self.rank else f"Search: {order.lower()}"
        return order

    def toggle_rank(self) -> None:
        """Search results best first, or in the list's order."""
        self.rank = not self.rank
        self.notify(f"Search results {'best first' if self.rank else 'in list order'}", timeout=2)

    def cycle_order(self) -> None:
        """The list in the next order (newest, oldest, title, area)."""
        self.order = next_order(self.order)
        self.notify(f"Sorted: {SORT_LABELS[self.order]}", timeout=2)

    def watch_rank(self) -> None:
        if self._query is not None:
            self.refresh_list()

    def watch_order(self) -> None:
        self.refresh_list()

    def resize(self, step: int) -> None:
        """Widen (or, for a negative `step`, narrow) the sidebar by `step` cells."""
        width = self.set_width(self.outer_size.width + step)
        self.post_message(SidebarResized(width).set_sender(self))

    def set_width(self, width: int) -> int:
        """Make the list `width` columns wide, kept within `WIDTHS`; the width it got."""
        width = min(max(width, WIDTHS.start), WIDTHS.stop - 1)
        self.styles.width = width
        return width
