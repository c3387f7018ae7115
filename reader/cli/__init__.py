"""`pressreader`: the app by default, headless subcommands for scripts.

pressreader [FEED …]                          open the app
pressreader list|show|search|quotes|state …   print, as text or --json
pressreader fetch [URL …]                     bring feeds and pages in as articles
pressreader tag|note …                        tag articles, give them a note
pressreader read|undo …                       mark a query's matches read; undo the last marking
pressreader saved|watch …                     saved searches' counts; print new matches as they come
pressreader serve [FEED …]                    the app in a web browser
"""

from __future__ import annotations

import os
import sys

from reader import __version__

# Nothing more is imported before `main` has started the walk of a `search` (`_early_walk`):
# not even typing, pathlib or contextlib (~10 ms here, which the walk then runs beside).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from types import ModuleType
    from typing import NoReturn

    from reader.cli.output import ArgumentParser
    from reader.feed.walk_parts import WalkChild

# Each command's help line; its module, `reader.cli.cmd_NAME`, has add_arguments(parser) and
# run(args) -> int. Only the module of the command being run is imported: a warm `search` or
# `list` answers in a few tenths of a second, and importing every command (the fetcher, the
# server, the watcher and what they import) took longer than that.
COMMANDS = {
    "list": "list the feed's articles, newest first",
    "show": "show one article: metadata, quoted speakers and body",
    "search": 'search the feed: words, "phrases", prefix*, -exclude, OR, title: area: before: …',
    "quotes": "every quote in the feed, with its speaker, as text, --json or --csv",
    "tag": "tag articles: pressreader tag FILE… TAG… [--remove]",
    "note": 'give an article a note: pressreader note FILE TEXT ("" removes it)',
    "read": "mark every article matching QUERY read (one action: 'pressreader undo' takes it back)",
    "undo": "undo the last marking action (pressreader read, tag or note, or the app's)",
    "saved": "list the saved searches with their match and unread counts",
    "watch": "keep running and print each new or changed article that matches QUERY",
    "state": "the reading state file: what it holds; --recover salvages a damaged one",
    "fetch": "fetch RSS/Atom feeds or article pages into the feed folder"
    " (default: the subscriptions)",
    "serve": "serve the app to a web browser (on 127.0.0.1 unless --host says otherwise)",
}
_APP_HELP = "open the reader app (the default)"


def command_module(name: str) -> ModuleType:
    """The module of the command `name` ("app" or one of `COMMANDS`), imported now."""
    import importlib

    return importlib.import_module(f"reader.cli.cmd_{name}")


def build_parser(only: str | None = None) -> tuple[ArgumentParser, dict[str, ArgumentParser]]:
    """The top-level parser (help, version, the list of commands) and each command's own; with
    `only`, that command's arguments alone are added (the others' modules are not imported)."""
    from reader.cli.output import ArgumentParser

    parser = ArgumentParser(
        prog="pressreader",
        description="A terminal newsroom reader: read, search and quote a folder of articles.",
        epilog="Run 'pressreader COMMAND --help' for a command's options.",
    )
    parser.add_argument("--version", action="version", version=f"pressreader {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    parsers = {}
    for name, text in {"app": _APP_HELP, **COMMANDS}.items():
        parsers[name] = commands.add_parser(name, help=text)
        if only is None or name == only:
            command_module(name).add_arguments(parsers[name])
    return parser, parsers


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (0 ok, 1 failed, 2 usage, 130 interrupted)."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    # `pressreader [FEED]` with no command opens the app.
    if not arguments or (arguments[0] not in COMMANDS and arguments[0] not in _TOP_LEVEL_WORDS):
        arguments.insert(0, "app")
    early = _early_walk(arguments) if sys.stdout is not None else None
    try:
        status = _main(arguments, early)
    finally:
        if early is not None:
            early.close()
    if argv is None and arguments[0] in _END_AT_ONCE and "multiprocessing" not in sys.modules:
        _end_now(status)
    return status


def _end_now(status: int) -> NoReturn:
    """End the process with `status` once its output is written, skipping the interpreter's
    teardown: after a warm `search` at 100,000 articles that took ~40 ms (median, load 5)
    against ~9 ms for the kernel's exit alone. Only the program does this (`main()` reading
    sys.argv), never a caller of `main`; and not after a process pool ran, whose exit
    handlers must run."""
    import contextlib

    for stream in (sys.stdout, sys.stderr):
        if stream is not None and not stream.closed:
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
    os._exit(status)


# The commands whose process ends at once when they are done (see `_end_now`).
_END_AT_ONCE = frozenset({"search"})


def _main(arguments: list[str], early: WalkChild | None) -> int:
    from reader.cli.output import CommandError, fail, report_failure

    if sys.stdout is None:  # `pressreader list >&-`: print() would drop everything silently
        return fail("cannot write the output: standard output is closed")
    _replace_unprintable_output()
    try:
        status = _run(arguments, early)
        sys.stdout.flush()  # a full disk under a short output shows here, not at exit
        return status
    except BrokenPipeError:
        # `pressreader list | head`: the reader took what it wanted; that is not an error.
        # Closing stderr keeps the interpreter from complaining as it flushes the dead pipe.
        sys.stderr.close()
        return 0
    except CommandError as error:
        return fail(_with_command_hint(str(error), arguments), error.status)
    except (Exception, KeyboardInterrupt) as error:
        return report_failure(error)


def _early_walk(arguments: list[str]) -> WalkChild | None:
    """For `search FEED QUERY …`, the walk of FEED started at once, before the command's imports
    (~0.15 s of CPU, which the walk then runs beside), in a child that imports nothing: the
    command takes it only if FEED turns out to be its one feed path
    (`reader.cli.output.feed_walk`), and any walk it does not take is stopped."""
    if arguments[0] not in _WALK_EARLY or len(arguments) < 3 or arguments[1].startswith("-"):
        return None
    from reader.feed.walk_parts import WalkChild

    return WalkChild.start(os.fsencode(arguments[1]))


_WALK_EARLY = frozenset({"search"})


def _run(arguments: list[str], early: WalkChild | None = None) -> int:
    command = arguments[0]
    parser, parsers = build_parser(command)  # --help and --version import no command
    if command not in parsers:  # --help, --version
        parser.parse_args(arguments)
        return 0
    args = parsers[command].parse_anywhere(arguments[1:])
    args.command = command
    args.early_walk = early
    status: int = command_module(command).run(args)
    return status


_TOP_LEVEL_WORDS = frozenset({"app", "-h", "--help", "--version"})


def _with_command_hint(message: str, arguments: list[str]) -> str:
    """`pressreader lsit` reads as a feed named "lsit"; say so when no such path exists."""
    from pathlib import Path

    if arguments[:1] == ["app"] and len(arguments) > 1:
        word = arguments[1]
        if message.startswith(f"{word}:") and not Path(word).exists() and "/" not in word:
            commands = ", ".join(COMMANDS)
            return f"{message}, and not a command ({commands})"
    return message


def _replace_unprintable_output() -> None:
    """A terminal whose encoding lacks a character gets '?' for it, not a UnicodeEncodeError."""
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="replace")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
