"""Where a search's time goes, step by step, and one ranking code against another (issue 14).

    uv run python benchmarks/search_parts.py [--size 100000] [--cache DIR] [--runs 5] [--wall]
        [--against REV]

On the index `search_bench.py` keeps in DIR/cache-SIZE (built first if missing), each of its 50
queries' steps alone, the ways `reader.feed.index.ranking` puts them together: FTS5 counting the
matches (the floor, as in search_bench), every match's ids as the app's list reads them, the rank
window's edge (its oldest match), the walk of the window alone, bm25 of the newest match alone
(what bm25 costs before its first score: one walk of each phrase over the whole feed, to count
the documents holding it), the window scored and its top 20, and `ranking.run` as the app and
the CLI ask (the top 20 by rank, every match newest first and best first). For each: p50, p95
and max over the queries of each query's median of `--runs`, and p95 as a multiple of the
floor's.

Times are the thread's CPU by default (SQLite runs in the thread that asks): on the shared
2-core machine a wall time moves with the load, the CPU much less. `--wall` gives wall times.

`--against REV` also times `ranking.run` of git revision REV beside this tree's, alternated query
by query on one connection (both meet the same load), and checks that the two give the same ids,
scores and counts for every query and way.
"""

from __future__ import annotations

import argparse
import inspect
import os
import statistics
import subprocess
import sys
import time
import types
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.search_bench import FEEDS, QUERIES, drain_fresh, feed, percentile
from reader.feed.index import index_path, ranking
from reader.feed.index.schema import connect
from reader.search.query import parse
from reader.search.sql import BM25, Plan, plan
from reader.search.sqlite import sqlite3

# The ways the app and the CLI call `ranking.run`: (sort, offset, limit, with scores). The app's
# list wants no scores; a revision whose `run` cannot leave them out is timed with them.
WAYS: dict[str, tuple[ranking.Sort, int, int | None, bool]] = {
    "run: top 20 by rank": ("rank", 0, 20, True),
    "run: every match, newest first": ("date", 0, None, True),
    "run: every match, best first": ("rank", 0, None, False),
}
Step = Callable[[], object]


def steps(connection: sqlite3.Connection, planned: Plan) -> dict[str, Step]:
    """Each step of answering `planned`, alone (its window and newest match found first)."""
    source, params = planned.source
    key = planned.id
    edge_sql = f"SELECT {key} {source} ORDER BY {key} DESC LIMIT 1 OFFSET ?"
    edge = connection.execute(edge_sql, (*params, ranking.RANK_WINDOW - 1)).fetchone()
    newest = connection.execute(edge_sql, (*params, 0)).fetchone()
    window, window_params = replace(planned, low=max(planned.low, edge[0] if edge else 0)).source
    alone, alone_params = replace(planned, low=newest[0] if newest else planned.high).source
    every = f"SELECT {key} {source} ORDER BY {key}"
    top = f"SELECT {key}, {BM25} {window} ORDER BY {BM25}, {key} DESC LIMIT 20"
    return {
        "floor: FTS5 counts the matches": lambda: connection.execute(
            f"SELECT count(*) {source}", params
        ).fetchone(),
        "every match's ids (id_array)": lambda: ranking.id_array(connection, every, params),
        "the window's edge": lambda: connection.execute(
            edge_sql, (*params, ranking.RANK_WINDOW - 1)
        ).fetchone(),
        "the window's walk (count)": lambda: connection.execute(
            f"SELECT count(*) {window}", window_params
        ).fetchone(),
        "bm25 of the newest match alone": lambda: connection.execute(
            f"SELECT {BM25} {alone}", alone_params
        ).fetchall(),
        "bm25 over the window, top 20": lambda: connection.execute(top, window_params).fetchall(),
    }


