"""Plain JSON-ready records of model objects, for `show --json` and exports. No Textual imports."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from reader.article import Article, ArticleSummary, LoadError
from reader.quotes import ArticleQuotes, extract_quotes


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="minutes") if moment else None


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


def article_record(article: Article, quotes: ArticleQuotes | None = None) -> dict[str, Any]:
    """Everything known about one article; its speakers are extracted when not given."""
    quotes = quotes if quotes is not None else extract_quotes(article.body)
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
        "extra": article.extra,
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
                "quotes": [
                    {"text": q.text, "paragraph": q.paragraph, "start": q.start, "end": q.end}
                    for q in speaker.quotes
                ],
            }
            for speaker in quotes.speakers
        ],
        "mentioned": [
            {"name": person.name, "title": person.title, "role": person.role}
            for person in quotes.mentioned
        ],
        "warnings": list(article.warnings),
    }


def error_record(error: LoadError) -> dict[str, Any]:
    return {"path": str(error.path), "line": error.line, "reason": error.reason}
