"""Search and warm-start benchmark on generated feeds (issue 5).

    uv run python benchmarks/search_bench.py [--sizes 10000 100000] [--runs 5] [--cold-runs 1]
        [--cache DIR] [--no-app] [--goal-ways]

For each size: the cold index build (parse + index the whole feed; `--cold-runs 0` keeps the
index already in the cache), the warm start (a new `Library` on the built index: time to the
cached list, and to the end of the stat walk that syncs it), the latency of 50 fixed queries
(p50/p95 of each query's median; the p95 of its CPU time too, which the load inflates less)
asked the ways the app and the CLI ask them, beside the floor measured in the same run (FTS5
counting the matches: the walk every answer needs), `grep -ril` over the same files, and the
headless app's last keystroke in the search box → the sidebar filtered and drawn (this includes
the box's debounce, `SEARCH_DEBOUNCE_SECONDS`; the figure without it is printed too; `--no-app`
skips it). `--goal-ways` asks only the ways issue 14's goal names (the floor, the top 20 by
rank, every match best and newest first): every match's summaries, one object each, take
seconds a broad query at a million articles. Generated feeds are cached under /tmp by size,
their indexes under /tmp too (`--cache` names another folder: the size is added to it).

The machine is shared and noisy: every figure is a median of `--runs` runs.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from bisect import bisect_right
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.synth import kept_feed
from reader.feed.index import index_path
from reader.feed.library import Library
from reader.search.query import Query, parse
from reader.store.paths import CACHE_DIR_ENV, DATA_DIR_ENV

FEEDS = Path(tempfile.gettempdir()) / "pressreader-bench"
SEED = 1
WORDS = 500

# Fixed: single words (rare and common), phrases, prefixes, fields, dates, and broad queries that
# match nearly the whole feed (the synthetic filler words are in every article).
QUERIES = (
    # single words
    "canterbury",
    "maidstone",
    "burglary",
    "fraud",
    "hedges",
    "patel",
    "arrests",
    "officers",
    "residents",
    "vulnerable",
    # phrases
    '"county lines"',
    '"emergency medical packs"',
    '"smoke alarm checks"',
    '"district commander"',
    '"crime prevention advice"',
    '"hare coursing"',
    '"the council"',
    '"anyone with information"',
    # prefixes
    "canter*",
    "burgl*",
    "speed*",
    '"courier sc"*',
    "resid*",
    "pol*",
    # fields
    "title:canterbury",
    'title:"speed checks"',
    "area:kent",
    'area:"west yorkshire"',
    'site:"kent police"',
    "site:council",
    'speaker:"mark hedges"',
    "speaker:khan",
    "title:fraud area:essex",
    "speaker:patel title:dover",
    # dates
    "before:2019-01-01",
    "after:2024-06-01",
    "after:2020-01-01 before:2020-02-01",
    "canterbury after:2023-01-01",
    '"county lines" before:30/06/2019',
    "officers after:01/01/2024",
    # boolean and broad
    "kent OR sussex",
    'burglary OR fraud OR "road safety"',
    "canterbury -burglary",
    "(dover OR margate) fly-tipping",
    "officers community",
    "police officers residents",
    "officers -canterbury",
    "residents OR partners",
    "-officers",
    "the",
)
GREP_WORDS = ("canterbury", "burglary", "officers")


def feed(count: int) -> Path:
    """The generated feed of `count` articles, made once and kept under /tmp."""
    return kept_feed(FEEDS / f"feed-{count}", count, seed=SEED, words=WORDS)


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def drain(library: Library) -> None:
    for _ in library.scan():
        pass


def cold_build(folder: Path, cache: Path) -> float:
    shutil.rmtree(cache, ignore_errors=True)
    with Library([folder], cache=cache) as library:
        return timed(lambda: drain(library))


def drain_fresh(folder: Path, cache: Path) -> None:
    with Library([folder], cache=cache) as library:
        drain(library)


def warm_start(folder: Path, cache: Path) -> tuple[float, float, float]:
    """Seconds to the first cached batch (the top of the list, what the app shows first), to
    the whole cached list, and to the end of the sync (the stat walk)."""
    start = time.perf_counter()
    with Library([folder], cache=cache) as library:
        batches = library.scan()
        first = next(batches)
        top = time.perf_counter() - start
        if not first.cached:
            raise SystemExit(f"the index was rebuilt during the run: {first.notice}")
        listed = top
        for batch in batches:
            if batch.cached:
                listed = time.perf_counter() - start
    return top, listed, time.perf_counter() - start


def query_latencies(
    runs: int, ask: Callable[[Query], object]
) -> tuple[dict[str, float], dict[str, float]]:
    """Each query's median wall time in ms, and its median CPU time in ms (this process's:
    the load inflates it less than the wall time); the first run of each warms SQLite's page
    cache."""
    walls, cpus = {}, {}
    for text in QUERIES:
        query = parse(text)
        ask(query)
        times = []
        for _ in range(runs):
            started, cpu = time.perf_counter(), time.process_time()
            ask(query)
            times.append((time.perf_counter() - started, time.process_time() - cpu))
        walls[text] = statistics.median(wall for wall, _ in times) * 1000
        cpus[text] = statistics.median(cpu for _, cpu in times) * 1000
    return walls, cpus


def ways_to_ask(library: Library) -> dict[str, Callable[[Query], object]]:
    """How the app and the CLI ask for matches, and the floor, by the name each is printed
    under. The app's filtered list is a `view`: every match's id, best first (its default) or
    in the list's order; `pressreader search` asks for a page of 20."""
    return {
        "floor: FTS5 counts": lambda query: library.search(query, sort="date", limit=0),
        "rank, top 20": lambda query: library.search(query, limit=20),
        "date, top 20": lambda query: library.search(query, limit=20, sort="date"),
        "rank, top 20 + snippets": lambda query: library.search(query, limit=20, snippets=True),
        "list: every match, rank": lambda query: library.view(query, rank=True),
        "list: every match, newest": lambda query: library.view(query),
        "every match + summaries": lambda query: library.search(query, limit=None),
    }


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def grep_seconds(folder: Path, word: str, runs: int) -> float:
    command = ["grep", "-ril", word, str(folder)]
    return statistics.median(
        timed(lambda: subprocess.run(command, stdout=subprocess.DEVNULL, check=False))
        for _ in range(runs)
    )


