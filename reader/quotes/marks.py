"""Paragraph units and quote marks: the first stage of quote extraction.

The body is cut into units (a paragraph, a list item, a heading, a block-quote part); each
unit's quote marks are classified (can open, can close, strong, weak) and paired, following
quotes over paragraph breaks, into raw quotes, before anyone decides whether they are speech.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from reader.quotes.text import _EMPHASIS_CHARS, _SENTENCE_END, _WHITESPACE
from reader.quotes.vocabulary import _OPEN_RUN

_MARKS = "'‘’‛\"“”„«»"


_MARK_RE = re.compile("['‘’‛\"“”„«»]")


def _mark_positions(body: str) -> list[int]:
    """Where every quote mark is, in order: what `_MARK_RE.finditer` finds, six times faster
    (a body has few marks, and `str.find` skips to each far quicker than the regex engine
    tests every character against a class)."""
    positions: list[int] = []
    for mark in _MARKS:
        at = body.find(mark)
        while at >= 0:
            positions.append(at)
            at = body.find(mark, at + 1)
    positions.sort()
    return positions


_SINGLE = frozenset("'‘’‛")


_OPEN_ONLY = frozenset("‘‛“„«")


_CLOSE_ONLY = frozenset("”»")


_GUILLEMETS = frozenset("«»")  # French quotes, often with a space inside: « Oui »


# A closing mark after feet and inches (5’9”, 6'2") measures a height, it quotes nothing.
_FEET_INCHES = re.compile(r"\d['’′]\d{1,2}$")


# What may stand just before an opening mark, and just after a closing one.
_OPEN_AFTER = frozenset(" \t\n\r\u00a0([{—–-/:>")


_CLOSE_BEFORE = frozenset(" \t\n\r\u00a0.,;:!?)]}—–-/…")


_STRONG_END = frozenset(".,!?;:…—–-")


_BLANK_OR_EMPHASIS = frozenset(_WHITESPACE + _EMPHASIS_CHARS)


_MARKER_STARTS = frozenset(" \t>#-*+0123456789")


_LINE_MARKER = re.compile(
    r"[ \t]{0,3}((?:>[ \t]?){0,10})[ \t]{0,8}(#{1,6}[ \t]+|[-*+][ \t]+|\d{1,9}[.)][ \t]+)?"
)


# A line starting with none of these (nor with whitespace) is plain text: no fence, rule or
# block marker can open it, so `_units` settles it without looking for them.
_PLAIN_LINE_NOT = _MARKER_STARTS | frozenset("`~_")


@dataclass(slots=True)
class _Unit:
    paragraph: int
    kind: str  # "text", "list", "quote" or "heading"
    lines: list[tuple[int, int]]  # content (start, end) per line
    start: int  # the first line's start and the last line's end: read far more than written
    end: int

    def add(self, start: int, end: int) -> None:
        self.lines.append((start, end))
        self.end = end


def _units(body: str) -> list[_Unit]:
    units: list[_Unit] = []
    paragraph = -1
    blank_before = True
    fence: str | None = None
    current: _Unit | None = None
    position = 0
    for line in body.split("\n"):
        start, position = position, position + len(line) + 1
        if not line:  # a blank line, settled as the general path below settles it
            blank_before, current = True, None
            continue
        first = line[0]
        if fence is None and first not in _PLAIN_LINE_NOT and not first.isspace():
            # Most lines: plain text, read as the general path below would read them.
            if blank_before:
                paragraph, blank_before, current = paragraph + 1, False, None
            end = position - 1 if not line[-1].isspace() else start + len(line.rstrip())
            if current is None or (current.kind != "text" and current.kind != "list"):
                current = _Unit(paragraph, "text", [(start, end)], start, end)
                units.append(current)
            else:
                current.add(start, end)
            continue
        stripped = line.strip()
        if not stripped:
            blank_before, current = True, None
            continue
        if blank_before:
            paragraph, blank_before, current = paragraph + 1, False, None
        if fence is not None:  # inside fenced code: no quotes there
            if stripped.startswith(fence):
                fence = None
            continue
        if stripped.startswith(("```", "~~~")):
            fence, current = stripped[:3], None
            continue
        if stripped[0] in "-*_" and _is_rule(stripped):
            current = None
            continue
        marker = _LINE_MARKER.match(line) if first in _MARKER_STARTS else None
        content_start = start + (marker.end() if marker else 0)
        content_end = start + len(line.rstrip())
        if content_start >= content_end:  # a bare ">" or "-": a break inside the block
            current = None
            continue
        kind = _line_kind(marker)
        # An indented line under a list item belongs to the item; anything else of a new kind,
        # and every heading or list item, starts a unit of its own.
        item_goes_on = kind == "text" and current is not None and current.kind == "list"
        if item_goes_on or not (
            kind in ("heading", "list") or current is None or current.kind != kind
        ):
            assert current is not None  # there to go on
            current.add(content_start, content_end)
        else:
            current = _Unit(
                paragraph, kind, [(content_start, content_end)], content_start, content_end
            )
            units.append(current)
    return units


def _is_rule(stripped: str) -> bool:
    compact = stripped.replace(" ", "")
    return len(compact) >= 3 and compact[0] in "-*_" and compact == compact[0] * len(compact)


def _line_kind(marker: re.Match[str] | None) -> str:
    if marker is None:
        return "text"
    block = marker.group(2)
    if block:
        return "heading" if block.startswith("#") else "list"
    return "quote" if marker.group(1) else "text"


class _Mark(NamedTuple):
    position: int
    double: bool
    line: int  # index into the unit's lines
    can_open: bool
    can_close: bool
    strong: bool  # closes after punctuation: 'It's over.' — surely a closing mark
    weak: bool  # closes right after a letter and before a space: dogs' owners, rockin' all —


def _unit_marks(body: str, units: Sequence[_Unit], positions: Sequence[int]) -> list[list[_Mark]]:
    """Each unit's quote marks, classified; `positions` are every mark in the body, in order
    (found in one pass, since most units have none: those cost one comparison each)."""
    found: list[list[_Mark]] = []
    index, count = 0, len(positions)
    for unit in units:  # in body order, none overlapping
        while index < count and positions[index] < unit.start:
            index += 1  # a mark outside every unit (in fenced code, on a rule)
        if index == count or positions[index] >= unit.end:
            found.append([])
            continue
        high = bisect_left(positions, unit.end, index)
        found.append(_marks(body, unit, positions[index:high]))
        index = high
    return found


def _marks(body: str, unit: _Unit, positions: Sequence[int]) -> list[_Mark]:
    """The unit's marks, classified, from the positions of those inside it."""
    lines = unit.lines
    marks: list[_Mark] = []
    line = 0
    for at in positions:
        while lines[line][1] <= at:  # the unit's last line ends after `at`, so this stops
            line += 1
        start, end = lines[line]
        if at >= start:  # not in the markers between two lines
            mark = _classify(body, at, start, end, line)
            if mark is not None:
                marks.append(mark)
    return marks


