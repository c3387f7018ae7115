"""What the speakers screen shows: everyone quoted across a feed, and each one's quotes. No Textual.

`speaker_data` runs the feed's (article, quotes) pairs through `build_speaker_index` and
`quote_records` once, and files every record under the entry of the person who said it, by the
same key the index merges people by (`speaker_key`). A surname printed alone ("Mr Hedges") that
the index merged into the one full-named person with that surname is filed under that person
too, so every record belongs to exactly one entry.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reader.quotes import ArticleQuotes, normalise_name
from reader.quotes.speakers import (
    ArticleRef,
    QuoteRecord,
    SpeakerEntry,
    build_speaker_index,
    speaker_key,
)
from reader.quotes.speakers import quote_records as flat_records


@dataclass(frozen=True, slots=True)
class QuoteTarget:
    """Where a quote is: its article's file and the quote's offsets into the article's body."""

    path: Path
    start: int
    end: int

    @classmethod
    def of(cls, record: QuoteRecord) -> QuoteTarget:
        return cls(Path(record.file), record.start, record.end)


@dataclass(frozen=True, slots=True)
class SpeakerData:
    """Everyone quoted in a feed and every quote; `quotes_of(entry)` is one person's share."""

    entries: list[SpeakerEntry] = field(default_factory=list)  # most quoted first
    records: list[QuoteRecord] = field(default_factory=list)  # articles in the order given
    by_speaker: Mapping[str, tuple[QuoteRecord, ...]] = field(default_factory=dict)  # entry key

    def quotes_of(self, entry: SpeakerEntry) -> tuple[QuoteRecord, ...]:
        """The entry's quotes: oldest article first (undated last), then in body order."""
        return self.by_speaker.get(entry.key, ())

    @property
    def article_count(self) -> int:
        """How many articles quote anyone."""
        return len({record.file for record in self.records})


def speaker_data(items: Iterable[tuple[ArticleRef, ArticleQuotes]]) -> SpeakerData:
    """The speaker index of `items`, with every quote record filed under its speaker's entry."""
    items = list(items)
    entries = build_speaker_index(items)
    owner = _Owners(entries)
    records: list[QuoteRecord] = []
    filed: dict[str, list[QuoteRecord]] = {entry.key: [] for entry in entries}
    for ref, quotes in items:
        # One record per (speaker, quote) pair, in the same order as `quotes.quotes`.
        article_records = flat_records([(ref, quotes)])
        for (who, _quote), record in zip(quotes.quotes, article_records, strict=True):
            filed[owner.of(speaker_key(who.name, named=who.named))].append(record)
        records += article_records
    by_speaker = {
        entry.key: _in_article_order(filed[entry.key], entry.articles) for entry in entries
    }
    return SpeakerData(entries, records, by_speaker)


class _Owners:
    """Which entry a speaker's key ended up in: its own, or the full name it was merged into."""

    def __init__(self, entries: Sequence[SpeakerEntry]) -> None:
        self._keys = {entry.key for entry in entries}
        self._by_surname: dict[str, list[str]] = {}
        for entry in entries:
            words = entry.key.split()
            if entry.named and len(words) > 1:
                self._by_surname.setdefault(words[-1], []).append(entry.key)

    def of(self, key: str) -> str:
        if key in self._keys:
            return key
        candidates = self._by_surname.get(key, [])
        if len(candidates) != 1:
            raise LookupError(f"no speaker entry holds {key!r}")  # the index lost a speaker
        return candidates[0]


def _in_article_order(
    records: list[QuoteRecord], articles: Sequence[ArticleRef]
) -> tuple[QuoteRecord, ...]:
    position = {str(ref.path): index for index, ref in enumerate(articles)}
    return tuple(sorted(records, key=lambda record: (position[record.file], record.start)))


class SpeakerSearch:
    """Filters entries by a typed query: a substring of the name, a title or a role, case and
    accents aside ("hedges", "chief insp", "canterbury" all find Chief Inspector Mark Hedges)."""

    def __init__(self, entries: Sequence[SpeakerEntry]) -> None:
        self.entries = list(entries)
        # Fields joined by a newline, which a query never holds: a match never spans two fields.
        self._texts = [
            "\n".join(normalise_name(part) for part in (entry.name, *entry.titles, *entry.roles))
            for entry in self.entries
        ]

    def __call__(self, query: str) -> list[SpeakerEntry]:
        needle = normalise_name(query)
        if not needle:
            return self.entries
        return [
            entry for entry, text in zip(self.entries, self._texts, strict=True) if needle in text
        ]
