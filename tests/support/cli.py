"""Running the CLI in the test's process, as `pressreader ARGV` would, and reading its JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.cli import main
from reader.store.state import ReadingState


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    """`pressreader ARGV`: the exit status, stdout and stderr."""
    status = main([str(arg) for arg in argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def result_titles(out: str) -> list[str]:
    """The titles of `pressreader search … --json` output, in its order."""
    return [record["title"] for record in json.loads(out)["results"]]


def count_state_opens(monkeypatch: pytest.MonkeyPatch) -> list[Path | None]:
    """The path given for each reading state opened from now on."""
    opened: list[Path | None] = []
    real_init = ReadingState.__init__

    def counting(state: ReadingState, path: Path | None = None, **options: bool) -> None:
        opened.append(path)
        real_init(state, path, **options)

    monkeypatch.setattr(ReadingState, "__init__", counting)
    return opened
