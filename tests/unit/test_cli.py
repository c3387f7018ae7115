"""The headless CLI: list and show as text and JSON, help and version, exit codes, stderr lines."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import support.hypothesis_profiles  # noqa: F401  (registers and loads the profile)
from hypothesis import given
from hypothesis import strategies as st
from support.cli import run
from support.terminal_safety import assert_terminal_safe

import reader.cli.cmd_list
from reader import __version__
from reader.cli.output import print_json, print_json_array

SEED_TITLE = "Emergency medical packs given to organisations in Canterbury city centre"
SEED_ROW = f"2020-11-12 13:55  {'Kent':<18}  {SEED_TITLE}"
SHOW_KEYS = {
    "path",
    "title",
    "site",
    "area",
    "published",
    "published_raw",
    "url",
    "description",
    "image",
    "locale",
    "word_count",
    "body",
    "speakers",
    "warnings",
}


def assert_one_error_line(err: str, expected: str) -> None:
    assert err == f"pressreader: error: {expected}\n"


@pytest.fixture
def feed(tmp_path: Path) -> Path:
    """Two good articles and one broken one."""
    (tmp_path / "a.md").write_text(
        "---\ntitle: Alpha | Site\narea: Kent\ndate: 2021-03-04\n---\nA\n"
    )
    (tmp_path / "b.md").write_text("# Beta\n\nNo metadata.\n")
    (tmp_path / "broken.md").write_text("---\ntitle: [oops\n---\n")
    return tmp_path


# --- list ---------------------------------------------------------------------------------------


def test_list_prints_one_row_per_sample_article_newest_first(
    capsys: pytest.CaptureFixture[str], sample_feed: Path
) -> None:
    status, out, err = run(capsys, "list")
    rows = out.splitlines()
    assert (status, err) == (0, "")
    assert len(rows) == len(list(sample_feed.glob("*.md")))
    assert SEED_ROW in rows
    dated = [row[:16] for row in rows if not row.startswith("undated")]
    assert dated == sorted(dated, reverse=True)
    assert_terminal_safe(out)


def test_list_puts_undated_articles_last(capsys: pytest.CaptureFixture[str], feed: Path) -> None:
    status, out, err = run(capsys, "list", feed)
    assert status == 0
    assert out.splitlines() == [
        f"{'2021-03-04':<16}  {'Kent':<18}  Alpha",  # a day alone: no 00:00
        f"{'undated':<16}  {'':<18}  Beta",
    ]
    assert err == (
        f"pressreader: warning: {feed / 'broken.md'}:3: invalid YAML metadata: did not find "
        "expected ',' or ']' (in a flow sequence that begins at line 2)\n"
    )


def test_list_json_is_an_array_of_summaries(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "list", "--json")
    records = json.loads(out)
    seed = next(record for record in records if record["title"] == SEED_TITLE)
    assert status == 0
    assert seed == {
        "path": seed["path"],
        "title": SEED_TITLE,
        "site": "Kent Police",
        "area": "Kent",
        "published": "2020-11-12T13:55",
        "url": (
            "https://www.kent.police.uk/news/kent/news2/policing-news/"
            "emergency-medical-packs-given-to-organisations-in-canterbury-city-centre/"
        ),
        "word_count": 373,
        "tags": [],
        "note": None,
    }
    assert Path(seed["path"]).name == "2020-11-12-kent-emergency-medical-packs.md"


def test_list_takes_several_paths(capsys: pytest.CaptureFixture[str], feed: Path) -> None:
    status, out, _ = run(capsys, "list", "--json", feed / "a.md", feed / "b.md")
    assert (status, [record["title"] for record in json.loads(out)]) == (0, ["Alpha", "Beta"])


def test_list_of_a_missing_path_exits_1(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, out, err = run(capsys, "list", tmp_path / "nope")
    assert (status, out) == (1, "")
    assert_one_error_line(err, f"{tmp_path / 'nope'}: no such file or folder")


def test_list_of_an_unlistable_folder_exits_1(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()

    def refuse(path: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "scandir", refuse)  # mode 000 would not stop root
    status, _, err = run(capsys, "list", locked)
    assert status == 1
    assert_one_error_line(err, f"{locked}: Permission denied")


# --- show ---------------------------------------------------------------------------------------


def test_show_prints_metadata_then_body(
    capsys: pytest.CaptureFixture[str], seed_path: Path
) -> None:
    status, out, err = run(capsys, "show", seed_path)
    lines = out.splitlines()
    assert (status, err) == (0, "")
    assert lines[:5] == [
        f"Title                   {SEED_TITLE}",
        "Site                    Kent Police",
        "Area                    Kent",
        "Published               2020-11-12T13:55",
        "Published (as printed)  13:55 12/11/2020",
    ]
    assert "Image                   https://www.kent.police.uk/SysSiteAssets/" in out
    assert "&amp;" not in out
    assert "Words                   373" in lines
    assert out.rstrip("\n").endswith("reduce the impact of knife crime in communities.")
    assert_terminal_safe(out)


def test_show_json_has_every_documented_field(
    capsys: pytest.CaptureFixture[str], seed_path: Path
) -> None:
    status, out, _ = run(capsys, "show", "--json", seed_path)
    record = json.loads(out)
    assert status == 0
    assert record.keys() >= SHOW_KEYS
    assert record["path"] == str(seed_path)
    assert (record["title"], record["site"], record["area"]) == (SEED_TITLE, "Kent Police", "Kent")
    assert (record["published"], record["published_raw"]) == (
        "2020-11-12T13:55",
        "13:55 12/11/2020",
    )
    assert record["image"].endswith(
        "open-graph-default.jpg?crop=(15,0,585,300)&w=600&h=300&scale=both"
    )
    assert (record["locale"], record["word_count"], record["warnings"]) == ("en_GB", 373, [])
    assert record["body"].startswith("Kent Police's PC Chris Green")
    assert isinstance(record["speakers"], list)


def test_show_json_of_an_undated_article_has_null_published(
    capsys: pytest.CaptureFixture[str], feed: Path
) -> None:
    status, out, _ = run(capsys, "show", "--json", feed / "b.md")
    record = json.loads(out)
    assert (status, record["published"], record["published_raw"]) == (0, None, None)
    assert (record["title"], record["site"], record["metadata_format"]) == ("Beta", None, "none")


def test_show_json_keeps_unknown_metadata_as_json(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "odd.md"
    path.write_text(
        "---\ntitle: T\nscore: .nan\nwhen: !!timestamp 2020-01-02\nset: !!set {a}\n---\nx\n"
    )
    status, out, _ = run(capsys, "show", "--json", path)
    assert status == 0
    assert json.loads(out)["extra"] == {"score": "nan", "when": "2020-01-02", "set": ["a"]}


def test_show_reports_warnings_on_stderr(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "undated.md"
    path.write_text("---\ntitle: T\ndate: someday\n---\nx\n")
    status, out, err = run(capsys, "show", path)
    assert (status, out.splitlines()[0]) == (0, "Title                   T")
    assert err == (
        f"pressreader: warning: {path}: unrecognised publish date 'someday'; "
        "the article is undated\n"
    )


def test_show_of_an_unloadable_file_exits_1_naming_file_and_line(
    capsys: pytest.CaptureFixture[str], feed: Path
) -> None:
    status, out, err = run(capsys, "show", feed / "broken.md")
    assert (status, out) == (1, "")
    assert_one_error_line(
        err,
        f"{feed / 'broken.md'}:3: invalid YAML metadata: did not find expected ',' or ']' "
        "(in a flow sequence that begins at line 2)",
    )


def test_show_of_a_missing_file_exits_1(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, _, err = run(capsys, "show", tmp_path / "gone.md")
    assert status == 1
    assert_one_error_line(err, f"{tmp_path / 'gone.md'}: no such file or folder")


def test_show_of_a_folder_exits_1(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, _, err = run(capsys, "show", tmp_path)
    assert status == 1
    assert_one_error_line(err, f"{tmp_path}: is a directory, not a file")


# --- help, version, usage -----------------------------------------------------------------------


def test_help_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "--help")
    assert (status, err) == (0, "")
    assert out.startswith("usage: pressreader [-h] [--version] COMMAND ...")
    assert "list" in out and "show" in out


def test_subcommand_help(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "show", "--help")
    assert status == 0
    assert out.startswith("usage: pressreader show [-h] [--state-dir DIR] [--json] FILE")


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--version") == (0, f"pressreader {__version__}\n", "")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["list", "--bogus"], "unrecognized arguments: --bogus (see 'pressreader list --help')"),
        (["show"], "the following arguments are required: FILE (see 'pressreader show --help')"),
        (
            ["show", "a.md", "b.md"],
            "unrecognized arguments: b.md (see 'pressreader show --help')",
        ),
    ],
)
def test_usage_errors_exit_2_with_one_line(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    status, out, err = run(capsys, *argv)
    assert (status, out) == (2, "")
    assert_one_error_line(err, message)


def test_a_mistyped_command_is_named_as_such(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    status, _, err = run(capsys, "lsit")
    assert status == 1
    assert err.startswith("pressreader: error: lsit: no such file or folder, and not a command (")


def test_an_unexpected_failure_is_one_line_not_a_traceback(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(args: object) -> int:
        raise ValueError("boom")

    monkeypatch.setattr(reader.cli.cmd_list, "run", broken)
    status, _, err = run(capsys, "list")
    assert status == 1
    assert_one_error_line(err, "internal error (ValueError: boom); please report it")


# --- the real command ---------------------------------------------------------------------------


def python_m_reader(*argv: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reader", *map(str, argv)],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


def test_python_m_reader_lists_the_sample_feed_from_anywhere(tmp_path: Path) -> None:
    result = python_m_reader("list", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    assert SEED_ROW in result.stdout.splitlines()


def test_python_m_reader_fails_in_one_line_without_a_traceback(tmp_path: Path) -> None:
    result = python_m_reader("show", "missing.md", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == "pressreader: error: missing.md: no such file or folder\n"


def test_python_m_reader_usage_error_exits_2(tmp_path: Path) -> None:
    result = python_m_reader("list", "--nope", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


# What a warm command must not import: YAML and the parser's reading of metadata, the quote
# extractor, markdown and the UI. The index answers; only new and changed files are parsed.
HEAVY = ("yaml", "reader.quotes.extract", "markdown_it", "rich", "textual", "reader.ui.app")
_MODULES_AFTER = """
import json, sys
from reader.cli import main
status = main(sys.argv[2:])
with open(sys.argv[1], "w", encoding="utf-8") as out:
    json.dump({"status": status, "modules": sorted(sys.modules)}, out)
