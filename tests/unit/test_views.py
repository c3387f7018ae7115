"""Lists paged from the index by position (issue 14): every order and filter, at 100k rows."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from support.big_index import ROWS, HeldMarks, big_library, rows
from support.feeds import listed, write_article

from reader.articles.model import ArticleSummary
from reader.articles.sorting import SORT_ORDERS, SortOrder, sort_key
from reader.feed.library import Library
from reader.search.query import Fields, Marks, matches, parse


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Library, list[ArticleSummary]]]:
    """A 100,000-row index written straight into SQLite (no files: nothing here syncs)."""
    library, summaries = big_library(tmp_path_factory.mktemp("big"))
    yield library, summaries
    library.close()


@pytest.mark.parametrize("order", SORT_ORDERS)
def test_row_n_of_a_100k_list_is_the_nth_article_of_its_order(
    big: tuple[Library, list[ArticleSummary]], order: SortOrder
) -> None:
    library, summaries = big
    expected = sorted(summaries, key=sort_key(order))
    view = library.view(None, order)
    assert len(view) == ROWS
    for row in (0, 1, 2, 12_345, 50_000, 99_998, ROWS - 1):
        assert view.row(row) == expected[row], (order, row)
    window = view.rows(77_000, 77_040)  # a screenful, as the sidebar draws it
    assert window == expected[77_000:77_040]
    assert view.position_of(library.id_of(expected[4_321].path) or -1) == 4_321


_READ = {f"id:{number}" for number in range(0, ROWS, 3)}
_STARRED = {f"id:{number}" for number in range(0, ROWS, 7)}
_EXPECTED: dict[str, set[str]] = {}


def _expected(query: str) -> set[str]:
    """The identities the reference matcher finds for `query` among the generated rows."""
    if query not in _EXPECTED:
        parsed = parse(query)
        marks = Marks(frozenset(_READ), frozenset(_STARRED))
        _EXPECTED[query] = {
            f"id:{number}"
            for number, title, area, when, word in rows(ROWS)
            if matches(
                parsed, Fields(title, None, area, (), f"body {word}", when, f"id:{number}"), marks
            )
        }
    return _EXPECTED[query]


def _fields(number: int, title: str, area: str | None, when: datetime | None, word: str) -> Fields:
    return Fields(title, None, area, (), f"body {word}", when, f"id:{number}")


@pytest.mark.parametrize("order", ["newest", "title", "area"])
@pytest.mark.parametrize("query", ["phones", "is:unread", "is:starred", "-fraud area:kent"])
def test_filters_page_in_the_same_order(
    big: tuple[Library, list[ArticleSummary]], order: SortOrder, query: str
) -> None:
    library, summaries = big
    marks = library.marks
    assert isinstance(marks, HeldMarks)
    marks.read, marks.starred = _READ, _STARRED
    wanted = _expected(query)
    expected = [
        summary for summary in sorted(summaries, key=sort_key(order)) if summary.identity in wanted
    ]
    view = library.view(query, order)
    assert 0 < len(view) == len(expected)
    for row in (0, 1, len(view) // 2, len(view) - 1):
        assert view.row(row) == expected[row], (query, order, row)
    assert view.rows(len(view) // 3, len(view) // 3 + 40) == expected[len(view) // 3 :][:40]
    if query == "is:unread":
        assert library.unread_count(_READ) == len(view) == ROWS - len(_READ)


def test_the_cursors_article_keeps_its_place_through_edits_additions_and_deletions(
    tmp_path: Path,
) -> None:
    feed = tmp_path / "feed"
    for number in range(30):
        write_article(
            feed, f"{number:02}.md", title=f"Article {number}", published=f"2021-01-{number + 1:02}"
        )
    with Library([feed], cache=tmp_path / "cache") as library:
        listed(library)
        view = library.view(None, "newest")
        cursor = view.ids[10]
        cursor_path = feed / "19.md"
        assert view.row(10) is not None and view.row(10).path == cursor_path  # type: ignore[union-attr]
        # An edit in place (same date), newer articles, deletions above and below it.
        write_article(feed, "19.md", title="Article 19, edited", published="2021-01-20")
        for number in range(30, 35):
            write_article(feed, f"{number:02}.md", title=f"New {number}", published="2021-02-01")
        (feed / "25.md").unlink()
        (feed / "03.md").unlink()
        batches = list(library.sync())
        assert not any(cursor in batch.removed_ids for batch in batches)
        view = library.view(None, "newest")
        position = view.position_of(cursor)
        assert position == 10 + 5 - 1
        assert view.row(position).title == "Article 19, edited"  # type: ignore[union-attr]
        # An edit that moves it to another date gives it another id: found again by its path.
        write_article(feed, "19.md", title="Article 19, redated", published="2020-06-01")
        batches = list(library.sync())
        assert cursor in {doc_id for batch in batches for doc_id in batch.removed_ids}
        view = library.view(None, "newest")
        moved = library.id_of(cursor_path)
        assert moved is not None and view.row(view.position_of(moved) or 0).title == (  # type: ignore[union-attr]
            "Article 19, redated"
        )
        assert view.position_of(moved) == len(view) - 1


def test_a_scan_without_listing_sends_counts_and_changes_only(tmp_path: Path) -> None:
    feed = tmp_path / "feed"
    for number in range(12):
        write_article(feed, f"{number:02}.md", title=f"Article {number}")
    with Library([feed], cache=tmp_path / "cache") as library:
        listed(library)
    write_article(feed, "new.md", title="Arrived since")
    (feed / "03.md").unlink()
    with Library([feed], cache=tmp_path / "cache") as library:
        batches = list(library.scan(listing=False))
        first = batches[0]
        assert first.cached and first.summaries == [] and (first.done, first.total) == (12, 12)
        assert [s.title for batch in batches for s in batch.summaries] == ["Arrived since"]
        assert [path for batch in batches for path in batch.removed] == [feed / "03.md"]
        assert library._summaries == {}
        view = library.view()
        assert len(view) == 12 and view[0].title in {f"Article {n}" for n in range(12)} | {
            "Arrived since"
        }
        assert [summary.path for summary in view] == [summary.path for summary in view.rows(0, 12)]
