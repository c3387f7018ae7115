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

import sys
from collections.abc import Sequence
from pathlib import Path

from reader import __version__
from reader.cli import (
    cmd_app,
    cmd_fetch,
    cmd_list,
    cmd_note,
    cmd_quotes,
    cmd_read,
    cmd_saved,
    cmd_search,
    cmd_serve,
    cmd_show,
    cmd_state,
    cmd_tag,
    cmd_undo,
    cmd_watch,
)
from reader.cli.output import ArgumentParser, CommandError, fail, report_failure

# Each subcommand module exposes NAME, HELP, add_arguments(parser) and run(args) -> int.
SUBCOMMANDS = {
    module.NAME: module
    for module in (
        cmd_list,
        cmd_show,
        cmd_search,
        cmd_quotes,
        cmd_tag,
        cmd_note,
        cmd_read,
        cmd_undo,
        cmd_saved,
        cmd_watch,
        cmd_state,
        cmd_fetch,
        cmd_serve,
    )
}


def build_parser() -> tuple[ArgumentParser, dict[str, ArgumentParser]]:
    """The top-level parser (help, version, the list of commands) and each command's own."""
    parser = ArgumentParser(
        prog="pressreader",
        description="A terminal newsroom reader: read, search and quote a folder of articles.",
        epilog="Run 'pressreader COMMAND --help' for a command's options.",
    )
    parser.add_argument("--version", action="version", version=f"pressreader {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    parsers = {"app": commands.add_parser("app", help="open the reader app (the default)")}
    cmd_app.add_arguments(parsers["app"])
    for module in SUBCOMMANDS.values():
        parsers[module.NAME] = commands.add_parser(module.NAME, help=module.HELP)
        module.add_arguments(parsers[module.NAME])
    return parser, parsers


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (0 ok, 1 failed, 2 usage, 130 interrupted)."""
    if sys.stdout is None:  # `pressreader list >&-`: print() would drop everything silently
        return fail("cannot write the output: standard output is closed")
    _replace_unprintable_output()
    arguments = list(sys.argv[1:] if argv is None else argv)
    # `pressreader [FEED]` with no command opens the app.
    if not arguments or (arguments[0] not in SUBCOMMANDS and arguments[0] not in _TOP_LEVEL_WORDS):
        arguments.insert(0, "app")
    try:
        status = _run(arguments)
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


def _run(arguments: list[str]) -> int:
    parser, parsers = build_parser()
    command = arguments[0]
    if command not in parsers:  # --help, --version
        parser.parse_args(arguments)
        return 0
    args = parsers[command].parse_anywhere(arguments[1:])
    args.command = command
    status: int = cmd_app.run(args) if command == "app" else SUBCOMMANDS[command].run(args)
    return status


_TOP_LEVEL_WORDS = frozenset({"app", "-h", "--help", "--version"})


def _with_command_hint(message: str, arguments: list[str]) -> str:
    """`pressreader lsit` reads as a feed named "lsit"; say so when no such path exists."""
    if arguments[:1] == ["app"] and len(arguments) > 1:
        word = arguments[1]
        if message.startswith(f"{word}:") and not Path(word).exists() and "/" not in word:
            commands = ", ".join(SUBCOMMANDS)
            return f"{message}, and not a command ({commands})"
    return message


def _replace_unprintable_output() -> None:
    """A terminal whose encoding lacks a character gets '?' for it, not a UnicodeEncodeError."""
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="replace")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
