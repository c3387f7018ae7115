"""The feed's search index and warm-start cache: one SQLite file per feed. No Textual imports.

What it holds, in `reader.store.paths.cache_dir()` (safe to delete; it is rebuilt):

* `docs`: every article's summary (all `ArticleSummary` fields), speaker names, and the file's
  mtime and size, so a warm start lists the feed without parsing a file and re-parses only the
  files that changed. `errors`: the files that failed to load, with the same stamps.
* `ft`: a contentless FTS5 table (title, site, area, speakers, body). The text is not stored a
  second time in the index; `bodies` keeps each body zlib-compressed, which serves the snippets
  and the old text FTS5 needs to remove a changed article's words (this SQLite predates
  contentless-delete).
* Row ids follow publication time (`_date_id`), so "newest first" and `before:`/`after:` are
  rowid order and rowid ranges, which FTS5 walks without sorting.

Ranking: bm25 with column weights (title > speakers > site, area > body). Scoring every match of
a query that hits most of a 100k feed costs ~200 ms, so ranking covers the `RANK_WINDOW` newest
matches and the older ones follow newest first (see `search`).

Each thread gets its own connection (WAL: searches read while a sync writes). A damaged or
old-format file is rebuilt, with a `notice` for the UI. Without FTS5 the index still caches the
summaries, and search scans the stored bodies (with a notice).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import sqlite3
import tempfile
import threading
import weakref
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any, Literal

from reader.articles.model import Article, ArticleSummary, LoadError
from reader.articles.parse import DEFAULT_MAX_BYTES, parse_file
from reader.feed.discover import Discovery, map_files
from reader.quotes import extract_quotes
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
    StateFilter,
    index_text,
    matches,
    walk,
)
from reader.store.paths import cache_dir

SCHEMA_VERSION = 1
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
_Key = tuple[int, bytes]  # a file: the number of the feed path it is under, its path below it
_MMAP_BYTES = 1 << 30
_ZLIB_LEVEL = 1  # bodies are compressed once per change; level 1 is 5x faster than 6, ~10% larger
_DAMAGE_CODES = frozenset({sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB})
# The model code whose output the cache holds: when it changes, cached summaries may be wrong.
_MODEL_SOURCES = ("article.py", "dates.py", "parse.py", "quotes.py", "query.py", "index.py")


class IndexUnavailable(Exception):
    """The index file could not be used (a full disk, no permission); the message says which."""


@dataclass(frozen=True, slots=True)
class SyncBatch:
    """One step of a sync: entries (re)loaded, files gone, doc ids dropped, and progress.

    The first batch of a sync lists the files that are gone and has `done` 0 and the `total`
    number of files to parse; each later batch holds the results of some of them.
    """

    summaries: list[tuple[int, ArticleSummary]]
    errors: list[LoadError]
    removed: list[Path]
    dropped: list[int]
    done: int
    total: int


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
    """Whether this Python's SQLite was built with FTS5."""
    connection = sqlite3.connect(":memory:")
    try:
        connection.execute("CREATE VIRTUAL TABLE probe USING fts5(text)")
    except sqlite3.OperationalError:
        return False
    finally:
        connection.close()
    return True


def index_path(roots: Sequence[Path], directory: Path | None = None) -> Path:
    """The index file of the feed made of `roots`, keyed by their resolved paths."""
    key = "\n".join(str(root.resolve()) for root in roots)
    digest = hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:16]
    name = (roots[0].resolve().name if roots else "") or "feed"
    safe_name = "".join(char if char.isalnum() or char in "-_" else "_" for char in name)[:40]
    return (directory or cache_dir()) / f"index-{safe_name}-{digest}.sqlite3"


