"""What every subcommand shares: arguments, the reading state, safe text and JSON output, and
the one mapping of every failure to its message and exit status (`report_failure`)."""

from __future__ import annotations

import argparse
import json
import os
import stat
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import ExitStack
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO, TypeVar

from reader.articles.model import LoadError
from reader.articles.sanitize import (
    clean_line,
    clean_text,
    json_default,
    json_escaped,
    json_members,
    write_json_array,
)
from reader.feed.library import Library
from reader.feed.walk_split import SplitWalk
from reader.search.query import Query, QueryError
from reader.store.failures import describe
from reader.store.resources import sample_feed_path
from reader.store.state import ReadingState, StateError, state_path

if TYPE_CHECKING:
    from reader.feed.walk_parts import WalkChild
    from reader.store.config import Config

INTERRUPTED = 130
_T = TypeVar("_T")


class CommandError(Exception):
    """A failure to report as one line on stderr, with exit status `status`."""

    status = 1


class UsageError(CommandError):
    """A command line that cannot be done as asked (status 2, as argparse's errors)."""

    status = 2


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

    def parse_anywhere(self, arguments: Sequence[str]) -> argparse.Namespace:
        """Options anywhere among the other arguments, as users type them (`search FEED --json
        QUERY`): `parse_intermixed_args`. After `--` every word is an argument, even `-q`;
        Python 3.11's intermixed parser loses a `--` that no argument precedes, so the options
        before it are parsed first, then the arguments, with the words after `--` last."""
        arguments = list(arguments)
        if "--" not in arguments:
            return self.parse_intermixed_args(arguments)
        cut = arguments.index("--")
        positionals = [action for action in self._actions if not action.option_strings]
        saved = [(action.nargs, action.default) for action in positionals]
        for action in positionals:  # the options alone, as parse_intermixed_args does
            action.nargs = action.default = argparse.SUPPRESS
        try:
            namespace, words = self.parse_known_args(arguments[:cut])
        finally:
            for action, (nargs, default) in zip(positionals, saved, strict=True):
                action.nargs, action.default = nargs, default
        return self.parse_args([*words, *arguments[cut:]], namespace)


def fail(message: str, status: int = 1) -> int:
    print(f"pressreader: error: {clean_line(message)}", file=sys.stderr)
    return status


def report_failure(error: Exception | KeyboardInterrupt) -> int:
    """Tell the user what stopped the command, on one line of stderr; the exit status.

    The expected failures, each worded: a usage or command error (its own message), a bad query
    (2), Ctrl-C (130), the output closed or full, and the machine's failures `describe` words:
    permission, a full disk, a read-only file system, a lock, a missing file, a folder for a
    file, and SQLite's locked, read-only, full and damaged. Anything else is a bug: "internal
    error … please report it".
    """
    if isinstance(error, KeyboardInterrupt):
        return fail("interrupted", INTERRUPTED)
    if isinstance(error, ParserExit):
        return fail(error.message, error.status) if error.message else error.status
    if isinstance(error, CommandError | StateError):
        return fail(str(error), getattr(error, "status", 1))
    if isinstance(error, QueryError):
        return fail(f"bad query: {error}", UsageError.status)
    reason = describe(error)
    if isinstance(error, OSError) and error.filename is None and reason is not None:
        _drop_unwritten_output()
        return fail(f"cannot write the output: {reason}")  # a stream has no file name
    if reason is not None:
        return fail(reason)
    return fail(f"internal error ({type(error).__name__}: {error}); please report it")


