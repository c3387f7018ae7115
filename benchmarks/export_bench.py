"""The app's quote export (`x`) of a whole feed: the quotes the index holds, streamed to the file
(now), against reading and extracting every file again into a list of records (before).

    uv run python benchmarks/export_bench.py [--size 10000] [--words 500] [--runs 3]

The feed is `synth.py`'s, under /tmp/pressreader-bench; its index (built from the files, with
their quotes, so a cold build) in /tmp/pressreader-export/cache-SIZE. Each way runs in a new
process, in turn, `--runs` times: wall and CPU time (the process's and its children's: the old
way reads in a process pool) and peak RSS, medians; the two files written must be the same.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from synth import generate_feed

BENCH_ROOT = Path("/tmp/pressreader-bench")
ROOT = Path("/tmp/pressreader-export")


def feed_of(size: int, words: int) -> Path:
    folder = BENCH_ROOT / f"feed-{size}-w{words}"
    if not (folder / ".complete").exists():
        print(f"generating {size:,} articles in {folder} …", flush=True)
        generate_feed(folder, size, words=words)
        (folder / ".complete").touch()
    return folder


def export(way: str, feed: Path, cache: Path, out: Path) -> None:
    """One export, the `way` given, in this process (the child's side)."""
    from reader.articles.model import LoadError
    from reader.feed.library import Library, article_quotes
    from reader.quotes.speakers import each_quote_record, quote_records, save_records

    with Library([feed], cache=cache) as library:
        for _batch in library.scan(listing=False):
            pass
        listed = library.view()
        if way == "before":  # as the app did: every row, every file read again, one list
            summaries = list(listed)
            pairs = [item for item in article_quotes(summaries) if not isinstance(item, LoadError)]
            save_records(quote_records(pairs), out)  # type: ignore[arg-type]
        else:
            save_records(each_quote_record(library.quotes_by_page(listed.ids)), out)


def run_child(way: str, feed: Path, cache: Path, out: Path) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (children too) and peak RSS (MB) of one export process."""
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, __file__, "--child", way, str(feed), str(cache), str(out)]
    )
    _pid, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    if status:
        raise SystemExit(f"the {way} export failed ({status})")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--words", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        way, feed, cache, out = args.child
        export(way, Path(feed), Path(cache), Path(out))
        return
    feed, cache = feed_of(args.size, args.words), ROOT / f"cache-{args.size}-w{args.words}"
    ROOT.mkdir(parents=True, exist_ok=True)
    print("building the index (cold, with quotes) if it is not there …", flush=True)
    run_child("after", feed, cache, ROOT / "warmup.json")
    results: dict[str, list[tuple[float, float, int]]] = {"before": [], "after": []}
    load = os.getloadavg()[0]
    for number in range(args.runs):
        for way in ("before", "after") if number % 2 == 0 else ("after", "before"):
            results[way].append(run_child(way, feed, cache, ROOT / f"{way}.json"))
    same = (ROOT / "before.json").read_bytes() == (ROOT / "after.json").read_bytes()
    print(
        f"{args.size:,} articles, {args.runs} runs each way in turn, load {load:.1f} → "
        f"{os.getloadavg()[0]:.1f}; files identical: {same}"
    )
    for way, runs in results.items():
        wall = statistics.median(run[0] for run in runs)
        cpu = statistics.median(run[1] for run in runs)
        rss = statistics.median(run[2] for run in runs)
        print(f"  {way}: {wall:.2f} s wall, {cpu:.2f} s CPU, peak RSS {rss} MB")


if __name__ == "__main__":
    main()
