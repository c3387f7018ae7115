"""A message that takes the place of the reading panes: nothing to read, and why."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rich.console import Group
from rich.text import Text
from textual.widgets import Static

from reader.articles.model import LoadError
from reader.ui.widgets.labels import block, counted, line


class Notice(Static):
    """Its heading and detail are shown literally (they may quote paths); the screen decides
    when it is seen."""

    heading = ""
    detail = ""

    def show(self, heading: str, detail: str) -> None:
        self.heading, self.detail = line(heading), block(detail)
        self.update(
            Group(
                Text(self.heading, style="bold"),
                Text(),
                Text(self.detail),
            )
        )

    def show_nothing_to_read(self, errors: Sequence[LoadError], paths: Sequence[Path]) -> None:
        """Say why a feed has not a single readable article: missing paths, broken files (and
        where to see why), or no markdown files at all."""
        self.show(*_nothing_to_read(errors, paths))


def _nothing_to_read(errors: Sequence[LoadError], paths: Sequence[Path]) -> tuple[str, str]:
    where = ", ".join(str(path) for path in paths)
    missing = [error for error in errors if not error.path.exists()]
    if errors and len(missing) == len(errors):
        return "Nothing to read", "\n".join(str(error) for error in missing)
    if errors:
        return (
            "None of the files could be read",
            f"{counted(len(errors), 'file')} failed to load. Press E (or choose "
            "“Show load errors” in the command palette, ctrl+p) to see each file and why.",
        )
    return (
        f"No articles in {where}",
        "There are no .md or .markdown files there. Open a folder of articles with "
        "`pressreader PATH`.",
    )
