"""`pressreader quotes`: text, JSON, CSV, --speaker, --query, errors, terminal safety."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

import pytest
from support.cli import count_state_opens
from support.feeds import write_article
from support.terminal_safety import assert_terminal_safe

from reader.articles.parse import parse_file
from reader.cli import main
from reader.feed import library as library_module
from reader.feed.index import FeedIndex
from reader.quotes.speakers import FIELDS
from reader.store.state import ReadingState, state_path

_T = TypeVar("_T")
SEED_TITLE = "Emergency medical packs given to organisations in Canterbury city centre"
HEDGES_TEXT = (
    "Knife crime and violence is very low in Canterbury compared to other areas of the country, "
    "but Kent Police is not complacent, and is continuing to work to tackle the issue and remove "
    "weapons from our community.\n\n"
    "I hope these medical packs are never required, but it is reassuring for our officers and "
    "others to know that they are in these locations, ready to be called upon should they ever "
    "be needed."
)
CLARK_TEXT = (
    "The most important role of the police is the preservation of life, so we are pleased to "
    "have supported them with this important project to help keep people safe in our city and "
    "prevent crime.\n\n"
    "Canterbury is well known for its partnership work between the authorities and the local "
    "community and it's great to see that coming to the fore again. We'd like to thank everyone "
    "who is playing their part in this."
)


SEED_URL = (
    "https://www.kent.police.uk/news/kent/news2/policing-news/"
    "emergency-medical-packs-given-to-organisations-in-canterbury-city-centre/"
)


def seed_records(seed_path: Path) -> list[dict[str, object]]:
    common = {
        "file": str(seed_path),
        "article_title": SEED_TITLE,
        "site": "Kent Police",
        "area": "Kent",
        "published": "2020-11-12T13:55",
        "url": SEED_URL,
        "tags": [],
        "note": None,
    }
    return [
        {
            **common,
            "speaker": "Mark Hedges",
            "speaker_rank": "Chief Inspector",
            "role": "District Commander for Canterbury",
            "text": HEDGES_TEXT,
            "paragraph": 5,
            "start": 827,
            "end": 1229,
            "cue": "said-before",
            "confidence": 0.95,
        },
        {
            **common,
            "speaker": "Ashley Clark",
            "speaker_rank": "Cllr",
            "role": "Canterbury City Council's lead councillor for enforcement",
            "text": CLARK_TEXT,
            "paragraph": 9,
            "start": 1568,
            "end": 1975,
            "cue": "said-before",
            "confidence": 0.95,
        },
    ]


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    status = main(["quotes", *(str(arg) for arg in argv)])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def run_json(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> list[dict[str, object]]:
    status, out, err = run(capsys, "--json", *argv)
    assert (status, err) == (0, "")
    records = json.loads(out)
    assert isinstance(records, list)
    return records


@pytest.fixture
def feed(tmp_path: Path) -> Path:
    """Jo Bloggs quoted as a PC, then (newer) as a Sergeant; a resident in Essex; an unquoted
    article."""
    folder = tmp_path / "feed"
    write_article(
        folder,
        "pc.md",
        title="Shed fire in Ashford",
        body="PC Jo Bloggs, of Ashford police, said: ‘We will find whoever did this.’",
        published="2021-03-04T10:00",
        area="Kent",
    )
    write_article(
        folder,
        "sergeant.md",
        title="Road reopens",
        body=(
            "Sergeant Jo Bloggs said: ‘The road is open again.’\n\n"
            "Inspector Ann Other said: ‘Drive with care.’"
        ),
        published="2022-05-06T08:30",
        area="Kent",
    )
    write_article(
        folder,
        "essex.md",
        title="Flooding in Maldon",
        body="John Smith, a resident, said: ‘It was frightening.’",
        published="2021-09-01T12:00",
        area="Essex",
    )
    write_article(folder, "quiet.md", title="No one speaks", body="Nothing was said.")
    return folder


def speakers_and_texts(records: list[dict[str, object]]) -> list[tuple[object, object, object]]:
    return [(record["speaker_rank"], record["speaker"], record["text"]) for record in records]


# --- the records --------------------------------------------------------------------------------


def test_json_has_the_exact_records_of_the_seed_article(
    capsys: pytest.CaptureFixture[str], seed_path: Path
) -> None:
    records = run_json(capsys)
    assert [record for record in records if record["file"] == str(seed_path)] == seed_records(
        seed_path
    )


def test_every_record_has_the_documented_fields_in_order(
    capsys: pytest.CaptureFixture[str],
) -> None:
    records = run_json(capsys)
    assert len(records) > 2
    assert {tuple(record) for record in records} == {FIELDS}


def test_articles_come_newest_first_and_quotes_in_body_order(
    capsys: pytest.CaptureFixture[str], feed: Path
) -> None:
    records = run_json(capsys, feed)
    assert [(record["file"], record["start"]) for record in records] == [
        (str(feed / "sergeant.md"), 26),
        (str(feed / "sergeant.md"), 79),
        (str(feed / "essex.md"), 31),
        (str(feed / "pc.md"), 40),
    ]
    assert speakers_and_texts(records) == [
        ("Sergeant", "Jo Bloggs", "The road is open again."),
        ("Inspector", "Ann Other", "Drive with care."),
        (None, "John Smith", "It was frightening."),
        ("PC", "Jo Bloggs", "We will find whoever did this."),
    ]


def test_the_sample_feed_comes_newest_first(capsys: pytest.CaptureFixture[str]) -> None:
    published = [record["published"] for record in run_json(capsys)]
    dated = [stamp for stamp in published if stamp is not None]
    assert dated == sorted(dated, reverse=True)
    assert published[: len(dated)] == dated  # undated articles, if any, last


# --- text ---------------------------------------------------------------------------------------


def test_text_shows_speaker_role_article_and_the_quote_indented(
    capsys: pytest.CaptureFixture[str], seed_path: Path
) -> None:
    status, out, err = run(capsys, seed_path)
    hedges_first, hedges_second = HEDGES_TEXT.split("\n\n")
    clark_first, clark_second = CLARK_TEXT.split("\n\n")
    assert (status, err) == (0, "")
    assert out == (
        "Chief Inspector Mark Hedges — District Commander for Canterbury\n"
        f"2020-11-12 13:55  {SEED_TITLE}\n"
        f"    {hedges_first}\n"
        "\n"
        f"    {hedges_second}\n"
        "\n"
        "Cllr Ashley Clark — Canterbury City Council's lead councillor for enforcement\n"
        f"2020-11-12 13:55  {SEED_TITLE}\n"
        f"    {clark_first}\n"
        "\n"
        f"    {clark_second}\n"
        "\n"
        "2 quotes from 1 article\n"
    )


def test_text_of_an_undated_speaker_without_title_or_role(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    write_article(
        tmp_path, "a.md", title="Fête", body="Jane Doe said: ‘Lovely day.’", published=None
    )
    status, out, _ = run(capsys, tmp_path)
    assert (status, out) == (
        0,
        "Jane Doe\nundated           Fête\n    Lovely day.\n\n1 quote from 1 article\n",
    )


def test_text_of_a_feed_without_quotes_says_so(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    write_article(tmp_path, "a.md", title="Quiet", body="Nothing was said.")
    assert run(capsys, tmp_path) == (0, "0 quotes from 0 articles\n", "")


def test_article_text_cannot_drive_the_terminal(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = tmp_path / "hostile"
    folder.mkdir()
    (folder / "evil.md").write_text(
        '---\ntitle: "Evil \\e[31mred\\e[0m title \\u202e police"\n---\n\n'
        "Chief Inspector Eve Mallory, head of \x1b]0;pwned\x07 \u2066policing\u2069, said: "
        "‘Stay \x1b[31mred\x1b[0m \x1b]8;;http://x\x07link\x1b]8;;\x07 and \x9b2J \u202eevil "
        "\x85here.\n\n‘And a \x1b[2Jsecond \u200fparagraph.’\n",
        encoding="utf-8",
    )
    for options in ((), ("--json",), ("--speaker", "mallory")):
        status, out, err = run(capsys, folder, *options)
        assert status == 0 and "Mallory" in out and "second" in out
        assert_terminal_safe(out)
        assert_terminal_safe(err)


# --- CSV ----------------------------------------------------------------------------------------


def _cell(value: object) -> str:
    """A JSON record's value as its CSV cell: nothing for None, tags joined by commas."""
    if isinstance(value, list):
        return ", ".join(value)
    return "" if value is None else str(value)


