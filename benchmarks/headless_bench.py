"""The headless commands against the index (issue 14), whole processes, with peak RSS.

    uv run python benchmarks/headless_bench.py [--sizes 10000 100000] [--runs 5]
        [--cache DIR] [--only search]

For each size (feeds of 500-word articles from `search_bench.feed`, under /tmp): the floor
(read each file and load its YAML with `yaml.CSafeLoader`, one core, in this process); the cold
index build (`pressreader list --json` on an empty cache: every file parsed, on both cores) as a
rate against the floor's; `list --json` and `quotes --json` cold (empty cache) and warm (the
index up to date: the same sync as the app, then the stored rows); `search` warm against
`grep -ril` on the same files, the two run in turn so that both meet the same load; and the
index's size against the feed's bytes. Each command runs as its own process; its wall time and
peak RSS (from `wait4`) are printed side by side, with the load average before and after.
Every warm figure is a median of `--runs` (the fastest is printed beside it).

The commands run as a user's would: with Python's bytecode cache (the environment's
PYTHONDONTWRITEBYTECODE is dropped, and one run before the timed ones writes it).

`--cache DIR` keeps the index in DIR between runs (a million articles take ~50 min to index
cold on the shared two cores): the cold runs are made only when DIR has no index yet, and their
times are kept in DIR/cold.json for the later runs' ratios; `--only search` needs none, and
searches an index DIR holds as it is. `--only` runs just some of the warm commands.
Each figure is wall seconds, the CPU seconds of the process and its children, and peak RSS.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.load_throughput import floor
from benchmarks.search_bench import feed
from reader.feed.discover import discover

PRESSREADER = [str(Path(sys.executable).with_name("pressreader"))]
WORDS = ("canterbury", "officers")
WARM = ("list", "quotes", "search")
Figure = tuple[float, float, float]  # wall seconds, peak RSS in MB, CPU seconds (user + system)
TIME = Path("/usr/bin/time")
RSS_FILE = Path(tempfile.gettempdir()) / f"headless-bench-rss-{os.getpid()}"


def run(command: list[str], env: dict[str, str]) -> Figure:
    """Run `command` with output to /dev/null; its wall seconds, peak RSS in MB and CPU seconds
    (its own and its children's, from `wait4`: the load inflates them less than the wall time).

    The RSS is GNU time's report where it is installed: a child started from this process
    (with vfork) takes this process's peak as its own at exec, so `wait4` said 87 MB for grep.
    """
    timing = [TIME, "-f", "%M", "-o", str(RSS_FILE)] if TIME.exists() else []
    started = time.perf_counter()
    with open(os.devnull, "wb") as sink:
        process = subprocess.Popen(
            [*timing, *command], stdout=sink, stderr=subprocess.PIPE, env=env
        )
        assert process.stderr is not None
        errors = process.stderr.read()
        _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if status != 0 and command[0] != "grep":
        raise SystemExit(f"{' '.join(command)} failed: {errors.decode(errors='replace')}")
    cpu = usage.ru_utime + usage.ru_stime
    if timing:
        return seconds, int(RSS_FILE.read_text().split()[-1]) / 1024, cpu
    return seconds, usage.ru_maxrss / 1024, cpu


def in_turn(commands: list[list[str]], env: dict[str, str], runs: int) -> list[list[Figure]]:
    """Each of `commands` run `runs` times, taking turns: the figures of each, in run order."""
    figures: list[list[Figure]] = [[] for _ in commands]
    for _ in range(runs):
        for number, command in enumerate(commands):
            figures[number].append(run(command, env))
    return figures


def median(figures: list[Figure]) -> Figure:
    return (
        statistics.median(t for t, _, _ in figures),
        max(m for _, m, _ in figures),
        statistics.median(c for _, _, c in figures),
    )


def index_bytes(cache: Path) -> int:
    return sum(path.stat().st_size for path in cache.glob("index-*"))


def feed_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*.md"))


def line(label: str, figures: list[Figure], note: str = "") -> Figure:
    seconds, rss, cpu = median(figures)
    fastest = min(t for t, _, _ in figures)
    print(
        f"  {label:<28} {seconds:8.3f} s (min {fastest:7.3f})  CPU {cpu:7.3f} s  {rss:6.0f} MB  "
        f"{note}",
        flush=True,
    )
    return seconds, rss, cpu


def load() -> str:
    return "/".join(f"{value:.1f}" for value in os.getloadavg())


def cold_runs(folder: Path, cache: Path, env: dict[str, str], count: int) -> dict[str, float]:
    """`list --json` and `quotes --json` on an empty cache (the second leaves the index)."""
    files = discover([folder]).files
    floor(files)  # warm the page cache
    started = time.perf_counter()
    floor(files)
    floor_rate = count / (time.perf_counter() - started)
    print(f"  floor (read + CSafeLoader, one core): {floor_rate:,.0f}/s", flush=True)
    cold = {}
    for name in ("list", "quotes"):
        shutil.rmtree(cache, ignore_errors=True)
        figure = run([*PRESSREADER, name, str(folder), "--json"], env)
        cold[name] = figure[0]
        note = ""
        if name == "list":
            rate = count / figure[0]
            note = f"{rate:,.0f}/s = {rate / floor_rate:.2f}x the floor"
        line(f"cold {name} --json", [figure], note)
    return cold


def measure(count: int, runs: int, kept: Path | None, only: tuple[str, ...]) -> None:
    folder = feed(count)
    with tempfile.TemporaryDirectory(prefix="pressreader-bench-") as home:
        cache = kept or Path(home) / "cache"
        env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
        env["PRESSREADER_CACHE_DIR"] = str(cache)
        env["PRESSREADER_DATA_DIR"] = str(Path(home) / "data")
        print(f"{count:,} articles ({feed_bytes(folder) / 1e6:,.0f} MB); load {load()}", flush=True)
        recorded = cache / "cold.json"
        # The warm search needs no cold figure: a kept index (one `synth.py --index` wrote, say)
        # is searched as it is, never removed for cold runs.
        needs_cold = bool({"list", "quotes"} & set(only))
        if kept is not None and index_bytes(cache) and (recorded.exists() or not needs_cold):
            cold = json.loads(recorded.read_text()) if recorded.exists() else {}
            print(f"  cold runs kept from before: {cold}")
        else:
            cold = cold_runs(folder, cache, env, count)
            if kept is not None:
                recorded.write_text(json.dumps(cold))
        size = index_bytes(cache)
        share = size / feed_bytes(folder)
        print(f"  index size {size / 1e6:,.0f} MB = {share:.2f}x the feed's bytes", flush=True)
        warm: dict[str, Callable[[], None]] = {
            "list": lambda: warm_run("list", folder, env, runs, cold),
            "quotes": lambda: warm_run("quotes", folder, env, runs, cold),
            "search": lambda: search_against_grep(folder, env, runs),
        }
        for name in only:
            warm[name]()
        print(f"  load {load()}", flush=True)


def warm_run(
    name: str, folder: Path, env: dict[str, str], runs: int, cold: dict[str, float]
) -> None:
    command = [*PRESSREADER, name, str(folder), "--json"]
    run(command, env)  # brings the index up to date, and writes the bytecode cache
    (figures,) = in_turn([command], env, runs)
    seconds = statistics.median(t for t, _, _ in figures)
    note = f"{seconds / cold[name]:.3f}x its cold run ({cold[name]:.1f} s)"
    line(f"warm {name} --json", figures, note)


def search_against_grep(folder: Path, env: dict[str, str], runs: int) -> None:
    for word in WORDS:
        grep = ["grep", "-ril", word, str(folder)]
        search = [*PRESSREADER, "search", str(folder), word]
        run(search, env)
        greps, searches = in_turn([grep, search], env, runs)
        floor_seconds, _, floor_cpu = line(f"grep -ril {word}", greps)
        seconds, _, cpu = median(searches)
        note = f"{seconds / floor_seconds:.2f}x grep, by CPU {cpu / floor_cpu:.2f}x"
        line(f"warm search {word}", searches, note)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cache", type=Path, help="keep the index here between runs")
    parser.add_argument("--only", nargs="+", choices=WARM, default=list(WARM))
    args = parser.parse_args()
    if args.cache is not None and len(args.sizes) > 1:
        parser.error("--cache holds one feed's index: give one size")
    for count in args.sizes:
        measure(count, args.runs, args.cache, tuple(args.only))


if __name__ == "__main__":  # the process pool re-imports this module in each worker
    main()
