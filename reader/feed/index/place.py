"""Where the index lives and what happens when its file fails. No Textual.

`IndexFile` opens the index (rebuilding a stale or damaged one), hands each thread its own
connection, and turns faults into a fresh index: a damaged file (at open, or found by any query
or sync: `guard`) is rebuilt in place; a full disk or an unwritable folder moves the index to a
temporary folder, or into memory, and it goes back once there is room (`try_going_back`).
Either way `IndexReset` tells the caller to sync again, and `notice` says why.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
import weakref
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, Self, TypeVar

from reader.articles.dates import stored_timed
from reader.articles.model import ArticleSummary
from reader.feed.discover import Key as _Key
from reader.feed.discover import join
from reader.feed.index import schema
from reader.feed.index.schema import (
    Layout,
    contentless_delete,
    create_schema,
    fts5_available,
    index_path,
    is_damage,
    remove_database,
    staleness,
)
from reader.search.sqlite import sqlite3

_RETRY_SECONDS = 30.0  # how often a full disk (or a locked or read-only index) is tried again
_PROBE_WAIT = 1.0  # how long going back waits for a write lock
# SQLite's words for "this file cannot be written now": another's write lock, a read-only file.
_BLOCKED_CODES = frozenset({sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_READONLY})
_T = TypeVar("_T")


class IndexUnavailable(Exception):
    """No index could be made anywhere (not even in memory); the message says why."""


class IndexReset(Exception):
    """The index was replaced by an empty one (it was damaged, or its disk is full, or there is
    room again): sync again. `notice` says what happened."""

    def __init__(self, notice: str) -> None:
        super().__init__(notice)
        self.notice = notice


def is_full(error: BaseException) -> bool:
    """Whether an error says the disk (or the file's size limit) is full."""
    if isinstance(error, OSError):
        return error.errno == 28  # ENOSPC
    code = getattr(error, "sqlite_errorcode", None)
    return code == sqlite3.SQLITE_FULL or "database or disk is full" in str(error)


def is_blocked(error: BaseException) -> bool:
    """Whether an SQLite error says the index cannot be written now: another process holds its
    write lock (longer than `schema.LOCK_WAIT`), or the file is read-only."""
    if not isinstance(error, sqlite3.OperationalError):
        return False
    code = getattr(error, "sqlite_errorcode", None)
    text = str(error)
    return code in _BLOCKED_CODES or "database is locked" in text or "readonly database" in text


class IndexFile:
    """One feed's index file and its connections (one per thread). Safe to use from several
    threads."""

    def __init__(self, roots: Sequence[Path], *, directory: Path | None = None) -> None:
        self.roots = list(roots)
        self._root_texts = [str(root) for root in self.roots]
        fts = fts5_available()
        self.fts = fts
        self._layout = Layout(fts=fts, bodies=not (fts and contentless_delete()))
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._owners: list[threading.Thread] = []  # the thread each connection belongs to
        self._connections_lock = threading.Lock()
        self._sync_lock = threading.Lock()
        self._state_lock = threading.RLock()
        self._generation = 0
        self._temporary: Path | None = None
        self._memory: str | None = None
        self._preferred = index_path(self.roots, directory)
        self._retry_at = 0.0
        self._blocked = False  # away because the index was locked or read-only (not full)
        self._notices: list[str] = []
        self.path, notice = self._open(self._preferred)
        self.notice = notice
        if notice:
            self._notices.append(notice)
        weakref.finalize(self, _drop_folder, self)

    # --- opening, checking, rebuilding ----------------------------------------------------------

    @property
    def location(self) -> str:
        """Where the index is now: its file, or "memory"."""
        return "memory" if self._memory else str(self.path)

    @property
    def fallback(self) -> bool:
        """Whether the index is away from its own place (a temporary folder, or memory)."""
        return self.path != self._preferred

    def take_notices(self) -> list[str]:
        """What happened to the index since last asked (rebuilt, moved, back), once each."""
        with self._state_lock:
            notices, self._notices = self._notices, []
        return notices

    def _open(self, path: Path) -> tuple[Path, str | None]:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            return path, self._prepare(path)
        except (OSError, sqlite3.Error) as error:
            if is_damage(error):  # damaged past reading even its header: start afresh
                remove_database(path)
                return path, self._prepare(path) or "search index was damaged; rebuilt it"
            self._blocked = is_blocked(error)
            if self._blocked:  # no use trying it again at once
                self._retry_at = time.monotonic() + _RETRY_SECONDS
            return self._away(path, _why(path, error))

    def _away(self, path: Path, why: str) -> tuple[Path, str]:
        """Index in a temporary folder (removed on close), or failing that in memory."""
        self._drop_temporary()
        try:
            import tempfile  # only where no cache folder can be written: not on every run

            folder = Path(tempfile.mkdtemp(prefix="pressreader-index-"))
            self._temporary = folder
            self._prepare(folder / path.name)
        except (OSError, sqlite3.Error):
            self._drop_temporary()
            self._memory = f"file:pressreader-index-{os.urandom(16).hex()}?mode=memory&cache=shared"
            # The first connection keeps a memory database alive: it is never closed early.
            self._prepare(Path(self._memory))
            return Path(self._memory), f"{why}; using a search index in memory this time"
        return folder / path.name, f"{why}; using a temporary one"

    def _prepare(self, path: Path) -> str | None:
        """Make `path` a current index: keep it, or rebuild it and say why."""
        memory = self._is_memory(path)
        reason = None if memory else staleness(path, self._layout)
        if reason is None and not memory:
            # Current: nothing to write. A search then needs no write lock, and answers from
            # the index while another process holds it (a sync writes only what changed).
            return None
        if reason is not None:
            remove_database(path)
        connection = self._connect(path)
        try:
            create_schema(connection, self._layout)
        finally:
            if memory:
                self._keepalive = connection
            else:
                connection.close()
        return None if reason in (None, "new") else f"search index {reason}; rebuilt it"

    def _is_memory(self, path: Path) -> bool:
        return self._memory is not None and str(path) == self._memory

    def _connect(self, path: Path) -> sqlite3.Connection:
        if self._is_memory(path):
            connection = sqlite3.connect(
                str(path), uri=True, timeout=30.0, isolation_level=None, check_same_thread=False
            )
            connection.execute("PRAGMA read_uncommitted = 1")  # shared cache: no table locks
            return connection
        return schema.connect(path)

    def _connection(self) -> sqlite3.Connection:
        local = self._local
        connection: sqlite3.Connection | None = getattr(local, "connection", None)
        if connection is None or local.generation != self._generation:
            connection = self._connect(self.path)
            local.connection, local.generation, local.marks = connection, self._generation, None
            with self._connections_lock:
                self._close_finished_threads()
                self._connections.append(connection)
                self._owners.append(threading.current_thread())
        return connection

    def _close_finished_threads(self) -> None:
        """Close the connections of threads that have ended: each worker thread opens its own,
        and kept, their page caches would add up."""
        connections, owners = [], []
        for connection, owner in zip(self._connections, self._owners, strict=True):
            if owner.is_alive():
                connections.append(connection)
                owners.append(owner)
            else:
                connection.close()
        self._connections, self._owners = connections, owners

    def close(self) -> None:
        with self._connections_lock:
            connections, self._connections, self._owners = self._connections, [], []
        for connection in connections:
            connection.close()
        self._local = threading.local()
        if self._memory:
            self._keepalive.close()
        self._drop_temporary()

    def _drop_temporary(self) -> None:
        if self._temporary is not None:
            import shutil  # as rare as the temporary folder itself

            shutil.rmtree(self._temporary, ignore_errors=True)
            self._temporary = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # --- faults ---------------------------------------------------------------------------------

    def _guard(self, action: Callable[[], _T]) -> _T:
        """Run `action`; a damaged file or a full disk replaces the index and raises
        `IndexReset` (the caller syncs again), anything else goes up as it is."""
        try:
            return action()
        except (sqlite3.Error, OSError) as error:
            self._fault(error)
            raise

    def _fault(self, error: BaseException) -> None:
        """Replace the index after `error` if it calls for it (then raise `IndexReset`)."""
        if is_damage(error):
            notice = f"search index was damaged ({error}); rebuilding it"
            with self._state_lock:
                self._generation += 1
                if self._memory:  # memory cannot be damaged on disk: start it afresh
                    self._keepalive.close()
                    self._memory = None
                    self.path, _ = self._away(self._preferred, "search index was damaged")
                else:
                    remove_database(self.path)
                    self._prepare(self.path)
            self._tell(notice)
            raise IndexReset(notice) from error
        if (is_full(error) or is_blocked(error)) and not self._memory:
            why = _why(self.path, error)
            with self._state_lock:
                self._blocked = is_blocked(error)
                self._generation += 1
                self.path, notice = self._away(self._preferred, why)
                self._retry_at = time.monotonic() + _RETRY_SECONDS
            self._tell(notice)
            raise IndexReset(notice) from error

    def _tell(self, notice: str) -> None:
        with self._state_lock:
            self.notice = notice
            self._notices.append(notice)

    def try_going_back(self, *, now: bool = False) -> None:
        """Away from its place for a full disk: go back if there is room again (at most every
        `_RETRY_SECONDS`, unless `now`); raises `IndexReset` when it moved."""
        if not self.fallback or (not now and time.monotonic() < self._retry_at):
            return
        self._retry_at = time.monotonic() + _RETRY_SECONDS
        try:
            self._prepare(self._preferred)
            with contextlib.closing(schema.connect(self._preferred, timeout=_PROBE_WAIT)) as probe:
                probe.execute("BEGIN IMMEDIATE")
                probe.execute(
                    "INSERT OR REPLACE INTO meta VALUES ('probe', ?)", (os.urandom(16).hex(),)
                )
                probe.execute("COMMIT")
        except (OSError, sqlite3.Error):
            return
        with self._state_lock:
            self._generation += 1
            if self._memory:
                self._keepalive.close()
                self._memory = None
            self._drop_temporary()
            self.path = self._preferred
        if self._blocked:
            notice = f"the search index can be written again: back at {self.path}"
        else:
            notice = f"there is room for the search index again: back at {self.path}"
        self._tell(notice)
        raise IndexReset(notice)

    # --- what every part of the index shares ----------------------------------------------------

    @staticmethod
    def _meta_int(connection: sqlite3.Connection, key: str) -> int:
        return schema.meta_int(connection, key)

    def held_walk(self) -> str | None:
        """What the index holds now, if a sync brought it in line with a walk and nothing has
        changed it since (see `Writing._walked`): its change (`seq`) and that walk's digest, in
        one string. The same string before and after some reads says that they all read the
        one index that holds that walk (every change moves `seq`)."""
        return self._guard(self._held_walk)

    def _held_walk(self) -> str | None:
        """`held_walk`, unguarded (for a caller already inside `_guard`)."""
        rows = self._connection().execute(
            "SELECT key, value FROM meta WHERE key IN ('seq', 'walk')"
        )
        meta = dict(rows.fetchall())  # one statement: one snapshot of both
        walked = meta.get("walk")
        held = walked is not None and walked.startswith(f"{meta.get('seq')} ")
        return walked if held else None

    def _summary(self, row: Sequence[Any]) -> ArticleSummary:
        _, root, rel, title, site, area, published, url, identity, word_count = row[:10]
        return ArticleSummary(
            path=self._path(root, rel),
            title=title,
            site=site,
            area=area,
            published=datetime.fromisoformat(published) if published else None,
            url=url,
            identity=identity,
            word_count=word_count,
            timed=stored_timed(published) if published else True,
        )

    def _path(self, root: int, rel: bytes) -> Path:
        return join(self.roots[root], rel)

    def path_text(self, root: int, rel: bytes) -> str:
        """`str(self._path(root, rel))` without a `Path` (what `list --json` prints)."""
        base = self._root_texts[root]
        if not rel:
            return base
        name = os.fsdecode(rel)
        return name if base == "." else base.rstrip(os.sep) + os.sep + name

    def _key(self, path: Path) -> _Key | None:
        """Which root `path` is under, and its path below it as bytes: file names need not be
        valid UTF-8, and SQLite text must be."""
        for number, root in enumerate(self.roots):
            if path == root:
                return number, b""
            with contextlib.suppress(ValueError):
                return number, os.fsencode(path.relative_to(root))
        return None


def _why(path: Path, error: BaseException) -> str:
    if is_full(error):
        return f"the disk holding the search index at {path} is full"
    if is_blocked(error) and "locked" in str(error):
        return f"the search index at {path} is locked by another program"
    if is_blocked(error):
        return f"the search index at {path} is read-only"
    return f"cannot write the search index at {path} ({error})"


def _drop_folder(index: IndexFile) -> None:
    index._drop_temporary()
