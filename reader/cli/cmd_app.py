"""`pressreader [FEED]`: open the reader app."""

from __future__ import annotations

import argparse

from reader.cli.output import add_feed_argument, feed_paths


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_feed_argument(parser)


def run(args: argparse.Namespace) -> int:
    paths = feed_paths(args)  # a bad path is reported before Textual loads
    from reader.app import PressReaderApp  # Textual loads only when the app is wanted.

    PressReaderApp(paths, follow_symlinks=args.follow_symlinks).run()
    return 0
