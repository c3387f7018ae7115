"""The index's one writer: a sync brings the index in line with the files. No Textual.

A sync compares each file's stamp with the stored one, drops the rows of files that are gone,
and hands the new and changed files to worker processes (`reader.feed.index.rows.parse_chunk`);
the writer stores what comes back in transactions. Each transaction is one change, numbered in
`meta.seq`, and every row carries the change that wrote it (see `Changes`). A sync that parses
`_BUILD_FILES` or more is a build: large transactions and the build-time pragmas.
"""

from __future__ import annotations

import contextlib
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from operator import itemgetter
from typing import TypeVar

from reader.articles.model import DEFAULT_MAX_BYTES, LoadError
from reader.feed.discover import FeedWalk, map_files
from reader.feed.index.place import IndexFile, _Key, is_blocked
from reader.feed.index.rows import Failed, Parsed, indexed, parse_chunk
from reader.feed.index.schema import (
    DOCS_INSERT,
    FTS_DELETE,
    FTS_INSERT,
    add_to_count,
    build_pragmas,
)
from reader.search.sql import DATED_MIN, SEQ_BITS, SPAN, date_id
from reader.search.sqlite import sqlite3

# A sync that parses this many files is a build: it runs with the build-time pragmas.
_BUILD_FILES = 2_000
_COMMIT_DOCS = 5_000  # a build commits this often (and at least every _COMMIT_SECONDS)
_COMMIT_SECONDS = 1.0
_GONE_KEPT = 100_000  # paths removed that `changes` can still name
_KEEP_WAIT_MS = 100  # how long keeping a walk's digest waits for another's write lock
_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class SyncBatch:
    """One step of a sync, and its progress: the first has `done` 0 and the `total` number of
    files to parse; the ids and load errors are what this step wrote."""

    written: list[int]
    errors: list[LoadError]
    done: int
    total: int