KEYSTROKE_QUERY = "canterbury"
KEYSTROKE_TIMEOUT = 10.0
KEYSTROKE_SETTLE = 0.5


def app_keystroke_to_filtered_list(
    folder: Path, cache: Path, runs: int
) -> tuple[float | None, float]:
    """Last keystroke of a query typed into the headless app's search box → the sidebar holding
    exactly the matches and drawn (median seconds), on a warm index, or None when the sidebar
    does not hold them within `KEYSTROKE_TIMEOUT`; and the median of the same search alone
    (`Library.search`, every match, as the app asks for it)."""
    os.environ[CACHE_DIR_ENV] = str(cache)  # the app finds the index this run built
    with Library([folder], cache=cache) as library:
        drain(library)
        expected = library.search(KEYSTROKE_QUERY, limit=0).count
        alone = statistics.median(
            timed(lambda: library.search(KEYSTROKE_QUERY)) for _ in range(runs + 1)
        )
    with tempfile.TemporaryDirectory(prefix="pressreader-bench-") as data:
        os.environ[DATA_DIR_ENV] = data  # the app's reading state and prefs: never the user's
        timings = [asyncio.run(_type_query(folder, expected)) for _ in range(runs)]
    if any(timing is None for timing in timings):
        return None, alone
    return statistics.median(timing for timing in timings if timing is not None), alone


async def _type_query(folder: Path, expected: int) -> float | None:
    from textual import events  # Textual loads only for this measurement

    from reader.ui.app import PressReaderApp
    from reader.ui.widgets.article_list import ArticleList

    frames: list[float] = []

    class FramedApp(PressReaderApp):
        """Notes when each frame is composed (headless, nothing reaches a terminal, but every
        frame is still laid out and rendered: it is when the user would see it)."""

        def _display(self, screen: Any, renderable: Any) -> None:
            if renderable is not None:
                frames.append(time.perf_counter())
            super()._display(screen, renderable)

    app = FramedApp([folder])
    async with app.run_test(size=(120, 36)) as pilot:
        await app.wait_for_busy_workers()
        listing = app.query_one(ArticleList)
        await pilot.press("slash", *KEYSTROKE_QUERY[:-1])
        await asyncio.sleep(KEYSTROKE_SETTLE)  # the prefix's own search, debounced, is done
        await app.wait_for_busy_workers()
        await pilot.pause()
        last = KEYSTROKE_QUERY[-1]
        started = time.perf_counter()
        # Posted, not `pilot.press`ed: the pilot waits for the whole app to go idle after each
        # key (and `pilot.pause` does too), which is the article load after the filter as well.
        app.post_message(events.Key(last, last))
        while len(listing.rows) != expected:
            if time.perf_counter() - started > KEYSTROKE_TIMEOUT:
                return None
            await asyncio.sleep(0.001)
        filtered = time.perf_counter()
        while not frames or frames[-1] <= filtered:  # the frame that shows it
            if time.perf_counter() - started > KEYSTROKE_TIMEOUT:
                return None
            await asyncio.sleep(0.001)
        return frames[bisect_right(frames, filtered)] - started


