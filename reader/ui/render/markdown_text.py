"""An article body's markdown turned into styled Rich `Text` blocks that remember their source.

Why not Textual's `Markdown` widget: it mounts a widget per block (118 ms to show a 1,000-word
article on this machine, over the 100 ms budget) and cannot say where a body character ended up
on screen. This renderer records, for every run of rendered characters, the body offset it came
from, so quotes and search matches (body offsets) can be highlighted and scrolled to.

Article text is untrusted: it only ever becomes `Text` content, never markup. Link targets are
kept aside in `Document.links`; the text refers to them by index in its style's `meta`.
No Textual imports: this runs in worker threads and is tested on its own.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal

from markdown_it import MarkdownIt
from markdown_it.token import Token
from rich.style import Style
from rich.text import Text

# markdown-it stops opening blocks (and inline spans) past this depth, so 10,000 nested lists or
# block quotes cost no more than 20.
MAX_NESTING = 20
# Past this many characters or lines of the body the rest is not rendered (a notice says so).
# markdown-it takes about 40 µs per block and up to ~25 µs per character of hostile inline
# markup (thousands of `![`), so these keep the worst case to a few seconds in a worker thread
# while a 20,000-word article still shows in full.
MAX_RENDER_CHARS = 150_000
MAX_RENDER_LINES = 4_000
# How far ahead to look for a character of rendered text that markdown changed on the way
# (`\*` → `*`, `&amp;` → `&`).
_ALIGN_LOOKAHEAD = 16
BULLETS = ("•", "◦", "▪")
QUOTE_BAR = "▌ "
LINK_META = "link"

BlockKind = Literal["text", "rule", "table"]
Alignment = Literal["left", "center", "right"]
# markdown-it writes a column's `---:` / `:---:` as the cells' `style` attribute.
_ALIGNMENTS: dict[str, Alignment] = {
    "text-align:right": "right",
    "text-align:center": "center",
    "text-align:left": "left",
}

_PARSER = MarkdownIt("commonmark", {"maxNesting": MAX_NESTING, "html": False}).enable(
    ["table", "strikethrough"]
)
_NEWLINE = re.compile("\n")


@dataclass(frozen=True, slots=True)
class MarkdownStyles:
    """The theme's styles for each kind of markdown element (plain by default, as in tests)."""

    heading: Style = field(default_factory=Style.null)
    subheading: Style = field(default_factory=Style.null)
    strong: Style = field(default_factory=lambda: Style(bold=True))
    emphasis: Style = field(default_factory=lambda: Style(italic=True))
    strike: Style = field(default_factory=lambda: Style(strike=True))
    code: Style = field(default_factory=Style.null)
    link: Style = field(default_factory=lambda: Style(underline=True))
    quote: Style = field(default_factory=Style.null)
    marker: Style = field(default_factory=Style.null)
    rule: Style = field(default_factory=Style.null)
    table_header: Style = field(default_factory=lambda: Style(bold=True))
    muted: Style = field(default_factory=lambda: Style(dim=True))


@dataclass(frozen=True, slots=True)
class SourceRun:
    """`length` characters of a block's text starting at `text_start` came from the body at
    `body_start`."""

    text_start: int
    body_start: int
    length: int


