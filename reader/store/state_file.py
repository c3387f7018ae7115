"""The reading state's SQLite file: its schema, opening it checked or read-only, and moving a
damaged one aside.

Every connection is made here, with the same busy timeout and durability. A writer opens the
file checked (`open_checked`): a damaged file is moved aside to `<name>.corrupt-<timestamp>`
(with its log), kept, and a fresh one started, with a notice to tell the user. A reader that only
asks opens it read-only (`open_read_only`) and never takes the write lock. `kept_aside` lists the
files moved aside, for `reader.store.salvage` to read from. No Textual imports.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from reader.articles.sanitize import clean_line
from reader.store.failures import describe

SCHEMA_VERSION = 3  # 2: the `recovered` table; 3: tags, notes, searches, undo
# How long a write waits for another process's transaction before giving up. Transactions here
# are single statements, so even a slow disk finishes far sooner; the margin is for a stalled one.
BUSY_TIMEOUT_SECONDS = 10.0
_WAL_RETRY_SECONDS = 0.005
# SQLite's companions to the database file; they travel with it when it is moved aside.
_COMPANION_SUFFIXES = ("-wal", "-shm")
_DAMAGE_CODES = frozenset({sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB})

_SCHEMA = f"""
BEGIN IMMEDIATE;
CREATE TABLE IF NOT EXISTS read (identity TEXT PRIMARY KEY, marked_at REAL NOT NULL)
    WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS starred (identity TEXT PRIMARY KEY, marked_at REAL NOT NULL)
    WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS positions (
    feed_key TEXT PRIMARY KEY,
    identity TEXT NOT NULL,
    scroll_y REAL NOT NULL,
    saved_at REAL NOT NULL
) WITHOUT ROWID;
-- The key's columns come first: this SQLite's quick_check misreads a WITHOUT ROWID table whose
-- key is not its leading columns, and would report the file damaged.
CREATE TABLE IF NOT EXISTS tags (
    identity TEXT NOT NULL,
    tag TEXT NOT NULL,
    marked_at REAL NOT NULL,
    PRIMARY KEY (identity, tag)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS notes (
    identity TEXT PRIMARY KEY,
    marked_at REAL NOT NULL,
    note TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS searches (
    name TEXT PRIMARY KEY,
    query TEXT NOT NULL,
    saved_at REAL NOT NULL
) WITHOUT ROWID;
-- The last marking action: what it was, and the rows it replaced (see ReadingState.undo).
CREATE TABLE IF NOT EXISTS undo (
    only INTEGER PRIMARY KEY CHECK (only = 0),
    description TEXT NOT NULL,
    snapshot TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS generation (only INTEGER PRIMARY KEY CHECK (only = 0), counter INTEGER);
INSERT OR IGNORE INTO generation VALUES (0, 0);
CREATE TABLE IF NOT EXISTS recovered (aside TEXT PRIMARY KEY, recovered_at REAL NOT NULL)
    WITHOUT ROWID;
PRAGMA user_version = {SCHEMA_VERSION};
COMMIT;
"""


class StateError(Exception):
    """The state file could not be read or written (permissions, a full disk, a stuck lock).

    `str()` is one line for the user, naming the file and saying what is wrong in words."""


@contextmanager
def errors_for(path: Path, action: str) -> Iterator[None]:
    try:
        yield
    except (sqlite3.Error, OSError) as error:
        reason = describe(error) or str(error)
        raise StateError(clean_line(f"{path}: cannot {action}: {reason}")) from error


def open_checked(path: Path) -> tuple[sqlite3.Connection, str | None]:
    """Open (creating if need be) the state file, moving a damaged one aside; and the notice."""
    path.parent.mkdir(parents=True, exist_ok=True)
    identity = _file_identity(path)
    problem = _damage(path)
    aside = _move_aside(path, identity) if problem is not None else None
    connection = connect(path)
    try:
        _enable_wal(connection)
        # Only a new or older file needs the schema: opening a current one takes no write lock,
        # so it never waits on another process's write.
        (version,) = connection.execute("PRAGMA user_version").fetchone()
        if version < SCHEMA_VERSION:
            connection.executescript(_SCHEMA)
    except sqlite3.Error:
        connection.close()
        raise
    if aside is None:  # sound; or another process found the damage first and started afresh
        return connection, None
    notice = (
        f"The reading state file {path} was damaged ({problem}). It was moved to {aside} and a "
        "fresh one started; the earlier read marks and stars are kept in that file, and "
        "'pressreader state --recover' brings back what can still be read from it."
    )
    return connection, clean_line(notice)


def open_read_only(path: Path) -> tuple[sqlite3.Connection | None, str | None]:
    """A read-only connection (None when there is no file yet), and the notice. A damaged file
    is moved aside and a fresh one started, as a writer would: nobody could read it as it is."""
    if not path.exists():
        return None, None
    if _damage(path) is not None:
        connection, notice = open_checked(path)
        connection.close()
        return connect(path, read_only=True), notice
    return connect(path, read_only=True), None


def _enable_wal(connection: sqlite3.Connection) -> None:
    """Switch the file to WAL (it stays so). SQLite answers "locked" at once, without waiting,
    when two processes make a new file at the same moment; so wait here, up to the busy timeout."""
    deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
    while True:
        try:
            connection.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if error.sqlite_errorcode != sqlite3.SQLITE_BUSY or time.monotonic() > deadline:
                raise
            time.sleep(_WAL_RETRY_SECONDS)


def _damage(path: Path) -> str | None:
    """What is wrong with the file; None when it is sound or absent. Checked read-only: closing a
    writable connection would fold a damaged file's log into it, or delete the log."""
    if not path.exists():
        return None
    try:
        connection = _connect_read_only(path)
        try:
            problems = [str(problem) for (problem,) in connection.execute("PRAGMA quick_check")]
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        if (getattr(error, "sqlite_errorcode", 0) or 0) & 0xFF in _DAMAGE_CODES:
            return str(error)
        raise  # not damage: a lock held too long, no permission; the caller reports it
    return None if problems == ["ok"] else "; ".join(problems[:3])


def connect(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    if read_only:
        return _connect_read_only(path)
    # isolation_level=None: no implicit transactions; every write is an explicit BEGIN…COMMIT.
    # check_same_thread=False only so close() can close other threads' connections.
    connection = sqlite3.connect(
        path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None, check_same_thread=False
    )
    try:
        # FULL: each commit is fsynced, so it survives a power cut too, not only a killed process.
        connection.execute("PRAGMA synchronous = FULL")
    except sqlite3.Error:
        connection.close()
        raise
    return connection


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """A connection that never writes and never takes the write lock (mode=ro).

    A WAL reader needs the shared-memory index (`-shm`) beside the file. When there is none and
    the folder is not writable, SQLite cannot make one; a file with no log beside it is then
    read as immutable, which needs no index: no process is writing it, or its log would exist.
    """
    uri = path.resolve().as_uri()
    connection = _connect_uri(f"{uri}?mode=ro")
    try:
        connection.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
        return connection
    except sqlite3.OperationalError as error:
        connection.close()
        unindexable = error.sqlite_errorcode & 0xFF in (
            sqlite3.SQLITE_READONLY,
            sqlite3.SQLITE_CANTOPEN,
        )
        if not unindexable or _has_log(path):
            raise
    return _connect_uri(f"{uri}?mode=ro&immutable=1")


def _connect_uri(uri: str) -> sqlite3.Connection:
    return sqlite3.connect(
        uri, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None, check_same_thread=False, uri=True
    )


def _has_log(path: Path) -> bool:
    try:
        return Path(f"{path}-wal").stat().st_size > 0
    except FileNotFoundError:
        return False


def _file_identity(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return stat.st_dev, stat.st_ino


def _move_aside(path: Path, identity: tuple[int, int] | None) -> Path | None:
    """Rename the damaged file (and its WAL) to `<name>.corrupt-<timestamp>`; None when the file
    there is no longer the one found damaged (another process got to it first)."""
    if identity is None or _file_identity(path) != identity:
        return None
    stamp = time.strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    counter = 1
    while aside.exists():
        counter += 1
        aside = path.with_name(f"{path.name}.corrupt-{stamp}-{counter}")
    path.rename(aside)
    for suffix in _COMPANION_SUFFIXES:
        companion = Path(f"{path}{suffix}")
        if companion.exists():
            companion.rename(f"{aside}{suffix}")
    return aside


def kept_aside(path: Path) -> list[Path]:
    """The damaged files moved aside from the state file `path` (see `_move_aside`), oldest
    first; not their -wal and -shm companions."""
    kept = path.parent.glob(f"{path.name}.corrupt-*")
    found = [aside for aside in kept if not aside.name.endswith(_COMPANION_SUFFIXES)]
    return sorted(found, key=lambda aside: aside.name)
