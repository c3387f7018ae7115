"""A message that takes the place of the reading panes: nothing to read, and why."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from textual.widgets import Static

from reader.ui.widgets.labels import block, line


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
