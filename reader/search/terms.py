"""What each kind of search term is and means: the one table the syntax, the evaluation and the
SQL plan share. No Textual.

* `TEXT_COLUMNS`: the texts of an article a word is looked for in, each with the query's name for
  it (`title:`; the body has none), its column in the index's full-text table and its bm25 weight.
  The parser takes its field names from here, the reference matcher its texts, the index its
  full-text schema and ranking.
* `KEYWORDS`: every `name:value` term and how its value becomes a node; the lexer looks names
  up here.
* Each node's `source` says what answers it (the article's words, its date, the reading state or
  its quotes): `reads_state`, `reads_quotes`, the marks a query needs and the SQL plan's joins
  go by it.
* The nodes of a parsed query (`Phrase`, `DateBound`, … `And`, `Or`): `reader.search.evaluate`
  says what each matches in one article, `reader.search.sql` says the same in SQL, and the tests
  hold the two to each other.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import ClassVar, Literal

from reader.search.stem import stems
from reader.search.text import fold, folded_words, occurrences
from reader.search.when import OTHER_FORMS, DateWordError, day_of

Column = Literal["title", "site", "area", "speaker", "body"]
FieldName = Literal["title", "site", "area", "speaker"]
Flag = Literal["unread", "read", "starred"]
QuoteFlag = Literal["doubtful"]
DateKind = Literal["before", "after"]
Annotation = Literal["note", "tag"]
# What answers a term: the article's words, its publication date, the reading state (marks,
# tags, notes: not in the article), or what the quote extractor found in it.
Source = Literal["text", "date", "state", "quotes", "logic"]

FLAGS: tuple[Flag, ...] = ("unread", "read", "starred")
ANNOTATIONS: tuple[Annotation, ...] = ("note", "tag")
QUOTE_FLAGS: tuple[QuoteFlag, ...] = ("doubtful",)
# Speaker names are one text, one name a line (so a phrase may run from one name into the next).
SPEAKER_SEPARATOR = "\n"


@dataclass(frozen=True, slots=True)
class TextColumn:
    """One text of an article that words are looked for in."""

    name: Column  # as a query names it (`speaker:`); "body" has no field of its own
    sql: str  # its column in the index's full-text table
    weight: float  # bm25 weight: a match in the title counts most


# In the index's full-text column order.
TEXT_COLUMNS: tuple[TextColumn, ...] = (
    TextColumn("title", "title", 10.0),
    TextColumn("site", "site", 2.0),
    TextColumn("area", "area", 2.0),
    TextColumn("speaker", "speakers", 4.0),
    TextColumn("body", "body", 1.0),
)
COLUMNS: tuple[Column, ...] = tuple(column.name for column in TEXT_COLUMNS)
SQL_COLUMN: dict[Column, str] = {column.name: column.sql for column in TEXT_COLUMNS}


# --- the syntax tree ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Phrase:
    """Words next to each other in one field (any field when `field` is None).

    One word is a phrase of one. With `prefix`, the last word only has to start the text's word.
    """

    source: ClassVar[Source] = "text"
    words: tuple[str, ...]
    prefix: bool = False
    field: FieldName | None = None


@dataclass(frozen=True, slots=True)
class DateBound:
    """`before:` (published before the day) or `after:` (published on the day or later)."""

    source: ClassVar[Source] = "date"
    kind: DateKind
    day: date

    @property
    def moment(self) -> datetime:
        return datetime(self.day.year, self.day.month, self.day.day)

    def admits(self, published: datetime | None) -> bool:
        if published is None:
            return False
        return published < self.moment if self.kind == "before" else published >= self.moment


@dataclass(frozen=True, slots=True)
class StateFilter:
    """`is:read`, `is:unread`, `is:starred`."""

    source: ClassVar[Source] = "state"
    flag: Flag


@dataclass(frozen=True, slots=True)
class TagFilter:
    """`tag:NAME`: the article carries the tag (`tag` folded); with `prefix`, a tag starting so."""

    source: ClassVar[Source] = "state"
    tag: str
    prefix: bool = False

    def admits(self, tags: Sequence[str]) -> bool:
        if self.prefix:
            return any(fold(tag).startswith(self.tag) for tag in tags)
        return any(fold(tag) == self.tag for tag in tags)


@dataclass(frozen=True, slots=True)
class HasFilter:
    """`has:note` or `has:tag`: the article has a note, or at least one tag."""

    source: ClassVar[Source] = "state"
    what: Annotation


@dataclass(frozen=True, slots=True)
class NoteFilter:
    """`note:…`: the words (a phrase; the last a prefix with `prefix`) in the article's note."""

    source: ClassVar[Source] = "state"
    words: tuple[str, ...]
    prefix: bool = False

    def admits(self, note: str | None) -> bool:
        """Whether the words are in `note`, compared by their stems as the rest of a search."""
        if not note:
            return False
        found = occurrences(stems(self.words), self.prefix, stems(folded_words(note)))
        return next(found, None) is not None


