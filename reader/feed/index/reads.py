"""Reading the index: the stored feed, page by page, what changed since a reader last looked,
and searches. No Textual.

Everything here reads stored rows: listing the feed, its quotes and speakers parses no file
(only `body` does, when the index keeps no bodies). Each reader of the index (two apps on one
feed) asks for what changed since it last looked (`changes`), whoever wrote it.
"""

from __future__ import annotations

import zlib
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from reader.articles.model import ArticleSummary, LoadError
from reader.articles.parse import parse_body
from reader.articles.sorting import SortOrder
from reader.feed import facets as facet_sql
from reader.feed.index.place import IndexFile
from reader.feed.index.ranking import Matches, Sort, id_array, run
from reader.feed.index.rows import decode_quotes, decode_ready, split_speakers
from reader.feed.index.schema import ORDERS, SUMMARY_COLUMNS
from reader.quotes import ArticleQuotes
from reader.quotes.records import article_head
from reader.search.query import Fields, Marks, MarksSource, Query, matches
from reader.search.sql import load_marks, plan
from reader.search.sqlite import sqlite3

SCAN_NOTICE = "this SQLite has no full-text search (FTS5): searching by scanning, newest first"
_BATCH = 500
_SUMMARIES = f"SELECT {SUMMARY_COLUMNS} FROM docs d"
_READY = (
    "SELECT d.id, d.root, d.rel, d.title, d.site, d.area, d.published, d.url, d.identity, q.data "
    "FROM docs d JOIN quotes q ON q.id = d.id"
)


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


