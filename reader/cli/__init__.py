"""`pressreader`: the app by default, headless subcommands for scripts.

pressreader [FEED …]                      open the app
pressreader list|show|search|quotes …     print, as text or --json
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from reader import __version__
from reader.cli import cmd_app, cmd_list, cmd_show
from reader.cli.output import CommandError, fail

# Each subcommand module exposes NAME, HELP, add_arguments(parser) and run(args) -> int.
SUBCOMMANDS = {module.NAME: module for module in (cmd_list, cmd_show)}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
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
    arguments = list(sys.argv[1:] if argv is None else argv)
    # `pressreader [FEED]` with no command opens the app.
    if not arguments or (arguments[0] not in SUBCOMMANDS and arguments[0] not in _TOP_LEVEL_WORDS):
        arguments.insert(0, "app")
    args = build_parser().parse_args(arguments)
    try:
        if args.command == "app":
            return cmd_app.run(args)
        return SUBCOMMANDS[args.command].run(args)
    except CommandError as error:
        return fail(str(error))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `pressreader list | head`: the reader went away; that is not an error.
        sys.stderr.close()
        return 0


_TOP_LEVEL_WORDS = frozenset({"app", "-h", "--help", "--version"})


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
