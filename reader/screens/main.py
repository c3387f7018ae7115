"""The reading screen: header, article list, article, info panel, footer.

The app feeds it articles as they load (`add_articles`, then `feed_loaded`); from there it
opens whichever article the list's cursor is on, in a worker, and wires the widgets' messages
to one another.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, ProgressBar
from textual.worker import get_current_worker

from reader.article import Article, ArticleSummary, LoadError
from reader.library import load_article
from reader.quotes import ArticleQuotes, extract_quotes
from reader.widgets.article_list import ArticleList
from reader.widgets.article_view import ArticleView
from reader.widgets.feed_header import FeedHeader
from reader.widgets.info_panel import InfoPanel
from reader.widgets.markdown_text import Document, MarkdownStyles, render_markdown
from reader.widgets.notice import Notice
from reader.widgets.quote_list import QuoteList
from reader.widgets.search_bar import SearchBar

if TYPE_CHECKING:
    from reader.app import PressReaderApp

# Feeds with at least this many files show a progress bar while they load.
LONG_LOAD_FILES = 500
SIDEBAR_STEP = 4
SIDEBAR_WIDTHS = range(24, 81)


class MainScreen(Screen[None]):
    AUTO_FOCUS = "#articles"
    # Classes the stylesheet sizes the side panes by.
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [
        (0, "-narrow"),
        (110, "-normal"),
        (160, "-wide"),
    ]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "next_article", "Next", tooltip="Next article"),
        Binding("p", "previous_article", "Previous", tooltip="Previous article"),
        Binding("g", "first_article", "First article", show=False),
        Binding("G", "last_article", "Last article", show=False),
        Binding("space,pagedown", "page_down", "Scroll the article down", show=False),
        Binding("pageup", "page_up", "Scroll the article up", show=False),
        Binding("i", "toggle_panel", "Info", tooltip="Show or hide the info panel"),
        Binding("b", "toggle_sidebar", "Show or hide the article list", show=False),
        Binding("less_than_sign", "narrow_sidebar", "Narrower article list", show=False),
        Binding("greater_than_sign", "widen_sidebar", "Wider article list", show=False),
        Binding("slash", "focus_search", "Search", tooltip="Search the feed"),
        Binding("o", "open_url", "Open", tooltip="Open the article's URL in the browser"),
        Binding("y", "copy_url", "Copy URL", show=False, tooltip="Copy the article's URL"),
    ]

    def __init__(self, feed_name: str) -> None:
        super().__init__()
        self._feed_name = feed_name

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
            yield ArticleView(id="article")
            yield InfoPanel(id="info")
        yield Notice(id="notice")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(InfoPanel).display = self.reader.prefs.info_panel

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
        articles.remove_paths(gone)
        articles.add_items(summaries)
        header = self.query_one(FeedHeader)
        header.article_count = len(articles.items)
        header.error_count = error_count
        header.loading = (done, total) if done < total else None
        progress = self.query_one(ProgressBar)
        progress.display = total >= LONG_LOAD_FILES and done < total
        progress.update(total=total, progress=done)

    def feed_loaded(self, errors: Sequence[LoadError], paths: Sequence[Path]) -> None:
        """Every file has been read: say so if there is nothing to read, else show the newest."""
        self.query_one(FeedHeader).loading = None
        self.query_one(ProgressBar).display = False
        articles = self.query_one(ArticleList)
        if articles.items:
            if not articles.moved_by_user:
                articles.move_to(0)
            return
        self.query_one("#panes").display = False
        self.query_one(Notice).show(*_nothing_to_read(errors, paths))

    # --- opening articles -----------------------------------------------------------------------

    @on(ArticleList.Highlighted)
    def _article_highlighted(self, event: ArticleList.Highlighted) -> None:
        self._open_article(event.summary, self.query_one(ArticleView).markdown_styles())

    @work(thread=True, exclusive=True, group="article", exit_on_error=False)
    def _open_article(self, summary: ArticleSummary, styles: MarkdownStyles) -> None:
        worker = get_current_worker()
        loaded = load_article(summary.path)
        if isinstance(loaded, LoadError):
            if not worker.is_cancelled:
                self.app.call_from_thread(self._show_unreadable, summary, loaded)
            return
        quotes = extract_quotes(loaded.body)
        document = render_markdown(loaded.body, styles)
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show_article, loaded, quotes, document)

    def _show_article(self, article: Article, quotes: ArticleQuotes, document: Document) -> None:
        if not self._is_current(article.path):
            return  # the cursor moved on while this one loaded
        self.query_one(ArticleView).show(article, document)
        # The panel follows a frame later: its re-layout costs more than the article's, and the
        # article is what the reader is waiting for.
        self.call_after_refresh(self._show_info, article, quotes)

    def _show_info(self, article: Article, quotes: ArticleQuotes) -> None:
        if self._is_current(article.path):
            self.query_one(InfoPanel).show(article, quotes)

    def _is_current(self, path: Path) -> bool:
        current = self.query_one(ArticleList).current
        return current is not None and current.path == path

    def _show_unreadable(self, summary: ArticleSummary, error: LoadError) -> None:
        if not self._is_current(summary.path):
            return
        self.query_one(ArticleView).show_message("This article cannot be shown", str(error))
        self.query_one(InfoPanel).show(None, ArticleQuotes((), ()))

    @on(ArticleList.Selected)
    def _article_selected(self) -> None:
        self.query_one(ArticleView).focus()

    @on(QuoteList.QuoteChosen)
    def _quote_chosen(self, event: QuoteList.QuoteChosen) -> None:
        view = self.query_one(ArticleView)
        view.highlight_ranges([(event.quote.start, event.quote.end)], current=0)
        view.scroll_to_offset(event.quote.start)

    @on(ArticleView.LinkActivated)
    def _link_activated(self, event: ArticleView.LinkActivated) -> None:
        self.reader.open_web_link(event.url)

    @on(FeedHeader.ErrorsClicked)
    def _errors_clicked(self) -> None:
        self.reader.action_show_errors()

    @on(SearchBar.Submitted)
    @on(SearchBar.Closed)
    def _search_left(self) -> None:
        self.query_one(ArticleList).focus()

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

    def action_page_down(self) -> None:
        self.query_one(ArticleView).scroll_page_down(animate=False)

    def action_page_up(self) -> None:
        self.query_one(ArticleView).scroll_page_up(animate=False)

    def action_toggle_panel(self) -> None:
        panel = self.query_one(InfoPanel)
        panel.display = not panel.display
        if not panel.display and panel.has_focus_within:
            self.query_one(ArticleView).focus()
        self.reader.remember(info_panel=panel.display)

    def action_toggle_sidebar(self) -> None:
        sidebar = self.query_one("#sidebar")
        sidebar.display = not sidebar.display
        if not sidebar.display and sidebar.has_focus_within:
            self.query_one(ArticleView).focus()

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

    def action_open_url(self) -> None:
        if (url := self._current_url()) is not None:
            self.reader.open_web_link(url)

    def action_copy_url(self) -> None:
        if (url := self._current_url()) is not None:
            self.reader.copy_text(url, what="URL")

    def _current_url(self) -> str | None:
        current = self.query_one(ArticleList).current
        if current is None:
            self.notify("No article is open.", severity="warning")
            return None
        if not current.url:
            self.notify("This article has no URL.", severity="warning")
            return None
        return current.url


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
