"""Reading state that is never lost: read/unread, stars and the last open article of each feed.

Kept in SQLite (`state.sqlite3` in the user data dir, or a path the caller gives). Everything is
keyed by the article's identity (its URL, else a content hash), never by its path, so moving or
renaming the feed folder keeps it. Every change is its own committed transaction in WAL mode, so a
crash or SIGKILL loses nothing already returned, and two processes sharing the file both keep
working (a writer waits for the other instead of failing). A damaged file is moved aside, kept, and
a fresh one started, with a `notice` for the UI. No Textual imports.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, Literal

from reader.articles.sanitize import clean_line
from reader.store.paths import data_dir

STATE_FILENAME = "state.sqlite3"
SCHEMA_VERSION = 1
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
CREATE TABLE IF NOT EXISTS generation (only INTEGER PRIMARY KEY CHECK (only = 0), counter INTEGER);
INSERT OR IGNORE INTO generation VALUES (0, 0);
PRAGMA user_version = {SCHEMA_VERSION};
COMMIT;
"""

_Mark = Literal["read", "starred"]


class StateError(Exception):
    """The state file could not be read or written (permissions, a full disk, a stuck lock)."""


@dataclass(frozen=True, slots=True)
class Position:
    """Where the reader was in a feed: the open article and how far it was scrolled."""

    identity: str
    scroll_y: float


def state_path(directory: Path | None = None) -> Path:
    """The state file in `directory` (a `--state-dir` flag), else in the user data dir."""
    return (directory if directory is not None else data_dir()) / STATE_FILENAME


def feed_key(paths: Sequence[Path]) -> str:
    """The key a feed's last position is saved under: its resolved paths, order-independent."""
    return "\n".join(sorted(str(path.resolve()) for path in paths))


