"""A feed: the article files under one or more paths, parsed (in parallel when there are many).

No Textual imports. Errors are collected beside the articles, never instead of them.

`walk` is what the index syncs against: one pass over the feed (each folder's names from
`os.listdir`, one `lstat` an entry) that keeps each file as bytes (its path under its feed path)
and a packed stamp (modification and change times, size and inode), without a `Path` per file,
in `Stamps`: per folder, its files' names in one bytes and their stamps in another, ~70 bytes a
file where a dict of bytes took ~220 (at a million files, 70 MB against 220 MB). Its `digest`
is what the index keeps after a sync, so that a walk that found nothing new is not compared
with the index file by file. `discover` is the same walk spelled as paths, for callers that
want them.
"""

from __future__ import annotations

import os
import struct
from collections import OrderedDict, deque
from collections.abc import Callable, ItemsView, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from stat import S_ISDIR, S_ISREG
from typing import TYPE_CHECKING, TypeVar

from reader.articles.model import DEFAULT_MAX_BYTES, Article, LoadError
from reader.feed.walk_parts import (
    ARTICLE_SUFFIXES,
    FOLDER,
    LINK,
    NOT_REGULAR,
    SEP,
    STAMP,
    SUFFIXES,
    listing,
)

if TYPE_CHECKING:
    import hashlib
    from concurrent.futures import Future

    from reader.feed.walk_parts import Other, Part

# Below this many files a process pool costs more to start than it saves.
PARALLEL_THRESHOLD = 400
_CHUNK = 200
_AHEAD = 3  # chunks handed to each worker ahead of the one being read
Key = tuple[int, bytes]  # a file: the number of the feed path it is under, its path below it
_R = TypeVar("_R")
_F = TypeVar("_F")  # what names one file: a path, or the index's own form
_LENGTHS = struct.Struct("<QQQ")


def stamp_of(stat: os.stat_result) -> bytes:
    """A file's stamp: modification time, size, change time and inode, packed."""
    return STAMP.pack(stat.st_mtime_ns, stat.st_size, stat.st_ctime_ns, stat.st_ino)


