"""`pressreader fetch [URL …] [--into DIR] [--since DATE] [--limit N] [--json]`.

Fetches RSS/Atom feeds and article pages into a feed folder, one article file per item; with no
URL, the config's `[[subscriptions]]`. Prints what became of each item: new, updated, unchanged
or failed (failures as one error line each, naming the URL). Exit status 1 when any failed;
everything else fetched is kept.
"""

from __future__ import annotations

import argparse
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from reader.articles.dates import parse_date
from reader.cli.output import (
    CommandError,
    add_config_argument,
    add_json_argument,
    add_state_argument,
    fail,
    positive_int,
    print_json,
    safe,
    warn,
)
from reader.store.config import Config, config_path, load_config

if TYPE_CHECKING:  # the fetcher pulls in trafilatura (~0.8 s): imported only to fetch
    from reader.ingest.fetcher import ItemResult, Source, Status

_STATUSES: tuple[Status, ...] = ("new", "updated", "unchanged", "failed")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "urls",
        nargs="*",
        metavar="URL",
        help="feeds or article pages, told apart by their content (default: the config's "
        "[[subscriptions]])",
    )
    parser.add_argument(
        "--into",
        type=Path,
        metavar="DIR",
        help="the folder to write the articles into (default: the config's feed)",
    )
    parser.add_argument(
        "--since",
        type=_date,
        metavar="DATE",
        help="only items published on DATE or later (2020-11-01 or 01/11/2020, day first)",
    )
    parser.add_argument(
        "--limit", type=positive_int, metavar="N", help="at most the N newest items of each feed"
    )
    add_json_argument(parser)
    add_state_argument(parser)
    add_config_argument(parser)


def _date(text: str) -> datetime:
    moment = parse_date(text)
    if moment is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (try 2020-11-01)")
    return moment


def run(args: argparse.Namespace) -> int:
    from reader.ingest.fetcher import FetchOptions, fetch
    from reader.ingest.writer import WriteError

    path = args.config if args.config is not None else config_path()
    config, problems = load_config(path)
    for problem in problems:
        warn(problem)
    into = _destination(args.into, config, path)
    sources = _sources(args.urls, config, path)
    options = FetchOptions(into=into, state_dir=args.state_dir, since=args.since, limit=args.limit)
    try:
        results = fetch(
            sources, options, on_result=None if args.json else _print_result, on_warning=warn
        )
    except WriteError as error:
        raise CommandError(str(error)) from None
    if args.json:
        print_json([result.record() for result in results])
    else:
        counts = Counter(result.status for result in results)
        print(", ".join(f"{counts[status]} {status}" for status in _STATUSES))
    return 1 if any(result.status == "failed" for result in results) else 0


def _destination(into: Path | None, config: Config, path: Path) -> Path:
    if into is not None:
        return into
    if config.feed:
        return config.feed[0]
    raise CommandError(f"no folder to fetch into: give --into DIR, or set feed in {path}")


def _sources(urls: list[str], config: Config, path: Path) -> list[Source]:
    from reader.ingest.fetcher import Source

    subscriptions = {subscription.url: subscription for subscription in config.subscriptions}
    if not urls:
        if not subscriptions:
            raise CommandError(f"nothing to fetch: give a URL, or add [[subscriptions]] to {path}")
        urls = list(subscriptions)
    sources = []
    for url in urls:
        known = subscriptions.get(url)
        sources.append(Source(url) if known is None else Source.subscribed(known))
    return sources


def _print_result(result: ItemResult) -> None:
    if result.status == "failed":
        fail(result.error or result.url)
    elif result.status != "unchanged":
        print(f"{result.status:<8} {safe(str(result.file))}")
