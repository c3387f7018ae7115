"""The main pane: an article's title, site and date, then its body, drawn with the line API.

The body arrives already rendered (`markdown_text.Document`, built in a worker); this widget lays
it out at its width and draws only the lines on screen. Because the document knows where every
body character went, other features can point at the body by character offset:
`highlight_ranges(ranges, current)` marks quotes or search matches, `scroll_to_offset(offset)`
brings one into view. Links are followed with the keyboard (`l`/`L` then enter) or a click, and
reported upward as `OpenLink` (any scheme may come here); the app decides whether to open it.

Laying out is the one costly step left on the event loop: 0.14 s for the 2,000 blocks of a
4 MB article (its body capped in rendering), seconds on a busy machine. So it is done off it:
the reading pane's worker sets an article with the view's `Typesetter` before showing it, and a
long article is set again in this view's own worker when the width or the theme changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.style import Style
from textual import events, on, work
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.articles.model import Article
from reader.ui.messages import ArticleTypeset, OpenLink
from reader.ui.render.markdown_text import (
    LINK_META,
    Block,
    Document,
    MarkdownStyles,
    render_markdown,
)
from reader.ui.render.styling import component_style
from reader.ui.render.text_layout import Layout
from reader.ui.render.typeset import Typeset, Typesetter
from reader.ui.widgets.labels import article_date, line

PANE_TITLE = "Article"
# The body is set in a column at most this wide: long lines are hard to read on wide screens.
MAX_MEASURE = 88
META_SEPARATOR = " · "
# An article of more blocks than this is laid out again in a worker (a resize, a new theme).
LAYOUT_IN_WORKER_BLOCKS = 300
HEADER_ROLES = ("title", "meta", "muted")
# The workers' descriptions are given: by default Textual repr()s their arguments, on the event
# loop, and an article's repr holds its whole body.
SET_AGAIN = "set a long article again"


def set_article(typesetter: Typesetter, article: Article, document: Document) -> Typeset:
    """`article` as the view shows it: its title, then site · date · area, then its body (in a
    worker, or on the event loop for a short one)."""
    meta = [line(article.site), article_date(article), line(article.area)]
    header = [
        typesetter.plain_block(line(article.title), "title", gap=0),
        typesetter.plain_block(META_SEPARATOR.join(filter(None, meta)), "meta", gap=0),
    ]
    return typesetter.typeset(header, document.blocks)


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
        self._typesetter: Typesetter | None = None  # until the styles or the width change

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

    def typesetter(self) -> Typesetter:
        """How this view sets an article now (its theme, its width), for a worker to use; kept
        until the styles change (its dozen component styles took a millisecond a key press)."""
        measure = self._measure()
        typesetter = self._typesetter
        if typesetter is None or typesetter.measure != measure:
            styles = {role: self._style(role) for role in HEADER_ROLES}
            typesetter = Typesetter(self.markdown_styles(), styles, measure, self.app.console)
            self._typesetter = typesetter
        return typesetter

    def _measure(self) -> int:
        """The body column's width at the view's width (the widest, before it has one)."""
        width = self.scrollable_content_region.width
        return min(max(width - 2, 1), MAX_MEASURE) if width > 0 else MAX_MEASURE

    def show(self, article: Article, document: Document, typeset: Typeset | None = None) -> None:
        """Show `article`, whose body was rendered to `document` (and set, if `typeset`), from
        the top."""
        typesetter = self.typesetter()
        if typeset is None or typeset.layout.width != typesetter.measure:
            typeset = set_article(typesetter, article, document)
        self._replace(article, document, typeset)

    def show_message(self, heading: str, detail: str) -> None:
        """Show a message instead of an article (an unreadable file, an empty feed)."""
        typesetter = self.typesetter()
        message = [
            typesetter.plain_block(heading, "title", gap=0),
            typesetter.plain_block(detail, "muted", gap=1),
        ]
        self._replace(None, None, typesetter.typeset(message, ()))

    def _replace(
        self, article: Article | None, document: Document | None, typeset: Typeset
    ) -> None:
        self.article, self.document = article, document
        self._current_link = None
        self._show_link_status()
        self._ranges, self._current_range = [], None
        self._set_typeset(typeset)
        self.scroll_to_line(0)

    @property
    def lines(self) -> list[str]:
        """The laid-out lines as plain text (what is drawn, less the margin)."""
        return [laid.text.plain for laid in self._layout.lines] if self._layout else []

    def _set_typeset(self, typeset: Typeset) -> None:
        self._blocks = list(typeset.blocks)
        self._header_blocks = typeset.header_blocks
        self._decorations = self._decorate()
        self._use_layout(typeset.layout)

    def _restyle(self, _theme: object = None) -> None:
        """Render again in the new theme's colours, keeping the place."""
        self._typesetter = None
        if self.article is None or self.document is None:
            return
        if len(self._blocks) > LAYOUT_IN_WORKER_BLOCKS:
            self._typeset_later(self.article, self.typesetter(), restyle=True)
            return
        top = self.scroll_offset.y
        typesetter = self.typesetter()
        self.document = render_markdown(self.article.body, typesetter.styles)
        self._set_typeset(set_article(typesetter, self.article, self.document))
        self.scroll_to(y=top, animate=False)

    @work(thread=True, exclusive=True, group="typeset", exit_on_error=False, description=SET_AGAIN)
    def _typeset_later(self, article: Article, typesetter: Typesetter, *, restyle: bool) -> None:
        """Set a long article again at a new measure (`restyle`: render it in new colours too)."""
        document = self.document
        if restyle or document is None:
            document = render_markdown(article.body, typesetter.styles)
        self.post_message(
            ArticleTypeset(article, document, set_article(typesetter, article, document))
        )

    @on(ArticleTypeset)
    def _article_typeset(self, event: ArticleTypeset) -> None:
        """A long article, set again: shown where the reader had got to, if still open."""
        if event.article is not self.article or event.typeset.layout.width != self._measure():
            return
        place = self._top_place()
        self.document = event.document
        self._set_typeset(event.typeset)
        if place is not None and self._layout is not None:
            self.scroll_to_line(self._layout.line_of(*place))

    def _top_place(self) -> tuple[int, int] | None:
        """(block, text offset) of the top line on screen."""
        layout = self._layout
        top = self.scroll_offset.y
        if layout is None or not 0 <= top < len(layout.lines):
            return None
        laid = layout.lines[top]
        return (laid.block, laid.start) if laid.block >= 0 else None

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
        self.scroll_to_line(max(target - self.scrollable_content_region.height // 3, 0))

    def scroll_to_line(self, line_index: float) -> None:
        """Scroll at once so that line `line_index` is at the top (as far as it goes).

        Forced: whether the view may scroll is worked out at its next layout, and until then a
        view that had nothing to scroll (a short article) refused, so a place restored in a
        long article just shown was lost now and then."""
        self.scroll_to(y=line_index, animate=False, immediate=True, force=True)

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
        self._typesetter = None

    def _relayout(self) -> None:
        """Lay the article out again at the view's width: here, or for a long one in a worker
        (the old layout stays on screen until then)."""
        if self.scrollable_content_region.width <= 0:
            return
        if self._layout is not None and self._layout.width == self._measure():
            self._use_layout(self._layout)  # the margin may have changed
        elif len(self._blocks) > LAYOUT_IN_WORKER_BLOCKS and self.article is not None:
            self._typeset_later(self.article, self.typesetter(), restyle=False)
        else:
            self._use_layout(Layout(self._blocks, self._measure(), self.app.console))

    def _use_layout(self, layout: Layout) -> None:
        width = self.scrollable_content_region.width
        self._margin = max((width - layout.width) // 2, 0)
        self._layout = layout
        self._strips.clear()
        self._set_virtual_size(Size(width, len(layout.lines) + 1))
        self.refresh()

    def _set_virtual_size(self, size: Size) -> None:
        """Take `size` as the scrollable size; laid out again only if that shows or hides the
        scrollbar (the text's width changes then).

        Otherwise only the scrollbar's thumb changes, and the layout Textual does when the
        virtual size is set is skipped: a reflow of the whole screen that repainted every
        scrolling widget's scrollbar (each ~100 lines a key press, at 120x36) and came back
        for another frame of them."""
        height = self.scrollable_content_region.height
        scrollbar = self.show_vertical_scrollbar
        if size.width != self.virtual_size.width or (size.height > height) != scrollbar:
            self.virtual_size = size
            return
        self.set_reactive(ArticleView.virtual_size, size)
        if scrollbar:
            self.vertical_scrollbar.window_virtual_size = size.height

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
