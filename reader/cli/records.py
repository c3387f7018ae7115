"""Plain JSON-ready records of model objects, for `show --json` and exports. No Textual imports."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

from reader.articles.dates import iso
from reader.articles.model import Article, ArticleSummary
from reader.quotes import ArticleQuotes, Quote
from reader.search.query import Query, Snippet, match_ranges


def plain(value: object) -> Any:
    """Metadata as YAML built it, made JSON-ready: keys as text; dates as ISO text; NaN, the
    infinities and anything else JSON has no form for as text. (The parser bounds its size.)"""
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, set | frozenset):
        return sorted((plain(item) for item in value), key=repr)
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if value is None or isinstance(value, str | int | float):
        return value
    if isinstance(value, date):  # datetimes too
        return value.isoformat()
    return str(value)


def summary_record(summary: ArticleSummary) -> dict[str, Any]:
    return {
        "path": str(summary.path),
        "title": summary.title,
        "site": summary.site,
        "area": summary.area,
        "published": iso(summary.published),
        "url": summary.url,
        "word_count": summary.word_count,
    }


def search_record(
    summary: ArticleSummary, query: Query, score: float | None, snippet: Snippet | None
) -> dict[str, Any]:
    """One match of a search, as `search --json` and `watch --json` print it."""
    return {
        "path": str(summary.path),
        "title": summary.title,
        "published": iso(summary.published),
        "area": summary.area,
        "site": summary.site,
        "url": summary.url,
        "score": score,
        "title_matches": match_ranges(query, summary.title, "title"),
        "snippet": snippet.text if snippet else None,
        "snippet_matches": list(snippet.highlights) if snippet else [],
    }


def article_record(article: Article, quotes: ArticleQuotes | None = None) -> dict[str, Any]:
    """Everything known about one article; its speakers are extracted when not given."""
    if quotes is None:
        from reader.quotes import extract_quotes  # the extractor loads only when it is used

        quotes = extract_quotes(article.body, article.title)
    return {
        "path": str(article.path),
        "title": article.title,
        "site": article.site,
        "area": article.area,
        "published": iso(article.published),
        "published_raw": article.published_raw,
        "url": article.url,
        "description": article.description,
        "image": article.image,
        "locale": article.locale,
        "og": article.og,
        "extra": plain(article.extra),
        "metadata_format": article.metadata_format,
        "word_count": article.word_count,
        "reading_minutes": article.reading_minutes,
        "identity": article.identity,
        "body": article.body,
        "speakers": [
            {
                "name": speaker.name,
                "title": speaker.title,
                "role": speaker.role,
                "quotes": [_quote(quote) for quote in speaker.quotes],
            }
            for speaker in quotes.speakers
        ],
        "unattributed": [_quote(quote) for quote in quotes.unattributed],
        "doubtful": quotes.doubtful,
        "mentioned": [
            {"name": person.name, "title": person.title, "role": person.role}
            for person in quotes.mentioned
        ],
        "warnings": list(article.warnings),
    }


def _quote(quote: Quote) -> dict[str, Any]:
    return {
        "text": quote.text,
        "paragraph": quote.paragraph,
        "start": quote.start,
        "end": quote.end,
        "cue": quote.cue,
        "confidence": quote.confidence,
        "doubtful": quote.doubtful,
    }
