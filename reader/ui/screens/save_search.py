"""The dialog that saves the search: it asks the name, and says at once what is wrong with one.

It is given a `SaveRequest`: the check of a name (no disk involved) and the names already saved
from the app, so that a name that would replace one says so before enter, not after.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from reader.ui.widgets.labels import line
from reader.ui.widgets.saved_list import SaveRequest

NAME_PLACEHOLDER = "A name, like Chief Constable"


class SaveSearchScreen(ModalScreen[str | None]):
    """Asks the name; dismisses with it (enter, when it is good) or None (escape)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Cancel"),
    ]

    def __init__(self, request: SaveRequest) -> None:
        super().__init__()
        self._request = request

    def compose(self) -> ComposeResult:
        with Vertical(id="save-search-dialog") as dialog:
            dialog.border_title = "Save the search"
            dialog.border_subtitle = "enter: save · esc: cancel"
            yield Static(
                Content.assemble("Save ", (line(self._request.query_text), "bold"), " as:"),
                id="save-search-query",
            )
            yield Input(placeholder=NAME_PLACEHOLDER, id="save-search-name")
            yield Static(id="save-search-problem")

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        name = " ".join(event.value.split())
        problem = self._request.problem_with(name) if name else None
        if problem is not None:
            self._say(problem, problem=True)
            return
        replaced = self._request.saved.get(name)
        hint = f"Replaces the saved search {name!r} ({replaced})." if replaced is not None else ""
        self._say(hint, problem=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        problem = self._request.problem_with(event.value)
        if problem is not None:
            self._say(problem, problem=True)
            return
        self.dismiss(event.value)

    def _say(self, text: str, *, problem: bool) -> None:
        said = self.query_one("#save-search-problem", Static)
        said.update(Content(line(text)))
        said.set_class(problem, "-problem")

    async def action_dismiss(self, result: str | None = None) -> None:
        self.dismiss(result)
