"""`pressreader watch [FEED] QUERY [--json]`: print each article that arrives or changes and
matches QUERY, until Ctrl-C or SIGTERM.

For scripts ("tell the desk when a release quotes the Chief Constable"): one line of text a
match, or with `--json` one JSON object a line (NDJSON) with the fields of a `search --json`
result. Nothing is printed for the articles already there when it starts; "watching …" on
stderr says it is ready. Every line is flushed as it is written. It exits 0 when stopped.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from types import FrameType

from reader.articles.model import Article, ArticleSummary
from reader.cli.annotations import read_annotations
from reader.cli.output import (
    add_feed_argument,
    add_json_argument,
    add_state_argument,
    feed_paths,
    open_marks,
    print_json_line,
    report_index_notices,
    report_load_errors,
    safe,
    warn,
    when,
)
from reader.cli.records import search_record
from reader.feed.library import Library, load_article
from reader.feed.saved import matching_among
from reader.feed.watch import watch_feed
from reader.search.query import Query, parse, snippet


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_feed_argument(parser)
    add_state_argument(parser)
    parser.add_argument("query", metavar="QUERY", help="what to look for (quote it)")
    add_json_argument(parser)


def run(args: argparse.Namespace) -> int:
    query = parse(args.query)  # a bad one is a usage error (see reader.cli.output)
    paths = feed_paths(args)
    stop = threading.Event()
    with ExitStack() as stack:
        stack.enter_context(_stopping_on_signals(stop))
        marks = open_marks(args, stack, query)
        library = stack.enter_context(
            Library(paths, follow_symlinks=args.follow_symlinks, marks=marks)
        )
        # A scan, not a refresh: the library then knows what it has seen, and each sync after
        # it brings only what changed since.
        report_load_errors(error for batch in library.scan() for error in batch.errors)
        report_index_notices(library)
        shown = ", ".join(str(path) for path in paths)
        print(f"pressreader: watching {safe(shown)} for {safe(query.text)}", file=sys.stderr)
        first = True
        for changes in watch_feed(paths, stop):
            if changes.notice:
                warn(changes.notice)
            report_index_notices(library)
            if stop.is_set():
                break
            # The first item says watching has begun: a sync of the whole feed then also
            # covers what changed since the scan above; after it, the files named.
            files = None if first else changes.files
            first = False
            batches = library.sync(files=files)
            arrived = [summary for batch in batches for summary in batch.summaries]
            _print(
                matching_among(library, query, {summary.path for summary in arrived}), query, args
            )
    return 0


def _print(found: list[ArticleSummary], query: Query, args: argparse.Namespace) -> None:
    if not found:
        return
    if not args.json:
        for summary in found:
            date = when(summary.published, timed=summary.timed)
            print(f"{date:<16}  {safe(summary.title)}  {safe(str(summary.path))}", flush=True)
        return
    annotations = read_annotations(args.state_dir)  # only the JSON lines show tags and notes
    for summary in found:
        article = load_article(summary.path)
        extract = snippet(query, article.body) if isinstance(article, Article) else None
        record = search_record(summary, query, None, extract)
        print_json_line(record | annotations.record(summary.identity))


@contextmanager
def _stopping_on_signals(stop: threading.Event) -> Iterator[None]:
    """Ctrl-C and SIGTERM set `stop` (the watch ends within ~50 ms) instead of killing the
    process mid-write; the previous handlers come back afterwards."""

    def handle(number: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {number: signal.signal(number, handle) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
