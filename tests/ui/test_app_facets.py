"""The facets panel (F), through Pilot, on a generated feed whose counts are known: what it
shows is what the matching searches list; choosing a value narrows the search and the list,
choosing it again gives them back."""

from __future__ import annotations

import asyncio
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from support.desk_feed import COUNT, area, article_text, expected, published, write_feed
from support.pilot import articles, running, settle
from textual.pilot import Pilot
from textual.widgets import Input, Label

from reader.ui.app import PressReaderApp
from reader.ui.widgets.facets import FacetsPanel, FacetValues
from reader.ui.widgets.sidebar import SEARCH_DEBOUNCE_SECONDS

# Live reload's bound is 2 s; a loaded machine gets some slack before the test fails.
LIVE_TIMEOUT = 6.0
_ROW = re.compile(r"^(✓ |  )\s*([\d,]+)  (.*)$")
WHOLE_FEED_AREAS = {"Dover": 16, "Greater Manchester": 15, "Kent": 15, "Sussex": 15}
WHOLE_FEED_YEARS = {"2019": 11, "2020": 16, "2021": 15, "2022": 16, "2023": 1}
TERMS = {
    "Dover": "area:Dover",
    "Greater Manchester": 'area:"Greater Manchester"',
    "Kent": "area:Kent",
    "Sussex": "area:Sussex",
    **{year: f"after:{year}-01-01 before:{int(year) + 1}-01-01" for year in WHOLE_FEED_YEARS},
}


@pytest.fixture
def desk(tmp_path: Path) -> Path:
    return write_feed(tmp_path / "feed")


def shown(app: PressReaderApp) -> dict[str, dict[str, tuple[int, bool]]]:
    """The panel's values as drawn: {heading: {value: (count, chosen)}}."""
    found: dict[str, dict[str, tuple[int, bool]]] = {}
    heading = ""
    for option in app.query_one(FacetValues).options:
        text = str(option.prompt)
        row = _ROW.match(text)
        if row is None:
            heading = text.split("  ")[0]
            found[heading] = {}
        else:
            mark, number, value = row.groups()
            found[heading][value] = (int(number.replace(",", "")), mark == "✓ ")
    return found


def counts(app: PressReaderApp, heading: str) -> dict[str, int]:
    return {value: number for value, (number, _) in shown(app)[heading].items()}


def chosen(app: PressReaderApp) -> list[str]:
    return [value for values in shown(app).values() for value, (_, mark) in values.items() if mark]


def box(app: PressReaderApp) -> str:
    return app.query_one("#search-input", Input).value


async def searched(pilot: Pilot[Any]) -> None:
    """Wait for the debounced search, the list, and the panel's counts."""
    await pilot.pause(SEARCH_DEBOUNCE_SECONDS * 2)
    await settle(pilot)


async def choose(pilot: Pilot[Any], heading: str, value: str) -> None:
    """Put the cursor on `value` under `heading` and press enter."""
    values = pilot.app.query_one(FacetValues)
    values.highlighted = values.get_option_index(f"{heading.lower()}:{value}")
    await pilot.press("enter")
    await searched(pilot)


async def facets_shown(pilot: Pilot[Any]) -> None:
    await pilot.press("F")
    await settle(pilot)


async def test_f_shows_the_counts_of_the_whole_feed_in_the_article_s_place(desk: Path) -> None:
    async with running(desk) as (app, pilot):
        await facets_shown(pilot)
        panel = app.query_one(FacetsPanel)
        assert panel.display and not app.query_one("#reading").display
        assert app.focused is app.query_one(FacetValues)
        assert str(app.query_one("#facets-status", Label).content) == "61 articles in the feed"
        assert counts(app, "Area") == WHOLE_FEED_AREAS
        assert list(counts(app, "Area")) == ["Dover", "Greater Manchester", "Kent", "Sussex"]
        assert counts(app, "Year") == WHOLE_FEED_YEARS
        wanted = expected(range(COUNT))
        assert counts(app, "Site") == dict(wanted["site"])
        assert counts(app, "Speaker") == dict(wanted["speaker"])
        caption = str(app.query_one("#timeline-caption", Label).content)
        assert caption == "By year · most: 16 in 2020 · 2 undated"
        assert chosen(app) == []
        await pilot.press("F")
        assert not panel.display and app.query_one("#reading").display


async def test_each_area_and_year_count_is_what_choosing_it_lists(desk: Path) -> None:
    async with running(desk) as (app, pilot):
        await facets_shown(pilot)
        listing = articles(app)
        for heading, wanted in (("Area", WHOLE_FEED_AREAS), ("Year", WHOLE_FEED_YEARS)):
            for value, number in wanted.items():
                await choose(pilot, heading, value)
                term = TERMS[value]
                assert box(app) == term
                assert len(listing.rows) == number, term
                assert chosen(app) == [value]  # a year stays listed when months are too
                assert counts(app, heading) == {value: number}
                assert str(app.query_one("#facets-status", Label).content) == (
                    f"{number} articles found" if number > 1 else "1 article found"
                )
                await choose(pilot, heading, value)  # again: the search is gone
                assert box(app) == ""
                assert len(listing.rows) == COUNT
                assert chosen(app) == []
                assert app.focused is app.query_one(FacetValues)


