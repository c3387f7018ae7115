"""Saved searches without a screen: the shelf's counts, saving and deleting, new matches among a
reload's files, and the alert book's announced and unseen matches."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support.feeds import write_article

from reader.articles.model import ArticleSummary
from reader.feed.library import Library
from reader.feed.saved import (
    AlertBook,
    SavedSearch,
    SearchShelf,
    ShelfCounts,
    ShelfError,
    matching_among,
    new_matches,
)
from reader.search.query import parse
from reader.store.state import MAX_SEARCH_NAME_LENGTH, ReadingState

CONFIG = {"Knives": "knife OR blade", "Broken": "title:"}


@pytest.fixture
def feed(tmp_path: Path) -> Path:
    folder = tmp_path / "feed"
    write_article(folder, "a.md", title="Knife arch", body="knife", published="2024-01-03T09:00")
    write_article(folder, "b.md", title="Blade amnesty", body="blade", published="2024-01-02")
    write_article(folder, "c.md", title="Fire on the moor", body="fire", published="2024-01-01")
    return folder


@pytest.fixture
def state(tmp_path: Path) -> Iterator[ReadingState]:
    with ReadingState(tmp_path / "state.sqlite3") as opened:
        yield opened


@pytest.fixture
def library(feed: Path, state: ReadingState) -> Iterator[Library]:
    with Library([feed], marks=state) as opened:
        list(opened.scan())
        yield opened


def shelf_of(library: Library | None, state: ReadingState | None) -> SearchShelf:
    return SearchShelf(
        CONFIG, lambda: library, lambda: state, config_path=Path("/home/me/config.toml")
    )


def summary(identity: str, title: str = "A title") -> ArticleSummary:
    return ArticleSummary(
        path=Path(f"/feed/{identity}.md"),
        title=title,
        site=None,
        area=None,
        published=None,
        url=None,
        identity=identity,
        word_count=1,
    )


def test_the_shelf_counts_matches_and_unread_matches_of_every_search(
    library: Library, state: ReadingState, feed: Path
) -> None:
    state.save_search("Fires", "fire")
    knife = next(s for s in library.view() if s.title == "Knife arch")
    state.mark_read(knife.identity)
    counts = shelf_of(library, state).counts()
    assert counts is not None and counts.problem is None
    found = [(c.search.name, c.search.origin, c.count, c.unread) for c in counts.counts]
    assert found == [
        ("Knives", "config", 2, 1),
        ("Broken", "config", 0, 0),
        ("Fires", "app", 1, 1),
    ]
    assert (
        counts.counts[1].problem == "'title:' needs a value right after the colon (at character 1)"
    )


def test_the_shelf_counts_nothing_until_the_feed_is_open(state: ReadingState) -> None:
    assert shelf_of(None, state).counts() is None


def test_counting_waits_for_the_marks_on_their_way_to_the_file(
    library: Library, state: ReadingState
) -> None:
    waited: list[str] = []
    shelf = SearchShelf({}, lambda: library, lambda: state, settle=lambda: waited.append("x"))
    assert shelf.counts() == ShelfCounts([])
    assert waited == []  # nothing to count: nothing to wait for
    state.save_search("Fires", "fire")
    shelf.counts()
    assert waited == ["x"]


def test_a_saved_search_is_listed_after_the_configs_and_can_be_deleted(
    library: Library, state: ReadingState
) -> None:
    shelf = shelf_of(library, state)
    saved = shelf.save("  Fires   on moors ", " fire ")
    assert saved == SavedSearch("Fires on moors", "fire", "app")
    assert state.saved_searches() == {"Fires on moors": "fire"}
    shelf.delete(saved)
    assert state.saved_searches() == {}


@pytest.mark.parametrize(
    ("name", "query", "problem"),
    [
        ("", "fire", "A saved search needs a name."),
        ("x" * (MAX_SEARCH_NAME_LENGTH + 1), "fire", "A search name is at most 60 characters."),
        (
            "Knives",
            "fire",
            "'Knives' is set in the config file's [searches] (/home/me/config.toml): choose "
            "another name.",
        ),
        ("Fires", "  ", "There is no search to save: type one first (/)."),
        (
            "Fires",
            "title:",
            "The search cannot be saved: 'title:' needs a value right after the colon "
            "(at character 1).",
        ),
    ],
)
def test_a_bad_name_or_query_is_refused_saying_why(
    library: Library, state: ReadingState, name: str, query: str, problem: str
) -> None:
    with pytest.raises(ShelfError) as refused:
        shelf_of(library, state).save(name, query)
    assert str(refused.value) == problem
    assert state.saved_searches() == {}


def test_a_config_search_is_never_deleted_from_the_app(
    library: Library, state: ReadingState
) -> None:
    with pytest.raises(ShelfError) as refused:
        shelf_of(library, state).delete(SavedSearch("Knives", "knife OR blade", "config"))
    assert str(refused.value) == (
        "'Knives' is set in the config file's [searches] (/home/me/config.toml), which the app "
        "does not change: remove it there."
    )


def test_without_a_reading_state_nothing_is_saved_and_the_unread_count_is_none(
    feed: Path,
) -> None:
    with Library([feed]) as library:
        list(library.scan())
        shelf = shelf_of(library, None)
        with pytest.raises(ShelfError, match="the config's \\[searches\\] table keeps them"):
            shelf.save("Fires", "fire")
        counts = shelf.counts()
    assert counts is not None
    assert [(c.count, c.unread) for c in counts.counts] == [(2, None), (0, None)]


def test_new_matches_are_those_of_the_given_files_newest_first(
    library: Library, feed: Path
) -> None:
    paths = {feed / "a.md", feed / "b.md", feed / "c.md"}
    found = new_matches(library, [SavedSearch(n, q, "config") for n, q in CONFIG.items()], paths)
    assert {name: [s.title for s in matches] for name, matches in found.items()} == {
        "Knives": ["Knife arch", "Blade amnesty"]
    }
    only_b = matching_among(library, parse("knife OR blade"), {feed / "b.md", feed / "gone.md"})
    assert [s.title for s in only_b] == ["Blade amnesty"]
    assert matching_among(library, parse("knife"), set()) == []


def test_an_article_is_announced_once_and_unseen_until_its_search_is_run() -> None:
    book = AlertBook()
    first, second = summary("url:1", "First"), summary("url:2", "Second")
    alerts = book.record({"Knives": [first], "Fires": [first]})
    assert [(alert.name, alert.summaries) for alert in alerts] == [
        ("Knives", (first,)),
        ("Fires", (first,)),
    ]
    # Edited later, it is not news again; a second article is.
    again = book.record({"Knives": [first, second]})
    assert [(alert.name, alert.summaries) for alert in again] == [("Knives", (second,))]
    assert (book.unseen_count("Knives"), book.unseen_count("Fires")) == (2, 1)
    assert book.seen("Knives") is True
    assert book.seen("Knives") is False
    assert (book.unseen_count("Knives"), book.unseen_count("Fires")) == (0, 1)


def test_opening_a_new_match_makes_it_seen_in_every_search() -> None:
    book = AlertBook()
    first, second = summary("url:1"), summary("url:2")
    book.record({"Knives": [first, second], "Fires": [first]})
    assert book.seen_article("url:1") is True
    assert book.seen_article("url:1") is False
    assert (book.unseen_count("Knives"), book.unseen_count("Fires")) == (1, 0)
    assert book.unseen == {"Knives": {"url:2"}}


def test_a_deleted_search_saved_again_starts_afresh() -> None:
    book = AlertBook()
    first = summary("url:1")
    book.record({"Knives": [first]})
    book.forget("Knives")
    assert book.unseen_count("Knives") == 0
    assert [alert.name for alert in book.record({"Knives": [first]})] == ["Knives"]


@given(st.lists(st.lists(st.sampled_from(["url:1", "url:2", "url:3"]), max_size=4), max_size=5))
def test_every_match_is_announced_exactly_once(batches: list[list[str]]) -> None:
    book = AlertBook()
    announced: list[str] = []
    for batch in batches:
        for alert in book.record({"Knives": [summary(identity) for identity in batch]}):
            announced += [s.identity for s in alert.summaries]
    assert sorted(announced) == sorted({identity for batch in batches for identity in batch})
    assert book.unseen_count("Knives") == len(set(announced))
