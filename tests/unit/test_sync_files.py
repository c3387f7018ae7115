"""Live reload syncs the files it was told of, not the whole feed: `restamp` finds just those
files as a walk would, `Library.sync(files=…)` brings the index in line with them, and the result
is the index a whole sync gives. Where a path alone cannot say what a walk would find (a
symlink, a hidden or vanished folder, a path under two feed folders), the whole feed is synced."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import support.hypothesis_profiles  # noqa: F401  (registers and loads the profile)
from hypothesis import given, settings
from hypothesis import strategies as st
from support.feeds import count_parses, count_walks, write_article

from reader.feed.discover import restamp, stamp_of, walk
from reader.feed.library import Library


@pytest.fixture
def feed(tmp_path: Path) -> Path:
    folder = tmp_path / "feed"
    write_article(folder, "a.md", title="Alpha", published="2020-01-01T09:00")
    write_article(folder, "sub/b.md", title="Beta", published="2021-01-01T09:00")
    return folder


def listed(library: Library) -> list[tuple[str, str]]:
    """The index's articles newest first (path, title), and its errors by path."""
    view = library.view()
    rows = [(str(summary.path), summary.title) for summary in view.rows(0, len(view))]
    return rows + sorted((str(e.path), "error") for e in library.index.cached_errors())


def whole_sync(feed: Path, cache: Path) -> list[tuple[str, str]]:
    with Library([feed], cache=cache) as fresh:
        list(fresh.scan(listing=False))
        return listed(fresh)


def test_restamp_finds_the_files_as_the_walk_does_and_keys_the_gone(feed: Path) -> None:
    gone = feed / "sub" / "gone.md"
    found = restamp([feed], [feed / "sub" / "b.md", gone, feed / "a.md"])
    assert found is not None
    part, keys = found
    assert keys == [
        (0, os.fsencode(Path("sub/b.md"))),
        (0, os.fsencode(Path("sub/gone.md"))),
        (0, b"a.md"),
    ]
    whole = walk([feed]).files[0]
    assert dict(part.files[0]) == {
        key: whole[key] for key in (b"a.md", os.fsencode(Path("sub/b.md")))
    }
    assert part.files[0][b"a.md"] == stamp_of(os.lstat(feed / "a.md"))


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda feed: feed.parent / "outside.md", id="outside the feed"),
        pytest.param(lambda feed: feed / ".hidden" / "c.md", id="below a hidden folder"),
        pytest.param(lambda feed: feed / "notes.txt", id="not an article name"),
        pytest.param(lambda feed: feed / "gone" / "c.md", id="below a folder that is gone"),
    ],
)
def test_restamp_leaves_to_a_whole_walk_what_a_path_cannot_tell(feed: Path, make) -> None:  # type: ignore[no-untyped-def]
    assert restamp([feed], [feed / "a.md", make(feed)]) is None


def test_restamp_leaves_symlinks_and_odd_files_to_a_whole_walk(feed: Path, tmp_path: Path) -> None:
    (feed / "link.md").symlink_to(feed / "a.md")
    (tmp_path / "elsewhere").mkdir()
    (feed / "linked").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    os.mkfifo(feed / "pipe.md")
    for path in (feed / "link.md", feed / "linked" / "c.md", feed / "pipe.md"):
        assert restamp([feed], [path]) is None, path
    # Nested feed folders: which one lists a file depends on the walk.
    assert restamp([feed, feed / "sub"], [feed / "sub" / "b.md"]) is None


def test_a_walk_is_plain_only_without_symlinks_files_given_or_errors(
    feed: Path, tmp_path: Path
) -> None:
    assert walk([feed]).plain
    assert not walk([feed / "a.md"]).plain  # a file given as a feed path
    (feed / "link.md").symlink_to(feed / "a.md")
    assert not walk([feed]).plain
    (feed / "link.md").unlink()
    assert not walk([feed, tmp_path / "missing"]).plain  # an error


