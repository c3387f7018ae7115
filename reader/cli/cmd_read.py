"""`pressreader read [FEED …] QUERY [--json]`: mark every article matching QUERY read.

Newsboat's "mark all read", for a query: `pressreader read FEED 'area:kent before:2021-01-01'`
marks each match read in one transaction and one action, so `pressreader undo` (or the app's
undo) takes all of it back. It prints how many it marked (those not read already) and how
many matched. The query language is `pressreader search`'s.
"""

from __future__ import annotations

import argparse
from contextlib import ExitStack

from reader.cli.output import (
    add_feed_argument,
    add_json_argument,
    add_state_argument,
    check_query_is_not_a_feed,
    feed_paths,
    open_library,
    open_state,
    print_json,
    report_index_notices,
    warn,
)
from reader.search.query import parse
from reader.ui.widgets.labels import counted


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_feed_argument(parser)
    add_state_argument(parser)
    parser.add_argument(
        "query",
        metavar="QUERY",
        help="the articles to mark read, in the language of 'pressreader search' (quote it)",
    )
    add_json_argument(parser)


def run(args: argparse.Namespace) -> int:
    check_query_is_not_a_feed(args.query, "pressreader read [FEED …] QUERY")
    query = parse(args.query)  # a bad one is a usage error (see reader.cli.output)
    paths = feed_paths(args)
    with ExitStack() as stack:
        state = open_state(args, stack, read_only=False)
        library = open_library(args, stack, paths, state)
        found = library.search(query, sort="date", limit=None)
        marked = state.mark_all_read(summary.identity for summary in found.summaries)
        report_index_notices(library)
    if found.notice:
        warn(found.notice)
    if args.json:
        print_json({"query": query.text, "count": found.count, "marked": marked})
    else:
        print(outcome(found.count, marked))
    return 0


def outcome(count: int, marked: int) -> str:
    """What marking `count` matches did, `marked` of them unread until now, in one line."""
    if count == 0:
        return "No matches: nothing was marked read."
    if marked == 0:
        every = "The match is" if count == 1 else f"All {count:,} matches are"
        return f"{every} read already: nothing was marked."
    matches = counted(count, "match", "matches")
    return (
        f"Marked {counted(marked, 'article')} read ({matches}); 'pressreader undo' takes it back."
    )
