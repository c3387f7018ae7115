"""The export dialog: where to write the quotes of the listed articles, as CSV or JSON."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from reader.ui.widgets.labels import counted, line

EXPORT_FORMATS = {".csv": "csv", ".json": "json"}


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
        if problem is not None:
            self.query_one("#export-problem", Static).update(Text(line(problem)))
            return
        self.dismiss(path)

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
