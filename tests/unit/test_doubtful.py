"""Issue 12: doubtful attributions reach every reader of quotes — `show --json`, `quotes --json
/--csv/--min-confidence` and the query language's `has:doubtful` (the panel: tests/ui)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.feeds import write_article

from reader.cli import main
from reader.feed.library import Library
from reader.search.query import Fields, QueryError, QuoteFilter, matches, parse

# One plain attribution, one statement attributed only by its headline (doubtful), one
# quote whose speaker two people could be (unattributed).
PLAIN = "'We will find them,' said PC Jo Bloggs."
HEADLINE_BODY = "'We got this wrong and I am sorry for it.'\n\nThe policy has changed."
HEADLINE_TITLE = "Statement from Chief Constable Mira Okonjo"
SHARED_NAME = "Sam Ferrier and Sam Oduya were on shift.\n\nSam said: 'It was the busiest night.'"


@pytest.fixture
def feed(tmp_path: Path) -> Path:
    folder = tmp_path / "feed"
    write_article(folder, "plain.md", title="Arrests in Dover", body=PLAIN)
    write_article(
        folder, "headline.md", title=HEADLINE_TITLE, body=HEADLINE_BODY, published="2021-07-01"
    )
    write_article(
        folder, "shared.md", title="A busy night", body=SHARED_NAME, published="2021-08-01"
    )
    return folder


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    status = main([str(arg) for arg in argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


# --- the CLI ------------------------------------------------------------------------------------


def test_quotes_json_carries_cue_and_confidence(
    capsys: pytest.CaptureFixture[str], feed: Path
) -> None:
    status, out, _ = run(capsys, "quotes", "--json", feed)
    assert status == 0
    assert [(r["speaker"], r["cue"], r["confidence"]) for r in json.loads(out)] == [
        ("Mira Okonjo", "headline", 0.6),
        ("Jo Bloggs", "said-after", 0.95),
    ]


def test_min_confidence_keeps_only_surer_attributions(
    capsys: pytest.CaptureFixture[str], feed: Path
) -> None:
    _, out, _ = run(capsys, "quotes", "--json", "--min-confidence", "0.7", feed)
    assert [record["speaker"] for record in json.loads(out)] == ["Jo Bloggs"]
    _, out, _ = run(capsys, "quotes", "--json", "--min-confidence", "0", feed)
    assert len(json.loads(out)) == 2


@pytest.mark.parametrize("value", ["1.5", "-0.1", "nan", "high"])
def test_min_confidence_outside_0_to_1_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], feed: Path, value: str
) -> None:
    status, _, err = run(capsys, "quotes", "--min-confidence", value, feed)
    assert status == 2
    assert f"--min-confidence: '{value}' is not a number from 0 to 1" in err


def test_quotes_csv_has_cue_and_confidence_columns(
    capsys: pytest.CaptureFixture[str], feed: Path
) -> None:
    _, out, _ = run(capsys, "quotes", "--csv", feed)
    rows = list(csv.DictReader(io.StringIO(out.removeprefix("\ufeff"), newline="")))
    assert [(row["speaker"], row["cue"], row["confidence"]) for row in rows] == [
        ("Mira Okonjo", "headline", "0.6"),
        ("Jo Bloggs", "said-after", "0.95"),
    ]


def test_quotes_text_marks_a_doubtful_attribution(
    capsys: pytest.CaptureFixture[str], feed: Path
) -> None:
    _, out, _ = run(capsys, "quotes", feed)
    lines = out.splitlines()
    assert "Chief Constable Mira Okonjo  ? (headline, 0.60)" in lines
    assert "PC Jo Bloggs" in lines  # a plain attribution carries no mark


def test_show_json_gives_each_quote_its_cue_and_the_unattributed_ones(
    capsys: pytest.CaptureFixture[str], feed: Path
) -> None:
    _, out, _ = run(capsys, "show", "--json", feed / "shared.md")
    record = json.loads(out)
    assert record["speakers"] == []
    assert record["doubtful"] is True
    (quote,) = record["unattributed"]
    assert (quote["text"], quote["cue"], quote["confidence"], quote["doubtful"]) == (
        "It was the busiest night.",
        "ambiguous-name",
        0.0,
        True,
    )
    _, out, _ = run(capsys, "show", "--json", feed / "plain.md")
    record = json.loads(out)
    ((quote,),) = [speaker["quotes"] for speaker in record["speakers"]]
    assert (quote["cue"], quote["confidence"], quote["doubtful"]) == ("said-after", 0.95, False)
    assert (record["unattributed"], record["doubtful"]) == ([], False)


# --- has:doubtful -------------------------------------------------------------------------------


def test_has_doubtful_parses_and_a_wrong_value_says_what_it_takes() -> None:
    assert parse("has:doubtful").root == QuoteFilter("doubtful")
    assert parse("HAS:Doubtful").root == QuoteFilter("doubtful")
    with pytest.raises(QueryError, match="has: takes note, tag or doubtful"):
        parse("has:quotes")


def fields(doubtful: bool) -> Fields:
    return Fields("t", None, None, (), "body", None, "id", doubtful=doubtful)


def test_has_doubtful_matches_on_the_articles_flag() -> None:
    assert matches(parse("has:doubtful"), fields(True))
    assert not matches(parse("has:doubtful"), fields(False))
    assert matches(parse("-has:doubtful"), fields(False))


@pytest.fixture
def library(feed: Path) -> Iterator[Library]:
    opened = Library([feed])
    list(opened.scan())
    yield opened
    opened.close()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("has:doubtful", ["A busy night", HEADLINE_TITLE]),
        ("-has:doubtful", ["Arrests in Dover"]),
        ("has:doubtful busiest", ["A busy night"]),
        ("has:doubtful OR dover", ["A busy night", HEADLINE_TITLE, "Arrests in Dover"]),
    ],
)
def test_the_index_finds_articles_with_doubtful_or_unattributed_quotes(
    library: Library, query: str, expected: list[str]
) -> None:
    found = library.search(parse(query), sort="date", limit=None).summaries
    assert [summary.title for summary in found] == expected