class Writing(IndexFile):
    """The sync side of the index: one sync at a time in this process (other processes wait
    on SQLite's write lock)."""

    _commits = 0  # write transactions this process has committed (see `_keep_walk`)

    def sync(self, found: FeedWalk, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[SyncBatch]:
        """Bring the index in line with the files: re-parse new and changed files (by their
        stamps), drop the ones that are gone. Yields what it wrote, batch by batch."""
        with self._sync_lock:
            # One sync at a time in this process; other processes wait on SQLite's write lock.
            self.try_going_back()
            yield from self._sync(found, max_bytes)

    def _sync(self, found: FeedWalk, max_bytes: int) -> Iterator[SyncBatch]:
        digest = found.digest()
        if self._guard(lambda: self._walked(digest)):
            yield SyncBatch([], [], 0, 0)  # the index holds this very walk: nothing to compare
            return
        since = self._commits
        seq = self._guard(lambda: self._meta_int(self._connection(), "seq"))
        changed, gone = self._guard(lambda: self._compare(found))
        yield from self._apply(found, changed, gone, max_bytes)
        self._guard(lambda: self._keep_walk(digest, seq + self._commits - since))

    def sync_files(
        self, found: FeedWalk, keys: Iterable[_Key], *, max_bytes: int = DEFAULT_MAX_BYTES
    ) -> Iterator[SyncBatch]:
        """`sync`, for just the files `keys`: `found` has those of them that exist (as
        `reader.feed.discover.restamp` gives them), and the others are gone. What live reload
        runs for the files it was told of, where a walk of a million files takes seconds. It
        keeps no walk's digest: its change makes the one kept stale, so the next whole sync
        compares again."""
        with self._sync_lock:
            self.try_going_back()
            changed, gone = self._guard(lambda: self._compare_some(found, keys))
            yield from self._apply(found, changed, gone, max_bytes)

    def _apply(
        self, found: FeedWalk, changed: list[_Key], gone: list[_Key], max_bytes: int
    ) -> Iterator[SyncBatch]:
        """Drop the files `gone`, parse and store the `changed` ones (their stamps in `found`)."""
        changed.sort()  # path order: ids in one second are handed out in it
        if gone:
            self._guard(
                lambda: self._write(lambda connection, seq: self._forget_all(connection, seq, gone))
            )
        yield SyncBatch([], [], 0, len(changed))
        if changed:
            yield from self._parse_and_store(found, changed, max_bytes)
        if changed or gone:
            self.prune()

    def _walked(self, digest: str) -> bool:
        """Whether the index was brought in line with a walk of this `digest` and has not
        changed since (by anyone: `seq` is where it was when the digest was kept)."""
        held = self._held_walk()  # "seq digest"
        return held is not None and held.partition(" ")[2] == digest

    def _keep_walk(self, digest: str, seq: int) -> None:
        """Keep the digest of the walk this sync brought the index in line with, if the index
        is at change `seq`: every change since the sync read the stored stamps was its own, so
        the index holds that walk and no other process's in between (a file another process
        indexed meanwhile, then deleted, would otherwise stay listed). Not a change itself:
        `seq` stays as it is. Only worth having: when the index cannot be written at once (a
        lock held by another process, a read-only file) the next sync compares again."""
        connection = self._connection()
        wait = connection.execute("PRAGMA busy_timeout").fetchone()[0]
        connection.execute(f"PRAGMA busy_timeout = {_KEEP_WAIT_MS}")
        try:
            connection.execute("BEGIN IMMEDIATE")
            try:
                if self._meta_int(connection, "seq") == seq:
                    kept = (f"{seq} {digest}",)
                    connection.execute("INSERT OR REPLACE INTO meta VALUES ('walk', ?)", kept)
            finally:
                connection.execute("COMMIT")
        except sqlite3.OperationalError as error:
            if not is_blocked(error):
                raise
        finally:
            connection.execute(f"PRAGMA busy_timeout = {int(wait)}")

    def _parse_and_store(
        self, found: FeedWalk, changed: list[_Key], max_bytes: int
    ) -> Iterator[SyncBatch]:
        stamps = {key: found.files[key[0]][key[1]] for key in changed}
        build = len(changed) >= _BUILD_FILES
        writer = _Writer(self, stamps, build=build)
        parse = partial(parse_chunk, roots=found.roots, max_bytes=max_bytes, layout=self._layout)
        try:
            for results in map_files(parse, changed):
                batch = writer.add(results)
                if batch is not None:
                    yield batch
            if (last := writer.finish()) is not None:
                yield last
        finally:
            writer.close()

    def _compare(self, found: FeedWalk) -> tuple[list[_Key], list[_Key]]:
        """The files new or changed since indexed, and the ones gone: the stored stamps are
        read row by row against the walk's (`Stamps.take`), never held all at once (at a
        million files, a dict of them took ~220 MB)."""
        connection = self._connection()
        changed: list[_Key] = []
        gone: list[_Key] = []
        for root, files in enumerate(found.files):
            for table in ("docs", "errors"):
                # In path order (the (root, rel) index), so a folder's files come together.
                sql = f"SELECT rel, stamp FROM {table} WHERE root = ? ORDER BY rel"
                rows = connection.execute(sql, (root,))
                for rel, stamp in rows:
                    walked = files.take(rel)
                    if walked is None:
                        gone.append((root, rel))
                    elif walked != stamp:
                        changed.append((root, rel))
            changed += [(root, rel) for rel in files.untaken()]
        return changed, gone

    def _compare_some(self, found: FeedWalk, keys: Iterable[_Key]) -> tuple[list[_Key], list[_Key]]:
        """`_compare`, for the files `keys` alone."""
        connection = self._connection()
        changed: list[_Key] = []
        gone: list[_Key] = []
        for key in dict.fromkeys(keys):
            stored = None
            for table in ("docs", "errors"):
                sql = f"SELECT stamp FROM {table} WHERE root = ? AND rel = ?"
                row = connection.execute(sql, key).fetchone()
                stored = row[0] if row is not None else stored
            walked = found.files[key[0]].get(key[1])
            if walked is None:
                if stored is not None:
                    gone.append(key)
            elif walked != stored:
                changed.append(key)
        return changed, gone

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
        self._commits += 1
        return result

    def _forget_all(self, connection: sqlite3.Connection, seq: int, keys: Iterable[_Key]) -> None:
        dropped = sum(self._forget(connection, seq, key) is not None for key in keys)
        add_to_count(connection, -dropped)

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
                connection.execute(FTS_DELETE, (doc_id, *map(indexed, old)))
            connection.execute("DELETE FROM bodies WHERE id = ?", (doc_id,))

    def _store(
        self, connection: sqlite3.Connection, seq: int, parsed: Parsed, stamp: bytes
    ) -> tuple[int, int]:
        """Write one parsed article; an edited file keeps its id while its date's second does.
        Returns its id, and 1 if the feed has one article more (0 for an edit)."""
        key = (parsed.root, parsed.rel)
        connection.execute("DELETE FROM errors WHERE root = ? AND rel = ?", key)
        row = connection.execute("SELECT id FROM docs WHERE root = ? AND rel = ?", key).fetchone()
        base = date_id(parsed.published)
        if row is not None and _same_second(row[0], base):
            doc_id = int(row[0])
            self._unindex(connection, doc_id)
            connection.execute("DELETE FROM docs WHERE id = ?", (doc_id,))
            added = 0
        else:
            added = 1 if row is None or self._forget(connection, seq, key) is None else 0
            doc_id = _free_id(connection, parsed.published)
        connection.execute(DOCS_INSERT, (doc_id, *key, stamp, seq, *parsed.doc))
        connection.execute("INSERT OR REPLACE INTO quotes VALUES (?, ?)", (doc_id, parsed.quotes))
        if self._layout.fts:
            connection.execute(FTS_INSERT, (doc_id, *parsed.fts))
        if parsed.body is not None:
            connection.execute("INSERT INTO bodies VALUES (?, ?)", (doc_id, parsed.body))
        return doc_id, added

    def _store_error(
        self, connection: sqlite3.Connection, seq: int, error: Failed, stamp: bytes
    ) -> int:
        key = (error.root, error.rel)
        removed = self._forget(connection, seq, key) is not None
        connection.execute(
            "INSERT INTO errors VALUES (?, ?, ?, ?, ?, ?)",
            (*key, stamp, seq, error.reason, error.line),
        )
        return -int(removed)

    def prune(self) -> None:
        """Forget the oldest removed paths beyond `_GONE_KEPT` (a sync does, after a change:
        the read that finds the cut walks `gone_seq`, a few milliseconds; a write, and a new
        change, only when there is something to forget)."""
        cut_sql = "SELECT seq FROM gone ORDER BY seq DESC LIMIT 1 OFFSET ?"

        def cut(connection: sqlite3.Connection) -> int | None:
            row = connection.execute(cut_sql, (_GONE_KEPT,)).fetchone()
            return None if row is None else int(row[0])

        def change(connection: sqlite3.Connection, _seq: int) -> None:
            last = cut(connection)
            if last is not None:
                connection.execute("DELETE FROM gone WHERE seq <= ?", (last,))
                connection.execute("UPDATE meta SET value = ? WHERE key = 'pruned'", (str(last),))

        if self._guard(lambda: cut(self._connection())) is not None:
            self._guard(lambda: self._write(change))

    # --- search ---------------------------------------------------------------------------------


class _Writer:
    """The one writer of a sync: stores what the parsing processes hand back, in transactions
    of up to `_COMMIT_DOCS` articles (a build: with the build-time pragmas).

    A build into an empty index (a first start, a rebuild) has no old rows to look up or drop:
    it hands out ids from memory (`_FreshIds`) and inserts each table's rows in one
    `executemany`, which halves the writer's time (at 100k, ~0.18 ms an article against ~0.08).
    It stays fresh only while every change is its own: a transaction that finds another
    writer's change in between (`meta.seq` moved) goes back to looking up each row."""

    def __init__(self, index: Writing, stamps: dict[_Key, bytes], *, build: bool) -> None:
        self.index = index
        self.stamps = stamps
        self.build = build
        self.total = len(stamps)
        self.done = 0
        self.pending: list[Parsed | Failed] = []
        self.since = time.monotonic()
        self.fresh: _FreshIds | None = None
        self.last_seq: int | None = None  # the change this writer made last
        if build:
            build_pragmas(index._connection(), on=True)

    def add(self, results: list[Parsed | Failed]) -> SyncBatch | None:
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
                build_pragmas(self.index._connection(), on=False)

    def _flush(self) -> SyncBatch:
        pending, self.pending = self.pending, []
        self.since = time.monotonic()
        written, errors = self.index._guard(
            lambda: self.index._write(partial(self._store, pending))
        )
        self.done += len(pending)
        return SyncBatch(written, errors, self.done, self.total)

    def _store(
        self, pending: list[Parsed | Failed], connection: sqlite3.Connection, seq: int
    ) -> tuple[list[int], list[LoadError]]:
        self._check_fresh(connection, seq)
        if self.fresh is not None:
            return self._store_fresh(pending, connection, seq, self.fresh)
        index = self.index
        written: list[int] = []
        errors: list[LoadError] = []
        change = 0
        # In date order, so nearly in id order, as `_store_fresh` stores its rows (why there).
        for result in sorted(pending, key=_date_order):
            stamp = self.stamps[(result.root, result.rel)]
            if isinstance(result, Failed):
                change += index._store_error(connection, seq, result, stamp)
                errors.append(
                    LoadError(index._path(result.root, result.rel), result.reason, result.line)
                )
            else:
                doc_id, added = index._store(connection, seq, result, stamp)
                written.append(doc_id)
                change += added
        add_to_count(connection, change)
        return written, errors

    def _check_fresh(self, connection: sqlite3.Connection, seq: int) -> None:
        """Whether this transaction may write as into an empty index: a build's first finds
        no docs and no errors; each later one, no change but this writer's since its last."""
        if self.last_seq is None:
            empty = not any(
                connection.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone()
                for table in ("docs", "errors")
            )
            self.fresh = _FreshIds() if self.build and empty else None
        elif seq != self.last_seq + 1:
            self.fresh = None
        self.last_seq = seq

    def _store_fresh(
        self,
        pending: list[Parsed | Failed],
        connection: sqlite3.Connection,
        seq: int,
        ids: _FreshIds,
    ) -> tuple[list[int], list[LoadError]]:
        index = self.index
        written: list[int] = []
        errors: list[LoadError] = []
        docs: list[tuple[object, ...]] = []
        parsed: list[tuple[int, Parsed]] = []
        failed: list[tuple[object, ...]] = []
        for result in pending:
            key = (result.root, result.rel)
            stamp = self.stamps[key]
            if isinstance(result, Failed):
                failed.append((*key, stamp, seq, result.reason, result.line))
                errors.append(LoadError(index._path(*key), result.reason, result.line))
            else:
                doc_id = ids.take(result.published)
                written.append(doc_id)
                docs.append((doc_id, *key, stamp, seq, *result.doc))
                parsed.append((doc_id, result))
        # Stored in id order: FTS5 writes out the terms it holds whenever a rowid comes lower
        # than the last, and ids follow dates, not paths. Writer alone, 20,000 articles: 82 ->
        # 76 us an article with synth.py's file names (dated), 121 -> 84 us with the files in
        # no date order.
        docs.sort(key=itemgetter(0))
        parsed.sort(key=itemgetter(0))
        connection.executemany("INSERT INTO errors VALUES (?, ?, ?, ?, ?, ?)", failed)
        connection.executemany(DOCS_INSERT, docs)
        connection.executemany(
            "INSERT INTO quotes VALUES (?, ?)",
            [(doc_id, result.quotes) for doc_id, result in parsed],
        )
        if index._layout.fts:
            connection.executemany(FTS_INSERT, [(doc_id, *result.fts) for doc_id, result in parsed])
        if index._layout.bodies:
            connection.executemany(
                "INSERT INTO bodies VALUES (?, ?)",
                [(doc_id, result.body) for doc_id, result in parsed],
            )
        add_to_count(connection, len(parsed))
        return written, errors


class _FreshIds:
    """`_free_id` for a build into an empty index, from memory: the lowest id handed out in
    each second's window so far (the rows of a transaction are inserted after their ids are
    chosen, so the table cannot be asked). A full window (a million articles in one second)
    spills into the next, as `_free_id`'s does. Only the undated window, were it to take 90
    billion articles, would spill differently."""

    def __init__(self) -> None:
        self.lowest: dict[int, int] = {}

    def take(self, published: datetime | None) -> int:
        base = date_id(published)
        span = DATED_MIN - 1 if published is None else SPAN
        while (lowest := self.lowest.get(base)) is not None and lowest <= base:
            base += span
        doc_id = base + span - 1 if lowest is None else lowest - 1
        self.lowest[base] = doc_id
        return doc_id


def _date_order(result: Parsed | Failed) -> int:
    """Where a result's id will fall: ids follow dates (errors have none, and go first)."""
    return date_id(result.published) if isinstance(result, Parsed) else 0


def _same_second(doc_id: int, base: int) -> bool:
    """Whether `doc_id` lies in the second whose lowest id is `base` (or both are undated)."""
    if base == 1:
        return doc_id < DATED_MIN
    return doc_id >> SEQ_BITS == base >> SEQ_BITS


def _free_id(connection: sqlite3.Connection, published: datetime | None) -> int:
    """A free id in `published`'s second, counting down, so that a batch inserted in path order
    comes out in path order when read newest first (as `ArticleSummary.sort_key` breaks ties)."""
    base = date_id(published)
    span = DATED_MIN - 1 if published is None else SPAN
    while True:
        lowest: int | None = connection.execute(
            "SELECT min(id) FROM docs WHERE id >= ? AND id < ?", (base, base + span)
        ).fetchone()[0]
        if lowest is None:
            return base + span - 1
        if lowest > base:
            return lowest - 1
        base += span  # a million articles stamped with one second: spill into the next
