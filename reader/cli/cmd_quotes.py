"""`pressreader quotes [FEED …] [--json | --csv] [--speaker NAME] [--query QUERY]
[--min-confidence X]`.

Every direct quote in the feed, one record per quote: articles newest first, quotes in body
order. Text for a terminal by default; `--json` an array of records; `--csv` RFC 4180 CSV in
UTF-8 with a byte-order mark, so a spreadsheet opens it with the right characters. The records
are `reader.quotes.speakers.quote_records`' — the app's export writes the same ones. Each
carries the cue its speaker was found by and a confidence; the text marks a doubtful one "?".
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack
from typing import TypeVar

from reader.articles.model import ArticleSummary
from reader.cli.annotations import Annotations, annotations_for
from reader.cli.output import (
    add_feed_argument,
    add_state_argument,
    feed_paths,
    open_library,
    open_marks,
    print_json_array,
    print_json_texts,
    record_members,
    report_index_notices,
    safe,
    safe_block,
    warn,
)
from reader.feed.library import Library
from reader.quotes import DOUBTFUL_BELOW, ArticleQuotes
from reader.quotes.records import filled
from reader.quotes.speakers import QuoteRecord, each_quote_record, write_csv
from reader.search.query import Query, parse
from reader.ui.widgets.labels import counted

_INDENT = "    "
_T = TypeVar("_T")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_feed_argument(parser)
    add_state_argument(parser)
    formats = parser.add_mutually_exclusive_group()
    formats.add_argument("--json", action="store_true", help="print a JSON array of records")
    formats.add_argument(
        "--csv",
        action="store_true",
        help="print CSV (UTF-8 with a byte-order mark, for spreadsheets)",
    )
    parser.add_argument(
        "--speaker",
        type=_not_blank,
        metavar="NAME",
        help='only quotes by speakers whose name contains NAME ("hedges"; rank aside)',
    )
    parser.add_argument(
        "--query",
        metavar="QUERY",
        help="only articles matching QUERY (the language of 'pressreader search')",
    )
    parser.add_argument(
        "--min-confidence",
        type=_confidence,
        default=0.0,
        metavar="X",
        help=f"only quotes attributed with confidence X or more (0 to 1; below {DOUBTFUL_BELOW}"
        " an attribution is doubtful)",
    )


def _confidence(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number from 0 to 1") from None
    if not 0.0 <= value <= 1.0:  # NaN fails this too
        raise argparse.ArgumentTypeError(f"'{text}' is not a number from 0 to 1")
    return value


def _not_blank(text: str) -> str:
    if not text.strip():
        raise argparse.ArgumentTypeError("must not be empty")
    return text


def run(args: argparse.Namespace) -> int:
    query = None if args.query is None else parse(args.query)  # bad: a usage error
    paths = feed_paths(args)
    with ExitStack() as stack:
        # Only a query with is: needs the reading state (the app's, in the user data dir).
        marks = open_marks(args, stack, query)
        library = open_library(args, stack, paths, marks)
        # The text shows no tags or notes: it never opens the state file for them.
        shown = args.json or args.csv
        notes = annotations_for(args.state_dir, marks) if shown else Annotations()
        if args.json and args.speaker is None and not args.min_confidence:
            # Every record as the index stored it ready to print (`reader.quotes.records`):
            # no quote is rebuilt, cleaned or encoded again.
            ready = _matching(library, query, library.all_ready_quotes, library.ready_quotes)
            print_json_texts(filled_records(ready, notes))
        else:
            _print_records(args, library, query, notes)
        report_index_notices(library)
    return 0


def _print_records(
    args: argparse.Namespace, library: Library, query: Query | None, notes: Annotations
) -> None:
    """The records of the quotes stored when each article was indexed (no file is read again),
    printed as they are made: a feed's quotes are never all held at once. Each article's tags
    and note are looked up as it streams past, just before its records."""
    by_path: dict[str, tuple[tuple[str, ...], str | None]] = {}
    pairs = _matching(library, query, library.all_quotes, library.quotes_by_page)
    records = each_quote_record(
        _noted(pairs, notes, by_path),
        speaker=args.speaker,
        annotations=by_path,
        min_confidence=args.min_confidence,
    )
    if args.json:
        print_json_array(record.as_dict() for record in records)
    elif args.csv:
        _print_csv(records)
    else:
        _print_text(records)


def _matching(
    library: Library,
    query: Query | None,
    every: Callable[[], Iterable[_T]],
    some: Callable[[Sequence[int]], Iterable[_T]],
) -> Iterable[_T]:
    """The articles to quote from, newest first: `every` article's items, or `some` of the
    query's matches (by their ids)."""
    if query is None:
        return every()
    found = library.view(query)
    if found.notice:
        warn(found.notice)
    return some(found.ids)


def filled_records(ready: Iterable[tuple[str, str, str]], notes: Annotations) -> Iterator[str]:
    """Each article's records ready to print (`Library.ready_quotes`' (identity, head,
    records)) with its tags and note spliced in: the text `print_json_array` prints of its
    `QuoteRecord`s."""
    unnoted = record_members({"tags": [], "note": None})
    for identity, head, records in ready:
        if records:
            tags, note = notes.of(identity)
            plain = not tags and note is None
            noted = unnoted if plain else record_members({"tags": list(tags), "note": note})
            yield filled(records, head, noted)


def _noted(
    pairs: Iterable[tuple[ArticleSummary, ArticleQuotes]],
    notes: Annotations,
    by_path: dict[str, tuple[tuple[str, ...], str | None]],
) -> Iterator[tuple[ArticleSummary, ArticleQuotes]]:
    """`pairs`, filing each article's tags and note under its path in `by_path` first."""
    for summary, quotes in pairs:
        by_path.clear()  # only the article whose records are being made is looked up
        by_path[str(summary.path)] = notes.of(summary.identity)
        yield summary, quotes


def _print_csv(records: Iterable[QuoteRecord]) -> None:
    """CSV in UTF-8 whatever the locale, with its own CRLF line ends left as they are."""
    stream = sys.stdout
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(encoding="utf-8", newline="")
    write_csv(records, stream, bom=True)


def _print_text(records: Iterable[QuoteRecord]) -> None:
    quotes = articles = 0
    last = None
    for record in records:
        quotes += 1
        articles += record.file != last  # an article's records come together
        last = record.file
        who = safe(" ".join(filter(None, (record.speaker_rank, record.speaker))))
        role = f" — {safe(record.role)}" if record.role else ""
        if record.doubtful:  # a name to check before quoting it
            role += f"  ? ({record.cue}, {record.confidence:.2f})"
        when = record.published.replace("T", " ")[:16] if record.published else "undated"
        print(f"{who}{role}")
        print(f"{when:<16}  {safe(record.article_title)}")
        print(textwrap.indent(safe_block(record.text), _INDENT))
        print()
    print(f"{counted(quotes, 'quote')} from {counted(articles, 'article')}")
