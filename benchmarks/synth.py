"""Deterministic generator of synthetic feeds in the seed article's shape.

    python benchmarks/synth.py DEST N [--seed S] [--words W] [--index CACHE]

The same (N, seed, words) always writes the same files, so runs compare.

`--index CACHE` also writes the feed's search index into the folder CACHE (what
`PRESSREADER_CACHE_DIR` names), straight from the generator's own fields: no file is parsed
and no quote extracted, so a million articles are indexed in minutes where a cold build takes
an hour on a shared 2-core machine. Each row is what the index's own writer stores (the docs
columns, the full-text columns, the file's real stamp), with no quotes: the app's launch and
memory at a million articles are measured against it; a cold build is `headless_bench.py`'s.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import random
import shutil
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

FORCES = [
    ("Kent Police", "Kent", "www.kent.police.uk"),
    ("Sussex Police", "Sussex", "www.sussex.police.uk"),
    ("Essex Police", "Essex", "www.essex.police.uk"),
    ("Surrey Police", "Surrey", "www.surrey.police.uk"),
    ("Hampshire Constabulary", "Hampshire", "www.hampshire.police.uk"),
    ("Greater Manchester Police", "Greater Manchester", "www.gmp.police.uk"),
    ("West Yorkshire Police", "West Yorkshire", "www.westyorkshire.police.uk"),
    ("Devon and Cornwall Police", "Devon", "www.devon-cornwall.police.uk"),
    ("Canterbury City Council", "Canterbury", "www.canterbury.gov.uk"),
    ("Kent Fire and Rescue Service", "Kent", "www.kent.fire-uk.org"),
]
TOWNS = [
    "Canterbury",
    "Maidstone",
    "Dover",
    "Ashford",
    "Brighton",
    "Crawley",
    "Chelmsford",
    "Colchester",
    "Guildford",
    "Woking",
    "Southampton",
    "Portsmouth",
    "Salford",
    "Bolton",
    "Leeds",
    "Bradford",
    "Exeter",
    "Plymouth",
    "Margate",
    "Folkestone",
]
TOPICS = [
    ("knife crime", "emergency medical packs"),
    ("burglary", "crime prevention advice"),
    ("road safety", "speed checks"),
    ("anti-social behaviour", "dispersal order"),
    ("drug dealing", "county lines arrests"),
    ("fraud", "courier scam warning"),
    ("missing person", "public appeal"),
    ("wildlife crime", "hare coursing patrols"),
    ("fly-tipping", "council enforcement"),
    ("fire safety", "smoke alarm checks"),
]
RANKS = ["PC", "DC", "DS", "Sgt", "Inspector", "Chief Inspector", "Superintendent", "Cllr", "Dr"]
FIRST = ["Mark", "Sarah", "Chris", "Ashley", "Priya", "Tom", "Helen", "Owen", "Aisha", "Jo"]
LAST = ["Hedges", "Osborn", "Green", "Clark", "Patel", "Baker", "Moore", "Price", "Khan", "Bloggs"]
ROLES = [
    "District Commander for {town}",
    "of the Community Safety Unit",
    "lead councillor for {topic}",
    "Head of Crime for {town}",
    "the investigating officer",
]
FILLER = [
    "officers",
    "worked",
    "with",
    "partners",
    "across",
    "the",
    "district",
    "to",
    "reduce",
    "harm",
    "and",
    "keep",
    "people",
    "safe",
    "residents",
    "were",
    "reminded",
    "to",
    "report",
    "concerns",
    "and",
    "to",
    "look",
    "out",
    "for",
    "vulnerable",
    "neighbours",
    "the",
    "operation",
    "forms",
    "part",
    "of",
    "a",
    "wider",
    "programme",
    "of",
    "patrols",
    "visits",
    "and",
    "community",
    "meetings",
    "anyone",
    "with",
    "information",
    "is",
    "asked",
    "to",
    "call",
    "the",
    "force",
    "quoting",
    "the",
    "reference",
    "number",
    "given",
    "the",
    "council",
    "said",
    "it",
    "would",
    "continue",
    "to",
    "support",
    "the",
    "work",
    "with",
    "funding",
    "and",
    "staff",
    "time",
]


@dataclass(frozen=True, slots=True)
class Synthetic:
    """One generated article: its file name and text, and the fields it was made from."""

    name: str
    text: str
    title: str
    site: str
    area: str
    published: datetime
    url: str
    speaker: str
    body: str


def article_text(rng: random.Random, index: int, words: int) -> tuple[str, str]:
    """One article's file name and text."""
    made = synthetic_article(rng, index, words)
    return made.name, made.text


