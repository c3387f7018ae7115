"""What "every change committed at once" costs: the reading state's speed on this machine.

    python benchmarks/state_bench.py [--marks 300] [--rows 100000] [--runs 5] [--dir DIR]

Reports medians of --runs runs (the machine is shared and noisy):
- marks/s, one committed (fsynced) transaction per mark, as the app does;
- the same with synchronous=NORMAL, and in one batch transaction, for comparison;
- read_identities() (just after a change, and cached), is_read(), and opening (with its
  integrity quick check), at --rows rows.
Run it on the disk the state lives on (--dir): the default temporary folder may be in RAM.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from timing import median_seconds

from reader.store.state import ReadingState


def marks_per_second(folder: Path, marks: int, runs: int, *, synchronous: str) -> float:
    def mark_each() -> None:
        with ReadingState(folder / f"marks-{time.perf_counter_ns()}.sqlite3") as state:
            # The app ships FULL; NORMAL is measured only to show what the fsyncs cost.
            state._connection().execute(f"PRAGMA synchronous = {synchronous}")
            for number in range(marks):
                state.mark_read(f"url:https://example.org/{number}")

    return marks / median_seconds(mark_each, runs)


def batch_marks_per_second(folder: Path, marks: int, runs: int) -> float:
    def mark_batch() -> None:
        with ReadingState(folder / f"batch-{time.perf_counter_ns()}.sqlite3") as state:
            state.mark_all_read(f"url:https://example.org/{number}" for number in range(marks))

    return marks / median_seconds(mark_batch, runs)


def large_state(folder: Path, rows: int) -> Path:
    path = folder / "large.sqlite3"
    with ReadingState(path) as state:
        state.mark_all_read(f"url:https://www.example.police.uk/news/{n}" for n in range(rows))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--marks", type=int, default=300)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as name:
        folder = Path(name)
        full = marks_per_second(folder, args.marks, args.runs, synchronous="FULL")
        normal = marks_per_second(folder, args.marks, args.runs, synchronous="NORMAL")
        batch = batch_marks_per_second(folder, args.marks, args.runs)
        print(f"folder: {folder}  (median of {args.runs} runs)")
        print(f"mark_read, commit each, synchronous=FULL  : {full:9,.0f} marks/s")
        print(f"mark_read, commit each, synchronous=NORMAL: {normal:9,.0f} marks/s")
        print(f"mark_all_read, one transaction            : {batch:9,.0f} marks/s")
        print(f"FULL costs {normal / full:.1f}x NORMAL; a mark takes {1000 / full:.2f} ms")

        path = large_state(folder, args.rows)
        with ReadingState(path) as state:

            def read_uncached() -> None:
                state._cache.clear()  # as after any change to the file, by any process
                state.read_identities()

            uncached = median_seconds(read_uncached, args.runs)
            cached = median_seconds(state.read_identities, args.runs)
            lookup = median_seconds(lambda: state.is_read("url:absent"), args.runs * 20)
        opening = median_seconds(lambda: ReadingState(path).close(), args.runs)
        print(f"read_identities() at {args.rows:,} rows, fresh : {uncached * 1000:9.1f} ms")
        print(f"read_identities() at {args.rows:,} rows, cached: {cached * 1000:9.1f} ms")
        print(f"is_read() at {args.rows:,} rows                : {lookup * 1e6:9.1f} µs")
        print(f"open + quick_check at {args.rows:,} rows       : {opening * 1000:9.1f} ms")
        print(f"file size at {args.rows:,} rows                : {path.stat().st_size:9,} bytes")


if __name__ == "__main__":
    main()
