"""`pressreader search`: text and JSON output, marks, sorting, limits, errors, terminal safety."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from support.cli import count_state_opens
from support.cli import run as run_command
from support.feeds import write_article
from support.terminal_safety import assert_terminal_safe

from reader.articles.parse import parse_file
from reader.cli import main
from reader.feed.walk_parts import WalkChild
from reader.feed.walk_split import SplitWalk
from reader.store.state import ReadingState, state_path


@pytest.fixture
def feed(tmp_path: Path) -> Path:
    folder = tmp_path / "feed"
    write_article(
        folder,
        "arch.md",
        title="Knife arch at Ramsgate",
        body="Police checked commuters in Ramsgate.",
        published="2021-03-04T10:00",
        area="Kent",
        site="Kent Police",
    )
    write_article(
        folder,
        "council.md",
        title="Council news",
        body="The council met police.",
        published="2022-01-01T08:30",
    )
    write_article(folder, "undated.md", title="A note", body="Police notes.", published=None)
    return folder


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    status = main(["search", *(str(arg) for arg in argv)])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_text_output_shows_date_title_path_and_a_marked_snippet(
    feed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(capsys, feed, "ramsgate")
    assert (status, err) == (0, "")
    assert out == (
        "2021-03-04 10:00  Knife arch at »Ramsgate«\n"
        f"                  {feed / 'arch.md'}\n"
        "                  Police checked commuters in »Ramsgate«.\n"
        "\n"
        "1 match\n"
    )


def test_on_a_terminal_matches_are_bold(
    feed: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    _, out, _ = run(capsys, feed, "ramsgate")
    assert out.splitlines()[0] == "2021-03-04 10:00  Knife arch at \x1b[1mRamsgate\x1b[22m"


def test_date_sort_and_limit(feed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, feed, "police", "--sort", "date", "--limit", "2")
    lines = out.splitlines()
    assert [lines[0], lines[4]] == [
        "2022-01-01 08:30  Council news",
        "2021-03-04 10:00  Knife arch at Ramsgate",
    ]
    assert lines[-1] == "2 of 3 matches"


def test_a_query_starting_with_a_minus_goes_after_a_double_dash(
    feed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = run(capsys, "--json", feed, "--", "-ramsgate police")
    titles = [record["title"] for record in json.loads(out)["results"]]
    assert sorted(titles) == ["A note", "Council news"]


def test_json_output_has_records_with_offsets(
    feed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(capsys, feed, "ramsgate", "--json")
    document = json.loads(out)
    record = document["results"][0]
    score = record.pop("score")
    assert status == 0 and isinstance(score, float) and score > 0
    assert document == {
        "query": "ramsgate",
        "sort": "rank",
        "count": 1,
        "results": [
            {
                "path": str(feed / "arch.md"),
                "title": "Knife arch at Ramsgate",
                "published": "2021-03-04T10:00",
                "area": "Kent",
                "site": "Kent Police",
                "url": None,
                "title_matches": [[14, 22]],
                "snippet": "Police checked commuters in Ramsgate.",
                "snippet_matches": [[28, 36]],
                "tags": [],
                "note": None,
            }
        ],
    }


def tag_arch(feed: Path) -> None:
    article = parse_file(feed / "arch.md")
    with ReadingState() as state:
        state.add_tags([article.identity], ["court"])  # type: ignore[union-attr]


def test_text_output_never_opens_the_reading_state(
    feed: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The text shows no tags or notes, so the state file is not read for them."""
    tag_arch(feed)
    opened = count_state_opens(monkeypatch)
    status, out, err = run(capsys, feed, "ramsgate")
    assert (status, err, opened) == (0, "", [])
    assert out.endswith("Police checked commuters in »Ramsgate«.\n\n1 match\n")


@pytest.mark.parametrize("query", ["ramsgate", "ramsgate is:unread"])
def test_json_output_reads_the_tags_from_the_reading_state_once(
    feed: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, query: str
) -> None:
    """Once: the state an `is:` filter opened serves the tags too."""
    tag_arch(feed)
    opened = count_state_opens(monkeypatch)
    _, out, _ = run(capsys, feed, query, "--json")
    assert [record["tags"] for record in json.loads(out)["results"]] == [["court"]]
    assert opened == [state_path()]


