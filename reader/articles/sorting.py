"""The orders an article list can be sorted in. Pure functions; no Textual imports.

Every order is total (ties end on the file path), so the same articles always come out in the same
order, whatever order they went in.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Literal

from reader.articles.model import ArticleSummary

SortOrder = Literal["newest", "oldest", "title", "area"]
SORT_ORDERS: tuple[SortOrder, ...] = ("newest", "oldest", "title", "area")
SORT_LABELS: dict[SortOrder, str] = {
    "newest": "Newest first",
    "oldest": "Oldest first",
    "title": "Title (A–Z)",
    "area": "Area (A–Z), newest first within each",
}
DEFAULT_SORT: SortOrder = "newest"

# Quotes, brackets and dashes that open a title do not decide where it sorts.
_LEADING_PUNCTUATION = re.compile(r"^[\W_]+")
_Key = tuple[object, ...]


def sort_key(order: SortOrder) -> Callable[[ArticleSummary], _Key]:
    """The key function of `order`, for a list that keeps itself sorted; undated articles come
    last in the date orders."""
    return _KEYS[order]


def next_order(order: SortOrder) -> SortOrder:
    """The order after `order`, wrapping round: what a "cycle sort" key steps to."""
    return SORT_ORDERS[(SORT_ORDERS.index(order) + 1) % len(SORT_ORDERS)]


def _oldest(article: ArticleSummary) -> _Key:
    stamp = article.published.timestamp() if article.published else 0.0
    return (article.published is None, stamp, str(article.path))


def _title(article: ArticleSummary) -> _Key:
    return (_LEADING_PUNCTUATION.sub("", article.title).casefold(), str(article.path))


def _area(article: ArticleSummary) -> _Key:
    area = (article.area or "").casefold()
    return (not area, area, *article.sort_key)


_KEYS: dict[SortOrder, Callable[[ArticleSummary], _Key]] = {
    "newest": lambda article: article.sort_key,
    "oldest": _oldest,
    "title": _title,
    "area": _area,
}
