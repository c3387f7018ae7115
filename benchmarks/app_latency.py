"""How quickly the reader app responds, headless (`App.run_test`), on synthetic feeds.

    uv run python benchmarks/app_latency.py [--sizes 10000 100000] [--presses 21] [--launches 3]
        [--words 1000] [--synth-index] [--compile-always] [--cache DIR]

For each feed size it reports:
- launch → first article rendered, for `--launches` processes in a row against one cache
  folder, from process start (interpreter and imports included) and from app start: the first
  launch starts with an empty index cache (cold) and is stopped at its first article; the index
  is then built to the end, so the later launches start warm (their median is printed too).
  With `--synth-index` the index is written by `synth.py --index` (from the generator's fields,
  no parse: minutes at a million articles, where a cold build takes an hour here) and kept
  under /tmp/pressreader-bench, and every launch is warm; with `--cache DIR`, the index in
  DIR/cache-SIZE (built by `search_bench.py --cache DIR` or `headless_bench.py --cache`) serves
  every launch, warm, so a million articles need not be indexed twice. Each launch prints the
  app's memory once its load and sync are over: RSS now (and the anonymous part of it, the rest
  being mapped files and shared libraries) and the peak;
- the floor, measured in the same run: a bare Textual app in a new process, launch → first
  frame and its RSS (interpreter, Textual and a screen: what no Textual app can go below);
  the app's process imports what `pressreader` does (`reader.cli`, then the app), the bare
  app's Textual alone;
- the launches are warm for Python too: their compiled modules are kept (under
  /tmp/pressreader-bench/pycache, filled by an untimed launch first), as a second run of
  `pressreader` finds them; `--compile-always` compiles every module at every launch, as this
  machine's PYTHONDONTWRITEBYTECODE made the earlier figures do;
- key (`n`) → next article rendered: median and p95 over `--presses` presses, beside a bare
  app's key → frame (a line of text changed) measured the same way;
  "rendered" is the first frame composed after the article view took the article;
- the sidebar alone: launch → first frame of a list holding that many summaries, against a bare
  app's launch → first frame in the same run.

Feeds are generated once per (size, words) under /tmp/pressreader-bench and reused.
Timings on a shared 2-core machine are noisy: read medians, compare ratios.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

from synth import COMPLETE, index_feed, kept_feed
from textual import events
from textual.app import App, ComposeResult
from textual.binding import BindingType
from textual.widgets import Static

# The reader's modules are imported where they are used: a launch's child imports what the app
# does, and the bare app's child imports Textual alone (it imported the whole app before).
if TYPE_CHECKING:
    from reader.articles.model import ArticleSummary
    from reader.ui.widgets.article_view import ArticleView

BENCH_ROOT = Path("/tmp/pressreader-bench")
# The launches' compiled modules: a warm launch finds them where `pressreader` run before left
# them (in __pycache__), where this machine's PYTHONDONTWRITEBYTECODE compiled every module on
# every launch (0.6-1 s of a launch); here they are kept outside the trees (`--compile-always`
# measures as before).
PYCACHE = BENCH_ROOT / "pycache"
SIZE = (120, 36)
WORDS = 1_000
SETTLE_SECONDS = 0.2


SIDEBAR_ALONE_MAX = 100_000  # more summaries held in memory than that is not a sidebar's case


def cached_feed(count: int, words: int) -> Path:
    """A synthetic feed of `count` articles, generated on first use (or `synth.py`'s
    `feed-COUNT`, when it was written with these words)."""
    written = BENCH_ROOT / f"feed-{count}" / COMPLETE
    if written.exists() and f"words={words}" in written.read_text().split():
        return written.parent
    return kept_feed(BENCH_ROOT / f"feed-{count}-w{words}", count, words=words)


def synth_index(feed: Path, count: int, words: int) -> Path:
    """The cache folder of `feed`'s index as `synth.py --index` writes it, written if missing
    (or made stale by a change to the code whose output the index holds)."""
    from reader.feed.index import FeedIndex

    cache = BENCH_ROOT / f"index-{count}-w{words}"
    index = FeedIndex([feed], directory=cache)
    try:
        current = index.count() == count
    finally:
        index.close()
    if not current:
        print(f"indexing {count:,} articles into {cache} …", flush=True)
        started = time.perf_counter()
        index_feed(feed, count, cache, words=words)
        print(f"  took {time.perf_counter() - started:.0f} s", flush=True)
    return cache


class FrameClock:
    """Mixed into an app: when each frame was composed. Headless, nothing reaches a terminal,
    but every frame is still laid out and rendered, so this is when the user would see it.

    Frames are waited for, not polled: a loop waking every millisecond to look took the GIL
    from the app's workers as often (the list's ids, read row by row, took 2-4x longer)."""

    frames: list[float]
    _waiting: list[tuple[Callable[[], bool], asyncio.Future[tuple[float, float]]]]

    def _display(self, screen: Any, renderable: Any) -> None:
        if renderable is not None:
            now, cpu = time.perf_counter(), time.thread_time()
            self.frames.append(now)
            # What the frame shows was set before it was composed (on this thread).
            for waiting in [waiting for waiting in self._waiting if waiting[0]()]:
                self._waiting.remove(waiting)
                waiting[1].set_result((now, cpu))
        super()._display(screen, renderable)  # type: ignore[misc]

    async def first_frame_where(self, check: Callable[[], bool]) -> float:
        """When the first frame composed from now on that shows what `check` looks for was."""
        return (await self.first_frame_clocks(check))[0]

    async def first_frame_clocks(self, check: Callable[[], bool]) -> tuple[float, float]:
        """`first_frame_where`'s time, and the main thread's CPU clock (`time.thread_time`)
        then: the event loop's work up to that frame, which the load inflates less than the
        wall clock."""
        return await self.frame_when(check)

    def frame_when(self, check: Callable[[], bool]) -> asyncio.Future[tuple[float, float]]:
        """`first_frame_clocks` as a future, waiting from the moment it is made: made before
        an action, it cannot miss the action's frame, and several can wait at once."""
        future: asyncio.Future[tuple[float, float]] = asyncio.get_running_loop().create_future()
        self._waiting.append((check, future))
        return future


