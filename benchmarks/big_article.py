"""Opening and leaving one huge article with the info panel shown (issue 15, item 5), headless.

    uv run python benchmarks/big_article.py [--lines 80000] [--speakers 50] [--runs 5]

The article is `--lines` paragraphs of `Inspector Jo Smith said: 'Case 17 stays open.'` (about
4 MB at 80,000 lines, under the 5 MB a file may be), spread over `--speakers` speakers, in a
feed generated under /tmp/pressreader-bench: a small article above it, and two below. With the
info panel shown, it reports the median over `--runs` of:

- open: key `n` on the small article above it → the first frame showing the big article, →
  the first frame with its panel's metadata, and → the first with its quotes listed (they are
  found in a worker after the article is shown);
- leave: key `n` on the big article → the first frame showing the small one below it, and →
  that one's panel filled in;
- the floor: key `n` between the two small articles below, and back, in the same app and run;
- the longest the event loop went without running a 10 ms heartbeat timer, over the opens
  (the worker finding 80,000 quotes competes with it for the interpreter) and over the leaves:
  any heavy work on the UI thread shows up here, whatever key it follows.

Timings on a shared 2-core machine are noisy: read medians, compare ratios.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from app_latency import FrameClock
from textual import events
from timing import until

from reader.store.config import Config
from reader.store.paths import CACHE_DIR_ENV, DATA_DIR_ENV
from reader.ui.app import PressReaderApp
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.metadata_fields import MetadataFields
from reader.ui.widgets.quote_list import QuoteList

BENCH_ROOT = Path("/tmp/pressreader-bench")
SIZE = (160, 48)  # wide: the article list, the article and the info panel side by side
HEARTBEAT_SECONDS = 0.01
RANKS = ("Inspector", "Sergeant", "Chief Inspector", "Superintendent", "Councillor")
FIRST = ("Alex", "Sam", "Jo", "Chris", "Pat", "Robin", "Lee", "Kim", "Dana", "Mark")
LAST = ("Smith", "Jones", "Brown", "Taylor", "Evans", "Walker", "Hughes", "Wood", "Green")
BIG_TITLE = "Every case this year"
SMALL = {
    "above.md": ("Small release above", "10:00 04/02/2021"),
    "below.md": ("Small release below", "10:00 02/02/2021"),
    "last.md": ("Small release last", "10:00 01/02/2021"),
}
ABOVE, BELOW, LAST = (title for title, _ in SMALL.values())


def speaker_names(count: int) -> list[str]:
    names = [f"{rank} {first} {last}" for rank in RANKS for last in LAST for first in FIRST]
    return names[:count]


def article_text(title: str, date: str, body: str) -> str:
    slug = title.lower().replace(" ", "-")
    return (
        f"```yaml\ntitle: {title}\nurl: https://example.org/{slug}\narea: Kent\n"
        f"publish:\n  date: {date}\n```\n\n{body}\n"
    )


def big_feed(lines: int, speakers: int) -> Path:
    """The three-article feed (generated once per size)."""
    folder = BENCH_ROOT / f"big-article-{lines}-{speakers}"
    big = folder / "big.md"
    if not big.exists():
        folder.mkdir(parents=True, exist_ok=True)
        names = speaker_names(speakers)
        said = (f"{names[n % len(names)]} said: 'Case {n} stays open.'" for n in range(lines))
        small = "Inspector Jo Smith said: 'Patrols continue in the town centre.'"
        for name, (title, date) in SMALL.items():
            (folder / name).write_text(article_text(title, date, small))
        big.with_suffix(".tmp").write_text(
            article_text(BIG_TITLE, "10:00 03/02/2021", "\n\n".join(said))
        )
        big.with_suffix(".tmp").rename(big)
    return folder


@dataclass
class Timings:
    open_article: list[float] = field(default_factory=list)
    open_panel: list[float] = field(default_factory=list)
    open_quotes: list[float] = field(default_factory=list)
    leave_article: list[float] = field(default_factory=list)
    leave_panel: list[float] = field(default_factory=list)
    floor: list[float] = field(default_factory=list)
    open_stall: float = 0.0
    leave_stall: float = 0.0


class TimedReader(FrameClock, PressReaderApp):
    def __init__(self, feed: Path) -> None:
        super().__init__([feed], config=Config(dwell_seconds=600))
        self.frames, self._waiting = [], []
        self.beats: list[float] = []

    def on_mount(self) -> None:
        super().on_mount()
        self.set_interval(HEARTBEAT_SECONDS, lambda: self.beats.append(time.perf_counter()))


def shown(app: TimedReader, title: str) -> bool:
    article = app.query_one(ArticleView).article
    return article is not None and article.title == title


def panel_shows(app: TimedReader, title: str) -> bool:
    return ("Title", title) in app.query_one(MetadataFields).fields


def quotes_listed(app: TimedReader, count: int) -> bool:
    return app.query_one(QuoteList).quote_count == count


async def step(app: TimedReader, key: str, title: str) -> tuple[float, float]:
    """Press `key`; seconds to the first frame showing the article titled `title`, and to the
    first frame with its info panel's metadata."""
    started = time.perf_counter()
    article = app.frame_when(lambda: shown(app, title))
    panel = app.frame_when(lambda: panel_shows(app, title))
    app.post_message(events.Key(key, key))
    return (await article)[0] - started, (await panel)[0] - started


