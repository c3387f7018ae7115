"""The freshness walk on two cores: a forked child's part and this process's, joined, are the
ordinary walk exactly; whatever the child cannot do, the ordinary walk does."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from support.feeds import write_article

import reader.feed.walk_parts
from reader.feed.discover import FeedWalk, walk
from reader.feed.library import Library
from reader.feed.walk_split import SplitWalk, walk_split

if TYPE_CHECKING:
    from reader.feed.walk_parts import Part

_PARENT = os.getpid()


def same(one: FeedWalk, other: FeedWalk) -> bool:
    """Two walks that found the same files in the same order, with the same errors."""
    pairs = [list(files.pairs()) for files in one.files]
    return (one.roots, pairs, one.errors, one.digest()) == (
        other.roots,
        [list(files.pairs()) for files in other.files],
        other.errors,
        other.digest(),
    )


@pytest.fixture
def feed(tmp_path: Path) -> Path:
    """Top-level articles among folders (more names than runs), nested folders, hidden
    entries, other files, an empty folder, and articles that are not regular files."""
    folder = tmp_path / "feed"
    for number in range(150):
        write_article(folder, f"{number:03d}/a{number}.md", title=f"A{number}")
    for rel in ("top.md", "z.markdown", "030/deeper/b.md", "030/deeper/c.MD", "099/x.md"):
        write_article(folder, rel, title=rel)
    write_article(folder, ".hidden/h.md", title="hidden")
    write_article(folder, "041/.h.md", title="hidden")
    (folder / "notes.txt").write_text("not an article", encoding="utf-8")
    (folder / "empty").mkdir()
    os.mkfifo(folder / "pipe.md")
    os.mkfifo(folder / "120" / "pipe.md")
    return folder


@pytest.fixture
def parent_runs(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The runs this process walks itself (each after a pause long enough that the child,
    even on a loaded machine, takes most of the rest)."""
    walked: list[int] = []
    real = reader.feed.walk_parts.walk_part

    def slowly(top: bytes, names: list[bytes]) -> Part:
        if os.getpid() == _PARENT:
            walked.append(len(walked))
            time.sleep(1.0)
        return real(top, names)

    monkeypatch.setattr(reader.feed.walk_parts, "walk_part", slowly)
    return walked


def test_the_split_walk_is_the_walk(feed: Path) -> None:
    split = walk_split([feed])
    assert len(split) == 155
    assert same(split, walk([feed]))
    assert [error.path.name for error in split.errors] == ["pipe.md", "pipe.md"]


def test_the_child_walks_most_of_the_feed_and_its_part_counts(
    feed: Path, parent_runs: list[int]
) -> None:
    assert same(walk_split([feed]), walk([feed]))
    assert len(parent_runs) < 75  # of 150 runs: the child took most of them


@pytest.mark.parametrize("change", ["edit", "add", "remove", "rename"])
def test_a_change_in_the_childs_part_is_seen_by_the_next_sync(
    feed: Path, parent_runs: list[int], change: str
) -> None:
    with Library([feed]) as library:
        library.refresh()
        library.refresh()  # the index now keeps this walk's digest
        for number in range(150):  # one change in each top folder: most are the child's
            path = feed / f"{number:03d}/a{number}.md"
            if change == "edit":
                size = path.stat().st_size
                write_article(feed, f"{number:03d}/a{number}.md", title=f"B{number}")
                status = path.stat()
                assert status.st_size == size
                os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns + 1_000_000_000))
            elif change == "add":
                write_article(feed, f"{number:03d}/new{number}.md", title=f"N{number}")
            elif change == "remove":
                path.unlink()
            else:
                path.rename(path.with_name(f"moved{number}.md"))
        parent_runs.clear()
        library.refresh()
        assert len(parent_runs) < 75
        listed = {
            summary.path.relative_to(feed).as_posix(): summary.title for summary in library.view()
        }
    expected = {
        "edit": {f"{number:03d}/a{number}.md": f"B{number}" for number in range(150)},
        "add": {f"{number:03d}/new{number}.md": f"N{number}" for number in range(150)},
        "remove": {},
        "rename": {f"{number:03d}/moved{number}.md": f"A{number}" for number in range(150)},
    }[change]
    assert {rel: title for rel, title in listed.items() if rel in expected} == expected
    assert len(listed) == 5 + len(expected) + (150 if change == "add" else 0)


def test_a_symlink_in_the_childs_part_gives_the_ordinary_walk(
    feed: Path, parent_runs: list[int]
) -> None:
    (feed / "140" / "link").symlink_to(feed / "149")  # listed first here: 149 is not again
    (feed / "141" / "file.md").symlink_to(feed / "top.md")
    found = walk_split([feed])
    assert same(found, walk([feed]))
    assert b"140/link/a149.md" in found.files[0] and b"149/a149.md" not in found.files[0]


def test_a_child_that_dies_gives_the_ordinary_walk(
    feed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = reader.feed.walk_parts.walk_part

    def dying(top: bytes, names: list[bytes]) -> Part:
        if os.getpid() != _PARENT:
            os._exit(3)
        time.sleep(0.05)
        return real(top, names)

    monkeypatch.setattr(reader.feed.walk_parts, "walk_part", dying)
    assert same(walk_split([feed]), walk([feed]))


def test_a_process_with_threads_does_not_fork(feed: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader.feed.walk_parts, "alone", lambda: False)
    with SplitWalk.start([feed]) as split:
        assert split._child is None
        assert same(split.finish(), walk([feed]))


def test_several_feed_paths_and_a_file_walk_as_ever(feed: Path) -> None:
    paths = [feed / "030", feed / "top.md", feed / "030" / "deeper"]
    assert same(walk_split(paths), walk(paths))
    assert same(walk_split([feed / "top.md"]), walk([feed / "top.md"]))
    assert same(walk_split([feed / "missing"]), walk([feed / "missing"]))


def test_a_walk_closed_before_it_finishes_leaves_no_child(feed: Path) -> None:
    with SplitWalk.start([feed]) as split:
        assert split._child is not None
        child = split._child.pid
        assert child is not None
    with pytest.raises(ChildProcessError):
        os.waitpid(child, os.WNOHANG)