def _classify(body: str, at: int, start: int, end: int, line: int) -> _Mark | None:
    char = body[at]
    if char in _GUILLEMETS:
        opening = char == "«"
        return _Mark(at, True, line, opening, not opening, not opening, False)
    if body[at - 1 : at].isdigit() and _FEET_INCHES.search(body, max(start, at - 4), at):
        return None
    before = _neighbour(body, at, start, end, -1)
    after = _neighbour(body, at, start, end, 1)
    # A mark straight after a colon opens, space or not (`said:” We…`, `said: " We…`); a
    # closing-shaped ” opens where a straight one would (British typesetting reopens with it).
    can_open = before == ":" or (after not in _WHITESPACE and after not in ".,;:!?)]}")
    if char not in _OPEN_ONLY:
        can_open = can_open and (before in _OPEN_AFTER or before in _MARKS)
    can_close = char not in _OPEN_ONLY and before not in _WHITESPACE
    if char not in _CLOSE_ONLY:
        can_close = can_close and (after in _CLOSE_BEFORE or after in _MARKS)
    if not (can_open or can_close):
        return None
    strong = can_close and before in _STRONG_END
    weak = can_close and before.isalnum() and after in _WHITESPACE
    return _Mark(at, char not in _SINGLE, line, can_open, can_close, strong, weak)


