"""`pressreader tag FILE… TAG… [--remove]`: tag articles (or take tags off) in the reading state.

The arguments that name article files (an existing file, or a name ending in .md/.markdown) come
first; the rest are tags. Tags are kept with the article's read mark, by its URL or content hash,
so they follow it when the folder moves. A file that cannot be read is reported and skipped.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from reader.cli.annotations import article_identities
from reader.cli.output import CommandError, add_state_argument, report_state
from reader.feed.discover import is_article_name
from reader.store.state import ReadingState, StateError, clean_tag, state_path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "items",
        nargs="+",
        metavar="FILE… TAG…",
        help="article files, then the tags to add (or remove); quote a tag with spaces",
    )
    parser.add_argument("--remove", action="store_true", help="take the tags off instead")
    add_state_argument(parser)


def split_items(items: list[str]) -> tuple[list[Path], list[str]]:
    """The leading article files and the tags after them."""
    count = 0
    while count < len(items) and _is_file(items[count]):
        count += 1
    files, tags = [Path(item) for item in items[:count]], items[count:]
    if not files:
        raise CommandError(f"{items[0]}: not an article file; name the files first, then tags")
    if not tags:
        raise CommandError("name at least one tag after the files")
    return files, tags


def _is_file(item: str) -> bool:
    return Path(item).is_file() or is_article_name(item)


def run(args: argparse.Namespace) -> int:
    files, tags = split_items(args.items)
    try:
        cleaned = sorted({clean_tag(tag) for tag in tags})
    except ValueError as error:
        raise CommandError(f"bad tag: {error}") from None
    identities, failed = article_identities(files)
    if identities:
        try:
            with ReadingState(state_path(args.state_dir)) as state:
                report_state(state)
                if args.remove:
                    changed = state.remove_tags(identities.values(), cleaned)
                else:
                    changed = state.add_tags(identities.values(), cleaned)
        except StateError as error:
            raise CommandError(str(error)) from None
        verb = "removed" if args.remove else "added"
        articles = "1 article" if len(identities) == 1 else f"{len(identities)} articles"
        print(f"{verb} {', '.join(cleaned)} on {articles} ({changed} changed)")
    return 1 if failed else 0
