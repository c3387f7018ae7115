"""The search language: one parser for the app and the CLI, and what a match means. No Textual.

    kent police              every word must match, in any field
    "county lines"           an exact phrase: the words next to each other, in that order
    resid*                   words that start with "resid" (also "a phrase end*")
    -burglary                exclude: -word, -"a phrase", -field:value, -( … )
    kent OR sussex           either; OR binds tighter than the implicit AND, so
                             `police kent OR sussex` is police AND (kent OR sussex)
    ( … )                    grouping: `(kent police) OR fire`
    title:word  area:Kent  site:"Kent Police"  speaker:"Mark Hedges"
                             the word, prefix* or "phrase" in that field only
    before:2021-01-01        published before that day (the day itself excluded)
    after:2020-11-01         published on that day or later; dates as 2020-11-01 or 01/11/2020
                             (day first, as UK press offices write them), a month 2020-11 or a
                             year 2020 (its first day), today, yesterday, "last week",
                             "3 days ago" (see `reader.search.when`); undated articles never
                             match a date bound
    is:unread is:read is:starred
                             reading state (needs a `MarksSource`, see `Marks`)
    tag:court  tag:"court case"  tag:cour*
                             articles carrying that tag (case and accents aside)
    has:note  has:tag        articles with a note, or with any tag
    note:word  note:"a phrase"  note:wor*
                             the word, prefix* or phrase in the article's note
    has:doubtful             articles with a quote to check: a doubtful attribution, or speech
                             with no speaker (`reader.quotes.ArticleQuotes.doubtful`)

Matching ignores case and accents ("cafe" finds "Café", "CAFÉ") and English word endings
("phones" finds "phone", "arrested" finds "arrests"; see `reader.search.stem`). A word is a run
of letters and digits; everything else only separates words, so `covid-19` is the phrase
"covid 19" and a term made only of punctuation is ignored. `OR` is a keyword only in capitals.

The same normalisation serves the SQLite index (`index_text`) and the highlighter
(`match_ranges`), so what the index matches is what the reader sees highlighted.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence, Set
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from typing import Literal, Protocol

from reader.articles.sanitize import clean_line
from reader.search.stem import stems
from reader.search.when import OTHER_FORMS, DateWordError, day_of

Column = Literal["title", "site", "area", "speaker", "body"]
FieldName = Literal["title", "site", "area", "speaker"]
Flag = Literal["unread", "read", "starred"]
QuoteFlag = Literal["doubtful"]
DateKind = Literal["before", "after"]
Annotation = Literal["note", "tag"]

TEXT_FIELDS: tuple[FieldName, ...] = ("title", "area", "site", "speaker")
FLAGS: tuple[Flag, ...] = ("unread", "read", "starred")
ANNOTATIONS: tuple[Annotation, ...] = ("note", "tag")
QUOTE_FLAGS: tuple[QuoteFlag, ...] = ("doubtful",)
_DATE_FIELDS: tuple[DateKind, ...] = ("before", "after")
_ALL_FIELDS = (*TEXT_FIELDS, *_DATE_FIELDS, "is", "tag", "has", "note")


# --- words and normalisation --------------------------------------------------------------------


@cache
def _marks_class() -> str:
    """A regex class of the Basic Multilingual Plane's non-spacing marks (accents, diacritics).

    Built on first use: only text with non-ASCII characters needs it.
    """
    ranges: list[tuple[int, int]] = []
    for code in range(0x300, 0x10000):
        if unicodedata.category(chr(code)) == "Mn":
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    return "".join(f"{chr(low)}-{chr(high)}" for low, high in ranges)


@cache
def _marks() -> re.Pattern[str]:
    return re.compile(f"[{_marks_class()}]+")


@cache
def _unicode_word() -> re.Pattern[str]:
    # A mark inside a word (a decomposed "é") belongs to it, as it does for SQLite's tokenizer.
    return re.compile(f"(?:[^\\W_]|[\ue000-\uf8ff{_marks_class()}])+")


_ASCII_WORD = re.compile(r"[A-Za-z0-9]+")
_NOT_ASCII_OR_PUNCTUATION = re.compile("[^\x00-\x7f‘’“”–—…\u00a0]")


def fold(text: str) -> str:
    """Lower case without accents: how every word is compared."""
    if text.isascii():
        return text.lower()
    return _marks().sub("", unicodedata.normalize("NFD", text)).lower()


def index_text(text: str) -> str:
    """What to hand SQLite's tokenizer for `text` so that it finds the words `words` finds.

    ASCII text (and text whose only non-ASCII characters are punctuation such as curly quotes)
    goes as it is: the tokenizer lower-cases ASCII itself. Anything with accents is folded here.
    """
    if text.isascii() or (unicodedata.is_normalized("NFD", text) and not _marks().search(text)):
        return text
    return fold(text)


@dataclass(frozen=True, slots=True)
class Word:
    """One word of a text: its folded form and where it is in the original text."""

    folded: str
    start: int
    end: int


def words(text: str) -> list[Word]:
    """The words of `text`, folded, with their offsets into `text` as given."""
    folded, spans = _word_spans(text)
    return [Word(word, start, end) for word, (start, end) in zip(folded, spans, strict=True)]


def folded_words(text: str) -> tuple[str, ...]:
    return tuple(_word_spans(text)[0])


def _word_spans(text: str) -> tuple[list[str], list[tuple[int, int]]]:
    """The folded words of `text` and their (start, end) offsets, in two lists (the fast form
    for highlighting long bodies)."""
    if text.isascii() or not _NOT_ASCII_OR_PUNCTUATION.search(text):
        # lower() keeps ASCII offsets, so no word needs folding on its own; common typographic
        # punctuation (curly quotes, dashes, an ellipsis) only separates words either way.
        found = list(_ASCII_WORD.finditer(text.lower()))
        return [match.group() for match in found], [match.span() for match in found]
    folded: list[str] = []
    spans: list[tuple[int, int]] = []
    for match in _unicode_word().finditer(text):
        if word := fold(match.group()):  # a run of lone accents folds to nothing
            folded.append(word)
            spans.append(match.span())
    return folded, spans


# --- the syntax tree ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Phrase:
    """Words next to each other in one field (any field when `field` is None).

    One word is a phrase of one. With `prefix`, the last word only has to start the text's word.
    """

    words: tuple[str, ...]
    prefix: bool = False
    field: FieldName | None = None


@dataclass(frozen=True, slots=True)
class DateBound:
    """`before:` (published before the day) or `after:` (published on the day or later)."""

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
    flag: Flag


@dataclass(frozen=True, slots=True)
class TagFilter:
    """`tag:NAME`: the article carries the tag (`tag` folded); with `prefix`, a tag starting so."""

    tag: str
    prefix: bool = False

    def admits(self, tags: Sequence[str]) -> bool:
        if self.prefix:
            return any(fold(tag).startswith(self.tag) for tag in tags)
        return any(fold(tag) == self.tag for tag in tags)


@dataclass(frozen=True, slots=True)
class HasFilter:
    """`has:note` or `has:tag`: the article has a note, or at least one tag."""

    what: Annotation


@dataclass(frozen=True, slots=True)
class NoteFilter:
    """`note:…`: the words (a phrase; the last a prefix with `prefix`) in the article's note."""

    words: tuple[str, ...]
    prefix: bool = False

    def admits(self, note: str | None) -> bool:
        """Whether the words are in `note`, compared by their stems as the rest of a search."""
        if not note:
            return False
        return _find(Phrase(self.words, self.prefix), tuple(stems(folded_words(note))))