def load_ranking(revision: str) -> types.ModuleType:
    """`reader.feed.index.ranking` as git revision `revision` has it, as a module of its own."""
    root = Path(__file__).resolve().parents[1]
    source = subprocess.run(
        ["git", "-C", str(root), "show", f"{revision}:reader/feed/index/ranking.py"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    module = types.ModuleType(f"ranking_{revision}")
    sys.modules[module.__name__] = module  # dataclasses look their module up
    exec(compile(source, f"{revision}:ranking.py", "exec"), module.__dict__)
    return module


def asking(
    module: types.ModuleType,
    connection: sqlite3.Connection,
    planned: Plan,
    asked: tuple[ranking.Sort, int, int | None, bool],
) -> Callable[[], ranking.Matches]:
    """`module`'s `run` of `planned` as one way asks it."""
    *page, scored = asked
    if scored or "scored" not in inspect.signature(module.run).parameters:
        return lambda: module.run(connection, planned, *page)
    return lambda: module.run(connection, planned, *page, scored=False)


def same_answers(
    connection: sqlite3.Connection, planned: Plan, other: types.ModuleType, text: str
) -> None:
    for way, asked in WAYS.items():
        mine = asking(ranking, connection, planned, asked)()
        theirs = asking(other, connection, planned, asked)()
        answers = [(list(m.ids), m.count, m.ranked) for m in (mine, theirs)]
        if answers[0] != answers[1] or (asked[-1] and mine.scores != theirs.scores):
            raise SystemExit(f"{text!r}, {way}: this tree and the other revision disagree")


def measure(
    connection: sqlite3.Connection, runs: int, clock: Callable[[], float], other: types.ModuleType
) -> tuple[dict[str, dict[str, float]], list[float]]:
    """Each step's median time (ms) for each query with words, and the load averages seen."""
    found: dict[str, dict[str, float]] = {}
    loads = [os.getloadavg()[0]]
    for text in QUERIES:
        planned = plan(parse(text).root)
        if not planned.match:  # no words: nothing for FTS5 to walk or rank
            continue
        every = steps(connection, planned)
        for way, asked in WAYS.items():
            every[way] = asking(ranking, connection, planned, asked)
            if other is not ranking:
                every[f"{way} [{other.__name__}]"] = asking(other, connection, planned, asked)
        if other is not ranking:
            same_answers(connection, planned, other, text)
        times: dict[str, list[float]] = {name: [] for name in every}
        for step in every.values():
            step()  # warms SQLite's page cache
        for _ in range(runs):
            for name, step in every.items():  # alternated: each step meets the same load
                start = clock()
                step()
                times[name].append(clock() - start)
        for name, taken in times.items():
            found.setdefault(name, {})[text] = statistics.median(taken) * 1000
        loads.append(os.getloadavg()[0])
    return found, loads


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--cache", type=Path, default=FEEDS, help="the indexes' folder")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--wall", action="store_true", help="wall times, not the thread's CPU")
    parser.add_argument("--against", metavar="REV", help="time this git revision's ranking too")
    args = parser.parse_args()
    folder = feed(args.size)
    cache = args.cache / f"cache-{args.size}"
    drain_fresh(folder, cache)  # builds or updates the index as search_bench does
    connection = connect(index_path([folder], cache))
    other = load_ranking(args.against) if args.against else ranking
    clock = time.perf_counter if args.wall else time.thread_time
    found, loads = measure(connection, args.runs, clock, other)
    print(
        f"{args.size:,} articles, {'wall' if args.wall else 'thread CPU'} ms, load average "
        f"{min(loads):.1f}-{max(loads):.1f}, {len(next(iter(found.values())))} queries with "
        f"words, median of {args.runs} runs each; p50 / p95 / max, p95 × the floor's"
    )
    floor = percentile(list(found["floor: FTS5 counts the matches"].values()), 0.95)
    for name, by_query in found.items():
        values = list(by_query.values())
        p95 = percentile(values, 0.95)
        slowest = sorted(by_query, key=by_query.__getitem__, reverse=True)[:3]
        print(
            f"  {name:<40} {percentile(values, 0.5):6.1f} / {p95:6.1f} / {max(values):6.1f}  "
            f"{p95 / floor:4.2f}×   {', '.join(f'{q} {by_query[q]:.0f}' for q in slowest)}"
        )


if __name__ == "__main__":
    main()
