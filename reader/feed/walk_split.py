"""The freshness walk on two cores, for the headless commands: a forked child walks some of the
feed folder while this process walks the rest (or does other work first), and the two halves
are joined into the very walk `reader.feed.discover.walk` gives.

A warm `pressreader search` is mostly the walk: one `lstat` a file, ~2–3 µs of kernel time
each, which no digest can spare (an edit that keeps the size moves only the file's own times).
Two processes, not threads: the walk's Python between the `lstat`s holds the GIL.

The folder's visible names are cut into at most `RUNS` runs, handed out through a pipe one
byte a run (work done before `finish`, such as a query, is balanced by the child taking more
runs); each process walks its runs with `walk_part`, the child writes each of its parts to a
memory file as it goes (`reader.feed.walk_parts.WalkChild`), and `joined` puts them in name
order. Whatever goes wrong (a symlink anywhere, a child that dies, no `fork` or
`memfd_create`, a process with threads, where forking is unsafe) gives the ordinary walk
instead: the split is only ever a faster way to the same `FeedWalk`.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from reader.feed import walk_parts
from reader.feed.discover import FeedWalk, joined, walk
from reader.feed.walk_parts import SymlinkMet, WalkChild

if TYPE_CHECKING:
    from reader.feed.walk_parts import Part


class SplitWalk:
    """A walk of the feed under way in a forked child (`start`); `finish` walks what the child
    has not taken and returns the whole walk. Use it as a context manager, or call `close`,
    so that a child is never left behind."""

    def __init__(
        self, paths: Sequence[Path], follow_symlinks: bool, child: WalkChild | None = None
    ) -> None:
        self.paths = list(paths)
        self._follow = follow_symlinks
        self._child = child

    @classmethod
    def start(cls, paths: Sequence[Path], *, follow_symlinks: bool = False) -> SplitWalk:
        """Start walking `paths`: in a child for one folder of many entries, where this
        process can fork; else nothing is started and `finish` walks them all here."""
        child = WalkChild.start(os.fsencode(paths[0])) if len(paths) == 1 else None
        return cls(paths, follow_symlinks, child)

    def finish(self) -> FeedWalk:
        """The whole walk: this process walks the runs the child has not taken, then joins the
        child's; the ordinary walk if the child could not give its part."""
        child = self._child
        if child is None:
            return walk(self.paths, follow_symlinks=self._follow)
        parts: dict[int, Part] = {}
        try:
            while (number := child.next_run()) is not None:
                parts[number] = walk_parts.walk_part(child.top, child.runs[number])
            parts.update(child.parts())
        except (SymlinkMet, OSError, EOFError, ValueError, TypeError):
            parts = {}
        finally:
            self.close()
        if len(parts) != len(child.runs):
            return walk(self.paths, follow_symlinks=self._follow)
        return joined(self.paths[0], (parts[number] for number in range(len(child.runs))))

    def close(self) -> None:
        """Stop the child if it still runs, and close the pipe and the memory file."""
        if self._child is not None:
            self._child.close()

    def __enter__(self) -> SplitWalk:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def walk_split(paths: Sequence[Path], *, follow_symlinks: bool = False) -> FeedWalk:
    """`walk`, on two cores where it can (see the module docstring)."""
    with SplitWalk.start(paths, follow_symlinks=follow_symlinks) as split:
        return split.finish()
