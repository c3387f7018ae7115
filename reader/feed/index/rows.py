"""The rows the index stores for one file, worked out where the file is parsed; and the stored
quotes' encoding. No Textual.

A sync hands files to worker processes (`parse_chunk`, via `reader.feed.discover.map_files`);
each comes back as a `Parsed` article (its docs columns, its full-text columns folded for the
tokenizer, its quotes compressed) or a `Failed` one (its load error), and the one writer only
inserts them.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable, Sequence
from dataclasses import fields, is_dataclass
from datetime import datetime
from functools import cache, partial
from operator import attrgetter
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from reader.articles.dates import stored
from reader.articles.model import Article, ArticleSummary, LoadError
from reader.articles.parse import parse_file
from reader.articles.sorting import sort_key
from reader.feed.discover import join
from reader.feed.index.schema import Layout
from reader.quotes import ArticleQuotes, Mention, Quote, Speaker
from reader.search.query import index_text
from reader.search.terms import SPEAKER_SEPARATOR

_ZLIB_LEVEL = 6
_T = TypeVar("_T")


# Tuples, not dataclasses: a chunk's results are pickled to the writer, and a named tuple is
# pickled as its fields, without a dataclass's per-object state dict made and read in Python.
class Parsed(NamedTuple):
    """An article as the index stores it, worked out in a parsing process."""

    root: int
    rel: bytes
    published: datetime | None
    doc: tuple[Any, ...]  # the docs columns after id, root, rel, stamp and seq
    fts: tuple[str, ...]  # the full-text columns, folded for the tokenizer
    quotes: bytes  # compressed JSON and the records ready to print (`encode_quotes`)
    body: bytes | None  # compressed, when the index keeps bodies


class Failed(NamedTuple):
    root: int
    rel: bytes
    reason: str
    line: int | None


def parse_chunk(
    files: Sequence[tuple[int, bytes]], *, roots: Sequence[Path], max_bytes: int, layout: Layout
) -> list[Parsed | Failed]:
    """Parse the files (root, rel) under the feed paths `roots` for the index. Runs in
    `map_files`' worker processes: making the paths, parsing, quote extraction, folding and
    compressing are CPU-bound pure Python, so they belong on the other cores, and the writer
    only inserts (its making each path took ~12 µs an article, a sixth of its time)."""
    results: list[Parsed | Failed] = []
    for root, rel in files:
        article = parse_file(join(roots[root], rel), max_bytes=max_bytes)
        if isinstance(article, LoadError):
            results.append(Failed(root, rel, article.reason, article.line))
        else:
            results.append(_parsed(root, rel, article, layout))
    return results


def _parsed(root: int, rel: bytes, article: Article, layout: Layout) -> Parsed:
    # Imported here, in the parsing processes: what only reads the index never loads it.
    from reader.quotes.extract import extract_quotes
    from reader.quotes.records import ready_records

    quotes = extract_quotes(article.body, article.title)
    speakers = SPEAKER_SEPARATOR.join(speaker.name for speaker in quotes.speakers)
    summary = article.summary
    doc = (
        article.title,
        article.site,
        article.area,
        stored(article.published, timed=summary.timed) if article.published else None,
        article.url,
        article.identity,
        article.word_count,
        speakers,
        title_key(summary),
        (article.area or "").casefold(),
        int(quotes.doubtful),
    )
    texts = (article.title, article.site, article.area, speakers, article.body)
    body = (
        zlib.compress(article.body.encode("utf-8", "surrogatepass"), _ZLIB_LEVEL)
        if layout.bodies
        else None
    )
    return Parsed(
        root=root,
        rel=rel,
        published=article.published,
        doc=doc,
        fts=tuple(map(indexed, texts)) if layout.fts else (),
        quotes=encode_quotes(quotes, ready_records(quotes)),
        body=body,
    )


def title_key(summary: ArticleSummary) -> str:
    return str(sort_key("title")(summary)[0])


def encode_quotes(quotes: ArticleQuotes, ready: str = "") -> bytes:
    """An article's quotes as compact JSON, each object as the list of its fields, then on the
    next line its records ready to print (`reader.quotes.records`), compressed together (the
    records repeat the quotes' words, which the compressor then stores once) and with what
    every article's records repeat as the compressor's dictionary (`_dictionary`). The encoder
    (C) asks `_fields` only for the dataclasses and writes the rest itself: twice as fast as
    making the lists in Python first."""
    text = json.dumps(quotes, ensure_ascii=False, separators=(",", ":"), default=_fields)
    compressor = zlib.compressobj(1, zdict=_dictionary())
    data = f"{text}\n{ready}".encode("utf-8", "surrogatepass")
    return compressor.compress(data) + compressor.flush()


def decode_quotes(blob: bytes | None) -> ArticleQuotes:
    if not blob:
        return ArticleQuotes((), ())
    data = _decompressed(blob)
    # Compact JSON holds no newline as it is: the first one ends the quotes.
    values = json.loads(data[: data.index(b"\n")].decode("utf-8", "surrogatepass"))
    return _rebuilt(ArticleQuotes, values)


def decode_ready(blob: bytes) -> str:
    """The records ready to print stored with an article's quotes ("" when it has none)."""
    data = _decompressed(blob)
    return data[data.index(b"\n") + 1 :].decode("utf-8")  # escaped: no lone surrogate


def _decompressed(blob: bytes) -> bytes:
    decompressor = zlib.decompressobj(zdict=_dictionary())
    return decompressor.decompress(blob) + decompressor.flush()


@cache
def _dictionary() -> bytes:
    """What the records of every article with quotes repeat, their members' names and layout:
    given to the compressor as text it has seen already, it makes the quotes rows ~12% smaller
    (456 bytes an article against 516 on the synthetic feed: 0.017x the feed's bytes)."""
    from reader.quotes.records import ready_records

    said = Quote("", 0, 0, 0, cue="said-before", confidence=0.95)
    return ready_records(ArticleQuotes((Speaker("", None, None, (said,)),), ())).encode()


def _fields(value: Any) -> tuple[Any, ...]:
    """A dataclass's fields, in order (what JSON stores for it)."""
    getter = _GETTERS.get(type(value))
    if getter is None:
        if not (is_dataclass(value) and not isinstance(value, type)):
            raise TypeError(f"{type(value).__name__} is not stored in the index")
        names = [field.name for field in fields(value)]
        if len(names) < 2:  # attrgetter gives one field as itself, not in a tuple
            raise TypeError(f"{type(value).__name__} has too few fields to be stored")
        getter = _GETTERS[type(value)] = attrgetter(*names)
    return getter(value)


_GETTERS: dict[type, Callable[[Any], tuple[Any, ...]]] = {}


# The fields that hold objects (a tuple of them); spans are pairs of ints.
_NESTED: dict[str, type[Any]] = {
    "speakers": Speaker,
    "mentioned": Mention,
    "unattributed": Quote,
    "quotes": Quote,
}


def _rebuilt(kind: type[_T], values: list[Any]) -> _T:
    """The `kind` object whose fields `values` lists (as `encode_quotes` wrote it), its nested
    ones rebuilt too. Each field's treatment is worked out once a kind (`_decoders`), not once an
    object: `quotes --json` rebuilds every stored quote of the feed."""
    decoders = _DECODERS.get(kind) or _decoders(kind)
    pairs = zip(decoders, values, strict=True)
    return kind(*[value if decode is None else decode(value) for decode, value in pairs])


def _decoders(kind: type[Any]) -> list[Any]:
    """For each field of `kind`, in order: how to rebuild its stored value (None: as it is)."""
    decoders: list[Any] = []
    for field in fields(kind):
        nested = _NESTED.get(field.name)
        if nested is not None:
            decoders.append(partial(_rebuilt_all, nested))
        elif field.name == "spans":
            decoders.append(_spans)
        else:
            decoders.append(None)
    _DECODERS[kind] = decoders
    return decoders


def _rebuilt_all(kind: type[_T], items: list[list[Any]]) -> tuple[_T, ...]:
    return tuple([_rebuilt(kind, item) for item in items])


def _spans(spans: list[list[int]]) -> tuple[tuple[int, ...], ...]:
    return tuple(map(tuple, spans))


_DECODERS: dict[type[Any], list[Any]] = {}


def summary_row(
    row: Sequence[Any],
) -> tuple[int, int, bytes, str, str | None, str | None, str | None, str | None, str, int]:
    """The columns of a raw summary row (`FeedIndex.rows`), named in this order: id, root, rel,
    title, site, area, published (ISO text), url, identity, word count."""
    return tuple(row[:10])


def indexed(value: str | None) -> str:
    return index_text(value) if value else ""


def split_speakers(stored: str) -> tuple[str, ...]:
    return tuple(stored.split(SPEAKER_SEPARATOR)) if stored else ()