class FeedIndex:
    """One feed's index. Safe to use from several threads; one sync at a time."""

    def __init__(self, roots: Sequence[Path], *, directory: Path | None = None) -> None:
        self.roots = list(roots)
        self._root_texts = [str(root) for root in self.roots]
        self._prefixes = [None if root.is_file() else _prefix(root) for root in self.roots]
        self.fts = fts5_available()
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._connections_lock = threading.Lock()
        self._sync_lock = threading.Lock()
        self._temporary: Path | None = None
        self.path, self.notice = self._open(index_path(self.roots, directory))

    # --- opening, checking, rebuilding ----------------------------------------------------------

    def _open(self, path: Path) -> tuple[Path, str | None]:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            return path, self._prepare(path)
        except (OSError, sqlite3.OperationalError) as error:
            # An unwritable cache dir: index into a temporary folder, removed on close.
            self._temporary = Path(tempfile.mkdtemp(prefix="pressreader-index-"))
            # Removed on close, or when the index is dropped without one (the app's is).
            weakref.finalize(self, shutil.rmtree, self._temporary, ignore_errors=True)
            try:
                self._prepare(self._temporary / path.name)
            except (OSError, sqlite3.Error) as second:
                raise IndexUnavailable(f"cannot create the search index: {second}") from error
            notice = f"cannot write the search index at {path} ({error}); using a temporary one"
            return self._temporary / path.name, notice

    def _prepare(self, path: Path) -> str | None:
        """Make `path` a current index: keep it, or rebuild it and say why."""
        reason = _staleness(path, self.fts)
        if reason is not None:
            _remove_database(path)
        connection = _connect(path)
        try:
            _create_schema(connection, self.fts)
        finally:
            connection.close()
        return None if reason is None or reason == "new" else f"search index {reason}; rebuilt it"

    def _connection(self) -> sqlite3.Connection:
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            connection = _connect(self.path)
            self._local.connection = connection
            with self._connections_lock:
                self._connections.append(connection)
        return connection

    def close(self) -> None:
        with self._connections_lock:
            connections, self._connections = self._connections, []
        for connection in connections:
            connection.close()
        self._local = threading.local()
        if self._temporary is not None:
            shutil.rmtree(self._temporary, ignore_errors=True)

    def __enter__(self) -> FeedIndex:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # --- the cached feed ------------------------------------------------------------------------

    def cached_summaries(self, first: int = 1000) -> Iterator[list[tuple[int, ArticleSummary]]]:
        """Every indexed article, newest first, as it was when its file was last parsed: the
        `first` newest in a list of their own (the top of a list, ready in a few ms), then the
        rest."""
        rows = self._connection().execute(f"SELECT {_SUMMARY_COLUMNS} FROM docs ORDER BY id DESC")
        head = rows.fetchmany(first)
        if head:
            yield [(row[0], self._summary(row)) for row in head]
        rest = [(row[0], self._summary(row)) for row in rows]
        if rest:
            yield rest

    def count(self) -> int:
        """How many articles are indexed (kept in `meta`: counting 100k rows takes ~0.3 s)."""
        row = self._connection().execute("SELECT value FROM meta WHERE key = 'docs'").fetchone()
        return int(row[0])

    def cached_errors(self) -> list[LoadError]:
        rows = self._connection().execute("SELECT root, rel, reason, line FROM errors")
        return [LoadError(self._path(root, rel), reason, line) for root, rel, reason, line in rows]

    def summaries(self, ids: Sequence[int]) -> dict[int, ArticleSummary]:
        found: dict[int, ArticleSummary] = {}
        connection = self._connection()
        for start in range(0, len(ids), _BATCH):
            chunk = ids[start : start + _BATCH]
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT {_SUMMARY_COLUMNS} FROM docs WHERE id IN ({marks})"
            found.update((row[0], self._summary(row)) for row in connection.execute(sql, chunk))
        return found

    def body(self, doc_id: int) -> str | None:
        row = self._connection().execute("SELECT body FROM bodies WHERE id = ?", (doc_id,))
        found = row.fetchone()
        return zlib.decompress(found[0]).decode("utf-8") if found else None

    def speakers(self, doc_id: int) -> tuple[str, ...]:
        row = self._connection().execute("SELECT speakers FROM docs WHERE id = ?", (doc_id,))
        found = row.fetchone()
        return _split_speakers(found[0]) if found else ()

    def _summary(self, row: tuple[Any, ...]) -> ArticleSummary:
        _, root, rel, title, site, area, published, url, identity, word_count = row
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
        prefix = self._prefixes[root]
        return Path(prefix + os.fsdecode(rel)) if prefix is not None else self.roots[root]

    def _key(self, path: Path) -> _Key | None:
        """Which root `path` is under, and its path below it as bytes: file names need not be
        valid UTF-8, and SQLite text must be."""
        text = str(path)
        for number, prefix in enumerate(self._prefixes):
            if prefix is None:  # the root is a file
                if text == self._root_texts[number]:
                    return number, b""
            elif text.startswith(prefix):
                return number, os.fsencode(text[len(prefix) :])
        return None

    # --- sync -----------------------------------------------------------------------------------

    def sync(
        self, discovery: Discovery, *, max_bytes: int = DEFAULT_MAX_BYTES
    ) -> Iterator[SyncBatch]:
        """Bring the index in line with the files: re-parse new and changed files (by mtime and
        size), drop the ones that are gone. Yields what changed, batch by batch."""
        with self._sync_lock:
            # One sync at a time in this process; other processes wait on SQLite's write lock.
            yield from self._sync(discovery, max_bytes)

    def _sync(self, discovery: Discovery, max_bytes: int) -> Iterator[SyncBatch]:
        current = self._stat(discovery.files)
        known = self._stamps()
        changed = [path for key, (path, stamp) in current.items() if known.get(key) != stamp]
        gone = [key for key in known if key not in current]
        dropped = []
        if gone:
            with self._write() as connection:
                dropped = [doc_id for key in gone if (doc_id := self._forget(connection, key))]
                _add_to_count(connection, -len(dropped))
        yield SyncBatch([], [], [self._path(*key) for key in gone], dropped, 0, len(changed))
        done = 0
        for results in map_files(partial(_parse_chunk, max_bytes=max_bytes), changed):
            done += len(results)
            yield self._store(results, current, done, len(changed))

    def _stat(self, files: Iterable[Path]) -> dict[_Key, tuple[Path, tuple[int, int]]]:
        found = {}
        for path in files:
            key = self._key(path)
            try:
                stat = path.stat()
            except OSError:
                continue  # gone since discovery: it leaves the index like any deleted file
            if key is not None:
                found[key] = (path, (stat.st_mtime_ns, stat.st_size))
        return found

    def _stamps(self) -> dict[_Key, tuple[int, int]]:
        connection = self._connection()
        stamps = {}
        for table in ("docs", "errors"):
            for root, rel, mtime, size in connection.execute(
                f"SELECT root, rel, mtime_ns, size FROM {table}"
            ):
                stamps[(root, rel)] = (mtime, size)
        return stamps

    def _store(
        self,
        results: list[_Parsed | LoadError],
        current: dict[_Key, tuple[Path, tuple[int, int]]],
        done: int,
        total: int,
    ) -> SyncBatch:
        summaries: list[tuple[int, ArticleSummary]] = []
        errors: list[LoadError] = []
        dropped: list[int] = []
        with self._write() as connection:
            for result in results:
                key = self._key(result.path)
                if key is None or key not in current:
                    continue
                stamp = current[key][1]
                # Even a new file: another process's sync may have indexed it meanwhile.
                if old_id := self._forget(connection, key):
                    dropped.append(old_id)
                if isinstance(result, LoadError):
                    connection.execute(
                        "INSERT INTO errors VALUES (?, ?, ?, ?, ?, ?)",
                        (*key, *stamp, result.reason, result.line),
                    )
                    errors.append(result)
                else:
                    doc_id = self._insert(connection, key, stamp, result)
                    summaries.append((doc_id, result.article.summary))
            _add_to_count(connection, len(summaries) - len(dropped))
        return SyncBatch(summaries, errors, [], dropped, done, total)

    def _insert(
        self,
        connection: sqlite3.Connection,
        key: _Key,
        stamp: tuple[int, int],
        parsed: _Parsed,
    ) -> int:
        article = parsed.article
        doc_id = _free_id(connection, article.published)
        published = article.published.isoformat() if article.published else None
        connection.execute(
            "INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                doc_id,
                *key,
                *stamp,
                article.title,
                article.site,
                article.area,
                published,
                article.url,
                article.identity,
                article.word_count,
                parsed.speakers,
            ),
        )
        connection.execute("INSERT INTO bodies VALUES (?, ?)", (doc_id, parsed.compressed_body))
        if self.fts:
            values = (article.title, article.site, article.area, parsed.speakers, article.body)
            connection.execute(_FTS_INSERT, (doc_id, *map(_indexed, values)))
        return doc_id

    def _forget(self, connection: sqlite3.Connection, key: _Key) -> int | None:
        """Remove what the index holds for one file; returns the article's doc id if it had one."""
        connection.execute("DELETE FROM errors WHERE root = ? AND rel = ?", key)
        row = connection.execute(
            "SELECT d.id, d.title, d.site, d.area, d.speakers, b.body FROM docs d "
            "JOIN bodies b ON b.id = d.id WHERE d.root = ? AND d.rel = ?",
            key,
        ).fetchone()
        if row is None:
            return None
        doc_id, title, site, area, speakers, body = row
        if self.fts:
            # A contentless table forgets a row only when told the words it indexed for it.
            old = (title, site, area, speakers, zlib.decompress(body).decode("utf-8"))
            connection.execute(_FTS_DELETE, (doc_id, *map(_indexed, old)))
        connection.execute("DELETE FROM docs WHERE id = ?", (doc_id,))
        connection.execute("DELETE FROM bodies WHERE id = ?", (doc_id,))
        return int(doc_id)

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        connection = self._connection()
        connection.execute("BEGIN IMMEDIATE")
        try:
            yield connection
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")

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
        connection = self._connection()
        if marks is not None:
            self._load_marks(connection, marks)
        if not self.fts:
            return self._scan(query, marks, limit, offset)
        return _run(connection, _plan(query.root), sort, offset, limit)

    def _scan(self, query: Query, marks: Marks | None, limit: int | None, offset: int) -> Matches:
        """Search without FTS5: evaluate the query on every stored article, newest first."""
        rows = self._connection().execute(
            "SELECT d.id, d.title, d.site, d.area, d.speakers, d.published, d.identity, b.body "
            "FROM docs d JOIN bodies b ON b.id = d.id ORDER BY d.id DESC"
        )
        found = []
        for doc_id, title, site, area, speakers, published, identity, body in rows:
            fields = Fields(
                title=title,
                site=site,
                area=area,
                speakers=_split_speakers(speakers),
                body=zlib.decompress(body).decode("utf-8"),
                published=datetime.fromisoformat(published) if published else None,
                identity=identity,
            )
            if matches(query, fields, marks):
                found.append(doc_id)
        page = found[offset:] if limit is None else found[offset : offset + limit]
        return Matches(page, [], len(found), 0, notice=SCAN_NOTICE)


