"""A parsed query as SQL over the feed's index: the query language's meaning in SQL. No Textual.

What each term means is `reader.search.terms`; `reader.search.evaluate.matches` says it for one
article, and this module says the same over the index's tables (the tests hold the two to each
other):

* Words and phrases are FTS5 expressions over the full-text table `ft`, whose columns are
  `reader.search.terms.TEXT_COLUMNS` (`FTS_COLUMNS`, ranked by `BM25`).
* Dates are id ranges: the index numbers its rows in publication order (`date_id`), so
  `before:`/`after:` are rowid ranges that FTS5 walks without sorting.
* The reading state (read, starred, tags, notes) is not in the index: a search copies what it
  needs into the connection's temp tables (`load_marks`), and each filter becomes a condition on
  `d.identity`. `has:doubtful` reads the docs table's `doubtful` column.

`plan` splits a query's top-level AND into what FTS5 can drive, an id range and the rest
(per-row conditions); a `Plan` gives the SQL.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from reader.search.evaluate import Marks
from reader.search.sqlite import sqlite3
from reader.search.stem import stems
from reader.search.terms import (
    SQL_COLUMN,
    TEXT_COLUMNS,
    And,
    DateBound,
    HasFilter,
    Node,
    Not,
    NoteFilter,
    Or,
    Phrase,
    QuoteFilter,
    StateFilter,
    TagFilter,
    walk,
)
from reader.search.text import fold, folded_words

FTS_COLUMNS: tuple[str, ...] = tuple(column.sql for column in TEXT_COLUMNS)
# bm25 with each column's weight (lower is better, as SQLite sorts it).
BM25 = f"bm25(ft, {', '.join(str(column.weight) for column in TEXT_COLUMNS)})"

# --- ids in publication order -------------------------------------------------------------------

# Row ids: seconds since 0001-01-01 shifted left, leaving room for a million articles stamped
# with the same second. Undated articles get ids below every dated one (they sort last).
SEQ_BITS = 20
SPAN = 1 << SEQ_BITS
DATED_MIN = 86_400 << SEQ_BITS
ID_MIN, ID_MAX = 0, 1 << 62


def date_id(published: datetime | None) -> int:
    """The lowest id of the second `published` falls in (1 for undated articles)."""
    if published is None:
        return 1
    seconds = published.toordinal() * 86_400 + published.hour * 3600
    return (seconds + published.minute * 60 + published.second) << SEQ_BITS


# --- planning a query ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Plan:
    """A query as SQL over one doc per row, `id` naming its doc id.

    With words to look for, FTS5 drives (`match`); otherwise the docs table does, and FTS5 only
    says what to `exclude`. Dates are an id range; anything else is a per-row `check`.
    """

    match: str | None
    exclude: str | None
    low: int
    high: int
    checks: tuple[str, ...]  # SQL conditions with an {id} placeholder
    check_params: tuple[object, ...]
    needs_docs: bool  # a check reads d.identity or d.doubtful

    @property
    def id(self) -> str:
        return "ft.rowid" if self.match else "d.id"

    @property
    def source(self) -> tuple[str, tuple[object, ...]]:
        """`FROM … WHERE …` and its parameters."""
        if not self.match:
            tables = "docs d"
        else:
            tables = "ft CROSS JOIN docs d ON d.id = ft.rowid" if self.needs_docs else "ft"
        conditions, params = self._range(self.id)
        if self.match:
            conditions.insert(0, "ft MATCH ?")
            params.insert(0, self.match)
        if self.exclude:
            conditions.append(f"{self.id} NOT IN (SELECT rowid FROM ft WHERE ft MATCH ?)")
            params.append(self.exclude)
        # Unary plus: a per-row check must not become an index lookup (an OR of rowid terms
        # would, and FTS5 then cannot take the MATCH).
        conditions += [check.format(id=f"+{self.id}") for check in self.checks]
        where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
        return f"FROM {tables}{where}", (*params, *self.check_params)

    @property
    def every_id(self) -> tuple[str, tuple[object, ...]]:
        """`SELECT` of every matching id, in no particular order."""
        source, params = replace(self, exclude=None).source
        if not self.exclude:
            return f"SELECT {self.id} {source}", params
        excluded, excluded_params = self.excluded
        return f"SELECT {self.id} {source} EXCEPT {excluded}", (*params, *excluded_params)

    @property
    def excluded(self) -> tuple[str, tuple[object, ...]]:
        """`SELECT` of the excluded ids in the plan's range."""
        conditions, params = self._range("rowid")
        where = "".join(f" AND {condition}" for condition in conditions)
        return f"SELECT rowid FROM ft WHERE ft MATCH ?{where}", (self.exclude, *params)

    def _range(self, column: str) -> tuple[list[str], list[object]]:
        # No condition for the whole range: SQLite then counts docs from its smallest index.
        conditions: list[str] = []
        params: list[object] = []
        if self.low > ID_MIN:
            conditions.append(f"{column} >= ?")
            params.append(self.low)
        if self.high < ID_MAX:
            conditions.append(f"{column} < ?")
            params.append(self.high)
        return conditions, params