async def measure(feed: Path, runs: int, quotes: int) -> Timings:
    app = TimedReader(feed)
    timings = Timings()
    async with app.run_test(size=SIZE) as pilot:
        await app.wait_for_busy_workers()
        await until(lambda: panel_shows(app, ABOVE))
        await pilot.pause()
        for _ in range(runs):
            beats = len(app.beats)
            started = time.perf_counter()
            listed = app.frame_when(lambda: quotes_listed(app, quotes))
            opened = await step(app, "n", BIG_TITLE)
            timings.open_quotes.append((await listed)[0] - started)
            timings.open_article.append(opened[0])
            timings.open_panel.append(opened[1])
            timings.open_stall = max(timings.open_stall, longest_gap(app.beats[beats:]))
            await app.wait_for_busy_workers()
            beats = len(app.beats)
            left = await step(app, "n", BELOW)
            timings.leave_article.append(left[0])
            timings.leave_panel.append(left[1])
            await app.wait_for_busy_workers()
            timings.leave_stall = max(timings.leave_stall, longest_gap(app.beats[beats:]))
            timings.floor.append((await step(app, "n", LAST))[0])
            timings.floor.append((await step(app, "p", BELOW))[0])
            await step(app, "g", ABOVE)  # back to the top, past the big one
            await app.wait_for_busy_workers()
    return timings


def longest_gap(beats: list[float]) -> float:
    return max((later - earlier for earlier, later in pairwise(beats)), default=0.0)


def ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:,.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=80_000)
    parser.add_argument("--speakers", type=int, default=50)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    feed = big_feed(args.lines, args.speakers)
    size = (feed / "big.md").stat().st_size / 2**20
    print(f"{args.lines:,} quote lines, {args.speakers} speakers, {size:.1f} MB: {feed}")
    with tempfile.TemporaryDirectory(prefix="pressreader-bench-") as home:
        os.environ[CACHE_DIR_ENV] = str(Path(home) / "cache")
        os.environ[DATA_DIR_ENV] = str(Path(home) / "data")
        timings = asyncio.run(measure(feed, args.runs, args.lines))
    floor_ms = statistics.median(timings.floor)
    print(f"medians of {args.runs} runs (floor: {ms(timings.floor)}, small → small article)")
    for label, values in (
        ("open  → article shown", timings.open_article),
        ("open  → panel's metadata", timings.open_panel),
        ("open  → quotes listed", timings.open_quotes),
        ("leave → next article shown", timings.leave_article),
        ("leave → its panel filled", timings.leave_panel),
    ):
        ratio = statistics.median(values) / floor_ms
        print(f"  {label:28} {ms(values):>10}  ({ratio:,.1f}× floor)")
    print(f"  longest event-loop stall     {timings.open_stall * 1000:>7,.0f} ms opening")
    print(f"  longest event-loop stall     {timings.leave_stall * 1000:>7,.0f} ms leaving")


if __name__ == "__main__":
    main()
