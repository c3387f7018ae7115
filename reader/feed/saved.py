"""Saved searches: the config's `[searches]` and those saved from the app, their counts, and the
new matches a live reload brings (alerts). No Textual imports.

A search saved from the app is kept in the reading state (`ReadingState.save_search`); one of the
same name as a config search replaces it. Counting is two index counts per search: its matches,
and its matches that are unread.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from reader.articles.model import ArticleSummary
from reader.feed.library import Library
from reader.search.query import And, Query, QueryError, StateFilter, parse

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
    """Those of the articles at `paths` that match `query`, newest first."""
    if not paths:
        return []
    result = library.search(query, sort="date", limit=None)
    return [summary for summary in result.summaries if summary.path in paths]


@dataclass(frozen=True, slots=True)
class Alert:
    """New matches of one saved search, brought by a live reload."""

    name: str
    summaries: tuple[ArticleSummary, ...]


@dataclass(slots=True)
class AlertBook:
    """Which matches of each saved search have been announced, and how many are still unseen.

    `check` is given the articles a live reload brought or changed; an article is announced
    once per search (a later edit of it is not news), and counts as unseen until `seen` is
    called for that search (the reader ran it).
    """

    announced: dict[str, set[str]] = field(default_factory=dict)  # name -> identities
    unseen: dict[str, int] = field(default_factory=dict)

    def check(
        self,
        library: Library,
        searches: Iterable[SavedSearch],
        arrived: Iterable[ArticleSummary],
    ) -> list[Alert]:
        paths = {summary.path for summary in arrived}
        alerts = []
        for search in searches:
            try:
                query = parse(search.query)
                found = matching_among(library, query, paths)
            except QueryError:
                continue  # a bad saved query is reported where the searches are listed
            known = self.announced.setdefault(search.name, set())
            new = tuple(summary for summary in found if summary.identity not in known)
            if new:
                known.update(summary.identity for summary in new)
                self.unseen[search.name] = self.unseen.get(search.name, 0) + len(new)
                alerts.append(Alert(search.name, new))
        return alerts

    def seen(self, name: str) -> None:
        self.unseen.pop(name, None)
