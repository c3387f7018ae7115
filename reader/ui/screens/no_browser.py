"""Said when a link could not be opened in a browser: why, and the offer to copy it instead."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from reader.ui.widgets.labels import line


class NoBrowserScreen(ModalScreen[bool]):
    """Dismisses with True when the reader asks for the address to be copied."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c,y,enter", "copy", "Copy the address"),
        Binding("escape,q", "close", "Close"),
    ]

    def __init__(self, url: str, problem: str) -> None:
        super().__init__()
        self._url = url
        self._problem = problem

    def compose(self) -> ComposeResult:
        with Vertical(id="no-browser-dialog") as dialog:
            dialog.border_title = "Not opened in a browser"
            dialog.border_subtitle = "c: copy the address · esc: close"
            # Untrusted: the address comes from an article. Text, never markup.
            yield Static(Text(line(self._url)), id="no-browser-url")
            problem = line(self._problem)
            yield Static(Text(f"{problem[:1].upper()}{problem[1:]}."), id="no-browser-problem")
            yield Static(
                Text("Press c to copy the address, then paste it into a browser."),
                id="no-browser-hint",
            )
        yield Footer()

    def action_copy(self) -> None:
        self.dismiss(True)

    def action_close(self) -> None:
        self.dismiss(False)
