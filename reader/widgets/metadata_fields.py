"""An article's metadata as a two-column list: every known field, then the unknown keys."""

from __future__ import annotations

import json
from collections.abc import Iterator

from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from reader.article import Article
from reader.widgets.labels import line, long_date

# Unknown keys may hold whole YAML structures; the panel shows their start.
EXTRA_VALUE_CHARS = 200


class MetadataFields(Static):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.fields: list[tuple[str, str]] = []
        """(label, value) for every field shown, as shown."""

    def show(self, article: Article) -> None:
        self.fields = [(label, line(value)) for label, value in _fields(article) if value]
        table = Table.grid(padding=(0, 1))
        table.add_column(style="dim", no_wrap=True)
        table.add_column(overflow="fold")
        for label, value in self.fields:
            table.add_row(Text(label), Text(value))
        self.update(table)


def _fields(article: Article) -> Iterator[tuple[str, str | None]]:
    yield "Title", article.title
    yield "Site", article.site
    yield "Area", article.area
    yield "Published", long_date(article.published) if article.published else None
    yield "As printed", article.published_raw
    yield "URL", article.url
    yield "Description", article.description
    yield "Image", article.image
    yield "Locale", article.locale
    yield "Length", f"{article.word_count:,} words · {article.reading_minutes} min read"
    for key, value in article.extra.items():
        yield key, _extra_value(value)
    for warning in article.warnings:
        yield "Warning", warning


def _extra_value(value: object) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return text[:EXTRA_VALUE_CHARS] + ("…" if len(text) > EXTRA_VALUE_CHARS else "")
