"""The export dialog: where to write the quotes of the listed articles, as CSV or JSON.

It never replaces a file without asking: a name that exists is written only after a second
enter on that same name.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from reader.store.paths import export_dir
from reader.ui.widgets.labels import counted, line

EXPORT_FORMATS = {".csv": "csv", ".json": "json"}


def default_export_path(
    feed_name: str, folder: Path | None = None, today: date | None = None
) -> Path:
    """`quotes-FEED-YYYY-MM-DD.csv` in the user's documents folder (or `folder`)."""
    name = re.sub(r"[^\w.-]+", "-", feed_name).strip("-.") or "feed"
    return (folder or export_dir()) / f"quotes-{name}-{today or date.today():%Y-%m-%d}.csv"


def export_format(path: Path) -> str | None:
    """ "csv" or "json" by the file's extension; None for any other."""
    return EXPORT_FORMATS.get(path.suffix.lower())


class ExportScreen(ModalScreen[Path | None]):
    """Asks for the file; dismisses with its path (enter) or None (escape)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Cancel"),
    ]

    def __init__(self, default: Path, article_count: int) -> None:
        super().__init__()
        self._default = default
        self._article_count = article_count
        self._replace_confirmed: Path | None = None  # the existing file enter was pressed on

    def compose(self) -> ComposeResult:
        count = self._article_count
        with Vertical(id="export-dialog") as dialog:
            dialog.border_title = "Export quotes"
            dialog.border_subtitle = "enter: export · esc: cancel"
            listed = counted(count, "article")
            yield Static(
                Text(
                    f"The quotes of the {listed} listed, one row per quote. "
                    "The file's extension decides the format: .csv or .json."
                ),
                id="export-help",
            )
            yield Input(value=str(self._default), id="export-path")
            yield Static(id="export-problem")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        path = Path(event.value.strip()).expanduser()
        problem = _problem(path)
        if problem is None and path.exists() and path != self._replace_confirmed:
            self._replace_confirmed = path
            problem = f"{path.name} exists: enter again to replace it, or change the name."
        if problem is not None:
            self.query_one("#export-problem", Static).update(Text(line(problem)))
            return
        self.dismiss(path)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._replace_confirmed = None  # a confirmation is for the name it was given to
        self.query_one("#export-problem", Static).update("")

    async def action_dismiss(self, result: Path | None = None) -> None:
        self.dismiss(result)


def _problem(path: Path) -> str | None:
    if not path.name:
        return "Give a file name."
    if export_format(path) is None:
        return f"{path.name}: end the name in .csv or .json."
    if path.is_dir():
        return f"{path} is a folder; give a file name."
    if not path.parent.is_dir():
        return f"{path.parent}: no such folder."
    return None