def synthetic_article(rng: random.Random, index: int, words: int) -> Synthetic:
    """One article, and the fields it was made from."""
    site, area, host = rng.choice(FORCES)
    town = rng.choice(TOWNS)
    topic, action = rng.choice(TOPICS)
    when = datetime(2018, 1, 1) + timedelta(minutes=rng.randrange(60 * 24 * 365 * 7))
    title = f"{action.capitalize()} in {town} as {topic} work continues ({index})"
    slug = f"{when:%Y-%m-%d}-{index:06d}-{town.lower()}"
    url = f"https://{host}/news/{slug}/"
    speaker = f"{rng.choice(RANKS)} {rng.choice(FIRST)} {rng.choice(LAST)}"
    role = rng.choice(ROLES).format(town=town, topic=topic)
    meta = (
        "```yaml\n"
        f"area: {area}\n"
        "og:\n"
        f"  description: {action.capitalize()} in {town}.\n"
        f"  image: https://{host}/img/{index}.jpg?w=600&amp;h=300\n"
        "  locale: en_GB\n"
        f"  title: {title}\n"
        "  type: website\n"
        f"  url: {url}\n"
        "publish:\n"
        f"  date: {when:%H:%M %d/%m/%Y}\n"
        f"title: {title} | {site}\n"
        f"url: {url}\n"
        "```\n\n"
    )
    paragraphs = [f"Police in **{town}** have stepped up work on {topic} this week."]
    paragraphs.append(f"{speaker}, {role}, said: '{_sentence(rng, 30)}")
    paragraphs.append(f"'{_sentence(rng, 25)}'")
    while sum(len(p.split()) for p in paragraphs) < words - 60:
        if rng.random() < 0.15:
            paragraphs.append(f"## {rng.choice(FILLER).capitalize()} {rng.choice(FILLER)}")
        paragraphs.append(_sentence(rng, rng.randint(30, 70)))
    paragraphs.append(f"'{_sentence(rng, 20)},' said {speaker}.")
    body = "\n\n".join(paragraphs) + "\n"
    return Synthetic(slug + ".md", meta + body, title, site, area, when, url, speaker, body)


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(FILLER) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def generate_feed(dest: Path, count: int, *, seed: int = 1, words: int = 500) -> list[Path]:
    """Write `count` articles under `dest` (in 100-file subfolders) and return their paths."""
    paths = []
    for rel, made in _articles(count, seed, words):
        path = dest / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(made.text, encoding="utf-8")
        paths.append(path)
    return paths


COMPLETE = ".complete"  # in a kept feed: it was written whole (its text: the seed and words)


