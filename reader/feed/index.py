"""The feed's index: one SQLite file per feed that the app and every command read. No Textual.

What it holds, in `reader.store.paths.cache_dir()` (safe to delete; it is rebuilt):

* `docs`: every article's summary (all `ArticleSummary` fields), its speakers' names, sort keys
  for the list's orders, and the file's stamp (mtime, size, ctime and inode, as git compares),
  so a start lists the feed without parsing a file and re-parses only the files that changed.
  `errors`: the files that failed to load, with the same stamps. `quotes`: each article's
  quotes and speakers (compressed JSON), so `quotes`, the export and the speaker index read
  no file.
* `ft`: a contentless FTS5 table (title, site, area, speakers, body), stemmed (`porter` over
  `unicode61`: "phones" finds "phone"). No text is stored twice: on an SQLite with
  contentless-delete tables (3.43+, bundled by `pysqlite3-binary`) the index keeps no body at
  all, and snippets are cut from the file; on an older SQLite, `bodies` keeps each body
  compressed, which FTS5 needs to forget a changed article's words.
* Row ids follow publication time (`_date_id`), so "newest first" and `before:`/`after:` are
  rowid order and rowid ranges, which FTS5 walks without sorting. A file edited in place keeps
  its id while its date keeps its second. Every other order has an index (`ORDERS`).
* `seq` numbers every write; each row carries the change that wrote it, and `gone` keeps the
  paths removed, so each reader of the index (two apps on one feed) can ask for what changed
  since it last looked (`changes`), whoever wrote it.

Ranking: bm25 with column weights (title > speakers > site, area > body) over the
`RANK_WINDOW` newest matches; older matches follow newest first (see `search`).

Each thread gets its own connection (WAL: searches read while a sync writes). Faults:
a damaged file (at open, or found by any query or sync) is rebuilt in place; a full disk or an
unwritable folder moves the index to a temporary folder, or into memory, and it goes back once
there is room. Either way `IndexReset` tells the caller to sync again, and `notice` says why.
Without FTS5 the index still lists the feed, and search scans the stored bodies (with a notice).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
import threading
import time
import uuid
import weakref
import zlib
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, fields, is_dataclass, replace
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any, Literal, TypeVar

import reader.articles
import reader.quotes
import reader.search.query
from reader.articles.model import Article, ArticleSummary, LoadError
from reader.articles.parse import DEFAULT_MAX_BYTES, parse_file
from reader.articles.sorting import SortOrder, sort_key
from reader.feed import facets as facet_sql
from reader.feed import state_sql
from reader.feed.discover import FeedWalk, join, map_files
from reader.quotes import ArticleQuotes, Mention, Quote, Speaker, extract_quotes
from reader.search.query import (
    And,
    DateBound,
    Fields,
    Marks,
    MarksSource,
    Node,
    Not,
    Or,
    Phrase,
    Query,
    QuoteFilter,
    StateFilter,
    index_text,
    matches,
    reads_quotes,
    reads_state,
)
from reader.search.sqlite import sqlite3
from reader.search.stem import TOKENIZER
from reader.store.paths import cache_dir

SCHEMA_VERSION = 3
Sort = Literal["rank", "date"]
SORTS: tuple[Sort, ...] = ("rank", "date")

# How many of a query's newest matches bm25 ranks. Scoring costs 2-4 µs a match on the shared
# 2-core machine; 5,000 keeps a query that matches a whole 100k feed under ~35 ms.
RANK_WINDOW = 5_000
# bm25 weights, in the column order of the `ft` table.
_FTS_COLUMNS = ("title", "site", "area", "speakers", "body")
_WEIGHTS = (10.0, 2.0, 2.0, 4.0, 1.0)
_FIELD_COLUMNS = {"title": "title", "site": "site", "area": "area", "speaker": "speakers"}
# Speaker names are stored one per line; a phrase may still run from one name into the next.
SPEAKER_SEPARATOR = "\n"

# Row ids: seconds since 0001-01-01 shifted left, leaving room for a million articles stamped
# with the same second. Undated articles get ids below every dated one (they sort last).
_SEQ_BITS = 20
_SPAN = 1 << _SEQ_BITS
_DATED_MIN = 86_400 << _SEQ_BITS
_ID_MIN, _ID_MAX = 0, 1 << 62
_BATCH = 500
_MMAP_BYTES = 1 << 30
_ZLIB_LEVEL = 6
_DAMAGE_CODES = frozenset({sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB})
# The code whose output the index holds: when it changes, stored rows may be wrong.
_MODEL_PACKAGES = (reader.articles, reader.quotes, reader.search.query)
# A sync that parses this many files is a build: it runs with the build-time pragmas.
_BUILD_FILES = 2_000
_COMMIT_DOCS = 5_000  # a build commits this often (and at least every _COMMIT_SECONDS)
_COMMIT_SECONDS = 1.0
_GONE_KEPT = 100_000  # paths removed that `changes` can still name
_RETRY_SECONDS = 30.0  # how often a full disk is tried again
_Key = tuple[int, bytes]  # a file: the number of the feed path it is under, its path below it

# The sort orders of the list, as SQL over `docs d`; each has an index.
ORDERS: dict[SortOrder, str] = {
    "newest": "d.id DESC",
    "oldest": f"d.id < {_DATED_MIN}, d.id >> {_SEQ_BITS}, d.id DESC",
    "title": "d.title_key, d.root, d.rel",
    "area": "d.area_key = '', d.area_key, d.id DESC",
}


class IndexUnavailable(Exception):
    """No index could be made anywhere (not even in memory); the message says why."""


class IndexReset(Exception):
    """The index was replaced by an empty one (it was damaged, or its disk is full, or there is
    room again): sync again. `notice` says what happened."""

    def __init__(self, notice: str) -> None:
        super().__init__(notice)
        self.notice = notice


@dataclass(frozen=True, slots=True)
class SyncBatch:
    """One step of a sync, and its progress: the first has `done` 0 and the `total` number of
    files to parse; the ids and load errors are what this step wrote."""

    written: list[int]
    errors: list[LoadError]
    done: int
    total: int


@dataclass(frozen=True, slots=True)
class Changes:
    """What the index holds that a reader last saw at `since`: rows written since (new or
    changed), the doc ids and paths removed since, load errors recorded since and paths whose
    error is gone. `seq` is where to ask from next time. `complete` is False when the removals
    since `since` are no longer all known (the reader should compare its whole list)."""

    summaries: list[tuple[int, ArticleSummary]]
    removed: list[tuple[int | None, Path]]
    errors: list[LoadError]
    seq: int
    complete: bool


@dataclass(frozen=True, slots=True)
class Matches:
    """Doc ids of one page of results, best first, and how many documents match in all.

    `scores` (higher is better) cover the first `ranked` ids; the rest are newest first.
    """

    ids: list[int]
    scores: list[float]
    count: int
    ranked: int
    notice: str | None = None


def fts5_available() -> bool:
    """Whether this SQLite was built with FTS5."""
    connection = sqlite3.connect(":memory:")
    try:
        connection.execute("CREATE VIRTUAL TABLE probe USING fts5(text)")
    except sqlite3.OperationalError:
        return False
    finally:
        connection.close()
    return True


def contentless_delete() -> bool:
    """Whether FTS5 can forget a row without being told its words (SQLite 3.43+)."""
    return sqlite3.sqlite_version_info >= (3, 43, 0)


def index_path(roots: Sequence[Path], directory: Path | None = None) -> Path:
    """The index file of the feed made of `roots`, keyed by their resolved paths."""
    key = "\n".join(str(root.resolve()) for root in roots)
    digest = hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:16]
    name = (roots[0].resolve().name if roots else "") or "feed"
    safe_name = "".join(char if char.isalnum() or char in "-_" else "_" for char in name)[:40]
    return (directory or cache_dir()) / f"index-{safe_name}-{digest}.sqlite3"


def is_damage(error: BaseException) -> bool:
    """Whether an SQLite error says the file is damaged (or is not a database)."""
    if not isinstance(error, sqlite3.DatabaseError):
        return False
    code = getattr(error, "sqlite_errorcode", None)
    return code in _DAMAGE_CODES or "malformed" in str(error) or "not a database" in str(error)


def is_full(error: BaseException) -> bool:
    """Whether an error says the disk (or the file's size limit) is full."""
    if isinstance(error, OSError):
        return error.errno == 28  # ENOSPC
    code = getattr(error, "sqlite_errorcode", None)
    return code == sqlite3.SQLITE_FULL or "database or disk is full" in str(error)


_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class _Layout:
    """What kind of file the index is, decided once per process."""

    fts: bool
    bodies: bool  # keep bodies (no contentless-delete, or no FTS5 to search at all)


class FeedIndex:
    """One feed's index. Safe to use from several threads; one sync at a time."""

    def __init__(self, roots: Sequence[Path], *, directory: Path | None = None) -> None:
        self.roots = list(roots)
        self._root_texts = [str(root) for root in self.roots]
        fts = fts5_available()
        self.fts = fts
        self._layout = _Layout(fts=fts, bodies=not (fts and contentless_delete()))
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._connections_lock = threading.Lock()
        self._sync_lock = threading.Lock()
        self._state_lock = threading.RLock()
        self._generation = 0
        self._temporary: Path | None = None
        self._memory: str | None = None
        self._preferred = index_path(self.roots, directory)
        self._retry_at = 0.0
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
                _remove_database(path)
                return path, self._prepare(path) or "search index was damaged; rebuilt it"
            return self._away(path, _why(path, error))

    def _away(self, path: Path, why: str) -> tuple[Path, str]:
        """Index in a temporary folder (removed on close), or failing that in memory."""
        self._drop_temporary()
        try:
            folder = Path(tempfile.mkdtemp(prefix="pressreader-index-"))
            self._temporary = folder
            self._prepare(folder / path.name)
        except (OSError, sqlite3.Error):
            self._drop_temporary()
            self._memory = f"file:pressreader-index-{uuid.uuid4().hex}?mode=memory&cache=shared"
            # The first connection keeps a memory database alive: it is never closed early.
            self._prepare(Path(self._memory))
            return Path(self._memory), f"{why}; using a search index in memory this time"
        return folder / path.name, f"{why}; using a temporary one"

    def _prepare(self, path: Path) -> str | None:
        """Make `path` a current index: keep it, or rebuild it and say why."""
        memory = self._is_memory(path)
        reason = None if memory else _staleness(path, self._layout)
        if reason is not None:
            _remove_database(path)
        connection = self._connect(path)
        try:
            _create_schema(connection, self._layout)
        finally:
            if memory:
                self._keepalive = connection
            else:
                connection.close()
        return None if reason is None or reason == "new" else f"search index {reason}; rebuilt it"

    def _is_memory(self, path: Path) -> bool:
        return self._memory is not None and str(path) == self._memory

    def _connect(self, path: Path) -> sqlite3.Connection:
        if self._is_memory(path):
            connection = sqlite3.connect(
                str(path), uri=True, timeout=30.0, isolation_level=None, check_same_thread=False
            )
            connection.execute("PRAGMA read_uncommitted = 1")  # shared cache: no table locks
            return connection
        return _connect(path)

    def _connection(self) -> sqlite3.Connection:
        local = self._local
        connection: sqlite3.Connection | None = getattr(local, "connection", None)
        if connection is None or local.generation != self._generation:
            connection = self._connect(self.path)
            local.connection, local.generation, local.marks = connection, self._generation, None
            with self._connections_lock:
                self._connections.append(connection)
        return connection

    def close(self) -> None:
        with self._connections_lock:
            connections, self._connections = self._connections, []
        for connection in connections:
            connection.close()
        self._local = threading.local()
        if self._memory:
            self._keepalive.close()
        self._drop_temporary()

    def _drop_temporary(self) -> None:
        if self._temporary is not None:
            shutil.rmtree(self._temporary, ignore_errors=True)
            self._temporary = None

    def __enter__(self) -> FeedIndex:
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
                    _remove_database(self.path)
                    self._prepare(self.path)
            self._tell(notice)
            raise IndexReset(notice) from error
        if is_full(error) and not self._memory:
            why = _why(self.path, error)
            with self._state_lock:
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
            with contextlib.closing(_connect(self._preferred)) as probe:
                probe.execute("BEGIN IMMEDIATE")
                probe.execute(
                    "INSERT OR REPLACE INTO meta VALUES ('probe', ?)", (uuid.uuid4().hex,)
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
        notice = f"there is room for the search index again: back at {self.path}"
        self._tell(notice)
        raise IndexReset(notice)

    # --- the stored feed ------------------------------------------------------------------------

    def cached_summaries(self, first: int = 1000) -> Iterator[list[tuple[int, ArticleSummary]]]:
        """Every indexed article, newest first, as it was when its file was last parsed: the
        `first` newest in a list of their own (the top of a list, ready in a few ms), then the
        rest."""
        rows = self._guard(
            lambda: (
                self._connection()
                .execute(f"SELECT {_SUMMARY_COLUMNS} FROM docs d ORDER BY id DESC")
                .fetchall()
            )
        )
        if rows[:first]:
            yield [(row[0], self._summary(row)) for row in rows[:first]]
        if rows[first:]:
            yield [(row[0], self._summary(row)) for row in rows[first:]]

    def rows(self, sort: SortOrder = "newest") -> Iterator[tuple[Any, ...]]:
        """Every indexed article as raw summary columns (`summary_row`), in `sort` order:
        what `list` prints without building an object per article."""
        cursor = self._guard(
            lambda: self._connection().execute(
                f"SELECT {_SUMMARY_COLUMNS} FROM docs d ORDER BY {ORDERS[sort]}"
            )
        )
        while chunk := self._guard(lambda: cursor.fetchmany(2_000)):
            yield from chunk

    def count(self) -> int:
        """How many articles are indexed (kept in `meta`: counting 100k rows takes ~0.3 s)."""
        return self._guard(lambda: self._meta_int(self._connection(), "docs"))

    def seq(self) -> int:
        """The number of the last change written."""
        return self._guard(lambda: self._meta_int(self._connection(), "seq"))

    def instance(self) -> str:
        """Which index file this is: a new one (rebuilt, moved) has another."""
        connection = self._connection()
        row = self._guard(
            lambda: connection.execute("SELECT value FROM meta WHERE key = 'instance'").fetchone()
        )
        return f"{self.location}:{row[0] if row else ''}"

    @staticmethod
    def _meta_int(connection: sqlite3.Connection, key: str) -> int:
        row = connection.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return int(row[0]) if row else 0

    def cached_errors(self) -> list[LoadError]:
        rows = self._guard(
            lambda: (
                self._connection().execute("SELECT root, rel, reason, line FROM errors").fetchall()
            )
        )
        return [LoadError(self._path(root, rel), reason, line) for root, rel, reason, line in rows]

    def summaries(self, ids: Sequence[int]) -> dict[int, ArticleSummary]:
        return {row[0]: self._summary(row) for row in self._guard(lambda: self._rows_of(ids))}

    def _rows_of(self, ids: Sequence[int], columns: str = "") -> list[tuple[Any, ...]]:
        connection = self._connection()
        found: list[tuple[Any, ...]] = []
        for start in range(0, len(ids), _BATCH):
            chunk = list(ids[start : start + _BATCH])
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT {_SUMMARY_COLUMNS}{columns} FROM docs d WHERE d.id IN ({marks})"
            found += connection.execute(sql, chunk)
        return found

    def id_of(self, path: Path) -> int | None:
        """The doc id of the article at `path`, if it is indexed."""
        key = self._key(path)
        if key is None:
            return None
        row = self._guard(
            lambda: (
                self._connection()
                .execute("SELECT id FROM docs WHERE root = ? AND rel = ?", key)
                .fetchone()
            )
        )
        return int(row[0]) if row else None

    def ids_of_identity(self, identity: str) -> list[int]:
        rows = self._guard(
            lambda: (
                self._connection()
                .execute("SELECT id FROM docs WHERE identity = ? ORDER BY id DESC", (identity,))
                .fetchall()
            )
        )
        return [row[0] for row in rows]

    def body(self, doc_id: int) -> str | None:
        """An article's body: stored, or (when the index keeps none) read from its file."""
        connection = self._connection()
        if self._layout.bodies:
            found = self._guard(
                lambda: connection.execute(
                    "SELECT body FROM bodies WHERE id = ?", (doc_id,)
                ).fetchone()
            )
            return zlib.decompress(found[0]).decode("utf-8") if found else None
        summary = self.summaries([doc_id]).get(doc_id)
        if summary is None:
            return None
        article = parse_file(summary.path)
        return None if isinstance(article, LoadError) else article.body

    def speakers(self, doc_id: int) -> tuple[str, ...]:
        found = self._guard(
            lambda: (
                self._connection()
                .execute("SELECT speakers FROM docs WHERE id = ?", (doc_id,))
                .fetchone()
            )
        )
        return _split_speakers(found[0]) if found else ()

    def quotes(self, ids: Sequence[int]) -> list[tuple[ArticleSummary, ArticleQuotes]]:
        """The stored quotes of the articles `ids`, in that order (ids not indexed are left out)."""
        rows = self._guard(
            lambda: self._rows_of(ids, ", (SELECT data FROM quotes q WHERE q.id = d.id)")
        )
        by_id = {row[0]: row for row in rows}
        found = []
        for doc_id in ids:
            row = by_id.get(doc_id)
            if row is not None:
                found.append((self._summary(row), decode_quotes(row[-1])))
        return found

    def all_quotes(
        self, sort: SortOrder = "newest"
    ) -> Iterator[tuple[ArticleSummary, ArticleQuotes]]:
        """Every article's stored quotes, in `sort` order."""
        sql = (
            f"SELECT {_SUMMARY_COLUMNS}, q.data FROM docs d JOIN quotes q ON q.id = d.id "
            f"ORDER BY {ORDERS[sort]}"
        )
        cursor = self._guard(lambda: self._connection().execute(sql))
        while chunk := self._guard(lambda: cursor.fetchmany(2_000)):
            for row in chunk:
                yield self._summary(row), decode_quotes(row[-1])

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

    # --- what changed, for each reader ----------------------------------------------------------

    def changes(self, since: int) -> Changes:
        """What was written after change `since` (see `Changes`), read in one transaction."""
        return self._guard(lambda: self._changes(since))

    def _changes(self, since: int) -> Changes:
        connection = self._connection()
        connection.execute("BEGIN")
        try:
            seq = self._meta_int(connection, "seq")
            pruned = self._meta_int(connection, "pruned")
            rows = connection.execute(
                f"SELECT {_SUMMARY_COLUMNS} FROM docs d WHERE seq > ? ORDER BY id DESC", (since,)
            ).fetchall()
            gone = connection.execute(
                "SELECT id, root, rel FROM gone WHERE seq > ? ORDER BY seq", (since,)
            ).fetchall()
            errors = connection.execute(
                "SELECT root, rel, reason, line FROM errors WHERE seq > ?", (since,)
            ).fetchall()
        finally:
            connection.execute("COMMIT")
        return Changes(
            summaries=[(row[0], self._summary(row)) for row in rows],
            removed=[(doc_id, self._path(root, rel)) for doc_id, root, rel in gone],
            errors=[
                LoadError(self._path(root, rel), reason, line) for root, rel, reason, line in errors
            ],
            seq=seq,
            complete=since >= pruned,
        )

    def ids(self) -> set[int]:
        rows = self._guard(lambda: self._connection().execute("SELECT id FROM docs").fetchall())
        return {row[0] for row in rows}

    # --- sync -----------------------------------------------------------------------------------

    def sync(self, found: FeedWalk, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[SyncBatch]:
        """Bring the index in line with the files: re-parse new and changed files (by their
        stamps), drop the ones that are gone. Yields what it wrote, batch by batch."""
        with self._sync_lock:
            # One sync at a time in this process; other processes wait on SQLite's write lock.
            self.try_going_back()
            yield from self._sync(found, max_bytes)

    def _sync(self, found: FeedWalk, max_bytes: int) -> Iterator[SyncBatch]:
        known = self._guard(self._stamps)
        changed: list[_Key] = []
        gone: list[_Key] = []
        for root, files in enumerate(found.files):
            old = known[root] if root < len(known) else {}
            changed += [(root, rel) for rel, stamp in files.items() if old.get(rel) != stamp]
            gone += [(root, rel) for rel in old.keys() - files.keys()]
        changed.sort()  # path order: ids in one second are handed out in it
        if gone:
            self._guard(
                lambda: self._write(lambda connection, seq: self._forget_all(connection, seq, gone))
            )
        yield SyncBatch([], [], 0, len(changed))
        if not changed:
            return
        work = [(root, rel, str(found.path(root, rel))) for root, rel in changed]
        stamps = {key: found.files[key[0]][key[1]] for key in changed}
        build = len(changed) >= _BUILD_FILES
        writer = _Writer(self, stamps, build=build)
        try:
            for results in map_files(
                partial(_parse_chunk, max_bytes=max_bytes, layout=self._layout), work
            ):
                batch = writer.add(results)
                if batch is not None:
                    yield batch
            if (last := writer.finish()) is not None:
                yield last
        finally:
            writer.close()

    def _stamps(self) -> list[dict[bytes, bytes]]:
        connection = self._connection()
        stamps: list[dict[bytes, bytes]] = []
        for root in range(len(self.roots)):
            known = dict(connection.execute("SELECT rel, stamp FROM docs WHERE root = ?", (root,)))
            known.update(
                connection.execute("SELECT rel, stamp FROM errors WHERE root = ?", (root,))
            )
            stamps.append(known)
        return stamps

    def _write(self, change: Callable[[sqlite3.Connection, int], _T]) -> _T:
        """Run `change(connection, seq)` in one write transaction numbered `seq`."""
        connection = self._connection()
        connection.execute("BEGIN IMMEDIATE")
        try:
            seq = self._meta_int(connection, "seq") + 1
            result = change(connection, seq)
            connection.execute("UPDATE meta SET value = ? WHERE key = 'seq'", (str(seq),))
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")
        return result

    def _forget_all(self, connection: sqlite3.Connection, seq: int, keys: Iterable[_Key]) -> None:
        dropped = sum(self._forget(connection, seq, key) is not None for key in keys)
        _add_to_count(connection, -dropped)

    def _forget(self, connection: sqlite3.Connection, seq: int, key: _Key) -> int | None:
        """Remove what the index holds for one file (noting its path in `gone`); returns the
        article's doc id if it had one."""
        if connection.execute("DELETE FROM errors WHERE root = ? AND rel = ?", key).rowcount:
            connection.execute(
                "INSERT INTO gone (seq, id, root, rel) VALUES (?, NULL, ?, ?)", (seq, *key)
            )
        row = connection.execute("SELECT id FROM docs WHERE root = ? AND rel = ?", key).fetchone()
        if row is None:
            return None
        doc_id = int(row[0])
        self._unindex(connection, doc_id)
        connection.execute("DELETE FROM docs WHERE id = ?", (doc_id,))
        connection.execute("DELETE FROM quotes WHERE id = ?", (doc_id,))
        connection.execute(
            "INSERT INTO gone (seq, id, root, rel) VALUES (?, ?, ?, ?)", (seq, doc_id, *key)
        )
        return doc_id

    def _unindex(self, connection: sqlite3.Connection, doc_id: int) -> None:
        """Take a doc's words out of the full-text index (and its stored body)."""
        if not self._layout.fts:
            connection.execute("DELETE FROM bodies WHERE id = ?", (doc_id,))
        elif not self._layout.bodies:
            connection.execute("DELETE FROM ft WHERE rowid = ?", (doc_id,))
        else:
            # A contentless table forgets a row only when told the words it indexed for it.
            row = connection.execute(
                "SELECT d.title, d.site, d.area, d.speakers, b.body FROM docs d "
                "JOIN bodies b ON b.id = d.id WHERE d.id = ?",
                (doc_id,),
            ).fetchone()
            if row is not None:
                title, site, area, speakers, body = row
                old = (title, site, area, speakers, zlib.decompress(body).decode("utf-8"))
                connection.execute(_FTS_DELETE, (doc_id, *map(_indexed, old)))
            connection.execute("DELETE FROM bodies WHERE id = ?", (doc_id,))

    def _store(
        self, connection: sqlite3.Connection, seq: int, parsed: _Parsed, stamp: bytes
    ) -> tuple[int, int]:
        """Write one parsed article; an edited file keeps its id while its date's second does.
        Returns its id, and 1 if the feed has one article more (0 for an edit)."""
        key = (parsed.root, parsed.rel)
        connection.execute("DELETE FROM errors WHERE root = ? AND rel = ?", key)
        row = connection.execute("SELECT id FROM docs WHERE root = ? AND rel = ?", key).fetchone()
        base = _date_id(parsed.published)
        if row is not None and _same_second(row[0], base):
            doc_id = int(row[0])
            self._unindex(connection, doc_id)
            connection.execute("DELETE FROM docs WHERE id = ?", (doc_id,))
            added = 0
        else:
            added = 1 if row is None or self._forget(connection, seq, key) is None else 0
            doc_id = _free_id(connection, parsed.published)
        connection.execute(_DOCS_INSERT, (doc_id, *key, stamp, seq, *parsed.doc))
        connection.execute("INSERT OR REPLACE INTO quotes VALUES (?, ?)", (doc_id, parsed.quotes))
        if self._layout.fts:
            connection.execute(_FTS_INSERT, (doc_id, *parsed.fts))
        if parsed.body is not None:
            connection.execute("INSERT INTO bodies VALUES (?, ?)", (doc_id, parsed.body))
        return doc_id, added

    def _store_error(
        self, connection: sqlite3.Connection, seq: int, error: _Failed, stamp: bytes
    ) -> int:
        key = (error.root, error.rel)
        removed = self._forget(connection, seq, key) is not None
        connection.execute(
            "INSERT INTO errors VALUES (?, ?, ?, ?, ?, ?)",
            (*key, stamp, seq, error.reason, error.line),
        )
        return -int(removed)

    def prune(self) -> None:
        """Forget the oldest removed paths beyond `_GONE_KEPT`."""

        def change(connection: sqlite3.Connection, _seq: int) -> None:
            row = connection.execute(
                "SELECT seq FROM gone ORDER BY seq DESC LIMIT 1 OFFSET ?", (_GONE_KEPT,)
            ).fetchone()
            if row is not None:
                connection.execute("DELETE FROM gone WHERE seq <= ?", (row[0],))
                connection.execute("UPDATE meta SET value = ? WHERE key = 'pruned'", (str(row[0]),))

        self._guard(lambda: self._write(change))

    # --- search ---------------------------------------------------------------------------------

    def _load_marks(self, connection: sqlite3.Connection, marks: Marks) -> None:
        """Copy the marks into this thread's temp tables, when they changed since last time."""
        if getattr(self._local, "marks", None) == marks:
            return
        for name, identities in (("marks_read", marks.read), ("marks_starred", marks.starred)):
            connection.execute(
                f"CREATE TEMP TABLE IF NOT EXISTS {name} (identity TEXT PRIMARY KEY) WITHOUT ROWID"
            )
            connection.execute(f"DELETE FROM temp.{name}")
            connection.executemany(
                f"INSERT INTO temp.{name} VALUES (?)", ((item,) for item in identities)
            )
        state_sql.load(connection, marks)
        self._local.marks = marks

    def search(
        self,
        query: Query,
        *,
        sort: Sort = "rank",
        limit: int | None = 20,
        offset: int = 0,
        marks_source: MarksSource | None = None,
    ) -> Matches:
        """One page of `query`'s matches and their total count.

        sort="rank": bm25 over the `RANK_WINDOW` newest matches, best first, then any older
        matches newest first (`Matches.ranked` says how many are ranked). A query with no words
        to rank (only dates, `is:` or exclusions) comes newest first. sort="date": newest first.
        """
        marks = Marks.of(marks_source, query)
        return self._guard(lambda: self._search(query, marks, sort, limit, offset))

    def _search(
        self, query: Query, marks: Marks | None, sort: Sort, limit: int | None, offset: int
    ) -> Matches:
        connection = self._connection()
        if marks is not None:
            self._load_marks(connection, marks)
        if not self.fts:
            return self._scan(query, marks, limit, offset)
        return _run(connection, _plan(query.root), sort, offset, limit)

    def ordered_ids(
        self,
        order: SortOrder,
        query: Query | None = None,
        *,
        marks_source: MarksSource | None = None,
    ) -> array[int]:
        """Every article's id in `order` (only `query`'s matches when given): a list's rows."""
        marks = Marks.of(marks_source, query) if query is not None else None
        return self._guard(lambda: self._ordered_ids(order, query, marks))

    def _ordered_ids(
        self, order: SortOrder, query: Query | None, marks: Marks | None
    ) -> array[int]:
        connection = self._connection()
        ids: array[int] = array("q")
        if query is None:
            ids.extend(
                row[0]
                for row in connection.execute(f"SELECT d.id FROM docs d ORDER BY {ORDERS[order]}")
            )
            return ids
        if marks is not None:
            self._load_marks(connection, marks)
        if not self.fts or order == "newest":
            ids.extend(self._search(query, marks, "date", None, 0).ids)
            if order == "newest" or not ids:
                return ids
            chosen = ",".join(map(str, ids))
            sql = f"SELECT d.id FROM docs d WHERE d.id IN ({chosen}) ORDER BY {ORDERS[order]}"
            return array("q", (row[0] for row in connection.execute(sql)))
        inner, params = _plan(query.root).every_id
        sql = f"SELECT d.id FROM docs d WHERE d.id IN ({inner}) ORDER BY {ORDERS[order]}"
        ids.extend(row[0] for row in connection.execute(sql, params))
        return ids

    def unread_count(self, marks: Marks) -> int:
        """How many indexed articles `marks` has not read (marks joined in SQL)."""

        def count() -> int:
            connection = self._connection()
            self._load_marks(connection, marks)
            sql = "SELECT count(*) FROM docs WHERE identity NOT IN temp.marks_read"
            return int(connection.execute(sql).fetchone()[0])

        return self._guard(count)

    def facets(
        self, query: Query | None, *, marks_source: MarksSource | None = None
    ) -> facet_sql.Facets:
        """Counts of all of `query`'s matches (of the whole feed for None) by area, site, year,
        month and speaker (see reader.feed.facets)."""
        marks = Marks.of(marks_source, query) if query is not None else None
        return self._guard(lambda: self._facets(query, marks))

    def _facets(self, query: Query | None, marks: Marks | None) -> facet_sql.Facets:
        connection = self._connection()
        if query is None:
            return facet_sql.count(connection, None)
        if marks is not None:
            self._load_marks(connection, marks)
        if not self.fts:
            return facet_sql.count_ids(connection, self._scan(query, marks, None, 0).ids)
        return facet_sql.count(connection, _plan(query.root).every_id)

    def _scan(self, query: Query, marks: Marks | None, limit: int | None, offset: int) -> Matches:
        """Search without FTS5: evaluate the query on every stored article, newest first."""
        rows = self._connection().execute(
            "SELECT d.id, d.title, d.site, d.area, d.speakers, d.published, d.identity, "
            "d.doubtful, b.body FROM docs d JOIN bodies b ON b.id = d.id ORDER BY d.id DESC"
        )
        found = []
        for doc_id, title, site, area, speakers, published, identity, doubtful, body in rows:
            fields = Fields(
                title=title,
                site=site,
                area=area,
                speakers=_split_speakers(speakers),
                body=zlib.decompress(body).decode("utf-8"),
                published=datetime.fromisoformat(published) if published else None,
                identity=identity,
                doubtful=bool(doubtful),
            )
            if matches(query, fields, marks):
                found.append(doc_id)
        page = found[offset:] if limit is None else found[offset : offset + limit]
        return Matches(page, [], len(found), 0, notice=SCAN_NOTICE)


class _Writer:
    """The one writer of a sync: stores what the parsing processes hand back, in transactions
    of up to `_COMMIT_DOCS` articles (a build: with the build-time pragmas)."""

    def __init__(self, index: FeedIndex, stamps: dict[_Key, bytes], *, build: bool) -> None:
        self.index = index
        self.stamps = stamps
        self.build = build
        self.total = len(stamps)
        self.done = 0
        self.pending: list[_Parsed | _Failed] = []
        self.since = time.monotonic()
        if build:
            _build_pragmas(index._connection(), on=True)

    def add(self, results: list[_Parsed | _Failed]) -> SyncBatch | None:
        self.pending += results
        late = time.monotonic() - self.since >= _COMMIT_SECONDS
        if len(self.pending) >= (_COMMIT_DOCS if self.build else 1) or late:
            return self._flush()
        return None

    def finish(self) -> SyncBatch | None:
        return self._flush() if self.pending else None

    def close(self) -> None:
        if self.build:
            with contextlib.suppress(sqlite3.Error):
                _build_pragmas(self.index._connection(), on=False)

    def _flush(self) -> SyncBatch:
        pending, self.pending = self.pending, []
        self.since = time.monotonic()
        written, errors = self.index._guard(
            lambda: self.index._write(partial(self._store, pending))
        )
        self.done += len(pending)
        return SyncBatch(written, errors, self.done, self.total)

    def _store(
        self, pending: list[_Parsed | _Failed], connection: sqlite3.Connection, seq: int
    ) -> tuple[list[int], list[LoadError]]:
        index = self.index
        written: list[int] = []
        errors: list[LoadError] = []
        change = 0
        for result in pending:
            stamp = self.stamps[(result.root, result.rel)]
            if isinstance(result, _Failed):
                change += index._store_error(connection, seq, result, stamp)
                errors.append(
                    LoadError(index._path(result.root, result.rel), result.reason, result.line)
                )
            else:
                doc_id, added = index._store(connection, seq, result, stamp)
                written.append(doc_id)
                change += added
        _add_to_count(connection, change)
        return written, errors


def _build_pragmas(connection: sqlite3.Connection, *, on: bool) -> None:
    """A build writes most of the file: no fsync per commit (the index is a cache, rebuilt if a
    crash damages it) and a larger page cache for the full-text index's merges."""
    connection.execute(f"PRAGMA synchronous = {'OFF' if on else 'NORMAL'}")
    connection.execute(f"PRAGMA cache_size = {-262_144 if on else -2_000}")


# --- what the parsing processes hand back -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Parsed:
    """An article as the index stores it, worked out in a parsing process."""

    root: int
    rel: bytes
    published: datetime | None
    doc: tuple[Any, ...]  # the docs columns after id, root, rel, stamp and seq
    fts: tuple[str, ...]  # the full-text columns, folded for the tokenizer
    quotes: bytes  # compressed JSON (`encode_quotes`)
    body: bytes | None  # compressed, when the index keeps bodies


@dataclass(frozen=True, slots=True)
class _Failed:
    root: int
    rel: bytes
    reason: str
    line: int | None


def _parse_chunk(
    files: Sequence[tuple[int, bytes, str]], *, max_bytes: int, layout: _Layout
) -> list[_Parsed | _Failed]:
    """Parse files for the index. Runs in `map_files`' worker processes: parsing, quote
    extraction, folding and compressing are CPU-bound pure Python, so they belong on the other
    cores, and the writer only inserts."""
    results: list[_Parsed | _Failed] = []
    for root, rel, path in files:
        article = parse_file(Path(path), max_bytes=max_bytes)
        if isinstance(article, LoadError):
            results.append(_Failed(root, rel, article.reason, article.line))
        else:
            results.append(_parsed(root, rel, article, layout))
    return results


def _parsed(root: int, rel: bytes, article: Article, layout: _Layout) -> _Parsed:
    quotes = extract_quotes(article.body, article.title)
    speakers = SPEAKER_SEPARATOR.join(speaker.name for speaker in quotes.speakers)
    summary = article.summary
    doc = (
        article.title,
        article.site,
        article.area,
        article.published.isoformat() if article.published else None,
        article.url,
        article.identity,
        article.word_count,
        speakers,
        _title_key(summary),
        (article.area or "").casefold(),
        int(quotes.doubtful),
    )
    texts = (article.title, article.site, article.area, speakers, article.body)
    body = (
        zlib.compress(article.body.encode("utf-8", "surrogatepass"), _ZLIB_LEVEL)
        if layout.bodies
        else None
    )
    return _Parsed(
        root=root,
        rel=rel,
        published=article.published,
        doc=doc,
        fts=tuple(map(_indexed, texts)) if layout.fts else (),
        quotes=encode_quotes(quotes),
        body=body,
    )


def _title_key(summary: ArticleSummary) -> str:
    return str(sort_key("title")(summary)[0])


def encode_quotes(quotes: ArticleQuotes) -> bytes:
    """An article's quotes as compact JSON, compressed: each object as the list of its fields."""
    text = json.dumps(_plain(quotes), ensure_ascii=False, separators=(",", ":"))
    return zlib.compress(text.encode("utf-8", "surrogatepass"), 1)


def decode_quotes(blob: bytes | None) -> ArticleQuotes:
    if not blob:
        return ArticleQuotes((), ())
    values = json.loads(zlib.decompress(blob).decode("utf-8", "surrogatepass"))
    return _rebuilt(ArticleQuotes, values)


def _plain(value: Any) -> Any:
    kind = type(value)
    if kind in _LEAVES:
        return value
    if kind is tuple:
        return [_plain(item) for item in value]
    names = _FIELD_NAMES.get(kind)
    if names is None:
        if not (is_dataclass(value) and not isinstance(value, type)):
            return value
        names = _FIELD_NAMES[type(value)] = tuple(field.name for field in fields(value))
    return [_plain(getattr(value, name)) for name in names]


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}
_LEAVES = frozenset({str, int, float, bool, type(None)})


# The fields that hold objects (a tuple of them); spans are pairs of ints.
_NESTED: dict[str, type[Any]] = {
    "speakers": Speaker,
    "mentioned": Mention,
    "unattributed": Quote,
    "quotes": Quote,
}


def _rebuilt(kind: type[_T], values: list[Any]) -> _T:
    named: dict[str, Any] = {}
    for field, value in zip(fields(kind), values, strict=True):  # type: ignore[arg-type]
        if field.name in _NESTED:
            value = tuple(_rebuilt(_NESTED[field.name], item) for item in value)
        elif field.name == "spans":
            value = tuple(tuple(span) for span in value)
        named[field.name] = value
    return kind(**named)


SCAN_NOTICE = "this SQLite has no full-text search (FTS5): searching by scanning, newest first"

_SUMMARY_COLUMNS = (
    "d.id, d.root, d.rel, d.title, d.site, d.area, d.published, d.url, d.identity, d.word_count"
)
_DOCS_INSERT = "INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
_FTS_INSERT = f"INSERT INTO ft (rowid, {', '.join(_FTS_COLUMNS)}) VALUES (?, ?, ?, ?, ?, ?)"
_FTS_DELETE = (
    f"INSERT INTO ft (ft, rowid, {', '.join(_FTS_COLUMNS)}) VALUES ('delete', ?, ?, ?, ?, ?, ?)"
)
_BM25 = f"bm25(ft, {', '.join(map(str, _WEIGHTS))})"


def summary_row(
    row: Sequence[Any],
) -> tuple[int, int, bytes, str, str | None, str | None, str | None, str | None, str, int]:
    """The columns of a raw summary row (`FeedIndex.rows`), named in this order: id, root, rel,
    title, site, area, published (ISO text), url, identity, word count."""
    return tuple(row[:10])


def _indexed(value: str | None) -> str:
    return index_text(value) if value else ""


def _split_speakers(stored: str) -> tuple[str, ...]:
    return tuple(stored.split(SPEAKER_SEPARATOR)) if stored else ()


def _why(path: Path, error: BaseException) -> str:
    if is_full(error):
        return f"the disk holding the search index at {path} is full"
    return f"cannot write the search index at {path} ({error})"


def _drop_folder(index: FeedIndex) -> None:
    index._drop_temporary()


# --- ids in publication order -------------------------------------------------------------------


def _date_id(published: datetime | None) -> int:
    """The lowest id of the second `published` falls in (1 for undated articles)."""
    if published is None:
        return 1
    seconds = published.toordinal() * 86_400 + published.hour * 3600
    return (seconds + published.minute * 60 + published.second) << _SEQ_BITS


def _same_second(doc_id: int, base: int) -> bool:
    """Whether `doc_id` lies in the second whose lowest id is `base` (or both are undated)."""
    if base == 1:
        return doc_id < _DATED_MIN
    return doc_id >> _SEQ_BITS == base >> _SEQ_BITS


def _free_id(connection: sqlite3.Connection, published: datetime | None) -> int:
    """A free id in `published`'s second, counting down, so that a batch inserted in path order
    comes out in path order when read newest first (as `ArticleSummary.sort_key` breaks ties)."""
    base = _date_id(published)
    span = _DATED_MIN - 1 if published is None else _SPAN
    while True:
        lowest: int | None = connection.execute(
            "SELECT min(id) FROM docs WHERE id >= ? AND id < ?", (base, base + span)
        ).fetchone()[0]
        if lowest is None:
            return base + span - 1
        if lowest > base:
            return lowest - 1
        base += span  # a million articles stamped with one second: spill into the next


# --- schema -------------------------------------------------------------------------------------

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS docs (
    id INTEGER PRIMARY KEY,     -- in publication order, see _date_id
    root INTEGER NOT NULL,      -- which of the feed's paths the file is under
    rel BLOB NOT NULL,          -- its path under that root, as bytes (empty: the root is the file)
    stamp BLOB NOT NULL,        -- mtime, size, ctime, inode (reader.feed.discover.stamp_of)
    seq INTEGER NOT NULL,       -- the change that wrote the row
    title TEXT NOT NULL,
    site TEXT,
    area TEXT,
    published TEXT,             -- ISO 8601, no zone
    url TEXT,
    identity TEXT NOT NULL,
    word_count INTEGER NOT NULL,
    speakers TEXT NOT NULL,     -- names, one per line
    title_key TEXT NOT NULL,    -- the title as the title order compares it
    area_key TEXT NOT NULL,     -- the area, case-folded ('' for none)
    doubtful INTEGER NOT NULL,  -- 1: a quote to check (has:doubtful), see ArticleQuotes.doubtful
    UNIQUE (root, rel)
);
CREATE INDEX IF NOT EXISTS docs_seq ON docs (seq);
CREATE INDEX IF NOT EXISTS docs_identity ON docs (identity);
CREATE INDEX IF NOT EXISTS docs_oldest ON docs (id < {_DATED_MIN}, id >> {_SEQ_BITS}, id DESC);
CREATE INDEX IF NOT EXISTS docs_title ON docs (title_key, root, rel);
CREATE INDEX IF NOT EXISTS docs_area ON docs (area_key = '', area_key, id DESC);
CREATE TABLE IF NOT EXISTS quotes (id INTEGER PRIMARY KEY, data BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS errors (
    root INTEGER NOT NULL,
    rel BLOB NOT NULL,
    stamp BLOB NOT NULL,
    seq INTEGER NOT NULL,
    reason TEXT NOT NULL,
    line INTEGER,
    PRIMARY KEY (root, rel)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS gone (
    seq INTEGER NOT NULL,       -- the change that removed it
    id INTEGER,                 -- its doc id (NULL: it was a load error)
    root INTEGER NOT NULL,
    rel BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS gone_seq ON gone (seq);
PRAGMA user_version = {SCHEMA_VERSION};
"""
_BODIES_SCHEMA = "CREATE TABLE IF NOT EXISTS bodies (id INTEGER PRIMARY KEY, body BLOB NOT NULL);"


def _fts_schema(layout: _Layout) -> str:
    # Content-less: the words are indexed, the text is not kept. The tokenizer gets text
    # `index_text` has already folded, so it must not fold accents again.
    forget = "" if layout.bodies else ", contentless_delete=1"
    return (
        f"CREATE VIRTUAL TABLE IF NOT EXISTS ft USING fts5({', '.join(_FTS_COLUMNS)}, "
        f"content=''{forget}, tokenize='{TOKENIZER}');"
    )


def _layout_name(layout: _Layout) -> str:
    return f"fts={int(layout.fts)} bodies={int(layout.bodies)}"


def _create_schema(connection: sqlite3.Connection, layout: _Layout) -> None:
    connection.execute("BEGIN IMMEDIATE")
    script = _SCHEMA + facet_sql.SCHEMA + (_fts_schema(layout) if layout.fts else "")
    script += _BODIES_SCHEMA if layout.bodies else ""
    connection.executescript(script)  # commits
    connection.execute("BEGIN IMMEDIATE")
    connection.execute(
        "INSERT OR REPLACE INTO meta VALUES ('model', ?), ('layout', ?)",
        (_model_fingerprint(), _layout_name(layout)),
    )
    for key, value in (
        ("docs", "0"),
        ("seq", "0"),
        ("pruned", "0"),
        ("instance", uuid.uuid4().hex),
    ):
        connection.execute("INSERT OR IGNORE INTO meta VALUES (?, ?)", (key, value))
    connection.execute("COMMIT")


def _add_to_count(connection: sqlite3.Connection, change: int) -> None:
    if change:
        connection.execute(
            "UPDATE meta SET value = CAST(value AS INTEGER) + ? WHERE key = 'docs'", (change,)
        )


def _staleness(path: Path, layout: _Layout) -> str | None:
    """Why the file at `path` cannot be used as it is, or None when it can."""
    if not path.exists():
        return "new"
    try:
        connection = _connect(path)
        try:
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            if version != SCHEMA_VERSION:
                return "was made by another version of pressreader"
            meta = dict(connection.execute("SELECT key, value FROM meta"))
            connection.execute("SELECT id FROM docs ORDER BY id DESC LIMIT 1").fetchall()
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        if is_damage(error):
            return "was damaged"
        raise
    if meta.get("layout") != _layout_name(layout):
        return "was made for another SQLite"
    if meta.get("model") != _model_fingerprint():
        return "was made by a different version of the article parser"
    return None


_FINGERPRINT: list[str] = []


def _model_fingerprint() -> str:
    """A digest of the code that makes what the index stores: the article model and parser,
    the quote extractor, the query language's folding, and this module."""
    if not _FINGERPRINT:
        digest = hashlib.sha256()
        files: list[Path] = [Path(__file__)]
        for module in _MODEL_PACKAGES:
            where = Path(module.__file__ or "")
            files += sorted(where.parent.glob("*.py")) if where.name == "__init__.py" else [where]
        for file in files:
            with contextlib.suppress(OSError):
                digest.update(file.read_bytes())
        _FINGERPRINT.append(digest.hexdigest()[:16])
    return _FINGERPRINT[0]


def _connect(path: Path) -> sqlite3.Connection:
    # Autocommit mode: transactions are explicit (BEGIN IMMEDIATE in _write).
    connection = sqlite3.connect(path, timeout=30.0, isolation_level=None, check_same_thread=False)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = NORMAL")  # a cache: the last commit may be lost
    connection.execute("PRAGMA temp_store = MEMORY")
    # Reading the index through a memory map saves a copy per page: searches get ~1.5x faster.
    connection.execute(f"PRAGMA mmap_size = {_MMAP_BYTES}")
    return connection


def _remove_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            Path(f"{path}{suffix}").unlink()


# --- planning a query ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Plan:
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
        if self.low > _ID_MIN:
            conditions.append(f"{column} >= ?")
            params.append(self.low)
        if self.high < _ID_MAX:
            conditions.append(f"{column} < ?")
            params.append(self.high)
        return conditions, params


def _plan(root: Node) -> _Plan:
    """Split the top-level AND into what FTS5 can drive (words, phrases, their exclusions), an id
    range (dates) and the rest (checked per row in SQL)."""
    clauses = root.children if isinstance(root, And) else (root,)
    positive: list[str] = []
    excluded: list[str] = []
    rest: list[Node] = []
    low, high = _ID_MIN, _ID_MAX
    for clause in clauses:
        if isinstance(clause, DateBound):
            bound = _date_id(clause.moment)
            if clause.kind == "after":
                low = max(low, bound)
            else:
                low, high = max(low, _DATED_MIN), min(high, bound)
        elif (expression := _fts(clause)) is not None:
            positive.append(expression)
        elif isinstance(clause, Not) and (expression := _fts(clause.child)) is not None:
            excluded.append(expression)
        else:
            rest.append(clause)
    conditions = [_condition(node) for node in rest]
    return _Plan(
        match=_fts_and(positive, excluded) if positive else None,
        # FTS5 cannot list what lacks a word: without words, exclusions are a NOT IN.
        exclude=None if positive or not excluded else _fts_or(excluded),
        low=low,
        high=high,
        checks=tuple(condition for condition, _ in conditions),
        check_params=tuple(value for _, values in conditions for value in values),
        needs_docs=any(reads_state(clause) or reads_quotes(clause) for clause in rest),
    )


def _fts(node: Node) -> str | None:
    """`node` as an FTS5 expression, or None when FTS5 cannot say it alone."""
    if isinstance(node, Phrase):
        quoted = '"' + " ".join(node.words) + '"' + (" *" if node.prefix else "")
        return f"{_FIELD_COLUMNS[node.field]} : {quoted}" if node.field else quoted
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
    if (from_state := state_sql.condition(node)) is not None:
        return from_state
    if (expression := _fts(node)) is not None:
        return "{id} IN (SELECT rowid FROM ft WHERE ft MATCH ?)", [expression]
    if isinstance(node, DateBound):
        bound = _date_id(node.moment)
        if node.kind == "after":
            return "{id} >= ?", [bound]
        return "({id} >= ? AND {id} < ?)", [_DATED_MIN, bound]
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


# --- running a plan -----------------------------------------------------------------------------


def _run(
    connection: sqlite3.Connection, plan: _Plan, sort: Sort, offset: int, limit: int | None
) -> Matches:
    if sort == "rank" and plan.match:
        return _ranked(connection, plan, offset, limit)
    ids = _newest(connection, plan, offset, limit)
    whole = offset == 0 and (limit is None or len(ids) < limit)
    return Matches(ids, [], len(ids) if whole else _count(connection, plan), 0)


def _newest(
    connection: sqlite3.Connection, plan: _Plan, offset: int, limit: int | None
) -> list[int]:
    """A page of matches, newest first: FTS5 and the docs table both walk ids in order."""
    page = (-1 if limit is None else limit, offset)
    if plan.exclude:
        # EXCEPT of two id-ordered walks is a merge; NOT IN would first index every excluded id.
        source, params = replace(plan, exclude=None).source
        excluded, excluded_params = plan.excluded
        sql = f"SELECT {plan.id} {source} EXCEPT {excluded} ORDER BY 1 DESC LIMIT ? OFFSET ?"
        rows = connection.execute(sql, (*params, *excluded_params, *page))
        return [row[0] for row in rows]
    source, params = plan.source
    sql = f"SELECT {plan.id} {source} ORDER BY {plan.id} DESC LIMIT ? OFFSET ?"
    rows = connection.execute(sql, (*params, *page))
    return [row[0] for row in rows]


def _count(connection: sqlite3.Connection, plan: _Plan) -> int:
    if plan.exclude:
        # All minus the excluded: FTS5 counts what has a word much faster than SQLite counts
        # what lacks it (a NOT IN over most of the feed builds a temporary index).
        everything = replace(plan, exclude=None)
        excluded = replace(plan, match=plan.exclude, exclude=None)
        return _count(connection, everything) - _count(connection, excluded)
    source, params = plan.source
    return int(connection.execute(f"SELECT count(*) {source}", params).fetchone()[0])


def _ranked(connection: sqlite3.Connection, plan: _Plan, offset: int, limit: int | None) -> Matches:
    """bm25 over the newest `RANK_WINDOW` matches, then older matches newest first.

    Counting first is cheap (no scores); past the window, its oldest id is found by walking ids
    newest first (FTS5 stops there), and bm25 scores only the window, in SQLite's top-N sort.
    When every match is wanted, one walk newest first gives the count, the edge and the rest.
    """
    older: list[int] | None = None
    if limit is None and offset == 0:
        newest = _newest(connection, plan, 0, None)
        count, older = len(newest), newest[RANK_WINDOW:]
        cutoff = newest[RANK_WINDOW - 1] if count > RANK_WINDOW else None
    else:
        count = _count(connection, plan)
        cutoff = _nth_newest(connection, plan, RANK_WINDOW) if count > RANK_WINDOW else None
    window = min(count, RANK_WINDOW)
    end = window if limit is None else min(window, offset + limit)
    ids: list[int] = []
    scores: list[float] = []
    if offset < end:
        ranked = plan if cutoff is None else replace(plan, low=max(plan.low, cutoff))
        source, params = ranked.source
        sql = (
            f"SELECT {plan.id}, {_BM25} {source} "
            f"ORDER BY {_BM25}, {plan.id} DESC LIMIT ? OFFSET ?"  # bm25: lower is better
        )
        for doc_id, score in connection.execute(sql, (*params, end - offset, offset)):
            ids.append(doc_id)
            scores.append(-score)
    if cutoff is not None and (limit is None or offset + limit > window):
        if older is None:
            rest = replace(plan, high=min(plan.high, cutoff))
            rest_limit = None if limit is None else offset + limit - max(offset, window)
            older = _newest(connection, rest, max(0, offset - window), rest_limit)
        ids += older
    return Matches(ids, scores, count, len(scores))


def _nth_newest(connection: sqlite3.Connection, plan: _Plan, nth: int) -> int:
    source, params = plan.source
    sql = f"SELECT {plan.id} {source} ORDER BY {plan.id} DESC LIMIT 1 OFFSET ?"
    return int(connection.execute(sql, (*params, nth - 1)).fetchone()[0])
