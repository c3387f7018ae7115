"""`pressreader note FILE TEXT`: give an article a free-text note ("" removes it).

The note is kept with the article's read mark, by its URL or content hash, so it follows the
article when the folder moves; `note:word` and `has:note` search it.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from reader.articles.model import LoadError
from reader.articles.parse import parse_file
from reader.cli.output import CommandError, add_state_argument, report_state
from reader.store.state import ReadingState, StateError, state_path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, metavar="FILE", help="an article file")
    parser.add_argument("text", metavar="TEXT", help='the note (quote it); "" removes the note')
    add_state_argument(parser)


def run(args: argparse.Namespace) -> int:
    article = parse_file(args.file)
    if isinstance(article, LoadError):
        raise CommandError(str(article))
    try:
        with ReadingState(state_path(args.state_dir)) as state:
            report_state(state)
            note = state.set_note(article.identity, args.text)
    except ValueError as error:
        raise CommandError(f"bad note: {error}") from None
    except StateError as error:
        raise CommandError(str(error)) from None
    print(f"note saved on {args.file}" if note else f"note removed from {args.file}")
    return 0
