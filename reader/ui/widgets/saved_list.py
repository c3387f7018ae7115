"""The sidebar's saved searches: one line each, its name, then its counts flush right.

"Knife crime   2 new  41 ●7": the new matches a live reload brought that the reader has not
seen yet, then the search's matches and, after the unread glyph the article list uses, how many of
them are unread. The list owns its model: it counts the searches in a worker through the injected
`SearchShelf` (never on the event loop: two index counts per search), keeps the `AlertBook` of
what was announced and what is still unseen, saves and deletes in workers, and reports a chosen
search upward (`Chosen`); the sidebar runs it.

Names and queries come from the config and from what the reader typed: they are cleaned and put
on screen as `Content`, never read as markup.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual import events, on, work
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from reader.articles.model import ArticleSummary
from reader.feed.saved import (
    Alert,
    AlertBook,
    SavedSearch,
    SearchCount,
    SearchShelf,
    ShelfCounts,
    ShelfError,
)
from reader.ui.widgets.labels import counted, line

UNREAD_GLYPH = "●"  # as the article list marks an unread article
BAD_QUERY = "bad query"
TITLE = "Saved searches"
LEGEND = f"matches {UNREAD_GLYPH}unread"
# How many titles an alert lists before "… and N more".
ALERT_TITLES = 3
# Below this many cells a row is not laid out to the width (the list is not laid out yet).
MIN_ROW_WIDTH = 12


def alert_text(alert: Alert) -> str:
    """The notice's text: the first few titles, and how many more."""
    titles = [f"• {line(summary.title)}" for summary in alert.summaries[:ALERT_TITLES]]
    more = len(alert.summaries) - ALERT_TITLES
    if more > 0:
        titles.append(f"… and {more:,} more")
    return "\n".join(titles)


def alert_title(alert: Alert) -> str:
    """ "Knife crime: 2 new matches"."""
    return f"{line(alert.name)}: {counted(len(alert.summaries), 'new match', 'new matches')}"


@dataclass(frozen=True, slots=True)
class SaveRequest:
    """What the dialog that saves a search needs: the query, the check of a name (no disk), the
    searches saved from the app (name -> query, which a name may replace); and where the name
    chosen goes (None: cancelled)."""

    query_text: str
    problem_with: Callable[[str], str | None]
    saved: Mapping[str, str]
    answer: Callable[[str | None], None]


