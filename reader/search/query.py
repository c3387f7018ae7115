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

This module is the syntax (a lexer and a recursive-descent parser) and the package's public
face: what each term is and means is `reader.search.terms`, the words and their folding
`reader.search.text`, the reference matcher and the highlighter `reader.search.evaluate`, and the
same meaning in SQL `reader.search.sql`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from reader.search.evaluate import (
    SNIPPET_WIDTH,
    Fields,
    Marks,
    MarksSource,
    Snippet,
    match_ranges,
    matches,
    snippet,
)
from reader.search.terms import (
    ANNOTATIONS,
    COLUMNS,
    FLAGS,
    KEYWORDS,
    QUOTE_FLAGS,
    TEXT_FIELDS,
    And,
    Annotation,
    Column,
    DateBound,
    DateKind,
    FieldName,
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
    QuoteFlag,
    StateFilter,
    TagFilter,
    phrase_of,
    reads_quotes,
    reads_state,
    walk,
)
from reader.search.text import Word, fold, folded_words, index_text, words

__all__ = [
    "ANNOTATIONS",
    "COLUMNS",
    "FLAGS",
    "MAX_DEPTH",
    "MAX_TERMS",
    "QUOTE_FLAGS",
    "SNIPPET_WIDTH",
    "TEXT_FIELDS",
    "And",
    "Annotation",
    "Column",
    "DateBound",
    "DateKind",
    "FieldName",
    "Fields",
    "Flag",
    "HasFilter",
    "Marks",
    "MarksSource",
    "Node",
    "Not",
    "NoteFilter",
    "Or",
    "Phrase",
    "Query",
    "QueryError",
    "QuoteFilter",
    "QuoteFlag",
    "Snippet",
    "StateFilter",
    "TagFilter",
    "Word",
    "fold",
    "folded_words",
    "index_text",
    "match_ranges",
    "matches",
    "parse",
    "reads_quotes",
    "reads_state",
    "snippet",
    "walk",
    "words",
]


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
            return _Token("term", start, negated, phrase_of(phrase, prefix, None))
        if field := _FIELD.match(text, self.at):
            self.at = field.end()
            return _Token("term", start, negated, self._field(field.group(1), start))
        word = self._bare()
        if word == "OR" and not negated:
            return _Token("or", start)
        return _Token("term", start, negated, phrase_of(word.rstrip("*"), word.endswith("*"), None))

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
        make = KEYWORDS.get(name)
        if make is None:
            raise QueryError(
                f"unknown field '{typed}:' — the fields are "
                f"{', '.join(f'{known}:' for known in KEYWORDS)}; "
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
        try:
            return make(value, prefix, self.today)
        except QueryError as error:
            raise QueryError(error.message, start) from None


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
