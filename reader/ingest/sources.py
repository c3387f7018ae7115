"""What a fetched URL is, told by its content (not its extension): a feed, or an article page.

A feed (RSS 0.9x/1.0/2.0 or Atom) is read with feedparser into `FeedItem`s, newest first.
"""

from __future__ import annotations

import codecs
import html
import re
import xml.sax
from dataclasses import dataclass
from datetime import UTC, datetime
from time import struct_time
from typing import Any, Literal
from urllib.parse import urljoin, urlsplit

import feedparser

from reader.articles.sanitize import clean_line
from reader.ingest.client import HTTP_SCHEMES
from reader.ingest.errors import FetchError

Kind = Literal["feed", "page", "other"]

_SNIFF_BYTES = 4096
# What may stand before a document's root element: an XML declaration, processing instructions,
# comments, a doctype that is not HTML's.
_PROLOGUE = re.compile(
    r"\A(?:\s+|<\?[^>]*\?>|<!--.*?-->|<!doctype(?!\s+html)[^>]*>)*", re.IGNORECASE | re.DOTALL
)
_ROOT = re.compile(r"<\s*(!doctype\s+html|[a-z][\w.-]*:)?([a-z][\w.-]*)", re.IGNORECASE)
_FEED_ROOTS = frozenset({"rss", "feed", "rdf"})
_PAGE_ROOTS = frozenset({"html", "head", "body"})
_TAG = re.compile(r"<[^>]*>")
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([.,;:!?])")
# feedparser is lenient about these, and so are we: a feed that uses an HTML entity XML does not
# define, or declares the wrong encoding, is read all the same.
_TOLERATED = ("undefined entity",)


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One entry of a feed: where its page is, and what the feed says about it."""

    link: str
    guid: str | None
    title: str | None
    published: datetime | None  # aware, UTC
    summary: str | None


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    title: str | None
    items: list[FeedItem]
    skipped: list[FetchError]  # entries without a usable link


def kind_of(body: bytes) -> Kind:
    """A feed, an HTML page, or neither, from the first element of the document."""
    text = _head_text(body[:_SNIFF_BYTES])
    rest = text[_PROLOGUE.match(text).end() :]  # type: ignore[union-attr]  # \A(...)* always matches
    root = _ROOT.match(rest)
    if root is None:
        return "page" if rest.lower().startswith("<!doctype html") else "other"
    if root.group(1) and root.group(1).lower().startswith("!doctype"):
        return "page"
    name = root.group(2).lower()
    if name in _FEED_ROOTS:
        return "feed"
    return "page" if name in _PAGE_ROOTS else "other"


def _head_text(head: bytes) -> str:
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if head.startswith(bom):
            return head[len(bom) :].decode(encoding, "ignore")
    return head.decode("utf-8", "ignore")


def parse_feed(url: str, final_url: str, body: bytes) -> ParsedFeed:
    """The items of a feed, newest first; `FetchError` when its XML is broken."""
    parsed = feedparser.parse(
        body, response_headers={"content-location": final_url}, sanitize_html=False
    )
    problem = _malformed(parsed)
    if problem is not None:
        raise FetchError(url, problem)
    items: list[FeedItem] = []
    skipped: list[FetchError] = []
    for number, entry in enumerate(parsed.entries, start=1):
        item = _item(final_url, entry)
        if item is None:
            title = _plain(entry.get("title")) or f"item {number}"
            skipped.append(FetchError(url, f"{title!r} has no http(s) link to its page"))
        else:
            items.append(item)
    items.sort(key=lambda item: (item.published is None, -_stamp(item.published)))
    return ParsedFeed(_plain(parsed.feed.get("title")), items, skipped)


def _malformed(parsed: Any) -> str | None:
    if not parsed.get("bozo"):
        return None
    error = parsed.get("bozo_exception")
    if not isinstance(error, xml.sax.SAXParseException):
        return None  # an encoding mismatch and the like: feedparser coped
    message = str(error.getMessage())
    if message in _TOLERATED and parsed.entries:
        return None
    where = f"line {error.getLineNumber()}, column {error.getColumnNumber()}"
    return f"malformed XML: {message} at {where}"


def _item(base: str, entry: Any) -> FeedItem | None:
    guid = _plain(entry.get("id"))
    link = None
    for candidate in (entry.get("link"), guid if _is_http(guid) else None):
        if candidate and _is_http(absolute := urljoin(base, str(candidate).strip())):
            link = absolute
            break
    if link is None:
        return None
    return FeedItem(
        link=link,
        guid=guid,
        title=_plain(entry.get("title")),
        published=_utc(entry.get("published_parsed") or entry.get("updated_parsed")),
        summary=_plain(entry.get("summary")),
    )


def _is_http(url: str | None) -> bool:
    if not url:
        return False
    parts = urlsplit(url)
    return parts.scheme.lower() in HTTP_SCHEMES and bool(parts.hostname)


def _plain(value: object) -> str | None:
    """Feed text (which may carry HTML) as one clean line."""
    if not isinstance(value, str):
        return None
    text = clean_line(html.unescape(_TAG.sub(" ", value)))
    return _SPACE_BEFORE_PUNCTUATION.sub(r"\1", text) or None


def _utc(parsed: struct_time | None) -> datetime | None:
    if parsed is None:
        return None
    try:
        return datetime(*parsed[:6], tzinfo=UTC)
    except (TypeError, ValueError, OverflowError):
        return None


def _stamp(moment: datetime | None) -> float:
    return moment.timestamp() if moment else 0.0