async def test_values_chosen_add_up_and_come_out_one_by_one(desk: Path) -> None:
    async with running(desk) as (app, pilot):
        await pilot.press("slash", *"police", "enter")
        await searched(pilot)
        await facets_shown(pilot)
        assert str(app.query_one("#facets-status", Label).content) == "61 articles found"
        await choose(pilot, "Area", "Greater Manchester")
        await choose(pilot, "Year", "2020")
        assert box(app) == 'police area:"Greater Manchester" after:2020-01-01 before:2021-01-01'
        assert sorted(chosen(app)) == ["2020", "Greater Manchester"]
        both = len(articles(app).rows)
        assert both == counts(app, "Area")["Greater Manchester"] == 4
        await choose(pilot, "Area", "Greater Manchester")
        assert box(app) == "police after:2020-01-01 before:2021-01-01"
        assert len(articles(app).rows) == WHOLE_FEED_YEARS["2020"]
        assert chosen(app) == ["2020"]


async def test_a_term_typed_by_hand_shows_as_chosen_and_months_under_two_years(
    desk: Path,
) -> None:
    async with running(desk) as (app, pilot):
        await pilot.press("slash", *"area:dover after:2020-01-01 before:2021-06-01", "enter")
        await searched(pilot)
        await facets_shown(pilot)
        assert chosen(app) == ["Dover"]
        months = counts(app, "Month")
        assert sum(months.values()) == counts(app, "Area")["Dover"] == len(articles(app).rows)
        dover = [
            number
            for number in range(COUNT)
            if area(number) == "Dover"
            and (when := published(number)) is not None
            and datetime(2020, 1, 1) <= when < datetime(2021, 6, 1)
        ]
        assert counts(app, "Year") == dict(expected(dover)["year"]) == {"2020": 4, "2021": 2}
        assert months == dict(expected(dover)["month"])
        first = next(iter(months))
        await choose(pilot, "Month", first)
        year, month = map(int, first.split("-"))
        after = f"{year + month // 12}-{month % 12 + 1:02d}-01"
        assert box(app).endswith(f"after:{first}-01 before:{after}")
        assert len(articles(app).rows) == months[first]


async def test_the_panel_counts_again_when_the_search_changes_while_hidden(desk: Path) -> None:
    async with running(desk) as (app, pilot):
        await facets_shown(pilot)
        await pilot.press("F", "slash", *"area:kent", "enter")
        await searched(pilot)
        assert counts(app, "Area") == WHOLE_FEED_AREAS  # hidden: not counted yet
        await facets_shown(pilot)
        assert counts(app, "Area") == {"Kent": 15}
        assert chosen(app) == ["Kent"]


async def test_enter_on_an_article_brings_the_article_back(desk: Path) -> None:
    async with running(desk) as (app, pilot):
        await facets_shown(pilot)
        articles(app).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert not app.query_one(FacetsPanel).display
        assert app.query_one("#reading").display


async def test_an_article_arriving_by_live_reload_is_counted(desk: Path) -> None:
    async with running(desk) as (app, pilot):
        await pilot.press("slash", *"area:dover", "enter")
        await searched(pilot)
        await facets_shown(pilot)
        assert counts(app, "Area") == {"Dover": 16}
        (desk / "064.md").write_text(article_text(64), encoding="utf-8")  # Dover, undated
        waited = 0.0
        while counts(app, "Area") != {"Dover": 17} and waited < LIVE_TIMEOUT:
            await asyncio.sleep(0.1)
            waited += 0.1
        await settle(pilot)
        assert counts(app, "Area") == {"Dover": 17}
        assert len(articles(app).rows) == 17
        assert chosen(app) == ["Dover"]
        caption = str(app.query_one("#timeline-caption", Label).content)
        assert caption.endswith("· 2 undated")


@pytest.mark.parametrize("words", ["facets", "timeline", "histogram"])
async def test_the_palette_finds_the_facets_and_runs_them(desk: Path, words: str) -> None:
    from reader.ui.commands import ReaderCommands

    async with running(desk) as (app, pilot):
        hits = [hit async for hit in ReaderCommands(app.screen).search(words)]
        best = max(hits, key=lambda hit: hit.score)
        assert best.text == (
            "Counts by area, site, year and speaker, and a timeline; enter on one narrows"
        )
        await best.command()
        await settle(pilot)
        assert app.query_one(FacetsPanel).display
        assert counts(app, "Area") == WHOLE_FEED_AREAS
