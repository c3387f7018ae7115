"""The model's value types: what a parsed article is, and what a file that failed to load is."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from reader.articles.dates import states_time

WORDS_PER_MINUTE = 230
# Files over this size are refused by their size, unread (`reader.articles.parse`).
DEFAULT_MAX_BYTES = 5 * 1024 * 1024

MetadataFormat = Literal["yaml-fence", "front-matter", "none"]


@dataclass(frozen=True, slots=True)
class LoadError:
    """A file that could not be turned into an article, and why."""

    path: Path
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else str(self.path)
        return f"{where}: {self.reason}"


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    """The few fields a list row, a sort or a filter needs; cheap to keep for 100,000 articles."""

    path: Path
    title: str
    site: str | None
    area: str | None
    published: datetime | None
    url: str | None
    identity: str
    word_count: int
    # False when the article printed its day alone: `published` is then that day's midnight,
    # which is not to be shown as a time (see `dates.states_time`).
    timed: bool = True

    @property
    def sort_key(self) -> tuple[bool, float, str]:
        """Newest first, undated last; ties broken by path so the order is stable."""
        stamp = -self.published.timestamp() if self.published else 0.0
        return (self.published is None, stamp, str(self.path))


@dataclass(frozen=True, slots=True)
class Article:
    """One parsed article: its metadata (all of it, unknown keys too) and its markdown body."""

    path: Path
    title: str
    body: str
    identity: str
    site: str | None = None
    url: str | None = None
    area: str | None = None
    published: datetime | None = None
    published_raw: str | None = None
    og: dict[str, str] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    metadata_format: MetadataFormat = "none"
    body_line: int = 1
    word_count: int = 0
    warnings: tuple[str, ...] = ()

    @property
    def description(self) -> str | None:
        return self.og.get("description")

    @property
    def image(self) -> str | None:
        return self.og.get("image")

    @property
    def locale(self) -> str | None:
        return self.og.get("locale")

    @property
    def reading_minutes(self) -> int:
        return math.ceil(self.word_count / WORDS_PER_MINUTE) if self.word_count else 0

    @property
    def summary(self) -> ArticleSummary:
        return ArticleSummary(
            path=self.path,
            title=self.title,
            site=self.site,
            area=self.area,
            published=self.published,
            url=self.url,
            identity=self.identity,
            word_count=self.word_count,
            timed=states_time(self.published_raw),
        )
