from __future__ import annotations

import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from reader.articles.model import Article
from reader.feed.discover import load_feed
from reader.store.paths import DATA_DIR_ENV
from reader.store.state import Position, ReadingState, StateError, feed_key, state_path

REPO = Path(__file__).resolve().parents[2]
# Marks `PREFIX-0`, `PREFIX-1`, … read, printing each identity only once it is committed.
MARKER = """
import sys
from pathlib import Path
from reader.store.state import ReadingState

state = ReadingState(Path(sys.argv[1]))
for number in range(int(sys.argv[3])):
    identity = f"{sys.argv[2]}-{number}"
    state.mark_read(identity)
    print(identity, flush=True)
"""


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "state" / "state.sqlite3"


def start_marker(db: Path, prefix: str, count: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", MARKER, str(db), prefix, str(count)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def moved_aside(db: Path) -> list[Path]:
    """The damaged state files kept beside `db` (not their -wal and -shm companions)."""
    kept = db.parent.glob(f"{db.name}.corrupt-*")
    return [path for path in kept if not path.name.endswith(("-wal", "-shm"))]


def test_the_default_file_is_in_the_data_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DATA_DIR_ENV, "/somewhere/data")
    assert state_path() == Path("/somewhere/data/state.sqlite3")
    assert state_path(Path("/flag/dir")) == Path("/flag/dir/state.sqlite3")


def test_marks_and_positions_survive_a_restart(db: Path) -> None:
    with ReadingState(db) as state:
        state.mark_read("url:a")
        state.mark_read("url:b")
        state.mark_unread("url:b")
        state.set_starred("url:c", True)
        state.save_position("feed-1", "url:a", 42.5)
    with ReadingState(db) as state:
        assert state.notice is None
        assert state.read_identities() == {"url:a"}
        assert state.starred_identities() == {"url:c"}
        assert state.last_position("feed-1") == Position("url:a", 42.5)


def test_toggles_report_the_new_state(db: Path) -> None:
    with ReadingState(db) as state:
        assert state.toggle_read("url:a") is True
        assert state.is_read("url:a") is True
        assert state.toggle_read("url:a") is False
        assert state.is_read("url:a") is False
        assert state.toggle_star("url:a") is True
        assert state.starred_identities() == {"url:a"}
        assert state.toggle_star("url:a") is False
        assert state.starred_identities() == set()


def test_read_and_starred_are_independent(db: Path) -> None:
    with ReadingState(db) as state:
        state.mark_read("url:a")
        state.set_starred("url:b", True)
        state.set_starred("url:b", True)  # setting twice is harmless
        assert ("url:a" in state.starred_identities(), state.is_read("url:b")) == (False, False)
        state.set_starred("url:b", False)
        assert state.starred_identities() == set()
        assert state.read_identities() == {"url:a"}


def test_identity_sets_follow_changes_made_by_another_process(db: Path) -> None:
    with ReadingState(db) as app, ReadingState(db) as cli:
        app.mark_read("url:a")
        assert app.read_identities() == {"url:a"}
        cli.mark_read("url:b")
        cli.set_starred("url:a", True)
        assert app.read_identities() == {"url:a", "url:b"}
        assert app.starred_identities() == {"url:a"}
        app.mark_unread("url:b")
        assert cli.read_identities() == app.read_identities() == {"url:a"}


def test_a_returned_identity_set_is_the_callers_to_change(db: Path) -> None:
    with ReadingState(db) as state:
        state.mark_read("url:a")
        state.read_identities().add("url:not-read")
        assert state.read_identities() == {"url:a"}


def test_mark_all_read_marks_every_identity(db: Path) -> None:
    with ReadingState(db) as state:
        state.mark_read("url:old")
        state.mark_all_read(["url:old", "url:x", "url:y"])
        assert state.read_identities() == {"url:old", "url:x", "url:y"}


def test_marks_committed_before_a_sigkill_are_all_kept(db: Path) -> None:
    marker = start_marker(db, "killed", 1_000_000)
    assert marker.stdout is not None
    committed = [marker.stdout.readline().strip() for _ in range(200)]
    marker.send_signal(signal.SIGKILL)
    marker.wait()
    assert committed[-1] == "killed-199", marker.stderr.read() if marker.stderr else ""
    with ReadingState(db) as state:
        assert state.notice is None
        assert set(committed) <= state.read_identities()


