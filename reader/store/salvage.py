"""Salvaging a damaged state file: every row SQLite can still read from it, and merging them into
the live state (`pressreader state --recover`). The damaged file itself is never changed.
No Textual imports.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.store.state_file import errors_for

_SALVAGE_PAGE_ROWS = 500


def _newer(table: str, key: str, others: tuple[str, ...], stamp: str) -> str:
    """An insert of a salvaged row that replaces the live one only when it is newer."""
    values = ", ".join("?" * (1 + len(others)))
    updates = ", ".join(f"{column} = excluded.{column}" for column in others)
    return (
        f"INSERT INTO {table} VALUES ({values}) ON CONFLICT ({key}) DO UPDATE SET {updates} "
        f"WHERE excluded.{stamp} > {table}.{stamp}"
    )


@dataclass(frozen=True, slots=True)
class _Salvageable:
    """A table of the state whose rows a recovery brings back (the key's columns first)."""

    key: tuple[str, ...]
    types: tuple[type, ...]  # the Python type of each column, in order
    merge: str  # how a salvaged row joins the live state


SALVAGED_TABLES: dict[str, _Salvageable] = {
    "read": _Salvageable(("identity",), (str, float), "INSERT OR IGNORE INTO read VALUES (?, ?)"),
    "starred": _Salvageable(
        ("identity",), (str, float), "INSERT OR IGNORE INTO starred VALUES (?, ?)"
    ),
    "positions": _Salvageable(
        ("feed_key",),
        (str, str, float, float),
        _newer("positions", "feed_key", ("identity", "scroll_y", "saved_at"), "saved_at"),
    ),
    "tags": _Salvageable(
        ("identity", "tag"), (str, str, float), "INSERT OR IGNORE INTO tags VALUES (?, ?, ?)"
    ),
    "notes": _Salvageable(
        ("identity",),
        (str, float, str),
        _newer("notes", "identity", ("marked_at", "note"), "marked_at"),
    ),
    "searches": _Salvageable(
        ("name",), (str, str, float), _newer("searches", "name", ("query", "saved_at"), "saved_at")
    ),
}


@dataclass(frozen=True, slots=True)
class Salvaged:
    """The rows that could still be read from a damaged state file, table by table."""

    source: Path
    rows: dict[str, list[tuple[Any, ...]]]
    problems: tuple[str, ...]  # what stopped a read, table by table ("read: …malformed")


@dataclass(frozen=True, slots=True)
class Recovery:
    """What `ReadingState.recover` found in a damaged file and what it added to the state."""

    salvaged: Salvaged
    added: dict[str, int]  # table -> rows added, or (positions, notes, searches) made newer


def salvage(aside: Path) -> Salvaged:
    """Every row of the state tables SQLite can still read from the damaged file `aside`.

    The file (and its log) is copied to a temporary folder first, so it is never changed. Each
    table is read from the first key forwards and from the last key backwards, each walk until
    it meets a damaged page: one bad page loses only the rows on it. Rows of the wrong shape
    (from a damaged page that still parses) are left out.
    """
    import shutil  # only for a damaged state file: not on every command's import
    import tempfile

    with errors_for(aside, "read the damaged file"), tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "salvage.sqlite3"
        shutil.copyfile(aside, copy)
        if Path(f"{aside}-wal").exists():
            shutil.copyfile(f"{aside}-wal", f"{copy}-wal")
        connection = sqlite3.connect(copy, isolation_level=None)
        try:
            rows: dict[str, list[tuple[Any, ...]]] = {}
            problems: list[str] = []
            for name, table in SALVAGED_TABLES.items():
                found, problem = _readable_rows(connection, name, table.key)
                rows[name] = [row for row in found if _has_types(row, table.types)]
                if problem:
                    problems.append(f"{name}: {problem}")
        finally:
            connection.close()
    return Salvaged(aside, rows, tuple(problems))


def _readable_rows(
    connection: sqlite3.Connection, table: str, key: tuple[str, ...]
) -> tuple[list[tuple[Any, ...]], str | None]:
    """The rows of `table` that can be read, each once, and what stopped a walk (None: all,
    or a table the damaged file, from an older pressreader, never had)."""
    found: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    problem = None
    for descending in (False, True):
        try:
            for row in _walk(connection, table, key, descending=descending):
                found.setdefault(row[: len(key)], row)
            break  # the whole table in one walk: nothing is damaged
        except sqlite3.DatabaseError as error:
            if str(error).startswith("no such table"):
                break
            problem = str(error)
    return list(found.values()), problem


def _walk(
    connection: sqlite3.Connection, table: str, key: tuple[str, ...], *, descending: bool
) -> Iterator[tuple[Any, ...]]:
    """The rows of `table` in key order, up to the first that cannot be read.

    In pages of rows, each a statement that ends at its LIMIT without stepping further: Python's
    cursor reads one row ahead and drops the row it holds when that read fails, so one long
    walk would lose the last good row before the damage. Near the damage it goes row by row."""
    order, beyond = (" DESC", "<") if descending else ("", ">")
    columns = ", ".join(key)
    ordering = ", ".join(f"{column}{order}" for column in key)
    after = f"WHERE ({columns}) {beyond} ({', '.join('?' * len(key))})"
    last: tuple[Any, ...] = ()
    page = _SALVAGE_PAGE_ROWS
    while True:
        sql = f"SELECT * FROM {table} {after if last else ''} ORDER BY {ordering} LIMIT ?"
        try:
            rows = connection.execute(sql, (*last, page)).fetchall()
        except sqlite3.DatabaseError:
            if page == 1:
                raise
            page = 1  # the damage is in this page of rows: go on one row at a time
            continue
        if not rows:
            return
        yield from rows
        last = rows[-1][: len(key)]


def _has_types(row: tuple[Any, ...], types: tuple[type, ...]) -> bool:
    if len(row) != len(types):
        return False
    return all(
        isinstance(value, kind) or (kind is float and type(value) is int)
        for value, kind in zip(row, types, strict=True)
    )


def merge(connection: sqlite3.Connection, salvaged: Salvaged) -> dict[str, int]:
    """Add `salvaged`'s rows to the live state open on `connection` (inside the caller's
    transaction), each table as its `merge` says; how many rows each table gained or made newer."""
    return {
        name: _count_changes(connection, table.merge, salvaged.rows[name])
        for name, table in SALVAGED_TABLES.items()
    }


def _count_changes(connection: sqlite3.Connection, sql: str, rows: list[tuple[Any, ...]]) -> int:
    before = connection.total_changes
    connection.executemany(sql, rows)
    return connection.total_changes - before