class SavedSearchList(OptionList):
    """Every saved search with its counts; hidden while there are none (the `-empty` class)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("d,delete", "delete_search", "Delete", tooltip="Delete the saved search"),
    ]

    @dataclass
    class Chosen(Message):
        """The reader chose a saved search (enter, or a click): run it."""

        search: SavedSearch

    @dataclass
    class Counted(Message, bubble=False):
        """The counting worker's result."""

        counts: ShelfCounts

    @dataclass
    class Matched(Message, bubble=False):
        """The alert worker's result: per search, the new articles it matches."""

        found: dict[str, list[ArticleSummary]]

    @dataclass
    class Changed(Message, bubble=False):
        """A save or a delete is done (`problem` says why not)."""

        done: str | None
        problem: str | None = None

    def __init__(self, shelf: SearchShelf, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False, compact=True)
        self._shelf = shelf
        self._book = AlertBook()
        self._counts: list[SearchCount] = []
        self._problem: str | None = None  # the last problem reading the searches, said once
        self._counted = False  # the searches have been counted once
        self._width = 0
        self.border_title = TITLE
        self.border_subtitle = LEGEND

    def on_mount(self) -> None:
        self.set_class(True, "-empty")

    # --- what is listed -------------------------------------------------------------------------

    @property
    def counts(self) -> Sequence[SearchCount]:
        """The saved searches as last counted, in order."""
        return self._counts

    @property
    def counted(self) -> bool:
        """Whether the searches have been counted yet (before, none are listed)."""
        return self._counted

    @property
    def searches(self) -> list[SavedSearch]:
        return [found.search for found in self._counts]

    def unseen(self, name: str) -> int:
        """How many new matches of the search `name` the reader has not seen."""
        return self._book.unseen_count(name)

    @property
    def highlighted_search(self) -> SavedSearch | None:
        index = self.highlighted
        return (
            self._counts[index].search if index is not None and index < len(self._counts) else None
        )

    def recount(self) -> None:
        """Count every saved search again (the feed, the marks or the searches changed)."""
        self._count()

    def check_new(self, paths: Collection[Path]) -> None:
        """Live reload read the files at `paths` again: announce the saved searches they are new
        matches of, and count again."""
        if paths:
            self._match(set(paths))
        else:
            self._count()

    def search_shown(self, query_text: str) -> None:
        """The article list shows `query_text`'s matches: a saved search of that query is seen."""
        shown = " ".join(query_text.split())
        changed = [
            self._book.seen(search.name)
            for search in self.searches
            if " ".join(search.query.split()) == shown
        ]
        if any(changed):
            self._show()

    def article_seen(self, identity: str) -> None:
        """The reader opened the article keyed `identity`: no longer a new match anywhere."""
        if self._book.seen_article(identity):
            self._show()

    def save_request(self, query_text: str) -> SaveRequest | None:
        """What to ask the reader to save `query_text` under a name (the screen shows the
        dialog); None, having said why, when there is no search to save."""
        query_text = query_text.strip()
        if not query_text:
            self.notify(
                "There is no search to save: type one first (/), then save it.",
                title="Save the search",
                severity="warning",
                markup=False,
            )
            return None
        saved = {search.name: search.query for search in self.searches if search.origin == "app"}

        def answer(name: str | None) -> None:
            if name is not None:
                self._save(name, query_text)

        return SaveRequest(query_text, self._name_problem, saved, answer)

    def _name_problem(self, name: str) -> str | None:
        try:
            self._shelf.check_name(name)
        except ShelfError as error:
            return str(error)
        return None

    # --- workers --------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="saved-count", exit_on_error=False)
    def _count(self) -> None:
        counts = self._shelf.counts()
        if counts is not None and not get_current_worker().is_cancelled:
            self.post_message(self.Counted(counts))

    @work(thread=True, group="saved-alert", exit_on_error=False)
    def _match(self, paths: set[Path]) -> None:
        # Not exclusive: a second reload's articles must not cancel the first one's alerts.
        self.post_message(self.Matched(self._shelf.new_matches(paths)))

    @work(thread=True, group="saved-change", exit_on_error=False)
    def _save(self, name: str, query_text: str) -> None:
        try:
            saved = self._shelf.save(name, query_text)
        except ShelfError as error:
            self.post_message(self.Changed(None, str(error)))
            return
        self.post_message(self.Changed(f"Saved the search {saved.name!r}: {saved.query}"))

    @work(thread=True, group="saved-change", exit_on_error=False)
    def _delete(self, search: SavedSearch) -> None:
        try:
            self._shelf.delete(search)
        except ShelfError as error:
            self.post_message(self.Changed(None, str(error)))
            return
        self.post_message(self.Changed(f"Deleted the saved search {search.name!r}"))

    @on(Counted)
    def _counts_arrived(self, message: Counted) -> None:
        counts = message.counts
        if counts.problem and counts.problem != self._problem:
            self.notify(counts.problem, title=TITLE, severity="warning", markup=False)
        self._problem = counts.problem
        self._counted = True
        self._show(counts.counts)

    @on(Matched)
    def _matches_arrived(self, message: Matched) -> None:
        for alert in self._book.record(message.found):
            self.notify(alert_text(alert), title=alert_title(alert), markup=False, timeout=8)
        self._count()

    @on(Changed)
    def _change_done(self, message: Changed) -> None:
        if message.problem is not None:
            self.notify(message.problem, title=TITLE, severity="warning", markup=False)
            return
        if message.done is not None:
            self.notify(line(message.done), title=TITLE, markup=False, timeout=4)
        self._count()

    # --- actions --------------------------------------------------------------------------------

    def action_delete_search(self) -> None:
        if (search := self.highlighted_search) is not None:
            self.delete(search)

    def delete(self, search: SavedSearch) -> None:
        """Delete `search` if it was saved in the app; a config one is refused, saying why."""
        if search.origin == "config":
            # Said at once, without a worker: the config is never changed from the app.
            try:
                self._shelf.delete(search)
            except ShelfError as error:
                self.notify(str(error), title=TITLE, severity="warning", markup=False)
            return
        self._book.forget(search.name)
        self._delete(search)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.choose(self._counts[event.option_index].search)

    def choose(self, search: SavedSearch) -> None:
        """Run `search` (the sidebar does, on `Chosen`): its new matches are seen."""
        if self._book.seen(search.name):
            self._show()
        self.post_message(self.Chosen(search))

    # --- drawing --------------------------------------------------------------------------------

    def on_resize(self, _event: events.Resize) -> None:
        if self._counts and self._row_width() != self._width:
            self._show()

    def _show(self, counts: list[SearchCount] | None = None) -> None:
        """List `counts` (or the searches as last counted again), keeping the cursor on the
        same search (one deleted leaves it where it was)."""
        current, row = self.highlighted_search, self.highlighted or 0
        if counts is not None:
            self._counts = counts
        self._width = self._row_width()
        self.set_class(not self._counts, "-empty")
        self.set_options(Option(self._prompt(found)) for found in self._counts)
        if self._counts:
            names = [found.search.name for found in self._counts]
            if current is not None and current.name in names:
                row = names.index(current.name)
            self.highlighted = min(row, len(names) - 1)

    def _row_width(self) -> int:
        padding = self.get_component_styles("option-list--option").padding
        return self.scrollable_content_region.width - padding.width

    def _prompt(self, found: SearchCount) -> Content:
        name = Content(line(found.search.name))
        new = self._book.unseen_count(found.search.name)
        counts = self._counts_content(found, new)
        width = self._width
        if width < MIN_ROW_WIDTH:
            return Content.assemble(name, " ", counts)
        room = max(width - counts.cell_length - 1, 1)
        return Content.assemble(name.truncate(room, ellipsis=True, pad=True), " ", counts)

    def _counts_content(self, found: SearchCount, new: int) -> Content:
        """ "2 new  41 ●7" (the new matches bright, the glyph in the article list's colour),
        "41" without a reading state, or what is wrong with the query."""
        if found.problem:
            return Content.styled(BAD_QUERY, "$text-error")
        parts: list[Content | str] = []
        if new:
            parts += [Content.styled(f"{new:,} new", "$text-warning bold"), "  "]
        parts.append(Content.styled(f"{found.count:,}", "$foreground-muted"))
        if found.unread is not None:
            unread = Content.styled(f"{found.unread:,}", "$foreground-muted")
            parts += [" ", Content.styled(UNREAD_GLYPH, "$accent"), unread]
        return Content.assemble(*parts)
