"""A feed: the article files under one or more paths, parsed (in parallel when there are many).

No Textual imports. Errors are collected beside the articles, never instead of them.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from functools import partial
from multiprocessing import get_context
from pathlib import Path

from reader.article import Article, LoadError
from reader.parse import DEFAULT_MAX_BYTES, parse_file

ARTICLE_SUFFIXES = frozenset({".md", ".markdown"})
# Below this many files a process pool costs more to start than it saves.
PARALLEL_THRESHOLD = 400
_CHUNK = 200


@dataclass(frozen=True, slots=True)
class Discovery:
    """The article files found under the feed's paths, and what could not be looked at."""

    files: list[Path]
    errors: list[LoadError]


@dataclass(slots=True)
class Feed:
    """Parsed articles, newest first (undated last), and every file that failed to load."""

    articles: list[Article] = field(default_factory=list)
    errors: list[LoadError] = field(default_factory=list)


def discover(paths: Sequence[Path], *, follow_symlinks: bool = False) -> Discovery:
    """Find article files under `paths` (folders searched recursively, files taken as given).

    Symlinks inside a folder are followed only to files inside the feed, unless `follow_symlinks`;
    symlinked folders are never entered, so a link loop cannot trap the scan.
    """
    roots = [path.resolve() for path in paths if path.is_dir()]
    files: list[Path] = []
    errors: list[LoadError] = []
    for path in paths:
        if path.is_dir():
            _scan_folder(path, roots, follow_symlinks, files, errors)
        elif path.is_file():
            files.append(path)
        elif path.is_symlink():
            errors.append(LoadError(path, "broken symlink or symlink loop"))
        else:
            errors.append(LoadError(path, "no such file or folder"))
    return Discovery(files, errors)


def _scan_folder(
    folder: Path,
    roots: list[Path],
    follow_symlinks: bool,
    files: list[Path],
    errors: list[LoadError],
) -> None:
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            with os.scandir(current) as entries:
                listing = sorted(entries, key=lambda entry: entry.name)
        except OSError as error:
            errors.append(LoadError(current, f"cannot list folder: {error.strerror or error}"))
            continue
        for entry in listing:
            path = Path(entry.path)
            if entry.is_symlink():
                _check_symlink(path, roots, follow_symlinks, files, errors)
            elif entry.is_dir(follow_symlinks=False):
                pending.append(path)
            elif _is_article_name(entry.name):
                files.append(path)


def _check_symlink(
    path: Path,
    roots: list[Path],
    follow_symlinks: bool,
    files: list[Path],
    errors: list[LoadError],
) -> None:
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        if _is_article_name(path.name):
            errors.append(LoadError(path, "broken symlink or symlink loop"))
        return
    if target.is_dir():
        if _is_article_name(path.name):
            errors.append(LoadError(path, "symlink to a folder; not followed"))
        return
    if not _is_article_name(path.name):
        return
    if follow_symlinks or any(target.is_relative_to(root) for root in roots):
        files.append(path)
    else:
        errors.append(LoadError(path, f"symlink to {target}, outside the feed; not followed"))


def _is_article_name(name: str) -> bool:
    return Path(name).suffix.lower() in ARTICLE_SUFFIXES


def parse_files(
    files: Sequence[Path], *, max_bytes: int = DEFAULT_MAX_BYTES, workers: int | None = None
) -> Iterator[list[Article | LoadError]]:
    """Parse `files`, yielding results in batches as they are ready (for progressive display).

    Large feeds are parsed in a process pool: parsing is CPU-bound pure Python, so threads would
    queue on the GIL.
    """
    workers = workers if workers is not None else (os.cpu_count() or 1)
    parse_chunk = partial(_parse_chunk, max_bytes=max_bytes)
    chunks = [files[start : start + _CHUNK] for start in range(0, len(files), _CHUNK)]
    if workers <= 1 or len(files) < PARALLEL_THRESHOLD:
        yield from map(parse_chunk, chunks)
        return
    done = 0
    try:
        # forkserver: forking a process that runs threads (the app's workers) is unsafe.
        with ProcessPoolExecutor(workers, mp_context=get_context("forkserver")) as pool:
            for batch in pool.map(parse_chunk, chunks):
                done += 1
                yield batch
    except (BrokenProcessPool, OSError, RuntimeError):
        # No usable pool here (a sandbox, an unguarded __main__): parse the rest in this process.
        yield from map(parse_chunk, chunks[done:])


def _parse_chunk(files: Iterable[Path], *, max_bytes: int) -> list[Article | LoadError]:
    return [parse_file(path, max_bytes=max_bytes) for path in files]


def load_feed(
    paths: Sequence[Path],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    follow_symlinks: bool = False,
    workers: int | None = None,
) -> Feed:
    """Discover and parse a whole feed."""
    discovery = discover(paths, follow_symlinks=follow_symlinks)
    feed = Feed(errors=list(discovery.errors))
    for batch in parse_files(discovery.files, max_bytes=max_bytes, workers=workers):
        for result in batch:
            if isinstance(result, LoadError):
                feed.errors.append(result)
            else:
                feed.articles.append(result)
    sort_newest_first(feed.articles)
    return feed


def sort_newest_first(articles: list[Article]) -> None:
    articles.sort(key=lambda article: article.summary.sort_key)
