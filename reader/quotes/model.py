"""What the quote extractor returns: frozen, typed, and shared by every reader of quotes.

`Quote`, `Speaker` and `Mention` for one article, `ArticleQuotes` for all of them, and
`normalise_name`, the key every name is compared by.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True, slots=True)
class Quote:
    """One direct quote. A quote over several paragraphs is one Quote.

    `text` is the quoted words without the quote marks, paragraphs joined by a blank line.
    `paragraph` is the 0-based index of the paragraph (block separated by blank lines) it starts in.
    `start`/`end` are character offsets into the body: body[start:end] spans from the first quoted
    character to the last (for multi-paragraph quotes this includes the text in between).
    `spans` are the (start, end) offsets of each quoted stretch on its own — one per paragraph,
    or per half of a split quote — for highlighting without the text in between.
    """

    text: str
    paragraph: int
    start: int
    end: int
    spans: tuple[tuple[int, int], ...] = ()
    cue: str = ""
    confidence: float = 1.0

    @property
    def doubtful(self) -> bool:
        """Worth checking before it is quoted on: attributed by a weak cue, or not at all."""
        return self.confidence < DOUBTFUL_BELOW


@dataclass(frozen=True, slots=True)
class Speaker:
    """A person (or unnamed voice such as 'police spokesperson') quoted in one article.

    `named` is False for an unnamed voice or an organisation ("police spokesperson", "Kent
    Police"), whose `name` is the description as printed.
    """

    name: str
    title: str | None
    role: str | None
    quotes: tuple[Quote, ...]
    named: bool = True

    @property
    def doubtful(self) -> bool:
        return any(quote.doubtful for quote in self.quotes)


@dataclass(frozen=True, slots=True)
class Mention:
    """A person named in the article but not quoted (e.g. in a photo caption)."""

    name: str
    title: str | None
    role: str | None


@dataclass(frozen=True, slots=True)
class ArticleQuotes:
    """`unattributed` holds what reads as speech but has no speaker the extractor will name:
    a pronoun with nobody to refer to, a partial name two people share."""

    speakers: tuple[Speaker, ...]
    mentioned: tuple[Mention, ...]
    unattributed: tuple[Quote, ...] = ()

    @property
    def doubtful(self) -> bool:
        """Any quote to check: a doubtful attribution, or speech with no speaker."""
        return bool(self.unattributed) or any(
            quote.doubtful for speaker in self.speakers for quote in speaker.quotes
        )

    @property
    def quotes(self) -> tuple[tuple[Speaker, Quote], ...]:
        """Every quote with its speaker, in body order."""
        pairs = [(speaker, quote) for speaker in self.speakers for quote in speaker.quotes]
        return tuple(sorted(pairs, key=lambda pair: pair[1].start))


EMPTY = ArticleQuotes(speakers=(), mentioned=())


# Below this confidence an attribution is shown as doubtful (a "?" in the panel).
DOUBTFUL_BELOW = 0.7


def unaccented(text: str) -> str:
    """`text` without its accents ("Siân" is "Sian", "Łukasz" "Lukasz")."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text.replace("Ł", "L").replace("ł", "l"))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@lru_cache(maxsize=8192)
def normalise_name(name: str) -> str:
    """A key for comparing names: no accents, case-folded, one space, no dots or hyphens."""
    plain = unaccented(name).replace("’", "'").replace("‘", "'").replace(".", " ").replace("-", " ")
    return " ".join(plain.casefold().split())
