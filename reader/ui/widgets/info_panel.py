"""The right-hand panel: collapsible sections for the open article: the reader's tags and note,
who said what, and its metadata (its file among them).

Its quotes come after the rest: the reading pane finds them in a worker once the article is
shown (an article of 80,000 quotes takes seconds), and the Speakers section says so meanwhile.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.geometry import Region
from textual.widgets import Collapsible, OptionList

from reader.articles.model import Article
from reader.quotes import ArticleQuotes, Quote, Speaker
from reader.ui.widgets.labels import counted
from reader.ui.widgets.metadata_fields import AnnotationFields, MetadataFields
from reader.ui.widgets.quote_list import QuoteList

NO_ANNOTATIONS = "No tags or note. T tags the article, a writes a note."
FINDING = "Speakers (finding quotes…)"


class InfoPanel(VerticalScroll, can_focus=False):
    """Quote choices bubble up from the inner `QuoteList` as `QuoteList.QuoteChosen`."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._pointed: int | None = None  # a quote to put the cursor on once they are listed

    def on_mount(self) -> None:
        self.border_title = "Info"  # shown bright while the focus is in the panel

    def compose(self) -> ComposeResult:
        with Collapsible(title="Tags and note", collapsed=False, id="annotations-section"):
            yield AnnotationFields(placeholder=NO_ANNOTATIONS, id="annotations")
        # Who said what comes next: the title and date are already above the article.
        with Collapsible(title="Speakers", collapsed=False, id="speakers-section"):
            yield QuoteList(id="quotes")
        with Collapsible(title="Metadata", collapsed=False, id="metadata-section"):
            yield MetadataFields(id="metadata")

    # --- what is shown --------------------------------------------------------------------------

    def show(
        self,
        article: Article | None,
        tags: Sequence[str] = (),
        note: str | None = None,
        quotes: ArticleQuotes | None = None,
    ) -> None:
        """Show `article`'s metadata, tags and note, and its `quotes` (None: still to come, by
        `list_quotes`); None (an unreadable file) shows none of them."""
        self._pointed = None
        self.query_one(MetadataFields).show(article)
        self.show_annotations(tags, note)
        if article is None:
            self.list_quotes(ArticleQuotes((), ()))
        elif quotes is not None:
            self.list_quotes(quotes)
        else:
            self.query_one(QuoteList).show_finding()
            self._speakers_section.title = FINDING

    def show_annotations(self, tags: Sequence[str], note: str | None) -> None:
        self.query_one(AnnotationFields).show(tags, note)

    def list_quotes(self, quotes: ArticleQuotes) -> None:
        """List the article's quotes (a page of each speaker; see `QuoteList`)."""
        listing = self.query_one(QuoteList)
        listing.show(quotes)
        quoted = counted(listing.quote_count, "quote")
        counts = f"{listing.speaker_count:,} · {quoted}" if listing.quote_count else "none"
        self._speakers_section.title = f"Speakers ({counts})"
        if self._pointed is not None:
            listing.highlight_quote_at(self._pointed)

    @property
    def _speakers_section(self) -> Collapsible:
        return self.query_one("#speakers-section", Collapsible)

    # --- the quotes' cursor ---------------------------------------------------------------------

    def show_quotes(self) -> None:
        """Open the Speakers section and put the focus, and the cursor, on its first quote."""
        self._speakers_section.collapsed = False
        quotes = self.query_one(QuoteList)
        quotes.focus()
        quotes.highlight_first_quote()
        self.call_after_refresh(self._scroll_to_quote)

    def point_at_quote(self, start: int) -> None:
        """Put the quote list's cursor on the quote starting at body offset `start` (once the
        quotes are listed, if they are still being found)."""
        self._pointed = start
        self.query_one(QuoteList).highlight_quote_at(start)

    @on(OptionList.OptionHighlighted, "#quotes")
    def _quote_highlighted(self) -> None:
        # After the refresh: the list's lines are laid out for its width by then.
        self.call_after_refresh(self._scroll_to_quote)

    def _scroll_to_quote(self) -> None:
        """Scroll the least needed to show the quote under the cursor whole (as far as it fits)."""
        quotes = self.query_one(QuoteList)
        lines = quotes.highlighted_lines
        if lines is None or not quotes.region:
            return
        first, height = lines
        top = quotes.content_region.y - self.content_region.y + round(self.scroll_y) + first
        self.scroll_to_region(Region(0, top, 1, height), animate=False, immediate=True)

    @property
    def highlighted_quote(self) -> tuple[Speaker, Quote] | None:
        """The quote under the quote list's cursor."""
        return self.query_one(QuoteList).highlighted_quote
