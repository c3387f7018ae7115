"""The reading keys, and a key binding as the help screen and the palette show it.

`READING_KEYS` are the main screen's bindings: they work wherever the focus is, and each has an
id a config file's [keys] table can rebind. Nothing here knows which screens or widgets exist
(`reader.ui.commands` gathers every binding), so the help screen can show any list of them
without loading the main screen.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from textual.app import App
from textual.binding import Binding, BindingType

# The main screen's keys (`MainScreen.BINDINGS`).
READING_KEYS: list[BindingType] = [
    Binding("n", "next_article", "Next", tooltip="Next article", id="next_article"),
    Binding("p", "previous_article", "Previous", tooltip="Previous article", id="previous_article"),
    Binding("g", "first_article", "First article", show=False, id="first_article"),
    Binding("G", "last_article", "Last article", show=False, id="last_article"),
    Binding("N", "next_unread", "Next unread", tooltip="Next unread article", id="next_unread"),
    Binding(
        "space,pagedown",
        "page_down",
        "Scroll the article down (at its end: the next unread)",
        show=False,
        id="page_down",
    ),
    Binding("pageup", "page_up", "Scroll the article up", show=False, id="page_up"),
    Binding("u", "toggle_read", "Read/unread", tooltip="Mark read or unread", id="toggle_read"),
    Binding("s", "toggle_star", "Star", tooltip="Star or unstar the article", id="toggle_star"),
    Binding(
        "A",
        "mark_all_read",
        "Mark all read",
        show=False,
        tooltip="Mark every article listed as read",
        id="mark_all_read",
    ),
    Binding("i", "toggle_panel", "Info", tooltip="Show or hide the info panel", id="toggle_panel"),
    Binding(
        "Q",
        "focus_quotes",
        "Quotes",
        show=False,
        tooltip="Go to the article's quotes in the info panel",
        id="focus_quotes",
    ),
    Binding(
        "b", "toggle_sidebar", "Show or hide the article list", show=False, id="toggle_sidebar"
    ),
    Binding(
        "less_than_sign",
        "narrow_sidebar",
        "Narrower article list",
        show=False,
        id="narrow_sidebar",
    ),
    Binding(
        "greater_than_sign",
        "widen_sidebar",
        "Wider article list",
        show=False,
        id="widen_sidebar",
    ),
    Binding("slash", "focus_search", "Search", tooltip="Search the feed", id="focus_search"),
    Binding(
        "escape",
        "clear_search",
        "Clear the search (back to the article before it)",
        show=False,
        id="clear_search",
    ),
    Binding("U", "unread_only", "Unread only", show=False, id="unread_only"),
    Binding("asterisk", "starred_only", "Starred only", show=False, id="starred_only"),
    Binding(
        "ctrl+s",
        "save_search",
        "Save search",
        show=False,
        tooltip="Save the search under a name",
        id="save_search",
    ),
    Binding(
        "apostrophe",
        "saved_searches",
        "Saved",
        show=False,
        tooltip="Go to the saved searches",
        id="saved_searches",
    ),
    Binding(
        "right_square_bracket",
        "next_match",
        "Next match in the article",
        show=False,
        id="next_match",
    ),
    Binding(
        "left_square_bracket",
        "previous_match",
        "Previous match in the article",
        show=False,
        id="previous_match",
    ),
    Binding(
        "R",
        "toggle_rank",
        "Search results: best first or in list order",
        show=False,
        id="toggle_rank",
    ),
    Binding("S", "cycle_sort", "Sort: newest, oldest, title, area", show=False, id="cycle_sort"),
    Binding(
        "o", "open_url", "Open", tooltip="Open the article's URL in the browser", id="open_url"
    ),
    Binding(
        "y", "copy_url", "Copy URL", show=False, tooltip="Copy the article's URL", id="copy_url"
    ),
    Binding(
        "w",
        "speakers",
        "Speakers",
        tooltip="Everyone quoted across the feed, and what they said",
        id="speakers",
    ),
    Binding(
        "x",
        "export_quotes",
        "Export",
        tooltip="Export the quotes of the listed articles (CSV or JSON)",
        id="export_quotes",
    ),
    Binding(
        "e",
        "edit_file",
        "Edit",
        show=False,
        tooltip="Edit the article's file in $VISUAL or $EDITOR",
        id="edit_file",
    ),
    Binding(
        "T",
        "edit_tags",
        "Tags",
        show=False,  # the footer is full at 140 columns
        tooltip="Add or remove the article's tags",
        id="edit_tags",
    ),
    Binding(
        "a",
        "edit_note",
        "Note",
        show=False,
        tooltip="Write, change or clear the article's note",
        id="edit_note",
    ),
    Binding(
        "Y",
        "copy_article",
        "Copy article",
        show=False,
        tooltip="Copy the whole article as markdown, with its source line",
        id="copy_article",
    ),
    Binding(
        "F",
        "toggle_facets",
        "Facets",
        tooltip="Counts by area, site, year and speaker, and a timeline; enter on one narrows",
        id="toggle_facets",
    ),
    Binding(
        "c",
        "copy_quote",
        "Copy quote",
        show=False,
        tooltip="Copy the chosen quote with its citation",
        id="copy_quote",
    ),
]


# Words the README and the footer use for a thing that the bindings' descriptions do not, so
# that the palette finds it by them too (the binding id's words and the footer label are
# searched as well).
ALSO_KNOWN_AS = {
    "toggle_sidebar": "sidebar",
    "narrow_sidebar": "sidebar",
    "widen_sidebar": "sidebar",
    "speakers": "speaker index people quoted",
    "toggle_panel": "info panel metadata",
    "toggle_facets": "facets timeline histogram counts filter narrow area site year month speaker",
    "show_errors": "load errors broken files",
    "export_quotes": "export csv json",
    "focus_search": "find query",
    "mark_all_read": "catch up everything listed",
    "undo": "take back revert marking",
    "save_search": "saved searches bookmark query",
    "saved_searches": "saved searches alerts bookmarks queries",
    "cycle_theme": "theme colours",
    "edit_file": "editor open file path vim",
    "edit_tags": "tag label",
    "edit_note": "annotate comment memo",
    "copy_article": "clipboard markdown whole text",
}


@dataclass(frozen=True, slots=True)
class KeyAction:
    """One action and every key bound to it, ready to show ("j, ↓" — "Next in list"), and the
    other words it goes by (the footer's label, its id's words) for the palette to match."""

    keys: str
    description: str
    action: str
    also: str = ""


def key_actions(app: App[Any], bindings: Iterable[BindingType]) -> list[KeyAction]:
    """Bindings grouped by action, in the order first bound, with their keys as displayed."""
    keys: dict[tuple[str, str], list[str]] = {}
    also: dict[tuple[str, str], str] = {}
    for binding in Binding.make_bindings(bindings):
        if binding.system:
            continue
        # The tooltip, where there is one, is the longer description the footer has no room for.
        description = binding.tooltip or binding.description
        group = keys.setdefault((binding.action, description), [])
        display = app.get_key_display(binding)
        if display not in group:
            group.append(display)
        name = binding.id or binding.action
        words = [binding.description, name.replace("_", " "), ALSO_KNOWN_AS.get(name, "")]
        also[(binding.action, description)] = " ".join(word for word in words if word)
    return [
        KeyAction(", ".join(displays), description, action, also[(action, description)])
        for (action, description), displays in keys.items()
    ]
