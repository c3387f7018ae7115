"""The quote records the index stores ready to print (reader/quotes/records.py) against the
records they stand for: `quotes --json` prints the stored text, byte for byte what
`print_json_array` prints of `each_quote_record`'s records, for hostile text too."""

from __future__ import annotations

import io
import json
import os
from datetime import datetime
from pathlib import Path

import pytest
import support.hypothesis_profiles  # noqa: F401  (registers and loads the profile)
from hypothesis import given
from hypothesis import strategies as st
from support.feeds import write_article

from reader.articles.model import ArticleSummary
from reader.articles.parse import parse_file
from reader.cli import main
from reader.cli.annotations import Annotations
from reader.cli.cmd_quotes import filled_records
from reader.cli.output import print_json_array, print_json_texts
from reader.feed.index import decode_quotes, encode_quotes
from reader.feed.index.rows import decode_ready
from reader.feed.library import Library
from reader.quotes import ArticleQuotes, Quote, Speaker
from reader.quotes.records import article_head, ready_records
from reader.quotes.speakers import each_quote_record
from reader.search.query import parse
from reader.store.state import ReadingState

# What a scraper or a stranger can put in an article: escape sequences and controls (C0, DEL,
# C1), bidi controls, the line and paragraph separators, quote marks and backslashes (JSON's
# own escapes), text beyond the BMP, and lone surrogates (as undecodable file names give).
HOSTILE = st.text(
    alphabet=st.one_of(
        st.sampled_from(
            [
                "\x00",
                "\x07",
                "\t",
                "\n",
                "\r",
                "\x1b",
                "[",
                "]",
                "\x7f",
                "\x85",
                "\x9b",
                "\x9c",
                "\u200e",
                "\u202e",
                "\u2066",
                "\u061c",
                "\u2028",
                "\u2029",
                '"',
                "\\",
                "/",
                "\ud800",
                "\udcff",
                "\U0001f600",
                "é",
                "’",
                " ",
                "a",
                "Z",
                "0",
            ]
        ),
        st.characters(),
    ),
    max_size=30,
)
MAYBE = st.none() | HOSTILE
CONFIDENCE = st.floats(min_value=0.0, max_value=1.0) | st.sampled_from([0.0, 0.35, 0.95, 1.0])
QUOTES = st.builds(
    Quote,
    text=HOSTILE,
    paragraph=st.integers(0, 10_000),
    start=st.integers(0, 10**6),
    end=st.integers(0, 10**6),
    spans=st.just(()),
    cue=st.sampled_from(["said-before", "said-after", "pronoun", ""]) | HOSTILE,
    confidence=CONFIDENCE,
)
SPEAKERS = st.builds(
    Speaker,
    name=HOSTILE,
    title=MAYBE,
    role=MAYBE,
    quotes=st.lists(QUOTES, max_size=3).map(tuple),
    named=st.booleans(),
)
ARTICLE_QUOTES = st.builds(
    ArticleQuotes, speakers=st.lists(SPEAKERS, max_size=3).map(tuple), mentioned=st.just(())
)
PUBLISHED = st.none() | st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2040, 1, 1))
TAGS = st.lists(HOSTILE, max_size=3).map(tuple)


def record_path(
    summary: ArticleSummary, quotes: ArticleQuotes, tags: tuple[str, ...], note: str | None
) -> str:
    """What `quotes --json` printed before the records were stored: each record made, then
    printed by `print_json_array`."""
    out = io.StringIO()
    annotations = {str(summary.path): (tags, note)}
    records = each_quote_record([(summary, quotes)], annotations=annotations)
    print_json_array((record.as_dict() for record in records), out)
    return out.getvalue()


def ready_path(
    summary: ArticleSummary, quotes: ArticleQuotes, tags: tuple[str, ...], note: str | None
) -> str:
    """The same article printed from its stored text, through the index's encoding."""
    stored = decode_ready(encode_quotes(quotes, ready_records(quotes)))
    head = article_head(
        str(summary.path), summary.title, summary.site, summary.area, summary.published, summary.url
    )
    notes = Annotations({"id": tags} if tags else {}, {"id": note} if note is not None else {})
    out = io.StringIO()
    print_json_texts(filled_records([("id", head, stored)], notes), out)
    return out.getvalue()


@given(
    quotes=ARTICLE_QUOTES,
    title=HOSTILE,
    site=MAYBE,
    area=MAYBE,
    url=MAYBE,
    published=PUBLISHED,
    file=HOSTILE.filter(bool),
    tags=TAGS,
    note=MAYBE,
)
def test_the_stored_records_print_as_the_records_made_from_the_quotes(
    quotes: ArticleQuotes,
    title: str,
    site: str | None,
    area: str | None,
    url: str | None,
    published: datetime | None,
    file: str,
    tags: tuple[str, ...],
    note: str | None,
) -> None:
    summary = ArticleSummary(
        path=Path(file),
        title=title,
        site=site,
        area=area,
        published=published,
        url=url,
        identity="id",
        word_count=1,
    )
    assert ready_path(summary, quotes, tags, note) == record_path(summary, quotes, tags, note)


