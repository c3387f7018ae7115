"""The reading screen: it lays out the header, sidebar, reading pane and footer, and routes.

The parts own their state and workers: the `Sidebar` lists and searches the feed, the
`ReadingPane` opens articles, the `ReadingSession` keeps the reading marks. The screen carries
what one reports to the others (the cursor moved: open that article; an article was shown:
start the dwell that marks it read), takes the feed from the app as it loads (`add_articles`,
`feed_loaded`, `feed_changed`), and answers the reading keys, which work wherever the focus is.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from functools import partial
from pathlib import Path
from time import monotonic
from typing import ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer

from reader.articles.model import ArticleSummary, LoadError
from reader.articles.sorting import DEFAULT_SORT, SORT_LABELS, SortOrder, next_order
from reader.feed.library import Library
from reader.quotes.speaker_data import QuoteTarget, SpeakerData, speaker_data
from reader.search.narrowing import toggle_term
from reader.store.dwell import DwellClock
from reader.store.session import ReadingSession
from reader.store.state import Position
from reader.ui.keys import READING_KEYS
from reader.ui.messages import (
    ArticleShown,
    CopyText,
    ExportQuotes,
    InfoPanelToggled,
    Listed,
    OpenLink,
    SearchApplied,
)
from reader.ui.screens.export import ExportScreen, default_export_path
from reader.ui.screens.speakers import SpeakersScreen
from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.feed_header import FeedHeader
from reader.ui.widgets.footer import ReaderFooter
from reader.ui.widgets.labels import line
from reader.ui.widgets.notice import Notice
from reader.ui.widgets.reading_pane import ReadingPane
from reader.ui.widgets.sidebar import Lister, Sidebar

SIDEBAR_STEP = 4
# Narrower than this (the "-narrow" breakpoint) there is room for two panes, not three: the
# info panel, when it is shown, takes the article list's place, so the article keeps its width.
NARROW_WIDTH = 110


class MainScreen(Screen[None]):
    AUTO_FOCUS = "#articles"
    # Classes the stylesheet sizes the side panes by.
    # Declared as an instance variable by Textual, so not a ClassVar here.
    HORIZONTAL_BREAKPOINTS: list[tuple[int, str]] | None = [  # noqa: RUF012
        (0, "-narrow"),
        (NARROW_WIDTH, "-normal"),
        (160, "-wide"),
    ]
    BINDINGS: ClassVar[list[BindingType]] = READING_KEYS

    show_sidebar: reactive[bool] = reactive(True)
    """The article list is shown (the `-no-sidebar` class hides it)."""
    nothing_to_read: reactive[bool] = reactive(False)
    """The feed has no readable article: a notice takes the panes' place (`-empty`)."""
    narrow: reactive[bool] = reactive(False, init=False)
    """Narrower than `NARROW_WIDTH`: the info panel starts hidden, and shown, it takes the
    article list's place (`-info-for-list`)."""

    def __init__(
        self,
        feed_name: str,
        session: ReadingSession,
        lister: Lister,
        library: Callable[[], Library | None],
        *,
        dwell_seconds: float = 0.0,
        sort_order: SortOrder = DEFAULT_SORT,
        show_info: bool = True,
        sidebar_width: int | None = None,
    ) -> None:
        super().__init__()
        self._sidebar_width = sidebar_width  # as the reader last set it (None: the layout's)
        self._feed_name = feed_name
        self._session = session
        # Read time counts only while the reader is reading (see `_reading_now`).
        self._dwell = DwellClock(dwell_seconds)
        self._covered = False  # another screen is on top of this one
        self._wide_info = show_info  # the panel shown, as last chosen on a wide screen
        # The parts are kept to hand: the app's workers report to the screen until it is gone,
        # after its children have left the DOM (a late report then changes nothing on screen).
        self._header = FeedHeader(feed_name, id="header")
        self._library = library
        self._sidebar = Sidebar(lister, session.mark_names, order=sort_order, id="sidebar")
        self._settle: tuple[Sequence[LoadError], Sequence[Path], Position | None] | None = None
        self._pane = ReadingPane(show_info=show_info, id="reading")
        self._dwell_timer: Timer | None = None
        self._loaded = False  # the first load is over: later batches come from live reload
        self._arrived: list[ArticleSummary] = []

    def compose(self) -> ComposeResult:
        yield self._header
        with Horizontal(id="panes"):
            yield self._sidebar
            yield self._pane
        yield Notice(id="notice")
        yield ReaderFooter(narrow_below=NARROW_WIDTH)

    def watch_show_sidebar(self, shown: bool) -> None:
        self.set_class(not shown, "-no-sidebar")
        if not shown and self._sidebar.has_focus_within:
            self._pane.focus_article()

    def watch_nothing_to_read(self, empty: bool) -> None:
        self.set_class(empty, "-empty")

    def on_resize(self, event: events.Resize) -> None:
        self.narrow = event.size.width < NARROW_WIDTH

    def watch_narrow(self, narrow: bool) -> None:
        """Narrow, the article gets the room: the panel goes until asked for (`i`, `Q`); wide
        again, it comes back as the reader last chose there."""
        if narrow:
            self._wide_info = self._pane.show_info
            self._pane.show_info = False
        else:
            self._pane.show_info = self._wide_info
        self._lay_out_panes()

    def _lay_out_panes(self) -> None:
        beside = self.narrow and self._pane.show_info
        self.set_class(beside, "-info-for-list")
        if beside and self._sidebar.has_focus_within:
            self._pane.focus_article()

    def on_info_panel_toggled(self, message: InfoPanelToggled) -> None:
        self._lay_out_panes()
        if self.narrow:
            message.stop()  # a narrow screen's choice is not the one to remember for a wide one

    def _show_list(self) -> None:
        """The article list comes into view (on a narrow screen, in the info panel's place)."""
        self.show_sidebar = True
        if self.narrow and self._pane.show_info:
            self._pane.show_info = False
            self._lay_out_panes()

    # --- the feed, as it loads ------------------------------------------------------------------

    def add_articles(
        self,
        arrived: Sequence[ArticleSummary],
        touched: Collection[Path],
        error_count: int,
        done: int,
        total: int,
    ) -> None:
        """More of the feed has loaded (the files at `touched` were read again, `arrived` are
        new): the list is read from the index again."""
        # The open article, edited, is shown again where the reader had got to.
        self._pane.keep_place(set(touched))
        if self._loaded:  # live reload: what was not listed before has arrived
            self._arrived += arrived
        header = self._header
        header.error_count = error_count
        header.load_progress = (done, total) if done < total else None
        self._sidebar.show_progress(done, total)
        self._sidebar.refresh_list(touched)

    def feed_loaded(
        self,
        errors: Sequence[LoadError],
        paths: Sequence[Path],
        position: Position | None = None,
    ) -> None:
        """Every file has been read: say so if there is nothing to read, else show where the
        reader was last time (`position`), or the newest."""
        self._header.load_progress = None
        self._sidebar.show_progress(0, 0)
        self._loaded = True
        # Settled once the list read after the last batch is shown (see `_listed`).
        self._settle = (errors, paths, position)
        self._sidebar.refresh_list()

    @on(Listed)
    def _listed(self) -> None:
        """The sidebar shows a fresh list: count it, and finish the load when it was the last."""
        sidebar = self._sidebar
        self._header.article_count = len(sidebar.items)
        self._count_unread()
        if self._settle is not None:
            errors, paths, position = self._settle
            self._settle = None
            if not sidebar.items:
                self.nothing_to_read = True
                self.query_one(Notice).show_nothing_to_read(errors, paths)
                return
            if not sidebar.moved_by_user and not self._restore(position):
                sidebar.move_to(0)
            # Only now is the article under the cursor the reader's (the one shown while the
            # feed loaded was whichever loaded first): its dwell may count from here.
            self._reading_changed()
        elif self._loaded and sidebar.items:
            self.nothing_to_read = False
            if sidebar.current is None:
                sidebar.move_to(0)

    def feed_changed(self) -> None:
        """Live reload has brought the list up to date; announce what arrived (new files, and
        broken ones mended)."""
        arrived, self._arrived = self._arrived, []
        if arrived:
            count = len(arrived)
            titles = "\n".join(f"• {line(summary.title)}" for summary in arrived[:3])
            more = f"\n… and {count - 3:,} more" if count > 3 else ""
            heading = f"{count:,} new {'article' if count == 1 else 'articles'}"
            self.notify(f"{titles}{more}", title=heading, markup=False, timeout=6)
        self._sidebar.refresh_list()

    def show_fetch_progress(self, progress: tuple[int, int] | None) -> None:
        """(URLs done, URLs known) while the subscriptions are fetched; None when it is over."""
        self._header.fetch_progress = progress

    def _restore(self, position: Position | None) -> bool:
        """Put the cursor back on the article open last time, and its scroll once shown."""
        if position is None:
            return False
        path = self._sidebar.restore(position.identity)
        if path is not None:
            self._pane.restore_scroll(path, position.scroll_y)
        return path is not None

    def on_unmount(self) -> None:
        self.save_position()

    def save_position(self) -> None:
        """Remember the open article and how far it is scrolled, for the next start."""
        article = self._pane.article
        if article is not None:
            self._session.save_position(article.identity, self._pane.article_scroll)

    # --- reading marks --------------------------------------------------------------------------

    def marks_changed(self) -> None:
        """The session's marks changed (read from the state file): draw them."""
        self._sidebar.refresh_marks()
        self._count_unread()

    @work(thread=True, exclusive=True, group="unread", exit_on_error=False)
    def _count_unread(self) -> None:
        """Count the unread articles in the index (marks joined in SQL), off the event loop."""
        library = self._library()
        if library is None or not self._session.active:
            return
        unread = library.unread_count(set(self._session.marks.read))
        self.app.call_from_thread(self._show_unread, unread)

    def _show_unread(self, unread: int) -> None:
        self._header.unread_count = unread

    def _set_read(self, summary: ArticleSummary, read: bool) -> None:
        if self._session.set_read(summary, read):
            self.marks_changed()

    def _dwelt(self) -> None:
        current, subject = self._sidebar.current, self._dwell.subject
        self._dwell.end()
        if current is not None and current.identity == subject:
            self._set_read(current, True)
            # Saved now as well as on the way out, so a crash or a killed terminal still
            # reopens the feed here.
            self.save_position()

    def _stop_dwell(self) -> None:
        """The dwell no longer counts for the open article (the reader marked it by hand)."""
        self._dwell.end()
        self._schedule_dwell()

    @on(ArticleShown)
    def _start_dwell(self, event: ArticleShown) -> None:
        if not self._is_current(event.summary):
            return
        self._dwell.begin(event.summary.identity, monotonic(), running=self._reading_now())
        self._schedule_dwell()

    def _reading_now(self) -> bool:
        """Whether the open article is being read: the feed has loaded (until then it is
        whichever loaded first), the terminal is in the foreground, and the keys are not in
        the search box (the article behind it is a search's top hit, not a choice)."""
        return (
            self._loaded
            and self.app.app_focus
            and not self._covered  # not under the speaker index, the help or a dialog
            and not self._sidebar.typing
        )

    def _reading_changed(self) -> None:
        """The reader started or stopped reading: the dwell goes on, or waits."""
        now = monotonic()
        if self._reading_now():
            self._dwell.run(now)
        else:
            self._dwell.stop(now)
        self._schedule_dwell()

    def _schedule_dwell(self) -> None:
        """Time the dwell's end: now, later, or not while it is stopped."""
        if self._dwell_timer is not None:
            self._dwell_timer.stop()
            self._dwell_timer = None
        if self._dwell.subject is None or not self._dwell.running:
            return
        remaining = self._dwell.remaining(monotonic())
        if remaining <= 0:
            self._dwelt()
        else:
            self._dwell_timer = self.set_timer(remaining, self._schedule_dwell)

    def on_mount(self) -> None:
        self.watch(self.app, "app_focus", self._reading_changed, init=False)
        self._show_order()
        if self._sidebar_width is not None:
            self._sidebar.set_width(self._sidebar_width)

    def _show_order(self) -> None:
        """The list's order in the header, so that it is never a guess."""
        sidebar = self._sidebar
        order = SORT_LABELS[sidebar.order]
        if sidebar.filtered:
            order = "Search: best first" if sidebar.rank else f"Search: {order.lower()}"
        self._header.order_label = order

    def on_descendant_focus(self) -> None:
        self._reading_changed()

    def on_descendant_blur(self) -> None:
        self._reading_changed()

    def on_screen_suspend(self) -> None:
        self._covered = True
        self._reading_changed()

    def on_screen_resume(self) -> None:
        self._covered = False
        self._reading_changed()

    def _is_current(self, summary: ArticleSummary) -> bool:
        current = self._sidebar.current
        return current is not None and current.path == summary.path

    # --- between the parts ----------------------------------------------------------------------

    @on(ArticleList.Highlighted)
    def _article_highlighted(self, event: ArticleList.Highlighted) -> None:
        self._pane.open(event.summary)

    @on(ArticleList.Selected)
    def _article_selected(self) -> None:
        self._pane.focus_article()

    @on(SearchApplied)
    def _search_applied(self, event: SearchApplied) -> None:
        self._pane.search_query = event.query
        self._show_order()

    def open_quote(self, path: Path, start: int, end: int) -> None:
        """Open the article at `path` with the quote at [start, end) in view, highlighted (a
        choice from the speaker index); the search is cleared if it hides that article."""
        if not self._sidebar.reveal(path):
            self.notify("That article is no longer in the feed.", severity="warning")
            return
        self._pane.show_quote(path, start, end)

    # --- actions: moving ------------------------------------------------------------------------

    def action_next_article(self) -> None:
        self._sidebar.move_cursor(1)

    def action_previous_article(self) -> None:
        self._sidebar.move_cursor(-1)

    def action_first_article(self) -> None:
        self._sidebar.move_to(0)

    def action_last_article(self) -> None:
        self._sidebar.move_to_last()

    def action_next_unread(self) -> None:
        sidebar = self._sidebar
        row = self._session.next_unread(sidebar.rows, sidebar.cursor)
        if row is None:
            self.notify("Every article listed is read.", timeout=3)
        else:
            sidebar.move_to(row)

    def action_page_down(self) -> None:
        if self._pane.at_end and self._session.active:
            self.action_next_unread()
        else:
            self._pane.page_down()

    def action_page_up(self) -> None:
        self._pane.page_up()

    def action_next_match(self) -> None:
        self._pane.step_match(1)

    def action_previous_match(self) -> None:
        self._pane.step_match(-1)

    # --- actions: marks -------------------------------------------------------------------------

    def action_toggle_read(self) -> None:
        if (current := self._current_article()) is not None:
            self._stop_dwell()  # the reader's word beats the dwell
            if self._session.toggle_read(current):
                self.marks_changed()

    def action_toggle_star(self) -> None:
        if (current := self._current_article()) is None:
            return
        starred = self._session.toggle_star(current)
        if starred is not None:
            self._sidebar.refresh_marks()
            self.notify("Starred" if starred else "Star removed", timeout=2)

    # --- actions: layout ------------------------------------------------------------------------

    def action_toggle_panel(self) -> None:
        self._pane.toggle_info()

    def action_focus_quotes(self) -> None:
        self._pane.focus_quotes()

    def action_toggle_sidebar(self) -> None:
        if self.narrow and self._pane.show_info:
            self._show_list()  # the list is behind the panel: b brings it back
        else:
            self.show_sidebar = not self.show_sidebar

    def action_narrow_sidebar(self) -> None:
        self._sidebar.resize(-SIDEBAR_STEP)

    def action_widen_sidebar(self) -> None:
        self._sidebar.resize(SIDEBAR_STEP)

    # --- actions: search and order --------------------------------------------------------------

    def action_focus_search(self) -> None:
        self._show_list()
        self._sidebar.open_search()

    def action_clear_search(self) -> None:
        if self._sidebar.searching:
            self._sidebar.close_search()

    def action_unread_only(self) -> None:
        self._list_only("is:unread")

    def action_starred_only(self) -> None:
        self._list_only("is:starred")

    def _list_only(self, term: str) -> None:
        """Narrow the search to what `term` finds ("knife" becomes "knife is:unread"), as if
        typed in the search box and kept; pressed again, the term comes out again."""
        self._show_list()
        narrowed = toggle_term(self._sidebar.query_text, term)
        if narrowed:
            self._sidebar.open_search(narrowed, keep=True)
        else:
            self._sidebar.close_search()

    def action_toggle_rank(self) -> None:
        sidebar = self._sidebar
        sidebar.rank = not sidebar.rank
        message = "best first" if sidebar.rank else "in list order"
        self._show_order()
        self.notify(f"Search results {message}", timeout=2)

    def action_cycle_sort(self) -> None:
        sidebar = self._sidebar
        sidebar.order = next_order(sidebar.order)
        self._show_order()
        self.notify(f"Sorted: {SORT_LABELS[sidebar.order]}", timeout=2)

    # --- actions: the article's URL and quotes --------------------------------------------------

    def action_open_url(self) -> None:
        if (url := self._current_url()) is not None:
            self.post_message(OpenLink(url))

    def action_copy_url(self) -> None:
        if (url := self._current_url()) is not None:
            self.post_message(CopyText(url, "URL"))

    def action_copy_quote(self) -> None:
        self._pane.copy_quote()

    def _current_article(self) -> ArticleSummary | None:
        current = self._sidebar.current
        if current is None:
            self.notify("No article is open.", severity="warning")
        return current

    def _current_url(self) -> str | None:
        current = self._current_article()
        if current is None:
            return None
        if not current.url:
            self.notify("This article has no URL.", severity="warning")
            return None
        return current.url

    # --- actions: across the feed ---------------------------------------------------------------

    def action_speakers(self) -> None:
        gather = partial(_gather_speakers, self._library)
        self.app.push_screen(SpeakersScreen(gather), self._speaker_quote_chosen)

    def _speaker_quote_chosen(self, target: QuoteTarget | None) -> None:
        if target is not None:
            self.open_quote(target.path, target.start, target.end)

    def action_export_quotes(self) -> None:
        rows = list(self._sidebar.rows)
        if not rows:
            self.notify("No articles are listed: nothing to export.", severity="warning")
            return
        default = default_export_path(self._feed_name)
        self.app.push_screen(ExportScreen(default, len(rows)), partial(self._export_chosen, rows))

    def _export_chosen(self, rows: list[ArticleSummary], path: Path | None) -> None:
        if path is not None:
            self.notify(f"Exporting the quotes of {len(rows):,} articles…", timeout=2)
            self.post_message(ExportQuotes(rows, path))


def _gather_speakers(library: Callable[[], Library | None]) -> SpeakerData:
    """Everyone quoted in the feed, from the quotes the index stores (runs in the speakers
    screen's worker thread)."""
    opened = library()
    return speaker_data(opened.all_quotes()) if opened is not None else SpeakerData()
