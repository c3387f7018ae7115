"""The search box over the article list: `/` opens it, escape closes it.

It only reports what the user types (`Changed`), keeps (`Submitted`) or abandons (`Closed`),
and shows the line it is told under the box (`show_status`: the match count, or what is wrong
with the query); what a query means and which articles match is the screen's business.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Label

PLACEHOLDER = "Search…  enter: keep · esc: close"


class SearchBar(Vertical):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close the search box", show=False),
    ]

    @dataclass
    class Changed(Message):
        """The query text changed (on every keystroke)."""

        query_text: str

    @dataclass
    class Submitted(Message):
        """The user pressed enter: keep this query and go to the results."""

        query_text: str

    @dataclass
    class Closed(Message):
        """The user closed the box; the query is cleared."""

    def compose(self) -> ComposeResult:
        yield Input(placeholder=PLACEHOLDER, id="search-input", compact=True)
        yield Label(id="search-status", markup=False)

    @property
    def query_text(self) -> str:
        """What the box holds. (Not `query`: that is every widget's DOM query method.)"""
        return self.query_one(Input).value

    def open(self, query_text: str | None = None) -> None:
        """Show the box and focus it; `query_text` replaces what it holds (and is searched for)."""
        self.display = True
        box = self.query_one(Input)
        if query_text is not None:
            box.value = query_text
        box.focus()

    def show_status(self, text: str, *, error: bool = False) -> None:
        """The line under the box; `error` marks it as a problem with the query."""
        status = self.query_one("#search-status", Label)
        status.update(text)
        status.set_class(error, "-error")
        status.display = bool(text)

    def clear(self) -> None:
        """Empty and hide the box, without reporting it (the caller is the one closing it)."""
        self.query_one(Input).value = ""
        self.show_status("")
        self.display = False

    def action_close(self) -> None:
        self.clear()
        self.post_message(self.Closed())

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        # Emptying the box as it closes is not the user typing: it would start a new search.
        if self.display:
            self.post_message(self.Changed(event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Submitted(event.value))
