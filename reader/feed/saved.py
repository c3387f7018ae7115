"""Saved searches: the config's `[searches]` and those saved from the app, their counts, and the
new matches a live reload brings (alerts). No Textual imports.

A search saved from the app is kept in the reading state (`ReadingState.save_search`); one of the
same name as a config search replaces it. Counting is two index counts per search: its matches,
and its matches that are unread.

`SearchShelf` is what the app holds: one feed's saved searches, counted, saved and deleted from
worker threads; `AlertBook` (on the app's thread) remembers which new matches were announced and
which the reader has not seen yet.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from reader.articles.model import ArticleSummary
from reader.feed.library import Library
from reader.search.query import And, Query, QueryError, StateFilter, parse
from reader.store.state import ReadingState, StateError, clean_search_name

Origin = Literal["config", "app"]


@dataclass(frozen=True, slots=True)
class SavedSearch:
    name: str
    query: str
    origin: Origin


@dataclass(frozen=True, slots=True)
class SearchCount:
    """A saved search's matches and unread matches now; `problem` when its query is bad (then
    both counts are 0). `unread` is None without a reading state."""

    search: SavedSearch
    count: int
    unread: int | None
    problem: str | None = None


def saved_searches(config: Mapping[str, str], app: Mapping[str, str]) -> list[SavedSearch]:
    """The config's searches in the file's order, then the app's in the order saved; an app
    search replaces a config one of the same name, in its place."""
    found = {name: SavedSearch(name, query, "config") for name, query in config.items()}
    for name, query in app.items():
        found[name] = SavedSearch(name, query, "app")
    return list(found.values())


def unread_query(query: Query) -> Query:
    """`query` narrowed to unread articles."""
    return Query(f"({query.text}) is:unread", And((query.root, StateFilter("unread"))))


def count_search(library: Library, search: SavedSearch) -> SearchCount:
    try:
        query = parse(search.query)
        count = library.search(query, sort="date", limit=0).count
        unread = None
        if library.marks is not None:
            unread = library.search(unread_query(query), sort="date", limit=0).count
    except QueryError as error:
        return SearchCount(search, 0, 0 if library.marks is not None else None, str(error))
    return SearchCount(search, count, unread)


def matching_among(library: Library, query: Query, paths: Collection[Path]) -> list[ArticleSummary]:
    """Those of the articles at `paths` that match `query`, newest first.

    Only the matches' ids are read, and the summaries of those among `paths`: a query that
    matches most of a big feed costs an array of ints, not a summary per match.
    """
    wanted = {doc_id for path in paths if (doc_id := library.id_of(path)) is not None}
    if not wanted:
        return []
    found = (doc_id for doc_id in library.view(query, "newest").ids if doc_id in wanted)
    return [summary for doc_id in found if (summary := library.summary(doc_id)) is not None]


def new_matches(
    library: Library, searches: Iterable[SavedSearch], paths: Collection[Path]
) -> dict[str, list[ArticleSummary]]:
    """For each saved search, those of the articles at `paths` (what a live reload brought)
    that it matches; searches that match none, or whose query is bad, are left out (a bad
    query is reported where the searches are listed)."""
    found: dict[str, list[ArticleSummary]] = {}
    for search in searches:
        try:
            matches = matching_among(library, parse(search.query), paths)
        except QueryError:
            continue
        if matches:
            found[search.name] = matches
    return found


@dataclass(frozen=True, slots=True)
class Alert:
    """New matches of one saved search, brought by a live reload."""

    name: str
    summaries: tuple[ArticleSummary, ...]


@dataclass(slots=True)
class AlertBook:
    """Which matches of each saved search have been announced, and which are still unseen.

    `record` is given the new matches a live reload brought (`new_matches`); an article is
    announced once per search (a later edit of it is not news), and stays unseen until the
    reader runs that search (`seen`) or opens the article (`seen_article`).
    """

    announced: dict[str, set[str]] = field(default_factory=dict)  # name -> identities
    unseen: dict[str, set[str]] = field(default_factory=dict)  # name -> identities

    def record(self, found: Mapping[str, Sequence[ArticleSummary]]) -> list[Alert]:
        """The alerts to give for `found`: per search, the matches not announced before."""
        alerts = []
        for name, summaries in found.items():
            known = self.announced.setdefault(name, set())
            new = tuple({s.identity: s for s in summaries if s.identity not in known}.values())
            if new:
                identities = {summary.identity for summary in new}
                known |= identities
                self.unseen.setdefault(name, set()).update(identities)
                alerts.append(Alert(name, new))
        return alerts

    def unseen_count(self, name: str) -> int:
        return len(self.unseen.get(name, ()))

    def seen(self, name: str) -> bool:
        """The reader ran the search `name`: its new matches are seen; whether it had any."""
        return self.unseen.pop(name, None) is not None

    def seen_article(self, identity: str) -> bool:
        """The reader opened the article keyed `identity`; whether it was unseen anywhere."""
        changed = False
        for name, identities in list(self.unseen.items()):
            if identity in identities:
                identities.discard(identity)
                changed = True
                if not identities:
                    del self.unseen[name]
        return changed

    def forget(self, name: str) -> None:
        """The search `name` was deleted: a new one of that name starts afresh."""
        self.announced.pop(name, None)
        self.unseen.pop(name, None)


class ShelfError(Exception):
    """A saved search could not be saved or deleted; `str()` is one line for the user."""


@dataclass(frozen=True, slots=True)
class ShelfCounts:
    """Every saved search with its counts; `problem` when the app's searches could not be read
    this time (then only the config's are listed)."""

    counts: list[SearchCount]
    problem: str | None = None


def _nothing() -> None:
    """A `settle` with nothing to wait for."""


class SearchShelf:
    """One feed's saved searches, as the app keeps them: the config's (read-only here) and the
    reading state's (saved and deleted from the app).

    The library and the state are read through getters (they open in the app's loading worker).
    Every method but `check_name` reads the disk: call them from a worker. `settle` is called
    before counting, to wait for marks still on their way to the state file (the reader's last
    `u` counts in the unread count shown after it).
    """

    def __init__(
        self,
        config: Mapping[str, str],
        library: Callable[[], Library | None],
        state: Callable[[], ReadingState | None],
        *,
        config_path: Path | None = None,
        settle: Callable[[], None] = _nothing,
    ) -> None:
        self._config = dict(config)
        self._library = library
        self._state = state
        self._config_path = config_path
        self._settle = settle

    def _read(self) -> tuple[list[SavedSearch], str | None]:
        """Every saved search, and why the app's are missing if they could not be read."""
        state = self._state()
        try:
            app = state.saved_searches() if state is not None else {}
        except StateError as error:
            return saved_searches(self._config, {}), f"{error}; only the config's are listed"
        return saved_searches(self._config, app), None

    def counts(self) -> ShelfCounts | None:
        """Every saved search with its match and unread counts; None until the feed is open."""
        library = self._library()
        if library is None:
            return None
        searches, problem = self._read()
        if searches:  # with none, nothing waits on the marks' writer
            self._settle()
        return ShelfCounts([count_search(library, search) for search in searches], problem)

    def new_matches(self, paths: Collection[Path]) -> dict[str, list[ArticleSummary]]:
        """Per saved search, those of the articles at `paths` it matches (see `new_matches`)."""
        library = self._library()
        if library is None or not paths:
            return {}
        return new_matches(library, self._read()[0], paths)

    def check_name(self, name: str) -> str:
        """`name` as it would be saved; `ShelfError` says what is wrong with it."""
        try:
            cleaned = clean_search_name(name)
        except ValueError as error:
            raise ShelfError(_sentence(str(error))) from None
        if cleaned in self._config:
            raise ShelfError(f"{cleaned!r} is {self._where_set()}: choose another name.")
        return cleaned

    def save(self, name: str, query: str) -> SavedSearch:
        """Save `query` under `name` (replacing an app search of that name)."""
        cleaned = self.check_name(name)
        if not query.strip():
            raise ShelfError("There is no search to save: type one first (/).")
        try:
            parse(query)
        except QueryError as error:
            raise ShelfError(f"The search cannot be saved: {error}.") from None
        state = self._writable()
        try:
            stored = state.save_search(cleaned, query)
        except StateError as error:
            raise ShelfError(str(error)) from None
        return SavedSearch(stored, query.strip(), "app")

    def delete(self, search: SavedSearch) -> None:
        """Delete a search saved from the app; a config one is refused, saying where it is."""
        if search.origin == "config":
            raise ShelfError(
                f"{search.name!r} is {self._where_set()}, which the app does not change: "
                "remove it there."
            )
        state = self._writable()
        try:
            state.delete_search(search.name)
        except StateError as error:
            raise ShelfError(str(error)) from None

    def _writable(self) -> ReadingState:
        state = self._state()
        if state is None:
            raise ShelfError(
                "The reading state is not open, so searches cannot be saved from the app this "
                "time; the config's [searches] table keeps them too."
            )
        return state

    def _where_set(self) -> str:
        where = f" ({self._config_path})" if self._config_path is not None else ""
        return f"set in the config file's [searches]{where}"


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")
