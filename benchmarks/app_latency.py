"""How quickly the reader app responds, headless (`App.run_test`), on synthetic feeds.

    uv run python benchmarks/app_latency.py [--sizes 10000 100000] [--presses 21] [--launches 3]

For each feed size it reports:
- launch → first article rendered, for `--launches` launches in a row against one cache folder:
  the first launch starts with an empty cache (cold), the later ones find what it left (warm,
  once the feed is read through the search index; until then every launch parses every file);
- key (`n`) → next 1,000-word article rendered: median and p95 over `--presses` presses;
- the sidebar alone: launch → first frame of a list holding that many summaries, against a bare
  app's launch → first frame in the same run.

Feeds are generated once per (size, words) under /tmp/pressreader-bench and reused.
Timings on a shared 2-core machine are noisy: read medians, compare ratios.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from synth import generate_feed
from textual.app import App, ComposeResult
from textual.pilot import Pilot

from reader.app import PressReaderApp
from reader.article import ArticleSummary
from reader.paths import CACHE_DIR_ENV, DATA_DIR_ENV
from reader.widgets.article_list import ArticleList
from reader.widgets.article_view import ArticleView

BENCH_ROOT = Path("/tmp/pressreader-bench")
SIZE = (120, 36)
WORDS = 1_000
POLL_SECONDS = 0.002


def cached_feed(count: int, words: int) -> Path:
    """A synthetic feed of `count` articles, generated on first use."""
    folder = BENCH_ROOT / f"feed-{count}-w{words}"
    done = folder / ".complete"
    if not done.exists():
        print(f"generating {count:,} articles of {words:,} words in {folder} …", flush=True)
        started = time.perf_counter()
        generate_feed(folder, count, words=words)
        done.touch()
        print(f"  took {time.perf_counter() - started:.0f} s", flush=True)
    return folder


async def wait_until(check: Callable[[], bool], pilot: Pilot[Any]) -> None:
    while not check():
        await asyncio.sleep(POLL_SECONDS)
    await pilot.pause()  # let the frame that shows it be drawn


async def launch_to_first_article(feed: Path) -> float:
    started = time.perf_counter()
    app = PressReaderApp([feed])
    async with app.run_test(size=SIZE) as pilot:
        view = app.query_one(ArticleView)
        await wait_until(lambda: view.article is not None, pilot)
        return time.perf_counter() - started


async def key_to_next_article(feed: Path, presses: int) -> list[float]:
    app = PressReaderApp([feed])
    timings: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()  # the whole feed listed, so `n` always has a next
        await pilot.pause()
        listing = app.query_one(ArticleList)
        view = app.query_one(ArticleView)
        await wait_until(lambda: view.article is not None, pilot)
        for _ in range(presses):
            expected = listing.rows[listing.cursor + 1].path
            started = time.perf_counter()
            await pilot.press("n")
            await wait_until(lambda path=expected: _showing(view, path), pilot)
            timings.append(time.perf_counter() - started)
    return timings


def _showing(view: ArticleView, path: Path) -> bool:
    return view.article is not None and view.article.path == path


class _BareApp(App[None]):
    pass


class _SidebarApp(App[None]):
    def __init__(self, summaries: list[ArticleSummary]) -> None:
        super().__init__()
        self._summaries = summaries

    def compose(self) -> ComposeResult:
        yield ArticleList()

    def on_mount(self) -> None:
        self.query_one(ArticleList).set_items(self._summaries)


async def launch_to_first_frame(make_app: Callable[[], App[Any]]) -> float:
    started = time.perf_counter()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        return time.perf_counter() - started


def synthetic_summaries(count: int) -> list[ArticleSummary]:
    from datetime import datetime, timedelta

    start = datetime(2018, 1, 1)
    return [
        ArticleSummary(
            Path(f"/feed/{n:06d}.md"),
            f"Synthetic article number {n} about something that happened",
            "Kent Police",
            "Kent",
            start + timedelta(minutes=(n * 7919) % 3_000_000),
            None,
            f"id{n}",
            WORDS,
        )
        for n in range(count)
    ]


def median_of(runs: int, measure: Callable[[], Awaitable[float]]) -> float:
    return statistics.median(asyncio.run(measure()) for _ in range(runs))


def report(count: int, presses: int, launches: int) -> None:
    feed = cached_feed(count, WORDS)
    print(f"\n== {count:,} articles of {WORDS:,} words ==", flush=True)
    with tempfile.TemporaryDirectory(prefix="pressreader-bench-") as home:
        os.environ[CACHE_DIR_ENV] = str(Path(home) / "cache")
        os.environ[DATA_DIR_ENV] = str(Path(home) / "data")
        for number in range(1, launches + 1):
            seconds = asyncio.run(launch_to_first_article(feed))
            state = "empty cache" if number == 1 else "cache left by the launches before"
            print(f"launch {number} ({state}) → first article: {seconds:.2f} s", flush=True)
        timings = asyncio.run(key_to_next_article(feed, presses))
    quantiles = statistics.quantiles(timings, n=20)
    print(
        f"key n → next article rendered: median {statistics.median(timings) * 1000:.0f} ms, "
        f"p95 {quantiles[-1] * 1000:.0f} ms, max {max(timings) * 1000:.0f} ms "
        f"({len(timings)} presses)"
    )
    summaries = synthetic_summaries(count)
    bare = median_of(3, lambda: launch_to_first_frame(_BareApp))
    sidebar = median_of(3, lambda: launch_to_first_frame(lambda: _SidebarApp(summaries)))
    print(
        f"sidebar alone with {count:,} summaries → first frame: {sidebar:.2f} s "
        f"(bare app {bare:.2f} s; median of 3)",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--presses", type=int, default=21)
    parser.add_argument("--launches", type=int, default=3)
    args = parser.parse_args()
    for count in args.sizes:
        report(count, args.presses, args.launches)


if __name__ == "__main__":
    main()
