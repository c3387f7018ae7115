"""`tag:`, `has:` and `note:` as SQL for the index's query plan. No Textual imports.

The tags and notes live in the reading state (reader.store.state), not in the index, so a search
copies what it needs of them into this connection's temp tables (`load`), as it does the read
marks, and each filter becomes a condition on `d.identity` (`condition`). What matches is what
`reader.search.query.matches` says: tags compared folded, note words by their stems (as every
other word of a search), a phrase as words next to each other.
"""

from __future__ import annotations

from collections.abc import Iterator

from reader.search.query import (
    HasFilter,
    Marks,
    Node,
    NoteFilter,
    TagFilter,
    fold,
    folded_words,
)
from reader.search.sqlite import sqlite3
from reader.search.stem import stems

_TABLES = (
    "CREATE TEMP TABLE IF NOT EXISTS marks_tags (tag TEXT, identity TEXT, "
    "PRIMARY KEY (tag, identity)) WITHOUT ROWID",
    "CREATE TEMP TABLE IF NOT EXISTS marks_notes (identity TEXT PRIMARY KEY) WITHOUT ROWID",
    "CREATE TEMP TABLE IF NOT EXISTS marks_note_words (word TEXT, identity TEXT, "
    "position INTEGER, PRIMARY KEY (word, identity, position)) WITHOUT ROWID",
)


def load(connection: sqlite3.Connection, marks: Marks) -> None:
    """Put the tags and notes of `marks` in this connection's temp tables (replacing any)."""
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


def condition(node: Node) -> tuple[str, list[object]] | None:
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
