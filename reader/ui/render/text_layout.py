"""Rendered blocks laid out at a width: wrapped lines that know which block text they show.

The article view draws only the lines on screen from this layout, and uses it to turn a block
position (a quote, a link, a search match) into a line to scroll to. No Textual imports.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from rich import box
from rich.cells import cell_len, chop_cells
from rich.console import Console
from rich.style import Style
from rich.table import Table
from rich.text import Text

from reader.ui.render.markdown_text import Alignment, Block

RULE_CHARACTER = "─"
# Cells between two table columns: a space of padding either side of the separator.
TABLE_GUTTER = 3
# A word and the spaces after it, or a run of spaces that starts a line (code indentation).
_WORD = re.compile(r"[^ \n]+ *| +")


@dataclass(frozen=True, slots=True)
class Line:
    """One screen line: `text` is the prefix then the content; the content starts at character
    `start` of block `block`'s text (block -1: a blank line between blocks)."""

    text: Text
    block: int
    start: int
    prefix_length: int


class Layout:
    """`blocks` wrapped to `width` cells."""

    def __init__(self, blocks: Sequence[Block], width: int, console: Console) -> None:
        self.width = max(width, 1)
        self.lines: list[Line] = []
        # Per block: its first line's index and the block-text offset each of its lines starts at.
        self._block_lines: list[tuple[int, list[int]]] = []
        for index, block in enumerate(blocks):
            self.lines.extend(Line(Text(), -1, 0, 0) for _ in range(block.gap))
            first_line = len(self.lines)
            self.lines.extend(self._lay_out(index, block, console))
            starts = [line.start for line in self.lines[first_line:]]
            self._block_lines.append((first_line, starts))

    def line_of(self, block: int, offset: int) -> int:
        """The index of the line showing character `offset` of block `block`."""
        first_line, starts = self._block_lines[block]
        return first_line + max(bisect_right(starts, offset) - 1, 0)

    def _lay_out(self, index: int, block: Block, console: Console) -> list[Line]:
        limit = self.width // 2  # deep nesting may not eat more than half the line
        first_prefix, rest_prefix = block.first_prefix[:limit], block.rest_prefix[:limit]
        available = max(self.width - rest_prefix.cell_len, 1)
        if block.kind == "rule":
            rule = Text(RULE_CHARACTER * available, block.text.style)
            return [Line(Text.assemble(first_prefix, rule), index, 0, len(first_prefix))]
        if block.kind == "table":
            return [
                Line(Text.assemble(rest_prefix, row), index, 0, len(rest_prefix))
                for row in _table_lines(block, available, console)
            ]
        offsets = wrap_offsets(block.text.plain, available)
        pieces = block.text.divide(offsets[1:])
        lines = []
        for number, (piece, start) in enumerate(zip(pieces, offsets, strict=True)):
            piece.rstrip()
            prefix = first_prefix if number == 0 else rest_prefix
            lines.append(Line(Text.assemble(prefix, piece), index, start, len(prefix)))
        return lines


def wrap_offsets(plain: str, width: int) -> list[int]:
    """Where each line starts when `plain` is wrapped to `width` cells.

    Lines break at spaces; a word wider than the line is folded; a newline always breaks.
    """
    width = max(width, 1)
    offsets = [0]
    base = 0
    for number, paragraph in enumerate(plain.split("\n")):
        if number:
            offsets.append(base)
        used = 0
        for match in _WORD.finditer(paragraph):
            word = match.group()
            start = base + match.start()
            visible = cell_len(word.rstrip(" "))
            if used and used + visible > width:
                offsets.append(start)
                used = 0
            if visible > width:
                used = _fold(word, start, width, offsets)
            else:
                used += cell_len(word)
        base += len(paragraph) + 1
    return offsets


def _fold(word: str, start: int, width: int, offsets: list[int]) -> int:
    """Break a word wider than the line into line-wide pieces; returns the last piece's width."""
    pieces = chop_cells(word, width)
    position = start
    for piece in pieces[:-1]:
        position += len(piece)
        offsets.append(position)
    return cell_len(pieces[-1])


def _table_lines(block: Block, width: int, console: Console) -> list[Text]:
    """A markdown table drawn by Rich at `width`, its first row the header and each column
    aligned as its `---:` / `:---:` says; a table too wide to fit without cutting a word is
    drawn as one "Header: value" record per row instead (`_record_lines`)."""
    header, *rows = block.rows
    rows = [row[: len(header)] for row in rows]
    widths = _column_widths([header, *rows], len(header), width - TABLE_GUTTER * (len(header) - 1))
    if widths is None:
        return _record_lines(header, rows, width)
    padding: list[Alignment] = ["left"] * (len(header) - len(block.alignments))
    alignments = [*block.alignments, *padding]
    table = Table(
        box=box.SIMPLE_HEAD,
        border_style=block.text.style,
        show_edge=False,
        pad_edge=False,
        expand=False,
    )
    for cell, alignment, column_width in zip(header, alignments, widths, strict=False):
        table.add_column(cell, justify=alignment, width=column_width, overflow="fold")
    for row in rows:
        table.add_row(*row)
    options = console.options.update_width(width)
    return [
        Text.assemble(*((segment.text, segment.style or Style.null()) for segment in line))
        for line in console.render_lines(table, options, pad=False)
    ]


def _column_widths(rows: Sequence[Sequence[Text]], columns: int, room: int) -> list[int] | None:
    """Each column's width when the cells share `room` cells: every column at least as wide as
    its longest word (Rich's own squeeze cuts words), the rest shared by how much wider each
    column would like to be; None when even the longest words do not fit."""
    narrowest = [1] * columns
    widest = [1] * columns
    for row in rows:
        for column, cell in enumerate(row):
            words = cell.plain.split()
            narrowest[column] = max(narrowest[column], *map(cell_len, words or [""]))
            lines = cell.plain.split("\n")
            widest[column] = max(widest[column], *map(cell_len, lines))
    spare = room - sum(narrowest)
    if spare < 0:
        return None
    wants = [wide - narrow for narrow, wide in zip(narrowest, widest, strict=True)]
    if sum(wants) <= spare:
        return widest
    shares = [spare * want // sum(wants) for want in wants]
    left = spare - sum(shares)
    for column in sorted(range(columns), key=lambda c: wants[c] - shares[c], reverse=True)[:left]:
        shares[column] += 1
    return [narrow + share for narrow, share in zip(narrowest, shares, strict=True)]


def _record_lines(header: Sequence[Text], rows: Sequence[Sequence[Text]], width: int) -> list[Text]:
    """Each row as lines of "Header: value", wrapped at spaces, a blank line between rows."""
    lines: list[Text] = []
    for number, row in enumerate(rows):
        if number:
            lines.append(Text())
        for label, value in zip(header, row, strict=False):
            record = Text.assemble(label, ": ", value)
            offsets = wrap_offsets(record.plain, width)
            for piece in record.divide(offsets[1:]):
                piece.rstrip()
                lines.append(piece)
    return lines
