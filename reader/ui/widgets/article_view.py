"""The main pane: an article's title, site and date, then its body, drawn with the line API.

The body arrives already rendered (`markdown_text.Document`, built in a worker); this widget lays
it out at its width and draws only the lines on screen. Because the document knows where every
body character went, other features can point at the body by character offset:
`highlight_ranges(ranges, current)` marks quotes or search matches, `scroll_to_offset(offset)`
brings one into view. Links are followed with the keyboard (`l`/`L` then enter) or a click, and
reported upward as `OpenLink` (any scheme may come here); the app decides whether to open it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.articles.model import Article
from reader.ui.messages import OpenLink
from reader.ui.render.markdown_text import (
    LINK_META,
    Block,
    Document,
    MarkdownStyles,
    render_markdown,
)
from reader.ui.render.styling import component_style
from reader.ui.render.text_layout import Layout
from reader.ui.widgets.labels import article_date, line

PANE_TITLE = "Article"
# The body is set in a column at most this wide: long lines are hard to read on wide screens.
MAX_MEASURE = 88
META_SEPARATOR = " · "


class ArticleView(ScrollView, can_focus=True, inherit_bindings=False):
    """One article, scrollable; empty until `show` or `show_message` is called."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "scroll_down", "Scroll down", show=False),
        Binding("up,k", "scroll_up", "Scroll up", show=False),
        Binding("home", "scroll_home", "Top of the article", show=False),
        Binding("end", "scroll_end", "End of the article", show=False),
        Binding("l", "next_link", "Next link", show=False),
        Binding("L", "previous_link", "Previous link", show=False),
        Binding("enter", "open_link", "Open the chosen link", show=False),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-view--title",
        "article-view--meta",
        "article-view--h1",
        "article-view--h2",
        "article-view--code",
        "article-view--link",
        "article-view--link-current",
        "article-view--quote",
        "article-view--marker",
        "article-view--rule",
        "article-view--table-header",
        "article-view--muted",
        "article-view--highlight",
        "article-view--highlight-current",
    }

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = PANE_TITLE  # shown bright while the article has the focus
        self.article: Article | None = None
        self.document: Document | None = None
        self._blocks: list[Block] = []
        self._header_blocks = 0
        self._layout: Layout | None = None
        self._margin = 0
        self._ranges: list[tuple[int, int]] = []
        self._current_range: int | None = None
        self._current_link: int | None = None
        self._decorations: dict[int, list[tuple[int, int, Style]]] = {}
        self._strips: LRUCache[tuple[int, int], Strip] = LRUCache(512)

    # --- content --------------------------------------------------------------------------------

    def markdown_styles(self) -> MarkdownStyles:
        """The current theme's styles, for rendering a body (in a worker) to show here."""
        style = self._style
        return MarkdownStyles(
            heading=style("h1"),
            subheading=style("h2"),
            code=style("code"),
            link=style("link"),
            quote=style("quote"),
            marker=style("marker"),
            rule=style("rule"),
            table_header=style("table-header"),
            muted=style("muted"),
        )

    def _style(self, role: str) -> Style:
        return component_style(self, f"article-view--{role}")

    def show(self, article: Article, document: Document) -> None:
        """Show `article`, whose body was rendered to `document`, from the top."""
        self._replace(article, document, self._header(article))

    def show_message(self, heading: str, detail: str) -> None:
        """Show a message instead of an article (an unreadable file, an empty feed)."""
        message = [
            self._plain_block(heading, "title", gap=0),
            self._plain_block(detail, "muted", gap=1),
        ]
        self._replace(None, None, message)

    def _replace(
        self, article: Article | None, document: Document | None, header: list[Block]
    ) -> None:
        self.article, self.document = article, document
        self._current_link = None
        self._show_link_status()
        self._ranges, self._current_range = [], None
        self._set_blocks(header, document.blocks if document else ())

    @property
    def lines(self) -> list[str]:
        """The laid-out lines as plain text (what is drawn, less the margin)."""
        return [laid.text.plain for laid in self._layout.lines] if self._layout else []

    def _header(self, article: Article) -> list[Block]:
        meta = [line(article.site), article_date(article), line(article.area)]
        return [
            self._plain_block(line(article.title), "title", gap=0),
            self._plain_block(META_SEPARATOR.join(filter(None, meta)), "meta", gap=0),
        ]

    def _plain_block(self, text: str, role: str, *, gap: int) -> Block:
        style = self._style(role)
        return Block(Text(text, style), Text(), Text(), gap)

    def _set_blocks(self, header: list[Block], body: Sequence[Block]) -> None:
        self._header_blocks = len(header)
        # The body starts one blank line under the header.
        body = [replace(body[0], gap=1), *body[1:]] if body else []
        self._blocks = [*header, *body]
        self._decorations = self._decorate()
        self._relayout()
        self.scroll_to(y=0, animate=False, immediate=True)

    def _restyle(self, _theme: object = None) -> None:
        """Render again in the new theme's colours, keeping the place."""
        if self.article is None or self.document is None:
            return
        top = self.scroll_offset.y
        self.document = render_markdown(self.article.body, self.markdown_styles())
        self._set_blocks(self._header(self.article), self.document.blocks)
        self.scroll_to(y=top, animate=False)

    # --- highlights, scrolling, links -----------------------------------------------------------

    def highlight_ranges(
        self, ranges: Sequence[tuple[int, int]], current: int | None = None
    ) -> None:
        """Mark body character ranges [start, end); `ranges[current]` stands out."""
        self._ranges = list(ranges)
        self._current_range = current
        self._redecorate()

    @property
    def highlighted(self) -> list[str]:
        """The text of each highlighted range, as shown (for tests and status lines)."""
        article = self.article
        return [article.body[start:end] for start, end in self._ranges] if article else []

    def scroll_to_offset(self, body_offset: int) -> None:
        """Scroll so the line showing body character `body_offset` is a third of the way down."""
        if self.document is None or self._layout is None:
            return
        place = self.document.locate(body_offset)
        if place is None:
            return
        block, offset = place
        target = self._layout.line_of(block + self._header_blocks, offset)
        # At once: an article just shown was scrolled to its top at once, and a deferred scroll
        # can lose to a redraw of it.
        top = max(target - self.scrollable_content_region.height // 3, 0)
        self.scroll_to(y=top, animate=False, immediate=True)

    @property
    def current_link(self) -> str | None:
        if self.document is None or self._current_link is None:
            return None
        return self.document.links[self._current_link].url

    def action_next_link(self) -> None:
        self._step_link(1)

    def action_previous_link(self) -> None:
        self._step_link(-1)

    def action_open_link(self) -> None:
        if self.current_link is not None:
            self.post_message(OpenLink(self.current_link))

    def _step_link(self, step: int) -> None:
        links = self.document.links if self.document else ()
        if not links:
            self.app.bell()
            return
        if self._current_link is None:
            self._current_link = 0 if step > 0 else len(links) - 1
        else:
            self._current_link = (self._current_link + step) % len(links)
        self._redecorate()
        self._show_link_status()
        if self._layout is not None:
            link = links[self._current_link]
            target = self._layout.line_of(link.block + self._header_blocks, link.start)
            self._scroll_line_into_view(target)

    def show_status(self, status: str | None) -> None:
        """Say `status` in the pane's title line ("Match 2 of 6"); None: the plain title. It
        is set as Content: what it quotes (a URL) is untrusted text, never markup."""
        title = PANE_TITLE if status is None else Content(line(status))
        # Set only when it changes: a title set relays the widget out, and one set as an
        # article is shown lost the scroll being restored for it (a live reload's edit).
        if str(title) != str(self.border_title):
            self.border_title = title

    def _show_link_status(self) -> None:
        """The chosen link's address in the title line, so it is seen before it is opened."""
        links = self.document.links if self.document else ()
        if self._current_link is None or not links:
            self.show_status(None)
            return
        url = line(links[self._current_link].url) or "(no address)"
        number = self._current_link + 1
        self.show_status(f"Link {number} of {len(links)}: {url} · enter opens it")

    def _scroll_line_into_view(self, line_index: int) -> None:
        """Scroll the least needed to show line `line_index`."""
        height = self.scrollable_content_region.height
        top = self.scroll_offset.y
        if line_index < top:
            self.scroll_to(y=line_index, animate=False)
        elif line_index >= top + height:
            self.scroll_to(y=line_index - height + 1, animate=False)

    def on_click(self, event: events.Click) -> None:
        meta = event.style.meta
        if LINK_META in meta and self.document is not None:
            index = meta[LINK_META]
            if isinstance(index, int) and 0 <= index < len(self.document.links):
                self._current_link = index
                self._redecorate()
                self._show_link_status()
                self.post_message(OpenLink(self.document.links[index].url))

    def _redecorate(self) -> None:
        self._decorations = self._decorate()
        self._strips.clear()
        self.refresh()

    def _decorate(self) -> dict[int, list[tuple[int, int, Style]]]:
        """Per block, the extra styles to lay over its text: highlights and the chosen link."""
        decorations: dict[int, list[tuple[int, int, Style]]] = {}
        document = self.document
        if document is None:
            return decorations
        for number, (start, end) in enumerate(self._ranges):
            role = "highlight-current" if number == self._current_range else "highlight"
            style = self._style(role)
            for block, low, high in document.text_ranges(start, end):
                decorations.setdefault(block + self._header_blocks, []).append((low, high, style))
        if self._current_link is not None:
            link = document.links[self._current_link]
            style = self._style("link-current")
            block = link.block + self._header_blocks
            decorations.setdefault(block, []).append((link.start, link.end, style))
        return decorations

    # --- layout and drawing ---------------------------------------------------------------------

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._restyle)

    def on_resize(self) -> None:
        self._relayout()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()

    def _relayout(self) -> None:
        width = self.scrollable_content_region.width
        if width <= 0:
            return
        measure = min(max(width - 2, 1), MAX_MEASURE)
        self._margin = max((width - measure) // 2, 0)
        self._layout = Layout(self._blocks, measure, self.app.console)
        self._strips.clear()
        self.virtual_size = Size(width, len(self._layout.lines) + 1)
        self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = self.scroll_offset.y + y
        layout = self._layout
        if layout is None or index >= len(layout.lines):
            return Strip.blank(width, self.rich_style)
        strip = self._strips.get((index, width))
        if strip is None:
            strip = self._render_laid_line(index, width)
            self._strips[(index, width)] = strip
        return strip

    def _render_laid_line(self, index: int, width: int) -> Strip:
        assert self._layout is not None
        laid = self._layout.lines[index]
        text = laid.text
        decorations = self._decorations.get(laid.block)
        if decorations:
            text = text.copy()
            shift = laid.prefix_length - laid.start
            content_end = laid.start + len(text) - laid.prefix_length
            for start, end, style in decorations:
                low, high = max(start, laid.start), min(end, content_end)
                if low < high:
                    text.stylize(style, low + shift, high + shift)
        base = self.rich_style
        strip = Strip.join([Strip.blank(self._margin), Strip(text.render(self.app.console))])
        return strip.crop_extend(0, width, base).apply_style(base)
