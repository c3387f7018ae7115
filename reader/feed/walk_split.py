"""The freshness walk on two cores, for the headless commands: a forked child walks some of the
feed folder while this process walks the rest (or does other work first), and the two halves
are joined into the very walk `reader.feed.discover.walk` gives.

A warm `pressreader search` is mostly the walk: one `lstat` a file, ~2–3 µs of kernel time
each, which no digest can spare (an edit that keeps the size moves only the file's own times).
Two processes, not threads: the walk's Python between the `lstat`s holds the GIL.

The folder's visible names are cut into at most `_RUNS` runs, handed out through a pipe one
byte a run (a read from a pipe is atomic, so each run goes to whichever process asks first:
work done before `finish`, such as a query, is balanced by the child taking more runs); each
process walks its runs with `walk_part`, the child writes each of its parts (`marshal`) to a
memory file as it goes, never waiting on a reader, and `joined` puts them in name order.
Whatever goes wrong (a symlink anywhere, a child that dies, no `fork` or `memfd_create`, a
process with threads, where forking is unsafe) gives the ordinary walk instead: the split is
only ever a faster way to the same `FeedWalk`.
"""

from __future__ import annotations

import io
import marshal
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from reader.articles.model import LoadError
from reader.feed.discover import (
    FeedWalk,
    Part,
    Stamps,
    SymlinkMet,
    joined,
    visible,
    walk,
    walk_part,
)

_RUNS = 255  # a byte a run; the one left last is short (at a million files, ~4,000 of them)
_MIN_NAMES = 2  # a folder of fewer visible entries is walked in this process alone
_Wire = tuple[list[tuple[bytes, bytes, bytes]], list[tuple[str, str]], list[tuple[str, str]]]


def alone() -> bool:
    """Whether this process runs one thread (forking one that runs others is unsafe)."""
    threading = sys.modules.get("threading")
    return threading is None or threading.active_count() == 1


class SplitWalk:
    """A walk of the feed under way in a forked child (`start`); `finish` walks what the child
    has not taken and returns the whole walk. Use it as a context manager, or call `close`,
    so that a child is never left behind."""

    def __init__(self, paths: Sequence[Path], follow_symlinks: bool) -> None:
        self.paths = list(paths)
        self._follow = follow_symlinks
        self._child: int | None = None
        self._runs: list[list[bytes]] = []
        self._tokens = self._sink = -1

    @classmethod
    def start(cls, paths: Sequence[Path], *, follow_symlinks: bool = False) -> SplitWalk:
        """Start walking `paths`: in a child for one folder of many entries, where this
        process can fork; else nothing is started and `finish` walks them all here."""
        split = cls(paths, follow_symlinks)
        if len(paths) == 1 and hasattr(os, "fork") and hasattr(os, "memfd_create") and alone():
            split._fork(paths[0])
        return split

    def _fork(self, root: Path) -> None:
        try:
            names = visible(os.fsencode(root)) if root.is_dir() else []
        except OSError:
            return  # the ordinary walk says why
        if len(names) < _MIN_NAMES:
            return
        size = -(-len(names) // _RUNS)
        self._runs = [names[start : start + size] for start in range(0, len(names), size)]
        self._tokens, handed = os.pipe()
        os.write(handed, bytes(range(len(self._runs))))  # a byte a run: far below a pipe's size
        os.close(handed)
        self._sink = os.memfd_create("pressreader-walk", os.MFD_CLOEXEC)
        try:
            child = os.fork()
        except OSError:
            self.close()
            return
        if child == 0:  # pragma: no cover (runs in the child, which never returns)
            _child(root, self._runs, self._tokens, self._sink)
        self._child = child

    def finish(self) -> FeedWalk:
        """The whole walk: this process walks the runs the child has not taken, then joins the
        child's; the ordinary walk if the child could not give its part."""
        if self._child is None:
            return walk(self.paths, follow_symlinks=self._follow)
        parts: dict[int, Part] = {}
        try:
            while token := os.read(self._tokens, 1):
                parts[token[0]] = walk_part(self.paths[0], self._runs[token[0]])
            parts.update(self._collect())
        except (SymlinkMet, OSError, EOFError, ValueError, TypeError):
            parts = {}
        finally:
            self.close()
        if len(parts) != len(self._runs):
            return walk(self.paths, follow_symlinks=self._follow)
        return joined(self.paths[0], (parts[number] for number in range(len(self._runs))))

    def _collect(self) -> dict[int, Part]:
        """The child's parts, once it has written them all (none if it met a symlink or
        failed)."""
        assert self._child is not None
        _, status = os.waitpid(self._child, 0)
        self._child = None
        if status != 0:
            return {}
        size = os.fstat(self._sink).st_size
        written = io.BytesIO(os.pread(self._sink, size, 0))
        parts = {}
        while written.tell() < size:
            number, wire = marshal.load(written)
            parts[number] = _from_wire(wire)
        return parts

    def close(self) -> None:
        """Stop the child if it still runs, and close the pipe and the memory file."""
        if self._child is not None:
            os.kill(self._child, 9)
            os.waitpid(self._child, 0)
            self._child = None
        for each in (self._tokens, self._sink):
            if each >= 0:
                os.close(each)
        self._tokens = self._sink = -1

    def __enter__(self) -> SplitWalk:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def walk_split(paths: Sequence[Path], *, follow_symlinks: bool = False) -> FeedWalk:
    """`walk`, on two cores where it can (see the module docstring)."""
    with SplitWalk.start(paths, follow_symlinks=follow_symlinks) as split:
        return split.finish()


def _child(root: Path, runs: list[list[bytes]], tokens: int, sink: int) -> None:  # pragma: no cover
    """The forked child: walk the runs it takes, write each to `sink`, and exit (never return:
    this is a copy of the parent, whose stack must not go on here)."""
    status = 1
    try:
        while token := os.read(tokens, 1):
            data = marshal.dumps((token[0], _to_wire(walk_part(root, runs[token[0]]))))
            while data:
                data = data[os.write(sink, data) :]
        status = 0
    except SymlinkMet:
        while os.read(tokens, 4096):  # leave no run to the parent: it walks anew
            pass
    except BaseException:  # the status says it failed: the parent walks anew
        pass
    finally:
        os._exit(status)


def _to_wire(part: Part) -> _Wire:
    def errors(found: list[LoadError]) -> list[tuple[str, str]]:
        return [(str(error.path), error.reason) for error in found]

    return list(part.stamps.packed()), errors(part.top_errors), errors(part.errors)


def _from_wire(wire: _Wire) -> Part:
    folders, top_errors, errors = wire
    stamps = Stamps()
    for folder, names, packed in folders:
        stamps.add_packed(folder, names, packed)

    def loaded(found: list[tuple[str, str]]) -> list[LoadError]:
        return [LoadError(Path(path), reason) for path, reason in found]

    return Part(stamps, loaded(top_errors), loaded(errors))
