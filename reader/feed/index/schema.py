"""The index file: its schema, how it is opened and checked, and its pragmas. No Textual.

An index is current when its schema version, its layout (FTS5 or not, bodies kept or not) and
the fingerprint of the code that made its rows all match; otherwise it is rebuilt (`staleness`
says why). See `reader.feed.index` for what the tables hold.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reader.articles.sorting import SortOrder
from reader.feed import facets as facet_sql
from reader.feed.index.fingerprint import model_fingerprint
from reader.search.sql import DATED_MIN, FTS_COLUMNS, SEQ_BITS
from reader.search.sqlite import sqlite3
from reader.search.stem import TOKENIZER
from reader.store.paths import cache_dir

SCHEMA_VERSION = 3
# How long a connection waits for another's write lock before it gives up. pressreader's own
# writers hold it for about a second at a time (a build commits at least every second), so this
# rides through them; a lock held longer belongs to something else, and the index moves to a
# temporary file rather than keep the reader waiting (reader.feed.index.place).
LOCK_WAIT = 5.0
# Each connection's page cache: reads go through it, not a memory map. A 1 GB map per connection
# put every page a connection had touched in the app's RSS (4 connections, 600 MB of a 274 MB
# index at 100k); with no map and 8 MB of cache, searches cost the same CPU (measured at 100k).
CACHE_KIB = 8_192
_DAMAGE_CODES = frozenset({sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB})

# The sort orders of the list, as SQL over `docs d`; each has an index.
ORDERS: dict[SortOrder, str] = {
    "newest": "d.id DESC",
    "oldest": f"d.id < {DATED_MIN}, d.id >> {SEQ_BITS}, d.id DESC",
    "title": "d.title_key, d.root, d.rel",
    "area": "d.area_key = '', d.area_key, d.id DESC",
}

SUMMARY_COLUMNS = (
    "d.id, d.root, d.rel, d.title, d.site, d.area, d.published, d.url, d.identity, d.word_count"
)
DOCS_INSERT = "INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
FTS_INSERT = f"INSERT INTO ft (rowid, {', '.join(FTS_COLUMNS)}) VALUES (?, ?, ?, ?, ?, ?)"
FTS_DELETE = (
    f"INSERT INTO ft (ft, rowid, {', '.join(FTS_COLUMNS)}) VALUES ('delete', ?, ?, ?, ?, ?, ?)"
)


@dataclass(frozen=True, slots=True)
class Layout:
    """What kind of file the index is, decided once per process."""

    fts: bool
    bodies: bool  # keep bodies (no contentless-delete, or no FTS5 to search at all)


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
    """Whether an SQLite error says the file is damaged (or is not a database). Text that
    will not decode was written as UTF-8, so its bytes were damaged since: SQLite keeps no
    checksum of a row, and only the decoder sees it."""
    if not isinstance(error, sqlite3.DatabaseError):
        return False
    code = getattr(error, "sqlite_errorcode", None)
    message = str(error)
    return code in _DAMAGE_CODES or any(sign in message for sign in _DAMAGE_MESSAGES)


_DAMAGE_MESSAGES = ("malformed", "not a database", "Could not decode to UTF-8")


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
CREATE INDEX IF NOT EXISTS docs_oldest ON docs (id < {DATED_MIN}, id >> {SEQ_BITS}, id DESC);
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


def _fts_schema(layout: Layout) -> str:
    # Content-less: the words are indexed, the text is not kept. The tokenizer gets text
    # `index_text` has already folded, so it must not fold accents again.
    forget = "" if layout.bodies else ", contentless_delete=1"
    return (
        f"CREATE VIRTUAL TABLE IF NOT EXISTS ft USING fts5({', '.join(FTS_COLUMNS)}, "
        f"content=''{forget}, tokenize='{TOKENIZER}');"
    )


def _layout_name(layout: Layout) -> str:
    return f"fts={int(layout.fts)} bodies={int(layout.bodies)}"


def create_schema(connection: sqlite3.Connection, layout: Layout) -> None:
    connection.execute("BEGIN IMMEDIATE")
    script = _SCHEMA + facet_sql.SCHEMA + (_fts_schema(layout) if layout.fts else "")
    script += _BODIES_SCHEMA if layout.bodies else ""
    connection.executescript(script)  # commits
    connection.execute("BEGIN IMMEDIATE")
    connection.execute(
        "INSERT OR REPLACE INTO meta VALUES ('model', ?), ('layout', ?)",
        (model_fingerprint(), _layout_name(layout)),
    )
    for key, value in (
        ("docs", "0"),
        ("seq", "0"),
        ("pruned", "0"),
        ("instance", os.urandom(16).hex()),
    ):
        connection.execute("INSERT OR IGNORE INTO meta VALUES (?, ?)", (key, value))
    connection.execute("COMMIT")


def add_to_count(connection: sqlite3.Connection, change: int) -> None:
    if change:
        connection.execute(
            "UPDATE meta SET value = CAST(value AS INTEGER) + ? WHERE key = 'docs'", (change,)
        )


def staleness(path: Path, layout: Layout) -> str | None:
    """Why the file at `path` cannot be used as it is, or None when it can."""
    if not path.exists():
        return "new"
    try:
        connection = connect(path)
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
    if meta.get("model") != model_fingerprint():
        return "was made by a different version of the article parser"
    return None


def connect(path: Path, *, timeout: float | None = None) -> sqlite3.Connection:
    """A connection to the index at `path` that waits `timeout` seconds (`LOCK_WAIT`) for
    another's write lock. Autocommit mode: transactions are explicit (BEGIN IMMEDIATE)."""
    wait = LOCK_WAIT if timeout is None else timeout
    connection = sqlite3.connect(path, timeout=wait, isolation_level=None, check_same_thread=False)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = NORMAL")  # a cache: the last commit may be lost
    connection.execute("PRAGMA temp_store = MEMORY")
    connection.execute(f"PRAGMA cache_size = {-CACHE_KIB}")
    return connection


def remove_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            Path(f"{path}{suffix}").unlink()


def meta_int(connection: sqlite3.Connection, key: str) -> int:
    row = connection.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return int(row[0]) if row else 0


def build_pragmas(connection: sqlite3.Connection, *, on: bool) -> None:
    """A build writes most of the file: no fsync per commit (the index is a cache, rebuilt if a
    crash damages it) and a larger page cache for the full-text index's merges."""
    connection.execute(f"PRAGMA synchronous = {'OFF' if on else 'NORMAL'}")
    connection.execute(f"PRAGMA cache_size = {-262_144 if on else -CACHE_KIB}")