class Stamps(Mapping[bytes, bytes]):
    """The article files under one feed path, each named by its path below it (bytes), mapped
    to its stamp; kept compactly, a folder at a time (see the module's docstring).

    Besides the mapping, a sync can `take` each file it knows (its stamp, or None for a file
    that is gone) and then ask which files it never took (`untaken`: the new ones).
    """

    _UNPACKED = 8  # folders kept unpacked (as dicts) for lookups, the most recent ones

    def __init__(self) -> None:
        # Folder (b"" or ending in a separator) -> its file names joined by NUL, their stamps.
        self._folders: dict[bytes, tuple[bytes, bytes]] = {}
        self._loose: dict[bytes, bytes] = {}  # files reached through a symlink, or given
        self._count = 0
        self._unpacked: OrderedDict[bytes, dict[bytes, int]] = OrderedDict()
        self._taken: dict[bytes, bytearray] = {}  # folder -> a flag a file, once one is taken
        self._taken_loose: set[bytes] = set()

    def add_folder(self, folder: bytes, names: Sequence[bytes], stamps: Sequence[bytes]) -> None:
        """The files `names` directly in `folder`, in that order, with their `stamps`."""
        if names:
            self._folders[folder] = (b"\0".join(names), b"".join(stamps))
            self._count += len(names)

    def add_packed(self, folder: bytes, names: bytes, stamps: bytes) -> None:
        """The files directly in `folder`: their names joined by NUL, their stamps joined (as
        `packed` gives them)."""
        self._folders[folder] = (names, stamps)
        self._count += len(stamps) // STAMP.size

    def packed(self) -> Iterator[tuple[bytes, bytes, bytes]]:
        """Each folder's files, in walk order: (folder, names joined by NUL, stamps joined)."""
        for folder, (names, stamps) in self._folders.items():
            yield folder, names, stamps

    def __setitem__(self, rel: bytes, stamp: bytes) -> None:
        self._loose[rel] = stamp

    def discard(self, rel: bytes) -> None:
        """Forget a file reached through a symlink (a folder listing has it too)."""
        self._loose.pop(rel, None)

    def __len__(self) -> int:
        return self._count + len(self._loose)

    def __iter__(self) -> Iterator[bytes]:
        for folder, (names, _stamps) in self._folders.items():
            yield from (folder + name for name in names.split(b"\0"))
        yield from self._loose

    def __getitem__(self, rel: bytes) -> bytes:
        if rel in self._loose:
            return self._loose[rel]
        folder, position = self._find(rel)
        if position is None:
            raise KeyError(rel)
        return self._stamp(folder, position)

    def items(self) -> ItemsView[bytes, bytes]:
        return _StampItems(self)

    def pairs(self) -> Iterator[tuple[bytes, bytes]]:
        """(file, stamp) for every file, without looking each one up."""
        size = STAMP.size
        for folder, (names, stamps) in self._folders.items():
            for number, name in enumerate(names.split(b"\0")):
                yield folder + name, stamps[number * size : (number + 1) * size]
        yield from self._loose.items()

    def take(self, rel: bytes) -> bytes | None:
        """The stamp of the file `rel` (None if it was not found), noted as taken."""
        if rel in self._loose:
            self._taken_loose.add(rel)
            return self._loose[rel]
        folder, position = self._find(rel)
        if position is None:
            return None
        flags = self._taken.get(folder)
        if flags is None:
            flags = self._taken[folder] = bytearray(self._folders[folder][0].count(b"\0") + 1)
        flags[position] = 1
        return self._stamp(folder, position)

    def untaken(self) -> Iterator[bytes]:
        """The files `take` was never asked for, in walk order."""
        for folder, (names, _stamps) in self._folders.items():
            flags = self._taken.get(folder)
            for number, name in enumerate(names.split(b"\0")):
                if flags is None or not flags[number]:
                    yield folder + name
        yield from (rel for rel in self._loose if rel not in self._taken_loose)

    def digest(self, into: hashlib._Hash) -> None:
        """Feed every file's name and stamp to `into`, a folder at a time: two walks give the
        same digest exactly when they found the same files with the same stamps (each part
        is preceded by its length, so no two walks run together into the same bytes)."""
        for folder, (names, stamps) in self._folders.items():
            into.update(_LENGTHS.pack(len(folder), len(names), len(stamps)))
            into.update(folder + names + stamps)
        for rel, stamp in self._loose.items():
            into.update(_LENGTHS.pack(len(rel), 0, len(stamp)))
            into.update(rel + stamp)

    def _find(self, rel: bytes) -> tuple[bytes, int | None]:
        """The folder of `rel` and its file's position in it (None: not there)."""
        parent, sep, name = rel.rpartition(SEP)
        folder = parent + sep
        positions = self._unpacked.get(folder)
        if positions is None:
            packed = self._folders.get(folder)
            if packed is None:
                return folder, None
            positions = {each: number for number, each in enumerate(packed[0].split(b"\0"))}
            self._unpacked[folder] = positions
            if len(self._unpacked) > self._UNPACKED:
                self._unpacked.popitem(last=False)
        else:
            self._unpacked.move_to_end(folder)
        return folder, positions.get(name)

    def _stamp(self, folder: bytes, position: int) -> bytes:
        size = STAMP.size
        return self._folders[folder][1][position * size : (position + 1) * size]


class _StampItems(ItemsView[bytes, bytes]):
    _mapping: Stamps

    def __iter__(self) -> Iterator[tuple[bytes, bytes]]:
        return self._mapping.pairs()


@dataclass(frozen=True, slots=True)
class FeedWalk:
    """The article files found under the feed's paths, and what could not be looked at.

    `files[n]` maps each file under the feed path `roots[n]` to its stamp (`Stamps`); a file is
    named by its path below that feed path, as bytes (`b""` when the feed path is the file).
    """

    roots: list[Path]
    files: list[Stamps]
    errors: list[LoadError]
    linked: bool = False  # it met a symlink, or was given a file as a feed path

    @property
    def plain(self) -> bool:
        """Whether every file was found by listing its folder, with no symlink and no error on
        the way: then a file's own path says whether a walk lists it (see `restamp`)."""
        return not self.linked and not self.errors

    def path(self, root: int, rel: bytes) -> Path:
        return join(self.roots[root], rel)

    def paths(self) -> list[Path]:
        return [self.path(root, rel) for root, found in enumerate(self.files) for rel in found]

    def __len__(self) -> int:
        return sum(map(len, self.files))

    def digest(self) -> str:
        """A digest of the whole walk (see `Stamps.digest`): what the index keeps after a sync,
        so that a walk that found nothing new needs no comparing with the index.

        SHA-256, cut to 128 bits: it runs on the CPU's SHA instructions, twice as fast as
        BLAKE2b here (3.4 ms against 6.9 for the 6 MB of a 100,000-file walk), and a warm
        command waits for it after the walk. hashlib (and OpenSSL with it) is imported here,
        not with the module: the walk itself, which `pressreader search` starts first of all,
        needs neither."""
        import hashlib

        into = hashlib.sha256()
        for number, stamps in enumerate(self.files):
            into.update(_LENGTHS.pack(number, len(stamps), 0))
            stamps.digest(into)
        return into.hexdigest()[:32]


