"""`pressreader saved [FEED] [--config FILE] [--json]`: every saved search and its counts.

The saved searches are the config's `[searches]` table and those saved from the app (kept in the
reading state). Each is listed with its query, how many articles match, and how many of those are
unread. A saved query that does not parse is reported and listed with its problem.
"""

from __future__ import annotations

import argparse
from contextlib import ExitStack

from reader.cli.output import (
    CommandError,
    add_config_argument,
    add_feed_argument,
    add_json_argument,
    add_state_argument,
    configured,
    feed_paths,
    open_library,
    open_state,
    print_json,
    report_index_notices,
    safe,
    warn,
)
from reader.feed.saved import SearchCount, count_search, saved_searches
from reader.store.state import StateError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_feed_argument(parser)
    add_state_argument(parser)
    add_config_argument(parser)
    add_json_argument(parser)


def run(args: argparse.Namespace) -> int:
    config, problems = configured(args)
    for problem in problems:
        warn(problem)
    paths = feed_paths(args)
    with ExitStack() as stack:
        try:
            state = open_state(args, stack, read_only=True)
            searches = saved_searches(config.searches, state.saved_searches())
        except StateError as error:
            raise CommandError(str(error)) from None
        library = open_library(args, stack, paths, state)
        counts = [count_search(library, search) for search in searches]
        report_index_notices(library)
    for found in counts:
        if found.problem:
            warn(f"saved search {found.search.name!r}: bad query: {found.problem}")
    if args.json:
        print_json([_record(found) for found in counts])
    else:
        _print_text(counts)
    return 0


def _record(found: SearchCount) -> dict[str, object]:
    return {
        "name": found.search.name,
        "query": found.search.query,
        "count": found.count,
        "unread": found.unread,
        "origin": found.search.origin,
        "error": found.problem,
    }


def _print_text(counts: list[SearchCount]) -> None:
    if not counts:
        print('no saved searches: add a [searches] table (name = "query") to the config')
        return
    width = max(len(safe(found.search.name)) for found in counts)
    for found in counts:
        numbers = f"{found.count:>7,} {found.unread or 0:>7,} unread"
        if found.problem:
            numbers = f"{'bad query':>22}"
        print(f"{safe(found.search.name):<{width}}  {numbers}  {safe(found.search.query)}")
