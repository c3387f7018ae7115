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
`RANK_WINDOW` newest matches; older matches follow newest first (see `ranking`).

Each thread gets its own connection (WAL: searches read while a sync writes). Faults:
a damaged file (at open, or found by any query or sync) is rebuilt in place; a full disk or an
unwritable folder moves the index to a temporary folder, or into memory, and it goes back once
there is room. Either way `IndexReset` tells the caller to sync again, and `notice` says why.
Without FTS5 the index still lists the feed, and search scans the stored bodies (with a notice).

The package, by role: `schema` (the file, its tables and pragmas), `fingerprint` (the digest
of the code that shapes its rows, which it checks), `place` (where it lives, its
connections, and what a fault does), `rows` (what is stored for one file, worked out in the
parsing processes), `writer` (the sync), `reads` (the stored feed, paging, changes, search),
`ranking` (running a query's plan). What a query means in SQL is `reader.search.sql`.
"""

from __future__ import annotations

from reader.feed.index.place import IndexReset, IndexUnavailable, is_full
from reader.feed.index.ranking import RANK_WINDOW, SORTS, Matches, Sort
from reader.feed.index.reads import SCAN_NOTICE, Changes, Reading
from reader.feed.index.rows import decode_quotes, encode_quotes, summary_row
from reader.feed.index.schema import (
    ORDERS,
    SCHEMA_VERSION,
    contentless_delete,
    fts5_available,
    index_path,
    is_damage,
)
from reader.feed.index.writer import SyncBatch, Writing
from reader.search.terms import SPEAKER_SEPARATOR

__all__ = [
    "ORDERS",
    "RANK_WINDOW",
    "SCAN_NOTICE",
    "SCHEMA_VERSION",
    "SORTS",
    "SPEAKER_SEPARATOR",
    "Changes",
    "FeedIndex",
    "IndexReset",
    "IndexUnavailable",
    "Matches",
    "Sort",
    "SyncBatch",
    "contentless_delete",
    "decode_quotes",
    "encode_quotes",
    "fts5_available",
    "index_path",
    "is_damage",
    "is_full",
    "summary_row",
]


class FeedIndex(Reading, Writing):
    """One feed's index. Safe to use from several threads; one sync at a time."""
