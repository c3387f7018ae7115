"""What live reload costs for one new, edited or deleted file: a whole sync against a sync of the
files the watcher named (`Library.sync(files=…)`), on a synthetic feed.

    uv run python benchmarks/live_reload.py [--size 100000] [--words 500] [--rounds 7]

The feed and its index (written by `synth.py`'s `index_feed`, no parse) are made under
/tmp/pressreader-live-reload on first use, apart from the other benchmarks' feeds, since each
round writes into it. Each round adds a file, edits it and deletes it again, and brings the
index in line after each step both ways, in turn: a whole sync (a walk of every file and a
compare with the index: what every change cost before) and a sync of the one path. It
prints the medians of wall and CPU time (this process's: the sync runs in it), the ratio, and
the load average.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from synth import article_text, index_feed, kept_feed

from reader.feed.library import FeedBatch, Library

ROOT = Path("/tmp/pressreader-live-reload")


def prepared(size: int, words: int) -> tuple[Path, Path]:
    """The feed of `size` articles and its index's cache folder, made if missing."""
    feed, cache = ROOT / f"feed-{size}-w{words}", ROOT / f"cache-{size}-w{words}"
    kept_feed(feed, size, words=words)
    with Library([feed], cache=cache) as library:
        ready = library.index.count() == size
    if not ready:
        print(f"indexing them into {cache} …", flush=True)
        index_feed(feed, size, cache, words=words)
    return feed, cache


def timed(action: Callable[[], Iterable[FeedBatch]]) -> tuple[float, float]:
    """Wall and CPU seconds to drain one sync."""
    wall, cpu = time.perf_counter(), time.process_time()
    for _batch in action():
        pass
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--words", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    feed, cache = prepared(args.size, args.words)
    text = article_text(random.Random(7), args.size + 1, args.words)[1]
    new = feed / "0000" / "live-reload-bench.md"
    new.unlink(missing_ok=True)
    results: dict[str, list[tuple[float, float]]] = {"whole": [], "files": []}
    with Library([feed], cache=cache) as library:
        for _batch in library.scan(listing=False):
            pass
        start_load = os.getloadavg()
        for number in range(args.rounds):
            for way in ("whole", "files") if number % 2 else ("files", "whole"):
                for body in (text, text + "\n\nEdited.\n", None):
                    if body is None:
                        new.unlink()
                    else:
                        new.write_text(body, encoding="utf-8")
                    if way == "whole":
                        results[way].append(timed(library.sync))
                    else:
                        results[way].append(timed(lambda: library.sync(files=[new])))
        end_load = os.getloadavg()
    print(f"{args.size:,} articles, {args.rounds} rounds of add, edit, delete (each way in turn)")
    medians = {}
    for way, runs in results.items():
        wall = statistics.median(run[0] for run in runs)
        cpu = statistics.median(run[1] for run in runs)
        medians[way] = wall
        label = "whole sync" if way == "whole" else "sync of the file"
        times = f"{wall * 1000:.1f} ms wall, {cpu * 1000:.1f} ms CPU"
        print(f"  {label}: median {times} ({len(runs)} syncs)")
    print(f"  sync of the file / whole sync: {medians['files'] / medians['whole']:.4f}x")
    print(f"  load {start_load[0]:.1f} → {end_load[0]:.1f}")


if __name__ == "__main__":
    main()
