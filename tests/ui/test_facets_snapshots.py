"""Screenshots of the facets panel (F) on the sample feed, at 80x24 and at 120x40.

Regenerate after an intended change to its look or the sample feed:
    uv run pytest tests/ui/test_facets_snapshots.py --snapshot-update
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from reader.store.config import Config
from reader.ui.app import PressReaderApp
from reader.ui.widgets.facets import FacetValues
from reader.ui.widgets.sidebar import SEARCH_DEBOUNCE_SECONDS


def reader_app(path: Path) -> PressReaderApp:
    return PressReaderApp([path], config=Config(dwell_seconds=600))


async def settle(pilot: Pilot[Any]) -> None:
    for _ in range(4):
        await pilot.app.wait_for_busy_workers()
        await pilot.pause()


async def facets_shown(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    await pilot.press("F")
    await settle(pilot)


async def kent_chosen(pilot: Pilot[Any]) -> None:
    """The panel open, Kent chosen: the list narrowed, Kent marked, the cursor on it."""
    await facets_shown(pilot)
    values = pilot.app.query_one(FacetValues)
    values.highlighted = values.get_option_index("area:Kent")
    await pilot.press("enter")
    await pilot.pause(SEARCH_DEBOUNCE_SECONDS * 2)
    await settle(pilot)


def test_facets_of_the_whole_feed_at_80_by_24(snap_compare: Any, sample_feed: Path) -> None:
    """The list and the panel in the article's place: the timeline, then areas, sites..."""
    app = reader_app(sample_feed)
    assert snap_compare(app, terminal_size=(80, 24), run_before=facets_shown)


def test_facets_with_a_value_chosen_at_120_by_40(snap_compare: Any, sample_feed: Path) -> None:
    app = reader_app(sample_feed)
    assert snap_compare(app, terminal_size=(120, 40), run_before=kent_chosen)
