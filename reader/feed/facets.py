"""Facets: how many of a search's matches have each area, site, year, month and speaker; and the
search terms that narrow to one of them. No Textual imports.

Counted in SQL over every match, not a page: `reader.feed.index.FeedIndex.facets` hands `count`
the SQL that selects the matching ids (or nothing, for the whole feed). Two grouped scans do it,
each over a covering index of the docs table (`SCHEMA`, part of the index's schema), so neither
sorts nor reads the wide rows: one over (area, site, month), whose few thousand groups are
summed here into the area, site, year and month counts, and one over the stored speaker lists,
split here (an article quoting three people counts once for each). A search's matching ids go
into a temp table first, and each index entry is checked against it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from reader.search.query import words
from reader.search.sqlite import sqlite3
from reader.search.terms import SPEAKER_SEPARATOR

Facet = Literal["area", "site", "year", "month", "speaker"]
FACETS: tuple[Facet, ...] = ("area", "site", "year", "month", "speaker")
# Under this many months between the first and the last match, the timeline is by month.
MONTHLY_SPAN_MONTHS = 24

_FIELD_OF: dict[Facet, str] = {"area": "area", "site": "site", "speaker": "speaker"}

# Covering indexes for the two scans (reader.feed.index creates them with its tables). The
# month expression must be the one the query groups by, for SQLite to read it from the index.
_MONTH = "substr(published, 1, 7)"
SCHEMA = f"""
CREATE INDEX IF NOT EXISTS docs_facet_place ON docs (area, site, {_MONTH});
CREATE INDEX IF NOT EXISTS docs_facet_speakers ON docs (speakers);
"""


@dataclass(frozen=True, slots=True)
class Facets:
    """Counts of matches by each facet's values: area, site and speaker most first (then by
    name), year ("2020") and month ("2020-11") in time order. `undated` matches have no year."""

    count: int
    area: dict[str, int]
    site: dict[str, int]
    year: dict[str, int]
    month: dict[str, int]
    speaker: dict[str, int]
    undated: int

    @property
    def monthly(self) -> bool:
        """Whether the matches span under two years, so that months say more than years."""
        if not self.month:
            return False
        first, last = _month_number(next(iter(self.month))), _month_number(_last(self.month))
        return last - first < MONTHLY_SPAN_MONTHS

    @property
    def period(self) -> Literal["year", "month"]:
        return "month" if self.monthly else "year"

    def counts(self, facet: Facet) -> dict[str, int]:
        return dict(getattr(self, facet))

    def timeline(self) -> list[tuple[str, int]]:
        """Matches per month (or per year), from the first to the last, empty periods too."""
        counts = self.month if self.monthly else self.year
        if not counts:
            return []
        first, last = next(iter(counts)), _last(counts)
        if self.monthly:
            numbers = range(_month_number(first), _month_number(last) + 1)
            periods = [_month_text(number) for number in numbers]
        else:
            periods = [f"{year:04d}" for year in range(int(first), int(last) + 1)]
        return [(period, counts.get(period, 0)) for period in periods]

    def as_dict(self) -> dict[str, dict[str, int]]:
        """The JSON form: area, site, year, speaker; and month when the matches span under two
        years."""
        found = {"area": self.area, "site": self.site, "year": self.year}
        if self.monthly:
            found["month"] = self.month
        found["speaker"] = self.speaker
        return found


def count(connection: sqlite3.Connection, matching: tuple[str, Sequence[object]] | None) -> Facets:
    """The facets of the docs `matching` selects (`SELECT id …` and its parameters; None for
    every doc)."""
    if matching is None:
        return _count(connection, every=True)
    sql, params = matching
    return _count(
        connection, every=_fill_ids(connection, f"INSERT INTO temp.facet_ids {sql}", params)
    )


def count_ids(connection: sqlite3.Connection, ids: Iterable[int]) -> Facets:
    """The facets of the docs with these ids (a search that scanned rather than used FTS5)."""
    return _count(connection, every=_fill_ids(connection, None, ids))


def _fill_ids(connection: sqlite3.Connection, sql: str | None, values: Iterable[object]) -> bool:
    """Put the matching ids in `temp.facet_ids`; whether they are every doc (a search for a word
    every article has), which the plain scans count faster."""
    connection.execute("CREATE TEMP TABLE IF NOT EXISTS facet_ids (id INTEGER PRIMARY KEY)")
    connection.execute("DELETE FROM temp.facet_ids")
    if sql is not None:
        connection.execute(sql, tuple(values))
    else:
        connection.executemany("INSERT INTO temp.facet_ids VALUES (?)", ((id_,) for id_ in values))
    (matched,) = connection.execute("SELECT count(*) FROM temp.facet_ids").fetchone()
    (every,) = connection.execute("SELECT count(*) FROM docs").fetchone()
    return bool(matched == every)


def _count(connection: sqlite3.Connection, *, every: bool) -> Facets:
    area: Counter[str] = Counter()
    site: Counter[str] = Counter()
    month: Counter[str] = Counter()
    undated = total = 0
    groups = connection.execute(
        f"SELECT area, site, {_MONTH}, count(*) FROM {_source('docs_facet_place', every)} "
        "GROUP BY 1, 2, 3"
    )
    for area_name, site_name, published, number in groups:
        total += number
        if area_name:
            area[area_name] += number
        if site_name:
            site[site_name] += number
        if published:
            month[published] += number
        else:
            undated += number
    speakers: Counter[str] = Counter()
    lists = connection.execute(
        f"SELECT speakers, count(*) FROM {_source('docs_facet_speakers', every)} GROUP BY 1"
    )
    for names, number in lists:
        for name in set(names.split(SPEAKER_SEPARATOR)) if names else ():
            speakers[name] += number
    year: Counter[str] = Counter()
    for period, number in month.items():
        year[period[:4]] += number
    return Facets(
        count=total,
        area=_most_first(area),
        site=_most_first(site),
        year=dict(sorted(year.items())),
        month=dict(sorted(month.items())),
        speaker=_most_first(speakers),
        undated=undated,
    )


def _source(index: str, every: bool) -> str:
    """The docs to count, read from `index` (each entry checked against the matching ids)."""
    if every:
        return f"docs INDEXED BY {index}"
    return f"docs INDEXED BY {index} WHERE rowid IN temp.facet_ids"


def _most_first(counts: Counter[str]) -> dict[str, int]:
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def _month_number(period: str) -> int:
    return int(period[:4]) * 12 + int(period[5:7]) - 1


def _last(counts: dict[str, int]) -> str:
    return next(reversed(counts))


# --- narrowing a search to a facet value ---------------------------------------------------------


def facet_term(facet: Facet, value: str) -> str:
    """The search term for one facet value: `area:Dover`, `site:"kent police"`, or the date
    bounds of a year or a month."""
    if facet in _FIELD_OF:
        found = [value[word.start : word.end] for word in words(value)]
        if not found:
            raise ValueError(f"{value!r} has no word to search for")
        text = found[0] if len(found) == 1 else '"' + " ".join(found) + '"'
        return f"{_FIELD_OF[facet]}:{text}"
    number = _month_number(f"{value}-01" if facet == "year" else value)
    first, end = (number, number + 12) if facet == "year" else (number, number + 1)
    if end > _LAST_MONTH:  # 9999's December has no month after it to be before
        return f"after:{_first_day(first)}"
    return f"after:{_first_day(first)} before:{_first_day(end)}"


_LAST_MONTH = 9999 * 12 + 11  # December 9999, the last month a date can be in


def _month_text(month_number: int) -> str:
    return f"{month_number // 12:04d}-{month_number % 12 + 1:02d}"


def _first_day(month_number: int) -> str:
    return f"{_month_text(month_number)}-01"
