"""The cross-feed speaker index and quote records (reader/speakers.py)."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
import support.hypothesis_profiles  # noqa: F401  (registers and loads the profile)
from hypothesis import given
from hypothesis import strategies as st

from reader.articles.model import Article, ArticleSummary
from reader.articles.parse import parse_file
from reader.quotes import ArticleQuotes, Quote, Speaker, extract_quotes
from reader.quotes.model import unaccented
from reader.quotes.speakers import (
    FIELDS,
    QuoteRecord,
    build_speaker_index,
    quote_records,
    speaker_key,
    write_csv,
    write_json,
)


def ref(name: str, published: datetime | None = None, title: str | None = None) -> ArticleSummary:
    return ArticleSummary(
        path=Path(f"feed/{name}.md"),
        title=title or name.title(),
        site=None,
        area=None,
        published=published,
        url=None,
        identity=name,
        word_count=100,
    )


def said(
    name: str, title: str | None = None, role: str | None = None, *texts: str, named: bool = True
) -> Speaker:
    quotes = tuple(Quote(text, 0, index * 10, index * 10 + 5) for index, text in enumerate(texts))
    return Speaker(name, title, role, quotes or (Quote("Words.", 0, 0, 6),), named)


def quotes(*speakers: Speaker) -> ArticleQuotes:
    return ArticleQuotes(speakers, ())


JAN = datetime(2024, 1, 5, 9, 30)
MAR = datetime(2024, 3, 5, 9, 30)


# ---------------------------------------------------------------------------------------------
# Merging people


def test_one_person_with_a_new_rank_is_one_entry_with_both_titles_oldest_first() -> None:
    index = build_speaker_index(
        [
            (ref("later", MAR), quotes(said("Jo Bloggs", "Sergeant", "leads the team", "B."))),
            (ref("earlier", JAN), quotes(said("Jo Bloggs", "PC", "of the Rural Task Force", "A."))),
        ]
    )
    (entry,) = index
    assert (entry.name, entry.titles, entry.roles, entry.quote_count, entry.title) == (
        "Jo Bloggs",
        ("PC", "Sergeant"),
        ("of the Rural Task Force", "leads the team"),
        2,
        "Sergeant",
    )
    assert [article.path.name for article in entry.articles] == ["earlier.md", "later.md"]


def test_names_merge_across_case_accents_and_spacing() -> None:
    index = build_speaker_index(
        [
            (ref("a", JAN), quotes(said("Zoë Renée Kahn", "Dr"))),
            (ref("b", MAR), quotes(said("ZOE  Renee kahn", "Dr"))),
            (ref("c", MAR), quotes(said("Zoë Renée Kahn", "Prof"))),
        ]
    )
    assert [(e.name, e.titles, e.article_count) for e in index] == [
        ("Zoë Renée Kahn", ("Dr", "Prof"), 3)
    ]


def test_a_rank_left_in_a_name_does_not_split_the_person() -> None:
    assert speaker_key("Sergeant Jo Bloggs") == speaker_key("jo bloggs") == "jo bloggs"


def test_a_surname_alone_joins_the_only_full_name_with_that_surname() -> None:
    index = build_speaker_index(
        [
            (ref("a", JAN), quotes(said("Jo Bloggs", "PC"))),
            (ref("b", MAR), quotes(said("Bloggs", "Mr"))),
        ]
    )
    assert [(e.name, e.titles, e.quote_count) for e in index] == [("Jo Bloggs", ("PC", "Mr"), 2)]


def test_a_surname_alone_stays_apart_when_two_people_share_it() -> None:
    index = build_speaker_index(
        [
            (ref("a", JAN), quotes(said("Jo Bloggs"), said("Sam Bloggs"))),
            (ref("b", MAR), quotes(said("Bloggs", "Mr"))),
        ]
    )
    assert sorted(e.name for e in index) == ["Bloggs", "Jo Bloggs", "Sam Bloggs"]


def test_unnamed_voices_merge_by_description_and_never_with_people() -> None:
    index = build_speaker_index(
        [
            (ref("a", JAN), quotes(said("police spokesperson", None, None, "A.", named=False))),
            (ref("b", MAR), quotes(said("Police  Spokesperson", None, None, "B.", named=False))),
            (ref("c", MAR), quotes(said("spokesperson for Kent Police", named=False))),
            (ref("d", MAR), quotes(said("Police Spokesperson", "Mr"))),  # a person of that name
        ]
    )
    assert [(e.name, e.named, e.quote_count) for e in index] == [
        ("police spokesperson", False, 2),
        ("Police Spokesperson", True, 1),
        ("spokesperson for Kent Police", False, 1),
    ]


def test_index_is_ordered_by_quotes_then_articles_then_name() -> None:
    index = build_speaker_index(
        [
            (ref("a", JAN), quotes(said("Bo Ash", None, None, "1.", "2."), said("Al Bee"))),
            (ref("b", MAR), quotes(said("Cy Dee"), said("Al Bee"))),
        ]
    )
    assert [e.name for e in index] == ["Al Bee", "Bo Ash", "Cy Dee"]


def test_the_most_common_printing_of_a_name_is_shown() -> None:
    index = build_speaker_index(
        [
            (ref("a", JAN), quotes(said("Jo bloggs"))),
            (ref("b", MAR), quotes(said("Jo Bloggs"))),
            (ref("c", MAR), quotes(said("Jo Bloggs"))),
        ]
    )
    assert index[0].name == "Jo Bloggs"


def test_entry_as_dict_is_json_ready() -> None:
    (entry,) = build_speaker_index([(ref("a", JAN), quotes(said("Jo Bloggs", "PC")))])
    assert json.loads(json.dumps(entry.as_dict())) == {
        "name": "Jo Bloggs",
        "named": True,
        "titles": ["PC"],
        "roles": [],
        "quote_count": 1,
        "articles": [{"file": "feed/a.md", "title": "A", "published": "2024-01-05T09:30"}],
    }


def test_sample_feed_merges_pc_and_sergeant_hannah_okafor(sample_feed: Path) -> None:
    items = []
    for path in sorted(sample_feed.glob("*.md")):
        article = parse_file(path)
        if isinstance(article, Article):
            items.append((article.summary, extract_quotes(article.body)))
    okafor = [entry for entry in build_speaker_index(items) if entry.name == "Hannah Okafor"]
    if not okafor:
        pytest.skip("the sample feed does not quote Hannah Okafor")
    assert (okafor[0].titles, okafor[0].article_count) == (("PC", "Sergeant"), 2)


# ---------------------------------------------------------------------------------------------
# Records


def test_quote_records_have_one_record_per_quote_with_every_field() -> None:
    body = "'First,' said PC Jo Bloggs.\n\nA police spokesperson said: 'Second.'\n"
    article = replace(
        ref("a", JAN, "Title A"), site="Kent Police", area="Kent", url="https://example.org/a"
    )
    records = quote_records([(article, extract_quotes(body))])
    assert [record.as_dict() for record in records] == [
        {
            "file": "feed/a.md",
            "article_title": "Title A",
            "site": "Kent Police",
            "area": "Kent",
            "published": "2024-01-05T09:30",
            "url": "https://example.org/a",
            "speaker": "Jo Bloggs",
            "speaker_rank": "PC",
            "role": None,
            "text": "First",
            "paragraph": 0,
            "start": 1,
            "end": 7,
            "tags": [],
            "note": None,
            "cue": "said-after",
            "confidence": 0.95,
        },
        {
            "file": "feed/a.md",
            "article_title": "Title A",
            "site": "Kent Police",
            "area": "Kent",
            "published": "2024-01-05T09:30",
            "url": "https://example.org/a",
            "speaker": "police spokesperson",
            "speaker_rank": None,
            "role": None,
            "text": "Second.",
            "paragraph": 1,
            "start": body.index("Second."),
            "end": body.index("Second.") + 7,
            "tags": [],
            "note": None,
            "cue": "said-before",
            "confidence": 0.95,
        },
    ]


def test_undated_article_has_no_published_value() -> None:
    (record,) = quote_records([(ref("a"), quotes(said("Jo Bloggs")))])
    assert record.published is None


@pytest.mark.parametrize(
    "query", ["hedges", "Mark Hedges", "Chief Inspector Mark Hedges", "HÉDGES"]
)
def test_speaker_filter_ignores_case_accents_and_rank(query: str) -> None:
    items = [(ref("a", JAN), quotes(said("Mark Hedges", "Chief Inspector"), said("Jo Bloggs")))]
    assert [record.speaker for record in quote_records(items, speaker=query)] == ["Mark Hedges"]


def test_records_clean_control_characters_from_text() -> None:
    (record,) = quote_records(
        [(ref("a"), quotes(said("Jo\x1b[31m Bloggs", None, None, "Hi\x07.")))]
    )
    assert (record.speaker, record.text) == ("Jo Bloggs", "Hi.")


# ---------------------------------------------------------------------------------------------
# CSV and JSON


def record(text: str, speaker: str = "Jo Bloggs", role: str | None = None) -> QuoteRecord:
    return QuoteRecord(
        "feed/a, b.md",
        'The "big" day',
        "Kent Police",
        "Kent",
        "2024-01-05T09:30",
        "https://example.org/a",
        speaker,
        "PC",
        role,
        text,
        3,
        10,
        20,
        cue="said-after",
        confidence=0.95,
    )


def test_csv_round_trips_commas_quotes_newlines_and_non_ascii() -> None:
    tricky = 'He said "no", then left.\n\nZoë’s café — £5, 100%'
    stream = io.StringIO(newline="")
    write_csv([record(tricky, "Zoë Kahn", "of Kent, and Sussex")], stream)
    header, row = list(csv.reader(io.StringIO(stream.getvalue(), newline="")))
    assert header == list(FIELDS)
    assert row == [
        "feed/a, b.md",
        'The "big" day',
        "Kent Police",
        "Kent",
        "2024-01-05T09:30",
        "https://example.org/a",
        "Zoë Kahn",
        "PC",
        "of Kent, and Sussex",
        tricky,
        "3",
        "10",
        "20",
        "",
        "",
        "said-after",
        "0.95",
    ]


def test_csv_uses_crlf_rows_and_empty_cells_for_missing_values() -> None:
    stream = io.StringIO(newline="")
    write_csv([record("Hi.")], stream)
    cells = stream.getvalue().split("\r\n")[1].split(",")[-9:]
    assert cells == ["", "Hi.", "3", "10", "20", "", "", "said-after", "0.95"]


def test_csv_bom_is_written_only_when_asked() -> None:
    with_bom, without = io.StringIO(), io.StringIO()
    write_csv([record("Hi.")], with_bom, bom=True)
    write_csv([record("Hi.")], without)
    assert with_bom.getvalue() == "\ufeff" + without.getvalue()


def test_csv_file_in_utf8_with_bom_reads_back_in_utf8_sig(tmp_path: Path) -> None:
    path = tmp_path / "quotes.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        write_csv([record("Zoë said “yes”.")], stream, bom=True)
    with path.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert rows[0]["text"] == "Zoë said “yes”."


@pytest.mark.parametrize("text", ["=HYPERLINK(1)", "+1", "-1 for all", "@SUM(A1)"])
def test_csv_neutralises_cells_a_spreadsheet_would_run(text: str) -> None:
    stream = io.StringIO(newline="")
    write_csv([record(text)], stream)
    assert next(csv.DictReader(io.StringIO(stream.getvalue())))["text"] == "'" + text


def test_csv_keeps_formula_like_text_when_asked() -> None:
    stream = io.StringIO(newline="")
    write_csv([record("=1+1")], stream, neutralise_formulas=False)
    assert next(csv.DictReader(io.StringIO(stream.getvalue())))["text"] == "=1+1"


@given(
    texts=st.lists(st.text(), max_size=4),
    tags=st.lists(st.text(max_size=5), max_size=3),
)
def test_json_is_written_a_record_at_a_time_as_a_whole_dump_writes_it(
    texts: list[str], tags: list[str]
) -> None:
    records = [replace(record(text), tags=tuple(tags), note=text or None) for text in texts]
    stream = io.StringIO()
    write_json(iter(records), stream)
    whole = json.dumps([each.as_dict() for each in records], ensure_ascii=False, indent=2)
    assert stream.getvalue() == whole + "\n"


def test_json_is_an_array_of_records_with_unescaped_utf8() -> None:
    stream = io.StringIO()
    write_json([record("Zoë’s café")], stream)
    assert "Zoë’s café" in stream.getvalue()
    assert json.loads(stream.getvalue()) == [record("Zoë’s café").as_dict()]


def test_unaccented_folds_marks_and_the_polish_l_and_keeps_ascii_whole() -> None:
    assert unaccented("Siân Gráinne Zoë Núñez") == "Sian Grainne Zoe Nunez"
    assert unaccented("Łukasz Michał") == "Lukasz Michal"
    assert unaccented("O'Brien-Smith") == "O'Brien-Smith"


@given(st.text(max_size=40))
def test_unaccented_is_stable_and_never_longer_than_the_decomposed_text(text: str) -> None:
    folded = unaccented(text)
    assert len(folded) <= len(unicodedata.normalize("NFKD", text))
    assert unaccented(folded) == folded
