"""How the CLI reports what goes wrong: options anywhere, and every expected failure in words,
with "internal error … please report it" kept for bugs."""

from __future__ import annotations

import errno
import json
import os
import resource
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from support.cli import result_titles, run
from support.feeds import write_article
from support.terminal_safety import assert_terminal_safe

import reader.cli.cmd_list
from reader.cli.output import print_json
from reader.store.failures import describe

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def feed(tmp_path: Path) -> Path:
    folder = tmp_path / "feed"
    write_article(folder, "knife.md", title="Knife arch", body="Police checked knives.")
    write_article(folder, "fire.md", title="Fire station", body="The quick fire crew.")
    return folder


# --- options anywhere ---------------------------------------------------------------------------


def test_search_takes_options_between_the_feed_and_the_query(
    feed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(capsys, "search", feed, "--json", "knife")
    assert (status, err, result_titles(out)) == (0, "", ["Knife arch"])


def test_search_takes_a_query_starting_with_a_dash_after_double_dash(
    feed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(capsys, "search", feed, "--limit", "1", "--json", "--", "-quick")
    assert (status, err, result_titles(out), json.loads(out)["count"]) == (0, "", ["Knife arch"], 1)


def test_double_dash_first_still_takes_the_options_before_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = run(capsys, "search", "--json", "--", "-zzzz")
    assert (status, json.loads(out)["query"]) == (0, "-zzzz")


def test_search_of_a_feed_without_a_query_is_a_usage_error(
    feed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "search", feed) == (
        2,
        "",
        f"pressreader: error: '{feed}' is a folder, and the last argument is the QUERY: "
        "pressreader search [FEED …] QUERY\n",
    )


@pytest.mark.parametrize(
    "argv",
    [
        ["list", "{feed}", "--json", "{feed}/knife.md"],
        ["list", "--json", "{feed}"],
        ["quotes", "{feed}", "--json", "{feed}/knife.md"],
        ["show", "--json", "{feed}/knife.md"],
        ["state", "--json", "--state-dir", "{feed}/../state"],
    ],
)
def test_every_command_takes_options_anywhere(
    feed: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    status, out, err = run(capsys, *(word.format(feed=feed) for word in argv))
    assert (status, err) == (0, "")
    json.loads(out)


# --- line and paragraph separators --------------------------------------------------------------


def test_line_and_paragraph_separators_never_reach_the_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_article(
        tmp_path,
        "odd.md",
        title="Split\u2028title",
        body='Line one\u2028line two.\u2029Kent said: "Quote\u2028 here."',
    )
    for argv in (["show", path], ["search", tmp_path, "line"], ["quotes", tmp_path], ["list"]):
        status, out, _ = run(capsys, *argv)
        assert status == 0
        assert_terminal_safe(out)
    status, out, _ = run(capsys, "show", path)
    assert out.endswith('\n\nLine one\nline two.\n\nKent said: "Quote\n here."\n\n')
    status, out, _ = run(capsys, "show", path, "--json")
    assert "\u2028" not in out and "\u2029" not in out
    assert json.loads(out)["title"] == "Split title"


def test_json_escapes_line_and_paragraph_separators(capsys: pytest.CaptureFixture[str]) -> None:
    print_json({"file": "a\u2028b\u2029c"})  # a file name, say: nothing cleans those
    out = capsys.readouterr().out
    assert out == '{\n  "file": "a\\u2028b\\u2029c"\n}\n'
    assert json.loads(out) == {"file": "a\u2028b\u2029c"}


# --- expected failures, worded ------------------------------------------------------------------


def full_database(tmp_path: Path) -> sqlite3.OperationalError:
    connection = sqlite3.connect(tmp_path / "small.sqlite3")
    connection.execute("CREATE TABLE t (x)")
    connection.execute("PRAGMA max_page_count = 3")
    try:
        connection.execute("INSERT INTO t VALUES (zeroblob(100000))")
    except sqlite3.OperationalError as error:
        return error
    finally:
        connection.close()
    raise AssertionError("the database did not fill up")


def locked_database(tmp_path: Path) -> sqlite3.OperationalError:
    path = tmp_path / "locked.sqlite3"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN EXCLUSIVE")
    other = sqlite3.connect(path, timeout=0)
    try:
        other.execute("SELECT * FROM t")
    except sqlite3.OperationalError as error:
        return error
    finally:
        other.close()
        holder.close()
    raise AssertionError("the database was not locked")


def read_only_database(tmp_path: Path) -> sqlite3.OperationalError:
    path = tmp_path / "ro.sqlite3"
    sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.close()
    connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        connection.execute("INSERT INTO t VALUES (1)")
    except sqlite3.OperationalError as error:
        return error
    finally:
        connection.close()
    raise AssertionError("the database was writable")


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda _: PermissionError(errno.EACCES, "Permission denied", "/x/a.md"),
            "/x/a.md: permission denied",
        ),
        (lambda _: OSError(errno.ENOSPC, "No space left", "/x/i.db"), "/x/i.db: the disk is full"),
        (lambda _: OSError(errno.EROFS, "Read-only", "/x"), "/x: the file system is read-only"),
        (
            lambda _: IsADirectoryError(errno.EISDIR, "Is a dir", "/x"),
            "/x: is a folder, not a file",
        ),
        (lambda _: FileNotFoundError(errno.ENOENT, "No such", "/x"), "/x: no such file or folder"),
        (
            lambda _: OSError(errno.EBUSY, "Busy", "/x"),
            "/x: the file is busy (in use by another process)",
        ),
        (full_database, "the disk is full"),
        (locked_database, "it is locked by another process; try again when that one is done"),
        (
            read_only_database,
            "it is read-only here (file or folder permissions, or a read-only disk)",
        ),
        (lambda _: MemoryError(), "out of memory"),
    ],
)
def test_the_machines_failures_are_worded_not_internal_errors(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    make: object,
    message: str,
) -> None:
    error = make(tmp_path)  # type: ignore[operator]

    def failing(args: object) -> int:
        raise error

    monkeypatch.setattr(reader.cli.cmd_list, "run", failing)
    assert run(capsys, "list") == (1, "", f"pressreader: error: {message}\n")


