"""The feed as the app and CLI consume it: the index's lists, search, articles on demand.

No Textual imports. A `Library` is one feed and its index (`reader.feed.index`). Open it, run
`scan()` in a worker thread and show each batch as it comes; call `search()` or `view()` from
another worker whenever the query changes. Both are safe to run at the same time.

A warm start lists the feed from the index first (no file is parsed), then walks the folder and
sends what changed since: new and edited files, and the paths of files that are gone. What it
sends is what changed in the index since this Library last looked, whoever changed it: two apps
on one feed both see every change, whichever of them indexed it.

A list is a `ListView`: the ids of its articles in order (an `array` of ints), whose rows are
read from the index only when asked for, so a million-article feed costs a few megabytes. What
this Library has handed out is an `IdSet` (8 bytes an id, not a Python set's ~60).
"""

from __future__ import annotations

import threading
from array import array
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar, cast, overload

from reader.articles.model import DEFAULT_MAX_BYTES, Article, ArticleSummary, LoadError
from reader.articles.parse import parse_file
from reader.articles.sorting import SortOrder
from reader.feed.discover import FeedWalk, restamp, walk
from reader.feed.facets import Facets
from reader.feed.index import SCAN_NOTICE, Changes, FeedIndex, IndexReset, Sort, SyncBatch
from reader.feed.walk_split import SplitWalk, walk_split
from reader.quotes import ArticleQuotes
from reader.search.query import Marks, MarksSource, Query, Snippet, parse, snippet

_T = TypeVar("_T")
_PAGE = 64  # rows read from the index at a time
_PAGES_KEPT = 16
_QUOTES_PAGE = 1_000  # articles whose quotes `quotes_by_page` and `ready_quotes` read at a time
_RETRIES = 2  # a query that meets a damaged index is run again after the rebuild, this often


@dataclass(frozen=True, slots=True)
class FeedBatch:
    """Some more of the feed, and how far the load has got.

    A summary or error for a path already shown replaces what was shown for that path (a file
    edited since the cache was written); `removed` are paths to drop (files deleted since), and
    `removed_ids` the doc ids they had. A warm start first sends the cached list (`cached`),
    newest first, `done` of `total` counting through it; the batches after it are the changes
    found by a walk of the folder. `notice` is something to tell the user once, such as "search
    index was damaged; rebuilt it".
    """

    summaries: list[ArticleSummary]
    errors: list[LoadError]
    done: int
    total: int
    removed: tuple[Path, ...] = ()
    notice: str | None = None
    cached: bool = False
    removed_ids: tuple[int, ...] = ()
    arrived: tuple[ArticleSummary, ...] = ()  # of `summaries`, those this Library had not listed


@dataclass(frozen=True, slots=True)
class SearchResult:
    """A page of matches, best first (or newest first), and how many there are in all.

    `scores` (higher is better) belong to the first `ranked` summaries; the ones after them are
    older matches, newest first, beyond the window the index ranks (see `reader.feed.index`).
    """

    query: Query
    summaries: list[ArticleSummary]
    count: int
    sort: Sort
    scores: list[float] = field(default_factory=list)
    ranked: int = 0
    snippets: list[Snippet] | None = None
    notice: str | None = None


