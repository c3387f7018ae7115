"""Feed load throughput for a synthetic feed, next to the floor of the stack, measured together.

    uv run python benchmarks/load_throughput.py [--count 10000] [--runs 3] [--seed 1] [--words 500]

The feed is generated once by `synth.py` and kept in the temp folder, keyed by its parameters.
Every figure is the median of `--runs` runs over a warm page cache:

* floor: read every file and `yaml.load(block, Loader=yaml.CSafeLoader)` its metadata, in one
  process; no parser can load the feed faster than this on one core;
* load_feed with workers=1: discovery plus the full parse, in this process;
* load_feed with the default workers (a process pool, one worker a CPU).

It prints articles/s for each, the ratios to the floor, and the peak RSS of this process (which
holds every loaded article).

`--build` adds the cold index build (`FeedIndex.sync` into an empty folder, as a first start
does), timed, and the CPU it took an article, in floor units (the floor's CPU an article), for
this process (the writer) and for its worker processes (read from /proc while they run, Linux
only). The CPU figures hold on a loaded machine, where the wall time does not: two cores can
build at best at 2 / (writer + workers) times the floor's rate.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml
from synth import kept_feed
from timing import median_seconds

from reader.feed.discover import default_workers, discover, load_feed, walk
from reader.feed.index import FeedIndex

_FENCE = "```"


def cached_feed(count: int, seed: int, words: int) -> Path:
    """The synthetic feed for these parameters, generated on first use."""
    root = Path(tempfile.gettempdir()) / "pressreader-bench" / f"feed-n{count}-s{seed}-w{words}"
    return kept_feed(root, count, seed=seed, words=words)


def floor(files: list[Path]) -> int:
    """Read each file and load its YAML block with libyaml: the least any loader must do."""
    loaded = 0
    for path in files:
        text = path.read_bytes().decode("utf-8")
        start = text.index("\n", text.index(_FENCE)) + 1
        block = text[start : text.index(_FENCE, start)]
        loaded += yaml.load(block, Loader=yaml.CSafeLoader) is not None
    return loaded


def build_cpu(root: Path, count: int, floor_cpu: float) -> None:
    """Time a cold index build, and print its CPU an article in floor units."""
    with tempfile.TemporaryDirectory(prefix="pressreader-build-") as cache:
        seen: dict[int, float] = {}
        stop = threading.Event()

        def watch() -> None:  # the workers' CPU, sampled until they are gone
            while not stop.wait(0.2):
                seen.update(descendants_cpu(os.getpid()))

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        started, cpu = time.perf_counter(), time.process_time()
        index = FeedIndex([root], directory=Path(cache))
        for _batch in index.sync(walk([root])):
            pass
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        stop.set()
        watcher.join()
        index.close()
    writer, workers = cpu / count / floor_cpu, sum(seen.values()) / count / floor_cpu
    print(
        f"  cold index build             {seconds:7.3f} s  {count / seconds:>9,.0f} articles/s; "
        f"CPU an article: writer {writer:.2f} + workers {workers:.2f} floor units "
        f"(two cores: at best {2 / (writer + workers):.2f}x floor)\n"
        f"  {'':28} the floor's CPU {floor_cpu * 1e6:.1f} µs an article: "
        f"writer {writer * floor_cpu * 1e6:.0f} + workers {workers * floor_cpu * 1e6:.0f} µs"
    )


def descendants_cpu(ancestor: int) -> dict[int, float]:
    """The user and system CPU seconds of every process descended from `ancestor`."""
    parents: dict[int, int] = {}
    seconds: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat", encoding="ascii") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(name)] = int(fields[1])
            seconds[int(name)] = (int(fields[11]) + int(fields[12])) / tick
    found = {}
    for pid in seconds:
        up = parents.get(pid, 0)
        while up > 1 and up != ancestor:
            up = parents.get(up, 0)
        if up == ancestor:
            found[pid] = seconds[pid]
    return found


def peak_rss_mb() -> float:
    """This process's peak resident set size in MB (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024 if sys.platform == "darwin" else 1024)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--words", type=int, default=500)
    parser.add_argument("--build", action="store_true", help="time a cold index build too")
    args = parser.parse_args()

    root = cached_feed(args.count, args.seed, args.words)
    files = discover([root]).files
    assert len(files) == args.count, f"{root} holds {len(files)} articles, not {args.count}"
    floor(files)  # warm the page cache so every measurement reads from memory

    workers = default_workers()
    measured = {
        "discovery only": median_seconds(lambda: discover([root]), args.runs),
        "floor: read + CSafeLoader": median_seconds(lambda: floor(files), args.runs),
        "load_feed, workers=1": median_seconds(lambda: load_feed([root], workers=1), args.runs),
        f"load_feed, {workers} workers": median_seconds(lambda: load_feed([root]), args.runs),
    }
    floor_rate = args.count / measured["floor: read + CSafeLoader"]
    print(f"{args.count:,} articles of ~{args.words} words; median of {args.runs} runs")
    for label, seconds in measured.items():
        rate = args.count / seconds
        ratio = rate / floor_rate
        print(f"  {label:<28} {seconds:7.3f} s  {rate:>9,.0f} articles/s  {ratio:5.2f}x floor")
    if args.build:
        started = time.process_time()
        floor(files)
        build_cpu(root, args.count, (time.process_time() - started) / args.count)
    # The pool's workers are children of the forkserver, not of this process: not counted here.
    print(f"  peak RSS of this process: {peak_rss_mb():.0f} MB")


if __name__ == "__main__":  # the process pool re-imports this module in each worker
    main()
