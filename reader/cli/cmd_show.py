"""`pressreader show FILE [--json]`: one article's metadata, speakers and body."""

from __future__ import annotations

import argparse
from pathlib import Path

from reader.articles.model import LoadError
from reader.articles.parse import parse_file
from reader.cli.annotations import read_annotations
from reader.cli.output import (
    CommandError,
    add_json_argument,
    add_state_argument,
    check_readable,
    print_json,
    safe,
    safe_block,
    warn,
)
from reader.cli.records import article_record
from reader.quotes import extract_quotes
from reader.ui.widgets.labels import counted


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, metavar="FILE", help="an article file")
    add_state_argument(parser)
    add_json_argument(parser)


def run(args: argparse.Namespace) -> int:
    path: Path = args.file
    check_readable(path)
    article = parse_file(path)
    if isinstance(article, LoadError):
        raise CommandError(str(article))
    for warning in article.warnings:
        warn(f"{path}: {warning}")
    record = article_record(article, extract_quotes(article.body, article.title))
    record |= read_annotations(args.state_dir).record(article.identity)
    if args.json:
        print_json(record)
        return 0
    _print_text(record)
    return 0


_TEXT_FIELDS = (
    ("Title", "title"),
    ("Site", "site"),
    ("Area", "area"),
    ("Published", "published"),
    ("Published (as printed)", "published_raw"),
    ("URL", "url"),
    ("Description", "description"),
    ("Image", "image"),
    ("Locale", "locale"),
    ("Words", "word_count"),
    ("Tags", "tags"),
    ("Note", "note"),
)


def _print_text(record: dict[str, object]) -> None:
    width = max(len(label) for label, _ in _TEXT_FIELDS)
    for label, key in _TEXT_FIELDS:
        value = record.get(key)
        if isinstance(value, list):
            value = ", ".join(value)
        if value not in (None, ""):
            print(f"{label:<{width}}  {safe(str(value))}")
    speakers = record["speakers"]
    assert isinstance(speakers, list)
    if speakers:
        print("\nSpeakers")
        for speaker in speakers:
            who = safe(" ".join(filter(None, (speaker["title"], speaker["name"]))))
            role = f" — {safe(speaker['role'])}" if speaker["role"] else ""
            print(f"  {who}{role} ({counted(len(speaker['quotes']), 'quote')})")
    print()
    print(safe_block(str(record["body"])))
