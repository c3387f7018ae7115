"""The feed as the app and CLI consume it: summaries in batches as they load, articles on demand.

No Textual imports. The app runs `scan_feed` in a worker thread and shows each batch as it comes.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from reader.article import Article, ArticleSummary, LoadError
from reader.feed import discover, parse_files
from reader.parse import DEFAULT_MAX_BYTES, parse_file


@dataclass(frozen=True, slots=True)
class FeedBatch:
    """Some more of the feed: new summaries and errors, and how far the load has got."""

    summaries: list[ArticleSummary]
    errors: list[LoadError]
    done: int
    total: int


def scan_feed(
    paths: Sequence[Path],
    *,
    follow_symlinks: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[FeedBatch]:
    """Yield the feed batch by batch; discovery errors come first, in a batch of their own."""
    discovery = discover(paths, follow_symlinks=follow_symlinks)
    total = len(discovery.files)
    yield FeedBatch([], list(discovery.errors), 0, total)
    done = 0
    for results in parse_files(discovery.files, max_bytes=max_bytes):
        done += len(results)
        summaries = [item.summary for item in results if isinstance(item, Article)]
        errors = [item for item in results if isinstance(item, LoadError)]
        yield FeedBatch(summaries, errors, done, total)


def load_article(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Article | LoadError:
    """The full article behind a summary, read fresh from disk."""
    return parse_file(path, max_bytes=max_bytes)
