"""`pressreader serve [FEED …] [--host 127.0.0.1] [--port 8000]`: the app in a web browser.

Each browser tab that opens the page gets its own app process, run with textual-serve, reading
the same feed, reading state and config as `pressreader [FEED]` would. It listens on 127.0.0.1
unless told otherwise: the app reads the user's files and reading state, and anyone who can reach
the port can use it, with no password (see the README's Security section).
"""

from __future__ import annotations

import argparse
import ipaddress
import shlex
import sys

from reader.cli.output import (
    UsageError,
    add_config_argument,
    add_feed_argument,
    add_state_argument,
    config_file,
    configured,
    feed_paths,
    warn,
)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_feed_argument(parser)
    add_state_argument(parser)
    add_config_argument(parser)
    parser.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help=f"the address to listen on (default {DEFAULT_HOST}: this machine only)",
    )
    parser.add_argument(
        "--port", type=_port, default=DEFAULT_PORT, help=f"the port (default {DEFAULT_PORT})"
    )


def _port(text: str) -> int:
    value = int(text)
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError("must be from 1 to 65535")
    return value


def app_command(args: argparse.Namespace) -> str:
    """The shell command textual-serve runs for each browser session: this app, same options."""
    words = [sys.executable, "-m", "reader", "app", *(str(path) for path in args.feed)]
    if args.follow_symlinks:
        words.append("--follow-symlinks")
    if args.state_dir is not None:
        words += ["--state-dir", str(args.state_dir)]
    words += ["--config", str(config_file(args))]
    return shlex.join(words)


def run(args: argparse.Namespace) -> int:
    _config, problems = configured(args)
    for problem in problems:
        warn(problem)
    args.feed = feed_paths(args)  # a bad path is reported now, not in each browser tab
    if not _is_loopback(args.host):
        warn(
            f"serving on {args.host}: anyone who can reach this port can read the feed and "
            "change your reading state, with no password"
        )
    from textual_serve.server import Server  # only the server needs it (aiohttp)

    server = Server(app_command(args), host=args.host, port=args.port, title="PressReader")
    print(
        f"pressreader: serving on http://{args.host}:{args.port}/ (Ctrl-C stops)", file=sys.stderr
    )
    server.serve()
    return 0


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        raise UsageError(f"--host {host!r} is not an IP address or 'localhost'") from None
