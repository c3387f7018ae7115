"""A feed folder's walk in parts, with nothing imported beyond `os` and `struct`: a folder's
visible names, its article files' stamps (one `lstat` each), the walk of some of a folder's
entries that meets no symlink (`walk_part`), and the forked child of a split walk
(`WalkChild`, see `reader.feed.walk_split`).

`reader.feed.discover` builds every walk from these listings. `pressreader search FEED QUERY`
forks the child before the command's imports (~0.1 s of CPU, which the child's walk then runs
beside): the child runs this module alone and imports nothing, so it starts at once.
"""

from __future__ import annotations

import io
import marshal
import os
import struct
import sys
from stat import S_ISDIR, S_ISLNK, S_ISREG

TYPE_CHECKING = False  # typing itself is not imported: the child is forked before it would be
if TYPE_CHECKING:
    from collections.abc import Iterable

    # A part's walk (`walk_part`): each folder's files in walk order (the folder's path below
    # the feed folder, its files' names joined by NUL, their stamps joined); the errors of the
    # part's own entries, then those below them, each the path below the feed folder and why.
    Errors = list[tuple[bytes, str]]
    Part = tuple[list[tuple[bytes, bytes, bytes]], Errors, Errors]
    # What a listing says of an entry that is not an article file: (what, its name, the
    # problem's reason).
    Other = tuple[str, bytes, str]

ARTICLE_SUFFIXES = frozenset({".md", ".markdown"})
# A file's stamp: what `git status` compares too. An edit that keeps the size and the
# modification time (`cp -p`, `rsync -t`, `touch -r`) still moves the change time, and a file
# replaced by another has a new inode.
STAMP = struct.Struct("<qqqQ")
NOT_REGULAR = "not a regular file (a pipe, socket or device)"
# What a listing says of an entry that is not an article file: a folder, a symlink (the walk
# decides whether to follow it), or a problem with an article file (its reason).
FOLDER, LINK, PROBLEM = "folder", "link", "problem"
SEP = os.fsencode(os.sep)
SUFFIXES = tuple(os.fsencode(suffix) for suffix in ARTICLE_SUFFIXES)
_RELATIVE = os.stat in os.supports_dir_fd
_FOLDER_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)


class SymlinkMet(Exception):
    """A part's walk met a symlink: which of two paths to a folder a walk lists first depends
    on what it listed before, so a part cannot tell."""


def listing(here: bytes) -> tuple[list[bytes], list[bytes], list[Other], str | None]:
    """One folder's article files (names, and stamps from one `lstat` each) in name order; its
    subfolders, symlinks and problems, in name order; or why it cannot be listed. Hidden
    entries are left out."""
    try:
        listed = visible(here)
    except OSError as error:
        return [], [], [], f"cannot list folder: {error.strerror or error}"
    return (*entries(here, listed), None)


def visible(here: bytes) -> list[bytes]:
    """The names in the folder `here` that are not hidden, in name order."""
    listed = os.listdir(here)  # noqa: PTH208 (bytes names, no Path each)
    return sorted(name for name in listed if name[:1] != b".")


def entries(here: bytes, listed: Iterable[bytes]) -> tuple[list[bytes], list[bytes], list[Other]]:
    """Of the (visible) names `listed` in the folder `here`, in that order: the article files'
    names and stamps, and the other entries (`Other`).

    Names from `listdir` and one `lstat` an entry, which says what it is: `scandir`'s entries
    cost about twice as much to make and sort as the names, and an article needs its `lstat`
    anyway (at 100,000 files, ~0.05 s of the walk's ~0.3 s). Each `lstat` is made relative to
    the folder, opened once (`dir_fd`), where the system can: the kernel then looks up one
    name, not every folder of the path (~10% of the walk's kernel time at 100,000 files)."""
    folder = here if here.endswith(SEP) else here + SEP
    try:
        opened = os.open(here, _FOLDER_FLAGS) if _RELATIVE else None
    except OSError:  # look each entry up by its whole path: its own error says why
        opened = None
    try:
        return _entries(b"" if opened is not None else folder, opened, listed)
    finally:
        if opened is not None:
            os.close(opened)


def _entries(
    prefix: bytes, opened: int | None, listed: Iterable[bytes]
) -> tuple[list[bytes], list[bytes], list[Other]]:
    names: list[bytes] = []
    stamps: list[bytes] = []
    others: list[Other] = []
    lstat, pack = os.stat, STAMP.pack  # the loop's names, looked up once (~1 µs a file)
    for name in listed:
        try:
            status = lstat(prefix + name, dir_fd=opened, follow_symlinks=False)
        except OSError as error:  # the entry vanished, or cannot be examined
            others.append((PROBLEM, name, f"cannot examine: {error.strerror or error}"))
            continue
        mode = status.st_mode
        if S_ISREG(mode):
            if name.lower().endswith(SUFFIXES):
                stamps.append(
                    pack(status.st_mtime_ns, status.st_size, status.st_ctime_ns, status.st_ino)
                )
                names.append(name)
        elif S_ISDIR(mode):
            others.append((FOLDER, name, ""))
        elif S_ISLNK(mode):
            others.append((LINK, name, ""))
        elif name.lower().endswith(SUFFIXES):
            others.append((PROBLEM, name, NOT_REGULAR))
    return names, stamps, others