@dataclass(frozen=True, slots=True)
class QuoteFilter:
    """`has:doubtful`: what the quote extractor found in the article."""

    source: ClassVar[Source] = "quotes"
    flag: QuoteFlag


@dataclass(frozen=True, slots=True)
class Not:
    source: ClassVar[Source] = "logic"
    child: Node


@dataclass(frozen=True, slots=True)
class And:
    source: ClassVar[Source] = "logic"
    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    source: ClassVar[Source] = "logic"
    children: tuple[Node, ...]


Node = (
    Phrase
    | DateBound
    | StateFilter
    | TagFilter
    | HasFilter
    | NoteFilter
    | QuoteFilter
    | Not
    | And
    | Or
)


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query: the text as typed and its tree."""

    text: str
    root: Node

    @property
    def uses_state(self) -> bool:
        return reads_state(self.root)


def reads_state(node: Node) -> bool:
    """Whether `node` (or anything under it) needs the reading state."""
    return any(found.source == "state" for found in walk(node))


def reads_quotes(node: Node) -> bool:
    """Whether `node` (or anything under it) asks what the quote extractor found."""
    return any(found.source == "quotes" for found in walk(node))


def walk(node: Node) -> Iterator[Node]:
    """`node` and everything under it."""
    yield node
    if isinstance(node, Not):
        yield from walk(node.child)
    elif isinstance(node, And | Or):
        for child in node.children:
            yield from walk(child)


class QueryError(ValueError):
    """A query that cannot be understood; `str()` is a short message for the user."""

    def __init__(self, message: str, position: int | None = None) -> None:
        where = f" (at character {position + 1})" if position is not None else ""
        super().__init__(f"{message}{where}")
        self.message = message
        self.position = position


# --- `name:value` terms -------------------------------------------------------------------------


# How a `name:value` term's value (unquoted, without a final `*`, which `prefix` reports) becomes
# a node, given today's date; raises `QueryError` without a position (the lexer adds it).
MakeTerm = Callable[[str, bool, date], "Node"]


def phrase_of(text: str, prefix: bool, field: FieldName | None) -> Phrase | None:
    """The words of `text` as a phrase, or None when it has none (only punctuation)."""
    found = folded_words(text)
    return Phrase(found, prefix, field) if found else None


def _text_term(field: FieldName) -> MakeTerm:
    def make(value: str, prefix: bool, _today: date) -> Node:
        if value.startswith("("):
            raise QueryError(f"'{field}:' takes a word or a \"quoted phrase\", not a group")
        node = phrase_of(value, prefix, field)
        if node is None:
            raise QueryError(f"'{field}:' needs a word to search for")
        return node

    return make


def _date_term(kind: DateKind) -> MakeTerm:
    def make(value: str, prefix: bool, today: date) -> Node:
        try:
            if prefix:
                raise DateWordError(f"'{value}' is not a date")
            return DateBound(kind, day_of(value, today))
        except DateWordError as error:
            message = str(error)
            if message.endswith("is not a date"):
                message += f"; write {kind}:2021-01-31 or {kind}:31/01/2021, {OTHER_FORMS}"
            raise QueryError(message) from None

    return make


def _state_term(value: str, _prefix: bool, _today: date) -> Node:
    flag = value.lower()
    if flag not in FLAGS:
        raise QueryError(f"is: takes {', '.join(FLAGS[:-1])} or {FLAGS[-1]}")
    return StateFilter(flag)


def _has_term(value: str, _prefix: bool, _today: date) -> Node:
    what = value.lower()
    if what in QUOTE_FLAGS:
        return QuoteFilter("doubtful")
    if what not in ANNOTATIONS:
        raise QueryError("has: takes note, tag or doubtful")
    return HasFilter(what)


def _tag_term(value: str, prefix: bool, _today: date) -> Node:
    tag = fold(" ".join(value.split()))
    if not folded_words(tag):
        raise QueryError("'tag:' needs a tag name")
    return TagFilter(tag, prefix)


def _note_term(value: str, prefix: bool, _today: date) -> Node:
    found = folded_words(value)
    if not found:
        raise QueryError("'note:' needs a word to search for")
    return NoteFilter(found, prefix)


TEXT_FIELDS: tuple[FieldName, ...] = ("title", "area", "site", "speaker")
# In the order the syntax lists them when a field is unknown.
KEYWORDS: dict[str, MakeTerm] = {
    **{name: _text_term(name) for name in TEXT_FIELDS},
    "before": _date_term("before"),
    "after": _date_term("after"),
    "is": _state_term,
    "tag": _tag_term,
    "has": _has_term,
    "note": _note_term,
}
