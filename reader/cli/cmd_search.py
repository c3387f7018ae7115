"""`pressreader search [FEED …] QUERY [--json] [--limit N] [--sort rank|date]`.

Prints the best matches (or the newest) with their date, title, path and a snippet of the body
around the match. Matches are marked with bold on a terminal and »like this« otherwise. The
query language is the app's (see `reader.search.query`); quote it for the shell.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from contextlib import ExitStack

from reader.cli.annotations import Annotations, annotations_for
from reader.cli.output import (
    add_feed_argument,
    add_json_argument,
    add_state_argument,
    check_query_is_not_a_feed,
    feed_paths,
    feed_walk,
    open_marks,
    positive_int,
    print_json,
    read_library,
    report_index_notices,
    safe,
    warn,
    when,
)
from reader.cli.records import search_record
from reader.feed.facets import Facets
from reader.feed.index import SORTS
from reader.feed.library import Library, SearchResult
from reader.search.query import Column, Query, match_ranges, parse
from reader.ui.widgets.labels import counted

DEFAULT_LIMIT = 20
_PLAIN_MARKS = ("»", "«")
_TERMINAL_MARKS = ("\x1b[1m", "\x1b[22m")  # bold on, bold off


SYNTAX = """query syntax (the same as the app's search box):
  kent police            every word, in any field (case and accents ignored)
  "county lines"         an exact phrase
  resid*                 words starting with resid
  -burglary              without the word (also -"phrase", -title:x)
  kent OR sussex         either; binds tighter than the implicit AND; ( ) group
  title:x area:x site:x speaker:"Mark Hedges"
                         in that field only
  before:2021-01-01 after:01/11/2020
                         published before that day / on it or later (day first)
  is:unread is:read is:starred
                         the app's reading state
  tag:court has:note has:tag note:word
                         tags and notes (pressreader tag, pressreader note)
a query that starts with - goes last, after --:  pressreader search FEED -- "-burglary kent"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = SYNTAX
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    add_feed_argument(parser)
    add_state_argument(parser)
    parser.add_argument("query", metavar="QUERY", help="what to look for (quote it)")
    add_json_argument(parser)
    parser.add_argument(
        "--limit",
        type=positive_int,
        default=DEFAULT_LIMIT,
        metavar="N",
        help=f"show at most N matches (default {DEFAULT_LIMIT})",
    )
    parser.add_argument(
        "--sort",
        choices=SORTS,
        default="rank",
        help="rank: best match first (default); date: newest first",
    )
    parser.add_argument(
        "--facets",
        action="store_true",
        help="also count all the matches by area, site, year (month, within two years) and speaker",
    )


def run(args: argparse.Namespace) -> int:
    check_query_is_not_a_feed(args.query, "pressreader search [FEED …] QUERY")
    query = parse(args.query)  # a bad one is a usage error (see reader.cli.output)
    paths = feed_paths(args)
    with ExitStack() as stack:
        walking = stack.enter_context(feed_walk(args, paths))
        # Only a query with is: needs the reading state (the app's, in the user data dir).
        marks = open_marks(args, stack, query)

        def read(library: Library) -> tuple[SearchResult, Facets | None]:
            result = library.search(query, sort=args.sort, limit=args.limit, snippets=True)
            facets = library.index.facets(query, marks_source=marks) if args.facets else None
            return result, facets

        library, (result, facets) = read_library(args, stack, walking, marks, read)
        # Only JSON shows tags and notes: the text never opens the state file for them.
        found = _json(result, annotations_for(args.state_dir, marks), facets) if args.json else None
        report_index_notices(library)
    if result.notice:
        warn(result.notice)
    if found is not None:
        print_json(found)
        return 0
    _print_text(result, _TERMINAL_MARKS if sys.stdout.isatty() else _PLAIN_MARKS)
    if facets is not None:
        _print_facets(facets)
    return 0


def _json(
    result: SearchResult, annotations: Annotations, facets: Facets | None
) -> dict[str, object]:
    records = []
    snippets = result.snippets or []
    for position, summary in enumerate(result.summaries):
        snippet = snippets[position] if position < len(snippets) else None
        score = result.scores[position] if position < result.ranked else None
        record = search_record(summary, result.query, score, snippet)
        records.append(record | annotations.record(summary.identity))
    found: dict[str, object] = {
        "query": result.query.text,
        "sort": result.sort,
        "count": result.count,
        "results": records,
    }
    if facets is not None:
        found["facets"] = facets.as_dict()
    return found


def _print_facets(facets: Facets) -> None:
    """Each facet's values, most first (periods in time order), after the matches."""
    for name, counts in facets.as_dict().items():
        if counts:
            print(f"\n{name}")
            width = max(len(f"{number:,}") for number in counts.values())
            for value, number in counts.items():
                print(f"  {number:>{width},}  {safe(value)}")


def _print_text(result: SearchResult, marks: tuple[str, str]) -> None:
    snippets = result.snippets or []
    for position, summary in enumerate(result.summaries):
        date = when(summary.published, timed=summary.timed)
        print(f"{date:<16}  {_marked(result.query, safe(summary.title), 'title', marks)}")
        print(f"{'':<16}  {safe(str(summary.path))}")
        if position < len(snippets) and snippets[position].text:
            snippet = snippets[position]
            print(f"{'':<16}  {_mark(snippet.text, snippet.highlights, marks)}")
        print()
    shown = len(result.summaries)
    matches = counted(result.count, "match", "matches")
    print(f"{shown:,} of {matches}" if shown < result.count else matches)


def _marked(query: Query, text: str, column: Column, marks: tuple[str, str]) -> str:
    return _mark(text, match_ranges(query, text, column), marks)


def _mark(text: str, ranges: Sequence[tuple[int, int]], marks: tuple[str, str]) -> str:
    """`text` (already safe) with each range wrapped in the marks."""
    opening, closing = marks
    pieces = []
    last = 0
    for start, end in ranges:
        pieces += [text[last:start], opening, text[start:end], closing]
        last = end
    pieces.append(text[last:])
    return "".join(pieces)