def walk_part(top: bytes, names: Iterable[bytes]) -> Part:
    """The walk of the feed folder `top` as far as its entries `names` go (visible names, in
    name order): joined in order (`reader.feed.discover.joined`), the parts of the folder's
    names give its walk. Raises `SymlinkMet` at a symlink. With no symlink, no folder can be
    reached twice, so none needs its real path."""
    folders: list[tuple[bytes, bytes, bytes]] = []
    top_errors: Errors = []
    errors: Errors = []
    files, stamps, others = entries(top, names)
    if files:
        folders.append((b"", b"\0".join(files), b"".join(stamps)))
    pending = _below(top, b"", others, top_errors)[::-1]
    while pending:  # depth first, in name order: the last pending is the next
        here, rel = pending.pop()
        files, stamps, others, failure = listing(here)
        if failure is not None:
            errors.append((rel, failure))
            continue
        if files:
            folders.append((rel, b"\0".join(files), b"".join(stamps)))
        pending += reversed(_below(here, rel, others, errors))
    return folders, top_errors, errors


def _below(
    here: bytes, rel: bytes, others: list[Other], errors: Errors
) -> list[tuple[bytes, bytes]]:
    """A listing's subfolders to list next (where, path below the feed folder), in name order;
    its problems noted in `errors`."""
    later = []
    for kind, name, detail in others:
        if kind is FOLDER:
            later.append((os.path.join(here, name), rel + name + SEP))  # noqa: PTH118 (bytes)
        elif kind is LINK:
            raise SymlinkMet(os.path.join(here, name))  # noqa: PTH118
        else:
            errors.append((rel + name, detail))
    return later


RUNS = 255  # a byte a run; the one left last is short (at a million files, ~4,000 of them)
_MIN_NAMES = 2  # a folder of fewer visible entries is walked in one process alone


def alone() -> bool:
    """Whether this process runs one thread (forking one that runs others is unsafe)."""
    threading = sys.modules.get("threading")
    return threading is None or threading.active_count() == 1


class WalkChild:
    """A forked child walking the runs of a feed folder's names it takes from `tokens` (a
    pipe holding a byte a run: a read from a pipe is atomic, so each run goes to whichever
    process asks first), writing each part (`marshal`) to the memory file `sink` as it goes,
    never waiting on a reader. See `reader.feed.walk_split`, which walks the rest and joins."""

    def __init__(self, top: bytes, runs: list[list[bytes]], tokens: int, sink: int) -> None:
        self.top = top
        self.runs = runs
        self.tokens = tokens
        self.sink = sink
        self.pid: int | None = None

    @classmethod
    def start(cls, top: bytes) -> WalkChild | None:
        """A child walking the feed folder `top`, if this process can fork one (not with
        threads running) and the folder has names enough to share; else None."""
        if not (hasattr(os, "fork") and hasattr(os, "memfd_create") and alone()):
            return None
        try:
            names = visible(top) if os.path.isdir(top) else []  # noqa: PTH112 (bytes)
        except OSError:
            return None  # the ordinary walk says why
        if len(names) < _MIN_NAMES:
            return None
        size = -(-len(names) // RUNS)
        runs = [names[start : start + size] for start in range(0, len(names), size)]
        tokens, handed = os.pipe()
        os.write(handed, bytes(range(len(runs))))  # a byte a run: far below a pipe's size
        os.close(handed)
        child = cls(top, runs, tokens, os.memfd_create("pressreader-walk", os.MFD_CLOEXEC))
        try:
            pid = os.fork()
        except OSError:
            child.close()
            return None
        if pid == 0:  # pragma: no cover (runs in the child, which never returns)
            child._walk()
        child.pid = pid
        return child

    def _walk(self) -> None:  # pragma: no cover (runs in the child)
        """Walk the runs this process takes, write each to the sink, and exit (never return:
        this is a copy of the parent, whose stack must not go on here)."""
        status = 1
        try:
            while token := os.read(self.tokens, 1):
                data = marshal.dumps((token[0], walk_part(self.top, self.runs[token[0]])))
                while data:
                    data = data[os.write(self.sink, data) :]
            status = 0
        except SymlinkMet:
            while os.read(self.tokens, 4096):  # leave no run to the parent: it walks anew
                pass
        except BaseException:  # the status says it failed: the parent walks anew
            pass
        finally:
            os._exit(status)

    def next_run(self) -> int | None:
        """A run the child has not taken (now this process's to walk), or None: none left."""
        token = os.read(self.tokens, 1)
        return token[0] if token else None

    def parts(self) -> dict[int, Part]:
        """The child's parts, once it has written them all (none if it met a symlink or
        failed)."""
        assert self.pid is not None
        _, status = os.waitpid(self.pid, 0)
        self.pid = None
        if status != 0:
            return {}
        size = os.fstat(self.sink).st_size
        written = io.BytesIO(os.pread(self.sink, size, 0))
        parts = {}
        while written.tell() < size:
            number, part = marshal.load(written)
            parts[number] = part
        return parts

    def close(self) -> None:
        """Stop the child if it still runs, and close the pipe and the memory file."""
        if self.pid is not None:
            os.kill(self.pid, 9)
            os.waitpid(self.pid, 0)
            self.pid = None
        for each in (self.tokens, self.sink):
            if each >= 0:
                os.close(each)
        self.tokens = self.sink = -1
