"""The query language's one table of terms, and the SQL plan it gives (reader.search.sql)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from reader.search.query import QueryError, parse
from reader.search.sql import BM25, DATED_MIN, FTS_COLUMNS, ID_MAX, date_id, plan
from reader.search.terms import COLUMNS, KEYWORDS, TEXT_COLUMNS, reads_quotes, reads_state

TODAY = date(2024, 3, 15)


def test_the_full_text_columns_and_weights_come_from_the_term_table() -> None:
    assert FTS_COLUMNS == ("title", "site", "area", "speakers", "body")
    assert COLUMNS == ("title", "site", "area", "speaker", "body")
    assert BM25 == "bm25(ft, 10.0, 2.0, 2.0, 4.0, 1.0)"
    assert [column.name for column in TEXT_COLUMNS if column.name != "body"] == sorted(
        set(KEYWORDS) & set(COLUMNS), key=COLUMNS.index
    )


def test_the_unknown_field_message_lists_every_keyword_of_the_table() -> None:
    with pytest.raises(QueryError) as raised:
        parse("colour:red")
    assert str(raised.value) == (
        "unknown field 'colour:' — the fields are title:, area:, site:, speaker:, before:, "
        "after:, is:, tag:, has:, note:; put text with a colon in quotes to search for it "
        "(at character 1)"
    )


def test_a_keyword_error_names_the_position_of_its_term() -> None:
    with pytest.raises(QueryError) as raised:
        parse("kent is:maybe", today=TODAY)
    assert raised.value.position == 5
    assert raised.value.message == "is: takes unread, read or starred"


def test_words_fields_and_dates_become_one_fts_match_and_an_id_range() -> None:
    planned = plan(parse('title:kent "county lines" after:2021-01-01', today=TODAY).root)
    assert planned.match == '((title : "kent") AND ("county lines"))'
    assert planned.low == date_id(datetime(2021, 1, 1))
    assert planned.high == ID_MAX
    assert planned.checks == ()
    assert not planned.needs_docs


def test_before_keeps_undated_articles_out_of_the_range() -> None:
    planned = plan(parse("before:2020-06-01", today=TODAY).root)
    assert planned.match is None
    assert (planned.low, planned.high) == (DATED_MIN, date_id(datetime(2020, 6, 1)))


def test_an_exclusion_alone_is_a_not_in_over_the_docs_table() -> None:
    planned = plan(parse("-burglary", today=TODAY).root)
    assert planned.match is None
    assert planned.exclude == '("burglary")'
    assert planned.id == "d.id"


@pytest.mark.parametrize(
    ("text", "check", "params", "state", "quotes"),
    [
        ("is:unread", "d.identity NOT IN temp.marks_read", (), True, False),
        ("is:starred", "d.identity IN temp.marks_starred", (), True, False),
        ("has:doubtful", "d.doubtful = 1", (), False, True),
        (
            "tag:court",
            "d.identity IN (SELECT identity FROM temp.marks_tags WHERE tag = ?)",
            ("court",),
            True,
            False,
        ),
        (
            "has:note",
            "d.identity IN (SELECT identity FROM temp.marks_notes)",
            (),
            True,
            False,
        ),
    ],
)
def test_state_and_quote_terms_are_per_row_checks_on_the_docs_table(
    text: str, check: str, params: tuple[object, ...], state: bool, quotes: bool
) -> None:
    root = parse(f"kent {text}", today=TODAY).root
    planned = plan(root)
    assert planned.match == '(("kent"))'
    assert planned.checks == (check,)
    assert planned.check_params == params
    assert planned.needs_docs
    assert (reads_state(root), reads_quotes(root)) == (state, quotes)
