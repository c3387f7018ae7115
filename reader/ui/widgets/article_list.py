"""The sidebar: one three-line row per article (title on up to two lines, then date and area),
drawn with Textual's line API.

Only the rows on screen are ever rendered (`render_line`), so 100,000 articles cost no more to
draw than 20; keeping them sorted as batches arrive is a bisect-and-splice per batch. Other
features plug in without touching this module:

- search: `set_filter(paths_in_order, highlight)` shows a subset (best first) and marks matches
  in the titles;
- reading state: `set_marks(marks)` puts "unread"/"starred" glyphs in the row gutter, and
  `refresh_marks()` redraws them after a change;
- sorting: assign `sort_key` and call `set_items(list.items)`.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.articles.model import ArticleSummary
from reader.ui.render.styling import component_style
from reader.ui.render.text_layout import wrap_offsets
from reader.ui.widgets.labels import line, short_date

ROW_HEIGHT = 3
TITLE_LINES = 2
CURSOR_BAR = "▌"
MARK_GLYPHS = {"unread": "●", "starred": "★"}
META_SEPARATOR = " · "

Highlighter = Callable[[str], Sequence[tuple[int, int]]]
"""Given a title, the character ranges to mark as matches."""
Marker = Callable[[ArticleSummary], Sequence[str]]
"""Given an article, mark names (keys of `MARK_GLYPHS`) for the row's gutter, one per line."""


def newest_first(summary: ArticleSummary) -> Any:
    return summary.sort_key


