"""The errors screen: each file that could not be read, and each URL the last fetch failed on."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain, islice
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from reader.articles.model import LoadError
from reader.ui.fetching import FetchFailure
from reader.ui.widgets.labels import line

# A table of 100,000 rows takes seconds to build; past this many the screen says how many more.
MAX_ROWS = 1_000


class ErrorsScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "dismiss", "Close"),
    ]

    def __init__(
        self,
        errors: Sequence[LoadError],
        roots: Sequence[Path],
        *,
        fetch_failures: Sequence[FetchFailure] = (),
    ) -> None:
        super().__init__()
        self._errors = errors
        self._roots = [root for root in roots if root.is_dir()]
        self._fetch_failures = fetch_failures

    def compose(self) -> ComposeResult:
        count = len(self._errors) + len(self._fetch_failures)
        with Vertical(id="errors-dialog") as dialog:
            kind = "Load and fetch errors" if self._fetch_failures else "Load errors"
            dialog.border_title = f"{kind} ({count:,})"
            dialog.border_subtitle = "esc to close"
            if not count:
                yield Static(Text("Every file in the feed loaded."), id="errors-none")
                return
            yield DataTable(id="errors-table", cursor_type="row", zebra_stripes=True)
            if count > MAX_ROWS:
                more = f"… and {count - MAX_ROWS:,} more; `pressreader list` prints them all."
                yield Static(Text(more), id="errors-more")

    def on_mount(self) -> None:
        if not self._errors and not self._fetch_failures:
            return
        table = self.query_one(DataTable)
        table.add_columns("File", "Line", "Reason")
        failures = (
            (Text(line(failure.url)), Text(""), Text(line(failure.reason)))
            for failure in self._fetch_failures
        )
        errors = (
            (
                Text(line(self._display_path(error.path))),
                Text(str(error.line) if error.line is not None else ""),
                Text(line(error.reason)),
            )
            for error in self._errors
        )
        table.add_rows(islice(chain(failures, errors), MAX_ROWS))
        table.focus()

    def _display_path(self, path: Path) -> str:
        """The path under the feed's folder when it is in it: shorter, and what the user knows."""
        for root in self._roots:
            if path.is_relative_to(root):
                return str(path.relative_to(root))
        return str(path)
