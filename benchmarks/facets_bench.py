"""Facets at scale (issue 16): counts by area, site, year/month and speaker over every match.

    uv run python benchmarks/facets_bench.py [--size 100000] [--words 300] [--runs 7]

Generates (once) a feed of `--size` articles with `synth.py` under /tmp/pressreader-bench, builds
its index (once; the cold build time is printed when it happens), then prints the median of
`--runs` runs of `FeedIndex.facets` for the whole feed (what the app's facets panel asks for with
no search: the target is 100 ms at 100k) and for searches matching about all, a fifth, a tenth
of the feed and one with an exclusion. Beside them is the floor, measured in the same run: one
plain pass over the docs table reading the four facet columns (`SELECT count(area),
count(site), count(published), count(speakers) FROM docs`), which is what counting them
without the covering indexes would at least cost; and the search alone (every match's id, as
the app's filtered list asks for it).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.synth import generate_feed
from benchmarks.timing import median_seconds
from reader.feed.library import Library
from reader.search.query import parse

QUERIES = (None, "police", "area:kent", "knife", "police -burglary")


def median_ms(work: Callable[[], object], runs: int) -> float:
    return median_seconds(work, runs) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--words", type=int, default=300)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    root = Path("/tmp/pressreader-bench") / f"desk-{args.size}-w{args.words}"
    feed = root / "feed"
    if not (root / "generated").exists():
        generate_feed(feed, args.size, words=args.words)
        (root / "generated").touch()
    with Library([feed], cache=root / "cache") as library:
        started = time.perf_counter()
        library.refresh()
        print(f"index ready in {time.perf_counter() - started:.1f} s ({args.size:,} articles)")
        index = library.index
        connection = index._connection()  # the floor runs on the index's own connection
        floor = median_ms(
            lambda: connection.execute(
                "SELECT count(area), count(site), count(published), count(speakers) FROM docs"
            ).fetchone(),
            args.runs,
        )
        print(f"floor: one pass over docs reading the facet columns  {floor:8.1f} ms")
        for text in QUERIES:
            query = parse(text) if text else None
            found = index.facets(query)
            facets = median_ms(lambda query=query: index.facets(query), args.runs)  # type: ignore[misc]
            search = (
                median_ms(lambda query=query: index.search(query, limit=None), args.runs)  # type: ignore[misc]
                if query
                else 0.0
            )
            label = text or "(whole feed)"
            print(
                f"facets {label:<18} {found.count:>7,} matches  {facets:8.1f} ms  "
                f"{facets / floor:5.2f}x floor  search alone {search:6.1f} ms"
            )


if __name__ == "__main__":
    main()
