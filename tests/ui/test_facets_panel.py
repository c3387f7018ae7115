"""The facets panel on its own, in an app of its own, with a counter that records its calls:
what it counts, when, and what it draws of untrusted values."""

from __future__ import annotations

import threading
from contextlib import suppress

from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import Label
from textual.worker import WorkerCancelled

from reader.feed.facets import Facets, facet_term
from reader.search.query import Query, parse
from reader.ui.widgets.facets import FacetsPanel, FacetValues

HOSTILE = "[bold red]Kent[/] \x1b[31mPolice"


class _Counter:
    def __init__(self) -> None:
        self.asked: list[Query | None] = []
        self.release = threading.Event()
        self.release.set()

    def __call__(self, query: Query | None) -> Facets:
        self.asked.append(query)
        self.release.wait(5)
        return Facets(
            count=3,
            area={"Kent": 2, "—": 1},
            site={HOSTILE: 3},
            year={"2020": 3},
            month={"2020-11": 3},
            speaker={},
            undated=0,
        )


class _One(App[None]):
    def __init__(self, counter: _Counter) -> None:
        super().__init__()
        self.panel = FacetsPanel(counter)
        self.chosen: list[str] = []

    def compose(self) -> ComposeResult:
        yield self.panel

    def on_facets_panel_chosen(self, message: FacetsPanel.Chosen) -> None:
        self.chosen.append(message.term)


async def counted(pilot: Pilot[None]) -> None:
    """Wait for the panel's workers (one overtaken by another is cancelled) and their news."""
    for worker in list(pilot.app.workers):
        with suppress(WorkerCancelled):
            await worker.wait()
    await pilot.pause()


def prompts(app: _One) -> list[str]:
    return [str(option.prompt) for option in app.query_one(FacetValues).options]


async def test_hidden_it_waits_and_shown_it_counts_the_latest_list() -> None:
    counter = _Counter()
    app = _One(counter)
    async with app.run_test(size=(60, 30)) as pilot:
        app.panel.show_for(parse("knife"))
        app.panel.show_for(parse("knife kent"))
        await pilot.pause()
        assert counter.asked == []  # not shown: nothing counted
        app.panel.active = True
        await counted(pilot)
        assert [query.text if query else None for query in counter.asked] == ["knife kent"]
        assert app.panel.facets is not None and app.panel.facets.count == 3


async def test_a_search_that_lists_every_article_counts_the_whole_feed() -> None:
    counter = _Counter()
    app = _One(counter)
    async with app.run_test(size=(60, 30)) as pilot:
        app.panel.show_for(parse("police"), every=True)
        app.panel.active = True
        await counted(pilot)
        assert counter.asked == [None]
        assert str(app.query_one("#facets-status", Label).content) == "3 articles found"


async def test_a_count_overtaken_by_a_newer_list_is_dropped() -> None:
    counter = _Counter()
    app = _One(counter)
    async with app.run_test(size=(60, 30)) as pilot:
        app.panel.active = True
        counter.release.clear()
        app.panel.show_for(parse("knife"))
        await pilot.pause()
        counter.release.set()
        app.panel.show_for(parse("area:kent"))
        await counted(pilot)
        assert "✓ 2  Kent" in prompts(app)  # marked against the newer search


async def test_values_are_drawn_as_text_and_one_without_words_is_no_choice() -> None:
    app = _One(_Counter())
    async with app.run_test(size=(60, 30)) as pilot:
        app.panel.show_for(None)
        app.panel.active = True
        await counted(pilot)
        shown = prompts(app)
        assert "  3  [bold red]Kent[/] Police" in shown  # markup as text, the escape gone
        values = app.query_one(FacetValues)
        dash = next(index for index, text in enumerate(shown) if text.endswith("  —"))
        assert values.get_option_at_index(dash).disabled
        site = next(index for index, text in enumerate(shown) if "Police" in text)
        values.focus()
        values.highlighted = site
        await pilot.press("enter")
        await pilot.pause()
        assert app.chosen == [facet_term("site", HOSTILE)]