def test_two_processes_marking_at_once_lose_nothing(db: Path) -> None:
    markers = [start_marker(db, prefix, 500) for prefix in ("first", "second")]
    outputs = [marker.communicate(timeout=60) for marker in markers]
    assert [marker.returncode for marker in markers] == [0, 0], [err for _, err in outputs]
    expected = {f"{prefix}-{n}" for prefix in ("first", "second") for n in range(500)}
    with ReadingState(db) as state:
        assert state.read_identities() == expected


def test_threads_marking_at_once_lose_nothing(db: Path) -> None:
    with ReadingState(db) as state:

        def mark(prefix: str) -> None:
            for number in range(100):
                state.mark_read(f"{prefix}-{number}")

        threads = [threading.Thread(target=mark, args=(f"t{n}",)) for n in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(state.read_identities()) == 400


def test_connections_of_finished_threads_are_closed(db: Path) -> None:
    with ReadingState(db) as state:
        for number in range(5):
            worker = threading.Thread(target=state.mark_read, args=(f"url:{number}",))
            worker.start()
            worker.join()
        # Each new thread closes those of threads that ended: the opener's and the last worker's.
        assert len(state._connections or {}) == 2
        assert len(state.read_identities()) == 5


def test_a_garbage_file_is_moved_aside_byte_for_byte_and_a_fresh_one_started(db: Path) -> None:
    garbage = b"this is not a database\x00\xff" * 400
    db.parent.mkdir()
    db.write_bytes(garbage)
    with ReadingState(db) as state:
        (aside,) = moved_aside(db)
        assert aside.read_bytes() == garbage
        assert state.notice == (
            f"The reading state file {db} was damaged (file is not a database). It was moved to "
            f"{aside} and a fresh one started; the earlier read marks and stars are kept in "
            "that file, and 'pressreader state --recover' brings back what can still be read "
            "from it."
        )
        state.mark_read("url:a")
        assert state.read_identities() == {"url:a"}
    with ReadingState(db) as state:
        assert (state.notice, state.read_identities()) == (None, {"url:a"})


@pytest.mark.parametrize(
    ("page", "offset", "problem"),
    [
        (3, 0, "database disk image is malformed"),  # a b-tree page's type byte: SQLite refuses
        (4, 1, "free space corruption"),  # a freeblock pointer: only the quick check sees it
    ],
)
def test_a_database_with_damaged_pages_is_moved_aside(
    db: Path, page: int, offset: int, problem: str
) -> None:
    with ReadingState(db) as state:
        state.mark_all_read(f"url:https://example.org/{n}" for n in range(3000))
    data = bytearray(db.read_bytes())
    data[page * 4096 + offset] ^= 0xFF
    db.write_bytes(bytes(data))
    with ReadingState(db) as state:
        (aside,) = moved_aside(db)
        assert aside.read_bytes() == bytes(data)
        assert state.notice is not None
        assert problem in state.notice
        assert state.read_identities() == set()


def test_the_write_ahead_log_of_a_damaged_file_goes_aside_with_it(db: Path) -> None:
    db.parent.mkdir()
    db.write_bytes(b"damaged " * 512)
    wal = db.with_name("state.sqlite3-wal")
    wal.write_bytes(b"log of the damaged file")
    with ReadingState(db) as state:
        (aside,) = moved_aside(db)
        assert Path(f"{aside}-wal").read_bytes() == b"log of the damaged file"
        assert state.read_identities() == set()


def test_damaged_files_are_never_overwritten_by_later_ones(db: Path) -> None:
    db.parent.mkdir()
    for content in (b"first damaged file " * 100, b"second damaged file " * 100):
        db.write_bytes(content)
        ReadingState(db).close()
    kept = {path.read_bytes() for path in moved_aside(db)}
    assert kept == {b"first damaged file " * 100, b"second damaged file " * 100}


def test_an_unusable_location_raises_a_state_error_naming_it(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(StateError, match=r"a-file/state.sqlite3: cannot open: "):
        ReadingState(blocker / "state.sqlite3")


def test_a_closed_state_refuses_use(db: Path) -> None:
    state = ReadingState(db)
    state.close()
    with pytest.raises(StateError, match="already closed"):
        state.mark_read("url:a")


def test_a_write_that_cannot_get_the_lock_raises_a_state_error(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("reader.store.state_file.BUSY_TIMEOUT_SECONDS", 0.05)
    with ReadingState(db) as state:
        blocker = sqlite3.connect(db, isolation_level=None)
        blocker.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(StateError) as caught:
                state.mark_read("url:a")
            assert str(caught.value) == (
                f"{db}: cannot save the read mark: it is locked by another process; try again "
                "when that one is done"
            )
        finally:
            blocker.execute("ROLLBACK")
            blocker.close()
        state.mark_read("url:a")
        assert state.is_read("url:a")


def test_last_position_prefers_the_feed_key_over_newer_positions(db: Path) -> None:
    with ReadingState(db) as state:
        state.save_position("feed-a", "url:1", 10.0)
        state.save_position("feed-b", "url:2", 20.0)
        state.save_position("feed-a", "url:3", 30.0)  # replaces feed-a's position
        assert state.last_position("feed-a", {"url:2", "url:3"}) == Position("url:3", 30.0)
        assert state.last_position("feed-b") == Position("url:2", 20.0)


def test_last_position_of_an_unknown_feed_is_the_newest_among_its_articles(db: Path) -> None:
    with ReadingState(db) as state:
        state.save_position("feed-a", "url:1", 10.0)
        state.save_position("feed-b", "url:2", 20.0)
        assert state.last_position("moved") is None
        assert state.last_position("moved", {"url:1", "url:9"}) == Position("url:1", 10.0)
        assert state.last_position("moved", {"url:1", "url:2"}) == Position("url:2", 20.0)


def test_feed_key_is_the_resolved_paths_in_any_order(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    relative = tmp_path / "a" / ".." / "b"
    assert feed_key([tmp_path / "a", relative]) == feed_key([tmp_path / "b", tmp_path / "a"])
    root = tmp_path.resolve()
    assert feed_key([tmp_path / "b", tmp_path / "a"]) == f"{root}/a\n{root}/b"


WITH_URL = "2020-11-12-kent-emergency-medical-packs.md"
WITHOUT_URL = "2024-02-07-bradford-warm-spaces.md"


def parse_folder(folder: Path) -> dict[str, Article]:
    feed = load_feed([folder])
    assert feed.errors == []
    return {article.path.name: article for article in feed.articles}


def test_moving_the_feed_folder_keeps_marks_stars_and_position(
    tmp_path: Path, sample_feed: Path, db: Path
) -> None:
    before = tmp_path / "feed"
    before.mkdir()
    for name in (WITH_URL, WITHOUT_URL):
        shutil.copy(sample_feed / name, before / name)
    articles = parse_folder(before)
    assert articles[WITH_URL].identity.startswith("url:")
    assert articles[WITHOUT_URL].identity.startswith("sha256:")
    with ReadingState(db) as state:
        state.mark_read(articles[WITH_URL].identity)
        state.set_starred(articles[WITHOUT_URL].identity, True)
        state.save_position(feed_key([before]), articles[WITHOUT_URL].identity, 17.0)

    after = tmp_path / "archive" / "renamed-feed"
    after.parent.mkdir()
    before.rename(after)
    moved = parse_folder(after)
    identities = {article.identity for article in moved.values()}
    with ReadingState(db) as state:
        assert state.read_identities() == {moved[WITH_URL].identity}
        assert state.starred_identities() == {moved[WITHOUT_URL].identity}
        position = state.last_position(feed_key([after]), identities)
        assert position == Position(moved[WITHOUT_URL].identity, 17.0)


def test_a_new_feed_sharing_an_article_with_a_feed_still_there_starts_afresh(
    tmp_path: Path, db: Path
) -> None:
    old_feed, new_feed = tmp_path / "desk", tmp_path / "desk" / "kent"
    new_feed.mkdir(parents=True)
    with ReadingState(db) as state:
        state.save_position(feed_key([old_feed]), "url:shared", 480.0)
        # The old folder is still there: the new one is another feed, not the old one moved.
        assert state.last_position(feed_key([new_feed]), {"url:shared"}) is None
        old_feed_moved = tmp_path / "gone"
        state.save_position(feed_key([old_feed_moved]), "url:other", 12.0)
        assert state.last_position(feed_key([new_feed]), {"url:other"}) == Position(
            "url:other", 12.0
        )
