"""Issue 16's "must show": `search --facets` counts equal the counts of the matching `area:` and
`after:`/`before:` searches, exactly, on a generated feed whose counts are known."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support.cli import run
from support.desk_feed import write_feed

AREAS = {"Dover": 16, "Greater Manchester": 15, "Kent": 15, "Sussex": 15}
YEARS = {"2019": 11, "2020": 16, "2021": 15, "2022": 16, "2023": 1}
AREA_SEARCHES = {
    "Dover": "area:Dover",
    "Greater Manchester": 'area:"Greater Manchester"',
    "Kent": "area:Kent",
    "Sussex": "area:Sussex",
}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_feed(tmp_path_factory.mktemp("facets-cli") / "feed")


def search(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> dict[str, object]:
    status, out, err = run(capsys, "search", *argv, "--json")
    assert (status, err) == (0, "")
    found: dict[str, object] = json.loads(out)
    return found


def test_area_and_year_facets_are_the_counts_of_their_searches(
    capsys: pytest.CaptureFixture[str], generated: Path
) -> None:
    facets = search(capsys, generated, "police", "--facets", "--limit", "1")["facets"]
    assert facets["area"] == AREAS  # type: ignore[index]
    assert facets["year"] == YEARS  # type: ignore[index]
    for area, query in AREA_SEARCHES.items():
        assert search(capsys, generated, query, "--limit", "1")["count"] == AREAS[area], query
    for year, number in YEARS.items():
        query = f"after:{year}-01-01 before:{int(year) + 1}-01-01"
        assert search(capsys, generated, query, "--limit", "1")["count"] == number, query
        # A year written as the query language's year stands for its first day, too.
        short = f"after:{year} before:{int(year) + 1}"
        assert search(capsys, generated, short, "--limit", "1")["count"] == number, short


def test_a_narrowed_search_s_facets_are_the_counts_of_the_narrower_searches(
    capsys: pytest.CaptureFixture[str], generated: Path
) -> None:
    facets = search(capsys, generated, "area:Dover", "--facets", "--limit", "1")["facets"]
    assert facets["area"] == {"Dover": 16}  # type: ignore[index]
    # 15 dated, and article 60, undated, in no year
    assert facets["year"] == {"2019": 3, "2020": 4, "2021": 4, "2022": 4}  # type: ignore[index]
    for year, number in facets["year"].items():  # type: ignore[index]
        query = f"area:Dover after:{year}-01-01 before:{int(year) + 1}-01-01"
        assert search(capsys, generated, query, "--limit", "1")["count"] == number, query
