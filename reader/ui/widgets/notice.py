"""Messages that last: one that takes the reading panes' place (nothing to read, and why), and
the line under the header that says what is wrong now (`Problems`) until it is mended."""

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


class Problems(Static):
    """What is wrong now and lasts, one line a source ("load", "live reload", "index",
    "state"), until the source says it is mended; hidden while nothing is (`-none`). Shown
    literally: a problem quotes paths and error messages."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="-none")
        self._problems: dict[str, str] = {}

    @property
    def problems(self) -> dict[str, str]:
        """The problems shown, by source."""
        return dict(self._problems)

    def set_problem(self, source: str, problem: str | None) -> None:
        """Show `problem` for `source` (None: it is mended, and its line goes)."""
        if problem is None:
            self._problems.pop(source, None)
        else:
            self._problems[source] = line(problem)
        self.set_class(not self._problems, "-none")
        self.update(Text("\n".join(f"⚠ {problem}" for problem in self._problems.values())))