def _neighbour(body: str, at: int, start: int, end: int, step: int) -> str:
    """The character beside a mark, looking past emphasis; a space at the line's edge."""
    index = at + step
    if not start <= index < end:
        return " "
    if body[index] not in _EMPHASIS_CHARS:  # most marks: settled without the walk below
        return body[index]
    while start <= index < end and body[index] in _EMPHASIS_CHARS and abs(index - at) <= 3:
        index += step
    return body[index] if start <= index < end else " "


@dataclass(slots=True)
class _Raw:
    """A pair (or chain) of quote marks before anyone decides whether it is speech."""

    double: bool
    unit: int
    open_at: int  # position of the opening mark
    speech_like: bool  # opens a sentence or follows ':' / ',' — where speech starts
    parts: list[tuple[int, int, int]] = field(default_factory=list)  # (unit, start, end)
    close_at: int | None = None  # position of the closing mark; None when it ran to the end
    reopens: bool = True  # carried on: the next paragraph reopens it (else it just goes on)
    unmarked: str = ""  # speech printed without marks after a lead-in: the cue that found it

    @property
    def last_unit(self) -> int:
        return self.parts[-1][0] if self.parts else self.unit


class _Lookahead:
    """For each mark, the index of the next mark (of each kind) that can close / close strongly /
    open — so pairing is linear however many marks a paragraph has."""

    def __init__(self, marks: Sequence[_Mark]) -> None:
        count = len(marks)
        single_close, double_close = [count] * (count + 1), [count] * (count + 1)
        single_strong, double_strong = [count] * (count + 1), [count] * (count + 1)
        single_open, double_open = [count] * (count + 1), [count] * (count + 1)
        self.close = [single_close, double_close]
        self.strong = [single_strong, double_strong]
        self.open = [single_open, double_open]
        close, strong, opener = [count, count], [count, count], [count, count]  # next, by kind
        for index in range(count - 1, -1, -1):
            mark = marks[index]
            kind = mark.double  # False and True index as 0 and 1
            if mark.can_close:
                close[kind] = index
                if mark.strong:
                    strong[kind] = index
            if mark.can_open:
                opener[kind] = index
            single_close[index], double_close[index] = close
            single_strong[index], double_strong[index] = strong
            single_open[index], double_open[index] = opener


