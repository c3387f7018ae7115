from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from reader.articles.model import ArticleSummary
from reader.articles.sorting import SORT_LABELS, SORT_ORDERS, SortOrder, next_order, sort_key


def summary(
    name: str, *, title: str = "", area: str | None = None, day: int | None = None
) -> ArticleSummary:
    return ArticleSummary(
        path=Path(f"/feed/{name}.md"),
        title=title or name,
        site=None,
        area=area,
        published=datetime(2024, 1, day, tzinfo=UTC) if day is not None else None,
        url=None,
        identity=f"sha256:{name}",
        word_count=0,
    )


DATED = [summary("b", day=2), summary("a", day=9), summary("undated"), summary("c", day=5)]


def names(articles: Iterable[ArticleSummary], order: SortOrder) -> list[str]:
    """The file names of `articles` in `order`, as a list keeping itself sorted orders them."""
    return [article.path.stem for article in sorted(articles, key=sort_key(order))]


def test_newest_puts_the_latest_first_and_undated_last() -> None:
    assert names(DATED, "newest") == ["a", "c", "b", "undated"]


def test_oldest_puts_the_earliest_first_and_undated_still_last() -> None:
    assert names(DATED, "oldest") == ["b", "c", "a", "undated"]


def test_title_ignores_case_and_leading_quotes() -> None:
    articles = [
        summary("1", title="zebra crossing"),
        summary("2", title="“Apples” stolen"),
        summary("3", title="Bridge closed"),
    ]
    assert names(articles, "title") == ["2", "3", "1"]


def test_area_groups_by_area_newest_first_within_and_no_area_last() -> None:
    articles = [
        summary("kent-old", area="Kent", day=1),
        summary("none", day=20),
        summary("essex", area="essex", day=3),
        summary("kent-new", area="Kent", day=8),
    ]
    assert names(articles, "area") == ["essex", "kent-new", "kent-old", "none"]


@pytest.mark.parametrize("order", SORT_ORDERS)
def test_ties_break_on_the_path_whatever_the_input_order(order: SortOrder) -> None:
    twins = [summary(name, title="Same", area="Kent", day=4) for name in ("m", "k", "z")]
    assert names(twins, order) == ["k", "m", "z"]
    assert names(reversed(twins), order) == ["k", "m", "z"]


def test_next_order_cycles_through_every_order_and_wraps() -> None:
    seen: list[SortOrder] = ["newest"]
    for _ in SORT_ORDERS:
        seen.append(next_order(seen[-1]))
    assert seen == ["newest", "oldest", "title", "area", "newest"]


def test_every_order_has_a_label() -> None:
    assert set(SORT_LABELS) == set(SORT_ORDERS)
