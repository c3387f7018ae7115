"""A facet value's search term round-trips: it parses to that value in that field, finds the
articles carrying the value, and toggles in and out of a query whole. Facet values come from
articles (untrusted text: quotes, brackets, colons, stars, accents, any script)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import support.hypothesis_profiles  # noqa: F401
from hypothesis import assume, given
from hypothesis import strategies as st

from reader.feed.facets import facet_term
from reader.search.narrowing import has_term, toggle_term
from reader.search.query import (
    And,
    DateBound,
    Fields,
    Node,
    Phrase,
    folded_words,
    matches,
    parse,
)

FIELDS = ("area", "site", "speaker")
# Text heavy in what a query treats specially, and in letters, spaces and accents.
VALUES = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("\"“”‘’'()-*:  \t\u00a0OR")),
        st.sampled_from(list("abcXYZéëøßİ09")),
        st.characters(codec="utf-8"),
    ),
    max_size=30,
)
# The rest of the query the reader had typed: other terms, each well formed.
OTHER_TERMS = st.lists(
    st.sampled_from(
        ["knife", '"county lines"', "-burglary", "(kent OR sussex)", "is:unread", "title:fire*"]
    ),
    max_size=3,
)


def _article(field: str, value: str) -> Fields:
    return Fields(
        title="A title",
        site=value if field == "site" else None,
        area=value if field == "area" else None,
        speakers=(value,) if field == "speaker" else (),
        body="",
        published=None,
        identity="x",
    )


@given(st.sampled_from(FIELDS), VALUES)
def test_a_value_s_term_is_its_words_in_its_field(field: str, value: str) -> None:
    wanted = folded_words(value)
    if not wanted:  # punctuation only: nothing a search could match
        with pytest.raises(ValueError, match="no word"):
            facet_term(field, value)  # type: ignore[arg-type]
        return
    term = facet_term(field, value)  # type: ignore[arg-type]
    assert parse(term).root == Phrase(wanted, False, field)  # type: ignore[arg-type]
    assert matches(parse(term), _article(field, value))


@given(st.sampled_from(FIELDS), VALUES, OTHER_TERMS)
def test_choosing_a_value_twice_gives_back_the_query(
    field: str, value: str, others: list[str]
) -> None:
    assume(folded_words(value))
    term = facet_term(field, value)  # type: ignore[arg-type]
    before = " ".join(others)
    narrowed = toggle_term(before, term)
    assert narrowed == f"{before} {term}".strip()
    assert has_term(narrowed, term)
    parse(narrowed)
    assert toggle_term(narrowed, term) == before
    assert not has_term(before, term)


@given(st.integers(1, 9999), st.integers(1, 12))
def test_a_period_s_term_admits_exactly_its_days(year: int, month: int) -> None:
    for facet, value, first, end in (
        ("year", f"{year:04d}", datetime(year, 1, 1), _month_after(year, 12)),
        ("month", f"{year:04d}-{month:02d}", datetime(year, month, 1), _month_after(year, month)),
    ):
        root = parse(facet_term(facet, value)).root  # type: ignore[arg-type]
        bounds = list(root.children) if isinstance(root, And) else [root]
        assert all(isinstance(bound, DateBound) for bound in bounds)

        def admits(moment: datetime, bounds: list[Node] = bounds) -> bool:
            return all(bound.admits(moment) for bound in bounds)  # type: ignore[union-attr]

        assert admits(first)
        if first > datetime.min:
            assert not admits(first - timedelta(seconds=1))
        if end is not None:
            assert admits(end - timedelta(seconds=1))
            assert not admits(end)
        else:
            assert admits(datetime.max)


def _month_after(year: int, month: int) -> datetime | None:
    """The first moment of the month after (None past the last date Python has)."""
    if (year, month) == (9999, 12):
        return None
    return datetime(year + month // 12, month % 12 + 1, 1)