def test_csv_reads_back_as_the_json_records(capsys: pytest.CaptureFixture[str]) -> None:
    records = run_json(capsys)
    status, out, err = run(capsys, "--csv")
    assert (status, err) == (0, "")
    rows = list(csv.reader(io.StringIO(out.removeprefix("\ufeff"), newline="")))
    assert rows[0] == list(FIELDS)
    expected = [[_cell(record[name]) for name in FIELDS] for record in records]
    assert rows[1:] == expected


def test_csv_is_utf8_with_a_byte_order_mark_and_crlf_rows(
    capsys: pytest.CaptureFixture[str], seed_path: Path
) -> None:
    _, out, _ = run(capsys, "--csv", seed_path)
    assert out.startswith("\ufefffile,article_title,site,area,published,url,speaker,speaker_rank,")
    lines = out.split("\r\n")
    assert lines[0] == "\ufeff" + ",".join(FIELDS)
    assert lines[-1] == ""  # every row ends in CRLF, the last too
    assert len(lines) == 4  # header, two records (their paragraph breaks are inside quotes)
    assert lines[1].startswith(
        f"{seed_path},{SEED_TITLE},Kent Police,Kent,2020-11-12T13:55,{SEED_URL},"
        "Mark Hedges,Chief Inspector,"
        'District Commander for Canterbury,"Knife crime'
    )
    assert lines[1].endswith('be needed.",5,827,1229,,,said-before,0.95')  # no tags, no note