def test_a_sync_of_files_brings_in_edits_additions_and_removals_without_a_walk(
    feed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Library([feed], cache=tmp_path / "cache") as library:
        list(library.scan(listing=False))
        walks, parses = count_walks(monkeypatch), count_parses(monkeypatch)
        write_article(feed, "a.md", title="Alpha, corrected", published="2020-01-01T09:00")
        write_article(feed, "sub/new.md", title="Gamma", published="2022-01-01T09:00")
        (feed / "sub" / "b.md").unlink()
        (feed / "broken.md").write_bytes(b"\x00binary")
        touched = [
            feed / "a.md",
            feed / "sub" / "new.md",
            feed / "sub" / "b.md",
            feed / "broken.md",
        ]
        batches = list(library.sync(files=touched))
        assert walks == [] and sorted(parses) == ["a.md", "broken.md", "new.md"]
        assert [str(path) for batch in batches for path in batch.removed] == [
            str(feed / "sub" / "b.md")
        ]
        assert {summary.title for batch in batches for summary in batch.arrived} == {"Gamma"}
        assert listed(library) == whole_sync(feed, tmp_path / "other")
        assert listed(library)[:2] == [
            (str(feed / "sub" / "new.md"), "Gamma"),
            (str(feed / "a.md"), "Alpha, corrected"),
        ]


def test_a_file_told_of_but_unchanged_is_not_parsed_again(
    feed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Library([feed], cache=tmp_path / "cache") as library:
        list(library.scan(listing=False))
        parses = count_parses(monkeypatch)
        batches = list(library.sync(files=[feed / "a.md", feed / "never.md"]))
        assert parses == [] and not any(batch.summaries or batch.removed for batch in batches)


def test_a_whole_sync_after_a_sync_of_files_finds_nothing_left_to_do(
    feed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Library([feed], cache=tmp_path / "cache") as library:
        list(library.scan(listing=False))
        write_article(feed, "c.md", title="Gamma")
        list(library.sync(files=[feed / "c.md"]))
        parses = count_parses(monkeypatch)
        # The walk kept before is stale now: the whole sync compares, and has nothing to parse.
        batches = list(library.sync())
        assert parses == [] and not any(batch.summaries or batch.removed for batch in batches)
        # A change the sync of files was not told of is still found by the next whole sync.
        write_article(feed, "sub/b.md", title="Beta, again", published="2021-01-01T09:00")
        assert [s.title for batch in library.sync() for s in batch.summaries] == ["Beta, again"]


def test_a_feed_with_a_symlink_is_synced_whole(
    feed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (feed / "link.md").symlink_to(feed / "sub" / "b.md")
    with Library([feed], cache=tmp_path / "cache") as library:
        list(library.scan(listing=False))
        walks = count_walks(monkeypatch)
        write_article(feed, "c.md", title="Gamma")
        list(library.sync(files=[feed / "c.md"]))
        assert walks == [1]
        assert listed(library) == whole_sync(feed, tmp_path / "other")


def test_before_any_walk_a_sync_of_files_syncs_the_whole_feed(
    feed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Library([feed], cache=tmp_path / "cache") as library:
        walks = count_walks(monkeypatch)
        list(library.sync(files=[feed / "a.md"]))
        assert walks == [1]


_NAMES = ["a.md", "b.md", "sub/c.md", "sub/d.md", "sub/deep/e.md"]
_STEPS = st.lists(
    st.tuples(
        st.sampled_from(["write", "delete", "break"]),
        st.sampled_from(_NAMES),
        st.integers(min_value=0, max_value=3),
    ),
    min_size=1,
    max_size=8,
)


@settings(max_examples=25)
@given(rounds=st.lists(_STEPS, min_size=1, max_size=3))
def test_syncing_the_files_changed_gives_the_index_a_whole_sync_gives(
    tmp_path_factory: pytest.TempPathFactory, rounds: list[list[tuple[str, str, int]]]
) -> None:
    base = tmp_path_factory.mktemp("prop")
    feed = base / "feed"
    write_article(feed, "a.md", title="Start")
    (feed / "sub" / "deep").mkdir(parents=True)
    # Step for step beside a whole sync of the same feed into an index of its own: articles
    # of the same second are ordered by the id each got when it came, so by the syncs' steps.
    with (
        Library([feed], cache=base / "cache") as library,
        Library([feed], cache=base / "whole") as whole,
    ):
        list(library.scan(listing=False))
        list(whole.scan(listing=False))
        for steps in rounds:
            touched = []
            for action, name, day in steps:
                path = feed / name
                if action == "delete":
                    path.unlink(missing_ok=True)
                elif action == "break":
                    path.write_bytes(b"\x00" * (day + 1))
                else:
                    published = f"2021-0{day + 1}-01T09:00"
                    write_article(feed, name, title=f"{name} {day}", published=published)
                touched.append(path)
            list(library.sync(files=touched))
            list(whole.sync())
            assert listed(library) == listed(whole)
