"""The reading screen: it lays out the header, sidebar, reading pane and footer, and routes.

The parts own their state and workers: the `Sidebar` lists, searches and settles the feed, the
`ReadingPane` opens articles, the `FeedHeader` counts, the `ReadingSession` keeps the marks and
the `Dwell` times the mark that reading makes. The screen carries what one reports to the others
(the cursor moved: open that article; an article was shown: its dwell begins), hands the parts
what the app's workers read (`take_delivery`, `feed_loaded`, `feed_synced`), and answers the
reading keys, which work wherever the focus is.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.reactive import reactive
from textual.screen import Screen

from reader.articles.model import ArticleSummary, LoadError
from reader.articles.sorting import DEFAULT_SORT, SortOrder
from reader.feed.saved import SearchShelf
from reader.store.dwell import Dwell
from reader.store.session import ReadingSession
from reader.store.state import Position
from reader.ui.keys import READING_KEYS
from reader.ui.loading import Delivery
from reader.ui.messages import (
    AnnotationsSaved,
    ArticleShown,
    CopyText,
    ExportQuotes,
    FeedSettled,
    Listed,
    MarkRead,
    OpenLink,
    SearchApplied,
)
from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.facets import FacetCounter, FacetsPanel
from reader.ui.widgets.feed_header import FeedHeader, UnreadCounter
from reader.ui.widgets.footer import ReaderFooter
from reader.ui.widgets.labels import counted
from reader.ui.widgets.notice import Notice, Problems
from reader.ui.widgets.panes import Panes
from reader.ui.widgets.reading_pane import ReadingPane
from reader.ui.widgets.sidebar import FirstRows, Lister, Sidebar

if TYPE_CHECKING:
    from reader.quotes.speaker_data import QuoteTarget, SpeakerData

# The dialogs and the speaker index's screen are imported when first opened: the first frame
# does not need them (the notes dialog's TextArea alone is a tenth of Textual's import time).

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

    nothing_to_read: reactive[bool] = reactive(False)
    """The feed has no readable article: a notice takes the panes' place (`-empty`)."""

    def __init__(
        self,
        feed_name: str,
        session: ReadingSession,
        lister: Lister,
        *,
        unread: UnreadCounter,
        speakers: Callable[[], SpeakerData],
        facets: FacetCounter,
        dwell_seconds: float = 0.0,
        sort_order: SortOrder = DEFAULT_SORT,
        show_info: bool = True,
        sidebar_width: int | None = None,
        hidden_keys: frozenset[str] = frozenset(),
        shelf: SearchShelf | None = None,
        first_rows: FirstRows | None = None,
    ) -> None:
        super().__init__()
        self._sidebar_width = sidebar_width  # as the reader last set it (None: the layout's)
        self._session = session
        self._speakers = speakers  # gathers the speaker index (in its screen's worker)
        self._hidden_keys = hidden_keys  # actions the footer leaves out
        self._dwell = Dwell(dwell_seconds, schedule=self._schedule, dwelt=self._dwelt)
        self._settled = False  # the load is over and the cursor is on the reader's article
        # Articles opened by a key that moved the cursor, whose `Highlighted` is still to come.
        self._opened_ahead: deque[ArticleSummary] = deque()
        self._covered = False  # another screen is on top of this one
        # The parts are kept to hand: the app's workers report to the screen until it is gone,
        # after its children have left the DOM (a late report then changes nothing on screen).
        self._header = FeedHeader(feed_name, unread=unread, id="header")
        self._problems = Problems(id="problems")
        self._sidebar = Sidebar(
            lister,
            session.mark_names,
            order=sort_order,
            shelf=shelf,
            first_rows=first_rows,
            id="sidebar",
        )
        self._pane = ReadingPane(session, show_info=show_info, id="reading")
        self._facets = FacetsPanel(facets, id="facets")
        self._panes = Panes(self._sidebar, self._pane, facets=self._facets, id="panes")
        self._notice = Notice(id="notice")

    def compose(self) -> ComposeResult:
        # The breakpoint's class before there is anything to style: given by the first resize,
        # it styled every node a second time (a sixth of the first frame's work at 120x36).
        self.set_class(True, _breakpoint(self.app.size.width), update=False)
        yield self._header
        yield self._problems
        yield self._panes
        yield self._notice
        yield ReaderFooter(narrow_below=NARROW_WIDTH, hidden=self._hidden_keys)

    def on_mount(self) -> None:
        self.watch(self.app, "app_focus", self._reading_changed, init=False)
        self._show_order()
        if self._sidebar_width is not None:
            self._sidebar.set_width(self._sidebar_width)

    def on_unmount(self) -> None:
        self.save_position()

    # --- layout ---------------------------------------------------------------------------------

    def watch_nothing_to_read(self, empty: bool) -> None:
        self.set_class(empty, "-empty")

    def on_resize(self, event: events.Resize) -> None:
        self._panes.narrow = event.size.width < NARROW_WIDTH

    def _show_order(self) -> None:
        """The list's order in the header, so that it is never a guess."""
        self._header.order_label = self._sidebar.order_label

    # --- what the app's workers read ------------------------------------------------------------

    def take_delivery(self, delivery: Delivery, error_count: int) -> None:
        """More of the feed has loaded: the list is read from the index again (and the open
        article, if its file was read again, is shown again where the reader had got to)."""
        self._header.show_load(error_count, delivery.done, delivery.total)
        self._sidebar.take(delivery.arrived, delivery.touched, delivery.done, delivery.total)

    def feed_loaded(
        self, errors: Sequence[LoadError], paths: Sequence[Path], position: Position | None
    ) -> None:
        """Every file has been read: once listed, the cursor goes back to where the reader was
        (`position`), or to the newest; the notice is ready in case nothing can be read."""
        self._header.load_progress = None
        self._notice.show_nothing_to_read(errors, paths)
        self._sidebar.settle(position)

    def feed_synced(self) -> None:
        """Live reload brought the list up to date: what arrived is announced."""
        self._sidebar.announce_arrivals()

    def show_fetch_progress(self, progress: tuple[int, int] | None) -> None:
        """(URLs done, URLs known) while the subscriptions are fetched; None when it is over."""
        self._header.fetch_progress = progress

    def show_problem(self, source: str, problem: str | None) -> None:
        """Say what is wrong with `source` until it is mended (None)."""
        self._problems.set_problem(source, problem)

    def marks_changed(self) -> None:
        """The session's marks changed: draw them, and count the unread again."""
        self._sidebar.refresh_marks()
        self._pane.refresh_annotations()
        self._header.recount()

    def save_position(self) -> None:
        """Remember the open article and how far it is scrolled, for the next start."""
        article = self._pane.article
        if article is not None:
            self._session.save_position(article.identity, self._pane.article_scroll)

    # --- between the parts ----------------------------------------------------------------------

    @on(FeedSettled)
    def _feed_settled(self, event: FeedSettled) -> None:
        self.nothing_to_read = event.empty
        if event.restored is not None:
            self._pane.restore_scroll(*event.restored)
        # Only now is the article under the cursor the reader's (the one shown while the feed
        # loaded was whichever loaded first): its dwell may count from here.
        self._settled = True
        self._reading_changed()

    @on(Listed)
    def _listed(self, event: Listed) -> None:
        self._header.article_count = event.count
        self._header.recount()
        if event.count and self.nothing_to_read:
            self.nothing_to_read = False  # articles came to an empty feed

    @on(ArticleList.Highlighted)
    def _article_highlighted(self, event: ArticleList.Highlighted) -> None:
        # The list tells of its moves in order: one opened already by the key that made it is
        # passed over (its message comes after the frame that showed it).
        if self._opened_ahead and self._opened_ahead[0] is event.summary:
            self._opened_ahead.popleft()
            return
        self._opened_ahead.clear()
        self._pane.open(event.summary)

    @on(ArticleList.Selected)
    def _article_selected(self) -> None:
        self._panes.show_facets = False  # the article comes back in the panel's place
        self._pane.focus_article()

    @on(SearchApplied)
    def _search_applied(self, event: SearchApplied) -> None:
        self._pane.search_query = event.query
        sidebar = self._sidebar
        self._facets.show_for(event.query, every=len(sidebar.rows) == len(sidebar.items))
        self._show_order()

    @on(FacetsPanel.Chosen)
    def _facet_chosen(self, event: FacetsPanel.Chosen) -> None:
        self._panes.show_list()
        self._sidebar.narrow_to(event.term)

    @on(Panes.FacetsToggled)
    def _facets_toggled(self) -> None:
        self._reading_changed()  # the facets panel in the article's place: no dwell

    def open_quote(self, path: Path, start: int, end: int) -> None:
        """Open the article at `path` with the quote at [start, end) in view, highlighted (a
        choice from the speaker index); the search is cleared if it hides that article."""
        if not self._sidebar.reveal(path):
            self.notify("That article is no longer in the feed.", severity="warning")
            return
        self._pane.show_quote(path, start, end)

    # --- the dwell: reading an article marks it read --------------------------------------------

    @on(ArticleShown)
    def _article_shown(self, event: ArticleShown) -> None:
        current = self._sidebar.current
        if current is not None and current.path == event.summary.path:
            self._dwell.begin(event.summary.identity, reading=self._reading_now())
            self._pane.read_ahead(self._sidebar.neighbours())

    def _reading_now(self) -> bool:
        """Whether the open article is being read: the feed has settled (until then it is
        whichever loaded first), the terminal is in the foreground, no other screen is on top,
        and the keys are not in the search box (the article behind it is a search's top hit)."""
        return (
            self._settled
            and self.app.app_focus
            and not self._covered
            and not self._sidebar.typing
            and not self._panes.show_facets  # the facets panel is in the article's place
        )

    def _reading_changed(self) -> None:
        self._dwell.reading(self._reading_now())

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

    def _schedule(self, delay: float, callback: Callable[[], None]) -> Callable[[], None]:
        return self.set_timer(delay, callback).stop

    def _dwelt(self, identity: str) -> None:
        current = self._sidebar.current
        if current is not None and current.identity == identity:
            if self._session.set_read(current, True):
                self.marks_changed()
            # Saved now as well as on the way out, so a crash or a killed terminal still
            # reopens the feed here.
            self.save_position()

    # --- actions: moving ------------------------------------------------------------------------

    def action_next_article(self) -> None:
        self._move(partial(self._sidebar.move_cursor, 1))

    def action_previous_article(self) -> None:
        self._move(partial(self._sidebar.move_cursor, -1))

    def action_first_article(self) -> None:
        self._move(partial(self._sidebar.move_to, 0))

    def action_last_article(self) -> None:
        self._move(self._sidebar.move_to_last)

    def action_next_unread(self) -> None:
        sidebar = self._sidebar
        row = self._session.next_unread(sidebar.rows, sidebar.cursor)
        if row is None:
            self.notify("Every article listed is read.", timeout=3)
        else:
            self._move(partial(sidebar.move_to, row))

    def _move(self, move: Callable[[], None]) -> None:
        """Move the list's cursor and open its new article now, so that one read ahead is
        drawn in the same frame as the cursor (the list's `Highlighted` comes after it)."""
        before = self._sidebar.current
        move()
        current = self._sidebar.current
        if current is not None and current != before:  # as the list tells of a move
            self._opened_ahead.append(current)
            self._pane.open(current)

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
            self._dwell.end()  # the reader's word beats the dwell
            if self._session.toggle_read(current):
                self.marks_changed()

    def action_mark_all_read(self) -> None:
        if not self._session.active:
            self.notify("Read marks are not saved this time.", severity="warning")
        elif not self._sidebar.rows:
            self.notify("No articles are listed.", severity="warning")
        else:
            self._sidebar.mark_listed_read()

    @on(MarkRead)
    def _mark_read(self, event: MarkRead) -> None:
        count = self._session.mark_all_read(event.summaries)
        if not count:
            self.notify("Every article listed is already read.", timeout=3)
            return
        self._dwell.end()  # the reader's word beats the dwell
        self.marks_changed()
        self.notify(f"Marked {counted(count, 'article')} read. z undoes it.", title="Marked read")

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

    def action_toggle_facets(self) -> None:
        self._panes.show_facets = not self._panes.show_facets

    def action_focus_quotes(self) -> None:
        self._pane.focus_quotes()

    def action_toggle_sidebar(self) -> None:
        self._panes.toggle_sidebar()

    def action_narrow_sidebar(self) -> None:
        self._sidebar.resize(-SIDEBAR_STEP)

    def action_widen_sidebar(self) -> None:
        self._sidebar.resize(SIDEBAR_STEP)

    # --- actions: search and order --------------------------------------------------------------

    def action_focus_search(self) -> None:
        self._panes.show_list()
        self._sidebar.open_search()

    def action_clear_search(self) -> None:
        if self._sidebar.searching:
            self._sidebar.close_search()

    def action_unread_only(self) -> None:
        self._panes.show_list()
        self._sidebar.narrow_to("is:unread")

    def action_starred_only(self) -> None:
        self._panes.show_list()
        self._sidebar.narrow_to("is:starred")

    def action_save_search(self) -> None:
        from reader.ui.screens.save_search import SaveSearchScreen

        if (request := self._sidebar.save_request()) is not None:
            self.app.push_screen(SaveSearchScreen(request), request.answer)

    def action_saved_searches(self) -> None:
        self._panes.show_list()
        self._sidebar.focus_saved()

    def action_toggle_rank(self) -> None:
        self._sidebar.toggle_rank()
        self._show_order()

    def action_cycle_sort(self) -> None:
        self._sidebar.cycle_order()
        self._show_order()

    # --- actions: the article's URL and quotes, the feed's quotes -------------------------------

    def action_open_url(self) -> None:
        if (url := self._current_url()) is not None:
            self.post_message(OpenLink(url))

    def action_copy_url(self) -> None:
        if (url := self._current_url()) is not None:
            self.post_message(CopyText(url, "URL"))

    def action_copy_quote(self) -> None:
        self._pane.copy_quote()

    def action_copy_article(self) -> None:
        self._pane.copy_article()

    def action_edit_file(self) -> None:
        self._pane.edit_file()

    def action_edit_tags(self) -> None:
        from reader.ui.screens.annotations import TagsScreen

        if (article := self._pane.open_article()) is not None:
            dialog = TagsScreen(article.title, self._session.tags(article.identity))
            self.app.push_screen(dialog, partial(self._pane.save_tags, article))

    def action_edit_note(self) -> None:
        from reader.ui.screens.annotations import NoteScreen

        if (article := self._pane.open_article()) is not None:
            dialog = NoteScreen(article.title, self._session.note(article.identity))
            self.app.push_screen(dialog, partial(self._pane.save_note, article))

    @on(AnnotationsSaved)
    def _annotations_saved(self) -> None:
        self._sidebar.refresh_list()  # a search by tag: or note: sees the change

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

    def action_speakers(self) -> None:
        from reader.ui.screens.speakers import SpeakersScreen

        self.app.push_screen(SpeakersScreen(self._speakers), self._speaker_quote_chosen)

    def _speaker_quote_chosen(self, target: QuoteTarget | None) -> None:
        if target is not None:
            self.open_quote(target.path, target.start, target.end)

    def action_export_quotes(self) -> None:
        self.post_message(ExportQuotes(self._sidebar.rows))


def _breakpoint(width: int) -> str:
    """The class of `MainScreen.HORIZONTAL_BREAKPOINTS` that Textual gives a screen `width` wide."""
    breakpoints = MainScreen.HORIZONTAL_BREAKPOINTS or []
    return [name for least, name in breakpoints if width >= least][-1]
