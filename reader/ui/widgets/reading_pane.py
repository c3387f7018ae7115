"""The right-hand side: the open article and, beside it, its info panel.

Asked to `open` an article, the pane reads, renders and searches it in a worker (its body is
untrusted and may be long), and shows it only if it is still the one asked for last (the last
request, not only the same path: a file edited while it loads is asked for again, and showing
the older read too would put the article back at its top after its place was restored); then it
tells the screen (`ArticleShown`). The quotes of a long article follow once found (the same
worker, after the article is on screen). It keeps what waits for an article to be shown (a
scroll to restore, a quote to bring into view), the open article's search matches and which one
is current, and the quote chosen for copying.

It reads ahead (`read_ahead`): the articles beside the open one are prepared in a worker once
it is drawn, so the next one asked for is shown at once, in the frame that moves the list's
cursor, rather than a frame or two later (Textual draws at most every 1/60 s, and the cursor's
frame came first: ~35 ms of a key press). One prepared ahead is shown only if its file is as
it was read (its modification time and size) and the view would set it the same way.

It also does what the reader does to the open article itself: keeps its tags and note (asked for
in the screen's dialogs; kept by the injected `Annotations`), edits its file, copies it whole.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from concurrent.futures import Future
from pathlib import Path
from typing import Protocol

from textual import on, work
from textual.app import ComposeResult, SuspendNotSupported
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.worker import get_current_worker

from reader.articles.model import Article, ArticleSummary, LoadError
from reader.feed.library import load_article
from reader.quotes import ArticleQuotes, extract_quotes
from reader.search.query import Query, match_ranges
from reader.ui.editing import editor_command, run_editor
from reader.ui.messages import (
    AnnotationsSaved,
    ArticleLoaded,
    ArticlePrepared,
    ArticleShown,
    ArticleUnreadable,
    CopyText,
    InfoPanelToggled,
    PreparedArticle,
    QuotesFound,
)
from reader.ui.render.markdown_text import render_markdown
from reader.ui.render.typeset import Typesetter
from reader.ui.widgets.article_view import ArticleView, set_article
from reader.ui.widgets.info_panel import InfoPanel
from reader.ui.widgets.labels import counted, line
from reader.ui.widgets.quote_list import QuoteList

# A body longer than this is shown before its quotes are found (80,000 quotes take seconds);
# a shorter one's take milliseconds, and come with it, so its panel never flickers.
QUOTES_AFTER_CHARS = 100_000
QUOTES_AFTER_SECONDS = 0.5  # and only once it has been open this long
# Given, since by default Textual repr()s a worker's arguments, on the event loop.
OPENING = "open an article"
READING_AHEAD = "read the articles beside the open one"
NOT_KEPT = "The reading state is not open: tags and notes cannot be kept this time."


class Annotations(Protocol):
    """Where the tags and notes are kept (`reader.store.session.ReadingSession` fits): read
    from memory, written in order; a write's future is done once it is in the file, and is
    None when nothing can be kept."""

    def tags(self, identity: str) -> tuple[str, ...]: ...

    def note(self, identity: str) -> str | None: ...

    def set_tags(self, identity: str, tags: Iterable[str]) -> Future[None] | None: ...

    def set_note(self, identity: str, text: str) -> Future[None] | None: ...


class ReadingPane(Horizontal):
    """The article view and the info panel, and the worker that opens articles for them."""

    show_info: reactive[bool] = reactive(True)
    """The info panel is shown (the `-no-info` class hides it)."""
    search_query: reactive[Query | None] = reactive[Query | None](None, init=False)
    """The search the sidebar shows: its matches are marked in the article."""

    def __init__(
        self, annotations: Annotations, *, show_info: bool = True, id: str | None = None
    ) -> None:
        # The class from the start, so the panel is hidden from the first frame.
        super().__init__(id=id, classes="" if show_info else "-no-info")
        self.set_reactive(ReadingPane.show_info, show_info)
        self._annotations = annotations
        # Kept to hand: the screen saves the article and its scroll as it unmounts, after its
        # children have left the DOM.
        self._view = ArticleView(id="article")
        self._panel = InfoPanel(id="info")
        self._wanted: ArticleSummary | None = None  # the article asked for last
        self._asked = 0  # how many times one was asked for: the last request's number
        self._matches: list[tuple[int, int]] = []  # the open article's search matches
        self._match = -1
        # What to do once the article at this path is shown: scroll to y, or to a quote range.
        self._pending_scroll: tuple[Path, float] | None = None
        self._pending_quote: tuple[Path, int, int] | None = None
        self._ahead: dict[Path, PreparedArticle] = {}  # the articles beside it, prepared
        self._quotes: ArticleQuotes | None = None  # the open article's, once found
        # The panel, hidden, still shows an earlier article: it is brought up to date when it is
        # shown or read (`_panel_now`), not at every key press (its layout reflowed the screen).
        self._panel_behind = False

    def compose(self) -> ComposeResult:
        yield self._view
        yield self._panel

    @property
    def article(self) -> Article | None:
        """The article shown (None before the first, or for an unreadable file)."""
        return self._view.article

    @property
    def article_scroll(self) -> float:
        """How far the article is scrolled."""
        return self._view.scroll_offset.y

    def focus_article(self) -> None:
        self._view.focus()

    # --- opening articles -----------------------------------------------------------------------

    def open(self, summary: ArticleSummary) -> None:
        """Show `summary`'s article once it is read (unless another is asked for meanwhile),
        at once if it was read ahead; the same article asked for again (its file changed)
        keeps its place, and is read again."""
        again = self._wanted is not None and self._wanted.path == summary.path
        if again:
            self._keep_place(summary.path)
        self._wanted = summary
        self._asked += 1
        ready = None if again else self._take_ahead(summary)
        if ready is not None:
            self._show_prepared(ready, self._asked)
        else:
            self._load(summary, self._view.typesetter(), self.search_query, self._asked)

    @work(thread=True, exclusive=True, group="article", exit_on_error=False, description=OPENING)
    def _load(
        self, summary: ArticleSummary, typesetter: Typesetter, query: Query | None, request: int
    ) -> None:
        worker = get_current_worker()
        prepared = _prepare(summary, typesetter, query)
        if isinstance(prepared, LoadError):
            if not worker.is_cancelled:
                self.post_message(ArticleUnreadable(summary, prepared, request))
            return
        if worker.is_cancelled:
            return
        self.post_message(ArticleLoaded(prepared, request))
        # Not while the reader is only passing by: a worker cannot be stopped once it has
        # started finding them (seconds, for 80,000), and it slows the event loop meanwhile.
        if prepared.quotes is None and not worker.cancelled_event.wait(QUOTES_AFTER_SECONDS):
            article = prepared.article
            found = extract_quotes(article.body, article.title)
            if not worker.is_cancelled:
                self.post_message(QuotesFound(article, found))

    def _is_wanted(self, path: Path) -> bool:
        return self._wanted is not None and self._wanted.path == path

    @on(ArticleLoaded)
    def _article_loaded(self, event: ArticleLoaded) -> None:
        if event.request == self._asked:  # else the reader moved on, or asked for it again
            self._show_prepared(event.prepared, event.request)

    def _show_prepared(self, prepared: PreparedArticle, request: int) -> None:
        article = prepared.article
        view = self._view
        view.show(article, prepared.document, prepared.typeset)
        # The search may have changed while the article loaded: the matches are for the one
        # the list shows now.
        query = self.search_query
        if prepared.query is query:
            self._matches = prepared.matches
        else:
            self._matches = match_ranges(query, article.body) if query is not None else []
        self._match = -1
        view.highlight_ranges(self._matches)
        # A search result opens at its first match, once it is laid out (a scroll to restore,
        # after it, wins).
        self.call_after_refresh(self._first_match, article.path)
        self.post_message(ArticleShown(prepared.summary).set_sender(self))
        # The panel follows a frame later: its re-layout costs more than the article's, and the
        # article is what the reader is waiting for.
        self.call_after_refresh(self._show_info, article, prepared.quotes)
        self.call_after_refresh(self._scroll_as_pending, article.path, request)

    # --- reading ahead --------------------------------------------------------------------------

    def read_ahead(self, summaries: Sequence[ArticleSummary]) -> None:
        """Prepare `summaries` (the articles beside the open one) in a worker, once the frame
        being drawn is out; what was prepared for others is dropped."""
        self._ahead = {
            path: ready
            for path, ready in self._ahead.items()
            if any(summary == ready.summary for summary in summaries)
        }
        missing = [summary for summary in summaries if summary.path not in self._ahead]
        if missing:
            self.call_after_refresh(self._start_reading_ahead, missing)

    def _start_reading_ahead(self, summaries: list[ArticleSummary]) -> None:
        self._read_ahead(summaries, self._view.typesetter(), self.search_query)

    @work(
        thread=True, exclusive=True, group="ahead", exit_on_error=False, description=READING_AHEAD
    )
    def _read_ahead(
        self, summaries: list[ArticleSummary], typesetter: Typesetter, query: Query | None
    ) -> None:
        worker = get_current_worker()
        for summary in summaries:
            if worker.is_cancelled:
                return
            prepared = _prepare(summary, typesetter, query)
            # A long article (its quotes still to find) is read when it is opened.
            if isinstance(prepared, LoadError) or prepared.quotes is None:
                continue
            if not worker.is_cancelled:
                self.post_message(ArticlePrepared(prepared))

    @on(ArticlePrepared)
    def _article_prepared(self, event: ArticlePrepared) -> None:
        self._ahead[event.prepared.summary.path] = event.prepared

    def _take_ahead(self, summary: ArticleSummary) -> PreparedArticle | None:
        """`summary`'s article, if it was prepared ahead and is still what reading it would
        give: the same summary, the file unchanged, set as the view sets it now."""
        ready = self._ahead.pop(summary.path, None)
        if (
            ready is None
            or ready.summary != summary
            or ready.typesetter != self._view.typesetter()
            or ready.stamp is None
            or ready.stamp != _stamp(summary.path)
        ):
            return None
        return ready

    @on(QuotesFound)
    def _quotes_found(self, event: QuotesFound) -> None:
        # After the panel took the article (a frame after it was shown), never before.
        self.call_after_refresh(self._list_quotes, event.article, event.quotes)

    @on(ArticleUnreadable)
    def _article_unreadable(self, event: ArticleUnreadable) -> None:
        if event.request == self._asked:
            self._view.show_message("This article cannot be shown", str(event.error))
            self._quotes = None
            self._fill_panel()

    def _show_info(self, article: Article, quotes: ArticleQuotes | None) -> None:
        if self._is_wanted(article.path):
            self._quotes = quotes
            self._fill_panel()

    def _fill_panel(self) -> None:
        """Show the open article in the panel, or leave that until the panel is shown."""
        self._panel_behind = not self.show_info
        if self._panel_behind:
            return
        article = self.article
        if article is None:
            self._panel.show(None)
            return
        identity = article.identity
        annotations = self._annotations
        tags, note = annotations.tags(identity), annotations.note(identity)
        self._panel.show(article, tags, note, self._quotes)

    def _panel_now(self) -> InfoPanel:
        """The panel, showing the open article (for what reads or points into it)."""
        if self._panel_behind:
            self._panel_behind = False
            self._fill_panel()
        return self._panel

    def _list_quotes(self, article: Article, quotes: ArticleQuotes) -> None:
        if self.article is article:  # still the article shown, as it was read then
            self._quotes = quotes
            if not self._panel_behind:
                self._panel.list_quotes(quotes)

    # --- what waits for an article --------------------------------------------------------------

    def _keep_place(self, path: Path) -> None:
        """The article at `path` is asked for again (its file was read again): it comes back
        where the reader had got to."""
        if self._pending_scroll is not None and self._pending_scroll[0] == path:
            return  # a place kept already wins: the article may be mid-reload, at its top
        shown = self.article
        if shown is not None and shown.path == path:
            self._pending_scroll = (path, self.article_scroll)

    def restore_scroll(self, path: Path, scroll_y: float) -> None:
        """Scroll to `scroll_y` once the article at `path` is shown."""
        self._pending_scroll = (path, scroll_y)

    def show_quote(self, path: Path, start: int, end: int) -> None:
        """Bring the quote at [start, end) of the article at `path` into view, highlighted: now
        if it is shown, else once it is."""
        self._pending_quote = (path, start, end)
        if self.article is not None and self.article.path == path:
            self._scroll_as_pending(path, self._asked)

    def _scroll_as_pending(self, path: Path, request: int) -> None:
        """Do what was waiting for the article at `path`, shown for `request`; what waits for
        another one waits on (the article shown first at start-up is seldom the one to
        restore), and so does what waits for a newer request (a read of the file after an edit
        is still to be shown)."""
        if request != self._asked:
            return
        if self._pending_scroll is not None and self._pending_scroll[0] == path:
            self._view.scroll_to_line(self._pending_scroll[1])  # forced: see there
            self._pending_scroll = None
        if self._pending_quote is not None and self._pending_quote[0] == path:
            _, start, end = self._pending_quote
            self._view.highlight_ranges([(start, end)], current=0)
            self._view.scroll_to_offset(start)
            self._panel_now().point_at_quote(start)  # so that `c` copies the quote in view
            self._pending_quote = None

    # --- search matches -------------------------------------------------------------------------

    def watch_search_query(self, query: Query | None) -> None:
        article = self.article
        self._matches = match_ranges(query, article.body) if query and article else []
        self._match = -1
        self._view.highlight_ranges(self._matches)
        self._view.show_status(None)
        if article is not None:
            self.call_after_refresh(self._first_match, article.path)

    def step_match(self, step: int) -> None:
        """Go to the next (`step` 1) or previous (-1) search match in the article, saying
        which it is ("Match 2 of 6"); at the last (or first) it says so and stays."""
        count = len(self._matches)
        if not count:
            self.app.bell()
            self._view.show_status("No search matches in this article")
            return
        target = self._match + step if self._match >= 0 else (0 if step > 0 else count - 1)
        if not 0 <= target < count:
            self.app.bell()
            edge = "last" if step > 0 else "first"
            back = "[" if step > 0 else "]"
            self._view.show_status(
                f"Match {self._match + 1} of {count}: the {edge} in this article ({back} goes back)"
            )
            return
        self._go_to_match(target)

    def _first_match(self, path: Path) -> None:
        if self._matches and self._match < 0 and self._is_wanted(path):
            self._go_to_match(0)

    def _go_to_match(self, index: int) -> None:
        self._match = index
        self._view.highlight_ranges(self._matches, current=index)
        self._view.scroll_to_offset(self._matches[index][0])
        self._view.show_status(f"Match {index + 1} of {len(self._matches)}")

    # --- scrolling ------------------------------------------------------------------------------

    @property
    def at_end(self) -> bool:
        """The article is scrolled to its end."""
        return self._view.scroll_y >= self._view.max_scroll_y

    def page_down(self) -> None:
        self._view.scroll_page_down(animate=False)

    def page_up(self) -> None:
        self._view.scroll_page_up(animate=False)

    # --- quotes and the info panel --------------------------------------------------------------

    @on(QuoteList.QuoteChosen)
    def _quote_chosen(self, event: QuoteList.QuoteChosen) -> None:
        event.stop()
        self._view.highlight_ranges([(event.quote.start, event.quote.end)], current=0)
        self._view.scroll_to_offset(event.quote.start)

    def copy_quote(self) -> None:
        """Copy the quote under the panel's cursor, with its citation, and say whose it is.

        Always the cursor's: a quote chosen earlier (enter) is not copied once the cursor has
        moved on, since what the reader sees highlighted is what they mean to cite.
        """
        from reader.quotes.citation import quote_citation  # with the speaker index's code

        chosen = self._panel_now().highlighted_quote
        article = self.article
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
        who = line(" ".join(part for part in (speaker.title, speaker.name) if part))
        self.post_message(CopyText(citation, f"{who}’s quote").set_sender(self))

    def copy_article(self) -> None:
        """Copy the open article as markdown, with its source line (`article_markdown`)."""
        from reader.quotes.citation import article_markdown

        article = self.open_article()
        if article is not None:
            words = counted(article.word_count, "word")
            what = f"the article as markdown ({words}, with its source line)"
            self.post_message(CopyText(article_markdown(article), what).set_sender(self))

    def open_article(self) -> Article | None:
        """The article shown, or None, saying so (for an action on it)."""
        if self.article is None:
            self.notify("No article is open.", severity="warning")
        return self.article

    # --- the reader's tags and note -------------------------------------------------------------

    def save_tags(self, article: Article, tags: tuple[str, ...] | None) -> None:
        """Keep `tags` as `article`'s (a tags dialog's answer; None: it was cancelled)."""
        if tags is None or tags == self._annotations.tags(article.identity):
            return
        saved = self._annotations.set_tags(article.identity, tags)
        listed = ", ".join(tags)
        self._annotated(article, saved, f"Tags: {listed}" if tags else "Tags removed")

    def save_note(self, article: Article, note: str | None) -> None:
        """Keep `note` as `article`'s ("" removes it; None: the dialog was cancelled)."""
        if note is None or note.strip() == (self._annotations.note(article.identity) or ""):
            return
        saved = self._annotations.set_note(article.identity, note)
        self._annotated(article, saved, "Note saved" if note.strip() else "Note removed")

    def _annotated(self, article: Article, saved: Future[None] | None, done: str) -> None:
        """A change was made: show it in the panel now, and tell the screen once it is in the
        file (for the list to search it)."""
        if saved is None:
            self.notify(NOT_KEPT, severity="warning")
            return
        self.refresh_annotations()
        self.notify(done, timeout=2, markup=False)
        self._when_saved(article.identity, saved)

    @work(thread=True, group="annotations", exit_on_error=False)
    def _when_saved(self, identity: str, saved: Future[None]) -> None:
        saved.result()  # a failure is reported by whoever keeps them
        self.post_message(AnnotationsSaved(identity).set_sender(self))

    def refresh_annotations(self) -> None:
        """Show the open article's tags and note as they are kept now (changed here or by
        another process)."""
        article = self.article
        if article is not None and not self._panel_behind:
            identity = article.identity
            self._panel.show_annotations(
                self._annotations.tags(identity), self._annotations.note(identity)
            )

    # --- the article's file ---------------------------------------------------------------------

    def edit_file(self) -> None:
        """Open the article's file in `$VISUAL`/`$EDITOR` (the app steps aside meanwhile), then
        show it as it is now, where the reader had got to."""
        article = self.open_article()
        if article is None:
            return
        command = editor_command(os.environ)
        if isinstance(command, str):
            self.notify(command, title="Edit", severity="warning", markup=False)
            return
        try:
            with self.app.suspend():
                problem = run_editor(command, article.path)
        except SuspendNotSupported:
            problem = "The editor cannot take over this terminal (the app runs in a browser)."
        if problem is not None:
            self.notify(problem, title="Edit", severity="warning", markup=False)
        if self._wanted is not None and self._wanted.path == article.path:
            self.open(self._wanted)  # asked for again: it keeps its place

    # --- the info panel -------------------------------------------------------------------------

    def focus_quotes(self) -> None:
        """Go to the article's quotes, showing the panel if it is hidden."""
        if not self.show_info:
            self.toggle_info()
        self._panel.show_quotes()

    def toggle_info(self) -> None:
        """Show or hide the info panel, and have that remembered."""
        self.show_info = not self.show_info
        self.post_message(InfoPanelToggled(self.show_info).set_sender(self))

    def watch_show_info(self, shown: bool) -> None:
        self.set_class(not shown, "-no-info")
        if shown:
            self._panel_now()
        if not shown and self._panel.has_focus_within:
            self._view.focus()


def _prepare(
    summary: ArticleSummary, typesetter: Typesetter, query: Query | None
) -> PreparedArticle | LoadError:
    """Read `summary`'s article and make what showing it takes (in a worker)."""
    stamp = _stamp(summary.path)  # before reading: a change while it is read makes it stale
    loaded = load_article(summary.path)
    if isinstance(loaded, LoadError):
        return loaded
    later = len(loaded.body) > QUOTES_AFTER_CHARS
    quotes = None if later else extract_quotes(loaded.body, loaded.title)
    document = render_markdown(loaded.body, typesetter.styles)
    typeset = set_article(typesetter, loaded, document)
    matches = match_ranges(query, loaded.body) if query is not None else []
    return PreparedArticle(
        summary, loaded, quotes, document, typeset, matches, query, typesetter, stamp
    )


def _stamp(path: Path) -> tuple[int, int] | None:
    """The file's modification time and size, to tell whether it changed since (None: gone)."""
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_mtime_ns, status.st_size