# The ways issue 14's search goal names (`--goal-ways`).
GOAL_WAYS = (
    "floor: FTS5 counts",
    "rank, top 20",
    "list: every match, rank",
    "list: every match, newest",
)


def report(
    count: int, runs: int, cold_runs: int, caches: Path, app: bool, goal_ways: bool = False
) -> None:
    folder = feed(count)
    cache = caches / f"cache-{count}"
    print(f"\n== {count:,} articles ({folder}) ==")
    print(f"load average {' '.join(f'{load:.1f}' for load in os.getloadavg())}", flush=True)
    colds = [cold_build(folder, cache) for _ in range(cold_runs)]
    drain_fresh(folder, cache)  # re-index here if the model code changed since the build
    size = index_path([folder], cache).stat().st_size / 1e6
    if colds:
        print(
            f"cold index build     {statistics.median(colds):7.1f} s   (median of {cold_runs}; "
            f"{count / statistics.median(colds):,.0f} articles/s; index {size:,.0f} MB)"
        )
    else:
        print(f"cold index build     not run (--cold-runs 0); index {size:,.0f} MB")
    warm = [warm_start(folder, cache) for _ in range(runs)]
    for label, position in (
        ("top of the list", 0),
        ("whole list", 1),
        ("synced (stat walk)", 2),
    ):
        seconds = statistics.median(times[position] for times in warm)
        print(f"warm start: {label:<20} {seconds:5.2f} s")
    with Library([folder], cache=cache) as library:
        drain(library)  # as the app does: search maps ids to the summaries it listed
        counts = [library.search(query, limit=0).count for query in QUERIES]
        broad = sum(1 for found in counts if found >= 0.5 * count)
        print(f"queries: {len(QUERIES)}, {broad} of them match over half the feed")
        floor = floor_cpu = 0.0
        for label, ask in ways_to_ask(library).items():
            if goal_ways and label not in GOAL_WAYS:
                continue
            latencies, cpus = query_latencies(runs, ask)
            values = list(latencies.values())
            p95, cpu_p95 = percentile(values, 0.95), percentile(list(cpus.values()), 0.95)
            floor, floor_cpu = floor or p95, floor_cpu or cpu_p95
            slowest = sorted(latencies, key=latencies.__getitem__, reverse=True)[:3]
            print(
                f"  {label:<26} p50 {percentile(values, 0.5):6.1f} ms   "
                f"p95 {p95:6.1f} ms ({p95 / floor:4.1f}× floor)   max {max(values):6.1f} ms   "
                f"CPU p95 {cpu_p95:6.1f} ms ({cpu_p95 / floor_cpu:4.1f}× floor)   "
                f"load {os.getloadavg()[0]:.1f}   "
                f"slowest: {', '.join(f'{query} {latencies[query]:.0f}' for query in slowest)}",
                flush=True,
            )
    for word in GREP_WORDS:
        print(f"grep -ril {word:<12} {grep_seconds(folder, word, min(runs, 3)):7.2f} s")
    if app:
        keystroke_report(folder, cache, runs)


def keystroke_report(folder: Path, cache: Path, runs: int) -> None:
    keystroke, alone = app_keystroke_to_filtered_list(folder, cache, runs)
    if keystroke is None:
        print("keystroke → filtered list: not measured: the sidebar never held the matches")
    else:
        from reader.ui.widgets.sidebar import SEARCH_DEBOUNCE_SECONDS

        print(
            f"keystroke → filtered list: {keystroke * 1000:.0f} ms (median of {runs}; "
            f"{(keystroke - SEARCH_DEBOUNCE_SECONDS) * 1000:.0f} ms after the "
            f"{SEARCH_DEBOUNCE_SECONDS * 1000:.0f} ms debounce; the search alone "
            f"{alone * 1000:.0f} ms, {KEYSTROKE_QUERY!r} every match)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cold-runs", type=int, default=1)
    parser.add_argument("--cache", type=Path, default=FEEDS, help="the indexes' folder")
    parser.add_argument("--no-app", action="store_true", help="skip the keystroke in the app")
    parser.add_argument(
        "--goal-ways", action="store_true", help="only the ways issue 14's search goal names"
    )
    args = parser.parse_args()
    for count in args.sizes:
        report(count, args.runs, args.cold_runs, args.cache, not args.no_app, args.goal_ways)


if __name__ == "__main__":
    main()