def test_json_scores_are_null_when_sorted_by_date(
    feed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = run(capsys, feed, "police", "--json", "--sort", "date")
    results = json.loads(out)["results"]
    assert [(record["title"], record["score"]) for record in results] == [
        ("Council news", None),
        ("Knife arch at Ramsgate", None),
        ("A note", None),
    ]


def test_is_starred_reads_the_apps_reading_state(
    feed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = parse_file(feed / "council.md")
    with ReadingState() as state:
        state.set_starred(article.identity, True)  # type: ignore[union-attr]
    _, out, _ = run(capsys, feed, "police is:starred", "--json")
    assert [record["title"] for record in json.loads(out)["results"]] == ["Council news"]


@pytest.mark.parametrize(
    ("extra", "walks"),
    [
        ([], ["child feed"]),
        (["--follow-symlinks"], ["child feed", "split feed", "child feed"]),
        (["other"], ["child feed", "split feed other"]),
        (["--json"], ["child feed"]),
    ],
)
def test_the_walk_started_before_the_imports_is_taken_only_for_its_very_paths(
    feed: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    extra: list[str],
    walks: list[str],
) -> None:
    """The child `pressreader search FEED` forks first walks FEED; a command that walks other
    paths (or follows symlinks) stops it and starts its own."""
    write_article(feed.parent / "other", "more.md", title="Ramsgate more", body="More.")
    started: list[str] = []
    real_child, real_split = WalkChild.start, SplitWalk.start

    def child(top: bytes) -> WalkChild | None:
        started.append(f"child {os.path.basename(top).decode()}")
        return real_child(top)

    def split(paths: list[Path], **options: bool) -> SplitWalk:
        started.append(" ".join(["split", *(path.name for path in paths)]))
        return real_split(paths, **options)

    monkeypatch.setattr(WalkChild, "start", child)
    monkeypatch.setattr(SplitWalk, "start", split)
    others = [feed.parent / word if word == "other" else word for word in extra]
    status, out, _ = run(capsys, feed, *others, "ramsgate")
    assert (status, started) == (0, walks)
    assert out.endswith(("2 matches\n" if "other" in extra else "1 match\n", "}\n"))


# The program, with a note of what it has imported when it forks the walk's child.
_AT_FORK = """
import json, os, sys
forks = []
os.register_at_fork(before=lambda: forks.append(sorted(sys.modules)))
before = set(sys.modules)
from reader.cli import main
status = main(sys.argv[1:])
print(json.dumps([status, [sorted(set(modules) - before) for modules in forks]]), file=sys.stderr)
"""


def test_a_search_forks_its_walk_before_importing_anything_but_the_walk(feed: Path) -> None:
    for _ in range(2):  # cold, then warm
        done = subprocess.run(
            [sys.executable, "-c", _AT_FORK, "search", str(feed), "ramsgate"],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
    status, forks = json.loads(done.stderr)
    assert status == 0 and done.stdout.endswith("1 match\n")
    imported = {name for name in forks[0] if not name.startswith("_")}
    assert imported == {"reader", "reader.cli", "reader.feed", "reader.feed.walk_parts", "struct"}


def test_a_warm_search_answers_from_the_files_as_they_are_now(
    feed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The query runs while the walk goes on; a walk that finds the feed changed since the
    index last held it has the index synced and the query made again."""
    assert run(capsys, feed, "ramsgate")[1].count("Ramsgate") == 2  # title and snippet
    assert run(capsys, feed, "ramsgate")[1].count("Ramsgate") == 2  # from the kept walk
    write_article(feed, "sub/new.md", title="Ramsgate again", body="More.", published=None)
    (feed / "arch.md").unlink()
    status, out, err = run(capsys, feed, "ramsgate")
    assert (status, err) == (0, "")
    assert "»Ramsgate« again" in out and "Knife arch" not in out and out.endswith("1 match\n")


# The program itself: `main()` reads sys.argv; an exit handler says whether the interpreter's
# teardown ran.
_PROGRAM = """
import atexit, sys
from reader.cli import main
atexit.register(lambda: print("teardown", file=sys.stderr))
sys.exit(main())
"""


@pytest.mark.parametrize(("command", "teardown"), [("search", ""), ("list", "teardown\n")])
def test_the_program_ends_a_search_once_its_output_is_written_with_no_teardown(
    feed: Path, command: str, teardown: str
) -> None:
    argv = [command, str(feed), *(["ramsgate"] if command == "search" else [])]
    program = [sys.executable, "-c", _PROGRAM, *argv]
    for _ in range(2):  # cold, then warm (the walk in two processes, the query beside it)
        done = subprocess.run(program, capture_output=True, text=True, timeout=120, check=False)
        assert (done.returncode, done.stderr) == (0, teardown)
    assert done.stdout.endswith("1 match\n" if command == "search" else "A note\n")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ('"police', "bad query: a quote is never closed (at character 1)"),
        (
            "before:notadate",
            "bad query: 'notadate' is not a date; write before:2021-01-31 or "
            'before:31/01/2021, a month (2021-01), a year (2021), today, yesterday, "last week" '
            'or "3 days ago" (at character 1)',
        ),
        (
            "colour:red",
            "bad query: unknown field 'colour:' — the fields are title:, area:, "
            "site:, speaker:, before:, after:, is:, tag:, has:, note:; put text with a colon in "
            "quotes to search for it (at character 1)",
        ),
        ("police OR", "bad query: OR needs a term after it (at character 8)"),
        ("", "bad query: the query is empty"),
        pytest.param(
            "(" * 400 + "police" + ")" * 400,
            "bad query: brackets nest more than 32 deep (at character 33)",
            id="400 nested brackets",
        ),
    ],
)
def test_a_malformed_query_is_a_usage_error_with_the_message_on_stderr(
    feed: Path, capsys: pytest.CaptureFixture[str], query: str, message: str
) -> None:
    assert run(capsys, feed, query) == (2, "", f"pressreader: error: {message}\n")


def test_a_missing_feed_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, tmp_path / "nowhere", "police")
    assert (status, out) == (1, "")
    assert err == f"pressreader: error: {tmp_path / 'nowhere'}: no such file or folder\n"


def test_the_bundled_sample_feed_is_the_default(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, '"medical packs"')
    assert status == 0
    assert out.splitlines()[0] == (
        "2020-11-12 13:55  Emergency »medical packs« given to organisations in Canterbury city "
        "centre"
    )


def test_article_text_cannot_drive_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "hostile"
    folder.mkdir()
    (folder / "evil.md").write_text(
        '---\ntitle: "Evil \\e[31mred\\e[0m title \\u202e police"\narea: "\\e]0;pwned\\a"\n'
        "---\n\nPolice \x1b]8;;http://x\x07link\x1b]8;;\x07 and \x9b2J police \u202ebidi.\n",
        encoding="utf-8",
    )
    for options in ((), ("--json",)):
        status, out, err = run(capsys, folder, "police", *options)
        assert status == 0 and "Evil" in out
        assert_terminal_safe(out)
        assert_terminal_safe(err)


@pytest.fixture
def days(tmp_path: Path) -> Path:
    """Three articles a day apart: a day alone, a printed midnight, a printed afternoon."""
    folder = tmp_path / "days"
    for name, published in (
        ("day.md", "04/03/2021"),
        ("midnight.md", "00:00 05/03/2021"),
        ("afternoon.md", "13:55 06/03/2021"),
    ):
        write_article(folder, name, title=f"Police {name[:-3]}", published=published)
    return folder


def test_text_shows_a_day_alone_and_a_printed_midnight_as_printed(
    days: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = run(capsys, days, "police", "--sort", "date")
    assert [line for line in out.splitlines() if line.startswith("2021")] == [
        "2021-03-06 13:55  »Police« afternoon",
        "2021-03-05 00:00  »Police« midnight",
        "2021-03-04        »Police« day",
    ]
    status, out, err = run_command(capsys, "list", days)
    assert (status, err) == (0, "")
    assert [line[:18] for line in out.splitlines()] == [
        "2021-03-06 13:55  ",
        "2021-03-05 00:00  ",
        "2021-03-04        ",
    ]


def test_json_keeps_the_iso_date_of_a_day_alone(
    days: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    iso = ["2021-03-06T13:55", "2021-03-05T00:00", "2021-03-04T00:00"]
    _, out, _ = run(capsys, days, "police", "--sort", "date", "--json")
    assert [result["published"] for result in json.loads(out)["results"]] == iso
    _, out, _ = run_command(capsys, "list", days, "--json")
    assert [record["published"] for record in json.loads(out)] == iso