def timed_reader(feed: Path) -> Any:
    """The reader app with a `FrameClock` (imported here: a launch's child process imports
    what `pressreader` does, and then the app, as it would)."""
    from reader.ui.app import PressReaderApp

    class TimedReader(FrameClock, PressReaderApp):
        def __init__(self) -> None:
            super().__init__([feed])
            self.frames, self._waiting = [], []

    return TimedReader()


async def launch_to_first_article(feed: Path) -> None:
    """(In a child process.) Print the seconds from app start to the first article's frame and
    the process's CPU seconds until then (every thread's, from its start: the interpreter and
    the imports too), then wait to be stopped: the app's teardown is not part of the launch."""
    import reader.cli  # noqa: F401  (what the `pressreader` script imports, then the app)
    from reader.ui.app import PressReaderApp  # noqa: F401
    from reader.ui.widgets.article_view import ArticleView

    started = time.perf_counter()
    app = timed_reader(feed)
    async with app.run_test(size=SIZE):
        view = app.query_one(ArticleView)
        drawn = await app.first_frame_where(lambda: view.article is not None)
        print(f"{drawn - started:.6f} {time.process_time():.6f}", flush=True)
        # Then the memory once the load and its sync are over (the list paged from the index).
        await app.wait_for_busy_workers()
        await asyncio.sleep(SETTLE_SECONDS)
        print(f"{resident_mb():.1f} {peak_mb():.1f} {anonymous_mb():.1f}", flush=True)
        await asyncio.Event().wait()


