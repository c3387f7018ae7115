"""An article's blocks laid out at a measure, made where it costs nothing to wait: in a worker.

`Typesetter` holds what laying out needs (the theme's styles, the measure, a console for
tables), taken on the event loop, so that a worker can set a long article (seconds, on a busy
machine, for the 2,000 blocks of a 4 MB one) while the event loop goes on drawing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from rich.console import Console
from rich.style import Style
from rich.text import Text

from reader.ui.render.markdown_text import Block, MarkdownStyles
from reader.ui.render.text_layout import Layout


@dataclass(frozen=True, slots=True)
class Typeset:
    """Blocks (a header's, then a body's) laid out at one measure (`layout.width`)."""

    blocks: tuple[Block, ...]
    header_blocks: int
    layout: Layout


@dataclass(frozen=True, slots=True)
class Typesetter:
    """The styles a body is rendered in (`styles`) and plain header lines are drawn in (by
    role: `header_styles`), the measure, and the console tables are drawn with."""

    styles: MarkdownStyles
    header_styles: Mapping[str, Style]
    measure: int
    console: Console

    def plain_block(self, text: str, role: str, *, gap: int) -> Block:
        """A header line: `text` (made safe by the caller) in `role`'s style."""
        return Block(Text(text, self.header_styles[role]), Text(), Text(), gap)

    def typeset(self, header: Sequence[Block], body: Sequence[Block]) -> Typeset:
        """`header` then `body`, the body one blank line under the header."""
        body = [replace(body[0], gap=1), *body[1:]] if body else []
        blocks = (*header, *body)
        return Typeset(blocks, len(header), Layout(blocks, self.measure, self.console))