class ReadingState:
    """Read marks, stars and last positions in one SQLite file; safe to call from any thread.

    Each thread gets its own connection. Writes raise `StateError` when they cannot be committed,
    so the caller can tell the user instead of silently losing the change.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path if path is not None else state_path()
        self._lock = threading.Lock()
        # mark -> (the file's change counter when read, the identities then)
        self._cache: dict[_Mark, tuple[int, frozenset[str]]] = {}
        with self._errors("open"):
            connection, self.notice = _open_checked(self.path)
        self._connections: dict[threading.Thread, sqlite3.Connection] | None = {
            threading.current_thread(): connection
        }

    # --- read marks and stars -------------------------------------------------------------------

    def mark_read(self, identity: str) -> None:
        self._set_marks("read", [identity], marked=True)

    def mark_unread(self, identity: str) -> None:
        self._set_marks("read", [identity], marked=False)

    def mark_all_read(self, identities: Iterable[str]) -> None:
        """Mark many articles read in one transaction (a "mark all read" command)."""
        self._set_marks("read", identities, marked=True)

    def toggle_read(self, identity: str) -> bool:
        """Flip read/unread; returns True when the article is now read."""
        return self._toggle("read", identity)

    def is_read(self, identity: str) -> bool:
        return self._has("read", identity)

    def read_identities(self) -> set[str]:
        return self._all("read")

    def set_starred(self, identity: str, starred: bool) -> None:
        self._set_marks("starred", [identity], marked=starred)

    def toggle_star(self, identity: str) -> bool:
        """Flip the star; returns True when the article is now starred."""
        return self._toggle("starred", identity)

    def is_starred(self, identity: str) -> bool:
        return self._has("starred", identity)

    def starred_identities(self) -> set[str]:
        return self._all("starred")

    # --- positions ------------------------------------------------------------------------------

    def save_position(self, feed: str, identity: str, scroll_y: float) -> None:
        """Remember the open article of the feed keyed `feed` (see `feed_key`) and its scroll."""
        with self._transaction("save the position") as connection:
            connection.execute(
                "INSERT OR REPLACE INTO positions VALUES (?, ?, ?, ?)",
                (feed, identity, scroll_y, time.time()),
            )

    def last_position(self, feed: str, identities: Collection[str] = ()) -> Position | None:
        """The position saved for `feed`; else, for a feed that moved, the newest saved position
        whose article is among `identities` (the feed's articles now).

        The article may since have been deleted: the caller checks it is still in the feed.
        """
        rows = self._rows(
            "SELECT feed_key, identity, scroll_y FROM positions ORDER BY saved_at DESC"
        )
        for key, identity, scroll_y in rows:
            if key == feed:
                return Position(identity, scroll_y)
        for _key, identity, scroll_y in rows:
            if identity in identities:
                return Position(identity, scroll_y)
        return None

    # --- lifetime -------------------------------------------------------------------------------

    def close(self) -> None:
        """Close every thread's connection; call when no worker is using the state any more."""
        with self._lock:
            connections, self._connections = self._connections or {}, None
        for connection in connections.values():
            connection.close()

    def __enter__(self) -> ReadingState:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # --- storage --------------------------------------------------------------------------------

    def _set_marks(self, mark: _Mark, identities: Iterable[str], *, marked: bool) -> None:
        with self._transaction(f"save the {mark} mark") as connection:
            if marked:
                now = time.time()
                connection.executemany(
                    f"INSERT OR IGNORE INTO {mark} VALUES (?, ?)",
                    ((identity, now) for identity in identities),
                )
            else:
                connection.executemany(
                    f"DELETE FROM {mark} WHERE identity = ?",
                    ((identity,) for identity in identities),
                )

    def _toggle(self, mark: _Mark, identity: str) -> bool:
        with self._transaction(f"save the {mark} mark") as connection:
            removed = connection.execute(
                f"DELETE FROM {mark} WHERE identity = ?", (identity,)
            ).rowcount
            if not removed:
                connection.execute(f"INSERT INTO {mark} VALUES (?, ?)", (identity, time.time()))
        return not removed

    def _has(self, mark: _Mark, identity: str) -> bool:
        return bool(self._rows(f"SELECT 1 FROM {mark} WHERE identity = ?", (identity,)))

    def _all(self, mark: _Mark) -> set[str]:
        """Every marked identity. Reading 100,000 rows takes tens of milliseconds, and the query
        filters ask on every search, so the set is cached until any process changes the file."""
        with self._errors("read"):
            connection = self._connection()
            cached = self._cache.get(mark)
            if cached is None or cached[0] != _generation(connection):
                cached = self._cache[mark] = _read_marks(connection, mark)
        return set(cached[1])

    def _rows(self, sql: str, parameters: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
        with self._errors("read"):
            return self._connection().execute(sql, parameters).fetchall()

    @contextmanager
    def _transaction(self, action: str) -> Iterator[sqlite3.Connection]:
        """One committed write. BEGIN IMMEDIATE takes the write lock up front, so a second
        process waits its turn (busy timeout) rather than failing halfway through."""
        with self._errors(action):
            connection = self._connection()
            connection.execute("BEGIN IMMEDIATE")
            changes = connection.total_changes
            try:
                yield connection
                if connection.total_changes != changes:  # re-marking a read article changes none
                    connection.execute("UPDATE generation SET counter = counter + 1")
                connection.execute("COMMIT")
            finally:
                if connection.in_transaction:
                    connection.execute("ROLLBACK")

    @contextmanager
    def _errors(self, action: str) -> Iterator[None]:
        try:
            yield
        except (sqlite3.Error, OSError) as error:
            raise StateError(f"{self.path}: cannot {action}: {error}") from error

    def _connection(self) -> sqlite3.Connection:
        thread = threading.current_thread()
        with self._lock:
            if self._connections is None:
                raise StateError(f"{self.path}: the reading state is already closed")
            connection = self._connections.get(thread)
            if connection is None:
                self._close_finished_threads()
                connection = self._connections[thread] = _connect(self.path)
            return connection

    def _close_finished_threads(self) -> None:
        """Workers come and go; close the connections of those that ended (under the lock)."""
        assert self._connections is not None
        for thread in [thread for thread in self._connections if not thread.is_alive()]:
            self._connections.pop(thread).close()


def _generation(connection: sqlite3.Connection) -> int:
    """The file's change counter: every committed write, by any process, adds one."""
    (counter,) = connection.execute("SELECT counter FROM generation").fetchone()
    return int(counter)


def _read_marks(connection: sqlite3.Connection, mark: _Mark) -> tuple[int, frozenset[str]]:
    connection.execute("BEGIN")  # one snapshot for the counter and the rows
    try:
        rows = connection.execute(f"SELECT identity FROM {mark}")
        return _generation(connection), frozenset(identity for (identity,) in rows)
    finally:
        connection.execute("COMMIT")


def _open_checked(path: Path) -> tuple[sqlite3.Connection, str | None]:
    """Open (creating if need be) the state file, moving a damaged one aside; and the notice."""
    path.parent.mkdir(parents=True, exist_ok=True)
    identity = _file_identity(path)
    problem = _damage(path)
    aside = _move_aside(path, identity) if problem is not None else None
    connection = _connect(path)
    try:
        _enable_wal(connection)
        connection.executescript(_SCHEMA)
    except sqlite3.Error:
        connection.close()
        raise
    if aside is None:  # sound; or another process found the damage first and started afresh
        return connection, None
    notice = (
        f"The reading state file {path} was damaged ({problem}). It was moved to {aside} and a "
        "fresh one started; the earlier read marks and stars are kept in that file."
    )
    return connection, clean_line(notice)


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
    uri = f"{path.resolve().as_uri()}?mode=ro"
    connection = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_SECONDS)
    try:
        problems = [str(problem) for (problem,) in connection.execute("PRAGMA quick_check")]
    except sqlite3.DatabaseError as error:
        if (getattr(error, "sqlite_errorcode", 0) or 0) & 0xFF in _DAMAGE_CODES:
            return str(error)
        raise  # not damage: a lock held too long, no permission; the caller reports it
    finally:
        connection.close()
    return None if problems == ["ok"] else "; ".join(problems[:3])


def _connect(path: Path) -> sqlite3.Connection:
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