def join(root: Path, rel: bytes) -> Path:
    """The path of the file `rel` below the feed path `root` (as `discover` spells it)."""
    return root / os.fsdecode(rel) if rel else root


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
    found = walk(paths, follow_symlinks=follow_symlinks)
    return Discovery(found.paths(), found.errors)


def walk(paths: Sequence[Path], *, follow_symlinks: bool = False) -> FeedWalk:
    """`discover`'s walk, as the index wants it (see `FeedWalk`)."""
    roots = list(paths)
    scan = _Scan(
        inside=[os.fsencode(path.resolve()) for path in roots if path.is_dir()],
        follow=follow_symlinks,
        files=[Stamps() for _ in roots],
    )
    for number, path in enumerate(roots):
        if path.is_dir():
            scan.folder(number, path)
        elif path.is_file():
            scan.linked(number, b"", os.fsencode(os.path.realpath(path)), path)
        elif path.is_symlink():
            scan.errors.append(LoadError(path, "broken symlink or symlink loop"))
        elif path.exists():
            scan.errors.append(LoadError(path, NOT_REGULAR))
        else:
            scan.errors.append(LoadError(path, "no such file or folder"))
    scan.drop_doubles()
    return FeedWalk(roots, scan.files, scan.errors, linked=scan.met_link)


def restamp(roots: Sequence[Path], paths: Iterable[Path]) -> tuple[FeedWalk, list[Key]] | None:
    """What `walk(roots)` would find of just the article files `paths` (as live reload names
    them), and their keys (feed path number, path below it): a file that is gone is keyed but
    not found. None where only a whole walk can tell: a path not under exactly one feed folder,
    below a hidden folder or a symlink, not an article's name, not a regular file, or one that
    cannot be examined. Only for a feed whose last walk was `plain`: a symlink elsewhere may
    lead to any file, and a walk's errors may have mended."""
    folders = [(number, root) for number, root in enumerate(roots) if root.is_dir()]
    files = [Stamps() for _ in roots]
    keys: list[Key] = []
    plain_folders: dict[Path, bool] = {}
    for path in paths:
        owners = [(number, root) for number, root in folders if path.is_relative_to(root)]
        if len(owners) != 1:
            return None
        number, root = owners[0]
        rel = path.relative_to(root)
        if not rel.parts or any(part.startswith(".") for part in rel.parts):
            return None
        if not is_article_name(rel.name) or not _plain_below(root, rel, plain_folders):
            return None
        try:
            status = os.lstat(path)
        except FileNotFoundError:
            status = None
        except OSError:
            return None
        key = (number, os.fsencode(rel))
        if status is not None:
            if not S_ISREG(status.st_mode):
                return None
            files[number][key[1]] = stamp_of(status)
        keys.append(key)
    return FeedWalk(list(roots), files, []), keys


def _plain_below(root: Path, rel: Path, known: dict[Path, bool]) -> bool:
    """Whether every folder from `root` down to the file `rel` is a folder, not a symlink."""
    folder = root
    for part in rel.parts[:-1]:
        folder = folder / part
        if folder not in known:
            try:
                known[folder] = S_ISDIR(os.lstat(folder).st_mode)
            except OSError:
                known[folder] = False
        if not known[folder]:
            return False
    return True


def joined(root: Path, parts: Iterable[Part]) -> FeedWalk:
    """The walk of the feed folder `root` from the parts of its names
    (`reader.feed.walk_parts.walk_part`), in name order."""
    parts = list(parts)
    top = [folder for folders, _, _ in parts for folder in folders if not folder[0]]
    found = Stamps()
    if top:
        found.add_packed(
            b"", b"\0".join(names for _, names, _ in top), b"".join(s for *_, s in top)
        )
    for folders, _, _ in parts:
        for folder, names, stamps in folders:
            if folder:
                found.add_packed(folder, names, stamps)
    errors = [error for _, top_errors, _ in parts for error in top_errors]
    errors += [error for _, _, below in parts for error in below]
    return FeedWalk([root], [found], [LoadError(_shown(root, rel), why) for rel, why in errors])


