"""The reading screen: header, article list, article, info panel, footer.

The app feeds it articles as they load (`add_articles`, then `feed_loaded`); from there it
opens whichever article the list's cursor is on, in a worker, and wires the widgets' messages
to one another: search (the box filters the list, best first, and marks matches), reading
marks (read after a dwell, `u`, `s`), sorting, and the last position in the feed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, ProgressBar
from textual.worker import get_current_worker

from reader.articles.model import Article, ArticleSummary, LoadError
from reader.articles.sorting import SORT_LABELS, SortOrder, next_order, sort_key
from reader.feed.library import SearchResult, load_article, readable_quotes
from reader.quotes import ArticleQuotes, Quote, Speaker, extract_quotes
from reader.quotes.citation import quote_citation
from reader.quotes.speaker_data import QuoteTarget, SpeakerData, speaker_data
from reader.quotes.speakers import quote_records, save_records
from reader.search.query import Query, QueryError, match_ranges, parse
from reader.store.marks import MarkSet
from reader.store.state import Position, feed_key
from reader.ui.render.markdown_text import Document, MarkdownStyles, render_markdown
from reader.ui.screens.export import ExportScreen
from reader.ui.screens.speakers import SpeakersScreen
from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.feed_header import FeedHeader
from reader.ui.widgets.info_panel import InfoPanel
from reader.ui.widgets.labels import line
from reader.ui.widgets.notice import Notice
from reader.ui.widgets.quote_list import QuoteList
from reader.ui.widgets.search_bar import SearchBar

if TYPE_CHECKING:
    from reader.ui.app import PressReaderApp

# Feeds with at least this many files show a progress bar while they load.
LONG_LOAD_FILES = 500
SIDEBAR_STEP = 4
SIDEBAR_WIDTHS = range(24, 81)
# Typing pauses this long before the query runs: one search per burst of keys, not per key.
SEARCH_DEBOUNCE_SECONDS = 0.12


class MainScreen(Screen[None]):
    AUTO_FOCUS = "#articles"
    # Classes the stylesheet sizes the side panes by.
    # Declared as an instance variable by Textual, so not a ClassVar here.
    HORIZONTAL_BREAKPOINTS: list[tuple[int, str]] | None = [  # noqa: RUF012
        (0, "-narrow"),
        (110, "-normal"),
        (160, "-wide"),
    ]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "next_article", "Next", tooltip="Next article", id="next_article"),
        Binding(
            "p", "previous_article", "Previous", tooltip="Previous article", id="previous_article"
        ),
        Binding("g", "first_article", "First article", show=False, id="first_article"),
        Binding("G", "last_article", "Last article", show=False, id="last_article"),
        Binding("N", "next_unread", "Next unread", tooltip="Next unread article", id="next_unread"),
        Binding(
            "space,pagedown",
            "page_down",
            "Scroll the article down (at its end: the next unread)",
            show=False,
            id="page_down",
        ),
        Binding("pageup", "page_up", "Scroll the article up", show=False, id="page_up"),
        Binding("u", "toggle_read", "Read/unread", tooltip="Mark read or unread", id="toggle_read"),
        Binding("s", "toggle_star", "Star", tooltip="Star or unstar the article", id="toggle_star"),
        Binding(
            "i", "toggle_panel", "Info", tooltip="Show or hide the info panel", id="toggle_panel"
        ),
        Binding(
            "Q",
            "focus_quotes",
            "Quotes",
            show=False,
            tooltip="Go to the article's quotes in the info panel",
            id="focus_quotes",
        ),
        Binding(
            "b", "toggle_sidebar", "Show or hide the article list", show=False, id="toggle_sidebar"
        ),
        Binding(
            "less_than_sign",
            "narrow_sidebar",
            "Narrower article list",
            show=False,
            id="narrow_sidebar",
        ),
        Binding(
            "greater_than_sign",
            "widen_sidebar",
            "Wider article list",
            show=False,
            id="widen_sidebar",
        ),
        Binding("slash", "focus_search", "Search", tooltip="Search the feed", id="focus_search"),
        Binding(
            "escape",
            "clear_search",
            "Clear the search (back to the article before it)",
            show=False,
            id="clear_search",
        ),
        Binding("U", "unread_only", "Unread only", show=False, id="unread_only"),
        Binding("asterisk", "starred_only", "Starred only", show=False, id="starred_only"),
        Binding(
            "right_square_bracket",
            "next_match",
            "Next match in the article",
            show=False,
            id="next_match",
        ),
        Binding(
            "left_square_bracket",
            "previous_match",
            "Previous match in the article",
            show=False,
            id="previous_match",
        ),
        Binding(
            "R",
            "toggle_rank",
            "Search results: best first or in list order",
            show=False,
            id="toggle_rank",
        ),
        Binding(
            "S", "cycle_sort", "Sort: newest, oldest, title, area", show=False, id="cycle_sort"
        ),
        Binding(
            "o", "open_url", "Open", tooltip="Open the article's URL in the browser", id="open_url"
        ),
        Binding(
            "y", "copy_url", "Copy URL", show=False, tooltip="Copy the article's URL", id="copy_url"
        ),
        Binding(
            "w",
            "speakers",
            "Speakers",
            tooltip="Everyone quoted across the feed, and what they said",
            id="speakers",
        ),
        Binding(
            "e",
            "export_quotes",
            "Export",
            tooltip="Export the quotes of the listed articles (CSV or JSON)",
            id="export_quotes",
        ),
        Binding(
            "c",
            "copy_quote",
            "Copy quote",
            show=False,
            tooltip="Copy the chosen quote with its citation",
            id="copy_quote",
        ),
    ]

    def __init__(self, feed_name: str) -> None:
        super().__init__()
        self._feed_name = feed_name
        # Kept to hand: its article and scroll are saved as the screen unmounts, after its
        # children have left the DOM.
        self._view = ArticleView(id="article")
        self._query: Query | None = None  # the search whose results the list shows
        self._query_text = ""
        self._rank = True  # search results best first (else in the list's order)
        self._results: SearchResult | None = None
        self._before_search: Path | None = None  # where the cursor was when the search began
        self._search_timer: Timer | None = None
        self._search_notice: str | None = None
        self._dwell_timer: Timer | None = None
        self._matches: list[tuple[int, int]] = []  # the open article's search matches
        self._match = -1
        self._chosen_quote: tuple[Speaker, Quote] | None = None
        # What to do once the article at this path is shown: scroll to y, or to a quote range.
        self._pending_scroll: tuple[Path, float] | None = None
        self._pending_quote: tuple[Path, int, int] | None = None
        self._loaded = False  # the first load is over: later batches come from live reload
        self._arrived: list[ArticleSummary] = []

    @property
    def reader(self) -> PressReaderApp:
        return cast("PressReaderApp", self.app)

    def compose(self) -> ComposeResult:
        yield FeedHeader(self._feed_name, id="header")
        with Horizontal(id="panes"):
            with Vertical(id="sidebar"):
                yield SearchBar(id="search")
                yield ProgressBar(id="progress", show_eta=False)
                yield ArticleList(id="articles")
            yield self._view
            yield InfoPanel(id="info")
        yield Notice(id="notice")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(InfoPanel).display = self.reader.prefs.info_panel
        self._sort: SortOrder = self.reader.config.sort
        self.query_one(ArticleList).sort_key = sort_key(self._sort)

    @property
    def marks(self) -> MarkSet:
        return self.reader.marks

    # --- the feed, as it loads ------------------------------------------------------------------

    def add_articles(
        self,
        summaries: Sequence[ArticleSummary],
        gone: Sequence[Path],
        error_count: int,
        done: int,
        total: int,
    ) -> None:
        """More of the feed has loaded; the articles at `gone` are no longer readable."""
        articles = self.query_one(ArticleList)
        current = articles.current
        if current is not None and any(summary.path == current.path for summary in summaries):
            # The open article was edited: it is shown again, where the reader had got to.
            self._pending_scroll = (current.path, self._view.scroll_offset.y)
        if self._loaded:  # live reload: what was not listed before has arrived
            self._arrived += [summary for summary in summaries if not articles.get(summary.path)]
        articles.remove_paths(gone)
        articles.add_items(summaries)
        header = self.query_one(FeedHeader)
        header.article_count = len(articles.items)
        header.error_count = error_count
        self._count_unread()
        header.load_progress = (done, total) if done < total else None
        progress = self.query_one(ProgressBar)
        progress.display = total >= LONG_LOAD_FILES and done < total
        progress.update(total=total, progress=done)

    def feed_loaded(
        self,
        errors: Sequence[LoadError],
        paths: Sequence[Path],
        position: Position | None = None,
    ) -> None:
        """Every file has been read: say so if there is nothing to read, else show where the
        reader was last time (`position`), or the newest."""
        self.query_one(FeedHeader).load_progress = None
        self.query_one(ProgressBar).display = False
        self._loaded = True
        articles = self.query_one(ArticleList)
        if articles.items:
            if not articles.moved_by_user and not self._restore(position):
                articles.move_to(0)
            if self._query_text.strip():
                self._search_again()
            return
        self.query_one("#panes").display = False
        self.query_one(Notice).show(*_nothing_to_read(errors, paths))

    def feed_changed(self) -> None:
        """Live reload has brought the list up to date; announce what arrived (new files, and
        broken ones mended)."""
        articles = self.query_one(ArticleList)
        arrived, self._arrived = self._arrived, []
        if arrived:
            count = len(arrived)
            titles = "\n".join(f"• {line(summary.title)}" for summary in arrived[:3])
            more = f"\n… and {count - 3:,} more" if count > 3 else ""
            heading = f"{count:,} new {'article' if count == 1 else 'articles'}"
            self.notify(f"{titles}{more}", title=heading, markup=False, timeout=6)
        if not articles.items:
            return
        self.query_one("#panes").display = True
        self.query_one(Notice).display = False
        if articles.current is None:
            articles.move_to(0)
        if self._query_text.strip():
            self._search_again()

    def _restore(self, position: Position | None) -> bool:
        """Put the cursor back on the article open last time, and its scroll once shown."""
        if position is None:
            return False
        articles = self.query_one(ArticleList)
        row = next(
            (n for n, item in enumerate(articles.rows) if item.identity == position.identity), None
        )
        if row is None:
            return False
        self._pending_scroll = (articles.rows[row].path, position.scroll_y)
        articles.move_to(row)
        articles.moved_by_user = False
        return True

    def on_unmount(self) -> None:
        self.save_position()

    def save_position(self) -> None:
        """Remember the open article and how far it is scrolled, for the next start (through
        the app's writer, after any position saved earlier that is still on its way)."""
        article = self._view.article
        if article is not None:
            where = (
                feed_key(self.reader.paths),
                article.identity,
                self._view.scroll_offset.y,
            )
            self.reader.commit(lambda state: state.save_position(*where))

    # --- reading marks --------------------------------------------------------------------------

    def set_marks(self, marks: MarkSet) -> None:
        """The reading state has been read: draw its marks."""
        self.reader.marks = marks
        self.query_one(ArticleList).set_marks(marks.names)
        self._count_unread()

    def _count_unread(self) -> None:
        if self.reader.state is not None:
            items = self.query_one(ArticleList).items
            self.query_one(FeedHeader).unread_count = self.marks.unread_count(items)

    def _set_read(self, summary: ArticleSummary, read: bool) -> None:
        if self.reader.state is None or self.marks.is_read(summary) == read:
            return
        self.marks.set_read(summary.identity, read)
        self.reader.note_local_change()
        if read:
            self.reader.commit(lambda state: state.mark_read(summary.identity))
        else:
            self.reader.commit(lambda state: state.mark_unread(summary.identity))
        self.query_one(ArticleList).refresh_marks()
        self._count_unread()

    def _dwelt(self, summary: ArticleSummary) -> None:
        if self._is_current(summary.path):
            self._set_read(summary, True)
            # Saved now as well as on the way out, so a crash or a killed terminal still
            # reopens the feed here.
            self.save_position()

    def _start_dwell(self, summary: ArticleSummary) -> None:
        if self._dwell_timer is not None:
            self._dwell_timer.stop()
            self._dwell_timer = None
        dwell = self.reader.config.dwell_seconds
        if dwell <= 0:
            self._dwelt(summary)
        else:
            self._dwell_timer = self.set_timer(dwell, partial(self._dwelt, summary))

    # --- opening articles -----------------------------------------------------------------------

    @on(ArticleList.Highlighted)
    def _article_highlighted(self, event: ArticleList.Highlighted) -> None:
        styles = self._view.markdown_styles()
        self._open_article(event.summary, styles, self._query)

    @work(thread=True, exclusive=True, group="article", exit_on_error=False)
    def _open_article(
        self, summary: ArticleSummary, styles: MarkdownStyles, query: Query | None
    ) -> None:
        worker = get_current_worker()
        loaded = load_article(summary.path)
        if isinstance(loaded, LoadError):
            if not worker.is_cancelled:
                self.app.call_from_thread(self._show_unreadable, summary, loaded)
            return
        quotes = extract_quotes(loaded.body, loaded.title)
        document = render_markdown(loaded.body, styles)
        matches = match_ranges(query, loaded.body) if query is not None else []
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show_article, loaded, quotes, document, matches)

    def _show_article(
        self,
        article: Article,
        quotes: ArticleQuotes,
        document: Document,
        matches: list[tuple[int, int]],
    ) -> None:
        current = self.query_one(ArticleList).current
        if current is None or current.path != article.path:
            return  # the cursor moved on while this one loaded
        view = self._view
        view.show(article, document)
        self._matches, self._match, self._chosen_quote = matches, -1, None
        if matches:
            view.highlight_ranges(matches)
        self._start_dwell(current)
        # The panel follows a frame later: its re-layout costs more than the article's, and the
        # article is what the reader is waiting for.
        self.call_after_refresh(self._show_info, article, quotes)
        self.call_after_refresh(self._scroll_as_pending, article.path)

    def _scroll_as_pending(self, path: Path) -> None:
        """Do what was waiting for the article at `path`; what waits for another one waits on
        (the article shown first at start-up is seldom the one to restore)."""
        if self._pending_scroll is not None and self._pending_scroll[0] == path:
            self._view.scroll_to(y=self._pending_scroll[1], animate=False, immediate=True)
            self._pending_scroll = None
        if self._pending_quote is not None and self._pending_quote[0] == path:
            _, start, end = self._pending_quote
            self._view.highlight_ranges([(start, end)], current=0)
            self._view.scroll_to_offset(start)
            self._pending_quote = None

    def open_quote(self, path: Path, start: int, end: int) -> None:
        """Open the article at `path` with the quote at [start, end) in view, highlighted (a
        choice from the speaker index); the search is cleared if it hides that article."""
        articles = self.query_one(ArticleList)
        self._pending_quote = (path, start, end)
        if not articles.select_path(path):
            self.query_one(SearchBar).clear()
            self._search_closed()
            if not articles.select_path(path):
                self._pending_quote = None
                self.notify("That article is no longer in the feed.", severity="warning")
                return
        current = self._view.article
        if current is not None and current.path == path:
            self._scroll_as_pending(path)

    def _show_info(self, article: Article, quotes: ArticleQuotes) -> None:
        if self._is_current(article.path):
            self.query_one(InfoPanel).show(article, quotes)

    def _is_current(self, path: Path) -> bool:
        current = self.query_one(ArticleList).current
        return current is not None and current.path == path

    def _show_unreadable(self, summary: ArticleSummary, error: LoadError) -> None:
        if not self._is_current(summary.path):
            return
        self._view.show_message("This article cannot be shown", str(error))
        self.query_one(InfoPanel).show(None, ArticleQuotes((), ()))

    @on(ArticleList.Selected)
    def _article_selected(self) -> None:
        self._view.focus()

    @on(QuoteList.QuoteChosen)
    def _quote_chosen(self, event: QuoteList.QuoteChosen) -> None:
        view = self._view
        view.highlight_ranges([(event.quote.start, event.quote.end)], current=0)
        view.scroll_to_offset(event.quote.start)
        self._chosen_quote = (event.speaker, event.quote)

    @on(ArticleView.LinkActivated)
    def _link_activated(self, event: ArticleView.LinkActivated) -> None:
        self.reader.open_web_link(event.url)

    @on(FeedHeader.ErrorsClicked)
    def _errors_clicked(self) -> None:
        self.reader.action_show_errors()

    # --- search ---------------------------------------------------------------------------------

    @on(SearchBar.Changed)
    def _search_changed(self, event: SearchBar.Changed) -> None:
        if self._before_search is None and (current := self.query_one(ArticleList).current):
            self._before_search = current.path
        self._query_text = event.query
        if self._search_timer is not None:
            self._search_timer.stop()
        self._search_timer = self.set_timer(SEARCH_DEBOUNCE_SECONDS, self._search_again)

    def _search_again(self) -> None:
        """Run the search box's query (again: the feed or the marks may have changed)."""
        text = self._query_text.strip()
        bar = self.query_one(SearchBar)
        if not text:
            self._show_results(None, None)
            return
        try:
            query = parse(text)
        except QueryError as error:
            bar.show_status(str(error), error=True)
            return
        if self.reader.library is None:
            bar.show_status("Searching once the feed has loaded…")
            return
        self._search(query)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _search(self, query: Query) -> None:
        library = self.reader.library
        assert library is not None
        result = library.search(query)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_results, query, result)

    def _show_results(self, query: Query | None, result: SearchResult | None) -> None:
        if query is not None and query.text != self._query_text.strip():
            return  # typed on since
        self._query, self._results = query, result
        articles = self.query_one(ArticleList)
        bar = self.query_one(SearchBar)
        if query is None or result is None:
            articles.set_filter(None)
            bar.show_status("")
        else:
            found = (
                result.summaries
                if self._rank
                else sorted(result.summaries, key=sort_key(self._sort))
            )
            articles.set_filter(
                [summary.path for summary in found],
                highlight=partial(match_ranges, query, column="title"),
            )
            order = "best first" if self._rank else SORT_LABELS[self._sort].lower()
            count = f"{result.count:,} match{'' if result.count == 1 else 'es'}"
            bar.show_status(f"{count} · {order}" if result.count else "No matches")
            if result.notice and result.notice != self._search_notice:
                self._search_notice = result.notice  # once, not at every keystroke
                self.notify(result.notice, title="Search", markup=False)
        self._highlight_matches(query)

    def _highlight_matches(self, query: Query | None) -> None:
        view = self._view
        article = view.article
        self._matches = match_ranges(query, article.body) if query and article else []
        self._match = -1
        view.highlight_ranges(self._matches)

    @on(SearchBar.Submitted)
    def _search_kept(self) -> None:
        self.query_one(ArticleList).focus()

    @on(SearchBar.Closed)
    def _search_closed(self) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
        self._query_text = ""
        self._show_results(None, None)
        articles = self.query_one(ArticleList)
        if self._before_search is not None:
            articles.select_path(self._before_search)
        self._before_search = None
        articles.focus()

    # --- actions --------------------------------------------------------------------------------

    def action_next_article(self) -> None:
        self.query_one(ArticleList).move_cursor(1)

    def action_previous_article(self) -> None:
        self.query_one(ArticleList).move_cursor(-1)

    def action_first_article(self) -> None:
        self.query_one(ArticleList).move_to(0)

    def action_last_article(self) -> None:
        articles = self.query_one(ArticleList)
        articles.move_to(len(articles.rows) - 1)

    def action_next_unread(self) -> None:
        articles = self.query_one(ArticleList)
        row = self.marks.next_unread(articles.rows, articles.cursor)
        if row is None:
            self.notify("Every article listed is read.", timeout=3)
        else:
            articles.move_to(row)

    def action_page_down(self) -> None:
        view = self._view
        if view.scroll_y >= view.max_scroll_y and self.reader.state is not None:
            self.action_next_unread()
        else:
            view.scroll_page_down(animate=False)

    def action_page_up(self) -> None:
        self._view.scroll_page_up(animate=False)

    def action_toggle_read(self) -> None:
        if (current := self._current_article()) is not None:
            if self._dwell_timer is not None:
                self._dwell_timer.stop()  # the reader's word beats the dwell
            self._set_read(current, not self.marks.is_read(current))

    def action_toggle_star(self) -> None:
        if (current := self._current_article()) is None or self.reader.state is None:
            return
        starred = current.identity not in self.marks.starred
        self.marks.set_starred(current.identity, starred)
        self.reader.note_local_change()
        self.reader.commit(lambda state: state.set_starred(current.identity, starred))
        self.query_one(ArticleList).refresh_marks()
        self.notify("Starred" if starred else "Star removed", timeout=2)

    def action_clear_search(self) -> None:
        bar = self.query_one(SearchBar)
        if bar.display or self._query is not None:
            bar.action_close()

    def action_next_match(self) -> None:
        self._step_match(1)

    def action_previous_match(self) -> None:
        self._step_match(-1)

    def _step_match(self, step: int) -> None:
        if not self._matches:
            self.app.bell()
            return
        self._match = (
            (self._match + step) % len(self._matches)
            if self._match >= 0
            else (0 if step > 0 else len(self._matches) - 1)
        )
        view = self._view
        view.highlight_ranges(self._matches, current=self._match)
        view.scroll_to_offset(self._matches[self._match][0])

    def action_toggle_rank(self) -> None:
        self._rank = not self._rank
        if self._query is not None:
            self._show_results(self._query, self._results)
        self.notify(
            "Search results best first" if self._rank else "Search results in list order", timeout=2
        )

    def action_cycle_sort(self) -> None:
        self._sort = next_order(self._sort)
        articles = self.query_one(ArticleList)
        articles.sort_key = sort_key(self._sort)
        articles.set_items(list(articles.items))
        if self._query is not None and not self._rank:
            self._show_results(self._query, self._results)
        self.notify(f"Sorted: {SORT_LABELS[self._sort]}", timeout=2)

    def action_copy_quote(self) -> None:
        chosen = self._chosen_quote or self.query_one(QuoteList).highlighted_quote
        article = self._view.article
        if chosen is None or article is None:
            self.notify("Choose a quote first: Q goes to the article's quotes.", severity="warning")
            return
        speaker, quote = chosen
        citation = quote_citation(
            speaker,
            quote,
            article_title=article.title,
            site=article.site,
            published=article.published,
            url=article.url,
        )
        self.reader.copy_text(citation, what="quote")

    def action_speakers(self) -> None:
        gather = partial(_gather_speakers, list(self.query_one(ArticleList).items))
        self.app.push_screen(SpeakersScreen(gather), self._speaker_quote_chosen)

    def _speaker_quote_chosen(self, target: QuoteTarget | None) -> None:
        if target is not None:
            self.open_quote(target.path, target.start, target.end)

    def action_export_quotes(self) -> None:
        rows = list(self.query_one(ArticleList).rows)
        if not rows:
            self.notify("No articles are listed: nothing to export.", severity="warning")
            return
        name = re.sub(r"[^\w.-]+", "-", self._feed_name).strip("-.") or "feed"
        default = Path.cwd() / f"quotes-{name}-{date.today():%Y-%m-%d}.csv"
        self.app.push_screen(ExportScreen(default, len(rows)), partial(self._export_chosen, rows))

    def _export_chosen(self, rows: list[ArticleSummary], path: Path | None) -> None:
        if path is not None:
            self.notify(f"Exporting the quotes of {len(rows):,} articles…", timeout=2)
            self._export(rows, path)

    @work(thread=True, group="export", exit_on_error=False)
    def _export(self, rows: list[ArticleSummary], path: Path) -> None:
        pairs = readable_quotes(rows)
        records = quote_records(pairs)
        try:
            save_records(records, path)
        except OSError as error:
            problem = f"{path}: {error.strerror or error}"
            self.app.call_from_thread(self.reader.warn, "Export failed", problem)
            return
        done = f"{len(records):,} quotes from {len(pairs):,} articles to {path}"
        self.app.call_from_thread(self.notify, done, title="Exported", markup=False, timeout=8)

    def action_focus_quotes(self) -> None:
        panel = self.query_one(InfoPanel)
        if not panel.display:
            self.action_toggle_panel()
        panel.show_quotes()

    def action_toggle_panel(self) -> None:
        panel = self.query_one(InfoPanel)
        panel.display = not panel.display
        if not panel.display and panel.has_focus_within:
            self._view.focus()
        self.reader.remember(info_panel=panel.display)

    def action_toggle_sidebar(self) -> None:
        sidebar = self.query_one("#sidebar")
        sidebar.display = not sidebar.display
        if not sidebar.display and sidebar.has_focus_within:
            self._view.focus()

    def action_narrow_sidebar(self) -> None:
        self._resize_sidebar(-SIDEBAR_STEP)

    def action_widen_sidebar(self) -> None:
        self._resize_sidebar(SIDEBAR_STEP)

    def _resize_sidebar(self, step: int) -> None:
        sidebar = self.query_one("#sidebar")
        width = sidebar.outer_size.width + step
        sidebar.styles.width = min(max(width, SIDEBAR_WIDTHS.start), SIDEBAR_WIDTHS.stop - 1)

    def action_focus_search(self) -> None:
        self.query_one("#sidebar").display = True
        self.query_one(SearchBar).open()

    def action_unread_only(self) -> None:
        self._list_only("is:unread")

    def action_starred_only(self) -> None:
        self._list_only("is:starred")

    def _list_only(self, query: str) -> None:
        """List only what `query` finds, as if typed in the search box and kept with enter."""
        self.query_one("#sidebar").display = True
        self.query_one(SearchBar).open(query)
        self.query_one(ArticleList).focus()

    def action_open_url(self) -> None:
        if (url := self._current_url()) is not None:
            self.reader.open_web_link(url)

    def action_copy_url(self) -> None:
        if (url := self._current_url()) is not None:
            self.reader.copy_text(url, what="URL")

    def _current_article(self) -> ArticleSummary | None:
        current = self.query_one(ArticleList).current
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


def _gather_speakers(summaries: list[ArticleSummary]) -> SpeakerData:
    """Everyone quoted in `summaries` (runs in the speakers screen's worker thread)."""
    return speaker_data(readable_quotes(summaries))


def _nothing_to_read(errors: Sequence[LoadError], paths: Sequence[Path]) -> tuple[str, str]:
    """The heading and detail for a feed without a single readable article."""
    where = ", ".join(str(path) for path in paths)
    missing = [error for error in errors if not error.path.exists()]
    if errors and len(missing) == len(errors):
        return "Nothing to read", "\n".join(str(error) for error in missing)
    if errors:
        count = len(errors)
        return (
            "None of the files could be read",
            f"{count:,} file{'' if count == 1 else 's'} failed to load. Press E (or choose "
            "“Show load errors” in the command palette, ctrl+p) to see each file and why.",
        )
    return (
        f"No articles in {where}",
        "There are no .md or .markdown files there. Open a folder of articles with "
        "`pressreader PATH`.",
    )
