"""Feed loading: discovery, symlinks, order, errors beside articles, and the parallel path."""

from __future__ import annotations

import concurrent.futures
import os
from datetime import datetime
from pathlib import Path

import pytest
import support.hypothesis_profiles  # noqa: F401  (registers and loads the profile)
from hypothesis import given
from hypothesis import strategies as st
from support.feeds import scan_feed

from reader.articles.model import Article, LoadError
from reader.feed.discover import (
    PARALLEL_THRESHOLD,
    Stamps,
    discover,
    load_feed,
    parse_files,
    stamp_of,
    walk,
)
from reader.feed.library import load_article


def write(path: Path, title: str, published: str | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    date = f"publish:\n  date: {published}\n" if published else ""
    path.write_text(f"```yaml\ntitle: {title}\n{date}```\n\nBody of {title}.\n", encoding="utf-8")
    return path


def titles(paths: list[Path], **options: object) -> list[str]:
    return [article.title for article in load_feed(paths, **options).articles]  # type: ignore[arg-type]


def reasons(paths: list[Path], **options: object) -> dict[str, str]:
    feed = load_feed(paths, **options)  # type: ignore[arg-type]
    return {error.path.name: error.reason for error in feed.errors}


# --- order --------------------------------------------------------------------------------------


def test_articles_come_newest_first_and_undated_last(tmp_path: Path) -> None:
    write(tmp_path / "a.md", "Old", "09:00 01/02/2019")
    write(tmp_path / "b.md", "Undated")
    write(tmp_path / "c.md", "New", "09:00 03/04/2024")
    write(tmp_path / "d.md", "Middle", "2021-06-01")
    assert titles([tmp_path]) == ["New", "Middle", "Old", "Undated"]


def test_equal_dates_keep_path_order(tmp_path: Path) -> None:
    for name in ("b", "a", "c"):
        write(tmp_path / f"{name}.md", name.upper(), "12:00 05/05/2020")
    assert titles([tmp_path]) == ["A", "B", "C"]


def test_the_sample_feed_loads_without_errors(sample_feed: Path) -> None:
    feed = load_feed([sample_feed])
    assert feed.errors == []
    assert len(feed.articles) == len(list(sample_feed.glob("*.md")))
    published = [article.published for article in feed.articles if article.published]
    assert published == sorted(published, reverse=True)


# --- discovery ----------------------------------------------------------------------------------


def test_folders_are_searched_recursively_for_md_and_markdown(tmp_path: Path) -> None:
    write(tmp_path / "top.md", "Top")
    write(tmp_path / "sub" / "deeper" / "nested.markdown", "Nested")
    write(tmp_path / "sub" / "SHOUTY.MD", "Shouty")
    (tmp_path / "notes.txt").write_text("# Not an article\n")
    (tmp_path / "README").write_text("# Nor this\n")
    assert sorted(titles([tmp_path])) == ["Nested", "Shouty", "Top"]


def test_hidden_files_and_folders_are_skipped(tmp_path: Path) -> None:
    write(tmp_path / "shown.md", "Shown")
    write(tmp_path / ".draft.md", "Draft")
    write(tmp_path / ".git" / "notes.md", "Git notes")
    assert titles([tmp_path]) == ["Shown"]


def test_a_hidden_folder_given_as_the_feed_is_searched(tmp_path: Path) -> None:
    write(tmp_path / ".archive" / "old.md", "Old")
    assert titles([tmp_path / ".archive"]) == ["Old"]


def test_several_paths_and_single_files_make_one_feed(tmp_path: Path) -> None:
    write(tmp_path / "one" / "a.md", "A", "2020-01-01")
    write(tmp_path / "two" / "b.md", "B", "2021-01-01")
    single = write(tmp_path / "loose.txt", "Loose", "2022-01-01")  # a file named is taken as given
    assert titles([tmp_path / "one", tmp_path / "two", single]) == ["Loose", "B", "A"]


def test_overlapping_paths_list_each_file_once(tmp_path: Path) -> None:
    article = write(tmp_path / "sub" / "a.md", "A")
    assert titles([tmp_path, tmp_path / "sub", article]) == ["A"]


def test_a_folder_named_like_an_article_is_searched_as_a_folder(tmp_path: Path) -> None:
    write(tmp_path / "x.md" / "inside.md", "Inside")
    feed = load_feed([tmp_path])
    assert ([article.title for article in feed.articles], feed.errors) == (["Inside"], [])


def test_load_errors_are_listed_beside_the_articles(tmp_path: Path) -> None:
    write(tmp_path / "good.md", "Good")
    (tmp_path / "empty.md").write_bytes(b"")
    (tmp_path / "bad.md").write_text("---\ntitle: [oops\n---\n")
    feed = load_feed([tmp_path])
    assert [article.title for article in feed.articles] == ["Good"]
    assert {error.path.name: (error.line, error.reason) for error in feed.errors} == {
        "empty.md": (None, "empty file"),
        "bad.md": (
            3,
            "invalid YAML metadata: did not find expected ',' or ']' "
            "(in a flow sequence that begins at line 2)",
        ),
    }


def test_a_missing_path_is_an_error_beside_the_rest(tmp_path: Path) -> None:
    write(tmp_path / "a.md", "A")
    feed = load_feed([tmp_path, tmp_path / "nope"])
    assert [article.title for article in feed.articles] == ["A"]
    assert feed.errors == [LoadError(tmp_path / "nope", "no such file or folder")]


def test_the_size_cap_reaches_every_file(tmp_path: Path) -> None:
    write(tmp_path / "small.md", "Small")
    (tmp_path / "large.md").write_text("# Large\n" + "x" * 4096)
    assert reasons([tmp_path], max_bytes=1024) == {
        "large.md": "file is 0.0 MB, over the 0.0 MB cap"
    }


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this platform")
def test_a_named_pipe_in_the_feed_is_an_error_not_a_hang(tmp_path: Path) -> None:
    write(tmp_path / "a.md", "A")
    os.mkfifo(tmp_path / "pipe.md")
    assert reasons([tmp_path]) == {"pipe.md": "not a regular file (a pipe, socket or device)"}
    assert reasons([tmp_path / "pipe.md"]) == {
        "pipe.md": "not a regular file (a pipe, socket or device)"
    }


# --- symlinks -----------------------------------------------------------------------------------


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the feed, with one article in it."""
    write(tmp_path / "outside" / "secret.md", "Secret")
    return tmp_path / "outside"


def test_a_link_to_an_article_in_the_feed_lists_it_once(tmp_path: Path) -> None:
    feed = tmp_path / "feed"
    write(feed / "a.md", "A")
    (feed / "link.md").symlink_to(feed / "a.md")
    (feed / "folder-link").symlink_to(feed, target_is_directory=True)
    assert titles([feed]) == ["A"]


def test_a_link_to_a_file_outside_the_feed_is_not_followed(tmp_path: Path, outside: Path) -> None:
    feed = tmp_path / "feed"
    write(feed / "a.md", "A")
    (feed / "leak.md").symlink_to(outside / "secret.md")
    target = (outside / "secret.md").resolve()
    assert titles([feed]) == ["A"]
    assert reasons([feed]) == {
        "leak.md": f"symlink to a file outside the feed ({target}); not followed"
    }
    assert sorted(titles([feed], follow_symlinks=True)) == ["A", "Secret"]


def test_a_link_to_a_folder_outside_the_feed_is_not_entered(tmp_path: Path, outside: Path) -> None:
    feed = tmp_path / "feed"
    write(feed / "a.md", "A")
    (feed / "more").symlink_to(outside, target_is_directory=True)
    assert titles([feed]) == ["A"]
    assert reasons([feed]) == {
        "more": f"symlink to a folder outside the feed ({outside.resolve()}); not followed"
    }
    assert sorted(titles([feed], follow_symlinks=True)) == ["A", "Secret"]


def test_link_loops_end_the_scan(tmp_path: Path) -> None:
    feed = tmp_path / "feed"
    write(feed / "a.md", "A")
    (feed / "up").symlink_to(tmp_path, target_is_directory=True)
    (feed / "loop.md").symlink_to(feed / "loop.md")
    (feed / "ping.md").symlink_to(feed / "pong.md")
    (feed / "pong.md").symlink_to(feed / "ping.md")
    assert titles([feed], follow_symlinks=True) == ["A"]
    assert reasons([feed], follow_symlinks=True) == dict.fromkeys(
        ("loop.md", "ping.md", "pong.md"), "broken symlink or symlink loop"
    )


def test_a_broken_link_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "dangling.md").symlink_to(tmp_path / "gone.md")
    assert reasons([tmp_path]) == {"dangling.md": "broken symlink or symlink loop"}
    assert reasons([tmp_path / "dangling.md"]) == {"dangling.md": "broken symlink or symlink loop"}


def test_discovery_is_in_name_order_within_a_folder(tmp_path: Path) -> None:
    for name in ("c.md", "a.md", "b.md"):
        write(tmp_path / name, name)
    assert [path.name for path in discover([tmp_path]).files] == ["a.md", "b.md", "c.md"]


# --- the walk's stamps, kept a folder at a time -------------------------------------------------


def test_the_walk_stamps_every_file_by_its_path_below_the_feed(tmp_path: Path) -> None:
    for rel in ("b.md", "a.md", "sub/c.md", "sub/deeper/d.md", "sub.md", "other/e.md"):
        write(tmp_path / rel, rel)
    (tmp_path / "notes.txt").write_text("not an article", encoding="utf-8")
    stamps = walk([tmp_path]).files[0]
    expected = {
        os.fsencode(rel): stamp_of((tmp_path / rel).stat())
        for rel in ("a.md", "b.md", "other/e.md", "sub.md", "sub/c.md", "sub/deeper/d.md")
    }
    assert dict(stamps.items()) == expected == dict(stamps)
    assert len(stamps) == 6 and b"sub/c.md" in stamps and b"sub/x.md" not in stamps
    assert stamps[b"sub/deeper/d.md"] == expected[b"sub/deeper/d.md"]
    assert stamps.get(b"deeper/d.md") is None


def test_a_sync_takes_known_files_and_is_left_with_the_new_ones(tmp_path: Path) -> None:
    for rel in ("a.md", "b.md", "sub/c.md", "sub/d.md"):
        write(tmp_path / rel, rel)
    stamps = walk([tmp_path]).files[0]
    assert stamps.take(b"sub/d.md") == stamp_of((tmp_path / "sub/d.md").stat())
    assert stamps.take(b"a.md") is not None
    assert stamps.take(b"gone.md") is None and stamps.take(b"sub/gone.md") is None
    assert list(stamps.untaken()) == [b"b.md", b"sub/c.md"]


def test_a_file_given_as_the_feed_path_is_stamped_under_the_empty_name(tmp_path: Path) -> None:
    path = write(tmp_path / "one.md", "One")
    stamps = walk([path]).files[0]
    assert dict(stamps) == {b"": stamp_of(path.stat())}
    assert stamps.take(b"") is not None and list(stamps.untaken()) == []


_NAMES = st.text(alphabet="ab.-_é/", min_size=1, max_size=6).filter(
    lambda name: "//" not in name and not name.startswith("/") and not name.endswith("/")
)


@given(st.dictionaries(_NAMES, st.binary(min_size=32, max_size=32), max_size=40))
def test_stamps_hold_what_a_dict_would(files: dict[str, bytes]) -> None:
    stamps = Stamps()
    by_folder: dict[bytes, list[tuple[bytes, bytes]]] = {}
    for name, stamp in sorted(files.items()):
        folder, sep, base = os.fsencode(name).rpartition(b"/")
        by_folder.setdefault(folder + sep, []).append((base, stamp))
    for folder, entries in by_folder.items():
        stamps.add_folder(folder, [base for base, _ in entries], [stamp for _, stamp in entries])
    expected = {os.fsencode(name): stamp for name, stamp in files.items()}
    assert dict(stamps.items()) == expected and len(stamps) == len(expected)
    assert all(stamps[rel] == stamp for rel, stamp in expected.items())
    taken = sorted(expected)[::2]
    assert [stamps.take(rel) for rel in taken] == [expected[rel] for rel in taken]
    assert sorted(stamps.untaken()) == sorted(set(expected) - set(taken))


def test_the_walks_digest_changes_with_any_file_added_removed_moved_or_restamped(
    tmp_path: Path,
) -> None:
    for rel in ("a.md", "sub/b.md", "sub/c.md"):
        write(tmp_path / rel, rel)
    first = walk([tmp_path]).digest()
    assert walk([tmp_path]).digest() == first
    seen = {first}
    write(tmp_path / "sub/new.md", "new")
    seen.add(walk([tmp_path]).digest())
    (tmp_path / "sub/new.md").unlink()
    assert walk([tmp_path]).digest() == first
    (tmp_path / "sub/c.md").rename(tmp_path / "c.md")  # the same stamp, in another folder
    seen.add(walk([tmp_path]).digest())
    (tmp_path / "c.md").rename(tmp_path / "sub/c.md")
    status = (tmp_path / "a.md").stat()
    os.utime(tmp_path / "a.md", ns=(status.st_atime_ns, status.st_mtime_ns + 1))
    seen.add(walk([tmp_path]).digest())
    seen.add(walk([tmp_path / "sub", tmp_path / "a.md"]).digest())
    assert len(seen) == 5


# --- parallel parsing and batches ---------------------------------------------------------------


@pytest.fixture
def many(tmp_path: Path) -> Path:
    """Just enough articles for the process pool to be used."""
    for index in range(PARALLEL_THRESHOLD + 10):
        day = index % 28 + 1
        write(tmp_path / f"{index // 100}" / f"{index:04d}.md", f"T{index}", f"10:00 {day}/01/2020")
    return tmp_path


def _snapshot(articles: list[Article]) -> list[tuple[str, str, datetime | None]]:
    return [(str(article.path), article.title, article.published) for article in articles]


def test_parallel_and_serial_loads_agree(many: Path) -> None:
    parallel = load_feed([many], workers=2)
    serial = load_feed([many], workers=1)
    assert len(parallel.articles) == PARALLEL_THRESHOLD + 10
    assert _snapshot(parallel.articles) == _snapshot(serial.articles)


def test_without_a_process_pool_the_feed_still_loads(
    many: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_pool(*args: object, **kwargs: object) -> None:
        raise OSError("no semaphores here")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", no_pool)
    batches = list(parse_files(discover([many]).files, workers=2))
    assert sum(len(batch) for batch in batches) == PARALLEL_THRESHOLD + 10


def test_scan_feed_reports_discovery_errors_first_then_batches(tmp_path: Path) -> None:
    write(tmp_path / "a.md", "A")
    (tmp_path / "empty.md").write_bytes(b"")
    batches = list(scan_feed([tmp_path, tmp_path / "missing"]))
    assert [error.reason for error in batches[0].errors] == ["no such file or folder"]
    assert (batches[0].done, batches[0].total) == (0, 2)
    assert [summary.title for batch in batches for summary in batch.summaries] == ["A"]
    assert [error.reason for error in batches[-1].errors] == ["empty file"]
    assert (batches[-1].done, batches[-1].total) == (2, 2)


def test_load_article_reads_the_whole_article(seed_path: Path) -> None:
    article = load_article(seed_path)
    assert isinstance(article, Article)
    assert article.word_count == 373
