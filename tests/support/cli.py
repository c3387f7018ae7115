"""Running the CLI in the test's process, as `pressreader ARGV` would, and reading its JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    """`pressreader ARGV`: the exit status, stdout and stderr."""
    status = main([str(arg) for arg in argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def result_titles(out: str) -> list[str]:
    """The titles of `pressreader search … --json` output, in its order."""
    return [record["title"] for record in json.loads(out)["results"]]