class ListView(Sequence[ArticleSummary]):
    """One list of the feed's articles, in one order: the ids in order (an `array` of ints),
    each row read from the index only when asked for, a page at a time (a sidebar pages
    through it by position). A snapshot: a sync makes a new one."""

    def __init__(
        self,
        index: FeedIndex | None,
        ids: array[int],
        *,
        order: SortOrder,
        query: Query | None = None,
        ranked: bool = False,
        notice: str | None = None,
    ) -> None:
        self._index = index
        self.ids = ids
        self.order = order
        self.query = query
        self.ranked = ranked
        self.notice = notice
        self._pages: OrderedDict[int, list[ArticleSummary | None]] = OrderedDict()

    @classmethod
    def empty(cls) -> ListView:
        """A list of nothing (before the feed has loaded)."""
        return cls(None, array("q"), order="newest")

    def __len__(self) -> int:
        return len(self.ids)

    def _summaries(self, ids: Sequence[int]) -> dict[int, ArticleSummary]:
        return self._index.summaries(ids) if self._index is not None and ids else {}

    @overload
    def __getitem__(self, position: int) -> ArticleSummary: ...

    @overload
    def __getitem__(self, position: slice) -> list[ArticleSummary]: ...

    def __getitem__(self, position: int | slice) -> ArticleSummary | list[ArticleSummary]:
        if isinstance(position, slice):
            return self.rows(*position.indices(len(self.ids))[:2])
        if position < 0:
            position += len(self.ids)
        summary = self.row(position)
        if summary is None:
            raise IndexError(position)
        return summary

    def rows(self, start: int, stop: int) -> list[ArticleSummary]:
        """The summaries of rows `start` to `stop` (clamped), in list order; a row whose article
        has left the index since the list was made is left out."""
        wanted = self.ids[max(0, start) : max(0, stop)]
        found = self._summaries(wanted)
        return [found[doc_id] for doc_id in wanted if doc_id in found]

    def row(self, position: int) -> ArticleSummary | None:
        """The summary at `position` (None past the end, or when it has left the index); read
        with the rest of its page, and the last few pages kept."""
        if not 0 <= position < len(self.ids):
            return None
        number, offset = divmod(position, _PAGE)
        page = self._pages.get(number)
        if page is None:
            wanted = self.ids[number * _PAGE : (number + 1) * _PAGE]
            found = self._summaries(wanted)
            page = [found.get(doc_id) for doc_id in wanted]
            self._pages[number] = page
            if len(self._pages) > _PAGES_KEPT:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(number)
        return page[offset]

    def id_at(self, position: int) -> int | None:
        return self.ids[position] if 0 <= position < len(self.ids) else None

    def position_of(self, doc_id: int) -> int | None:
        """Where the article `doc_id` is in the list, if it is: one pass over the ids in C
        (~30 ms at a million), where a dict of positions would cost ~100 MB."""
        try:
            return self.ids.index(doc_id)
        except ValueError:
            return None

    def position_of_path(self, path: Path) -> int | None:
        """Where the article at `path` is in the list (by the id it has now), if it is."""
        doc_id = self._index.id_of(path) if self._index is not None else None
        return None if doc_id is None else self.position_of(doc_id)

    def position_of_identity(self, identity: str) -> int | None:
        """Where the first article with `identity` (a reading-state key) is, if listed."""
        if self._index is None:
            return None
        found = [self.position_of(doc_id) for doc_id in self._index.ids_of_identity(identity)]
        return min((row for row in found if row is not None), default=None)


class MemoryView(ListView):
    """A list of summaries held in memory (a few: a sample, a test), paged like the index's."""

    def __init__(self, summaries: Sequence[ArticleSummary], *, order: SortOrder = "newest") -> None:
        super().__init__(None, array("q", range(len(summaries))), order=order)
        self._held = list(summaries)
        self._by_path = {summary.path: number for number, summary in enumerate(self._held)}

    def _summaries(self, ids: Sequence[int]) -> dict[int, ArticleSummary]:
        return {doc_id: self._held[doc_id] for doc_id in ids}

    def position_of(self, doc_id: int) -> int | None:
        return None  # its ids are positions, not the index's: its rows are found by path

    def position_of_path(self, path: Path) -> int | None:
        return self._by_path.get(path)

    def position_of_identity(self, identity: str) -> int | None:
        found = (row for row, summary in enumerate(self._held) if summary.identity == identity)
        return next(found, None)


class IdSet:
    """A set of doc ids at 8 bytes an id: a sorted `array`, and the few added or dropped since
    it was last merged (a million ids in a Python set take ~60 MB; here 8 MB)."""

    _MERGE_AT = 4_096  # changes kept aside before they are merged into the array

    def __init__(self, ids: Iterable[int] = ()) -> None:
        self._sorted = array("q", sorted(set(ids)))
        self._added: set[int] = set()
        self._dropped: set[int] = set()

    @classmethod
    def of_sorted(cls, ids: array[int]) -> IdSet:
        """An `IdSet` of `ids`, already in ascending order (taken as it is, not copied)."""
        made = cls()
        made._sorted = ids
        return made

    def _in_array(self, doc_id: int) -> bool:
        position = bisect_left(self._sorted, doc_id)
        return position < len(self._sorted) and self._sorted[position] == doc_id

    def __contains__(self, doc_id: int) -> bool:
        if doc_id in self._added:
            return True
        return doc_id not in self._dropped and self._in_array(doc_id)

    def __len__(self) -> int:
        return len(self._sorted) + len(self._added) - len(self._dropped)

    def __iter__(self) -> Iterator[int]:
        """The ids in ascending order."""
        self._merge()
        return iter(self._sorted)

    def update(self, ids: Iterable[int]) -> None:
        for doc_id in ids:
            self._dropped.discard(doc_id)
            if not self._in_array(doc_id):
                self._added.add(doc_id)
        self._merge_if_many()

    def discard(self, doc_id: int) -> None:
        self._added.discard(doc_id)
        if self._in_array(doc_id):
            self._dropped.add(doc_id)
        self._merge_if_many()

    def missing_from(self, other: IdSet) -> list[int]:
        """The ids here that `other` lacks, in ascending order."""
        return [doc_id for doc_id in self if doc_id not in other]

    def _merge_if_many(self) -> None:
        if len(self._added) + len(self._dropped) >= self._MERGE_AT:
            self._merge()

    def _merge(self) -> None:
        if self._added or self._dropped:
            dropped = self._dropped
            kept = (doc_id for doc_id in self._sorted if doc_id not in dropped)
            self._sorted = array("q", sorted([*kept, *self._added]))
            self._added, self._dropped = set(), set()


