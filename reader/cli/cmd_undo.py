"""`pressreader undo [--state-dir DIR] [--json]`: take back the last marking action.

The reading state keeps the last action that changed marks, wherever it was made: `pressreader
read`, `tag` or `note`, or the app (read, unread, a star, marking everything read, tags, a note).
Undo puts back what it replaced and says what it was. Undo itself is not undone.
"""

from __future__ import annotations

import argparse
from contextlib import ExitStack

from reader.cli.output import add_json_argument, add_state_argument, open_state, print_json, safe


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_state_argument(parser)
    add_json_argument(parser)


def run(args: argparse.Namespace) -> int:
    with ExitStack() as stack:
        state = open_state(args, stack, read_only=False)
        undone = state.undo()
    if args.json:
        print_json({"state": str(state.path), "undone": undone})
    elif undone is None:
        print("Nothing to undo.")
    else:
        print(f"Undone: {safe(undone)}.")
    return 0