@dataclass(frozen=True, slots=True)
class QuoteFilter:
    """`has:doubtful`: what the quote extractor found in the article."""

    flag: QuoteFlag


@dataclass(frozen=True, slots=True)
class Not:
    child: Node


@dataclass(frozen=True, slots=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
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
# The nodes answered from the reading state (marks, tags, notes) rather than the article.
STATE_NODES = (StateFilter, TagFilter, HasFilter, NoteFilter)


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
    return any(isinstance(found, STATE_NODES) for found in walk(node))


def reads_quotes(node: Node) -> bool:
    """Whether `node` (or anything under it) asks what the quote extractor found."""
    return any(isinstance(found, QuoteFilter) for found in walk(node))


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


# --- lexing -------------------------------------------------------------------------------------

_OPEN_QUOTES = '"“'
_CLOSE_QUOTES = '"”'
_FIELD = re.compile(r"([A-Za-z]+):")
# Brackets nest at most this deep: enough for any query a person writes, and far from the
# recursion limit of the parser and of what walks its tree (the SQL planner among them).
MAX_DEPTH = 32
# And at most this many terms: a flat AND of a few thousand words is deeper than SQLite parses.
MAX_TERMS = 256


@dataclass(frozen=True, slots=True)
class _Token:
    kind: Literal["term", "or", "open", "close"]
    position: int
    negated: bool = False
    node: Node | None = None  # for terms; None when the term has no words (punctuation only)


class _Lexer:
    def __init__(self, text: str, today: date) -> None:
        self.text = text
        self.today = today
        self.at = 0
        self.depth = 0

    def tokens(self) -> list[_Token]:
        found = []
        terms = 0
        while (token := self._next()) is not None:
            found.append(token)
            terms += token.kind == "term"
            if terms > MAX_TERMS:
                raise QueryError(f"a query has at most {MAX_TERMS} terms", token.position)
        if self.depth:
            raise QueryError("a '(' is never closed", self.text.rfind("("))
        return found

    def _next(self) -> _Token | None:
        text = self.text
        while self.at < len(text) and text[self.at].isspace():
            self.at += 1
        if self.at >= len(text):
            return None
        start = self.at
        negated = text[start] == "-" and start + 1 < len(text) and not text[start + 1].isspace()
        if negated:
            self.at += 1
        char = text[self.at]
        if char == "(":
            self.at += 1
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise QueryError(f"brackets nest more than {MAX_DEPTH} deep", self.at - 1)
            return _Token("open", start, negated)
        if char == ")" and self.depth and not negated:
            self.at += 1
            self.depth -= 1
            return _Token("close", start)
        if char in _OPEN_QUOTES:
            phrase, prefix = self._quoted()
            return _Token("term", start, negated, _phrase(phrase, prefix, None))
        if field := _FIELD.match(text, self.at):
            self.at = field.end()
            return _Token("term", start, negated, self._field(field.group(1), start))
        word = self._bare()
        if word == "OR" and not negated:
            return _Token("or", start)
        return _Token("term", start, negated, _phrase(word.rstrip("*"), word.endswith("*"), None))

    def _bare(self) -> str:
        """A word up to white space (or a ')' closing a group)."""
        start = self.at
        text = self.text
        while self.at < len(text) and not text[self.at].isspace():
            if text[self.at] == ")" and self.depth:
                break
            self.at += 1
        return text[start : self.at]

    def _quoted(self) -> tuple[str, bool]:
        """A "quoted phrase" and whether a * right after it makes its last word a prefix."""
        opening = self.at
        close = min(
            (found for mark in _CLOSE_QUOTES if (found := self.text.find(mark, opening + 1)) > 0),
            default=-1,
        )
        if close < 0:
            raise QueryError("a quote is never closed", opening)
        self.at = close + 1
        prefix = self.text.startswith("*", self.at)
        if prefix:
            self.at += 1
        return self.text[opening + 1 : close], prefix

    def _field(self, typed: str, start: int) -> Node | None:
        name = typed.lower()
        if name not in _ALL_FIELDS:
            raise QueryError(
                f"unknown field '{typed}:' — the fields are "
                f"{', '.join(f'{known}:' for known in _ALL_FIELDS)}; "
                "put text with a colon in quotes to search for it",
                start,
            )
        quoted = self.text.startswith(tuple(_OPEN_QUOTES), self.at)
        if quoted:
            value, prefix = self._quoted()
        else:
            value = self._bare()
            prefix = value.endswith("*")
            value = value.rstrip("*")
        if not value and not quoted:
            raise QueryError(f"'{name}:' needs a value right after the colon", start)
        if name in _DATE_FIELDS:
            return DateBound(name, _parse_day(value, self.today, name, start, prefix))
        if name == "is":
            return _state_filter(value, start)
        if name == "has":
            return _has_filter(value, start)
        if name == "tag":
            return _tag_filter(value, prefix, start)
        if name == "note":
            return _note_filter(value, prefix, start)
        if value.startswith("("):
            raise QueryError(f"'{name}:' takes a word or a \"quoted phrase\", not a group", start)
        node = _phrase(value, prefix, name)  # type: ignore[arg-type]
        if node is None:
            raise QueryError(f"'{name}:' needs a word to search for", start)
        return node


def _phrase(text: str, prefix: bool, field: FieldName | None) -> Phrase | None:
    found = folded_words(text)
    return Phrase(found, prefix, field) if found else None


def _parse_day(value: str, today: date, name: str, position: int, prefix: bool) -> date:
    try:
        if prefix:
            raise DateWordError(f"'{value}' is not a date")
        return day_of(value, today)
    except DateWordError as error:
        message = str(error)
        if message.endswith("is not a date"):
            message += f"; write {name}:2021-01-31 or {name}:31/01/2021, {OTHER_FORMS}"
        raise QueryError(message, position) from None


def _state_filter(value: str, position: int) -> StateFilter:
    flag = value.lower()
    if flag not in FLAGS:
        raise QueryError(f"is: takes {', '.join(FLAGS[:-1])} or {FLAGS[-1]}", position)
    return StateFilter(flag)


def _has_filter(value: str, position: int) -> HasFilter | QuoteFilter:
    what = value.lower()
    if what in QUOTE_FLAGS:
        return QuoteFilter("doubtful")
    if what not in ANNOTATIONS:
        raise QueryError("has: takes note, tag or doubtful", position)
    return HasFilter(what)


def _tag_filter(value: str, prefix: bool, position: int) -> TagFilter:
    tag = fold(" ".join(value.split()))
    if not folded_words(tag):
        raise QueryError("'tag:' needs a tag name", position)
    return TagFilter(tag, prefix)


def _note_filter(value: str, prefix: bool, position: int) -> NoteFilter:
    found = folded_words(value)
    if not found:
        raise QueryError("'note:' needs a word to search for", position)
    return NoteFilter(found, prefix)


# --- parsing ------------------------------------------------------------------------------------


def parse(text: str, *, today: date | None = None) -> Query:
    """Parse a query, or raise `QueryError` saying what is wrong and where.

    `today` is the day relative dates count back from (`after:yesterday`): the local date unless
    given (tests give it)."""
    tokens = _Lexer(text, today if today is not None else date.today()).tokens()
    parser = _Parser(tokens, text)
    root = parser.sequence()
    if root is None:
        raise QueryError("the query is empty" if not text.strip() else "nothing to search for")
    return Query(text, root)


class _Parser:
    """Recursive descent over the lexer's tokens.

    sequence := clause*      clause := unit (OR unit)*      unit := ['-'] ('(' sequence ')' | term)
    """

    def __init__(self, tokens: list[_Token], text: str) -> None:
        self.tokens = tokens
        self.text = text
        self.at = 0

    def sequence(self) -> Node | None:
        """Clauses up to the end or a ')' (the lexer has checked that brackets balance)."""
        clauses: list[Node] = []
        while self.at < len(self.tokens) and self.tokens[self.at].kind != "close":
            if (clause := self.clause()) is not None:
                clauses.append(clause)
        return _join(And, clauses)

    def clause(self) -> Node | None:
        first = self.tokens[self.at]
        if first.kind == "or":
            raise QueryError("OR needs a term before it", first.position)
        options = [self.unit()]
        while self.at < len(self.tokens) and self.tokens[self.at].kind == "or":
            keyword = self.tokens[self.at]
            self.at += 1
            if self.at >= len(self.tokens) or self.tokens[self.at].kind in ("or", "close"):
                raise QueryError("OR needs a term after it", keyword.position)
            options.append(self.unit())
        kept = [option for option in options if option is not None]
        if len(kept) < len(options) and len(options) > 1:
            raise QueryError("OR needs words on both sides, not only punctuation", first.position)
        return _join(Or, kept)

    def unit(self) -> Node | None:
        token = self.tokens[self.at]
        self.at += 1
        if token.kind == "open":
            inner = self.sequence()
            self.at += 1  # the ')'
            if inner is None:
                raise QueryError("there is nothing inside ( )", token.position)
            node: Node | None = inner
        else:
            node = token.node
        if node is not None and token.negated:
            return Not(node)
        return node


def _join(kind: type[And] | type[Or], nodes: list[Node]) -> Node | None:
    if not nodes:
        return None
    return nodes[0] if len(nodes) == 1 else kind(tuple(nodes))


# --- evaluation ---------------------------------------------------------------------------------


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
            # One name per line, as the index stores them (see reader.feed.index).
            return "\n".join(self.speakers)
        return getattr(self, column) or ""


COLUMNS: tuple[Column, ...] = ("title", "site", "area", "speaker", "body")


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
    wanted = stems(phrase.words)
    last = len(wanted) - 1
    if last == 0 and phrase.prefix:
        starts = [at for at, word in enumerate(text_words) if word.startswith(wanted[0])]
    else:
        starts = [at for at, word in enumerate(text_words) if word == wanted[0]]
    for start in starts:
        end = start + last
        if end >= len(text_words):
            break
        if all(text_words[start + i] == wanted[i] for i in range(1, last)):
            word = text_words[end]
            if word == wanted[last] or (phrase.prefix and word.startswith(wanted[last])):
                yield start


def match_ranges(query: Query, text: str, column: Column = "body") -> list[tuple[int, int]]:
    """The (start, end) character ranges of `text` to highlight for `query`, sorted, merged.

    Highlights what the query looks for, not what it excludes: phrases outside any `-`, for
    `column` (field-less phrases count everywhere; `speaker:` names also in the body, where the
    person is quoted).
    """
    phrases = _highlighted_phrases(query.root, column)
    if not phrases:
        return []
    folded, spans = _word_spans(text)
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
