"""Deterministic generator of synthetic feeds in the seed article's shape.

    python benchmarks/synth.py DEST N [--seed S] [--words W]

The same (N, seed, words) always writes the same files, so runs compare.
"""

from __future__ import annotations

import argparse
import random
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


def article_text(rng: random.Random, index: int, words: int) -> tuple[str, str]:
    """One article's file name and text."""
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
    return slug + ".md", meta + "\n\n".join(paragraphs) + "\n"


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(FILLER) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def generate_feed(dest: Path, count: int, *, seed: int = 1, words: int = 500) -> list[Path]:
    """Write `count` articles under `dest` (in 100-file subfolders) and return their paths."""
    rng = random.Random(seed)
    paths = []
    for index in range(count):
        name, text = article_text(rng, index, words)
        folder = dest / f"{index // 100:04d}"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path)
    parser.add_argument("count", type=int)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--words", type=int, default=500)
    args = parser.parse_args()
    paths = generate_feed(args.dest, args.count, seed=args.seed, words=args.words)
    print(f"wrote {len(paths):,} articles under {args.dest}")


if __name__ == "__main__":
    main()
