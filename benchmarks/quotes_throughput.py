"""Quote extraction throughput, next to parse throughput, on one core.

    uv run python benchmarks/quotes_throughput.py [--count 10000] [--runs 5] [--seed 1]

Two feeds of `--count` articles of about 500 words:

* the synthetic feed of `synth.py` (seed-shaped files, generated once and kept in the temp
  folder, shared with load_throughput.py): each file is parsed with
  `reader.articles.parse.parse_file`,
  timed, and `extract_quotes` is then timed over the parsed bodies;
* quote-heavy bodies from `quotes_synth.py`, made in memory, with every quote style the
  extractor handles (split quotes, pronouns, curly marks, lists, block quotes, scare quotes).

Every figure is the median of `--runs` runs. Extraction must not be the slow part of loading:
the last line says how extraction compares with parsing the same articles.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from quotes_synth import generate_bodies

from reader.articles.model import Article
from reader.articles.parse import parse_file
from reader.quotes import extract_quotes


def synthetic_feed(count: int, seed: int, words: int) -> Path:
    """The synth.py feed for these parameters, shared with load_throughput.py."""
    from load_throughput import cached_feed

    return cached_feed(count, seed, words)


def median_rate(task: Callable[[], object], items: int, runs: int) -> float:
    """Median items per second of `runs` runs of `task`."""
    rates = []
    for _ in range(runs):
        started = time.perf_counter()
        task()
        rates.append(items / (time.perf_counter() - started))
    return statistics.median(rates)


def parse_all(files: Sequence[Path]) -> list[str]:
    bodies = []
    for path in files:
        article = parse_file(path)
        if isinstance(article, Article):
            bodies.append(article.body)
    return bodies


def extract_all(bodies: Sequence[str]) -> int:
    return sum(len(quote_pairs) for quote_pairs in (extract_quotes(b).quotes for b in bodies))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--words", type=int, default=500)
    args = parser.parse_args()

    root = synthetic_feed(args.count, args.seed, args.words)
    files = sorted(root.rglob("*.md"))
    bodies = parse_all(files)  # also warms the page cache
    heavy = generate_bodies(args.count, seed=args.seed, words=args.words)
    words = statistics.mean(len(body.split()) for body in bodies)
    heavy_words = statistics.mean(len(body.split()) for body in heavy)

    parse_rate = median_rate(lambda: parse_all(files), len(files), args.runs)
    extract_rate = median_rate(lambda: extract_all(bodies), len(bodies), args.runs)
    heavy_rate = median_rate(lambda: extract_all(heavy), len(heavy), args.runs)
    found, heavy_found = extract_all(bodies), extract_all(heavy)

    print(
        f"articles: {len(files):,} synth.py files ({words:.0f} words), {len(heavy):,} quote-heavy"
    )
    print(f"median of {args.runs} runs, one core, articles/s:")
    print(f"  parse_file (synth.py feed)           {parse_rate:>9,.0f}")
    print(
        f"  extract_quotes (synth.py feed)       {extract_rate:>9,.0f}"
        f"   {found / len(bodies):.1f} quotes/article"
    )
    print(
        f"  extract_quotes (quote-heavy bodies)  {heavy_rate:>9,.0f}"
        f"   {heavy_found / len(heavy):.1f} quotes/article, {heavy_words:.0f} words"
    )
    share = parse_rate / (parse_rate + extract_rate)
    print(
        f"parse then extract: extraction is {extract_rate / parse_rate:.1f}x the parse rate, "
        f"{share:.0%} of the time to load and extract a feed"
    )


if __name__ == "__main__":
    sys.exit(main())
