"""Direct quotes in an article body, and who said them. No Textual imports.

INTERFACE STUB — the implementation is being written; the types and signature are fixed.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Quote:
    """One direct quote. A quote over several paragraphs is one Quote.

    `text` is the quoted words without the quote marks, paragraphs joined by a blank line.
    `paragraph` is the 0-based index of the paragraph (block separated by blank lines) it starts in.
    `start`/`end` are character offsets into the body: body[start:end] spans from the first quoted
    character to the last (for multi-paragraph quotes this includes the text in between).
    """

    text: str
    paragraph: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Speaker:
    """A person (or unnamed voice such as 'police spokesperson') quoted in one article."""

    name: str
    title: str | None
    role: str | None
    quotes: tuple[Quote, ...]


@dataclass(frozen=True, slots=True)
class Mention:
    """A person named in the article but not quoted (e.g. in a photo caption)."""

    name: str
    title: str | None
    role: str | None


@dataclass(frozen=True, slots=True)
class ArticleQuotes:
    speakers: tuple[Speaker, ...]
    mentioned: tuple[Mention, ...]


def extract_quotes(body: str) -> ArticleQuotes:
    """Find every direct quote in `body` and group it by speaker. Never raises."""
    return ArticleQuotes(speakers=(), mentioned=())
