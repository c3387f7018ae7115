"""Feed loading: discovery, symlinks, order, errors beside articles, and the parallel path."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest
from support.feeds import scan_feed

import reader.feed.discover
from reader.articles.model import Article, LoadError
from reader.feed.discover import PARALLEL_THRESHOLD, discover, load_feed, parse_files
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

    monkeypatch.setattr(reader.feed.discover, "ProcessPoolExecutor", no_pool)
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
