"""Running a query's plan over the index: one page of matches, ranked or newest first. No
Textual.

Ranking is bm25 with column weights (`reader.search.sql.BM25`: title > speakers > site, area >
body) over the `RANK_WINDOW` newest matches; older matches follow newest first. Newest first is
id order, which FTS5 and the docs table both walk without sorting.

Every match (a filtered list's rows) is read as one value, not a row each (`id_array`).
"""

from __future__ import annotations

import sys
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from reader.search.sql import BM25, Plan
from reader.search.sqlite import sqlite3

Sort = Literal["rank", "date"]
SORTS: tuple[Sort, ...] = ("rank", "date")

# How many of a query's newest matches bm25 ranks. Scoring costs 2-4 µs a match on the shared
# 2-core machine; 5,000 keeps a query that matches a whole 100k feed under ~35 ms.
RANK_WINDOW = 5_000


@dataclass(frozen=True, slots=True)
class Matches:
    """Doc ids of one page of results, best first, and how many documents match in all.

    `scores` (higher is better) cover the first `ranked` ids, unless they were left out (see
    `run`); the rest are newest first.
    """

    ids: Sequence[int]  # an `array` of ids when every match was asked for
    scores: list[float]
    count: int
    ranked: int
    notice: str | None = None


def run(
    connection: sqlite3.Connection,
    plan: Plan,
    sort: Sort,
    offset: int,
    limit: int | None,
    *,
    scored: bool = True,
) -> Matches:
    """A page of `plan`'s matches; `scored=False` leaves the ranked ids' scores out (a list
    needs only their order)."""
    if sort == "rank" and plan.match:
        return _ranked(connection, plan, offset, limit, scored=scored)
    ids = _newest(connection, plan, offset, limit)
    whole = offset == 0 and (limit is None or len(ids) < limit)
    return Matches(ids, [], len(ids) if whole else _count(connection, plan), 0)


def id_array(connection: sqlite3.Connection, select: str, params: Sequence[object]) -> array[int]:
    """The ids `select` gives (its one column), in its order, as an `array`.

    They come out of SQLite as one hex text of 8-byte ids (SQLite keeps a subquery's ORDER BY
    under an aggregate that depends on it, as `group_concat` does), so no Python object is made
    per row: at 100k matches, 0.6-0.8 of the time of reading them row by row (measured).
    """
    sql = f"WITH found(id) AS ({select}) SELECT group_concat(printf('%016x', id), '') FROM found"
    text = connection.execute(sql, params).fetchone()[0]
    ids: array[int] = array("q")
    if text:
        ids.frombytes(bytes.fromhex(text))
        if sys.byteorder == "little":
            ids.byteswap()
    return ids


def _newest(
    connection: sqlite3.Connection, plan: Plan, offset: int, limit: int | None
) -> Sequence[int]:
    """A page of matches, newest first: FTS5 and the docs table both walk ids in order. Every
    match is read oldest first and reversed: FTS5 walks its doclists forwards faster."""
    every = limit is None and offset == 0
    order = "" if every else " DESC LIMIT ? OFFSET ?"
    page = () if every else (-1 if limit is None else limit, offset)
    if plan.exclude:
        # EXCEPT of two id-ordered walks is a merge; NOT IN would first index every excluded id.
        source, params = replace(plan, exclude=None).source
        excluded, excluded_params = plan.excluded
        sql = f"SELECT {plan.id} {source} EXCEPT {excluded} ORDER BY 1{order}"
        values = (*params, *excluded_params, *page)
    else:
        source, params = plan.source
        sql = f"SELECT {plan.id} {source} ORDER BY {plan.id}{order}"
        values = (*params, *page)
    if not every:
        return [row[0] for row in connection.execute(sql, values)]
    ids = id_array(connection, sql, values)
    ids.reverse()
    return ids


def _count(connection: sqlite3.Connection, plan: Plan) -> int:
    if plan.exclude:
        # All minus the excluded: FTS5 counts what has a word much faster than SQLite counts
        # what lacks it (a NOT IN over most of the feed builds a temporary index).
        everything = replace(plan, exclude=None)
        excluded = replace(plan, match=plan.exclude, exclude=None)
        return _count(connection, everything) - _count(connection, excluded)
    source, params = plan.source
    return int(connection.execute(f"SELECT count(*) {source}", params).fetchone()[0])


def _ranked(
    connection: sqlite3.Connection, plan: Plan, offset: int, limit: int | None, *, scored: bool
) -> Matches:
    """bm25 over the newest `RANK_WINDOW` matches, then older matches newest first.

    Counting first is cheap (no scores); past the window, its oldest id is found by walking ids
    newest first (FTS5 stops there), and bm25 scores only the window, in SQLite's top-N sort.
    When every match is wanted, one walk newest first gives the count, the edge and the rest.
    Unscored, the window's ids come as one value (`id_array`), not a row each with its score:
    the app's list best first at 100k took 3-9% less CPU (1-1.6 ms of 10-40, measured).
    """
    older: Sequence[int] | None = None
    if limit is None and offset == 0:
        newest = _newest(connection, plan, 0, None)
        count, older = len(newest), newest[RANK_WINDOW:]
        cutoff = newest[RANK_WINDOW - 1] if count > RANK_WINDOW else None
    else:
        count = _count(connection, plan)
        cutoff = _nth_newest(connection, plan, RANK_WINDOW) if count > RANK_WINDOW else None
    window = min(count, RANK_WINDOW)
    end = window if limit is None else min(window, offset + limit)
    ids: array[int] = array("q")
    scores: list[float] = []
    if offset < end:
        in_window = plan if cutoff is None else replace(plan, low=max(plan.low, cutoff))
        source, params = in_window.source
        order = f"{source} ORDER BY {BM25}, {plan.id} DESC LIMIT ? OFFSET ?"  # lower is better
        values = (*params, end - offset, offset)
        if scored:
            for doc_id, score in connection.execute(f"SELECT {plan.id}, {BM25} {order}", values):
                ids.append(doc_id)
                scores.append(-score)
        else:
            ids = id_array(connection, f"SELECT {plan.id} {order}", values)
    ranked = len(ids)
    if cutoff is not None and (limit is None or offset + limit > window):
        if older is None:
            rest = replace(plan, high=min(plan.high, cutoff))
            rest_limit = None if limit is None else offset + limit - max(offset, window)
            older = _newest(connection, rest, max(0, offset - window), rest_limit)
        ids.extend(older)
    return Matches(ids, scores, count, ranked)


def _nth_newest(connection: sqlite3.Connection, plan: Plan, nth: int) -> int:
    source, params = plan.source
    sql = f"SELECT {plan.id} {source} ORDER BY {plan.id} DESC LIMIT 1 OFFSET ?"
    return int(connection.execute(sql, (*params, nth - 1)).fetchone()[0])
