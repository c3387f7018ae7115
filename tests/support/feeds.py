"""Article files for tests: written with front matter, and counted as the index parses them
(and as the library walks the feed)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

import reader.feed.index.rows
import reader.feed.library
from reader.articles.model import Article, LoadError
from reader.feed.discover import FeedWalk
from reader.feed.library import FeedBatch, Library


def write_article(
    folder: Path,
    name: str,
    *,
    title: str,
    body: str = "Nothing to see here.",
    published: str | None = "2021-06-01T12:00:00",
    area: str | None = None,
    site: str | None = None,
    url: str | None = None,
) -> Path:
    """An article file with front matter; returns its path."""
    meta = {"title": title, "area": area, "site": site, "published": published, "url": url}
    # JSON strings are YAML strings.
    lines = [f"{key}: {json.dumps(value)}" for key, value in meta.items() if value is not None]
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("---\n" + "\n".join(lines) + "\n---\n\n" + body + "\n", encoding="utf-8")
    return path


def count_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files the index parses from now on (in this process: small feeds)."""
    calls: list[str] = []
    real_parse = reader.feed.index.rows.parse_file

    def counting(path: Path, **options: object) -> Article | LoadError:
        calls.append(path.name)
        return real_parse(path, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(reader.feed.index.rows, "parse_file", counting)
    return calls


def listed(library: Library) -> list[FeedBatch]:
    """Drain a scan; the batches."""
    return list(library.scan())


def scan_feed(paths: Sequence[Path]) -> list[FeedBatch]:
    """Every batch of a fresh library's first scan of `paths` (see `Library.scan`)."""
    with Library(paths) as library:
        return listed(library)


def titles(library: Library, query: str, **options: object) -> list[str]:
    """The titles a search finds, in its order."""
    return [summary.title for summary in library.search(query, **options).summaries]  # type: ignore[arg-type]


def count_walks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """One entry for each whole walk of the feed the library makes from now on."""
    calls: list[int] = []
    real_walk = reader.feed.library.walk

    def counting(*args: Any, **kwargs: Any) -> FeedWalk:
        calls.append(1)
        return real_walk(*args, **kwargs)

    monkeypatch.setattr(reader.feed.library, "walk", counting)
    return calls
