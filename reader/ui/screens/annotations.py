"""The reader's own words on an article: a dialog for its tags and one for its note.

Each checks what was typed as the store will (`clean_tag`, `clean_note`), says what is wrong in
the dialog and stays open until it is right, and dismisses with the value to save, or None
(escape: nothing changes). The article's title shown in them is untrusted text, set as `Text`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static, TextArea

from reader.store.resources import styles_path
from reader.store.state import MAX_NOTE_LENGTH, clean_note, clean_tag
from reader.ui.widgets.labels import line

TAG_SEPARATOR = ","
STYLES = styles_path() / "annotations.tcss"


def parse_tags(text: str) -> tuple[str, ...] | str:
    """The tags in `text` (separated by commas) as stored, sorted, once each; or what is wrong
    with the first that cannot be a tag. Blank pieces ("a,,b", a trailing comma) are skipped."""
    tags: set[str] = set()
    for piece in text.split(TAG_SEPARATOR):
        if not piece.strip():
            continue
        try:
            tags.add(clean_tag(piece))
        except ValueError as error:
            return f"“{line(piece.strip())[:40]}”: {error}."
    return tuple(sorted(tags))


def check_note(text: str) -> str | None:
    """What is wrong with `text` as a note, or None."""
    try:
        clean_note(text)
    except ValueError as error:
        return f"{str(error).capitalize()}; this one has {len(text.strip()):,}."
    return None


class TagsScreen(ModalScreen[tuple[str, ...] | None]):
    """The article's tags, comma-separated and editable: add one by typing it, take one off by
    deleting it. Dismisses with every tag to keep (enter) or None (escape)."""

    CSS_PATH = STYLES
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss", "Cancel")]

    def __init__(self, article_title: str, tags: Sequence[str]) -> None:
        super().__init__()
        self._title = article_title
        self._tags = tags

    def compose(self) -> ComposeResult:
        with Vertical(id="tags-dialog", classes="annotation-dialog") as dialog:
            dialog.border_title = "Tags"
            dialog.border_subtitle = "enter: save · esc: cancel"
            yield Static(Text(line(self._title)), classes="annotation-title")
            yield Static(
                Text(
                    "Separate tags with commas; delete one to take it off. "
                    "Search them with tag:NAME."
                ),
                classes="annotation-help",
            )
            value = f"{TAG_SEPARATOR} ".join(self._tags)
            yield Input(value=value, placeholder="for example: court, knife crime", id="tags")
            yield Static(id="tags-problem", classes="annotation-problem")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        tags = parse_tags(event.value)
        if isinstance(tags, str):
            self.query_one("#tags-problem", Static).update(Text(tags))
            return
        self.dismiss(tags)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.query_one("#tags-problem", Static).update("")

    async def action_dismiss(self, result: tuple[str, ...] | None = None) -> None:
        self.dismiss(result)


class NoteScreen(ModalScreen[str | None]):
    """The article's note, free text over as many lines as it needs. Dismisses with the note
    to save (ctrl+s, or Save), "" (Clear: the note is removed) or None (escape)."""

    CSS_PATH = STYLES
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "dismiss", "Cancel"),
    ]

    def __init__(self, article_title: str, note: str | None) -> None:
        super().__init__()
        self._title = article_title
        self._note = note or ""

    def compose(self) -> ComposeResult:
        with Vertical(id="note-dialog", classes="annotation-dialog") as dialog:
            dialog.border_title = "Note"
            dialog.border_subtitle = "ctrl+s: save · esc: cancel"
            yield Static(Text(line(self._title)), classes="annotation-title")
            yield Static(
                Text(f"Up to {MAX_NOTE_LENGTH:,} characters. Search notes with note:WORD."),
                classes="annotation-help",
            )
            yield TextArea(self._note, soft_wrap=True, id="note")
            yield Static(id="note-problem", classes="annotation-problem")
            with Horizontal(classes="annotation-buttons"):
                yield Button("Save", variant="primary", id="note-save")
                yield Button("Clear the note", id="note-clear", disabled=not self._note)
                yield Button("Cancel", id="note-cancel")

    def on_mount(self) -> None:
        note = self.query_one("#note", TextArea)
        note.move_cursor(note.document.end)

    def action_save(self) -> None:
        text = self.query_one("#note", TextArea).text
        problem = check_note(text)
        if problem is not None:
            self.query_one("#note-problem", Static).update(Text(problem))
            return
        self.dismiss(text)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self.query_one("#note-problem", Static).update("")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "note-save":
            self.action_save()
        else:
            self.dismiss("" if event.button.id == "note-clear" else None)

    async def action_dismiss(self, result: str | None = None) -> None:
        self.dismiss(result)
