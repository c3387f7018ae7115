"""The feed as the app and CLI consume it: summaries in batches, search, articles on demand.

No Textual imports. A `Library` is one feed and its index (`reader.feed.index`). Open it, run
`scan()` in a worker thread and show each batch as it comes; call `search()` from another worker
whenever the query changes. Both are safe to run at the same time.

A warm start lists the feed from the index first (no file is parsed), then walks the folder and
sends what changed since: new and edited files, and the paths of files that are gone.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import cast

from reader.articles.model import Article, ArticleSummary, LoadError
from reader.articles.parse import DEFAULT_MAX_BYTES, parse_file
from reader.feed.discover import discover, map_files
from reader.feed.index import FeedIndex, Sort, SyncBatch
from reader.quotes import ArticleQuotes, extract_quotes
from reader.search.query import MarksSource, Query, Snippet, parse, snippet


@dataclass(frozen=True, slots=True)
class FeedBatch:
    """Some more of the feed, and how far the load has got.

    A summary or error for a path already shown replaces what was shown for that path (a file
    edited since the cache was written); `removed` are paths to drop (files deleted since).
    A warm start first sends the cached list (`cached`), newest first, `done` of `total`
    counting through it; the batches after it are the changes found by a walk of the folder.
    `notice` is something to tell the user once, such as "search index was damaged; rebuilt it".
    """

    summaries: list[ArticleSummary]
    errors: list[LoadError]
    done: int
    total: int
    removed: tuple[Path, ...] = ()
    notice: str | None = None
    cached: bool = False


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


class Library:
    """One feed: its files, its index, and the summaries listed so far."""

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
        is the
        folder for the index (default: the user cache dir).
        """
        self.paths = list(paths)
        self.follow_symlinks = follow_symlinks
        self.max_bytes = max_bytes
        self.marks = marks
        self.index = FeedIndex(self.paths, directory=cache)
        # Doc id -> summary, for everything scan() has listed: search maps its ids through it.
        self._summaries: dict[int, ArticleSummary] = {}
        self._lock = threading.Lock()

    @property
    def notice(self) -> str | None:
        """Why the index had to be rebuilt or moved, if it had to; None normally."""
        return self.index.notice

    def close(self) -> None:
        self.index.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # --- listing --------------------------------------------------------------------------------

    def scan(self) -> Iterator[FeedBatch]:
        """The feed batch by batch: the cached list first when there is one (newest first, the
        top of it in a small batch of its own), then the changes since."""
        notice = self.index.notice
        errors = self.index.cached_errors()
        total = self.index.count()
        done = 0
        for chunk in self.index.cached_summaries():
            self._remember(chunk, [])
            done += len(chunk)
            summaries = [summary for _, summary in chunk]
            yield FeedBatch(summaries, errors, done, total, notice=notice, cached=True)
            errors, notice = [], None
        if errors:  # a feed of broken files only
            yield FeedBatch([], errors, 0, 0, notice=notice, cached=True)
            notice = None
        yield from self.sync(notice)

    def sync(self, notice: str | None = None) -> Iterator[FeedBatch]:
        """Walk the feed and send only what changed since the last scan or sync: new and
        edited files, newly broken ones, and the paths of files that are gone (a live reload)."""
        discovery = discover(self.paths, follow_symlinks=self.follow_symlinks)
        errors = list(discovery.errors)
        for batch in self.index.sync(discovery, max_bytes=self.max_bytes):
            self._remember(batch.summaries, batch.dropped)
            yield _feed_batch(batch, errors, notice)
            errors, notice = [], None

    def refresh(self) -> list[LoadError]:
        """Bring the index up to date without listing the feed (what the CLI needs before a
        search); returns every load error."""
        discovery = discover(self.paths, follow_symlinks=self.follow_symlinks)
        for batch in self.index.sync(discovery, max_bytes=self.max_bytes):
            self._remember([], batch.dropped)
        return [*discovery.errors, *self.index.cached_errors()]

    def _remember(self, summaries: list[tuple[int, ArticleSummary]], dropped: list[int]) -> None:
        with self._lock:
            for doc_id in dropped:
                self._summaries.pop(doc_id, None)
            self._summaries.update(summaries)

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
        found = self.index.search(
            parsed, sort=sort, limit=limit, offset=offset, marks_source=self.marks
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

    def _lookup(self, ids: list[int]) -> tuple[list[int], list[ArticleSummary]]:
        """The ids that are still articles, and their summaries, in the order given.

        A filtered list asks for every match (100,000 ids), so this is one C-level pass over
        the listed summaries; only ids not listed yet (the CLI lists nothing) go to the index.
        """
        with self._lock:
            found = list(map(self._summaries.get, ids))
        if None not in found:
            return ids, cast("list[ArticleSummary]", found)
        missing = [doc_id for doc_id, summary in zip(ids, found, strict=True) if not summary]
        read = self.index.summaries(missing)
        found = [summary or read.get(doc_id) for doc_id, summary in zip(ids, found, strict=True)]
        kept = [doc_id for doc_id, summary in zip(ids, found, strict=True) if summary]
        return kept, [summary for summary in found if summary]

    def _snippet(self, query: Query, doc_id: int) -> Snippet:
        return snippet(query, self.index.body(doc_id) or "")


def _feed_batch(
    batch: SyncBatch, discovery_errors: list[LoadError], notice: str | None
) -> FeedBatch:
    return FeedBatch(
        summaries=[summary for _, summary in batch.summaries],
        errors=[*discovery_errors, *batch.errors],
        done=batch.done,
        total=batch.total,
        removed=tuple(batch.removed),
        notice=notice,
    )


def scan_feed(
    paths: Sequence[Path],
    *,
    follow_symlinks: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[FeedBatch]:
    """Yield the feed batch by batch (see `Library.scan`), for callers that do not search."""
    with Library(paths, follow_symlinks=follow_symlinks, max_bytes=max_bytes) as library:
        yield from library.scan()


def load_article(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Article | LoadError:
    """The full article behind a summary, read fresh from disk."""
    return parse_file(path, max_bytes=max_bytes)


def article_quotes(
    summaries: Iterable[ArticleSummary],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    workers: int | None = None,
) -> Iterator[tuple[ArticleSummary, ArticleQuotes] | LoadError]:
    """The quotes of each article, in the order given, each file read fresh from disk.

    Yields (summary, quotes) for an article, where the summary is the article's as read now (the
    one given, unless the file changed since it was listed), and the `LoadError` for a file that
    can no longer be read (deleted, broken, too big). Many articles are read in a process pool
    (see `reader.feed.discover.map_files`): reading and extracting are CPU-bound pure Python.
    """
    paths = [summary.path for summary in summaries]
    work = partial(_quote_chunk, max_bytes=max_bytes)
    for chunk in map_files(work, paths, workers=workers):
        yield from chunk


def readable_quotes(
    summaries: Iterable[ArticleSummary],
) -> list[tuple[ArticleSummary, ArticleQuotes]]:
    """`article_quotes` without the files that can no longer be read (the app's speaker index
    and export: the load errors are on the errors screen already)."""
    return [item for item in article_quotes(summaries) if not isinstance(item, LoadError)]


def _quote_chunk(
    files: Sequence[Path], *, max_bytes: int
) -> list[tuple[ArticleSummary, ArticleQuotes] | LoadError]:
    """Read and extract some articles; runs in `map_files`' worker processes."""
    results: list[tuple[ArticleSummary, ArticleQuotes] | LoadError] = []
    for path in files:
        article = load_article(path, max_bytes=max_bytes)
        if isinstance(article, LoadError):
            results.append(article)
        else:
            results.append((article.summary, extract_quotes(article.body)))
    return results
