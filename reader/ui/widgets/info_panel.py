"""The right-hand panel: collapsible Metadata and Speakers sections for the open article."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.geometry import Region
from textual.widgets import Collapsible, OptionList

from reader.articles.model import Article
from reader.quotes import ArticleQuotes, Quote, Speaker
from reader.ui.widgets.metadata_fields import MetadataFields
from reader.ui.widgets.quote_list import QuoteList


class InfoPanel(VerticalScroll, can_focus=False):
    """Quote choices bubble up from the inner `QuoteList` as `QuoteList.QuoteChosen`."""

    def on_mount(self) -> None:
        self.border_title = "Info"  # shown bright while the focus is in the panel

    def compose(self) -> ComposeResult:
        # Who said what comes first: the title and date are already above the article.
        with Collapsible(title="Speakers", collapsed=False, id="speakers-section"):
            yield QuoteList(id="quotes")
        with Collapsible(title="Metadata", collapsed=False, id="metadata-section"):
            yield MetadataFields(id="metadata")

    def show_quotes(self) -> None:
        """Open the Speakers section and put the focus, and the cursor, on its first quote."""
        self.query_one("#speakers-section", Collapsible).collapsed = False
        quotes = self.query_one(QuoteList)
        quotes.focus()
        quotes.highlight_first_quote()
        self.call_after_refresh(self._scroll_to_quote)

    def point_at_quote(self, start: int) -> None:
        """Put the quote list's cursor on the quote starting at body offset `start`."""
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

    def show(self, article: Article | None, quotes: ArticleQuotes) -> None:
        """Show `article`'s metadata and speakers; None (an unreadable file) shows neither."""
        self.query_one(MetadataFields).show(article)
        self.query_one(QuoteList).show(quotes)
        section = self.query_one("#speakers-section", Collapsible)
        section.title = f"Speakers ({len(quotes.speakers)})"
