"""The facets panel's timeline: matches per year (or month) as bars, with the periods under them.

Textual's `Sparkline` draws the bars; this module lays the periods out across its width (each
period a bar of whole columns with a column of gap, or several periods to a column when there
are more periods than columns), so the labels on the axis line stand under the bars they name.
`Sparkline` scales its bars from the least value it is given to the most: a zero past the last
column (which its bucketing folds into the last column, leaving its height alone) gives the bars
a zero baseline, so a period with half the matches of the peak stands half as high.

Why `Sparkline` and not `textual-plotext`: see the README ("Facets and the timeline").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from math import ceil

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.events import Resize
from textual.widgets import Label, Sparkline


@dataclass(frozen=True, slots=True)
class Bar:
    """One bar: the periods `first` to `last` (the same for one period), their matches, and
    the columns [start, stop) it takes."""

    first: str
    last: str
    count: int
    start: int
    stop: int


def lay_out(timeline: Sequence[tuple[str, int]], width: int) -> list[Bar]:
    """The bars for `timeline` (period, matches) across `width` columns: one period a bar, as
    wide as the room allows, a blank column between bars two or more columns wide; when there
    are more periods than columns, the fewest periods to a column that fit (their matches
    added up)."""
    if not timeline or width <= 0:
        return []
    per_column = ceil(len(timeline) / width)
    groups = [timeline[at : at + per_column] for at in range(0, len(timeline), per_column)]
    step = width // len(groups)
    bar_width = step - 1 if step >= 2 else step
    return [
        Bar(
            group[0][0],
            group[-1][0],
            sum(number for _, number in group),
            number * step,
            number * step + bar_width,
        )
        for number, group in enumerate(groups)
    ]


def column_values(bars: Sequence[Bar], width: int) -> list[int]:
    """What the sparkline draws in each of `width` columns (0 in the gaps), and the trailing 0
    that gives it a zero baseline."""
    values = [0] * (width + 1)
    for bar in bars:
        values[bar.start : bar.stop] = [bar.count] * (bar.stop - bar.start)
    return values


def axis(bars: Sequence[Bar], width: int) -> str:
    """The periods under their bars: the first and the last always, as many between as fit
    with a space either side."""
    if not bars:
        return ""
    line = [" "] * width
    taken: list[tuple[int, int]] = []

    def place(bar: Bar, *, at_end: bool = False) -> None:
        label = bar.first
        start = min(bar.start, width - len(label)) if at_end else bar.start
        stop = start + len(label)
        if start < 0 or stop > width:
            return
        if any(start <= other_stop and other_start <= stop for other_start, other_stop in taken):
            return
        taken.append((start, stop))
        line[start:stop] = label

    place(bars[0])
    if len(bars) > 1:
        place(bars[-1], at_end=True)
    for bar in bars[1:-1]:
        place(bar)
    return "".join(line).rstrip()


def caption(timeline: Sequence[tuple[str, int]], period: str, undated: int) -> str:
    """The line over the bars: by what, the busiest period, and the matches with no date."""
    if not timeline:
        return "No dated matches" + (f" · {undated:,} undated" if undated else "")
    peak_period, peak = max(timeline, key=lambda item: item[1])
    parts = [f"By {period}", f"most: {peak:,} in {peak_period}"]
    if undated:
        parts.append(f"{undated:,} undated")
    return " · ".join(parts)


class Timeline(Vertical):
    """Matches over time: a caption, the bars, and the periods under them."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._timeline: list[tuple[str, int]] = []
        self._period = "year"
        self._undated = 0
        self._width = 0

    def compose(self) -> ComposeResult:
        yield Label(id="timeline-caption", markup=False)
        yield Sparkline([], id="timeline-bars")
        yield Label(id="timeline-axis", markup=False)

    def show(self, timeline: Sequence[tuple[str, int]], period: str, undated: int) -> None:
        """Draw `timeline` (period, matches), by `period` ("year" or "month")."""
        self._timeline, self._period, self._undated = list(timeline), period, undated
        self._draw()

    def on_resize(self, event: Resize) -> None:
        self._width = event.size.width
        self._draw()

    def _draw(self) -> None:
        width = self._width
        bars = lay_out(self._timeline, width)
        self.query_one("#timeline-caption", Label).update(
            Text(caption(self._timeline, self._period, self._undated), overflow="ellipsis")
        )
        self.set_class(not bars, "-empty")
        self.query_one(Sparkline).data = column_values(bars, width) if bars else []
        self.query_one("#timeline-axis", Label).update(Text(axis(bars, width)))