@dataclass(frozen=True, slots=True)
class _Parsed:
    """An article with what indexing needs beyond it, worked out in the parsing process."""

    article: Article
    speakers: str  # the quoted speakers' names, one per line
    compressed_body: bytes

    @property
    def path(self) -> Path:
        return self.article.path


def _parse_chunk(files: Sequence[Path], *, max_bytes: int) -> list[_Parsed | LoadError]:
    """Parse files for the index. Runs in `map_files`' worker processes: the speaker extraction
    costs about as much as the parse, so it belongs on the other cores too."""
    results: list[_Parsed | LoadError] = []
    for path in files:
        article = parse_file(path, max_bytes=max_bytes)
        if isinstance(article, LoadError):
            results.append(article)
            continue
        names = (speaker.name for speaker in extract_quotes(article.body).speakers)
        body = zlib.compress(article.body.encode("utf-8", "surrogatepass"), _ZLIB_LEVEL)
        results.append(_Parsed(article, SPEAKER_SEPARATOR.join(names), body))
    return results


SCAN_NOTICE = (
    "this Python's SQLite has no full-text search (FTS5): searching by scanning, newest first"
)

_SUMMARY_COLUMNS = "id, root, rel, title, site, area, published, url, identity, word_count"
_FTS_INSERT = f"INSERT INTO ft (rowid, {', '.join(_FTS_COLUMNS)}) VALUES (?, ?, ?, ?, ?, ?)"
_FTS_DELETE = (
    f"INSERT INTO ft (ft, rowid, {', '.join(_FTS_COLUMNS)}) VALUES ('delete', ?, ?, ?, ?, ?, ?)"
)
_BM25 = f"bm25(ft, {', '.join(map(str, _WEIGHTS))})"