def test_csv_keeps_a_formula_from_running_in_a_spreadsheet(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    write_article(tmp_path, "a.md", title="=HYPERLINK(1)", body="Jane Doe said: ‘Hello.’")
    _, out, _ = run(capsys, "--csv", tmp_path)
    (row,) = list(csv.DictReader(io.StringIO(out.removeprefix("\ufeff"), newline="")))
    assert (row["article_title"], row["text"]) == ("'=HYPERLINK(1)", "Hello.")


# --- --speaker ----------------------------------------------------------------------------------


def test_speaker_finds_one_person_across_a_rank_change(
    capsys: pytest.CaptureFixture[str], feed: Path
) -> None:
    records = run_json(capsys, feed, "--speaker", "Jo Bloggs")
    assert speakers_and_texts(records) == [
        ("Sergeant", "Jo Bloggs", "The road is open again."),
        ("PC", "Jo Bloggs", "We will find whoever did this."),
    ]


@pytest.mark.parametrize("name", ["Sergeant Jo Bloggs", "PC Jo Bloggs", "bloggs", "JO  BLOGGS"])
def test_speaker_matches_regardless_of_rank_case_and_spacing(
    capsys: pytest.CaptureFixture[str], feed: Path, name: str
) -> None:
    records = run_json(capsys, feed, "--speaker", name)
    assert [record["file"] for record in records] == [
        str(feed / "sergeant.md"),
        str(feed / "pc.md"),
    ]


def test_speaker_on_the_sample_feed_finds_mark_hedges(
    capsys: pytest.CaptureFixture[str], seed_path: Path
) -> None:
    records = run_json(capsys, "--speaker", "hedges")
    assert records == seed_records(seed_path)[:1]


def test_speaker_nobody_said_gives_no_records(
    capsys: pytest.CaptureFixture[str], feed: Path
) -> None:
    assert run_json(capsys, feed, "--speaker", "Nobody Atall") == []


# --- --query ------------------------------------------------------------------------------------


def test_query_keeps_only_the_matching_articles(
    capsys: pytest.CaptureFixture[str], feed: Path
) -> None:
    records = run_json(capsys, feed, "--query", "area:Kent")
    assert [record["article_title"] for record in records] == [
        "Road reopens",
        "Road reopens",
        "Shed fire in Ashford",
    ]


def test_query_and_speaker_combine(capsys: pytest.CaptureFixture[str], feed: Path) -> None:
    records = run_json(capsys, feed, "--query", "area:Kent before:2022-01-01", "--speaker", "jo")
    assert speakers_and_texts(records) == [("PC", "Jo Bloggs", "We will find whoever did this.")]


def test_query_on_the_sample_feed_matches_what_search_finds(
    capsys: pytest.CaptureFixture[str], seed_path: Path
) -> None:
    records = run_json(capsys, "--query", '"medical packs"')
    assert records == seed_records(seed_path)


def test_query_is_starred_reads_the_apps_reading_state(
    capsys: pytest.CaptureFixture[str], feed: Path
) -> None:
    article = parse_file(feed / "essex.md")
    with ReadingState() as state:
        state.set_starred(article.identity, True)  # type: ignore[union-attr]
    records = run_json(capsys, feed, "--query", "is:starred")
    assert speakers_and_texts(records) == [(None, "John Smith", "It was frightening.")]


def test_text_never_opens_the_reading_state(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, feed: Path
) -> None:
    """The text shows no tags or notes, so the state file is not read for them."""
    tag_essex(feed)
    opened = count_state_opens(monkeypatch)
    status, out, err = run(capsys, feed, "--query", "area:Essex")
    assert (status, err, opened) == (0, "", [])
    assert out.endswith("It was frightening.\n\n1 quote from 1 article\n")


@pytest.mark.parametrize("form", ["--json", "--csv"])
def test_json_and_csv_read_the_tags_from_the_reading_state(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, feed: Path, form: str
) -> None:
    tag_essex(feed)
    opened = count_state_opens(monkeypatch)
    status, out, _ = run(capsys, feed, form, "--query", "area:Essex")
    assert (status, opened, out.count("court")) == (0, [state_path()], 1)


def tag_essex(feed: Path) -> None:
    article = parse_file(feed / "essex.md")
    with ReadingState() as state:
        state.add_tags([article.identity], ["court"])  # type: ignore[union-attr]


def counting(read: Callable[[FeedIndex, Sequence[int]], _T], asked: list[int]) -> Callable[..., _T]:
    """`read` (a `FeedIndex` method), noting in `asked` how many ids each call asks for."""

    def counted(index: FeedIndex, ids: Sequence[int]) -> _T:
        asked.append(len(ids))
        return read(index, ids)

    return counted


@pytest.mark.parametrize("form", [(), ("--json",), ("--csv",), ("--json", "--speaker", "o")])
def test_query_reads_its_matches_quotes_a_page_at_a_time(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    feed: Path,
    form: tuple[str, ...],
) -> None:
    """A query matching most of a million articles holds one page of their quotes, never all
    of them; the output is what one read of every match prints."""
    query = ("--query", "area:Kent OR area:Essex OR nothing")
    whole = run(capsys, feed, *form, *query)
    asked: list[int] = []
    for name in ("quotes", "ready"):
        monkeypatch.setattr(FeedIndex, name, counting(getattr(FeedIndex, name), asked))
    monkeypatch.setattr(library_module, "_QUOTES_PAGE", 2)
    assert run(capsys, feed, *form, *query) == whole
    assert whole[0] == 0
    assert asked == [2, 2]  # all four matches, two at a time


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ('"police', "bad query: a quote is never closed (at character 1)"),
        ("police OR", "bad query: OR needs a term after it (at character 8)"),
        ("", "bad query: the query is empty"),
    ],
)
def test_a_malformed_query_is_a_usage_error_with_one_line_on_stderr(
    capsys: pytest.CaptureFixture[str], feed: Path, query: str, message: str
) -> None:
    assert run(capsys, feed, "--query", query) == (2, "", f"pressreader: error: {message}\n")