def kept_feed(dest: Path, count: int, *, seed: int = 1, words: int = 500) -> Path:
    """The feed `generate_feed` writes at `dest`, generated on first use and kept for the next
    run (every benchmark's feed). It is written into a sibling folder and renamed to `dest` once
    whole, with its `COMPLETE` marker inside, so `dest` is whole or absent; a lock file beside
    it makes a second process wait for the first, never write beside it or delete its work."""
    marker = dest / COMPLETE
    if marker.exists():
        return dest
    dest.parent.mkdir(parents=True, exist_ok=True)
    with _locked(dest.with_name(f"{dest.name}.lock")):
        if marker.exists():  # another process finished it while this one waited
            return dest
        if dest.exists():  # an older benchmark's, written in place: it may still be writing
            raise SystemExit(f"{dest} is incomplete; remove it once nothing is writing it")
        partial = dest.with_name(f"{dest.name}.partial")
        shutil.rmtree(partial, ignore_errors=True)  # a writer that died: the lock was free
        print(f"generating {count:,} articles of {words:,} words in {dest} …", file=sys.stderr)
        started = time.perf_counter()
        generate_feed(partial, count, seed=seed, words=words)
        (partial / COMPLETE).write_text(f"seed={seed} words={words}\n")
        partial.rename(dest)
        print(f"  took {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return dest


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on the file `path` (made if missing); the system lets it go if
    this process dies, so no lock outlives its writer."""
    with path.open("a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"waiting for another process to write {path.stem} …", file=sys.stderr)
            fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _articles(count: int, seed: int, words: int) -> Iterator[tuple[str, Synthetic]]:
    """Each article with its path under the feed folder, in the order they are written."""
    rng = random.Random(seed)
    for index in range(count):
        made = synthetic_article(rng, index, words)
        yield f"{index // 100:04d}/{made.name}", made


def index_feed(
    dest: Path, count: int, cache: Path, *, seed: int = 1, words: int = 500, batch: int = 20_000
) -> int:
    """Write the index of the feed `generate_feed` wrote at `dest` (same `count`, `seed` and
    `words`) into the folder `cache`, from the generator's fields (see the module docstring);
    returns how many articles it holds."""
    from reader.articles.model import ArticleSummary
    from reader.feed.discover import stamp_of
    from reader.feed.index import FeedIndex
    from reader.feed.index.rows import Parsed, encode_quotes, indexed, title_key
    from reader.feed.index.schema import add_to_count, build_pragmas
    from reader.quotes import EMPTY

    index = FeedIndex([dest], directory=cache)
    quotes = encode_quotes(EMPTY)
    articles = _articles(count, seed, words)
    written = 0
    build_pragmas(index._connection(), on=True)

    def store(connection, seq):  # type: ignore[no-untyped-def]
        stored = 0
        for rel, made in articles:
            path = dest / rel
            count_words = len(made.body.split())
            summary = ArticleSummary(
                path,
                made.title,
                made.site,
                made.area,
                made.published,
                made.url,
                f"url:{made.url}",  # as the parser keys an article with a URL
                count_words,
            )
            parsed = Parsed(
                root=0,
                rel=os.fsencode(rel),
                published=made.published,
                doc=(
                    made.title,
                    made.site,
                    made.area,
                    made.published.isoformat(),
                    made.url,
                    summary.identity,
                    count_words,
                    made.speaker,
                    title_key(summary),
                    made.area.casefold(),
                    0,
                ),
                fts=tuple(
                    map(indexed, (made.title, made.site, made.area, made.speaker, made.body))
                ),
                quotes=quotes,
                body=None,
            )
            stored += index._store(connection, seq, parsed, stamp_of(path.stat()))[1]
            if stored == batch:
                break
        add_to_count(connection, stored)
        return stored

    try:
        while added := index._write(store):
            written += added
    finally:
        build_pragmas(index._connection(), on=False)
        index.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path)
    parser.add_argument("count", type=int)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--words", type=int, default=500)
    parser.add_argument("--index", type=Path, metavar="CACHE", help="write the index there too")
    parser.add_argument("--index-only", action="store_true", help="the files are there already")
    args = parser.parse_args()
    if not args.index_only:
        # As the benchmarks keep it (whole, with its marker), so they take it as theirs.
        kept_feed(args.dest, args.count, seed=args.seed, words=args.words)
        print(f"{args.count:,} articles under {args.dest}")
    if args.index:
        done = index_feed(args.dest, args.count, args.index, seed=args.seed, words=args.words)
        print(f"indexed {done:,} articles into {args.index}")


if __name__ == "__main__":
    main()
