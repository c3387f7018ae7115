"""`pressreader [FEED]`: open the reader app."""

from __future__ import annotations

import argparse

from reader.cli.output import (
    add_config_argument,
    add_feed_argument,
    add_state_argument,
    config_file,
    configured,
    feed_paths,
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_feed_argument(parser)
    add_state_argument(parser)
    add_config_argument(parser)


def run(args: argparse.Namespace) -> int:
    config, problems = configured(args)
    paths = feed_paths(args)  # a bad path is reported before Textual loads
    from reader.ui.app import PressReaderApp  # Textual loads only when the app is wanted.

    app = PressReaderApp(
        paths,
        follow_symlinks=args.follow_symlinks,
        state_dir=args.state_dir,
        config=config,
        config_path=config_file(args),
        config_problems=problems,
    )
    app.run()
    return 0
