"""The facets panel (`F`): how the listed articles (the whole feed, or a search's matches, all of
them, not a page) divide by area, site, year (and month when they span under two years) and
speaker, under a timeline of them (by month, or by year).

Choosing a value narrows the search with the query language's own term for it (`area:Dover`,
`site:"Kent Police"`, a year's `after:`/`before:` bounds: `reader.feed.facets.facet_term`), and
choosing it again takes the term back out. The panel only says which term was chosen
(`FacetsPanel.Chosen`); the screen puts it in the search box or takes it out, and the search the
list then shows comes back here (`show_for`), its values marked as chosen.

The counts are read through the injected `FacetCounter` in a worker (two grouped SQL scans,
about 40 ms at 100,000 articles: `benchmarks/facets_bench.py`), and only while the panel is
shown (`active`); hidden, it notes that the list changed and counts when it is shown again.
Values come from the articles: they are drawn as `Text`, cleaned, never as markup.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState, get_current_worker

from reader.feed.facets import Facet, Facets, facet_term
from reader.search.narrowing import has_term
from reader.search.query import Query
from reader.ui.widgets.labels import counted, line
from reader.ui.widgets.timeline import Timeline

FacetCounter = Callable[[Query | None], Facets | None]
"""The facets of a query's matches (of the whole feed for None), read in a worker thread; None
until the feed can be read."""

# Areas, sites and speakers are listed most first, this many each (a big feed quotes thousands
# of people); years and months are all listed, in time order.
VALUES_SHOWN = 20
HEADINGS: dict[Facet, str] = {
    "area": "Area",
    "site": "Site",
    "year": "Year",
    "month": "Month",
    "speaker": "Speaker",
}
CHOSEN_MARK = "✓ "


class FacetValues(OptionList, inherit_bindings=False):
    """Each facet's heading (not selectable) and its values with their counts."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "cursor_down", "Next value", show=False),
        Binding("up,k", "cursor_up", "Previous value", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("home", "first", "First value", show=False),
        Binding("end", "last", "Last value", show=False),
        Binding("enter", "select", "Narrow the search to the value (again: widen it)", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False, compact=True)


class FacetsPanel(Vertical):
    """The timeline and the facet values of what the list shows."""

    active: reactive[bool] = reactive(False, init=False)
    """The panel is shown: it keeps its counts up to date."""

    @dataclass
    class Chosen(Message):
        """The reader chose a value: `term` goes into the search, or out if it is in."""

        term: str

    @dataclass
    class Counted(Message, bubble=False):
        """The worker's counts for the list `show_for` was told of the `generation`th time
        (None: the feed could not be read yet)."""

        generation: int
        facets: Facets | None

    def __init__(self, counter: FacetCounter, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._counter = counter
        self._query: Query | None = None  # the search the list shows
        self._every = True  # it lists every article: the whole feed's counts are its counts
        self._generation = 0  # lists shown so far: a count for an older one is dropped
        self._stale = True  # the list changed since it was last counted
        self._facets: Facets | None = None  # the counts shown
        self._terms: dict[str, str] = {}  # option id -> the value's search term
        self._refocus = False  # a choice was made here: the values keep the focus

    def compose(self) -> ComposeResult:
        yield Label("Counting…", id="facets-status", markup=False)
        yield Timeline(id="timeline")
        yield FacetValues(id="facet-values")

    def on_mount(self) -> None:
        self.border_title = "Facets"

    @property
    def facets(self) -> Facets | None:
        """The counts on show (None before the first arrives)."""
        return self._facets

    @property
    def chosen_terms(self) -> list[str]:
        """The terms of the values shown as chosen, in the panel's order."""
        query_text = self._query_text
        return [term for term in self._terms.values() if has_term(query_text, term)]

    def focus_values(self) -> None:
        self.query_one(FacetValues).focus()

    def show_for(self, query: Query | None, *, every: bool = False) -> None:
        """The list now shows `query`'s matches (or the whole feed, for None, or the feed has
        changed): count them, now if the panel is shown, else once it is. `every` says the
        search matched every article: the whole feed is counted instead, from its covering
        indexes (40 ms at 100,000 articles, where running the search again to count its
        matches took 90)."""
        self._query = query
        self._every = query is None or every
        self._generation += 1
        self._stale = True
        if self._refocus:
            self._refocus = False
            self.focus_values()  # choosing a value moved the focus to the list, on its way
        if self.active:
            self._count_now()

    def watch_active(self, active: bool) -> None:
        if active and self._stale:
            self._count_now()

    def _count_now(self) -> None:
        self._stale = False
        self.query_one("#facets-status", Label).update("Counting…")
        self._count(None if self._every else self._query, self._generation)

    @work(thread=True, exclusive=True, group="facets", exit_on_error=False)
    def _count(self, query: Query | None, generation: int) -> None:
        facets = self._counter(query)
        if not get_current_worker().is_cancelled:
            self.post_message(self.Counted(generation, facets))

    @on(Counted)
    def _counted(self, message: Counted) -> None:
        if message.generation != self._generation:
            return  # the list has changed since: its own count is on the way
        if message.facets is None:
            self._stale = True  # counted again with the next list, once the feed is read
            self.query_one("#facets-status", Label).update("Counting once the feed has loaded…")
            return
        self._show(message.facets)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # The app says what went wrong; the panel says it has no counts to show.
        if event.worker.group == "facets" and event.state == WorkerState.ERROR:
            self._stale = True
            self.query_one("#facets-status", Label).update("The counts could not be read.")

    @property
    def _query_text(self) -> str:
        return self._query.text if self._query is not None else ""

    def _show(self, facets: Facets) -> None:
        self._facets = facets
        where = "found" if self._query is not None else "in the feed"
        self.query_one("#facets-status", Label).update(
            f"{counted(facets.count, 'article')} {where}"
        )
        self.query_one(Timeline).show(facets.timeline(), facets.period, facets.undated)
        values = self.query_one(FacetValues)
        highlighted = values.highlighted_option
        kept = highlighted.id if highlighted is not None else None
        self._terms = {}
        options: list[Option] = []
        # Years always (a year chosen stays there to be chosen again), months too when the
        # matches span under two years: the JSON of `search --facets` has the same.
        periods: tuple[Facet, ...] = ("year", "month") if facets.monthly else ("year",)
        for facet in ("area", "site", *periods, "speaker"):
            options += self._facet_options(facet, facets.counts(facet))
        values.set_options(options)
        if kept is not None and kept in self._terms:
            values.highlighted = values.get_option_index(kept)
        elif values.highlighted is None:
            values.action_first()

    def _facet_options(self, facet: Facet, counts: dict[str, int]) -> list[Option]:
        """The heading of `facet` and its values, the chosen ones marked."""
        heading = Text(HEADINGS[facet], style="bold")
        heading.append(f"  {counted(len(counts), 'value')}" if counts else "  none", "dim")
        options = [Option(heading, disabled=True)]
        listed = list(counts.items())
        if facet in ("area", "site", "speaker"):
            listed = listed[:VALUES_SHOWN]
        width = max((len(f"{number:,}") for _, number in listed), default=0)
        query_text = self._query_text
        for value, number in listed:
            try:
                term = facet_term(facet, value)
            except ValueError:  # nothing in it a search could match: not a choice
                unsearchable = _prompt(value, number, width, False)
                unsearchable.stylize("dim")
                options.append(Option(unsearchable, disabled=True))
                continue
            option_id = f"{facet}:{value}"
            self._terms[option_id] = term
            prompt = _prompt(value, number, width, has_term(query_text, term))
            options.append(Option(prompt, id=option_id))
        if (more := len(counts) - len(listed)) > 0:
            options.append(Option(Text(f"  … and {more:,} more", "dim"), disabled=True))
        return options

    @on(OptionList.OptionSelected, "#facet-values")
    def _value_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        term = self._terms.get(event.option.id or "")
        if term is not None:
            self._refocus = True
            self.post_message(self.Chosen(term).set_sender(self))


def _prompt(value: str, number: int, width: int, chosen: bool) -> Text:
    """ " ✓  16  Dover": the mark when chosen, the count, the value (untrusted: cleaned)."""
    text = Text(CHOSEN_MARK if chosen else " " * len(CHOSEN_MARK), style="bold")
    text.append(f"{number:>{width},}", "dim" if not chosen else "bold")
    text.append("  ")
    text.append(line(value), "bold" if chosen else "")
    return text