@dataclass(slots=True)
class _Scan:
    """One walk in progress: what it has found, and where it has been.

    Plain files are known by the real folder they were listed in: a folder is listed once. A
    file reached any other way (a symlink, a file given as a feed path) is kept with its real
    path, and dropped at the end if a folder listing already has it.
    """

    inside: list[bytes]  # real paths of the feed folders (where symlinks may lead)
    follow: bool
    files: list[Stamps]
    errors: list[LoadError] = field(default_factory=list)
    met_link: bool = False  # met a symlink, or a file given as a feed path
    folders: set[bytes] = field(default_factory=set)  # real paths of the folders listed
    links: dict[bytes, tuple[int, bytes]] = field(default_factory=dict)  # real path -> file

    def folder(self, number: int, root: Path) -> None:
        """List `root` and every folder below it, depth first in name order."""
        top = os.fsencode(root)
        self.below(number, root, [(top, os.path.realpath(top), b"")])

    def below(self, number: int, root: Path, pending: list[Pending]) -> None:
        """List the `pending` folders (the last first) and every folder below them, depth first
        in name order. A folder's real path is its parent's with its name added (only a
        symlink's needs resolving), so none costs a `realpath` (a system call a part of the
        path)."""
        found = self.files[number]
        while pending:
            here, real, rel = pending.pop()
            if real in self.folders:  # reached again, through a symlink
                continue
            self.folders.add(real)
            names, stamps, others, failure = listing(here)
            if failure is not None:
                self.errors.append(LoadError(_shown(root, rel), failure))
                continue
            found.add_folder(rel, names, stamps)
            pending += reversed(self.others(number, root, (here, real, rel), others))

    def others(
        self, number: int, root: Path, folder: Pending, others: list[Other]
    ) -> list[Pending]:
        """Note a listing's entries that are not article files: its subfolders to list next
        (returned, in name order), its symlinks followed or not, its problems as errors."""
        here, real, rel = folder
        later: list[Pending] = []
        for kind, name, detail in others:
            where = os.path.join(here, name)  # noqa: PTH118 (bytes, no Path per folder)
            if kind is FOLDER:
                inner = os.path.join(real, name)  # noqa: PTH118
                later.append((where, inner, rel + name + SEP))
            elif kind is LINK:
                self.met_link = True
                self._symlink(number, root, where, rel + name, later)
            else:
                self.errors.append(LoadError(_shown(root, rel + name), detail))
        return later

    def _symlink(
        self,
        number: int,
        root: Path,
        where: bytes,
        rel: bytes,
        later: list[Pending],
    ) -> None:
        path = _shown(root, rel)
        is_article = rel.lower().endswith(SUFFIXES)
        try:
            target = os.fsencode(path.resolve(strict=True))
            is_folder = os.path.isdir(target)  # noqa: PTH112 (bytes, no Path per file)
        except (OSError, RuntimeError):
            if is_article:
                self.errors.append(LoadError(path, "broken symlink or symlink loop"))
            return
        if not (self.follow or any(_within(target, folder) for folder in self.inside)):
            if is_folder or is_article:
                kind = "a folder" if is_folder else "a file"
                reason = f"symlink to {kind} outside the feed ({os.fsdecode(target)}); not followed"
                self.errors.append(LoadError(path, reason))
        elif is_folder:
            later.append((where, target, rel + SEP))
        elif is_article:
            self.linked(number, rel, target, path)

    def linked(self, number: int, rel: bytes, real: bytes, path: Path) -> None:
        """A file reached through a symlink or given as a feed path: kept once by real path."""
        self.met_link = True
        if real in self.links:
            return
        try:
            self.files[number][rel] = stamp_of(os.stat(real))  # noqa: PTH116
        except OSError as error:
            self.errors.append(LoadError(path, f"cannot examine: {error.strerror or error}"))
            return
        self.links[real] = (number, rel)

    def drop_doubles(self) -> None:
        """Drop the linked files a folder listing has too (a link beside its target)."""
        for real, (number, rel) in self.links.items():
            folder, name = os.path.split(real)
            listed = folder in self.folders and not name.startswith(b".")
            if listed and name.lower().endswith(SUFFIXES):
                self.files[number].discard(rel)


Pending = tuple[bytes, bytes, bytes]  # a folder to list: where, its real path, its path below


def _within(path: bytes, folder: bytes) -> bool:
    return path == folder or path.startswith(folder.rstrip(SEP) + SEP)


def _shown(root: Path, rel: bytes) -> Path:
    return join(root, rel.rstrip(SEP))


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
    work: Callable[[Sequence[_F]], list[_R]],
    files: Sequence[_F],
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
    # Imported here, not with the module: a warm command runs no pool, and multiprocessing
    # with concurrent.futures was ~15% of its imports.
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool
    from multiprocessing import get_context

    done = 0
    try:
        # forkserver: forking a process that runs threads (the app's workers) is unsafe.
        with ProcessPoolExecutor(workers, mp_context=get_context("forkserver")) as pool:
            # A few chunks ahead per worker, no more: results wait for the caller (the index's
            # writer) in memory, and a whole feed's would be its full text.
            pending: deque[Future[list[_R]]] = deque()
            for chunk in chunks:
                pending.append(pool.submit(work, chunk))
                if len(pending) >= workers * _AHEAD:
                    yield pending.popleft().result()
                    done += 1
            while pending:
                yield pending.popleft().result()
                done += 1
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
    # The parser is imported by what parses, not with the walk (see `FeedWalk.digest`).
    from reader.articles.parse import parse_file

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
