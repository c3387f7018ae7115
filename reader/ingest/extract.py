"""An article page's main text, as markdown, and its metadata, with trafilatura.

trafilatura drops the navigation, footers and other boilerplate, keeps paragraphs, headings,
lists, tables, links and bold, and reads the title, date, site name, description, image and
canonical URL (from Open Graph, schema.org, `<link rel=canonical>` and the page itself). The
`og:` fields it does not report (locale, type) are read from the page's meta tags here.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import trafilatura
from lxml.html import HtmlElement
from trafilatura.metadata import extract_metadata

from reader.articles.sanitize import clean_line, clean_text
from reader.ingest.client import HTTP_SCHEMES
from reader.ingest.errors import FetchError

_DATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"
_DATE_CONFIG = {"original_date": True, "extensive_search": True, "outputformat": _DATE_FORMAT}
_BLANK_LINES = re.compile(r"\n{3,}")
_TRAILING_SPACE = re.compile(r"[ \t]+$", re.MULTILINE)
_FEED_TYPES = ("application/rss+xml", "application/atom+xml")
_PROSE_WORDS = 8
_NOT_PROSE = re.compile(r"\s*(?:#|\||[-*+] |\d+[.)] )")
_LOCALE = re.compile(r"[a-z]{2,3}(?:[-_][a-z0-9]{2,8})*", re.IGNORECASE)

# trafilatura and its helpers log their doubts; a fetch reports its own errors, one line each.
for _name in ("trafilatura", "htmldate", "justext", "courlan"):
    logging.getLogger(_name).addHandler(logging.NullHandler())
    logging.getLogger(_name).propagate = False


@dataclass(frozen=True, slots=True)
class Page:
    """What an article page says, ready for the writer; text fields are clean single lines."""

    url: str  # the canonical URL (or where the page was fetched from)
    title: str | None
    site: str | None
    published: datetime | None  # aware when the page gave a zone
    has_time: bool  # False when only the day is known
    description: str | None
    image: str | None
    og: dict[str, str]  # og:locale, og:type, og:title and og:url as the page gives them
    body: str  # markdown


def extract_page(url: str, final_url: str, body: bytes) -> Page:
    """The article on a fetched page; `FetchError` when it has no text worth the name."""
    tree = _load(body)
    if tree is None:
        raise FetchError(url, "not an HTML page that can be read")
    meta = _meta_tags(tree)
    document = extract_metadata(tree, default_url=final_url, date_config=_DATE_CONFIG)
    text = trafilatura.extract(
        _load(body),
        url=final_url,
        output_format="markdown",
        include_formatting=True,
        include_links=True,
        include_tables=True,
        include_images=False,
        include_comments=False,
        deduplicate=False,
    )
    title = _line(document.title) or _line(meta.get("og:title"))
    markdown = _markdown(text or "", title)
    if not _has_prose(markdown):
        raise FetchError(url, _no_text_problem(tree, final_url))
    published, has_time = _published(document.date)
    og = {
        key: value
        for key, value in (
            ("locale", _line(meta.get("og:locale")) or _locale(tree)),
            ("type", _line(meta.get("og:type"))),
            ("title", _line(meta.get("og:title"))),
            ("url", _http(final_url, meta.get("og:url"))),
        )
        if value
    }
    return Page(
        url=_canonical(final_url, _link_href(tree, "canonical") or document.url),
        title=title,
        site=_line(document.sitename) or _line(meta.get("og:site_name")),
        published=published,
        has_time=has_time,
        description=_line(document.description) or _line(meta.get("og:description")),
        image=_http(final_url, document.image or meta.get("og:image")),
        og=og,
        body=markdown,
    )


def _load(body: bytes) -> HtmlElement | None:
    try:
        return trafilatura.load_html(body)
    except (ValueError, TypeError):
        return None


def _meta_tags(tree: HtmlElement) -> dict[str, str]:
    found: dict[str, str] = {}
    for element in tree.iter("meta"):
        key = (element.get("property") or element.get("name") or "").strip().lower()
        content = element.get("content")
        if key and content and key not in found:
            found[key] = content
    return found


def _markdown(text: str, title: str | None) -> str:
    """trafilatura's markdown, tidied: no repeated title heading, no trailing spaces."""
    text = _TRAILING_SPACE.sub("", clean_text(text)).strip("\n")
    first, _, rest = text.partition("\n")
    if title and first.startswith("# ") and clean_line(first[2:]) == title:
        text = rest.lstrip("\n")
    return _BLANK_LINES.sub("\n\n", text).strip()


def _has_prose(markdown: str) -> bool:
    """Whether the text has a sentence or more: menus and link lists are words, not prose."""
    return any(
        len(line.split()) >= _PROSE_WORDS
        for line in markdown.splitlines()
        if not _NOT_PROSE.match(line)
    )


def _no_text_problem(tree: HtmlElement, base: str) -> str:
    feed = _link_href(tree, "alternate", _FEED_TYPES)
    if feed:
        return f"no article text on the page (its feed is {urljoin(base, feed)})"
    return "no article text on the page"


def _link_href(tree: HtmlElement, rel: str, types: tuple[str, ...] | None = None) -> str | None:
    """The first `<link rel=…>`'s href (of one of `types`, when given)."""
    for element in tree.iter("link"):
        rels = (element.get("rel") or "").lower().split()
        kind = (element.get("type") or "").lower()
        href = (element.get("href") or "").strip()
        if rel in rels and href and (types is None or kind in types):
            return href
    return None


def _published(value: str | None) -> tuple[datetime | None, bool]:
    if not value:
        return None, False
    for form in (_DATE_FORMAT, "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d"):
        try:
            moment = datetime.strptime(value, form)
        except ValueError:
            continue
        # htmldate writes midnight for a page that gave only the day.
        dated_only = moment.tzinfo is None and (moment.hour, moment.minute, moment.second) == (
            0,
            0,
            0,
        )
        return moment, not dated_only
    return None, False


def _canonical(final_url: str, canonical: str | None) -> str:
    """The page's canonical URL, when it is on the same site; else where it was fetched from.

    A page may not claim another site's URL: that would let it take over another article's file
    (and its reading marks).
    """
    candidate = _http(final_url, canonical)
    if candidate and _site(candidate) == _site(final_url):
        return candidate
    return final_url


def _site(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def _http(base: str, url: str | None) -> str | None:
    if not url or not url.strip():
        return None
    absolute = urljoin(base, clean_line(url))
    parts = urlsplit(absolute)
    return absolute if parts.scheme.lower() in HTTP_SCHEMES and parts.hostname else None


def _locale(tree: Any) -> str | None:
    lang = (tree.get("lang") or "").strip()
    if not _LOCALE.fullmatch(lang):
        return None
    language, _, region = lang.replace("-", "_").partition("_")
    return f"{language.lower()}_{region.upper()}" if region else language.lower()


def _line(value: str | None) -> str | None:
    return clean_line(value) or None if value else None
