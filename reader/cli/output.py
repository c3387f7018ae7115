"""What every subcommand shares: feed arguments, safe text and JSON output, errors."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any, NoReturn, TextIO

from reader.articles.model import LoadError
from reader.articles.sanitize import clean_line, clean_text
from reader.store.resources import sample_feed_path

# json.dumps escapes C0 controls itself; these it would pass through with ensure_ascii=False.
# Lone surrogates (from undecodable file names) are escaped too: a UTF-8 stream cannot carry them,
# and `\udcff` in JSON reads back as the same file name.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


class CommandError(Exception):
    """A failure to report as one line on stderr with exit status 1."""


class ParserExit(Exception):
    """The command line asked to stop (--help, --version) or did not parse (status 2)."""

    def __init__(self, status: int, message: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class ArgumentParser(argparse.ArgumentParser):
    """argparse that reports instead of exiting, with one-line usage errors (no usage dump)."""

    def error(self, message: str) -> NoReturn:
        raise ParserExit(2, f"{message} (see '{self.prog} --help')")

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        raise ParserExit(status, message or "")


def fail(message: str, status: int = 1) -> int:
    print(f"pressreader: error: {clean_line(message)}", file=sys.stderr)
    return status


def warn(message: str) -> None:
    print(f"pressreader: warning: {clean_line(message)}", file=sys.stderr)


def add_feed_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "feed",
        nargs="*",
        type=Path,
        metavar="FEED",
        help="folders of articles or article files (default: the bundled sample feed)",
    )
    parser.add_argument(
        "--follow-symlinks",
        action="store_true",
        help="follow symlinks that lead out of the feed folder (off by default)",
    )


def add_state_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--state-dir",
        type=Path,
        metavar="DIR",
        help="folder of the reading state (read marks, stars); default: the user data dir, "
        "or $PRESSREADER_DATA_DIR",
    )


def add_config_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help="the config file (default: config.toml in the user config dir, "
        "or $PRESSREADER_CONFIG_DIR)",
    )


def positive_int(text: str) -> int:
    """An argparse type: a whole number of 1 or more."""
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def add_json_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")


def feed_paths(args: argparse.Namespace) -> list[Path]:
    """The FEED arguments (or the sample feed); a path that cannot be read is an error."""
    paths: list[Path] = list(args.feed) or [sample_feed_path()]
    for path in paths:
        check_readable(path)
    return paths


def check_readable(path: Path) -> None:
    """Raise `CommandError` when `path` is neither a listable folder nor a readable file."""
    try:
        if path.is_dir():
            os.scandir(path).close()
        else:
            os.close(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)))
    except FileNotFoundError:
        raise CommandError(f"{path}: no such file or folder") from None
    except OSError as error:
        raise CommandError(f"{path}: {error.strerror or error}") from None


def report_load_errors(errors: Iterable[LoadError]) -> None:
    for error in errors:
        warn(str(error))


def print_json(value: Any, stream: TextIO | None = None) -> None:
    text = json.dumps(value, ensure_ascii=False, indent=2, default=_json_default)
    text = _JSON_UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)
    print(text, file=stream or sys.stdout)


def _json_default(value: object) -> str:
    if isinstance(value, date):  # datetimes too
        return value.isoformat()
    return str(value)


def safe(text: str | None) -> str:
    """One-line text from an article, safe for a terminal."""
    return clean_line(text) if text else ""


def safe_block(text: str) -> str:
    """Multi-line text from an article, safe for a terminal."""
    return clean_text(text)
