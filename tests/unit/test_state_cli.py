"""The reading state from the CLI: read-only queries, locks, damaged files, `state --recover`."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from support.cli import result_titles, run
from support.feeds import write_article

from reader.articles.parse import parse_file
from reader.store.salvage import salvage
from reader.store.state import ReadingState, state_path

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def feed(tmp_path: Path) -> Path:
    folder = tmp_path / "feed"
    write_article(folder, "read.md", title="Read one", body="Police news.")
    write_article(folder, "unread.md", title="Unread one", body="Police notes.")
    return folder


def identity(path: Path) -> str:
    article = parse_file(path)
    assert not isinstance(article, Exception)
    return article.identity  # type: ignore[union-attr]


def make_state(read: int, starred: int, positions: int) -> Path:
    with ReadingState(state_path()) as state:
        state.mark_all_read(f"url:read-{number:05d}" for number in range(read))
        for number in range(starred):
            state.set_starred(f"url:star-{number:05d}", True)
        for number in range(positions):
            state.save_position(f"feed-{number}", f"url:read-{number:05d}", float(number))
    return state_path()


# --- read-only queries --------------------------------------------------------------------------


def test_is_read_answers_at_once_while_another_process_holds_the_write_lock(
    feed: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with ReadingState(state_path()) as state:
        state.mark_read(identity(feed / "read.md"))
    # A writer would wait this long for the lock, then fail; a reader must not wait at all.
    monkeypatch.setattr("reader.store.state_file.BUSY_TIMEOUT_SECONDS", 0.2)
    writer = sqlite3.connect(state_path(), isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO read VALUES (?, 0)", (identity(feed / "unread.md"),))
    try:
        status, out, err = run(capsys, "search", feed, "police is:read", "--json")
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert (status, err, result_titles(out)) == (0, "", ["Read one"])  # not the uncommitted mark


def test_is_unread_with_no_state_file_yet_creates_none(
    feed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(capsys, "search", feed, "police is:unread", "--json", "--sort", "date")
    assert (status, err, sorted(result_titles(out))) == (0, "", ["Read one", "Unread one"])
    assert not state_path().exists()


def without_write_access(argv: list[str]) -> list[str]:
    """`argv` run so that file modes bind: root writes through any mode, so it drops the
    capabilities that let it (setpriv, from util-linux); anyone else is bound already."""
    if os.geteuid() != 0:
        return argv
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: file modes cannot be made to bind")
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search,-fowner", "--", *argv]


def test_is_read_works_on_a_state_file_and_folder_it_may_not_write(
    feed: Path, tmp_path: Path
) -> None:
    with ReadingState(state_path()) as state:
        state.mark_read(identity(feed / "read.md"))
    for path in state_path().parent.iterdir():
        path.chmod(0o444)
    state_path().parent.chmod(0o555)
    try:
        result = subprocess.run(
            without_write_access([sys.executable, "-m", "reader", "search", str(feed), "is:read"]),
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    finally:
        state_path().parent.chmod(0o755)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines()[0] == "2021-06-01 12:00  Read one"
    assert result.stdout.splitlines()[-1] == "1 match"


def test_a_lock_held_too_long_is_one_clear_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    backup = tmp_path / "backup.sqlite3"
    with ReadingState(backup) as state:
        state.mark_read("url:a")
    make_state(1, 0, 0)
    monkeypatch.setattr("reader.store.state_file.BUSY_TIMEOUT_SECONDS", 0.05)
    writer = sqlite3.connect(state_path(), isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    try:
        status, out, err = run(capsys, "state", "--recover", backup)
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert (status, out) == (1, "")
    assert err == (
        f"pressreader: error: {state_path()}: cannot save the recovered marks: it is locked by "
        "another process; try again when that one is done\n"
    )


# --- a damaged state file -----------------------------------------------------------------------


def test_every_command_tells_where_a_damaged_state_file_went_until_it_is_recovered(
    feed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = make_state(0, 0, 0)
    with ReadingState(path) as state:
        state.mark_read(identity(feed / "read.md"))
    good = path.read_bytes()
    path.write_bytes(b"not a database " * 300)
    status, out, err = run(capsys, "search", feed, "is:read", "--json")
    (aside,) = path.parent.glob("state.sqlite3.corrupt-*")
    assert (status, result_titles(out)) == (0, [])
    assert err == (
        f"pressreader: warning: The reading state file {path} was damaged (file is not a "
        f"database). It was moved to {aside} and a fresh one started; the earlier read marks and "
        "stars are kept in that file, and 'pressreader state --recover' brings back what can "
        "still be read from it.\n"
    )
    reminder = (
        f"pressreader: warning: a damaged reading state file was moved to {aside}; its read "
        "marks and stars are missing here until 'pressreader state --recover' brings them back "
        "(or the file is deleted)\n"
    )
    assert run(capsys, "quotes", feed, "--query", "is:read", "--json")[2] == reminder
    assert run(capsys, "search", feed, "is:unread", "--json")[2] == reminder
    aside.write_bytes(good)  # as if SQLite could read all of it
    status, out, err = run(capsys, "state", "--recover")
    assert (status, err) == (0, "")
    assert out == (
        f"Read from {aside}: 1 read mark, 0 stars, 0 tags, 0 positions, 0 notes, 0 saved "
        "searches\n"
        f"Added to {path}: 1 read mark, 0 stars, 0 tags; newer: 0 positions, 0 notes, 0 saved "
        "searches\n"
    )
    status, out, err = run(capsys, "search", feed, "is:read", "--json")
    assert (status, err, result_titles(out)) == (0, "", ["Read one"])


@pytest.mark.parametrize(
    "command",
    [
        ["list", "{feed}"],
        ["show", "{feed}/read.md"],
        ["search", "{feed}", "police", "--json"],  # the text opens no state: it shows no tags
        ["saved", "{feed}"],
        ["tag", "{feed}/read.md", "court"],
        ["note", "{feed}/read.md", "ring back"],
        ["read", "{feed}", "police"],
        ["undo"],
    ],
    ids=lambda command: command[0],
)
def test_each_command_that_opens_the_state_reminds_of_a_file_kept_aside(
    feed: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    path = make_state(1, 0, 0)
    path.write_bytes(b"not a database " * 300)
    run(capsys, "state")  # moves it aside, and says so
    (aside,) = path.parent.glob("state.sqlite3.corrupt-*")
    status, _, err = run(capsys, *(word.format(feed=feed) for word in command))
    assert status == 0
    assert err == (
        f"pressreader: warning: a damaged reading state file was moved to {aside}; its read "
        "marks and stars are missing here until 'pressreader state --recover' brings them back "
        "(or the file is deleted)\n"
    )


def damage_a_leaf_page(path: Path, table: str) -> int:
    """Overwrite the header of one leaf page of `table` in the middle; how many rows were on
    it. Needs SQLite's dbstat table."""
    connection = sqlite3.connect(path)
    try:
        leaves = connection.execute(
            "SELECT pageno, ncell FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno",
            (table,),
        ).fetchall()
        (page_size,) = connection.execute("PRAGMA page_size").fetchone()
    except sqlite3.OperationalError:
        pytest.skip("this SQLite has no dbstat table")
    finally:
        connection.close()
    page, cells = leaves[len(leaves) // 2]
    with path.open("r+b") as file:
        file.seek((page - 1) * page_size)
        file.write(b"\xff" * 12)  # no valid page type, absurd cell counts
    return int(cells)


def test_recover_salvages_every_row_but_those_on_a_damaged_page(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    old = tmp_path / "old.sqlite3"
    with ReadingState(old) as state:
        state.mark_all_read(f"https://example.org/news/{number:05d}" for number in range(5000))
        for number in range(1000):
            state.set_starred(f"https://example.org/news/{number:05d}", True)
    connection = sqlite3.connect(old)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    lost = damage_a_leaf_page(old, "read")
    salvaged = salvage(old)
    assert len(salvaged.rows["read"]) == 5000 - lost
    assert len(salvaged.rows["starred"]) == 1000
    assert salvaged.problems == ("read: database disk image is malformed",)
    status, out, err = run(capsys, "state", "--recover", old, "--json")
    assert (status, err) == (0, "")
    (record,) = json.loads(out)["recovered"]
    assert record == {
        "file": str(old),
        "read": 5000 - lost,
        "starred": 1000,
        "tags": 0,
        "positions": 0,
        "notes": 0,
        "searches": 0,
        "added": {
            "read": 5000 - lost,
            "starred": 1000,
            "tags": 0,
            "positions": 0,
            "notes": 0,
            "searches": 0,
        },
        "problems": ["read: database disk image is malformed"],
    }
    with ReadingState(state_path()) as state:
        assert len(state.read_identities()) == 5000 - lost
        assert len(state.starred_identities()) == 1000


def test_recover_keeps_newer_marks_and_positions_and_adds_the_rest(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    old = tmp_path / "old.sqlite3"
    with ReadingState(old) as state:
        state.mark_all_read(["url:a", "url:b"])
        state.set_starred("url:a", True)
        state.save_position("feed-1", "url:a", 1.0)
        state.save_position("feed-2", "url:b", 2.0)
        state.add_tags(["url:a", "url:b"], ["court"])
        state.set_note("url:a", "old note")
        state.set_note("url:b", "only note")
        state.save_search("knives", "knife OR blade")
    with ReadingState(state_path()) as state:
        state.mark_read("url:c")
        state.save_position("feed-1", "url:c", 3.0)  # newer than the old file's
        state.set_note("url:a", "newer note")
    status, out, err = run(capsys, "state", "--recover", old)
    assert (status, err) == (0, "")
    assert out == (
        f"Read from {old}: 2 read marks, 1 star, 2 tags, 2 positions, 2 notes, 1 saved search\n"
        f"Added to {state_path()}: 2 read marks, 1 star, 2 tags; newer: 1 position, 1 note, 1 "
        "saved search\n"
    )
    with ReadingState(state_path()) as state:
        assert state.read_identities() == {"url:a", "url:b", "url:c"}
        assert state.notes() == {"url:a": "newer note", "url:b": "only note"}
        assert state.tags("url:b") == ("court",)
        assert state.saved_searches() == {"knives": "knife OR blade"}
        assert state.last_position("feed-1") is not None
        assert state.last_position("feed-1").identity == "url:c"  # type: ignore[union-attr]
        assert state.last_position("feed-2").identity == "url:b"  # type: ignore[union-attr]


def test_recover_of_a_file_with_nothing_readable_says_so(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    old = tmp_path / "garbage.sqlite3"
    old.write_bytes(b"garbage " * 1000)
    status, out, err = run(capsys, "state", "--recover", old)
    assert (status, err) == (0, "")
    assert out.splitlines() == [
        f"Read from {old}: 0 read marks, 0 stars, 0 tags, 0 positions, 0 notes, 0 saved searches",
        *(
            f"  not all of it could be read ({table}: file is not a database)"
            for table in ("read", "starred", "positions", "tags", "notes", "searches")
        ),
        f"Added to {state_path()}: 0 read marks, 0 stars, 0 tags; newer: 0 positions, 0 notes, "
        "0 saved searches",
    ]
    assert old.read_bytes() == b"garbage " * 1000


def test_recover_with_nothing_kept_aside_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "state", "--recover") == (
        0,
        f"Nothing to recover: no damaged state file is kept beside {state_path()}.\n",
        "",
    )


def test_state_shows_what_the_file_holds(capsys: pytest.CaptureFixture[str]) -> None:
    path = make_state(3, 1, 2)
    assert run(capsys, "state") == (
        0,
        f"State file  {path}\nRead marks  3\nStars       1\nPositions   2\n"
        "Last action starred 1 article ('pressreader undo' undoes it)\n",
        "",
    )


def test_state_of_no_file_yet_creates_none(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "state", "--json")
    assert (status, json.loads(out)) == (
        0,
        {
            "state": str(state_path()),
            "exists": False,
            "read": 0,
            "starred": 0,
            "positions": 0,
            "last_action": None,
            "not_recovered": [],
            "notice": None,
        },
    )
    assert not state_path().exists()


def test_recover_refuses_the_live_file_itself(capsys: pytest.CaptureFixture[str]) -> None:
    path = make_state(1, 0, 0)
    assert run(capsys, "state", "--recover", path) == (
        1,
        "",
        f"pressreader: error: {path}: that is the live state file itself\n",
    )