class Reading(IndexFile):
    """The read side of the index: every method reads stored rows."""

    def cached_summaries(self, first: int = 1000) -> Iterator[list[tuple[int, ArticleSummary]]]:
        """Every indexed article, newest first, as it was when its file was last parsed: the
        `first` newest in a list of their own (the top of a list, ready in a few ms), then the
        rest."""
        rows = self._guard(
            lambda: (
                self._connection()
                .execute(f"SELECT {SUMMARY_COLUMNS} FROM docs d ORDER BY id DESC")
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
                f"SELECT {SUMMARY_COLUMNS} FROM docs d ORDER BY {ORDERS[sort]}"
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

    def _rows_of(self, ids: Sequence[int], select: str = _SUMMARIES) -> list[tuple[Any, ...]]:
        """`select`'s rows (of `docs d`) for the articles `ids`, in no order."""
        connection = self._connection()
        found: list[tuple[Any, ...]] = []
        for start in range(0, len(ids), _BATCH):
            chunk = list(ids[start : start + _BATCH])
            marks = ",".join("?" * len(chunk))
            found += connection.execute(f"{select} WHERE d.id IN ({marks})", chunk)
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
        return parse_body(summary.path)

    def speakers(self, doc_id: int) -> tuple[str, ...]:
        found = self._guard(
            lambda: (
                self._connection()
                .execute("SELECT speakers FROM docs WHERE id = ?", (doc_id,))
                .fetchone()
            )
        )
        return split_speakers(found[0]) if found else ()

    def quotes(self, ids: Sequence[int]) -> list[tuple[ArticleSummary, ArticleQuotes]]:
        """The stored quotes of the articles `ids`, in that order (ids not indexed are left out)."""
        rows = self._guard(
            lambda: self._rows_of(
                ids, f"SELECT {SUMMARY_COLUMNS}, q.data FROM docs d JOIN quotes q ON q.id = d.id"
            )
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
            f"SELECT {SUMMARY_COLUMNS}, q.data FROM docs d JOIN quotes q ON q.id = d.id "
            f"ORDER BY {ORDERS[sort]}"
        )
        cursor = self._guard(lambda: self._connection().execute(sql))
        while chunk := self._guard(lambda: cursor.fetchmany(2_000)):
            for row in chunk:
                yield self._summary(row), decode_quotes(row[-1])

    def ready(self, ids: Sequence[int]) -> list[tuple[str, str, str]]:
        """The quote records ready to print (`reader.quotes.records`) of the articles `ids`, in
        that order, each as (identity, head, records): `head` is the file's and the article's
        members (`article_head`), "" with the records of an article without quotes. Ids not
        indexed are left out."""
        rows = self._guard(lambda: self._rows_of(ids, _READY))
        by_id = {row[0]: row for row in rows}
        return [self._ready(by_id[doc_id]) for doc_id in ids if doc_id in by_id]

    def all_ready(self, sort: SortOrder = "newest") -> Iterator[tuple[str, str, str]]:
        """Every article's quote records ready to print, as `ready` gives them, in `sort`
        order."""
        sql = f"{_READY} ORDER BY {ORDERS[sort]}"
        cursor = self._guard(lambda: self._connection().execute(sql))
        while chunk := self._guard(lambda: cursor.fetchmany(2_000)):
            for row in chunk:
                yield self._ready(row)

    def _ready(self, row: tuple[Any, ...]) -> tuple[str, str, str]:
        _, root, rel, title, site, area, published, url, identity, data = row
        records = decode_ready(data)
        if not records:  # no quotes: no record, and no head to make
            return identity, "", ""
        moment = datetime.fromisoformat(published) if published else None
        file = self.path_text(root, rel)
        return identity, article_head(file, title, site, area, moment, url), records

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
            # With no statistics SQLite reads every row in id order to spare itself the sort
            # (~0.5 µs a row: 50 ms at 100,000 for each live reload); after a change, a reader
            # asks for the few rows written since, which the seq index finds.
            docs = "docs d INDEXED BY docs_seq" if since else "docs d"
            rows = connection.execute(
                f"SELECT {SUMMARY_COLUMNS} FROM {docs} WHERE seq > ? ORDER BY id DESC", (since,)
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

    def _load_marks(self, connection: sqlite3.Connection, marks: Marks) -> None:
        """Copy the marks into this thread's temp tables, when they changed since last time."""
        if getattr(self._local, "marks", None) == marks:
            return
        load_marks(connection, marks)
        self._local.marks = marks

    def search(
        self,
        query: Query,
        *,
        sort: Sort = "rank",
        limit: int | None = 20,
        offset: int = 0,
        marks_source: MarksSource | None = None,
        scored: bool = True,
    ) -> Matches:
        """One page of `query`'s matches and their total count (`scored=False`: without the
        ranked ids' scores, for a list that needs only their order).

        sort="rank": bm25 over the `RANK_WINDOW` newest matches, best first, then any older
        matches newest first (`Matches.ranked` says how many are ranked). A query with no words
        to rank (only dates, `is:` or exclusions) comes newest first. sort="date": newest first.
        """
        marks = Marks.of(marks_source, query)
        return self._guard(lambda: self._search(query, marks, sort, limit, offset, scored=scored))

    def _search(
        self,
        query: Query,
        marks: Marks | None,
        sort: Sort,
        limit: int | None,
        offset: int,
        *,
        scored: bool = True,
    ) -> Matches:
        connection = self._connection()
        if marks is not None:
            self._load_marks(connection, marks)
        if not self.fts:
            return self._scan(query, marks, limit, offset)
        return run(connection, plan(query.root), sort, offset, limit, scored=scored)

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

    def first_ids(self, order: SortOrder, count: int) -> array[int]:
        """The first `count` articles' ids in `order`: each order has an index, so this walks
        `count` entries, where every id (`ordered_ids`) is a walk of the whole feed."""
        sql = f"SELECT d.id FROM docs d ORDER BY {ORDERS[order]} LIMIT ?"
        return self._guard(lambda: id_array(self._connection(), sql, (count,)))

    def _ordered_ids(
        self, order: SortOrder, query: Query | None, marks: Marks | None
    ) -> array[int]:
        connection = self._connection()
        if query is None:
            return id_array(connection, f"SELECT d.id FROM docs d ORDER BY {ORDERS[order]}", ())
        if marks is not None:
            self._load_marks(connection, marks)
        if not self.fts or order == "newest":
            ids = array("q", self._search(query, marks, "date", None, 0).ids)
            if order == "newest" or not ids:
                return ids
            params: tuple[object, ...] = ()
            inner = ",".join(map(str, ids))
        else:
            inner, params = plan(query.root).every_id
        sql = f"SELECT d.id FROM docs d WHERE d.id IN ({inner}) ORDER BY {ORDERS[order]}"
        return id_array(connection, sql, params)

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
        return facet_sql.count(connection, plan(query.root).every_id)

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
                speakers=split_speakers(speakers),
                body=zlib.decompress(body).decode("utf-8"),
                published=datetime.fromisoformat(published) if published else None,
                identity=identity,
                doubtful=bool(doubtful),
            )
            if matches(query, fields, marks):
                found.append(doc_id)
        page = found[offset:] if limit is None else found[offset : offset + limit]
        return Matches(page, [], len(found), 0, notice=SCAN_NOTICE)