class Identities(Collection[str]):
    """The reading-state keys of the feed's articles, asked of the index one at a time."""

    def __init__(self, index: FeedIndex) -> None:
        self._index = index

    def __contains__(self, identity: object) -> bool:
        return isinstance(identity, str) and bool(self._index.ids_of_identity(identity))

    def __len__(self) -> int:
        return self._index.count()

    def __iter__(self) -> Iterator[str]:
        for chunk in self._index.cached_summaries():
            yield from (summary.identity for _, summary in chunk)


class Library:
    """One feed: its files, its index, and what of it this Library has handed out."""

    def __init__(
        self,
        paths: Sequence[Path],
        *,
        follow_symlinks: bool = False,
        max_bytes: int = DEFAULT_MAX_BYTES,
        marks: MarksSource | None = None,
        cache: Path | None = None,
    ) -> None:
        """Open (or create, or rebuild) the feed's index; do it in a worker, as it touches disk.

        `marks` answers `is:unread`/`is:starred` (a `reader.store.state.ReadingState`); `cache`
        is the folder for the index (default: the user cache dir).
        """
        self.paths = list(paths)
        self.follow_symlinks = follow_symlinks
        self.max_bytes = max_bytes
        self.marks = marks
        self.index = FeedIndex(self.paths, directory=cache)
        # What this Library has handed out: the doc ids, and the index's change it was up to.
        self._ids = IdSet()
        self._seq = 0
        self._instance = ""
        self._keep = True  # keep the summaries handed out (for `search`); see `scan`
        self._plain = False  # the last walk's `FeedWalk.plain`: files can be synced alone
        # Doc id -> summary, for everything scan() has listed: search maps its ids through it.
        self._summaries: dict[int, ArticleSummary] = {}
        self._lock = threading.Lock()

    @property
    def notice(self) -> str | None:
        """Why the index had to be rebuilt or moved, if it had to; None normally."""
        return self.index.notice

    @property
    def status(self) -> str | None:
        """None while the index is in its place; else where it is now and why (a lasting state
        for the app to show: a full disk, an unwritable cache)."""
        return self.index.notice if self.index.fallback else None

    def close(self) -> None:
        self.index.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # --- listing --------------------------------------------------------------------------------

    def scan(self, *, listing: bool = True) -> Iterator[FeedBatch]:
        """The feed batch by batch: the cached list first when there is one (newest first, the
        top of it in a small batch of its own), then the changes since.

        Without `listing`, the cached list is not sent (a list pages it from the index through
        `view`): the first batch has only its count, sent before anything else is read (so a
        list can be drawn from the index at once), and this Library keeps no summaries.
        """
        self.index.take_notices()  # the opening notice goes with the first batch
        notice = self.index.notice
        self._keep = listing
        try:
            seq, instance = self.index.seq(), self.index.instance()
            errors = self.index.cached_errors()
            total = self.index.count()
            chunks = list(self.index.cached_summaries()) if listing else []
        except IndexReset as reset:
            seq, instance, errors, total, chunks = 0, self.index.instance(), [], 0, []
            notice = reset.notice
        with self._lock:
            self._seq, self._instance, self._ids = seq, instance, IdSet()
        if not listing:
            yield FeedBatch([], errors, total, total, notice=notice, cached=True)
            try:
                ids = self._known_ids()
            except IndexReset:
                ids = IdSet()  # the sync after it lists the rebuilt index afresh
            with self._lock:
                self._ids = ids
            yield from self.sync()
            return
        done = 0
        for chunk in chunks:
            self._remember(chunk, [])
            done += len(chunk)
            summaries = [summary for _, summary in chunk]
            yield FeedBatch(summaries, errors, done, total, notice=notice, cached=True)
            errors, notice = [], None
        if errors:  # a feed of broken files only
            yield FeedBatch([], errors, 0, 0, notice=notice, cached=True)
            notice = None
        yield from self.sync(notice)

    def sync(
        self, notice: str | None = None, *, files: Iterable[Path] | None = None
    ) -> Iterator[FeedBatch]:
        """Walk the feed and send what changed since this Library last looked: new and edited
        files, newly broken ones, and the paths of files that are gone (a live reload).

        With `files` (the article files live reload was told of) only those are looked at,
        where their paths alone say what a walk would find of them (see
        `reader.feed.discover.restamp`): a walk of a million files takes seconds."""
        found = restamp(self.paths, files) if files is not None and self._plain else None
        if found is not None:
            try:
                batches = self.index.sync_files(*found, max_bytes=self.max_bytes)
                yield from self._batches(batches, [], notice)
                return
            except IndexReset as reset:  # the index was replaced: only a whole walk fills it
                notice = reset.notice
        for attempt in range(_RETRIES + 1):
            try:
                yield from self._sync(notice)
                return
            except IndexReset as reset:
                notice = reset.notice
                if attempt == _RETRIES:
                    raise

    def _sync(self, notice: str | None) -> Iterator[FeedBatch]:
        found = walk(self.paths, follow_symlinks=self.follow_symlinks)
        self._plain = found.plain
        yield from self._batches(
            self.index.sync(found, max_bytes=self.max_bytes), list(found.errors), notice
        )

    def _batches(
        self, batches: Iterable[SyncBatch], errors: list[LoadError], notice: str | None
    ) -> Iterator[FeedBatch]:
        """What changed in the index at each of a sync's `batches`, the walk's `errors` and the
        `notice` with the first."""
        for batch in batches:
            notices = [notice, *self.index.take_notices()]
            yield self._changes(errors, batch.done, batch.total, "; ".join(filter(None, notices)))
            errors, notice = [], None

    def _changes(self, errors: list[LoadError], done: int, total: int, notice: str) -> FeedBatch:
        """A batch of what changed in the index since this Library last looked."""
        instance = self.index.instance()
        with self._lock:
            since = self._seq if instance == self._instance else 0
        changes = self.index.changes(since)
        removed_ids = self._removed(changes, since == 0 and bool(self._ids))
        removed = tuple(path for doc_id, path in changes.removed)
        with self._lock:
            self._seq, self._instance = changes.seq, instance
            known = self._ids
            # New to this Library: not handed out before, and not a file it had under another id.
            was = set(removed)
            arrived = tuple(
                summary
                for doc_id, summary in changes.summaries
                if doc_id not in known and summary.path not in was
            )
        self._remember(changes.summaries, removed_ids)
        return FeedBatch(
            summaries=[summary for _, summary in changes.summaries],
            errors=[*errors, *changes.errors],
            done=done,
            total=total,
            removed=removed,
            notice=notice or None,
            removed_ids=tuple(removed_ids),
            arrived=arrived,
        )

    def _removed(self, changes: Changes, anew: bool) -> list[int]:
        """The ids this Library handed out that the index no longer has."""
        if changes.complete and not anew:
            with self._lock:
                return [
                    doc_id
                    for doc_id, _ in changes.removed
                    if doc_id is not None and doc_id in self._ids
                ]
        current = self._known_ids()
        with self._lock:
            return self._ids.missing_from(current)

    def _known_ids(self) -> IdSet:
        """Every id the index has now (read newest first: reversed, they are in order)."""
        ids = self.index.ordered_ids("newest")
        ids.reverse()
        return IdSet.of_sorted(ids)

    def refresh(self, found: FeedWalk | None = None) -> list[LoadError]:
        """Bring the index up to date without listing the feed (what the CLI needs before it
        reads the index), with the walk `found` if one was made; returns every load error."""
        for attempt in range(_RETRIES + 1):
            try:
                if found is None or attempt:
                    found = walk_split(self.paths, follow_symlinks=self.follow_symlinks)
                for _batch in self.index.sync(found, max_bytes=self.max_bytes):
                    pass
                return [*found.errors, *self.index.cached_errors()]
            except IndexReset:
                if attempt == _RETRIES:
                    raise
        raise AssertionError("unreachable")

    def read_fresh(self, walking: SplitWalk, read: Callable[[], _T]) -> tuple[_T, list[LoadError]]:
        """What `read()` gives on the index brought up to date with the walk `walking`
        finishes, and every load error (as `refresh` returns them).

        `read` runs first on the index as it is, while the walk goes on in another process,
        and its answer is kept when the index was then in line with a walk (and did not change
        during `read`) and that walk is the one `walking` finds: a warm command's query then
        costs it nothing, the walk being most of its time. Otherwise the index is synced with
        the walk, and `read` runs again."""
        early: tuple[str, _T, list[LoadError]] | None = None
        try:
            held = self.index.held_walk()
            if held is not None:
                early = (held, read(), self.index.cached_errors())
                if self.index.held_walk() != held:
                    early = None
        except IndexReset:
            early = None  # the index was replaced: the sync below fills it
        found = walking.finish()
        if early is not None and early[0].endswith(f" {found.digest()}"):
            return early[1], [*found.errors, *early[2]]
        errors = self.refresh(found)
        return read(), errors

    def take_notices(self) -> list[str]:
        """What happened to the index since last asked (rebuilt, moved, back): once each."""
        return self.index.take_notices()

    def _remember(
        self, summaries: list[tuple[int, ArticleSummary]], dropped: Iterable[int]
    ) -> None:
        with self._lock:
            for doc_id in dropped:
                self._summaries.pop(doc_id, None)
                self._ids.discard(doc_id)
            if self._keep:
                self._summaries.update(summaries)
            self._ids.update(doc_id for doc_id, _ in summaries)

    # --- lists ----------------------------------------------------------------------------------

    def view(
        self, query: str | Query | None = None, order: SortOrder = "newest", *, rank: bool = False
    ) -> ListView:
        """The feed's articles in `order`, or `query`'s matches (best first with `rank` when
        the query has words to rank; else in `order`). A `QueryError` says what is wrong."""
        parsed = parse(query) if isinstance(query, str) else query
        if parsed is not None and rank:
            found = self._retrying(
                lambda: self.index.search(
                    parsed, sort="rank", limit=None, marks_source=self.marks, scored=False
                )
            )
            ids = array("q", found.ids)
            return ListView(
                self.index, ids, order=order, query=parsed, ranked=True, notice=found.notice
            )
        ids = self._retrying(lambda: self.index.ordered_ids(order, parsed, marks_source=self.marks))
        notice = SCAN_NOTICE if parsed is not None and not self.index.fts else None
        return ListView(self.index, ids, order=order, query=parsed, notice=notice)

    def first_rows(self, order: SortOrder, count: int) -> ListView:
        """The feed's first `count` articles in `order`: a list to draw while `view` reads
        every id (about a second at a million articles)."""
        ids = self._retrying(lambda: self.index.first_ids(order, count))
        return ListView(self.index, ids, order=order)

    def count(self) -> int:
        return self._retrying(self.index.count)

    def facets(self, query: Query | None) -> Facets:
        """Counts of all of `query`'s matches (of the whole feed for None) by area, site, year,
        month and speaker, `is:unread` and `is:starred` answered by the library's marks."""
        return self._retrying(lambda: self.index.facets(query, marks_source=self.marks))

    def identities(self) -> Identities:
        """The feed's reading-state keys, without a summary per article (see `Identities`)."""
        return Identities(self.index)

    def unread_count(self, read: Iterable[str]) -> int:
        """How many of the feed's articles are not among the `read` identities (in SQL)."""
        marks = Marks(frozenset(read), frozenset())
        return self._retrying(lambda: self.index.unread_count(marks))

    def summary(self, doc_id: int) -> ArticleSummary | None:
        return self._retrying(lambda: self.index.summaries([doc_id])).get(doc_id)

    def id_of(self, path: Path) -> int | None:
        return self._retrying(lambda: self.index.id_of(path))

    def ids_of_identity(self, identity: str) -> list[int]:
        return self._retrying(lambda: self.index.ids_of_identity(identity))

    def _retrying(self, action: Callable[[], _T]) -> _T:
        """Run a read of the index; if it finds the index damaged (or its disk full), sync the
        rebuilt one and run it again."""
        for attempt in range(_RETRIES + 1):
            try:
                return action()
            except IndexReset:
                if attempt == _RETRIES:
                    raise
                self.refresh()
        raise AssertionError("unreachable")

    # --- quotes ---------------------------------------------------------------------------------

    def quotes(self, ids: Sequence[int]) -> list[tuple[ArticleSummary, ArticleQuotes]]:
        """The stored quotes of the articles `ids`, in that order (no file is read)."""
        return self._retrying(lambda: self.index.quotes(ids))

    def quotes_by_page(self, ids: Sequence[int]) -> Iterator[tuple[ArticleSummary, ArticleQuotes]]:
        """`quotes(ids)`, read a page of articles at a time as they are asked for: a million
        articles' quotes are never held at once (the app's export, `quotes --query`)."""
        return _by_page(self.quotes, ids)

    def all_quotes(
        self, order: SortOrder = "newest"
    ) -> Iterator[tuple[ArticleSummary, ArticleQuotes]]:
        """Every article's stored quotes, in `order` (what `quotes` and the speaker index read)."""
        return self._each_retrying(lambda: self.index.all_quotes(order))

    def ready_quotes(self, ids: Sequence[int]) -> Iterator[tuple[str, str, str]]:
        """The quote records ready to print of the articles `ids`, in that order, each as
        (identity, head, records) (see `FeedIndex.ready`; no file is read), read a page of
        articles at a time as they are asked for, as `quotes_by_page` reads them."""
        return _by_page(lambda page: self._retrying(lambda: self.index.ready(page)), ids)

    def all_ready_quotes(self, order: SortOrder = "newest") -> Iterator[tuple[str, str, str]]:
        """Every article's quote records ready to print, as `ready_quotes` gives them, in
        `order`: what `quotes --json` prints."""
        return self._each_retrying(lambda: self.index.all_ready(order))

    def _each_retrying(self, items: Callable[[], Iterator[_T]]) -> Iterator[_T]:
        """What `items` yields; an index found damaged on the way is rebuilt, and the rest
        follows from the new one."""
        done = 0
        for attempt in range(_RETRIES + 1):
            try:
                for position, item in enumerate(items()):
                    if position >= done:
                        done += 1
                        yield item
                return
            except IndexReset:
                if attempt == _RETRIES:
                    raise
                self.refresh()

    # --- searching ------------------------------------------------------------------------------

    def search(
        self,
        query: str | Query,
        *,
        sort: Sort = "rank",
        limit: int | None = None,
        offset: int = 0,
        snippets: bool = False,
    ) -> SearchResult:
        """The articles matching `query` (text is parsed; a `QueryError` says what is wrong).

        `limit=None` gives every match (what a filtered list needs); `snippets` adds a one-line
        extract of each body around its first match, for a result page.
        """
        parsed = parse(query) if isinstance(query, str) else query
        found = self._retrying(
            lambda: self.index.search(
                parsed, sort=sort, limit=limit, offset=offset, marks_source=self.marks
            )
        )
        kept, summaries = self._lookup(found.ids)
        return SearchResult(
            query=parsed,
            summaries=summaries,
            count=found.count,
            sort=sort,
            scores=found.scores,
            ranked=found.ranked,
            snippets=[self._snippet(parsed, doc_id) for doc_id in kept] if snippets else None,
            notice=found.notice,
        )

    def _lookup(self, ids: Sequence[int]) -> tuple[Sequence[int], list[ArticleSummary]]:
        """The ids that are still articles, and their summaries, in the order given.

        A filtered list asks for every match (100,000 ids), so this is one C-level pass over
        the listed summaries; only ids not listed yet (the CLI lists nothing) go to the index.
        """
        with self._lock:
            found = list(map(self._summaries.get, ids))
        if None not in found:
            return ids, cast("list[ArticleSummary]", found)
        missing = [doc_id for doc_id, summary in zip(ids, found, strict=True) if not summary]
        read = self._retrying(lambda: self.index.summaries(missing))
        found = [summary or read.get(doc_id) for doc_id, summary in zip(ids, found, strict=True)]
        kept = [doc_id for doc_id, summary in zip(ids, found, strict=True) if summary]
        return kept, [summary for summary in found if summary]

    def _snippet(self, query: Query, doc_id: int) -> Snippet:
        return snippet(query, self.index.body(doc_id) or "")


def _by_page(read: Callable[[Sequence[int]], list[_T]], ids: Sequence[int]) -> Iterator[_T]:
    """What `read` gives for `ids`, asked of it `_QUOTES_PAGE` ids at a time as it is
    consumed: a query matching most of a million articles holds one page of them."""
    for start in range(0, len(ids), _QUOTES_PAGE):
        yield from read(ids[start : start + _QUOTES_PAGE])


def load_article(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Article | LoadError:
    """The full article behind a summary, read fresh from disk."""
    return parse_file(path, max_bytes=max_bytes)
