"""`pressreader list [FEED] [--json]`: one row per article, newest first."""

from __future__ import annotations

import argparse
from datetime import datetime
from typing import Any

from reader.articles.dates import iso, stored_timed
from reader.cli.annotations import Annotations, read_annotations
from reader.cli.output import (
    add_feed_argument,
    add_json_argument,
    add_state_argument,
    feed_paths,
    print_json_array,
    report_index_notices,
    report_load_errors,
    safe,
    when,
)
from reader.feed.index import FeedIndex
from reader.feed.library import Library


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_feed_argument(parser)
    add_state_argument(parser)
    add_json_argument(parser)


def run(args: argparse.Namespace) -> int:
    with Library(feed_paths(args), follow_symlinks=args.follow_symlinks) as library:
        # The index answers: only files new or changed since it was last brought up to date
        # are parsed, and no object is built per article.
        report_load_errors(library.refresh())
        report_index_notices(library)
        rows = library.index.rows("newest")
        annotations = read_annotations(args.state_dir)
        if args.json:  # a record at a time, as the rows are read: the feed is never held
            print_json_array(_record(library.index, row, annotations) for row in rows)
        else:
            for row in rows:
                _id, _root, _rel, title, _site, area, published, _url, identity, _words = row
                moment = datetime.fromisoformat(published) if published else None
                date = when(moment, timed=bool(published) and stored_timed(published)).ljust(16)
                tags = "".join(f"  #{safe(tag)}" for tag in annotations.of(identity)[0])
                print(f"{date}  {safe(area)[:18].ljust(18)}  {safe(title)}{tags}")
        report_index_notices(library)
    return 0


def _record(index: FeedIndex, row: tuple[Any, ...], annotations: Annotations) -> dict[str, Any]:
    """`reader.cli.records.summary_record` of a raw index row, with its tags and note."""
    _id, root, rel, title, site, area, published, url, identity, word_count = row
    return {
        "path": index.path_text(root, rel),
        "title": title,
        "site": site,
        "area": area,
        "published": iso(datetime.fromisoformat(published)) if published else None,
        "url": url,
        "word_count": word_count,
    } | annotations.record(identity)
