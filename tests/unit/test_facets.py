"""Facet counts in SQL against the generated feed's known counts, and the terms that narrow."""

from __future__ import annotations

import pytest
from support.desk_feed import COUNT, UNDATED, expected, write_feed

from reader.feed.facets import Facets, facet_term
from reader.feed.library import Library
from reader.search.query import parse


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    folder = tmp_path_factory.mktemp("facets")
    opened = Library([write_feed(folder / "feed")], cache=folder / "cache")
    opened.refresh()
    return opened


def test_the_whole_feed(library: Library) -> None:
    facets = library.index.facets(None)
    wanted = expected(range(COUNT))
    assert (facets.count, facets.undated) == (COUNT, COUNT - UNDATED)
    for name in ("area", "site", "year", "month", "speaker"):
        assert facets.counts(name) == dict(wanted[name])  # type: ignore[arg-type]
    assert (facets.monthly, facets.period) == (False, "year")
    assert facets.timeline() == [
        ("2019", 11),
        ("2020", 16),
        ("2021", 15),
        ("2022", 16),
        ("2023", 1),
    ]
    assert list(facets.area) == ["Dover", "Greater Manchester", "Kent", "Sussex"]  # most first


def test_a_search_that_every_article_matches_counts_as_the_whole_feed(library: Library) -> None:
    assert library.index.facets(parse("police")) == library.index.facets(None)


def test_exclusions_and_state_free_filters(library: Library) -> None:
    facets = library.index.facets(parse("-area:dover -area:kent"))
    kept = [number for number in range(COUNT) if number % 4 in (2, 3)]
    assert facets.counts("area") == dict(expected(kept)["area"])
    assert facets.counts("speaker") == dict(expected(kept)["speaker"])


def test_months_within_two_years_with_empty_months_in_the_timeline(library: Library) -> None:
    facets = library.index.facets(parse("area:dover after:2020-01-01 before:2021-06-01"))
    assert facets.monthly
    timeline = facets.timeline()
    assert timeline[0][0] == next(iter(facets.month))
    assert sum(number for _, number in timeline) == facets.count
    assert all(facets.month.get(period, 0) == number for period, number in timeline)
    months = [int(period[:4]) * 12 + int(period[5:]) for period, _ in timeline]
    assert months == list(range(months[0], months[-1] + 1))  # no gap
    assert 0 in dict(timeline).values()  # Dover has an article only every fourth step


def test_no_match_has_no_facets(library: Library) -> None:
    facets = library.index.facets(parse("zzzz"))
    assert facets == Facets(0, {}, {}, {}, {}, {}, 0)
    assert (facets.timeline(), facets.monthly) == ([], False)


@pytest.mark.parametrize(
    ("facet", "value", "term"),
    [
        ("area", "Dover", "area:Dover"),
        ("site", "Kent Police", 'site:"Kent Police"'),
        ("speaker", "Zoë O'Neil", 'speaker:"Zoë O Neil"'),
        ("year", "2020", "after:2020-01-01 before:2021-01-01"),
        ("month", "2020-12", "after:2020-12-01 before:2021-01-01"),
    ],
)
def test_facet_terms(facet: str, value: str, term: str) -> None:
    assert facet_term(facet, value) == term  # type: ignore[arg-type]
    parse(term)


def test_a_value_without_words_has_no_term() -> None:
    with pytest.raises(ValueError, match="no word"):
        facet_term("area", "—")
