"""The footer: the keys that work where the focus is, as many as fit; narrow, only the most used.

Textual's footer lists every shown key and cuts the row at the terminal's edge, so at 80
columns it stopped at "/" and the search, open, speakers, help and quit keys were off it, and
at 140 a new key pushed quit off. Below `narrow_below` columns this one lists only the
`essential` actions; wider, it drops the other keys from the end of the row until the rest fit,
the essential ones always kept (the palette, `ctrl+p`, and the help screen, `?`, still reach
every key left out). The `hidden` actions are never listed (a key that would do nothing worth a
place there: fetching, with no subscriptions).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

# The keys a narrow footer keeps: moving on, marking, the info panel, searching, help, quitting.
ESSENTIAL_ACTIONS = frozenset(
    {"next_article", "toggle_read", "toggle_panel", "focus_search", "speakers", "help", "quit"}
)
# A key takes its key and its description, a space either side of the key and one after.
KEY_PADDING = 3
# The palette's key is docked at the right, after a one-column rule.
PALETTE_RULE = 1


class ReaderFooter(Footer):
    def __init__(
        self,
        *,
        narrow_below: int,
        essential: Collection[str] = ESSENTIAL_ACTIONS,
        hidden: Collection[str] = (),
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self._narrow_below = narrow_below
        self._essential = frozenset(essential)
        self._hidden = frozenset(hidden)
        self._width = 0
        self._shown: tuple[object, ...] | None = None  # what the keys were composed from

    def bindings_changed(self, screen: Screen[object]) -> None:
        # Told at every change of focus, the footer mounted its keys again each time, even
        # when they were the same keys (three times before the first article was drawn).
        keys = self._keys_of(screen)
        if self._bindings_ready and keys == self._shown:
            return
        super().bindings_changed(screen)
        self._shown = keys  # a recompose is on its way (another would compose the same)

    def _keys_of(self, screen: Screen[object]) -> tuple[object, ...]:
        """What the keys shown depend on: the screen's shown bindings, and the width."""
        shown = (
            (binding.key, binding.action, binding.description, enabled, tooltip)
            for _node, binding, enabled, tooltip in screen.active_bindings.values()
            if binding.show
        )
        return (self._width, *shown)

    def compose(self) -> ComposeResult:
        if not self._width:
            # The screen's width (the footer spans it) before the first resize says so: the
            # keys are then mounted once, not all of them and then again the ones that fit.
            self._width = self.app.size.width
        if self._bindings_ready:
            self._shown = self._keys_of(self.screen)
        widgets = [
            widget
            for widget in super().compose()
            if not (isinstance(widget, FooterKey) and widget.action in self._hidden)
        ]
        left_out = set(self._left_out(widgets))
        for widget in widgets:
            if widget not in left_out:
                if isinstance(widget, FooterKey) and not widget.has_class("-command-palette"):
                    # Bound to the footer's `compact` once mounted; as a key starts compact,
                    # each was styled twice more, taking the class and dropping it again (the
                    # palette's key is not bound: it stays compact).
                    widget.set_reactive(FooterKey.compact, self.compact)
                yield widget

    def _left_out(self, widgets: list[Widget]) -> Iterator[Widget]:
        """The keys there is no room for: every one but the essential when narrow, else from
        the end of the row, the essential kept, until the rest fit."""
        keys = [
            widget
            for widget in widgets
            if isinstance(widget, FooterKey) and not widget.has_class("-command-palette")
        ]
        optional = [key for key in keys if key.action not in self._essential]
        if self._width < self._narrow_below:
            yield from optional if self._width else ()
            return
        room = self._width - sum(
            _width(widget) + PALETTE_RULE
            for widget in widgets
            if isinstance(widget, FooterKey) and widget.has_class("-command-palette")
        )
        used = sum(_width(key) for key in keys)
        for key in reversed(optional):
            if used <= room:
                return
            used -= _width(key)
            yield key

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._width:
            self._width = event.size.width
            self.call_after_refresh(self.recompose)


def _width(key: FooterKey) -> int:
    return cell_len(key.key_display) + cell_len(key.description) + KEY_PADDING
