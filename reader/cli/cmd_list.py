"""`pressreader list [FEED] [--json]`: one row per article, newest first."""

from __future__ import annotations

import argparse

from reader.cli.output import (
    add_feed_argument,
    add_json_argument,
    feed_paths,
    print_json,
    report_load_errors,
    safe,
)
from reader.cli.records import summary_record
from reader.feed.discover import load_feed

NAME = "list"
HELP = "list the feed's articles, newest first"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_feed_argument(parser)
    add_json_argument(parser)


def run(args: argparse.Namespace) -> int:
    feed = load_feed(feed_paths(args), follow_symlinks=args.follow_symlinks)
    report_load_errors(feed.errors)
    summaries = [article.summary for article in feed.articles]
    if args.json:
        print_json([summary_record(summary) for summary in summaries])
        return 0
    for summary in summaries:
        date = f"{summary.published:%Y-%m-%d %H:%M}" if summary.published else "undated".ljust(16)
        area = safe(summary.area)[:18].ljust(18)
        print(f"{date}  {area}  {safe(summary.title)}")
    return 0
