"""The benchmarks' kept feeds (`benchmarks/synth.py`'s `kept_feed`): written whole or not at all,
and never deleted or written twice while another process is writing them."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

import benchmarks.search_bench as search_bench
import benchmarks.synth as synth


def feed_files(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.rglob("*.md"))


def count_generations(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The folders `generate_feed` writes from now on."""
    written: list[Path] = []
    real_generate = synth.generate_feed

    def counting(dest: Path, count: int, **options: int) -> list[Path]:
        written.append(dest)
        return real_generate(dest, count, **options)

    monkeypatch.setattr(synth, "generate_feed", counting)
    return written


def test_a_feed_is_written_whole_then_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    written = count_generations(monkeypatch)
    feed = synth.kept_feed(tmp_path / "feed-3", 3, seed=2, words=40)
    again = synth.kept_feed(tmp_path / "feed-3", 3, seed=2, words=40)
    assert (feed, again) == (tmp_path / "feed-3", tmp_path / "feed-3")
    assert (feed / synth.COMPLETE).read_text() == "seed=2 words=40\n"
    assert len(feed_files(feed)) == 3
    assert written == [tmp_path / "feed-3.partial"]  # once, beside it
    assert sorted(path.name for path in tmp_path.iterdir()) == ["feed-3", "feed-3.lock"]


def test_a_folder_being_written_in_place_is_never_deleted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A `feed-N` with no marker may be another process's, still writing: it is left alone."""
    monkeypatch.setattr(search_bench, "FEEDS", tmp_path)
    (tmp_path / "feed-2" / "0000").mkdir(parents=True)
    (tmp_path / "feed-2" / "0000" / "being-written.md").write_text("# Half")
    with pytest.raises(SystemExit, match="feed-2 is incomplete"):
        search_bench.feed(2)
    assert feed_files(tmp_path / "feed-2") == ["being-written.md"]


def test_what_a_writer_that_died_left_is_written_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "feed-2.partial").mkdir()
    (tmp_path / "feed-2.partial" / "torn.md").write_text("# Torn")
    feed = synth.kept_feed(tmp_path / "feed-2", 2)
    assert len(feed_files(feed)) == 2
    assert "torn.md" not in feed_files(feed)
    assert not (tmp_path / "feed-2.partial").exists()


def test_a_second_process_waits_for_the_first_and_takes_its_feed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second neither deletes the first's half-written folder nor writes the feed again."""
    written = count_generations(monkeypatch)
    started, release = threading.Event(), threading.Event()
    real_generate = synth.generate_feed

    def slow(dest: Path, count: int, **options: int) -> list[Path]:
        made = real_generate(dest, count, **options)
        started.set()
        release.wait(30)
        return made

    monkeypatch.setattr(synth, "generate_feed", slow)
    results: dict[str, Path] = {}
    first = threading.Thread(
        target=lambda: results.update(first=synth.kept_feed(tmp_path / "feed-4", 4))
    )
    first.start()
    assert started.wait(30)
    second = threading.Thread(
        target=lambda: results.update(second=synth.kept_feed(tmp_path / "feed-4", 4))
    )
    second.start()
    second.join(0.3)
    waited = second.is_alive()
    release.set()
    first.join(30)
    second.join(30)
    assert waited
    assert results == {"first": tmp_path / "feed-4", "second": tmp_path / "feed-4"}
    assert written == [tmp_path / "feed-4.partial"]
    assert len(feed_files(tmp_path / "feed-4")) == 4


def test_the_command_line_writes_a_feed_the_benchmarks_keep(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`synth.py DEST N` by hand gives the feed a benchmark would have made: whole, marked, and
    taken as it is (not refused as "incomplete")."""
    monkeypatch.setattr("sys.argv", ["synth.py", str(tmp_path / "feed-4"), "4", "--words", "30"])
    synth.main()
    written = count_generations(monkeypatch)
    assert synth.kept_feed(tmp_path / "feed-4", 4, words=30) == tmp_path / "feed-4"
    assert written == []
    assert (tmp_path / "feed-4" / synth.COMPLETE).read_text() == "seed=1 words=30\n"
    assert len(feed_files(tmp_path / "feed-4")) == 4