def _indexed(value: str | None) -> str:
    return index_text(value) if value else ""


def _split_speakers(stored: str) -> tuple[str, ...]:
    return tuple(stored.split(SPEAKER_SEPARATOR)) if stored else ()


def _prefix(root: Path) -> str:
    """What a path found under `root` starts with (`discover` joins names onto the root)."""
    text = str(root)
    if text == ".":
        return ""
    return text if text.endswith(os.sep) else text + os.sep


# --- ids in publication order -------------------------------------------------------------------


def _date_id(published: datetime | None) -> int:
    """The lowest id of the second `published` falls in (1 for undated articles)."""
    if published is None:
        return 1
    seconds = published.toordinal() * 86_400 + published.hour * 3600
    return (seconds + published.minute * 60 + published.second) << _SEQ_BITS


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
    mtime_ns INTEGER NOT NULL,
    size INTEGER NOT NULL,
    title TEXT NOT NULL,
    site TEXT,
    area TEXT,
    published TEXT,             -- ISO 8601, no zone
    url TEXT,
    identity TEXT NOT NULL,
    word_count INTEGER NOT NULL,
    speakers TEXT NOT NULL,     -- names, one per line
    UNIQUE (root, rel)
);
CREATE TABLE IF NOT EXISTS bodies (id INTEGER PRIMARY KEY, body BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS errors (
    root INTEGER NOT NULL,
    rel BLOB NOT NULL,
    mtime_ns INTEGER NOT NULL,
    size INTEGER NOT NULL,
    reason TEXT NOT NULL,
    line INTEGER,
    PRIMARY KEY (root, rel)
) WITHOUT ROWID;
PRAGMA user_version = {SCHEMA_VERSION};
"""
# Content-less: the words are indexed, the text is not kept (bodies has it, compressed). The
# tokenizer gets text `index_text` has already folded, so it must not fold accents again.
_FTS_SCHEMA = f"""
CREATE VIRTUAL TABLE IF NOT EXISTS ft USING fts5(
    {", ".join(_FTS_COLUMNS)}, content='', tokenize='unicode61 remove_diacritics 0'
);
"""


def _create_schema(connection: sqlite3.Connection, fts: bool) -> None:
    connection.execute("BEGIN IMMEDIATE")
    connection.executescript(_SCHEMA + (_FTS_SCHEMA if fts else ""))  # commits
    connection.execute(
        "INSERT OR REPLACE INTO meta VALUES ('model', ?), ('fts', ?)",
        (_model_fingerprint(), str(int(fts))),
    )
    connection.execute("INSERT OR IGNORE INTO meta VALUES ('docs', '0')")


def _add_to_count(connection: sqlite3.Connection, change: int) -> None:
    if change:
        connection.execute(
            "UPDATE meta SET value = CAST(value AS INTEGER) + ? WHERE key = 'docs'", (change,)
        )


def _staleness(path: Path, fts: bool) -> str | None:
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
        if getattr(error, "sqlite_errorcode", None) in _DAMAGE_CODES or "malformed" in str(error):
            return "was damaged"
        return f"could not be read ({error})"
    if meta.get("fts") != str(int(fts)):
        return "was made without full-text search" if fts else "needs full-text search"
    if meta.get("model") != _model_fingerprint():
        return "was made by a different version of the article parser"
    return None


def _model_fingerprint() -> str:
    digest = hashlib.sha256()
    here = Path(__file__).parent
    for name in _MODEL_SOURCES:
        with contextlib.suppress(OSError):
            digest.update((here / name).read_bytes())
    return digest.hexdigest()[:16]


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
    needs_docs: bool  # a check reads d.identity

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
        conditions += [check.format(id=self.id) for check in self.checks]
        where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
        return f"FROM {tables}{where}", (*params, *self.check_params)

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
        needs_docs=any(isinstance(node, StateFilter) for clause in rest for node in walk(clause)),
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
    if (expression := _fts(node)) is not None:
        return "{id} IN (SELECT rowid FROM ft WHERE ft MATCH ?)", [expression]
    if isinstance(node, DateBound):
        bound = _date_id(node.moment)
        if node.kind == "after":
            return "{id} >= ?", [bound]
        return "({id} >= ? AND {id} < ?)", [_DATED_MIN, bound]
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