"""


def modules_after(tmp_path: Path, *argv: str) -> list[str]:
    """The modules loaded once `pressreader ARGV…` has run, in a new process."""
    report = tmp_path / "modules.json"
    subprocess.run(
        [sys.executable, "-c", _MODULES_AFTER, str(report), *argv],
        capture_output=True,
        timeout=120,
        check=True,
    )
    found = json.loads(report.read_text(encoding="utf-8"))
    assert found["status"] == 0
    return [
        name
        for name in found["modules"]
        if name.split(".")[0] in {"yaml", "reader", "rich", "textual", "markdown_it"}
    ]


@pytest.mark.parametrize(
    "command",
    [["search", "police"], ["list", "--json"], ["list"], ["quotes", "--json"], ["quotes"]],
)
def test_a_warm_command_loads_no_parser_extractor_or_ui(tmp_path: Path, command: list[str]) -> None:
    feed = tmp_path / "feed"
    feed.mkdir()
    for name in ("a.md", "b.md"):
        body = f'"We are looking for {name}," said Inspector Jo Smith of the police.'
        (feed / name).write_text(f"---\ntitle: {name}\n---\n\n{body}\n", encoding="utf-8")
    python_m_reader("list", feed, cwd=tmp_path)  # builds the index
    loaded = modules_after(tmp_path, command[0], str(feed), *command[1:])
    assert f"reader.cli.cmd_{command[0]}" in loaded and "reader.feed.index" in loaded
    assert [name for name in loaded if name.startswith(HEAVY)] == []


def test_a_closed_pipe_ends_the_listing_quietly(tmp_path: Path) -> None:
    for index in range(300):
        (tmp_path / f"{index:03d}.md").write_text(f"# {'Long title words ' * 20}{index}\n")
    process = subprocess.Popen(
        [sys.executable, "-m", "reader", "list", str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.readline()
    process.stdout.close()  # like `| head -1`
    error = process.stderr.read()
    assert (process.wait(timeout=120), error) == (0, b"")


# --- JSON written a record at a time ------------------------------------------------------------

_SCALAR = st.none() | st.booleans() | st.integers() | st.floats() | st.text()
_VALUE = st.recursive(
    _SCALAR,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
)


@given(st.lists(st.dictionaries(st.text(), _VALUE, max_size=6), max_size=4))
def test_a_streamed_json_array_is_the_text_of_the_whole_list(
    records: list[dict[str, object]],
) -> None:
    streamed, whole = io.StringIO(), io.StringIO()
    print_json_array(iter(records), streamed)
    print_json(records, whole)
    assert streamed.getvalue() == whole.getvalue()