def test_the_stored_records_are_cleaned_and_escaped() -> None:
    """A title with an escape sequence, a quote with DEL and a C1 control, a lone surrogate
    in the file name: the two paths agree, and neither lets any of them out as it is."""
    summary = ArticleSummary(
        path=Path("feed/caf\udce9.md"),
        title="\x1b[31mRed\x1b[0m alert",
        site="Kent \u202ePolice",
        area=None,
        published=datetime(2020, 11, 12, 13, 55),
        url=None,
        identity="id",
        word_count=1,
    )
    quote = Quote('It\x7fs \x85over\u2028now \U0001f600 "done" \\', 2, 10, 40, cue="said-after")
    quotes = ArticleQuotes((Speaker("Jo\x85\x8e Bloggs", "PC", None, (quote,)),), ())
    text = ready_path(summary, quotes, ("a\x7f",), "note\u2029")
    assert text == record_path(summary, quotes, ("a\x7f",), "note\u2029")
    assert '"file": "feed/caf\\udce9.md"' in text
    assert '"article_title": "Red alert"' in text
    assert '"speaker": "Jo Bloggs"' in text
    assert '"text": "Its over\\nnow \U0001f600 \\"done\\" \\\\"' in text
    assert '"tags": [\n      "a\\u007f"\n    ],\n    "note": "note\\u2029"' in text
    assert json.loads(text)[0]["site"] == "Kent Police"


def test_an_article_without_quotes_stores_no_records() -> None:
    empty = ArticleQuotes((), ())
    ready = ready_records(empty)
    assert (ready, decode_quotes(encode_quotes(empty, ready))) == ("", empty)


# --- the command, on a feed -------------------------------------------------------------------


@pytest.fixture
def hostile_feed(tmp_path: Path) -> Path:
    """Articles whose fields and quotes hold what a terminal must not get, one with an untimed
    date and one with a file name that is not UTF-8; two tagged, one with a note."""
    folder = tmp_path / "feed"
    write_article(
        folder,
        "alarm.md",
        title="\x1b]0;pwned\x07Alarm \u202eraised",
        body="PC Jo Bloggs said: ‘It\x7fs \x85over \U0001f600 “now” \\ done.’\n\n"
        "Sergeant Ann Other said: ‘Stay \u2028indoors.’",
        published="2021-03-04T10:00",
        area="Kent\x9b",
        site="Kent Police",
        url="https://example.org/a\u2029b",
    )
    write_article(
        folder,
        "untimed.md",
        title="Road reopens",
        body="Inspector Ann Other said: ‘Drive with care.’",
        published="2022-05-06",
    )
    write_article(folder, "quiet.md", title="No one speaks", body="Nothing was said.")
    odd = folder / "odd.md"
    odd_name = os.fsencode(folder) + b"/caf\xe9.md"
    try:
        os.rename(
            write_article(
                folder,
                "odd.md",
                title="Caf\u00e9 opens",
                body="John Smith, a resident, said: ‘It was “frightening”.’",
                published="2021-09-01T12:00:05",
            ),
            odd_name,
        )
    except OSError:  # a file system that takes only UTF-8 names: the rest still holds
        odd.unlink(missing_ok=True)
    with ReadingState() as state:
        for name, tags, note in (
            ("alarm.md", ["urgent", 'x"y\\z é'], "check \u2028 this \U0001f600"),
            ("untimed.md", ["roads"], None),
        ):
            article = parse_file(folder / name)
            state.set_tags(article.identity, tags)  # type: ignore[union-attr]
            if note is not None:
                state.set_note(article.identity, note)  # type: ignore[union-attr]
    return folder


def printed(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> str:
    status = main(["quotes", *(str(arg) for arg in argv)])
    captured = capsys.readouterr()
    assert (status, captured.err) == (0, "")
    return captured.out


def records_printed(feed: Path, ids: list[int] | None = None) -> str:
    """The record path's output for the feed (`ids`: only those articles, newest first)."""
    with Library([feed]) as library, ReadingState(read_only=True) as state:
        library.refresh()
        notes = Annotations.of_state(state)
        pairs = list(library.all_quotes() if ids is None else library.quotes(ids))
        annotations = {str(summary.path): notes.of(summary.identity) for summary, _ in pairs}
        out = io.StringIO()
        records = each_quote_record(pairs, annotations=annotations)
        print_json_array((record.as_dict() for record in records), out)
        return out.getvalue()


def test_quotes_json_prints_what_the_records_print(
    capsys: pytest.CaptureFixture[str], hostile_feed: Path
) -> None:
    text = printed(capsys, hostile_feed, "--json")
    assert text == records_printed(hostile_feed)
    records = json.loads(text)
    assert [record["tags"] for record in records][-2:] == [["urgent", 'x"y\\z é']] * 2
    assert "\x1b" not in text and "\x7f" not in text and "\u2028" not in text


def test_quotes_json_of_a_query_prints_what_the_records_print(
    capsys: pytest.CaptureFixture[str], hostile_feed: Path
) -> None:
    text = printed(capsys, hostile_feed, "--json", "--query", "ann")
    with Library([hostile_feed]) as library:
        library.refresh()
        ids = list(library.view(parse("ann")).ids)
    titles = [record["article_title"] for record in json.loads(text)]
    assert titles == ["Road reopens", "Alarm raised", "Alarm raised"]
    assert text == records_printed(hostile_feed, ids)


def test_a_filter_that_keeps_every_quote_prints_what_no_filter_prints(
    capsys: pytest.CaptureFixture[str], hostile_feed: Path
) -> None:
    """The filters take the record path; where they keep every quote, it agrees byte for byte
    with the stored records."""
    everything = printed(capsys, hostile_feed, "--json")
    assert printed(capsys, hostile_feed, "--json", "--min-confidence", "0.01") == everything
    kept = printed(capsys, hostile_feed, "--json", "--speaker", "ann other")
    assert json.loads(kept) == [
        record for record in json.loads(everything) if record["speaker"] == "Ann Other"
    ]
