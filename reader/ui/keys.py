"""A key binding as the help screen and the command palette show it: its keys and what it does.

Nothing here knows which screens or widgets exist (`reader.ui.commands` gathers their bindings),
so the help screen can show any list of them without loading the main screen.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from textual.app import App
from textual.binding import Binding, BindingType

# Words the README and the footer use for a thing that the bindings' descriptions do not, so
# that the palette finds it by them too (the binding id's words and the footer label are
# searched as well).
ALSO_KNOWN_AS = {
    "toggle_sidebar": "sidebar",
    "narrow_sidebar": "sidebar",
    "widen_sidebar": "sidebar",
    "speakers": "speaker index people quoted",
    "toggle_panel": "info panel metadata",
    "show_errors": "load errors broken files",
    "export_quotes": "export csv json",
    "focus_search": "find query",
    "cycle_theme": "theme colours",
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
