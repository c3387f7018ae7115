"""A feed: the article files under one or more paths, parsed (in parallel when there are many).

No Textual imports. Errors are collected beside the articles, never instead of them.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from functools import partial
from multiprocessing import get_context
from pathlib import Path
from typing import TypeVar

from reader.articles.model import Article, LoadError
from reader.articles.parse import DEFAULT_MAX_BYTES, parse_file

ARTICLE_SUFFIXES = frozenset({".md", ".markdown"})
# Below this many files a process pool costs more to start than it saves.
PARALLEL_THRESHOLD = 400
_CHUNK = 200
_R = TypeVar("_R")


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
            scan.add(path, os.path.realpath(path))
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
    seen: set[str] = field(default_factory=set)  # real paths of the files and folders taken

    def add(self, path: Path, real: str) -> None:
        if real not in self.seen:
            self.seen.add(real)
            self.files.append(path)

    def folder(self, folder: Path) -> None:
        pending = [folder]
        while pending:
            current = pending.pop()
            real = os.path.realpath(current)
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
                    self._entry(entry, real + os.sep, pending)

    def _entry(self, entry: os.DirEntry[str], real_folder: str, pending: list[Path]) -> None:
        """Take in one folder entry; a folder still to scan goes on `pending`."""
        try:
            if entry.is_symlink():
                self._symlink(Path(entry.path), pending)
            elif entry.is_dir(follow_symlinks=False):
                pending.append(Path(entry.path))
            elif is_article_name(entry.name):
                if entry.is_file(follow_symlinks=False):
                    self.add(Path(entry.path), real_folder + entry.name)
                else:
                    self.errors.append(LoadError(Path(entry.path), _NOT_REGULAR))
        except OSError as error:  # the entry vanished, or cannot be examined
            reason = f"cannot examine: {error.strerror or error}"
            self.errors.append(LoadError(Path(entry.path), reason))

    def _symlink(self, path: Path, pending: list[Path]) -> None:
        try:
            target = path.resolve(strict=True)
            is_folder = target.is_dir()
        except (OSError, RuntimeError):
            if is_article_name(path.name):
                self.errors.append(LoadError(path, "broken symlink or symlink loop"))
            return
        if not (self.follow or any(target.is_relative_to(root) for root in self.roots)):
            if is_folder or is_article_name(path.name):
                kind = "a folder" if is_folder else "a file"
                reason = f"symlink to {kind} outside the feed ({target}); not followed"
                self.errors.append(LoadError(path, reason))
        elif is_folder:
            pending.append(path)
        elif is_article_name(path.name):
            self.add(path, str(target))


def is_article_name(name: str) -> bool:
    return name.lower().endswith(_SUFFIX_TUPLE)


_SUFFIX_TUPLE = tuple(ARTICLE_SUFFIXES)


def parse_files(
    files: Sequence[Path], *, max_bytes: int = DEFAULT_MAX_BYTES, workers: int | None = None
) -> Iterator[list[Article | LoadError]]:
    """Parse `files`, yielding results in batches as they are ready (for progressive display).

    Large feeds are parsed in a process pool: parsing is CPU-bound pure Python, so threads would
    queue on the GIL.
    """
    return map_files(partial(_parse_chunk, max_bytes=max_bytes), files, workers=workers)


def map_files(
    work: Callable[[Sequence[Path]], list[_R]],
    files: Sequence[Path],
    *,
    workers: int | None = None,
) -> Iterator[list[_R]]:
    """Run `work` (a picklable, module-level function) on chunks of `files`, in a process pool
    when there are many, yielding each chunk's results in order as they are ready."""
    workers = workers if workers is not None else default_workers()
    chunks = [files[start : start + _CHUNK] for start in range(0, len(files), _CHUNK)]
    if workers <= 1 or len(files) < PARALLEL_THRESHOLD:
        yield from map(work, chunks)
        return
    done = 0
    try:
        # forkserver: forking a process that runs threads (the app's workers) is unsafe.
        with ProcessPoolExecutor(workers, mp_context=get_context("forkserver")) as pool:
            for batch in pool.map(work, chunks):
                done += 1
                yield batch
    except (BrokenProcessPool, OSError, RuntimeError, ValueError):
        # No usable pool here (a sandbox, an unguarded __main__, a sys.stderr without a file
        # descriptor as in a running Textual app): do the rest in this process.
        yield from map(work, chunks[done:])


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