def plan(root: Node) -> Plan:
    """Split the top-level AND into what FTS5 can drive (words, phrases, their exclusions), an id
    range (dates) and the rest (checked per row in SQL)."""
    clauses = root.children if isinstance(root, And) else (root,)
    positive: list[str] = []
    excluded: list[str] = []
    rest: list[Node] = []
    low, high = ID_MIN, ID_MAX
    for clause in clauses:
        if isinstance(clause, DateBound):
            bound = date_id(clause.moment)
            if clause.kind == "after":
                low = max(low, bound)
            else:
                low, high = max(low, DATED_MIN), min(high, bound)
        elif (expression := _fts(clause)) is not None:
            positive.append(expression)
        elif isinstance(clause, Not) and (expression := _fts(clause.child)) is not None:
            excluded.append(expression)
        else:
            rest.append(clause)
    conditions = [_condition(node) for node in rest]
    return Plan(
        match=_fts_and(positive, excluded) if positive else None,
        # FTS5 cannot list what lacks a word: without words, exclusions are a NOT IN.
        exclude=None if positive or not excluded else _fts_or(excluded),
        low=low,
        high=high,
        checks=tuple(condition for condition, _ in conditions),
        check_params=tuple(value for _, values in conditions for value in values),
        needs_docs=any(_reads_docs(clause) for clause in rest),
    )


def _fts(node: Node) -> str | None:
    """`node` as an FTS5 expression, or None when FTS5 cannot say it alone."""
    if isinstance(node, Phrase):
        quoted = '"' + " ".join(node.words) + '"' + (" *" if node.prefix else "")
        return f"{SQL_COLUMN[node.field]} : {quoted}" if node.field else quoted
    if isinstance(node, Or):
        options = _all_fts(node.children)
        return None if options is None else _fts_or(options)
    if isinstance(node, And):
        positive = _all_fts([child for child in node.children if not isinstance(child, Not)])
        negative = _all_fts([child.child for child in node.children if isinstance(child, Not)])
        if not positive or negative is None:
            return None
        return _fts_and(positive, negative)
    return None


def _all_fts(nodes: Sequence[Node]) -> list[str] | None:
    """Every node as FTS5, or None when one cannot be."""
    found = [expression for node in nodes if (expression := _fts(node)) is not None]
    return found if len(found) == len(nodes) else None


def _fts_and(positive: list[str], negative: list[str]) -> str:
    # FTS5's NOT is binary ("a NOT b") and binds tighter than AND.
    expression = "(" + " AND ".join(f"({part})" for part in positive) + ")"
    return expression + "".join(f" NOT ({part})" for part in negative)


def _fts_or(options: list[str]) -> str:
    return " OR ".join(f"({option})" for option in options)


def _condition(node: Node) -> tuple[str, list[object]]:
    """`node` as an SQL condition on one doc ({id}, and d.identity)."""
    if (from_state := _state_condition(node)) is not None:
        return from_state
    if (expression := _fts(node)) is not None:
        return "{id} IN (SELECT rowid FROM ft WHERE ft MATCH ?)", [expression]
    if isinstance(node, DateBound):
        bound = date_id(node.moment)
        if node.kind == "after":
            return "{id} >= ?", [bound]
        return "({id} >= ? AND {id} < ?)", [DATED_MIN, bound]
    if isinstance(node, QuoteFilter):
        return "d.doubtful = 1", []
    if isinstance(node, StateFilter):
        table = "temp.marks_starred" if node.flag == "starred" else "temp.marks_read"
        negation = "NOT " if node.flag == "unread" else ""
        return f"d.identity {negation}IN {table}", []
    if isinstance(node, Not):
        condition, params = _condition(node.child)
        return f"NOT ({condition})", params
    assert isinstance(node, And | Or)
    parts = [_condition(child) for child in node.children]
    joiner = " AND " if isinstance(node, And) else " OR "
    return "(" + joiner.join(part for part, _ in parts) + ")", [
        value for _, values in parts for value in values
    ]


