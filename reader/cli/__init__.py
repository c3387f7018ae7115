"""`pressreader`: the app by default, headless subcommands for scripts.

pressreader [FEED …]                      open the app
pressreader list|show|search|quotes …     print, as text or --json
pressreader fetch [URL …]                 bring feeds and pages in as articles
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from reader import __version__
from reader.cli import cmd_app, cmd_fetch, cmd_list, cmd_quotes, cmd_search, cmd_show
from reader.cli.output import ArgumentParser, CommandError, ParserExit, fail

# Each subcommand module exposes NAME, HELP, add_arguments(parser) and run(args) -> int.
SUBCOMMANDS = {
    module.NAME: module for module in (cmd_list, cmd_show, cmd_search, cmd_quotes, cmd_fetch)
}


def build_parser() -> ArgumentParser:
    parser = ArgumentParser(
        prog="pressreader",
        description="A terminal newsroom reader: read, search and quote a folder of articles.",
        epilog="Run 'pressreader COMMAND --help' for a command's options.",
    )
    parser.add_argument("--version", action="version", version=f"pressreader {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    app_parser = commands.add_parser("app", help="open the reader app (the default)")
    cmd_app.add_arguments(app_parser)
    for module in SUBCOMMANDS.values():
        module.add_arguments(commands.add_parser(module.NAME, help=module.HELP))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (0 ok, 1 failed, 2 usage, 130 interrupted)."""
    _replace_unprintable_output()
    arguments = list(sys.argv[1:] if argv is None else argv)
    # `pressreader [FEED]` with no command opens the app.
    if not arguments or (arguments[0] not in SUBCOMMANDS and arguments[0] not in _TOP_LEVEL_WORDS):
        arguments.insert(0, "app")
    try:
        args = build_parser().parse_args(arguments)
        if args.command == "app":
            return cmd_app.run(args)
        status: int = SUBCOMMANDS[args.command].run(args)
        return status
    except ParserExit as stop:
        return fail(stop.message, stop.status) if stop.message else stop.status
    except CommandError as error:
        return fail(_with_command_hint(str(error), arguments))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `pressreader list | head`: the reader went away; that is not an error. Closing stderr
        # keeps the interpreter from complaining as it flushes the dead pipe on exit.
        sys.stderr.close()
        return 0
    except Exception as error:  # a bug: still one line, never a traceback
        return fail(f"internal error ({type(error).__name__}: {error}); please report it")


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
