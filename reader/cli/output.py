"""What every subcommand shares: feed arguments, safe text and JSON output, errors."""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from reader.article import LoadError
from reader.resources import sample_feed_path
from reader.sanitize import clean_line, clean_text

# json.dumps escapes C0 controls itself; these it would pass through with ensure_ascii=False.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")


class CommandError(Exception):
    """A failure to report as one line on stderr with exit status 1."""


def fail(message: str) -> int:
    print(f"pressreader: error: {clean_line(message)}", file=sys.stderr)
    return 1


def warn(message: str) -> None:
    print(f"pressreader: warning: {clean_line(message)}", file=sys.stderr)


def add_feed_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "feed",
        nargs="?",
        type=Path,
        default=None,
        metavar="FEED",
        help="a folder of articles or one article file (default: the bundled sample feed)",
    )
    parser.add_argument(
        "--follow-symlinks",
        action="store_true",
        help="follow symlinks that lead out of the feed folder (off by default)",
    )


def add_json_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")


def feed_paths(args: argparse.Namespace) -> list[Path]:
    """The FEED argument (or the sample feed); a path that does not exist is an error."""
    path: Path = args.feed if args.feed is not None else sample_feed_path()
    if not path.exists():
        raise CommandError(f"{path}: no such file or folder")
    return [path]


def report_load_errors(errors: Iterable[LoadError]) -> None:
    for error in errors:
        warn(str(error))


def print_json(value: Any, stream: TextIO | None = None) -> None:
    text = json.dumps(value, ensure_ascii=False, indent=2, default=_json_default)
    text = _JSON_UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)
    print(text, file=stream or sys.stdout)


def _json_default(value: object) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def safe(text: str | None) -> str:
    """One-line text from an article, safe for a terminal."""
    return clean_line(text) if text else ""


def safe_block(text: str) -> str:
    """Multi-line text from an article, safe for a terminal."""
    return clean_text(text)
