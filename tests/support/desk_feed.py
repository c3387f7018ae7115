"""A generated feed with known areas, sites, dates and speakers, for exact counts."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

AREAS = ("Dover", "Kent", "Sussex", "Greater Manchester")
SITES = ("Kent Police", "Sussex Police", "Dover District Council")
SPEAKERS = ("Mark Hedges", "Priya Lal", "Alan Pughsley", "Jo Patel", "Owen Moore")
RANKS = ("Chief Inspector", "DC", "Chief Constable", "Sergeant", "Cllr")
COUNT = 61
START = datetime(2019, 5, 3, 9, 0)
STEP = timedelta(days=23, hours=5)
UNDATED = 59  # this article and the next have no date


def area(number: int) -> str:
    return AREAS[number % len(AREAS)]


def site(number: int) -> str | None:
    return None if number % 10 == 9 else SITES[number % len(SITES)]


def published(number: int) -> datetime | None:
    return None if number >= UNDATED else START + STEP * number


def speakers(number: int) -> tuple[str, ...]:
    """Who is quoted: one or two people (the second every third article)."""
    first = SPEAKERS[number % len(SPEAKERS)]
    if number % 3 == 0:
        return (first, SPEAKERS[(number + 2) % len(SPEAKERS)])
    return (first,)


def article_text(number: int) -> str:
    when = published(number)
    lines = [f"title: Police update {number}", f"area: {area(number)}"]
    if site(number):
        lines.append(f"site: {site(number)}")
    if when:
        lines.append(f"published: {when:%Y-%m-%dT%H:%M:%S}")
    lines.append(f"url: https://example.org/news/{number}")
    quotes = [
        f'"We will keep working with the community on this," said '
        f"{RANKS[SPEAKERS.index(name)]} {name}."
        for name in speakers(number)
    ]
    body = "\n\n".join([f"Police in {area(number)} gave an update today.", *quotes])
    return "---\n" + "\n".join(lines) + "\n---\n\n" + body + "\n"


def write_feed(folder: Path, count: int = COUNT) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        (folder / f"{number:03d}.md").write_text(article_text(number), encoding="utf-8")
    return folder


def expected(numbers: range | list[int]) -> dict[str, Counter[str]]:
    """The facet counts of these articles, worked out from how they were written."""
    counts: dict[str, Counter[str]] = {
        "area": Counter(),
        "site": Counter(),
        "year": Counter(),
        "month": Counter(),
        "speaker": Counter(),
    }
    for number in numbers:
        counts["area"][area(number)] += 1
        if site(number):
            counts["site"][site(number)] += 1  # type: ignore[index]
        when = published(number)
        if when:
            counts["year"][f"{when:%Y}"] += 1
            counts["month"][f"{when:%Y-%m}"] += 1
        counts["speaker"].update(speakers(number))
    return counts