@dataclass(frozen=True, slots=True)
class Link:
    """A link's target and where its text is: block index and character range in that block."""

    url: str
    block: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph, heading, list item, code block, rule or table.

    `first_prefix` starts its first line (a bullet, quote bars), `rest_prefix` its other lines.
    `gap` is how many blank lines come before it. A table keeps its cells in `rows` (the header
    row first) because its layout depends on the width, and each column's alignment in
    `alignments`.
    """

    text: Text
    first_prefix: Text
    rest_prefix: Text
    gap: int
    runs: tuple[SourceRun, ...] = ()
    kind: BlockKind = "text"
    rows: tuple[tuple[Text, ...], ...] = ()
    alignments: tuple[Alignment, ...] = ()


@dataclass(frozen=True, slots=True)
class Document:
    """A rendered body: its blocks in order, its links, and how much of the body was left out."""

    blocks: tuple[Block, ...]
    links: tuple[Link, ...] = ()
    omitted_chars: int = 0
    _starts: tuple[int, ...] = field(default=(), repr=False, compare=False)
    _places: tuple[tuple[int, SourceRun], ...] = field(default=(), repr=False, compare=False)

    def __post_init__(self) -> None:
        places = sorted(
            (
                (run.body_start, index, run)
                for index, block in enumerate(self.blocks)
                for run in block.runs
            ),
            key=lambda place: place[0],
        )
        object.__setattr__(self, "_starts", tuple(start for start, _, _ in places))
        object.__setattr__(self, "_places", tuple((index, run) for _, index, run in places))

    def locate(self, body_offset: int) -> tuple[int, int] | None:
        """(block, text offset) where body character `body_offset` is shown, or the nearest
        shown character after it (markup such as `**` is not shown); None past the end."""
        position = bisect_right(self._starts, body_offset) - 1
        if position >= 0:
            block, run = self._places[position]
            if body_offset < run.body_start + run.length:
                return block, run.text_start + body_offset - run.body_start
        if position + 1 < len(self._places):
            block, run = self._places[position + 1]
            return block, run.text_start
        return None

    def text_ranges(self, start: int, end: int) -> Iterator[tuple[int, int, int]]:
        """(block, text start, text end) for every shown piece of body range [start, end)."""
        position = max(bisect_right(self._starts, start) - 1, 0)
        for block, run in self._places[position:]:
            if run.body_start >= end:
                break
            low = max(start, run.body_start)
            high = min(end, run.body_start + run.length)
            if low < high:
                offset = run.text_start - run.body_start
                yield block, low + offset, high + offset


def render_markdown(body: str, styles: MarkdownStyles | None = None) -> Document:
    """Render `body` (markdown) to blocks; past `MAX_RENDER_CHARS` the rest is only counted."""
    cut = _render_cut(body)
    renderer = _Renderer(body, styles or MarkdownStyles())
    renderer.run(_PARSER.parse(body[:cut]))
    omitted = len(body) - cut
    if omitted:
        renderer.add_notice(
            f"… {omitted:,} more characters are not shown: the article is too long to display."
        )
    return Document(tuple(renderer.blocks), tuple(renderer.links), omitted)


def _render_cut(body: str) -> int:
    """Where rendering stops: the whole body, or a line break before a cap."""
    cut = len(body)
    if cut > MAX_RENDER_CHARS:
        paragraph_end = body.rfind("\n\n", MAX_RENDER_CHARS // 2, MAX_RENDER_CHARS)
        cut = paragraph_end if paragraph_end > 0 else MAX_RENDER_CHARS
    newline = -1
    for _ in range(MAX_RENDER_LINES):
        newline = body.find("\n", newline + 1, cut)
        if newline < 0:
            return cut
    return newline


@dataclass(slots=True)
class _Container:
    """A block quote or list item around the blocks being rendered: what each line starts with."""

    first: Text
    rest: Text
    fresh: bool = True


@dataclass(slots=True)
class _ListState:
    ordered: bool
    number: int
    depth: int


class _Aligner:
    """Finds where pieces of rendered text came from in the body, moving forward only."""

    def __init__(self, body: str, start: int, limit: int) -> None:
        self._body = body
        self._cursor = start
        self._limit = limit

    def runs(self, content: str, text_start: int) -> list[SourceRun]:
        position = self._body.find(content, self._cursor, self._limit)
        if position >= 0:
            self._cursor = position + len(content)
            return [SourceRun(text_start, position, len(content))]
        return self._runs_by_character(content, text_start)

    def _runs_by_character(self, content: str, text_start: int) -> list[SourceRun]:
        """Markdown changed the text (escapes, entities): match what still matches."""
        runs: list[SourceRun] = []
        for index, character in enumerate(content):
            window_end = min(self._limit, self._cursor + _ALIGN_LOOKAHEAD)
            position = self._body.find(character, self._cursor, window_end)
            if position < 0:
                continue
            self._cursor = position + 1
            last = runs[-1] if runs else None
            if (
                last
                and last.text_start + last.length == text_start + index
                and last.body_start + last.length == position
            ):
                runs[-1] = SourceRun(last.text_start, last.body_start, last.length + 1)
            else:
                runs.append(SourceRun(text_start + index, position, 1))
        return runs


class _Renderer:
    """Walks markdown-it's flat token stream once, building blocks."""

    def __init__(self, body: str, styles: MarkdownStyles) -> None:
        self._body = body
        self._styles = styles
        self._line_starts = [0, *(match.end() for match in _NEWLINE.finditer(body))]
        self.blocks: list[Block] = []
        self.links: list[Link] = []
        self._containers: list[_Container] = []
        self._lists: list[_ListState] = []
        self._heading_style: Style | None = None
        self._previous_in_list = False
        self._tight = False
        self._table_rows: list[list[Text]] = []
        self._table_alignments: list[Alignment] = []

    def run(self, tokens: Sequence[Token]) -> None:
        for token in tokens:
            handler = getattr(self, f"_on_{token.type}", None)
            if handler is not None:
                handler(token)

    # --- containers -----------------------------------------------------------------------------

    def _on_blockquote_open(self, token: Token) -> None:
        bar = Text(QUOTE_BAR, self._styles.quote)
        self._containers.append(_Container(bar, bar.copy()))

    def _on_blockquote_close(self, token: Token) -> None:
        self._containers.pop()

    def _on_bullet_list_open(self, token: Token) -> None:
        self._lists.append(_ListState(ordered=False, number=0, depth=len(self._lists)))

    def _on_ordered_list_open(self, token: Token) -> None:
        number = int(token.attrGet("start") or 1)
        self._lists.append(_ListState(ordered=True, number=number, depth=len(self._lists)))

    def _on_bullet_list_close(self, token: Token) -> None:
        self._lists.pop()

    _on_ordered_list_close = _on_bullet_list_close

    def _on_list_item_open(self, token: Token) -> None:
        state = self._lists[-1]
        if state.ordered:
            marker = f"{state.number}. "
            state.number += 1
        else:
            marker = f"{BULLETS[state.depth % len(BULLETS)]} "
        self._containers.append(
            _Container(Text(marker, self._styles.marker), Text(" " * len(marker)))
        )

    def _on_list_item_close(self, token: Token) -> None:
        self._containers.pop()

    # --- leaf blocks ----------------------------------------------------------------------------

    def _on_heading_open(self, token: Token) -> None:
        self._heading_style = self._styles.heading if token.tag == "h1" else self._styles.subheading

    def _on_heading_close(self, token: Token) -> None:
        self._heading_style = None

    def _on_inline(self, token: Token) -> None:
        if self._table_rows:
            cell, _ = self._inline_text(token, block=-1)
            self._table_rows[-1].append(cell)
            return
        text, runs = self._inline_text(token, block=len(self.blocks))
        if self._heading_style is not None:
            text.stylize_before(self._heading_style)
        self._add_block(text, runs, tight=self._tight and self._previous_in_list)

    def _on_fence(self, token: Token) -> None:
        content = token.content.rstrip("\n")
        start, limit = self._source_span(token)
        runs = _Aligner(self._body, start, limit).runs(content, 0) if content else []
        self._add_block(Text(_printable(content), self._styles.code), runs)

    _on_code_block = _on_fence

    def _on_hr(self, token: Token) -> None:
        self._add_block(Text(style=self._styles.rule), [], kind="rule")

    def _on_table_open(self, token: Token) -> None:
        self._table_rows = [[]]
        self._table_alignments = []

    def _on_th_open(self, token: Token) -> None:
        self._table_alignments.append(_ALIGNMENTS.get(str(token.attrGet("style")), "left"))

    def _on_tr_open(self, token: Token) -> None:
        if self._table_rows[-1]:
            self._table_rows.append([])

    def _on_table_close(self, token: Token) -> None:
        rows = tuple(tuple(row) for row in self._table_rows if row)
        self._table_rows = []
        for cell in rows[0] if rows else ():
            cell.stylize_before(self._styles.table_header)
        alignments = tuple(self._table_alignments)
        self._add_block(
            Text(style=self._styles.rule), [], kind="table", rows=rows, alignments=alignments
        )

    def add_notice(self, message: str) -> None:
        self._containers.clear()
        self._add_block(Text(message, self._styles.muted), [])

    # --- inline content -------------------------------------------------------------------------

    def _inline_text(self, token: Token, *, block: int) -> tuple[Text, list[SourceRun]]:
        text = Text()
        runs: list[SourceRun] = []
        start, limit = self._source_span(token)
        aligner = _Aligner(self._body, start, limit)
        stack: list[Style] = []
        link_start = 0
        for child in token.children or ():
            kind = child.type
            if kind in ("text", "code_inline"):
                extra = [self._styles.code] if kind == "code_inline" else []
                runs += aligner.runs(child.content, len(text))
                text.append(_printable(child.content), _combine([*stack, *extra]))
            elif kind == "softbreak":
                text.append(" ")
            elif kind == "hardbreak":
                text.append("\n")
            elif kind == "image":
                label = f"[image: {child.content}]" if child.content else "[image]"
                text.append(_printable(label), _combine([*stack, self._styles.muted]))
            elif kind == "link_open":
                link_start = len(text)
                stack.append(self._styles.link + Style(meta={LINK_META: len(self.links)}))
                self.links.append(Link(str(child.attrGet("href") or ""), block, len(text), 0))
            elif kind == "link_close":
                stack.pop()
                last = self.links[-1]
                self.links[-1] = Link(last.url, last.block, link_start, len(text))
            elif kind.endswith("_open"):
                stack.append(self._inline_style(kind))
            elif kind.endswith("_close"):
                stack.pop()
        return text, runs

    def _inline_style(self, kind: str) -> Style:
        return {
            "strong_open": self._styles.strong,
            "em_open": self._styles.emphasis,
            "s_open": self._styles.strike,
        }.get(kind, Style.null())

    # --- helpers --------------------------------------------------------------------------------

    def _source_span(self, token: Token) -> tuple[int, int]:
        """The body characters the token's source lines cover."""
        if not token.map:
            return 0, len(self._body)
        first, last = token.map
        starts = self._line_starts
        return starts[min(first, len(starts) - 1)], starts[last] if last < len(starts) else len(
            self._body
        )

    def _on_paragraph_open(self, token: Token) -> None:
        # In a tight list markdown-it hides the paragraphs around each item's text.
        self._tight = token.hidden

    def _on_paragraph_close(self, token: Token) -> None:
        self._tight = False

    def _add_block(
        self,
        text: Text,
        runs: list[SourceRun],
        *,
        kind: BlockKind = "text",
        rows: tuple[tuple[Text, ...], ...] = (),
        alignments: tuple[Alignment, ...] = (),
        tight: bool = False,
    ) -> None:
        first = Text().join(c.first if c.fresh else c.rest for c in self._containers)
        rest = Text().join(c.rest for c in self._containers)
        for container in self._containers:
            container.fresh = False
        gap = 0 if not self.blocks or tight else 1
        self.blocks.append(Block(text, first, rest, gap, tuple(runs), kind, rows, alignments))
        self._previous_in_list = bool(self._lists)


def _printable(content: str) -> str:
    """Tabs become spaces (one for one, so offsets still line up): a tab would move the cursor."""
    return content.replace("\t", " ")


def _combine(styles: list[Style]) -> Style | None:
    return Style.combine(styles) if styles else None
