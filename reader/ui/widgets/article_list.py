"""The sidebar's list: one three-line row per article (title on up to two lines, then date and
area), drawn with Textual's line API, paged from the feed's index.

The list is a view over a query's ordered ids (`RowSource`, a `reader.feed.library.ListView`):
it holds the ids, not the articles, and a row is read from the index only when it is drawn,
so a million articles cost no more to show than twenty. Other features plug in without touching
this module:

- the list itself: `set_source(view)` shows another view (the feed again after a sync, a
  search's matches, another order) and keeps the cursor on its article: by id, or by path
  (an edit that moved the article's date gives it another id);
- search: `set_source(view, highlight=...)` marks matches in the titles;
- reading state: `set_marks(marks)` puts "unread"/"starred" glyphs in the row gutter, and
  `refresh_marks()` redraws them after a change.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from pathlib import Path
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.articles.model import ArticleSummary
from reader.feed.library import ListView
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


RowSource = ListView
"""What the list pages through: ids in order, rows read from the index when drawn."""
EMPTY: RowSource = ListView.empty()


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
        self.moved_by_user = False
        self._source: RowSource = EMPTY
        self._feed: RowSource = EMPTY
        self._cursor = -1
        self._cursor_id: int | None = None
        self._current: ArticleSummary | None = None
        self._highlight: Highlighter | None = None
        self._marks: Marker | None = None
        self._strips: LRUCache[tuple[int, int, int, bool, bool], Strip] = LRUCache(1024)

    # --- what is listed -------------------------------------------------------------------------

    @property
    def rows(self) -> RowSource:
        """The articles shown, in order: the feed, or a search's matches."""
        return self._source

    @property
    def items(self) -> RowSource:
        """Every article of the feed, in the list's order (shown or filtered out)."""
        return self._feed

    @property
    def current(self) -> ArticleSummary | None:
        """The article under the cursor."""
        return self._current

    @property
    def cursor(self) -> int:
        """The cursor's row (-1 when the list is empty)."""
        return self._cursor

    def set_source(
        self,
        source: RowSource,
        *,
        feed: RowSource | None = None,
        highlight: Highlighter | None = None,
        touched: Collection[Path] = (),
    ) -> None:
        """Show `source` (`feed`, the whole feed in the same order, when it is a search's
        matches), keeping the cursor on its article: found by id, else by path (an edit that
        moved the article's date gave it another id); an article no longer listed leaves the
        cursor on the row it had (clamped). `highlight` marks matching ranges in each shown
        title. An article in `touched` (its file changed) is announced again, as is any other
        change of the cursor's article."""
        previous, previous_id = self._current, self._cursor_id
        self._source, self._highlight = source, highlight
        self._feed = source if feed is None else feed
        row = self._find(previous_id, previous.path if previous else None)
        if row is None:
            row = min(max(self._cursor, 0), len(source) - 1)
        self._set_cursor(row)
        self._strips.clear()
        self._size_to_source()
        self._scroll_cursor_into_view()
        self.refresh()
        current = self._current
        if current is not None and (
            current != previous or self._cursor_id != previous_id or current.path in touched
        ):
            self.post_message(self.Highlighted(current).set_sender(self))

    def _size_to_source(self) -> None:
        width = self.scrollable_content_region.width
        self.virtual_size = Size(width, len(self._source) * ROW_HEIGHT)

    def _find(self, doc_id: int | None, path: Path | None) -> int | None:
        """The row of the article `doc_id`, or of the one at `path` now."""
        row = None if doc_id is None else self._source.position_of(doc_id)
        if row is None and path is not None:
            row = self._source.position_of_path(path)
        return row

    def _set_cursor(self, row: int) -> None:
        self._cursor = row
        self._cursor_id = self._source.id_at(row)
        self._current = self._source.row(row) if row >= 0 else None

    def neighbours(self) -> list[ArticleSummary]:
        """The articles either side of the cursor's, the next one first."""
        rows = (self._cursor + 1, self._cursor - 1) if self._cursor >= 0 else ()
        found = (self._source.row(row) for row in rows if row >= 0)
        return [summary for summary in found if summary is not None]

    def position_of_path(self, path: Path) -> int | None:
        """The row of the article at `path`, if it is listed."""
        return self._find(None, path)

    def set_marks(self, marks: Marker | None) -> None:
        """Draw `marks(summary)` in each row's gutter."""
        self._marks = marks
        self.refresh_marks()

    def refresh_marks(self) -> None:
        """Redraw the rows after the marks (or styles) changed."""
        self._strips.clear()
        self.refresh()

    # --- moving the cursor ----------------------------------------------------------------------

    def move_to(self, row: int) -> None:
        """Put the cursor on `row` (clamped) and announce the article if it changed."""
        if not len(self._source):
            return
        self.moved_by_user = True
        previous, previous_row = self._current, self._cursor
        self._set_cursor(max(0, min(row, len(self._source) - 1)))
        if self._scroll_cursor_into_view():
            self.refresh()
        else:
            # The two rows whose cursor mark changed, not the whole list: a frame that also
            # draws the next article draws ~30 fewer lines (a key press is its frames).
            self._refresh_rows(previous_row, self._cursor)
        if self._current is not None and self._current != previous:
            self.post_message(self.Highlighted(self._current).set_sender(self))

    def move_cursor(self, delta: int) -> None:
        self.move_to(self._cursor + delta)

    def select_path(self, path: Path) -> bool:
        """Put the cursor on the article at `path`; False when it is not shown."""
        row = self.position_of_path(path)
        if row is None:
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
        self.move_to(len(self._source) - 1)

    def action_select(self) -> None:
        if self._current is not None:
            self.post_message(self.Selected(self._current).set_sender(self))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        row = (offset.y + self.scroll_offset.y) // ROW_HEIGHT
        if row < len(self._source):
            self.move_to(row)
            if event.chain >= 2:
                self.action_select()

    def _scroll_cursor_into_view(self) -> bool:
        """Scroll the least needed to show the cursor's row; whether it had to."""
        if self._cursor < 0:
            return False
        top = self._cursor * ROW_HEIGHT
        height = self.scrollable_content_region.height
        if top < self.scroll_offset.y:
            self.scroll_to(y=top, animate=False)
        elif height and top + ROW_HEIGHT > self.scroll_offset.y + height:
            self.scroll_to(y=top + ROW_HEIGHT - height, animate=False)
        else:
            return False
        return True

    def _refresh_rows(self, *rows: int) -> None:
        """Draw `rows` again (those on screen)."""
        width = self.scrollable_content_region.width
        top = self.scroll_offset.y
        regions = [Region(0, row * ROW_HEIGHT - top, width, ROW_HEIGHT) for row in rows if row >= 0]
        self.refresh(*regions)

    # --- drawing --------------------------------------------------------------------------------

    def on_resize(self) -> None:
        self.virtual_size = Size(
            self.scrollable_content_region.width, len(self._source) * ROW_HEIGHT
        )
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
        summary = self._source.row(row) if row < len(self._source) else None
        if summary is None:
            return Strip.blank(width, self.rich_style)
        is_cursor = row == self._cursor
        key = (row, part, width, is_cursor, self.has_focus)
        strip = self._strips.get(key)
        if strip is None:
            strip = self._render_row_line(summary, part, width, is_cursor)
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
