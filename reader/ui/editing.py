"""Opening an article's file in the reader's editor, as glow's `e` does: `$VISUAL`, else
`$EDITOR`, given the file's path as its last argument ("code --wait" works as well as "vim").

The app suspends itself around `run_editor` (the editor gets the terminal); nothing here knows
of Textual. Every failure comes back as one line saying what to do about it.
"""

from __future__ import annotations

import shlex
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path

EDITOR_VARIABLES = ("VISUAL", "EDITOR")
NO_EDITOR = "Set $VISUAL or $EDITOR to your editor (for example: export EDITOR=nano) to edit."


def editor_command(environ: Mapping[str, str]) -> list[str] | str:
    """The editor's command line from `$VISUAL` (else `$EDITOR`), or what is wrong with it."""
    for name in EDITOR_VARIABLES:
        value = environ.get(name, "").strip()
        if not value:
            continue
        try:
            command = shlex.split(value)
        except ValueError as error:
            return f"${name} is not a command line ({error}): {value}"
        return command
    return NO_EDITOR


def run_editor(command: Sequence[str], path: Path) -> str | None:
    """Run the editor on `path` and wait for it to exit; what went wrong, or None."""
    name = command[0]
    try:
        finished = subprocess.run([*command, str(path)], check=False)
    except FileNotFoundError:
        return f"The editor {name!r} was not found: check $VISUAL or $EDITOR."
    except OSError as error:
        return f"The editor {name!r} could not be started: {error.strerror or error}."
    if finished.returncode != 0:
        return f"The editor {name!r} exited with status {finished.returncode}."
    return None