class ArticleList(ScrollView, can_focus=True, inherit_bindings=False):
    """Articles, newest first; the cursor row is the article shown in the main pane."""

    BINDING_GROUP_TITLE = "Article list"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "cursor_down", "Next in list", show=False),
        Binding("up,k", "cursor_up", "Previous in list", show=False),
        Binding("home", "cursor_first", "First in list", show=False),
        Binding("end", "cursor_last", "Last in list", show=False),
        Binding("enter", "select", "Read the article", show=False),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-list--title",
        "article-list--meta",
        "article-list--cursor",
        "article-list--cursor-blurred",
        "article-list--bar",
        "article-list--match",
        "article-list--unread",
        "article-list--starred",
    }

    class Highlighted(Message):
        """The cursor moved to another article."""

        def __init__(self, summary: ArticleSummary) -> None:
            super().__init__()
            self.summary = summary

    class Selected(Message):
        """The user chose the cursor's article (enter or double click)."""

        def __init__(self, summary: ArticleSummary) -> None:
            super().__init__()
            self.summary = summary

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = "Articles"  # shown bright while the list has the focus
        self.sort_key: Callable[[ArticleSummary], Any] = newest_first
        self.moved_by_user = False
        self._items: list[ArticleSummary] = []
        self._keys: list[Any] = []
        self._by_path: dict[Path, ArticleSummary] = {}
        self._rows: list[ArticleSummary] = self._items
        self._filtered = False
        self._cursor = -1
        self._highlight: Highlighter | None = None
        self._marks: Marker | None = None
        self._strips: LRUCache[tuple[int, int, int, bool, bool], Strip] = LRUCache(1024)

    # --- what is listed -------------------------------------------------------------------------

    @property
    def items(self) -> Sequence[ArticleSummary]:
        """Every article, in `sort_key` order."""
        return self._items

    @property
    def rows(self) -> Sequence[ArticleSummary]:
        """The articles shown: all of them, or the filter's subset in the filter's order."""
        return self._rows

    @property
    def current(self) -> ArticleSummary | None:
        """The article under the cursor."""
        return self._rows[self._cursor] if 0 <= self._cursor < len(self._rows) else None

    @property
    def cursor(self) -> int:
        """The cursor's row (-1 when the list is empty)."""
        return self._cursor

    def get(self, path: Path) -> ArticleSummary | None:
        """The article listed for `path` (shown or filtered out), if any."""
        return self._by_path.get(path)

    def set_items(self, summaries: Iterable[ArticleSummary]) -> None:
        """Replace every article (kept in `sort_key` order)."""
        pairs = sorted(((self.sort_key(s), s) for s in summaries), key=lambda pair: pair[0])
        self._keys = [key for key, _ in pairs]
        self._items = [summary for _, summary in pairs]
        self._by_path = {summary.path: summary for summary in self._items}
        self._rows_changed()

    def add_items(self, summaries: Sequence[ArticleSummary]) -> None:
        """Add articles as a load delivers them; one already listed (same path) is replaced."""
        if any(summary.path in self._by_path for summary in summaries):
            fresh = {summary.path: summary for summary in summaries}
            kept = (item for item in self._items if item.path not in fresh)
            self.set_items([*kept, *fresh.values()])
            return
        pairs = sorted(((self.sort_key(s), s) for s in summaries), key=lambda pair: pair[0])
        self._keys, self._items = _merge(self._keys, self._items, pairs)
        self._by_path.update((summary.path, summary) for summary in summaries)
        self._rows_changed()

    def remove_paths(self, paths: Iterable[Path]) -> None:
        """Drop the articles at `paths` (files deleted or broken since they were listed)."""
        gone = {path for path in paths if path in self._by_path}
        if gone:
            self.set_items(item for item in self._items if item.path not in gone)

    def set_filter(
        self, order: Sequence[Path] | None, highlight: Highlighter | None = None
    ) -> None:
        """Show only the articles at `order`'s paths, in that order (None: show all again).

        `highlight` marks matching ranges in each shown title.
        """
        self._filtered = order is not None
        self._highlight = highlight
        self._rows_changed(order)

    def set_marks(self, marks: Marker | None) -> None:
        """Draw `marks(summary)` in each row's gutter."""
        self._marks = marks
        self.refresh_marks()

    def refresh_marks(self) -> None:
        """Redraw the rows after the marks (or styles) changed."""
        self._strips.clear()
        self.refresh()

    def _rows_changed(self, order: Sequence[Path] | None = None) -> None:
        current = self.current
        if not self._filtered:
            self._rows = self._items
        elif order is not None:
            by_path = self._by_path
            self._rows = [by_path[path] for path in order if path in by_path]
        self._cursor = self._row_of(current) if current else (0 if self._rows else -1)
        self._strips.clear()
        self.virtual_size = Size(self.scrollable_content_region.width, len(self._rows) * ROW_HEIGHT)
        self._scroll_cursor_into_view()
        self.refresh()
        if self.current is not None and self.current is not current:
            self.post_message(self.Highlighted(self.current).set_sender(self))

    def _row_of(self, summary: ArticleSummary) -> int:
        """Where `summary` (or what replaced it) is now; row 0 when it is gone."""
        if not self._filtered:
            key = self.sort_key(summary)
            row = bisect_left(self._keys, key)
            if row < len(self._items) and self._items[row].path == summary.path:
                return row
        path = summary.path
        return next((row for row, item in enumerate(self._rows) if item.path == path), 0)

    # --- moving the cursor ----------------------------------------------------------------------

    def move_to(self, row: int) -> None:
        """Put the cursor on `row` (clamped) and announce the article if it changed."""
        if not self._rows:
            return
        self.moved_by_user = True
        previous = self.current
        self._cursor = max(0, min(row, len(self._rows) - 1))
        self._scroll_cursor_into_view()
        self.refresh()
        if self.current is not previous and self.current is not None:
            self.post_message(self.Highlighted(self.current).set_sender(self))

    def move_cursor(self, delta: int) -> None:
        self.move_to(self._cursor + delta)

    def select_path(self, path: Path) -> bool:
        """Put the cursor on the article at `path`; False when it is not shown."""
        summary = self._by_path.get(path)
        if summary is None:
            return False
        row = self._row_of(summary)
        if self._rows[row].path != path:
            return False
        self.move_to(row)
        return True

    def action_cursor_down(self) -> None:
        self.move_cursor(1)

    def action_cursor_up(self) -> None:
        self.move_cursor(-1)

    def action_cursor_first(self) -> None:
        self.move_to(0)

    def action_cursor_last(self) -> None:
        self.move_to(len(self._rows) - 1)

    def action_select(self) -> None:
        if self.current is not None:
            self.post_message(self.Selected(self.current).set_sender(self))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        row = (offset.y + self.scroll_offset.y) // ROW_HEIGHT
        if row < len(self._rows):
            self.move_to(row)
            if event.chain >= 2:
                self.action_select()

    def _scroll_cursor_into_view(self) -> None:
        if self._cursor < 0:
            return
        top = self._cursor * ROW_HEIGHT
        height = self.scrollable_content_region.height
        if top < self.scroll_offset.y:
            self.scroll_to(y=top, animate=False)
        elif height and top + ROW_HEIGHT > self.scroll_offset.y + height:
            self.scroll_to(y=top + ROW_HEIGHT - height, animate=False)

    # --- drawing --------------------------------------------------------------------------------

    def on_resize(self) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, len(self._rows) * ROW_HEIGHT)
        self._strips.clear()
        self._scroll_cursor_into_view()

    def on_focus(self) -> None:
        self.refresh()  # the cursor row is drawn brighter while the list has focus

    on_blur = on_focus

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        row, part = divmod(self.scroll_offset.y + y, ROW_HEIGHT)
        if row >= len(self._rows):
            return Strip.blank(width, self.rich_style)
        is_cursor = row == self._cursor
        key = (row, part, width, is_cursor, self.has_focus)
        strip = self._strips.get(key)
        if strip is None:
            strip = self._render_row_line(self._rows[row], part, width, is_cursor)
            self._strips[key] = strip
        return strip

    def _render_row_line(
        self, summary: ArticleSummary, part: int, width: int, is_cursor: bool
    ) -> Strip:
        base = self.rich_style
        if is_cursor:
            cursor_class = "cursor" if self.has_focus else "cursor-blurred"
            base += self.get_component_rich_style(f"article-list--{cursor_class}")
        bar = Text(CURSOR_BAR if is_cursor else " ", self._style("bar"))
        content = self._row_lines(summary, max(width - 3, 1))[part]
        text = Text.assemble(bar, self._mark(summary, part), " ", content)
        strip = Strip(text.render(self.app.console), text.cell_len)
        return strip.crop_extend(0, width, base).apply_style(base)

    def _row_lines(self, summary: ArticleSummary, width: int) -> list[Text]:
        """The title wrapped to at most `TITLE_LINES` lines (the last cut with "…"), then the
        date and area on the row's last line, whatever the title's length: every row's date in
        the same place, so a wide list (where many titles take one line) is not ragged."""
        title = self._title(summary)
        starts = wrap_offsets(title.plain, width)[:TITLE_LINES]
        ends = [*starts[1:], len(title)]
        lines = [title[start:end] for start, end in zip(starts, ends, strict=True)]
        lines += [Text()] * (ROW_HEIGHT - 1 - len(lines))
        lines.append(self._meta(summary))
        for piece in lines:
            piece.rstrip()
            piece.truncate(width, overflow="ellipsis")
        return lines

    def _title(self, summary: ArticleSummary) -> Text:
        title = Text(line(summary.title), self._style("title"), no_wrap=True)
        if self._highlight is not None:
            match = self._style("match")
            for start, end in self._highlight(title.plain):
                title.stylize(match, start, end)
        return title

    def _meta(self, summary: ArticleSummary) -> Text:
        parts = [short_date(summary.published), line(summary.area)]
        return Text(META_SEPARATOR.join(filter(None, parts)), self._style("meta"), no_wrap=True)

    def _mark(self, summary: ArticleSummary, part: int) -> Text:
        names = self._marks(summary) if self._marks is not None else ()
        if part >= len(names) or names[part] not in MARK_GLYPHS:
            return Text(" ")
        name = names[part]
        return Text(MARK_GLYPHS[name], self._style(name))

    def _style(self, name: str) -> Style:
        return component_style(self, f"article-list--{name}")


def _merge(
    keys: list[Any], items: list[ArticleSummary], pairs: list[tuple[Any, ArticleSummary]]
) -> tuple[list[Any], list[ArticleSummary]]:
    """Merge sorted `pairs` into the sorted parallel lists, by slices (O(n + k log n))."""
    merged_keys: list[Any] = []
    merged_items: list[ArticleSummary] = []
    previous = 0
    for key, item in pairs:
        position = bisect_right(keys, key, lo=previous)
        merged_keys += keys[previous:position]
        merged_items += items[previous:position]
        merged_keys.append(key)
        merged_items.append(item)
        previous = position
    merged_keys += keys[previous:]
    merged_items += items[previous:]
    return merged_keys, merged_items
