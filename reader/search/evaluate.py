"""What a parsed query matches in one article, and what of an article's text to highlight for
it. No Textual.

`matches` is the reference: the SQLite index's plan (`reader.search.sql`) is tested against it,
and it is the search itself when SQLite has no FTS5. Phrases are compared by their stems
(`reader.search.stem`, the index's own stemmer), so what the index matches is what the reader
sees highlighted (`match_ranges`, `snippet`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence, Set
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from reader.articles.sanitize import clean_line
from reader.search.stem import stems
from reader.search.terms import (
    COLUMNS,
    SPEAKER_SEPARATOR,
    And,
    Column,
    DateBound,
    Flag,
    HasFilter,
    Node,
    Not,
    NoteFilter,
    Or,
    Phrase,
    Query,
    QueryError,
    QuoteFilter,
    StateFilter,
    TagFilter,
    walk,
)
from reader.search.text import folded_words, occurrences, word_spans


class MarksSource(Protocol):
    """Where `is:`, `tag:`, `has:` and `note:` read the reading state from
    (reader.store.state.ReadingState fits). Only what a query uses is asked for."""

    def read_identities(self) -> set[str]: ...

    def starred_identities(self) -> set[str]: ...

    def tag_map(self) -> dict[str, tuple[str, ...]]: ...

    def notes(self) -> dict[str, str]: ...


_NO_STATE = "is:, tag:, has: and note: need the reading state, which is not open here"


@dataclass(frozen=True, slots=True)
class Marks:
    """The reading state at the moment a query runs, keyed by `ArticleSummary.identity`."""

    read: Set[str]
    starred: Set[str]
    tags: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    notes: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, source: MarksSource | None, query: Query) -> Marks | None:
        """The marks a query needs, or None when it has no `is:`, `tag:`, `has:` or `note:`.

        Without a source such a filter is an error rather than "everything unread": a filter
        that silently matches nothing (is:starred) would look like an answer.
        """
        if not query.uses_state:
            return None
        if source is None:
            raise QueryError(_NO_STATE)
        used = {type(node) for node in walk(query.root)}
        flags = StateFilter in used
        tags = TagFilter in used or HasFilter in used
        notes = NoteFilter in used or HasFilter in used
        return cls(
            frozenset(source.read_identities()) if flags else frozenset(),
            frozenset(source.starred_identities()) if flags else frozenset(),
            source.tag_map() if tags else {},
            source.notes() if notes else {},
        )

    def has(self, flag: Flag, identity: str) -> bool:
        if flag == "starred":
            return identity in self.starred
        return (identity in self.read) == (flag == "read")

    def admits(self, node: TagFilter | HasFilter | NoteFilter, identity: str) -> bool:
        """Whether the article keyed `identity` passes a tag or note filter."""
        if isinstance(node, TagFilter):
            return node.admits(self.tags.get(identity, ()))
        if isinstance(node, NoteFilter):
            return node.admits(self.notes.get(identity))
        return identity in (self.notes if node.what == "note" else self.tags)


@dataclass(frozen=True, slots=True)
class Fields:
    """What a query looks at in one article."""

    title: str
    site: str | None
    area: str | None
    speakers: tuple[str, ...]
    body: str
    published: datetime | None
    identity: str
    doubtful: bool = False  # a quote to check (`has:doubtful`)

    def column_text(self, column: Column) -> str:
        if column == "speaker":
            return SPEAKER_SEPARATOR.join(self.speakers)
        return getattr(self, column) or ""


def matches(query: Query, fields: Fields, marks: Marks | None = None) -> bool:
    """Whether one article matches: the reference the SQLite index is tested against, and the
    search itself when SQLite has no FTS5."""
    columns: dict[Column, tuple[str, ...]] = {}

    def column_words(column: Column) -> tuple[str, ...]:
        if column not in columns:
            columns[column] = tuple(stems(folded_words(fields.column_text(column))))
        return columns[column]

    return _evaluate(query.root, fields, column_words, marks)


def _evaluate(
    node: Node,
    fields: Fields,
    column_words: Callable[[Column], tuple[str, ...]],
    marks: Marks | None,
) -> bool:
    match node:
        case Phrase(field=field):
            wanted = (field,) if field else COLUMNS
            return any(_find(node, column_words(column)) for column in wanted)
        case DateBound():
            return node.admits(fields.published)
        case StateFilter(flag=flag):
            if marks is None:
                raise QueryError(_NO_STATE)
            return marks.has(flag, fields.identity)
        case TagFilter() | HasFilter() | NoteFilter():
            if marks is None:
                raise QueryError(_NO_STATE)
            return marks.admits(node, fields.identity)
        case QuoteFilter():
            return fields.doubtful
        case Not(child=child):
            return not _evaluate(child, fields, column_words, marks)
        case And(children=children):
            return all(_evaluate(child, fields, column_words, marks) for child in children)
        case Or(children=children):
            return any(_evaluate(child, fields, column_words, marks) for child in children)
    raise AssertionError(f"unknown query node {node!r}")


def _find(phrase: Phrase, text_words: tuple[str, ...]) -> bool:
    return next(_occurrences(phrase, text_words), None) is not None


def _occurrences(phrase: Phrase, text_words: Sequence[str]) -> Iterator[int]:
    """Where `phrase` starts in a text's stemmed words (see `reader.search.stem`: the index's
    stems, so "phones" finds "phone"; a prefix* is stemmed too, as the index does)."""
    return occurrences(stems(phrase.words), phrase.prefix, text_words)


def match_ranges(query: Query, text: str, column: Column = "body") -> list[tuple[int, int]]:
    """The (start, end) character ranges of `text` to highlight for `query`, sorted, merged.

    Highlights what the query looks for, not what it excludes: phrases outside any `-`, for
    `column` (field-less phrases count everywhere; `speaker:` names also in the body, where the
    person is quoted).
    """
    phrases = _highlighted_phrases(query.root, column)
    if not phrases:
        return []
    folded, spans = word_spans(text)
    stemmed = stems(folded)
    ranges = []
    for phrase in phrases:
        for start in _occurrences(phrase, stemmed):
            ranges.append((spans[start][0], spans[start + len(phrase.words) - 1][1]))
    return _merge(sorted(ranges))


def _highlighted_phrases(node: Node, column: Column) -> list[Phrase]:
    match node:
        case Phrase(field=field):
            shown = field is None or field == column or (field == "speaker" and column == "body")
            return [node] if shown else []
        case And(children=children) | Or(children=children):
            return [phrase for child in children for phrase in _highlighted_phrases(child, column)]
    return []


def _merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in ranges:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


@dataclass(frozen=True, slots=True)
class Snippet:
    """A one-line extract of an article around its first match; `highlights` index `text`."""

    text: str
    highlights: tuple[tuple[int, int], ...]


SNIPPET_WIDTH = 160
_ELLIPSIS = "…"


def snippet(query: Query, body: str, width: int = SNIPPET_WIDTH) -> Snippet:
    """About `width` characters of `body` around its first match (its start when none), on one
    line, cut at spaces, with the query's matches in it."""
    found = match_ranges(query, body)
    anchor = found[0][0] if found else 0
    start = 0 if anchor < width // 3 else _space_before(body, anchor - width // 3)
    end = _space_before(body, start + width) if start + width < len(body) else len(body)
    if end <= start:  # one long word
        end = min(len(body), start + width)
    text = clean_line(_plain(body[start:end]))
    text = (_ELLIPSIS if start else "") + text + (_ELLIPSIS if end < len(body) else "")
    return Snippet(text, tuple(match_ranges(query, text)))


# Markdown that reads as noise in one line of text: heading, quote and list markers, emphasis,
# code ticks, and a link's target (its text stays).
_MARKDOWN_NOISE = re.compile(
    r"^[ \t]{0,3}(?:#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+|\d{1,9}[.)][ \t]+)|\*\*|__|`",
    re.MULTILINE,
)
_LINK = re.compile(r"\[([^\]\n]*)\]\([^)\n]*\)")


def _plain(markdown: str) -> str:
    return _MARKDOWN_NOISE.sub("", _LINK.sub(r"\1", markdown))


def _space_before(text: str, position: int) -> int:
    """The nearest white space at or before `position`, so the cut falls between words."""
    cut = max(text.rfind(" ", 0, position + 1), text.rfind("\n", 0, position + 1))
    return cut if cut > 0 else position
