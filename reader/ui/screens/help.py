"""The help screen: every key, by where it works, built from the bindings themselves."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.ui.keys import KeyAction

NOTES = (
    "n and p move between articles from anywhere except while typing in the search box; "
    "there, enter keeps the query and moves to the list, escape closes the box. "
    "Everything here is also in the command palette (ctrl+p), and the mouse works too: "
    "click a row, a link, a quote, a section title, or the load-error count."
)


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close help"),
    ]

    def __init__(self, sections: Sequence[tuple[str, Sequence[KeyAction]]]) -> None:
        super().__init__()
        self._sections = sections

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-dialog") as dialog:
            dialog.border_title = "Keys"
            dialog.border_subtitle = "esc to close"
            for title, actions in self._sections:
                if actions:
                    yield Static(_section(title, actions), classes="help-section")
            yield Static(Text(NOTES), id="help-notes")

    def on_click(self) -> None:
        self.dismiss()


def _section(title: str, actions: Sequence[KeyAction]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(min_width=14, style="bold", no_wrap=True)
    table.add_column()
    table.title = Text(title, style="bold underline")
    table.title_justify = "left"
    for action in actions:
        table.add_row(Text(action.keys), Text(action.description))
    return table
