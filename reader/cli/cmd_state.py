"""`pressreader state [--recover [FILE]] [--state-dir DIR] [--json]`: the reading state file.

Without `--recover`: where the file is, how many read marks, stars and saved positions it holds,
the last marking action (what `pressreader undo` would take back), and the damaged files kept
beside it that are not yet recovered. With `--recover`: what SQLite can still read from each of
those (or from FILE, any older state file) is added to the live
state, and the counts are reported. A damaged file is never changed or deleted.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from reader.cli.output import (
    CommandError,
    add_json_argument,
    add_state_argument,
    check_readable,
    print_json,
    safe,
)
from reader.store.state import ReadingState, Recovery, state_path
from reader.ui.widgets.labels import counted

_EVERY_KEPT_FILE = ""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_state_argument(parser)
    parser.add_argument(
        "--recover",
        nargs="?",
        const=_EVERY_KEPT_FILE,
        metavar="FILE",
        help="add what can still be read from the damaged state files kept beside the state "
        "(or from FILE) to the reading state",
    )
    add_json_argument(parser)


def run(args: argparse.Namespace) -> int:
    path = state_path(args.state_dir)
    if args.recover is None:
        return _show(path, json=args.json)
    return _recover(path, args.recover, json=args.json)


def _show(path: Path, *, json: bool) -> int:
    with ReadingState(path, read_only=True) as state:
        record = {
            "state": str(path),
            "exists": path.exists(),
            "read": len(state.read_identities()),
            "starred": len(state.starred_identities()),
            "positions": state.position_count(),
            "last_action": state.last_action(),
            "not_recovered": [str(aside) for aside in state.moved_aside()],
            "notice": state.notice,
        }
    if json:
        print_json(record)
        return 0
    if record["notice"]:
        print(safe(str(record["notice"])))
    print(f"State file  {safe(str(path))}{'' if record['exists'] else ' (none yet)'}")
    print(f"Read marks  {record['read']:,}")
    print(f"Stars       {record['starred']:,}")
    print(f"Positions   {record['positions']:,}")
    if record["last_action"]:
        print(f"Last action {safe(str(record['last_action']))} ('pressreader undo' undoes it)")
    kept = record["not_recovered"]
    assert isinstance(kept, list)
    if kept:
        print(f"\n{counted(len(kept), 'damaged file')} kept beside it, not yet recovered:")
        for aside in kept:
            print(f"  {safe(aside)}")
        print("'pressreader state --recover' brings back what can still be read from them.")
    return 0


def _recover(path: Path, source: str, *, json: bool) -> int:
    with ReadingState(path) as state:
        if state.notice:
            print(safe(state.notice))
        if source == _EVERY_KEPT_FILE:
            sources = state.moved_aside()
        else:
            sources = [Path(source)]
            check_readable(sources[0])
            if sources[0].resolve() == path.resolve():
                raise CommandError(f"{source}: that is the live state file itself")
        recoveries = [state.recover(aside) for aside in sources]
    if json:
        print_json({"state": str(path), "recovered": [_record(done) for done in recoveries]})
        return 0
    if not recoveries:
        print(f"Nothing to recover: no damaged state file is kept beside {safe(str(path))}.")
    for done in recoveries:
        _print_recovery(done, path)
    return 0


# Each salvaged table as the counts name it: (one, several).
_NOUNS = {
    "read": ("read mark", "read marks"),
    "starred": ("star", "stars"),
    "tags": ("tag", "tags"),
    "positions": ("position", "positions"),
    "notes": ("note", "notes"),
    "searches": ("saved search", "saved searches"),
}
# Rows a recovery adds when missing, and rows it replaces when its own are newer.
_ADDED = ("read", "starred", "tags")
_NEWER = ("positions", "notes", "searches")


def _record(done: Recovery) -> dict[str, object]:
    rows = done.salvaged.rows
    return {
        "file": str(done.salvaged.source),
        **{name: len(rows[name]) for name in _NOUNS},
        "added": {name: done.added[name] for name in _NOUNS},
        "problems": list(done.salvaged.problems),
    }


def _counts(counts: dict[str, int], names: tuple[str, ...]) -> str:
    return ", ".join(counted(counts[name], *_NOUNS[name]) for name in names)


def _print_recovery(done: Recovery, path: Path) -> None:
    found = {name: len(rows) for name, rows in done.salvaged.rows.items()}
    print(f"Read from {safe(str(done.salvaged.source))}: {_counts(found, tuple(_NOUNS))}")
    for problem in done.salvaged.problems:
        print(f"  not all of it could be read ({safe(problem)})")
    added, newer = _counts(done.added, _ADDED), _counts(done.added, _NEWER)
    print(f"Added to {safe(str(path))}: {added}; newer: {newer}")
