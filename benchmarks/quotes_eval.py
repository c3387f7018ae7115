"""Precision, recall and F1 of the quote extractor on the labelled evaluation sets.

    uv run python benchmarks/quotes_eval.py [--verbose] [--sample 15] [--corpus DIR]

First, issue 12's fragment rule (tests/quote_eval/fragments.py, the one implementation the
tests use too): precision = predictions that cover a fragment and name its speaker, recall =
fragments covered with the right speaker. It is given for ../shared/corpus (real press releases,
read in place when present; PRESSREADER_SHARED names ../shared for a checkout elsewhere), for the
own set (cases.yaml and real_kinds.yaml), for each kind of real_kinds.yaml, and for the
labelled sample feed. --verbose lists every missed, misattributed or spurious fragment.

Then the older, stricter measures on the own set (see tests/quote_eval/__init__.py):

* attribution — quote → speaker pairs: each labelled quote matched to the predicted quote that
  shares most of its words, counted when the speaker's name is right too;
* boundaries — exact quote texts;
* speakers — exact (name, title, role) triples;
* mentions — names of people mentioned but not quoted.

They are given for the passages in tests/quote_eval/cases.yaml (written for this, hard cases
included; the seed article from ../shared is added when present), for the labelled articles of
the bundled sample feed (written by someone else), and for both together.

When ../shared/corpus exists (or --corpus names a folder), every article in it is parsed and run
through the extractor, and the script prints how many quotes and speakers it finds, the most
quoted speakers, and a random sample of quotes to read by eye.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # for tests.quote_eval

from reader.articles.model import Article  # noqa: E402
from reader.articles.parse import parse_file  # noqa: E402
from reader.quotes import ArticleQuotes, extract_quotes  # noqa: E402
from reader.quotes.speakers import build_speaker_index  # noqa: E402
from tests.support.quote_eval import (  # noqa: E402
    EvalCase,
    Scores,
    load_cases,
    load_sample_cases,
    mismatches,
    score,
)
from tests.support.quote_eval.fragments import (  # noqa: E402
    CORPUS,
    FragmentScore,
    Labelled,
    corpus_cases,
    kind_cases,
    kind_of,
    labelled,
    own_cases,
    score_all,
)

DEFAULT_CORPUS = CORPUS


def print_fragment_scores(title: str, cases: list[Labelled], verbose: bool) -> FragmentScore:
    total, problems = score_all(cases)
    print(
        f"  {title:34s} P {total.precision:.3f}  R {total.recall:.3f}  F1 {total.f1:.3f}"
        f"   ({total.correct}/{total.predicted} predictions, {total.found}/{total.fragments}"
        f" fragments, {len(cases)} texts)"
    )
    if verbose:
        for problem in problems:
            print(
                f"      {problem.case}: {problem.kind}: {problem.text[:70]!r}"
                f" (labelled {problem.expected or '-'}, got {problem.got or '-'})"
            )
    return total


def fragment_report(corpus: Path, verbose: bool) -> None:
    print("fragment rule (issue 12): precision, recall, F1")
    real = corpus_cases(corpus)
    if real:
        print_fragment_scores(f"real: {corpus}", real, verbose)
    else:
        print(f"  no corpus at {corpus}: skipped")
    print_fragment_scores("own set (cases + real_kinds)", own_cases(), verbose)
    kinds = kind_cases()
    for kind in sorted({kind_of(case.id) for case in kinds}):
        chosen = [case for case in kinds if kind_of(case.id) == kind]
        print_fragment_scores(f"  kind: {kind}", chosen, verbose=False)
    sample = [labelled(case) for case in load_sample_cases()]
    if sample:
        print_fragment_scores("sample feed (sample_feed.yaml)", sample, verbose)


def print_scores(title: str, cases: list[EvalCase]) -> Scores:
    scores = score(cases)
    quotes = sum(len(s.quotes) for case in cases for s in case.speakers)
    print(f"\n{title}: {len(cases)} passages, {quotes} labelled quotes")
    header = f"{'measure':32s} {'precision':>9s} {'recall':>7s} {'F1':>6s}"
    print(f"  {header}   matched/predicted/labelled")
    for name, measure in scores.items():
        print(
            f"  {name:32s} {measure.precision:9.3f} {measure.recall:7.3f} {measure.f1:6.3f}"
            f"   {measure.matched}/{measure.predicted}/{measure.expected}"
        )
    return scores


def print_misses(cases: list[EvalCase], verbose: bool) -> None:
    missed = [(case, mismatches(case, extract_quotes(case.body))) for case in cases]
    missed = [(case, problems) for case, problems in missed if problems]
    print(f"\ncases with any difference: {len(missed)}")
    for case, problems in missed:
        known = " (known failure)" if case.known_failure else ""
        print(f"  {case.id}{known}")
        if verbose:
            for problem in problems:
                print(f"      {problem}")


def run_corpus(folder: Path, sample: int, seed: int) -> None:
    articles = folder / "articles" if (folder / "articles").is_dir() else folder
    files = sorted(path for path in articles.rglob("*.md") if path.is_file())
    items: list[tuple[Article, ArticleQuotes]] = []
    failed = 0
    started = time.perf_counter()
    for path in files:
        article = parse_file(path)
        if isinstance(article, Article):
            items.append((article, extract_quotes(article.body, article.title)))
        else:
            failed += 1
    seconds = time.perf_counter() - started
    quotes = [
        (article, speaker, quote) for article, found in items for speaker, quote in found.quotes
    ]
    quoted = sum(1 for _article, found in items if found.speakers)
    per_article = sum(len(found.speakers) for _article, found in items)
    index = build_speaker_index((article.summary, found) for article, found in items)
    named = sum(1 for entry in index if entry.named)
    mentions = sum(len(found.mentioned) for _article, found in items)
    print(
        f"\ncorpus {folder}: {len(files):,} files, {len(items):,} articles ({failed:,} not loaded)"
    )
    print(f"  parsed and extracted in {seconds:.1f} s")
    rate = len(quotes) / max(1, len(items))
    print(f"  quotes: {len(quotes):,} in {quoted:,} articles ({rate:.1f} per article)")
    unnamed = len(index) - named
    print(f"  speakers: {per_article:,} in articles; {len(index):,} across the corpus")
    print(f"  ({named:,} named people, {unnamed:,} unnamed voices)")
    print(f"  mentioned (not quoted): {mentions:,}")
    titles = Counter(title for entry in index for title in entry.titles)
    print("  commonest titles: " + ", ".join(f"{t} ({n})" for t, n in titles.most_common(10)))
    print("  most quoted:")
    for entry in index[:10]:
        counts = f"{entry.quote_count:4d} quotes, {entry.article_count:3d} articles"
        print(f"    {counts}  {entry.name}  {', '.join(entry.titles)}")
    if quotes and sample:
        count = min(sample, len(quotes))
        print(f"\n  a random sample of {count} quotes (seed {seed}), to read by eye:")
        for article, speaker, quote in random.Random(seed).sample(quotes, count):
            text = quote.text.replace("\n\n", " ¶ ")
            text = text if len(text) <= 160 else text[:100] + " … " + text[-50:]
            who = f"{speaker.name} ({speaker.title or '-'}; {speaker.role or '-'})"
            print(f"    [{article.path.name} ¶{quote.paragraph}] {who}: {text}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="print every difference")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--sample", type=int, default=15, help="quotes to print from the corpus")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    fragment_report(args.corpus, args.verbose)
    own = load_cases()
    sample = load_sample_cases()
    print_scores("evaluation set (tests/quote_eval/cases.yaml + seed)", own)
    if sample:
        print_scores("sample feed (tests/quote_eval/sample_feed.yaml)", sample)
        print_scores("both", own + sample)
    print_misses(own + sample, args.verbose)
    if args.corpus.is_dir():
        run_corpus(args.corpus, args.sample, args.seed)
    else:
        print(f"\nno corpus at {args.corpus}: skipped")


if __name__ == "__main__":
    main()
