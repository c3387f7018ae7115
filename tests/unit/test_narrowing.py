"""U and * narrow the query the reader typed, and take their term out again."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.search.narrowing import has_term, toggle_term
from reader.search.query import QueryError, parse


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("", "is:unread"),
        ("knife", "knife is:unread"),
        ("  knife  kent ", "knife  kent is:unread"),
        ("knife is:unread", "knife"),
        ("is:unread knife", "knife"),
        ("IS:UNREAD", ""),
        ('"is:unread" knife', '"is:unread" knife is:unread'),  # a phrase is not the term
        ("(kent OR sussex) is:unread area:kent", "(kent OR sussex) area:kent"),
        ('"county lines', '"county lines" is:unread'),  # an open phrase is closed first
    ],
)
def test_toggle_term_adds_the_term_or_takes_it_out(before: str, after: str) -> None:
    assert toggle_term(before, "is:unread") == after


def test_has_term_needs_the_term_on_its_own() -> None:
    assert has_term("knife is:starred", "is:starred")
    assert not has_term("knife is:starredx", "is:starred")
    assert not has_term('"knife is:starred"', "is:starred")


@given(st.text(alphabet='ab ":()-is:unread', max_size=40))
def test_toggling_twice_gives_back_a_query_that_finds_the_same(text: str) -> None:
    """Adding the term then taking it out keeps every other word of the query."""
    if has_term(text, "is:unread") or text.count('"') % 2:
        return
    twice = toggle_term(toggle_term(text, "is:unread"), "is:unread")
    assert twice.split() == text.split()
    # A malformed query stays malformed (it is the reader's to mend); a good one means the same.
    with contextlib.suppress(QueryError):
        assert parse(twice).root == parse(text).root


@pytest.mark.parametrize(
    ("before", "term", "after"),
    [
        ("police", 'site:"Kent Police"', 'police site:"Kent Police"'),
        ('police site:"kent police" x', 'site:"Kent Police"', "police x"),
        ("area:Doverside", "area:Dover", "area:Doverside area:Dover"),
        (
            "knife after:2020-01-01 before:2021-01-01",
            "after:2020-01-01 before:2021-01-01",
            "knife",
        ),
        (
            "knife after:2020-01-01",
            "after:2020-01-01 before:2021-01-01",
            ("knife after:2020-01-01 after:2020-01-01 before:2021-01-01"),
        ),
    ],
)
def test_a_term_of_several_tokens_is_toggled_whole(before: str, term: str, after: str) -> None:
    """A facet's value: a field with a quoted phrase, or a year's two date bounds."""
    assert toggle_term(before, term) == after
    assert has_term(after, term) is (after != "knife" and after != "police x")
