"""Who is quoted across a feed, and every quote as a flat record for export. No Textual imports.

`build_speaker_index` merges the speakers of many articles into one entry per person:

* People are merged by normalised name — accents, case, dots, hyphens and spacing aside — and
  their rank is not part of the name, so "PC Jo Bloggs" and "Sergeant Jo Bloggs" are one person
  with both titles. A speaker printed by surname alone in an article that never gives the full
  name ("Mr Bloggs") joins the one full-named person with that surname, when there is exactly one;
  with two Bloggses it stays on its own rather than guess.
* Unnamed voices ("police spokesperson", "council spokeswoman", "Kent Police") are never merged
  with a person. They are kept apart by their description as printed, so "police spokesperson"
  across the feed is one entry and "spokesperson for Kent Police" another: the printed words are
  the only evidence of whose voice it is, and two forces' spokespeople described the same way
  cannot be told apart.

`quote_records` flattens (article, quotes) pairs into one record per quote — what the CLI's
`quotes` command prints and the app exports — and `write_csv` / `write_json` write them.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, Any, Protocol

from reader.articles.dates import iso
from reader.articles.sanitize import write_json_array
from reader.quotes import DOUBTFUL_BELOW, ArticleQuotes, normalise_name, split_title
from reader.quotes.records import FIELDS, article_fields, said_fields


class ArticleRef(Protocol):
    """What the index needs to know of an article; `reader.articles.model.ArticleSummary` is one."""

    @property
    def path(self) -> Path: ...

    @property
    def title(self) -> str: ...

    @property
    def published(self) -> datetime | None: ...

    @property
    def url(self) -> str | None: ...

    @property
    def site(self) -> str | None: ...

    @property
    def area(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class SpeakerEntry:
    """One person (or unnamed voice) across the feed."""

    key: str  # normalised name; unnamed voices start with "~"
    name: str  # as printed, in its most common form
    named: bool
    titles: tuple[str, ...]  # every rank or title printed, oldest article first
    roles: tuple[str, ...]  # every role printed, oldest article first
    quote_count: int
    articles: tuple[ArticleRef, ...]  # oldest first, undated last

    @property
    def title(self) -> str | None:
        """The latest title printed (ranks change: PC, then Sergeant)."""
        return self.titles[-1] if self.titles else None

    @property
    def article_count(self) -> int:
        return len(self.articles)

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "named": self.named,
            "titles": list(self.titles),
            "roles": list(self.roles),
            "quote_count": self.quote_count,
            "articles": [
                {"file": str(ref.path), "title": ref.title, "published": iso(ref.published)}
                for ref in self.articles
            ],
        }


def speaker_key(name: str, *, named: bool = True) -> str:
    """The key two printings of one speaker share: "Sergeant Jo  Bloggs" → "jo bloggs"."""
    if not named:
        return "~" + normalise_name(name)
    _title, bare = split_title(name)
    return normalise_name(bare)


@dataclass
class _Gathered:
    key: str
    named: bool
    forms: Counter[str] = field(default_factory=Counter)
    titles: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    quote_count: int = 0
    articles: dict[str, ArticleRef] = field(default_factory=dict)  # by path: no repeats

    def add(self, other: _Gathered) -> None:
        self.forms.update(other.forms)
        self.titles += [title for title in other.titles if title not in self.titles]
        self.roles += [role for role in other.roles if role not in self.roles]
        self.quote_count += other.quote_count
        for path, ref in other.articles.items():
            self.articles.setdefault(path, ref)

    def entry(self) -> SpeakerEntry:
        # The most common printing of the name; on a tie, the one printed first.
        name = max(self.forms, key=lambda form: (self.forms[form], -_order(self.forms, form)))
        return SpeakerEntry(
            key=self.key,
            name=name,
            named=self.named,
            titles=tuple(self.titles),
            roles=tuple(self.roles),
            quote_count=self.quote_count,
            articles=tuple(sorted(self.articles.values(), key=_article_order)),
        )


def _order(forms: Counter[str], form: str) -> int:
    return list(forms).index(form)


def build_speaker_index(items: Iterable[tuple[ArticleRef, ArticleQuotes]]) -> list[SpeakerEntry]:
    """Every speaker in the feed, most quoted first (then most articles, then by name)."""
    gathered: dict[str, _Gathered] = {}
    for ref, quotes in sorted(items, key=lambda item: _article_order(item[0])):
        for speaker in quotes.speakers:
            key = speaker_key(speaker.name, named=speaker.named)
            entry = gathered.setdefault(key, _Gathered(key, speaker.named))
            entry.forms[speaker.name] += 1
            if speaker.title and speaker.title not in entry.titles:
                entry.titles.append(speaker.title)
            if speaker.role and speaker.role not in entry.roles:
                entry.roles.append(speaker.role)
            entry.quote_count += len(speaker.quotes)
            entry.articles.setdefault(str(ref.path), ref)
    _merge_surnames(gathered)
    entries = [entry.entry() for entry in gathered.values()]
    entries.sort(key=lambda e: (-e.quote_count, -e.article_count, e.name.casefold()))
    return entries


def _merge_surnames(gathered: dict[str, _Gathered]) -> None:
    """ "Mr Bloggs" joins "Jo Bloggs" when exactly one full-named person has that surname."""
    full_names: dict[str, list[str]] = {}
    for key, entry in gathered.items():
        words = key.split()
        if entry.named and len(words) > 1:
            full_names.setdefault(words[-1], []).append(key)
    for key in [key for key, entry in gathered.items() if entry.named and " " not in key]:
        candidates = full_names.get(key, [])
        if len(candidates) == 1:
            gathered[candidates[0]].add(gathered.pop(key))


def _article_order(ref: ArticleRef) -> tuple[bool, float, str]:
    """Oldest first, undated last, ties by path: the order titles and roles are listed in."""
    stamp = ref.published.timestamp() if ref.published else 0.0
    return (ref.published is None, stamp, str(ref.path))


# ---------------------------------------------------------------------------------------------
# Flat records, one per quote.

# An article's tags and note (reader.store.state), by its file's path.
Annotations = Mapping[str, tuple[tuple[str, ...], str | None]]


@dataclass(frozen=True, slots=True)
class QuoteRecord:
    file: str
    article_title: str
    site: str | None
    area: str | None
    published: str | None  # ISO 8601, or None when the article has no date
    url: str | None
    speaker: str
    speaker_rank: str | None
    role: str | None
    text: str
    paragraph: int
    start: int
    end: int
    tags: tuple[str, ...] = ()  # the article's
    note: str | None = None  # the article's
    cue: str = ""  # how the speaker was found (see reader.quotes.extract)
    confidence: float = 1.0  # 0..1; below DOUBTFUL_BELOW, an attribution to check

    @property
    def doubtful(self) -> bool:
        return self.confidence < DOUBTFUL_BELOW

    def as_dict(self) -> dict[str, Any]:
        record = {name: getattr(self, name) for name in FIELDS}
        record["tags"] = list(self.tags)
        return record


def quote_records(
    items: Iterable[tuple[ArticleRef, ArticleQuotes]],
    *,
    speaker: str | None = None,
    annotations: Annotations | None = None,
    min_confidence: float = 0.0,
) -> list[QuoteRecord]:
    """One record per quote, articles in the order given, quotes in body order, each with its
    article's tags and note from `annotations`.

    `speaker` keeps only the quotes of speakers whose name contains it, compared the way names
    are merged (case, accents and a leading rank aside): "hedges" and "Chief Inspector Mark
    Hedges" both find Mark Hedges. `min_confidence` keeps only attributions at least that sure.
    """
    return list(
        each_quote_record(
            items, speaker=speaker, annotations=annotations, min_confidence=min_confidence
        )
    )


def each_quote_record(
    items: Iterable[tuple[ArticleRef, ArticleQuotes]],
    *,
    speaker: str | None = None,
    annotations: Annotations | None = None,
    min_confidence: float = 0.0,
) -> Iterator[QuoteRecord]:
    """`quote_records`, one at a time as `items` come: what prints a feed's quotes as it reads
    them, never holding them all (a million articles' would not fit)."""
    wanted = speaker_key(speaker) if speaker is not None else None
    for ref, quotes in items:
        said = quotes.quotes
        if not said:
            continue
        tags, note = (annotations or {}).get(str(ref.path), ((), None))
        file = str(ref.path)
        title, site, area, published, url = article_fields(
            ref.title, ref.site, ref.area, ref.published, ref.url
        )
        for who, quote in said:
            if wanted is not None and wanted not in normalise_name(who.name):
                continue
            if quote.confidence < min_confidence:
                continue
            name, rank, role, text, paragraph, start, end = said_fields(who, quote)
            yield QuoteRecord(
                file=file,
                article_title=title,
                site=site,
                area=area,
                published=published,
                url=url,
                speaker=name,
                speaker_rank=rank,
                role=role,
                text=text,
                paragraph=paragraph,
                start=start,
                end=end,
                tags=tags,
                note=note,
                cue=quote.cue,
                confidence=quote.confidence,
            )


# A cell a spreadsheet would run as a formula (CSV injection): the text is untrusted.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def write_csv(
    records: Sequence[QuoteRecord] | Iterable[QuoteRecord],
    stream: IO[str],
    *,
    bom: bool = False,
    neutralise_formulas: bool = True,
) -> None:
    """Write records as RFC 4180 CSV with a header row.

    Open `stream` with `newline=""` and UTF-8. Every field that needs it is quoted (commas,
    quote marks, the blank line inside a multi-paragraph quote). `bom` starts the file with a
    UTF-8 byte-order mark, which Excel needs to read UTF-8. `neutralise_formulas` prefixes a
    text cell that starts with = + - @ with an apostrophe, so a spreadsheet shows it rather
    than running it as a formula.
    """
    if bom:
        stream.write("\ufeff")
    writer = csv.writer(stream, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(FIELDS)
    for record in records:
        row = [record.as_dict()[name] for name in FIELDS]
        writer.writerow([_cell(value, neutralise_formulas) for value in row])


def _cell(value: object, neutralise: bool) -> object:
    if value is None:
        return ""
    if isinstance(value, list):  # tags
        value = ", ".join(value)
    if neutralise and isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def write_json(records: Iterable[QuoteRecord], stream: IO[str]) -> None:
    """Write records as a JSON array of objects (UTF-8 text, not \\u escapes), indented as
    `json.dump(list, indent=2)` indents it, a record at a time as they come."""
    texts = (json.dumps(record.as_dict(), ensure_ascii=False, indent=2) for record in records)
    write_json_array(("  " + text.replace("\n", "\n  ") for text in texts), stream)


def save_records(records: Iterable[QuoteRecord], path: Path) -> None:
    """Write `records` to `path` as CSV (UTF-8 with a BOM, for spreadsheets) or, for a `.json`
    name, as JSON; via a temporary file beside it, so a failed write leaves no half file."""
    temporary = path.with_name(f".{path.name}.partial")
    with temporary.open("w", encoding="utf-8", newline="") as stream:
        if path.suffix.lower() == ".json":
            write_json(records, stream)
        else:
            write_csv(records, stream, bom=True)
    temporary.replace(path)
