"""pressreader tag, note, saved, watch and search --facets, on a generated feed."""

from __future__ import annotations

import argparse
import json
import os
import selectors
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support.cli import count_state_opens, run
from support.desk_feed import COUNT, SPEAKERS, expected, write_feed

from reader.articles.model import Article
from reader.articles.parse import parse_file
from reader.cli import cmd_watch
from reader.feed.facets import facet_term
from reader.feed.library import Library
from reader.search.query import parse
from reader.store.state import ReadingState

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_feed(tmp_path_factory.mktemp("desk") / "feed")


def search_json(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> dict:  # type: ignore[type-arg]
    status, out, err = run(capsys, "search", *argv, "--json")
    assert (status, err) == (0, "")
    return json.loads(out)  # type: ignore[no-any-return]


def count(capsys: pytest.CaptureFixture[str], feed: Path, query: str) -> int:
    return int(search_json(capsys, feed, query, "--limit", "1")["count"])


# --- facets -------------------------------------------------------------------------------------


def test_facets_count_every_match_not_the_page(
    capsys: pytest.CaptureFixture[str], generated: Path
) -> None:
    found = search_json(capsys, generated, "police", "--facets", "--limit", "2")
    assert (found["count"], len(found["results"])) == (COUNT, 2)
    wanted = expected(range(COUNT))
    facets = found["facets"]
    assert list(facets) == ["area", "site", "year", "speaker"]  # over 4 years: no months
    for name in ("area", "site", "year", "speaker"):
        assert facets[name] == dict(wanted[name]), name
    assert facets["area"] == {"Dover": 16, "Greater Manchester": 15, "Kent": 15, "Sussex": 15}
    assert list(facets["year"]) == ["2019", "2020", "2021", "2022", "2023"]


def test_each_facet_count_is_the_count_of_its_search(
    capsys: pytest.CaptureFixture[str], generated: Path
) -> None:
    facets = search_json(capsys, generated, "police", "--facets")["facets"]
    for name in ("area", "site", "year", "speaker"):
        for value, number in facets[name].items():
            term = facet_term(name, value)
            assert count(capsys, generated, f"police {term}") == number, term


def test_facets_of_a_narrower_search_and_months_within_two_years(
    capsys: pytest.CaptureFixture[str], generated: Path
) -> None:
    query = "area:dover OR area:kent after:2021-01-01 before:2022-07-01"
    found = search_json(capsys, generated, query, "--facets")
    facets = found["facets"]
    assert list(facets) == ["area", "site", "year", "month", "speaker"]
    assert sum(facets["area"].values()) == found["count"]
    assert set(facets["area"]) == {"Dover", "Kent"}
    for value, number in facets["month"].items():
        assert count(capsys, generated, f"{query} {facet_term('month', value)}") == number
    assert sum(facets["month"].values()) == found["count"]


def test_facets_as_text_follow_the_matches(
    capsys: pytest.CaptureFixture[str], generated: Path
) -> None:
    status, out, _ = run(capsys, "search", generated, "area:dover", "--facets", "--limit", "1")
    assert status == 0
    assert "1 of 16 matches\n\narea\n  16  Dover\n" in out


# --- tags and notes -----------------------------------------------------------------------------


def test_tags_round_trip_through_list_show_and_search(
    capsys: pytest.CaptureFixture[str], generated: Path
) -> None:
    first, second = generated / "000.md", generated / "001.md"
    status, out, err = run(capsys, "tag", first, second, "Court", "follow up")
    assert (status, out, err) == (0, "added court, follow up on 2 articles (4 changed)\n", "")
    assert count(capsys, generated, "tag:court") == 2
    assert count(capsys, generated, 'tag:"follow up" -area:dover') == 1
    _, out, _ = run(capsys, "list", generated, "--json")
    tagged = {Path(item["path"]).name: item["tags"] for item in json.loads(out) if item["tags"]}
    assert tagged == {"000.md": ["court", "follow up"], "001.md": ["court", "follow up"]}
    _, out, _ = run(capsys, "show", first, "--json")
    assert (json.loads(out)["tags"], json.loads(out)["note"]) == (["court", "follow up"], None)
    status, out, _ = run(capsys, "tag", second, "court", "--remove")
    assert (status, out) == (0, "removed court on 1 article (1 changed)\n")
    assert count(capsys, generated, "tag:court") == 1
    assert search_json(capsys, generated, "has:tag")["count"] == 2


def test_a_note_round_trips_and_an_empty_one_clears_it(
    capsys: pytest.CaptureFixture[str], generated: Path
) -> None:
    path = generated / "004.md"
    status, out, _ = run(capsys, "note", path, "Ring the press office on Friday")
    assert (status, out) == (0, f"note saved on {path}\n")
    found = search_json(capsys, generated, "note:friday")
    assert [(Path(r["path"]).name, r["note"]) for r in found["results"]] == [
        ("004.md", "Ring the press office on Friday")
    ]
    _, out, _ = run(capsys, "quotes", generated, "--json", "--query", "has:note")
    assert {record["note"] for record in json.loads(out)} == {"Ring the press office on Friday"}
    _, out, _ = run(capsys, "show", path)
    assert "\nNote" + " " * 18 + "  Ring the press office on Friday\n" in out
    assert run(capsys, "note", path, "")[:2] == (0, f"note removed from {path}\n")
    assert count(capsys, generated, "has:note") == 0


def test_tags_follow_the_article_when_the_folder_moves(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    feed = write_feed(tmp_path / "before", count=3)
    run(capsys, "tag", feed / "002.md", "court")
    moved = feed.rename(tmp_path / "after")
    assert [Path(r["path"]) for r in search_json(capsys, moved, "tag:court")["results"]] == [
        moved / "002.md"
    ]


def test_tag_needs_files_then_tags_and_says_what_is_wrong(
    capsys: pytest.CaptureFixture[str], generated: Path, tmp_path: Path
) -> None:
    assert run(capsys, "tag", generated / "000.md")[::2] == (
        1,
        "pressreader: error: name at least one tag after the files\n",
    )
    assert run(capsys, "tag", "court", "x")[::2] == (
        1,
        "pressreader: error: court: not an article file; name the files first, then tags\n",
    )
    missing = tmp_path / "gone.md"
    status, out, err = run(capsys, "tag", missing, generated / "003.md", "late")
    assert (status, out) == (1, "added late on 1 article (1 changed)\n")
    assert err.startswith(f"pressreader: warning: {missing}: ")


def test_a_note_on_a_file_that_cannot_be_read_is_one_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, out, err = run(capsys, "note", tmp_path / "gone.md", "x")
    assert (status, out) == (1, "")
    assert err.startswith(f"pressreader: error: {tmp_path / 'gone.md'}: ") and err.count("\n") == 1


# --- saved searches -----------------------------------------------------------------------------


def test_saved_lists_config_and_app_searches_with_exact_counts(
    capsys: pytest.CaptureFixture[str], generated: Path, tmp_path: Path
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        "[searches]\n"
        'Dover = "area:dover"\n'
        f"Hedges = 'speaker:\"{SPEAKERS[0]}\"'\n"
        'Broken = "colour:red"\n',
        encoding="utf-8",
    )
    read = [parse_file(generated / f"{number:03d}.md") for number in (0, 4, 5)]
    with ReadingState() as state:
        state.mark_all_read(article.identity for article in read if isinstance(article, Article))
        state.save_search("Early", "before:2020-01-01")
    status, out, err = run(capsys, "saved", generated, "--config", config, "--json")
    assert status == 0
    assert err.startswith("pressreader: warning: saved search 'Broken': bad query: unknown field")
    records = {record.pop("name"): record for record in json.loads(out)}
    assert records["Dover"] == {
        "query": "area:dover",
        "count": 16,
        "unread": 14,  # 000 and 004 are Dover articles; 005 is Kent
        "origin": "config",
        "error": None,
    }
    assert (records["Hedges"]["count"], records["Hedges"]["unread"]) == (17, 15)
    assert (records["Early"]["count"], records["Early"]["unread"], records["Early"]["origin"]) == (
        11,
        8,
        "app",
    )
    assert records["Broken"]["error"].startswith("unknown field 'colour:'")
    status, out, _ = run(capsys, "saved", generated, "--config", config)
    assert out.splitlines()[0] == "Dover        16      14 unread  area:dover"


def test_saved_without_searches_says_how_to_add_them(
    capsys: pytest.CaptureFixture[str], generated: Path, tmp_path: Path
) -> None:
    status, out, _ = run(capsys, "saved", generated, "--config", tmp_path / "none.toml")
    assert (status, out) == (
        0,
        'no saved searches: add a [searches] table (name = "query") to the config\n',
    )


# --- watch --------------------------------------------------------------------------------------


def _read_line(process: subprocess.Popen[str], timeout: float) -> str | None:
    """The next line of the process's stdout, or None if none comes within `timeout`."""
    assert process.stdout is not None
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        if not selector.select(timeout):
            return None
    return process.stdout.readline()


def _wait_for_ready(process: subprocess.Popen[str], timeout: float) -> str:
    assert process.stderr is not None
    with selectors.DefaultSelector() as selector:
        selector.register(process.stderr, selectors.EVENT_READ)
        assert selector.select(timeout), "watch did not say it was watching"
    return process.stderr.readline()


@pytest.mark.parametrize(("as_json", "opens"), [(False, 0), (True, 1)])
def test_watch_reads_the_tags_and_notes_only_for_json_lines(
    generated: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    as_json: bool,
    opens: int,
) -> None:
    with Library([generated], cache=tmp_path / "cache") as library:
        library.refresh()
        found = list(library.view("area:dover")[:2])
    opened = count_state_opens(monkeypatch)
    args = argparse.Namespace(json=as_json, state_dir=tmp_path / "state")
    cmd_watch._print(found, parse("area:dover"), args)
    assert len(opened) == opens
    assert len(capsys.readouterr().out.splitlines()) == len(found) == 2


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_watch_prints_a_new_match_within_3_s_and_nothing_for_others(
    tmp_path: Path, stop: signal.Signals
) -> None:
    feed = write_feed(tmp_path / "feed", count=2)
    process = subprocess.Popen(
        [sys.executable, "-m", "reader", "watch", str(feed), "area:dover", "--json"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ | {"PYTHONUNBUFFERED": "1"},
    )
    try:
        assert _wait_for_ready(process, 30).startswith("pressreader: watching ")
        assert _read_line(process, 1.0) is None  # what was there already is not news
        (feed / "kent.md").write_text((feed / "001.md").read_text().replace("update 1", "K"))
        assert _read_line(process, 2.0) is None  # a Kent article does not match
        started = time.monotonic()
        (feed / "dover.md").write_text((feed / "000.md").read_text().replace("update 0", "New"))
        line = _read_line(process, 3.0)
        assert line is not None and time.monotonic() - started < 3.0
        record = json.loads(line)
        assert (record["title"], record["area"], record["path"]) == (
            "Police New",
            "Dover",
            str(feed / "dover.md"),
        )
        assert set(record) >= {"score", "snippet", "snippet_matches", "title_matches", "tags"}
        process.send_signal(stop)
        assert process.wait(timeout=10) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
