"""Words and their normalisation: how every word of a search and of an article is compared.
No Textual.

Matching ignores case and accents ("cafe" finds "Café", "CAFÉ"): `fold`. A word is a run of
letters and digits; everything else only separates words (`words`). The same folding serves the
SQLite index (`index_text`, what its tokenizer is handed) and the highlighter, so what the index
matches is what the reader sees highlighted. `occurrences` finds a phrase among a text's stemmed
words: the reference the index's phrase queries are tested against.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache


@cache
def _marks_class() -> str:
    """A regex class of the Basic Multilingual Plane's non-spacing marks (accents, diacritics).

    Built on first use: only text with non-ASCII characters needs it.
    """
    ranges: list[tuple[int, int]] = []
    for code in range(0x300, 0x10000):
        if unicodedata.category(chr(code)) == "Mn":
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    return "".join(f"{chr(low)}-{chr(high)}" for low, high in ranges)


@cache
def _marks() -> re.Pattern[str]:
    return re.compile(f"[{_marks_class()}]+")


@cache
def _unicode_word() -> re.Pattern[str]:
    # A mark inside a word (a decomposed "é") belongs to it, as it does for SQLite's tokenizer.
    return re.compile(f"(?:[^\\W_]|[\ue000-\uf8ff{_marks_class()}])+")


_ASCII_WORD = re.compile(r"[A-Za-z0-9]+")
_NOT_ASCII_OR_PUNCTUATION = re.compile("[^\x00-\x7f‘’“”–—…\u00a0]")


def fold(text: str) -> str:
    """Lower case without accents: how every word is compared."""
    if text.isascii():
        return text.lower()
    return _marks().sub("", unicodedata.normalize("NFD", text)).lower()


def index_text(text: str) -> str:
    """What to hand SQLite's tokenizer for `text` so that it finds the words `words` finds.

    ASCII text (and text whose only non-ASCII characters are punctuation such as curly quotes)
    goes as it is: the tokenizer lower-cases ASCII itself. Anything with accents is folded here.
    """
    if text.isascii() or (unicodedata.is_normalized("NFD", text) and not _marks().search(text)):
        return text
    return fold(text)


@dataclass(frozen=True, slots=True)
class Word:
    """One word of a text: its folded form and where it is in the original text."""

    folded: str
    start: int
    end: int


def words(text: str) -> list[Word]:
    """The words of `text`, folded, with their offsets into `text` as given."""
    folded, spans = word_spans(text)
    return [Word(word, start, end) for word, (start, end) in zip(folded, spans, strict=True)]


def folded_words(text: str) -> tuple[str, ...]:
    return tuple(word_spans(text)[0])


def word_spans(text: str) -> tuple[list[str], list[tuple[int, int]]]:
    """The folded words of `text` and their (start, end) offsets, in two lists (the fast form
    for highlighting long bodies)."""
    if text.isascii() or not _NOT_ASCII_OR_PUNCTUATION.search(text):
        # lower() keeps ASCII offsets, so no word needs folding on its own; common typographic
        # punctuation (curly quotes, dashes, an ellipsis) only separates words either way.
        found = list(_ASCII_WORD.finditer(text.lower()))
        return [match.group() for match in found], [match.span() for match in found]
    folded: list[str] = []
    spans: list[tuple[int, int]] = []
    for match in _unicode_word().finditer(text):
        if word := fold(match.group()):  # a run of lone accents folds to nothing
            folded.append(word)
            spans.append(match.span())
    return folded, spans


def occurrences(wanted: Sequence[str], prefix: bool, text_words: Sequence[str]) -> Iterator[int]:
    """Where the words `wanted` start one after another in `text_words` (with `prefix`, the last
    need only start a text's word). Both are compared as given: callers stem both sides."""
    last = len(wanted) - 1
    if last == 0 and prefix:
        starts = [at for at, word in enumerate(text_words) if word.startswith(wanted[0])]
    else:
        starts = [at for at, word in enumerate(text_words) if word == wanted[0]]
    for start in starts:
        end = start + last
        if end >= len(text_words):
            break
        if all(text_words[start + i] == wanted[i] for i in range(1, last)):
            word = text_words[end]
            if word == wanted[last] or (prefix and word.startswith(wanted[last])):
                yield start