def _drop_unwritten_output() -> None:
    """Point stdout at the null device, so the interpreter's last flush of what could not be
    written succeeds instead of printing a second complaint (and exiting 120)."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError, AttributeError):  # not a real file (a test's capture): no flush
        pass


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


def config_file(args: argparse.Namespace) -> Path:
    """The --config file, or the default one."""
    # The config module (with tomllib and difflib) is imported by the commands that read it,
    # not by every command: a warm search has ~5 ms of CPU less to do beside its walk.
    from reader.store.config import config_path

    return args.config if args.config is not None else config_path()


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


def check_query_is_not_a_feed(query: str, usage: str) -> None:
    """`pressreader search FEED` forgot the query: FEED would be searched for in the sample
    feed. The last argument is always the query, so one naming a file or folder is an error
    (`usage`: the command's form, to show where the query goes)."""
    try:
        found = Path(query).stat() if query.strip() else None
    except (OSError, ValueError):  # no such file; a name too long, or with a NUL, for one
        found = None
    if found is not None:
        kind = "folder" if stat.S_ISDIR(found.st_mode) else "file"
        raise UsageError(f"'{query}' is a {kind}, and the last argument is the QUERY: {usage}")


def open_marks(
    args: argparse.Namespace, stack: ExitStack, query: Query | None
) -> ReadingState | None:
    """The app's reading state, read-only, when `query` has an `is:` filter (else None); closed
    with `stack` (see `open_state`)."""
    if query is None or not query.uses_state:
        return None
    return open_state(args, stack, read_only=True)


def open_state(args: argparse.Namespace, stack: ExitStack, *, read_only: bool) -> ReadingState:
    """The app's reading state (--state-dir's), closed with `stack`; what happened to a damaged
    one told on stderr (`report_state`)."""
    state = stack.enter_context(ReadingState(state_path(args.state_dir), read_only=read_only))
    report_state(state)
    return state


def report_state(state: ReadingState) -> None:
    """Say on stderr that the state file was found damaged and moved aside (its notice), and
    where each damaged file moved aside earlier and not yet recovered went: every command that
    opens the state says so, so marks missing from its answer never go unexplained."""
    if state.notice:
        warn(state.notice)
    for aside in state.moved_aside():
        if state.notice is None or str(aside) not in state.notice:
            warn(moved_aside_reminder(aside))


def open_library(
    args: argparse.Namespace, stack: ExitStack, paths: Sequence[Path], marks: ReadingState | None
) -> Library:
    """The feed's library, brought up to date, its load errors and index notices told on
    stderr; closed with `stack`. `marks` answers the `is:` filters (None: the query has none)."""
    library = stack.enter_context(Library(paths, follow_symlinks=args.follow_symlinks, marks=marks))
    report_load_errors(library.refresh())
    report_index_notices(library)
    return library


def feed_walk(args: argparse.Namespace, paths: Sequence[Path]) -> SplitWalk:
    """The walk of `paths`: the one `pressreader` started before the command's imports if it
    walks these very paths (`reader.cli._early_walk`), else one started now (and the other
    stopped); to be closed by the caller."""
    early: WalkChild | None = getattr(args, "early_walk", None)
    if early is not None:
        if [Path(os.fsdecode(early.top))] == list(paths) and not args.follow_symlinks:
            return SplitWalk(paths, follow_symlinks=False, child=early)
        early.close()
    return SplitWalk.start(paths, follow_symlinks=args.follow_symlinks)


def read_library(
    args: argparse.Namespace,
    stack: ExitStack,
    walking: SplitWalk,
    marks: ReadingState | None,
    read: Callable[[Library], _T],
) -> tuple[Library, _T]:
    """`open_library`, and what `read` gives on the library brought up to date, from the walk
    `walking` (started before anything else, so that it runs beside the rest): `read` may run
    while the walk goes on, and again after a sync if the feed changed (`Library.read_fresh`)."""
    library = stack.enter_context(
        Library(walking.paths, follow_symlinks=args.follow_symlinks, marks=marks)
    )
    value, errors = library.read_fresh(walking, lambda: read(library))
    report_load_errors(errors)
    report_index_notices(library)
    return library, value


def configured(args: argparse.Namespace) -> tuple[Config, list[str]]:
    """The --config file's settings (or the default file's) and a message for each problem in
    it; with no FEED given, the config's `feed` becomes the FEED."""
    from reader.store.config import load_config

    config, problems = load_config(config_file(args))
    if not args.feed and config.feed:
        args.feed = list(config.feed)
    return config, problems


def moved_aside_reminder(aside: Path) -> str:
    return (
        f"a damaged reading state file was moved to {aside}; its read marks and stars are "
        "missing here until 'pressreader state --recover' brings them back (or the file is "
        "deleted)"
    )


def report_index_notices(library: Library) -> None:
    """Say what happened to the search index (rebuilt, moved away from a full disk, back), once
    each: after the index is brought up to date, and again once the command has read it."""
    for notice in library.take_notices():
        warn(notice)


def report_load_errors(errors: Iterable[LoadError]) -> None:
    for error in errors:
        warn(str(error))


def print_json(value: Any, stream: TextIO | None = None) -> None:
    print(_json_text(value, indent=2), file=stream or sys.stdout)


def print_json_line(value: Any) -> None:
    """One JSON value on one line (NDJSON), flushed at once for a reader waiting on a pipe."""
    print(_json_text(value, indent=None), flush=True)


def print_json_array(records: Iterable[Mapping[str, Any]], stream: TextIO | None = None) -> None:
    """`print_json(list(records))`, written a record at a time as the records come: a feed's
    records are never all held at once, as a list or as its text (at 100,000 articles, `list
    --json` held ~340 MB). The text is the same, byte for byte."""
    print_json_texts(map(record_text, records), stream)


def print_json_texts(texts: Iterable[str], stream: TextIO | None = None) -> None:
    """A JSON array of the records whose texts (`record_text`'s; or several, joined by ",\\n")
    `texts` gives, written as they come; "" stands for none."""
    write_json_array(texts, stream or sys.stdout)


def record_text(record: Mapping[str, Any]) -> str:
    """One record as `json.dumps(..., indent=2)` shows it inside an array, escaped. Indented
    JSON is encoded in Python, several times slower than the C encoder; so a record whose values
    are all scalars or empty (nearly every one) goes through the C encoder with the indent as its
    separator (`json_members`), and only one holding a non-empty list or object is indented by
    `json.dumps`."""
    if not record:
        return "  {}"
    if any(type(value) in _CONTAINERS and value for value in record.values()):
        text = json.dumps(record, ensure_ascii=False, indent=2, default=json_default)
        return json_escaped("  " + text.replace("\n", "\n  "))
    return "  {\n    " + json_members(record) + "\n  }"


def record_members(record: Mapping[str, Any]) -> str:
    """`record_text` of a record of one or more fields, without its braces: its members, to
    splice into another record's text."""
    return record_text(record)[len("  {\n    ") : -len("\n  }")]


def _json_text(value: Any, indent: int | None) -> str:
    text = json.dumps(value, ensure_ascii=False, indent=indent, default=json_default)
    return json_escaped(text)


_CONTAINERS = frozenset({list, tuple, dict})


def when(published: datetime | None, *, timed: bool) -> str:
    """The date column of a text row: "2020-11-12 13:55", the day alone when the article
    printed no time (`timed`), or "undated"."""
    if published is None:
        return "undated"
    return f"{published:%Y-%m-%d %H:%M}" if timed else f"{published:%Y-%m-%d}"


def safe(text: str | None) -> str:
    """One-line text from an article, safe for a terminal."""
    return clean_line(text) if text else ""


def safe_block(text: str) -> str:
    """Multi-line text from an article, safe for a terminal."""
    return clean_text(text)