def test_a_bug_is_still_an_internal_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing(args: object) -> int:
        raise sqlite3.ProgrammingError("Cannot operate on a closed database.")

    monkeypatch.setattr(reader.cli.cmd_list, "run", failing)
    assert run(capsys, "list")[2] == (
        "pressreader: error: internal error (ProgrammingError: Cannot operate on a closed "
        "database.); please report it\n"
    )
    assert describe(ValueError("x")) is None
    assert describe(OSError(errno.EXDEV, "cross-device")) is None


def test_ctrl_c_is_worded_with_status_130(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(args: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(reader.cli.cmd_list, "run", interrupted)
    assert run(capsys, "list") == (130, "", "pressreader: error: interrupted\n")


# --- the output itself fails --------------------------------------------------------------------


def buffered() -> dict[str, str]:
    """The environment with Python's own output buffering, as a user's shell has it:
    PYTHONUNBUFFERED would hide a failure that only the last flush meets."""
    return {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}


def cli(*argv: str, **streams: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reader", *argv],
        cwd=REPO,
        env=buffered(),
        stderr=subprocess.PIPE,
        text=True,
        timeout=120,
        check=False,
        **streams,  # type: ignore[call-overload]
    )


@pytest.mark.parametrize("command", ["list", "quotes"])
def test_a_full_output_disk_is_told_in_words(command: str) -> None:
    # The short listing fits the buffer and fails only at the final flush; quotes fails sooner.
    with open("/dev/full", "w") as full:
        result = cli(command, stdout=full)
    assert (result.returncode, result.stderr) == (
        1,
        "pressreader: error: cannot write the output: the disk is full\n",
    )


def test_a_closed_output_is_told_in_words() -> None:
    result = subprocess.run(
        ["sh", "-c", 'exec "$@" >&-', "sh", sys.executable, "-m", "reader", "list"],
        cwd=REPO,
        stderr=subprocess.PIPE,
        text=True,
        timeout=120,
        check=False,
    )
    assert (result.returncode, result.stderr) == (
        1,
        "pressreader: error: cannot write the output: standard output is closed\n",
    )


def test_an_output_too_short_to_fill_the_buffer_still_fails_in_words(tmp_path: Path) -> None:
    # A regular file under a 50-byte size limit: the few lines of `state` sit in the buffer
    # until the end, where only an explicit flush inside main() can still report them.
    def limit_file_size() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (50, 50))
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # an EFBIG error instead of a kill

    with (tmp_path / "out.txt").open("w") as output:
        result = subprocess.run(
            [sys.executable, "-m", "reader", "state"],
            cwd=REPO,
            env=buffered(),
            stdout=output,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            check=False,
            preexec_fn=limit_file_size,
        )
    assert (result.returncode, result.stderr) == (
        1,
        "pressreader: error: cannot write the output: the file is larger than this system allows\n",
    )