# --- errors and exit codes ----------------------------------------------------------------------


def test_a_broken_file_is_warned_about_and_the_rest_still_printed(
    capsys: pytest.CaptureFixture[str], feed: Path
) -> None:
    (feed / "broken.md").write_text("---\ntitle: [oops\n---\n")
    status, out, err = run(capsys, "--json", feed)
    assert status == 0
    assert len(json.loads(out)) == 4
    assert err == (
        f"pressreader: warning: {feed / 'broken.md'}:3: invalid YAML metadata: did not find "
        "expected ',' or ']' (in a flow sequence that begins at line 2)\n"
    )


def test_a_missing_feed_exits_1(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, out, err = run(capsys, tmp_path / "nowhere")
    assert (status, out) == (1, "")
    assert err == f"pressreader: error: {tmp_path / 'nowhere'}: no such file or folder\n"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["--json", "--csv"],
            "argument --csv: not allowed with argument --json (see 'pressreader quotes --help')",
        ),
        (
            ["--speaker", " "],
            "argument --speaker: must not be empty (see 'pressreader quotes --help')",
        ),
        (
            ["--speaker"],
            "argument --speaker: expected one argument (see 'pressreader quotes --help')",
        ),
        (["--bogus"], "unrecognized arguments: --bogus (see 'pressreader quotes --help')"),
    ],
)
def test_usage_errors_exit_2_with_one_line(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    assert run(capsys, *argv) == (2, "", f"pressreader: error: {message}\n")


def test_help_names_the_options(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "--help")
    assert status == 0
    assert " ".join(out.split()).startswith(
        "usage: pressreader quotes [-h] [--follow-symlinks] [--state-dir DIR] [--json | --csv] "
        "[--speaker NAME] "
        "[--query QUERY] [--min-confidence X] [FEED ...]"
    )


def test_quotes_is_listed_as_a_command(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["--help"])
    out = capsys.readouterr().out
    assert status == 0
    assert ["quotes", "every", "quote"] in [line.split()[:3] for line in out.splitlines()]