class _Pairer:
    """Pairs quote marks across the body's units, following quotes over paragraph breaks."""

    def __init__(self, body: str, units: Sequence[_Unit], positions: Sequence[int]) -> None:
        """`positions` are every quote mark in the body (`_mark_positions`)."""
        self.body = body
        self.units = units
        self.marks = _unit_marks(body, units, positions)

    def run(self) -> list[_Raw]:
        raws: list[_Raw] = []
        carried: _Raw | None = None
        for unit_index, marks in enumerate(self.marks):
            if marks or carried is not None:  # else nothing to pair and nothing carried on
                carried = self._pair_unit(unit_index, carried, raws)
        if carried is not None:  # ran off the end of the body: keep what it has
            raws.append(carried)
        return raws

    def _pair_unit(self, unit_index: int, carried: _Raw | None, raws: list[_Raw]) -> _Raw | None:
        marks = self.marks[unit_index]
        unit = self.units[unit_index]
        if carried is not None and not carried.reopens and not marks:
            carried.parts.append((unit_index, unit.start, unit.end))  # speech, no mark at all
            return carried
        if not marks:
            if carried is not None:
                raws.append(carried)
            return None
        ahead = _Lookahead(marks)
        current, index, open_index, part_start = carried, 0, -1, 0
        if current is not None and current.reopens:  # the reopening mark of a British quote
            part_start, index = marks[0].position + 1, 1
        elif current is not None:  # a quote opened paragraphs ago, not reopened here
            part_start = unit.start
        while True:
            if current is None:
                while index < len(marks) and not marks[index].can_open:
                    index += 1
                if index >= len(marks):
                    return None
                mark = marks[index]
                open_index, part_start = index, mark.position + 1
                speech_like = self._speech_like(self.units[unit_index], mark)
                current = _Raw(mark.double, unit_index, mark.position, speech_like)
                index += 1
            closer = self._closer(unit_index, marks, ahead, index, current)
            if closer is not None:
                current.parts.append((unit_index, part_start, marks[closer].position))
                current.close_at = marks[closer].position
                raws.append(current)
                current, index = None, closer + 1
                continue
            end = self.units[unit_index].end
            if current.speech_like and self._continues(unit_index, current.double):
                current.parts.append((unit_index, part_start, end))
                current.reopens = True
                return current
            if current.speech_like and self._closes_later(unit_index, current.double):
                current.parts.append((unit_index, part_start, end))
                current.reopens = False
                return current
            if current.speech_like or carried is current:
                current.parts.append((unit_index, part_start, end))
                raws.append(current)
                return None
            current, index = None, open_index + 1  # an apostrophe, not a quote: look again

    def _closer(
        self, unit_index: int, marks: Sequence[_Mark], ahead: _Lookahead, index: int, raw: _Raw
    ) -> int | None:
        kind = int(raw.double)
        candidate = ahead.close[kind][index]
        while candidate < len(marks):
            mark = marks[candidate]
            if not (raw.speech_like and mark.weak):
                return candidate
            strong = ahead.strong[kind][candidate + 1]
            opener = ahead.open[kind][candidate + 1]
            if strong < len(marks) and opener >= strong:
                candidate = ahead.close[kind][candidate + 1]  # an apostrophe: dogs' owners
                continue
            runs_on = strong >= len(marks) and opener >= len(marks)
            if runs_on and self._continues(unit_index, raw.double):
                return None  # an apostrophe in a quote that runs on to the next paragraph
            return candidate
        return None

    def _speech_like(self, unit: _Unit, mark: _Mark) -> bool:
        """True when the mark opens its unit or a sentence, or follows ':' ',' or a dash —
        where speech starts (and a scare quote usually does not)."""
        line = mark.line
        start, end = unit.lines[line]
        index = mark.position - 1
        while True:
            while index >= start and self.body[index] in _BLANK_OR_EMPHASIS:
                index -= 1
            if index >= start:
                char = self.body[index]
                return char in ":,.!?…—–-(" or char in _MARKS
            if line == 0:
                return True
            line -= 1
            start, end = unit.lines[line]
            index = end - 1

    def _closes_later(self, unit_index: int, double: bool) -> bool:
        """Is a quote left open here closed a few paragraphs on, with no new quote opening
        first? Then the paragraphs between are speech too (a statement opened once)."""
        if _last_char(self.body, self.units[unit_index]) not in _SENTENCE_END:
            return False
        for index in range(unit_index + 1, min(len(self.units), unit_index + _OPEN_RUN)):
            unit = self.units[index]
            if unit.kind in ("heading", "list") or unit.kind != self.units[unit_index].kind:
                return False
            same = [mark for mark in self.marks[index] if mark.double == double]
            if not same:
                continue
            first = same[0]
            opening = first.can_open and (first.position == unit.start or not first.strong)
            return first.can_close and first.strong and not opening
        return False

    def _continues(self, unit_index: int, double: bool) -> bool:
        """Does a quote left open at the end of this unit go on in the next one (the British
        convention: no closing mark, the next paragraph opens with a fresh mark)?"""
        if unit_index + 1 >= len(self.units):
            return False
        unit, following = self.units[unit_index], self.units[unit_index + 1]
        if "heading" in (unit.kind, following.kind) or "list" in (unit.kind, following.kind):
            return False
        if _last_char(self.body, unit) not in _SENTENCE_END:
            return False
        marks = self.marks[unit_index + 1]
        if not marks:
            return False
        first = marks[0]
        return first.position == following.start and first.can_open and first.double == double


def _last_char(body: str, unit: _Unit) -> str:
    index = unit.end - 1
    while index > unit.start and body[index] in _EMPHASIS_CHARS:
        index -= 1
    return body[index] if index >= 0 else ""


def _raw_end(raw: _Raw) -> int:
    if raw.close_at is not None:
        return raw.close_at
    return raw.parts[-1][2] if raw.parts else raw.open_at