def _reads_docs(node: Node) -> bool:
    """Whether a per-row condition reads the docs table (identity or doubtful)."""
    return any(found.source in ("state", "quotes") for found in walk(node))


# --- the reading state, in temp tables ----------------------------------------------------------

_TABLES = (
    "CREATE TEMP TABLE IF NOT EXISTS marks_tags (tag TEXT, identity TEXT, "
    "PRIMARY KEY (tag, identity)) WITHOUT ROWID",
    "CREATE TEMP TABLE IF NOT EXISTS marks_notes (identity TEXT PRIMARY KEY) WITHOUT ROWID",
    "CREATE TEMP TABLE IF NOT EXISTS marks_note_words (word TEXT, identity TEXT, "
    "position INTEGER, PRIMARY KEY (word, identity, position)) WITHOUT ROWID",
)


def load_marks(connection: sqlite3.Connection, marks: Marks) -> None:
    """Put `marks` in this connection's temp tables (replacing any): the read and starred
    identities, the tags (folded) and the notes' words (stemmed, with their positions)."""
    for name, identities in (("marks_read", marks.read), ("marks_starred", marks.starred)):
        connection.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS {name} (identity TEXT PRIMARY KEY) WITHOUT ROWID"
        )
        connection.execute(f"DELETE FROM temp.{name}")
        connection.executemany(
            f"INSERT INTO temp.{name} VALUES (?)", ((item,) for item in identities)
        )
    for create in _TABLES:
        connection.execute(create)
    connection.execute("DELETE FROM temp.marks_tags")
    connection.execute("DELETE FROM temp.marks_notes")
    connection.execute("DELETE FROM temp.marks_note_words")
    connection.executemany(
        "INSERT OR IGNORE INTO temp.marks_tags VALUES (?, ?)",
        ((fold(tag), identity) for identity, tags in marks.tags.items() for tag in tags),
    )
    connection.executemany(
        "INSERT INTO temp.marks_notes VALUES (?)", ((identity,) for identity in marks.notes)
    )
    connection.executemany(
        "INSERT OR IGNORE INTO temp.marks_note_words VALUES (?, ?, ?)", _note_words(marks)
    )


def _note_words(marks: Marks) -> Iterator[tuple[str, str, int]]:
    for identity, note in marks.notes.items():
        for position, word in enumerate(stems(folded_words(note))):
            yield word, identity, position


def _state_condition(node: Node) -> tuple[str, list[object]] | None:
    """`node` as a condition on `d.identity`, when it is a tag or note filter; else None."""
    if isinstance(node, TagFilter):
        if node.prefix:
            found = "SELECT identity FROM temp.marks_tags WHERE substr(tag, 1, ?) = ?"
            return f"d.identity IN ({found})", [len(node.tag), node.tag]
        return "d.identity IN (SELECT identity FROM temp.marks_tags WHERE tag = ?)", [node.tag]
    if isinstance(node, HasFilter):
        table = "temp.marks_notes" if node.what == "note" else "temp.marks_tags"
        return f"d.identity IN (SELECT identity FROM {table})", []
    if isinstance(node, NoteFilter):
        return _phrase(node)
    return None


def _phrase(node: NoteFilter) -> tuple[str, list[object]]:
    """The notes with `node`'s words one after another: one join per word after the first."""
    joins: list[str] = []
    tests: list[str] = []
    params: list[object] = []
    wanted = stems(node.words)  # the notes' words are kept as stems, as the index keeps words
    last = len(wanted) - 1
    for number, word in enumerate(wanted):
        alias = f"w{number}"
        if number:
            joins.append(
                f"JOIN temp.marks_note_words {alias} ON {alias}.identity = w0.identity "
                f"AND {alias}.position = w0.position + {number}"
            )
        if number == last and node.prefix:
            tests.append(f"substr({alias}.word, 1, ?) = ?")
            params += [len(word), word]
        else:
            tests.append(f"{alias}.word = ?")
            params.append(word)
    found = (
        f"SELECT w0.identity FROM temp.marks_note_words w0 {' '.join(joins)} "
        f"WHERE {' AND '.join(tests)}"
    )
    return f"d.identity IN ({found})", params
