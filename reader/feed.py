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

    Hidden entries (names starting with a dot) inside a folder are skipped. Symlinks inside a
    folder are followed only to files and folders inside the feed, unless `follow_symlinks`.
    Files and folders are known by their real paths, so no folder is scanned twice (a link loop
    cannot trap the scan) and no file is listed twice (overlapping paths, a link beside its
    target).
    """
    scan = _Scan(roots=[path.resolve() for path in paths if path.is_dir()], follow=follow_symlinks)
    for path in paths:
        if path.is_dir():
            scan.folder(path)
        elif path.is_file():
            scan.add(path, path.resolve())
        elif path.is_symlink():
            scan.errors.append(LoadError(path, "broken symlink or symlink loop"))
        elif path.exists():
            scan.errors.append(LoadError(path, _NOT_REGULAR))
        else:
            scan.errors.append(LoadError(path, "no such file or folder"))
    return Discovery(scan.files, scan.errors)


_NOT_REGULAR = "not a regular file (a pipe, socket or device)"


@dataclass(slots=True)
class _Scan:
    """One discovery in progress: what it has found, and where it has been."""

    roots: list[Path]
    follow: bool
    files: list[Path] = field(default_factory=list)
    errors: list[LoadError] = field(default_factory=list)
    seen: set[Path] = field(default_factory=set)  # real paths of files and folders taken

    def add(self, path: Path, real: Path) -> None:
        if real not in self.seen:
            self.seen.add(real)
            self.files.append(path)

    def folder(self, folder: Path) -> None:
        pending = [folder]
        while pending:
            current = pending.pop()
            real = current.resolve()
            if real in self.seen:
                continue
            self.seen.add(real)
            try:
                with os.scandir(current) as entries:
                    listing = sorted(entries, key=lambda entry: entry.name)
            except OSError as error:
                reason = f"cannot list folder: {error.strerror or error}"
                self.errors.append(LoadError(current, reason))
                continue
            for entry in listing:
                if not entry.name.startswith("."):
                    pending.extend(self._entry(entry, real / entry.name))

    def _entry(self, entry: os.DirEntry[str], real: Path) -> list[Path]:
        """Take in one folder entry; return it when it is a folder still to scan."""
        path = Path(entry.path)
        try:
            if entry.is_symlink():
                return self._symlink(path)
            if entry.is_dir(follow_symlinks=False):
                return [path]
            is_file = entry.is_file(follow_symlinks=False)
        except OSError as error:  # the entry vanished, or cannot be examined
            self.errors.append(LoadError(path, f"cannot examine: {error.strerror or error}"))
            return []
        if not _is_article_name(entry.name):
            return []
        if is_file:
            self.add(path, real)
        else:
            self.errors.append(LoadError(path, _NOT_REGULAR))
        return []

    def _symlink(self, path: Path) -> list[Path]:
        try:
            target = path.resolve(strict=True)
            is_folder = target.is_dir()
        except (OSError, RuntimeError):
            if _is_article_name(path.name):
                self.errors.append(LoadError(path, "broken symlink or symlink loop"))
            return []
        if not (self.follow or any(target.is_relative_to(root) for root in self.roots)):
            if is_folder or _is_article_name(path.name):
                kind = "a folder" if is_folder else "a file"
                reason = f"symlink to {kind} outside the feed ({target}); not followed"
                self.errors.append(LoadError(path, reason))
            return []
        if is_folder:
            return [path]
        if _is_article_name(path.name):
            self.add(path, target)
        return []


def _is_article_name(name: str) -> bool:
    return Path(name).suffix.lower() in ARTICLE_SUFFIXES


def parse_files(
    files: Sequence[Path], *, max_bytes: int = DEFAULT_MAX_BYTES, workers: int | None = None
) -> Iterator[list[Article | LoadError]]:
    """Parse `files`, yielding results in batches as they are ready (for progressive display).

    Large feeds are parsed in a process pool: parsing is CPU-bound pure Python, so threads would
    queue on the GIL.
    """
    workers = workers if workers is not None else default_workers()
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


def default_workers() -> int:
    """The CPUs this process may run on (a container or `taskset` may allow fewer than exist)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


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