async def bare_launch() -> None:
    """(In a child process.) The floor: a bare Textual app's seconds from app start to its
    first frame and its CPU seconds until then, then its memory."""
    started = time.perf_counter()
    app = _BareApp()
    async with app.run_test(size=SIZE):
        drawn = await app.first_frame_where(lambda: True)
        print(f"{drawn - started:.6f} {time.process_time():.6f}", flush=True)
        await asyncio.sleep(SETTLE_SECONDS)
        print(f"{resident_mb():.1f} {peak_mb():.1f} {anonymous_mb():.1f}", flush=True)
        await asyncio.Event().wait()


def resident_mb() -> float:
    """This process's resident set size now, in MB (Linux)."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def anonymous_mb() -> float:
    """The anonymous part of the resident set (heap, Python objects, SQLite's page caches):
    the rest is mapped files (shared libraries, and any memory-mapped index)."""
    for line in Path("/proc/self/smaps_rollup").read_text().splitlines():
        if line.startswith("Anonymous:"):
            return int(line.split()[1]) / 1024
    return 0.0


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def complete_index(feed: Path) -> None:
    """Bring the feed's index (in the cache folder the environment names) up to date."""
    from reader.feed.library import Library

    with Library([feed]) as library:
        library.refresh()


def child_environment(compile_always: bool) -> dict[str, str]:
    """The launches' environment: compiled modules kept in `PYCACHE` (or never kept)."""
    environment = dict(os.environ)
    if compile_always:
        environment["PYTHONDONTWRITEBYTECODE"] = "1"
    else:
        environment.pop("PYTHONDONTWRITEBYTECODE", None)
        environment["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    return environment


class Launch(NamedTuple):
    """One launch: seconds from starting the process to its first article's frame (interpreter
    start and imports included), the part of that after the imports, the process's CPU seconds
    until that frame, and its memory in MB (now, peak, anonymous) once its load and sync are
    over."""

    whole: float
    in_app: float
    cpu: float
    memory: list[float]


def process_launch(feed: Path | None, environment: dict[str, str]) -> Launch:
    """A launch of the app on `feed` in a new process; without a feed, a bare Textual app's
    (to its first frame)."""
    started = time.perf_counter()
    child = ["--child-launch", str(feed)] if feed is not None else ["--child-bare"]
    command = [sys.executable, __file__, *child]
    # Its own session, so that stopping it stops the parsing processes it started too.
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, text=True, start_new_session=True, env=environment
    ) as child:
        assert child.stdout is not None
        in_app, cpu = (float(value) for value in child.stdout.readline().split())
        whole = time.perf_counter() - started
        memory = [float(value) for value in child.stdout.readline().split()]
        os.killpg(child.pid, signal.SIGTERM)
    return Launch(whole, in_app, cpu, memory)


def shown(memory: list[float]) -> str:
    if not memory:
        return "no memory reading"
    now, peak, anonymous = memory
    return f"RSS {now:.0f} MB ({anonymous:.0f} MB anonymous), peak {peak:.0f} MB"


async def key_to_next_article(feed: Path, presses: int) -> list[tuple[float, float]]:
    """Each press's seconds from key to the next article's frame, and the main thread's CPU
    seconds meanwhile."""
    from reader.ui.widgets.article_list import ArticleList
    from reader.ui.widgets.article_view import ArticleView

    app = timed_reader(feed)
    timings: list[tuple[float, float]] = []
    async with app.run_test(size=SIZE) as pilot:
        await app.wait_for_busy_workers()  # the whole feed listed, so `n` always has a next
        await pilot.pause()
        listing = app.query_one(ArticleList)
        view = app.query_one(ArticleView)
        for _ in range(presses):
            await asyncio.sleep(SETTLE_SECONDS)  # let the info panel catch up, as between reads
            expected = listing.rows[listing.cursor + 1].path
            started, cpu = time.perf_counter(), time.thread_time()
            app.post_message(events.Key("n", "n"))
            drawn = await app.first_frame_clocks(lambda path=expected: _showing(view, path))
            timings.append((drawn[0] - started, drawn[1] - cpu))
    return timings


async def bare_key_presses(presses: int) -> list[tuple[float, float]]:
    """The floor for a key press, measured as the app's are: a bare app whose key changes a
    line of text, key → the frame that shows it."""
    app = _BareKeyApp()
    timings: list[tuple[float, float]] = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for _ in range(presses):
            await asyncio.sleep(SETTLE_SECONDS)
            wanted = app.count + 1
            started, cpu = time.perf_counter(), time.thread_time()
            app.post_message(events.Key("n", "n"))
            drawn = await app.first_frame_clocks(lambda wanted=wanted: app.count >= wanted)
            timings.append((drawn[0] - started, drawn[1] - cpu))
    return timings


def _showing(view: ArticleView, path: Path) -> bool:
    return view.article is not None and view.article.path == path


class _BareApp(FrameClock, App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.frames, self._waiting = [], []


class _BareKeyApp(FrameClock, App[None]):
    BINDINGS: ClassVar[list[BindingType]] = [("n", "next", "Next")]

    def __init__(self) -> None:
        super().__init__()
        self.frames, self._waiting = [], []
        self.count = 0

    def compose(self) -> ComposeResult:
        yield Static("0")

    def action_next(self) -> None:
        self.count += 1
        self.query_one(Static).update(str(self.count))


class _SidebarApp(FrameClock, App[None]):
    def __init__(self, summaries: list[ArticleSummary]) -> None:
        super().__init__()
        self.frames, self._waiting = [], []
        self._summaries = summaries

    def compose(self) -> ComposeResult:
        from reader.ui.widgets.article_list import ArticleList

        yield ArticleList()

    def on_mount(self) -> None:
        from reader.feed.library import MemoryView
        from reader.ui.widgets.article_list import ArticleList

        ordered = sorted(self._summaries, key=lambda summary: summary.sort_key)
        self.query_one(ArticleList).set_source(MemoryView(ordered))


async def launch_to_first_frame(make_app: Callable[[], FrameClock]) -> float:
    started = time.perf_counter()
    app = make_app()
    assert isinstance(app, App)
    async with app.run_test(size=SIZE):
        return await app.first_frame_where(lambda: True) - started


def synthetic_summaries(count: int) -> list[ArticleSummary]:
    from datetime import datetime, timedelta

    from reader.articles.model import ArticleSummary

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


def report(
    count: int,
    presses: int,
    launches: int,
    words: int,
    *,
    synthesized: bool,
    compile_always: bool,
    kept: Path | None = None,
) -> None:
    from reader.store.paths import CACHE_DIR_ENV, DATA_DIR_ENV

    feed = cached_feed(count, words)
    cache = kept or (synth_index(feed, count, words) if synthesized else None)
    print(f"\n== {count:,} articles of {words:,} words ==", flush=True)
    with tempfile.TemporaryDirectory(prefix="pressreader-bench-") as home:
        os.environ[CACHE_DIR_ENV] = str(cache or Path(home) / "cache")
        os.environ[DATA_DIR_ENV] = str(Path(home) / "data")
        environment = child_environment(compile_always)
        if not compile_always:  # untimed: the modules are compiled once, as by a first run
            process_launch(None, environment)
            if cache is not None:
                process_launch(feed, environment)
        warm: list[Launch] = []
        floors: list[Launch] = []
        for number in range(1, launches + 1):
            floors.append(process_launch(None, environment))
            launch = process_launch(feed, environment)
            cold = number == 1 and cache is None
            state = "empty cache" if cold else "warm index cache"
            print(
                f"launch {number} ({state}) → first article: {launch.whole:.2f} s from process "
                f"start, {launch.in_app:.2f} s of it after the imports, {launch.cpu:.2f} s of "
                f"CPU; after load and sync: {shown(launch.memory)}; bare Textual app → first "
                f"frame {floors[-1].whole:.2f} s, {floors[-1].cpu:.2f} s of CPU, "
                f"{shown(floors[-1].memory)}; load {load()}",
                flush=True,
            )
            if cold:
                complete_index(feed)  # already built by the launch; a no-op sync
            else:
                warm.append(launch)
        if warm:
            _report_warm(warm, floors)
        print(f"key presses from load {load()}", flush=True)
        timings = asyncio.run(key_to_next_article(feed, presses))
    floor = asyncio.run(bare_key_presses(presses))
    for clock, part in (("wall", 0), ("main thread's CPU", 1)):
        mine, its = [timing[part] for timing in timings], [timing[part] for timing in floor]
        print(
            f"key n → next article rendered, {clock}: {_spread(mine)} ({len(mine)} presses); "
            f"bare Textual app, key → its frame: {_spread(its)}; medians "
            f"{statistics.median(mine) / statistics.median(its):.2f}x, p95 "
            f"{_p95(mine) / _p95(its):.2f}x; load {load()}",
            flush=True,
        )
    if count > SIDEBAR_ALONE_MAX:
        return
    summaries = synthetic_summaries(count)
    bare = median_of(3, lambda: launch_to_first_frame(_BareApp))
    sidebar = median_of(3, lambda: launch_to_first_frame(lambda: _SidebarApp(summaries)))
    print(
        f"sidebar alone with {count:,} summaries → first frame: {sidebar:.2f} s "
        f"(bare app {bare:.2f} s; median of 3)",
        flush=True,
    )


def _p95(timings: list[float]) -> float:
    return statistics.quantiles(timings, n=20)[-1]


def _spread(timings: list[float]) -> str:
    return (
        f"median {statistics.median(timings) * 1000:.0f} ms, p95 {_p95(timings) * 1000:.0f} ms, "
        f"max {max(timings) * 1000:.0f} ms"
    )


def load() -> str:
    return "/".join(f"{value:.1f}" for value in os.getloadavg())


def _report_warm(warm: list[Launch], floors: list[Launch]) -> None:
    whole = statistics.median(launch.whole for launch in warm)
    floor = statistics.median(launch.whole for launch in floors)
    cpu = statistics.median(launch.cpu for launch in warm)
    floor_cpu = statistics.median(launch.cpu for launch in floors)
    rss = [launch.memory[0] for launch in warm if launch.memory]
    peak = [launch.memory[1] for launch in warm if launch.memory]
    floor_rss = statistics.median(launch.memory[0] for launch in floors if launch.memory)
    print(
        f"warm launch → first article: median {whole:.2f} s from process start "
        f"({whole / floor:.2f}x the bare app's {floor:.2f} s), "
        f"{statistics.median(launch.in_app for launch in warm):.2f} s after the imports, "
        f"{cpu:.2f} s of CPU ({cpu / floor_cpu:.2f}x the bare app's {floor_cpu:.2f} s) "
        f"({len(warm)} launches); RSS after load and sync: median {statistics.median(rss):.0f} MB "
        f"({statistics.median(rss) / floor_rss:.2f}x the bare app's {floor_rss:.0f} MB), "
        f"peak {max(peak):.0f} MB",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--presses", type=int, default=21)
    parser.add_argument("--launches", type=int, default=3)
    parser.add_argument("--words", type=int, default=WORDS)
    parser.add_argument("--synth-index", action="store_true", help="index with synth.py --index")
    parser.add_argument(
        "--compile-always",
        action="store_true",
        help="launch with PYTHONDONTWRITEBYTECODE: every module compiled at every launch",
    )
    parser.add_argument(
        "--cache",
        type=Path,
        help="a folder of built indexes, CACHE/cache-SIZE (as search_bench --cache keeps them): "
        "every launch is warm on it",
    )
    parser.add_argument("--child-launch", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child-bare", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_launch:
        asyncio.run(launch_to_first_article(args.child_launch))
    if args.child_bare:
        asyncio.run(bare_launch())
    for count in args.sizes:
        report(
            count,
            args.presses,
            args.launches,
            args.words,
            synthesized=args.synth_index,
            compile_always=args.compile_always,
            kept=args.cache / f"cache-{count}" if args.cache else None,
        )


if __name__ == "__main__":
    main()
