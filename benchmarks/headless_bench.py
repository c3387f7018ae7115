"""The headless commands against the index (issue 14), whole processes, with peak RSS.

    uv run python benchmarks/headless_bench.py [--sizes 10000 100000] [--runs 3]

For each size (feeds of 500-word articles from `search_bench.feed`, under /tmp): the floor
(read each file and load its YAML with `yaml.CSafeLoader`, one core, in this process); the cold
index build (`pressreader list --json` on an empty cache: every file parsed, on both cores) as a
rate against the floor's; `list --json` and `quotes --json` cold (empty cache) and warm (the
index up to date: the same sync as the app, then the stored rows); `search` warm against
`grep -ril` on the same files; and the index's size against the feed's bytes. Each command runs
as its own process; its wall time and peak RSS (from `wait4`) are printed side by side.
Every warm figure is a median of `--runs`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.load_throughput import floor
from benchmarks.search_bench import feed
from reader.feed.discover import discover

PRESSREADER = [str(Path(sys.executable).with_name("pressreader"))]


def run(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Run `command` with output to /dev/null; its wall seconds and peak RSS in MB."""
    started = time.perf_counter()
    with open(os.devnull, "wb") as sink:
        process = subprocess.Popen(command, stdout=sink, stderr=subprocess.PIPE, env=env)
        assert process.stderr is not None
        errors = process.stderr.read()
        _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if status != 0 and command[0] != "grep":
        raise SystemExit(f"{' '.join(command)} failed: {errors.decode(errors='replace')}")
    return seconds, usage.ru_maxrss / 1024


def median_run(command: list[str], env: dict[str, str], runs: int) -> tuple[float, float]:
    results = [run(command, env) for _ in range(runs)]
    return statistics.median(t for t, _ in results), max(m for _, m in results)


def index_bytes(cache: Path) -> int:
    return sum(path.stat().st_size for path in cache.glob("index-*"))


def feed_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*.md"))


def line(label: str, seconds: float, rss: float, note: str = "") -> None:
    print(f"  {label:<34} {seconds:8.2f} s  {rss:7.0f} MB  {note}")


def measure(count: int, runs: int) -> None:
    folder = feed(count)
    files = discover([folder]).files
    floor(files)  # warm the page cache
    started = time.perf_counter()
    floor(files)
    floor_rate = count / (time.perf_counter() - started)
    with tempfile.TemporaryDirectory(prefix="pressreader-bench-") as home:
        cache = Path(home) / "cache"
        env = {**os.environ, "PRESSREADER_CACHE_DIR": str(cache)}
        env["PRESSREADER_DATA_DIR"] = str(Path(home) / "data")
        print(f"{count:,} articles ({feed_bytes(folder) / 1e6:,.0f} MB); floor {floor_rate:,.0f}/s")
        cold = {}
        for name in ("list", "quotes"):
            shutil.rmtree(cache, ignore_errors=True)
            cold[name] = run([*PRESSREADER, name, str(folder), "--json"], env)
            if name == "list":
                rate = count / cold[name][0]
                line(
                    "cold build (list --json)",
                    *cold[name],
                    f"{rate:,.0f}/s = {rate / floor_rate:.2f}x floor",
                )
        size = index_bytes(cache)
        print(
            f"  index size {size / 1e6:,.0f} MB = {size / feed_bytes(folder):.2f}x the feed's bytes"
        )
        for name in ("list", "quotes"):
            warm = median_run([*PRESSREADER, name, str(folder), "--json"], env, runs)
            line(
                f"warm {name} --json",
                *warm,
                f"{warm[0] / cold[name][0]:.3f}x its cold run ({cold[name][0]:.1f} s)",
            )
        for word in ("canterbury", "officers"):
            grep = median_run(["grep", "-ril", word, str(folder)], env, runs)
            search = median_run([*PRESSREADER, "search", str(folder), word], env, runs)
            line(f"grep -ril {word}", *grep)
            line(f"warm search {word}", *search, f"{search[0] / grep[0]:.2f}x grep")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    for count in args.sizes:
        measure(count, args.runs)


if __name__ == "__main__":  # the process pool re-imports this module in each worker
    main()
