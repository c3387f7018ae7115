"""The app's quote export (`x`) of a whole feed: the quotes the index holds, streamed to the file.

    uv run python benchmarks/export_bench.py [--size 10000] [--words 500] [--runs 3]

The feed is `synth.py`'s, under /tmp/pressreader-bench; its index (built from the files, with
their quotes, so a cold build) in /tmp/pressreader-export/cache-SIZE. Each export runs in a new
process, `--runs` times: wall and CPU time and peak RSS, medians. (Its figures against the
export before, which read every file again into one list of records, are in
benchmarks/README.md; that code is gone.)
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from synth import kept_feed

BENCH_ROOT = Path("/tmp/pressreader-bench")
ROOT = Path("/tmp/pressreader-export")


def feed_of(size: int, words: int) -> Path:
    return kept_feed(BENCH_ROOT / f"feed-{size}-w{words}", size, words=words)


def export(feed: Path, cache: Path, out: Path) -> None:
    """One export, in this process (the child's side), as the app's worker writes it."""
    from reader.feed.library import Library
    from reader.quotes.speakers import each_quote_record, save_records

    with Library([feed], cache=cache) as library:
        for _batch in library.scan(listing=False):
            pass
        listed = library.view()
        save_records(each_quote_record(library.quotes_by_page(listed.ids)), out)


def run_child(feed: Path, cache: Path, out: Path) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (children too) and peak RSS (MB) of one export process."""
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, __file__, "--child", str(feed), str(cache), str(out)])
    _pid, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    if status:
        raise SystemExit(f"the export failed ({status})")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--words", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        feed, cache, out = map(Path, args.child)
        export(feed, cache, out)
        return
    feed, cache = feed_of(args.size, args.words), ROOT / f"cache-{args.size}-w{args.words}"
    ROOT.mkdir(parents=True, exist_ok=True)
    print("building the index (cold, with quotes) if it is not there …", flush=True)
    run_child(feed, cache, ROOT / "export.json")
    load = os.getloadavg()[0]
    runs = [run_child(feed, cache, ROOT / "export.json") for _ in range(args.runs)]
    wall = statistics.median(run[0] for run in runs)
    cpu = statistics.median(run[1] for run in runs)
    rss = statistics.median(run[2] for run in runs)
    print(f"{args.size:,} articles, {args.runs} runs, load {load:.1f} → {os.getloadavg()[0]:.1f}")
    print(f"  export: {wall:.2f} s wall, {cpu:.2f} s CPU, peak RSS {rss} MB")


if __name__ == "__main__":
    main()
