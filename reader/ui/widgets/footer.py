"""The footer: the keys that work where the focus is; in a narrow terminal only the most used.

Textual's footer lists every shown key and scrolls sideways for the rest, so at 80 columns it
stopped at "/" and the search, open, speakers, help and quit keys were off the edge. Below
`narrow_below` columns this one lists only the `essential` actions (the palette, `ctrl+p`, and
the help screen, `?`, still reach every other one). The `hidden` actions are never listed (a
key that would do nothing worth a place there: fetching, with no subscriptions).
"""

from __future__ import annotations

from collections.abc import Collection

from textual import events
from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

# The keys a narrow footer keeps: moving on, marking, the info panel, searching, help, quitting.
ESSENTIAL_ACTIONS = frozenset(
    {"next_article", "toggle_read", "toggle_panel", "focus_search", "speakers", "help", "quit"}
)


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
        self._narrow = False

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, FooterKey) and not self._keeps(widget):
                continue
            yield widget

    def _keeps(self, key: FooterKey) -> bool:
        if key.has_class("-command-palette"):
            return True
        return key.action not in self._hidden and (
            not self._narrow or key.action in self._essential
        )

    def on_resize(self, event: events.Resize) -> None:
        narrow = event.size.width < self._narrow_below
        if narrow != self._narrow:
            self._narrow = narrow
            self.call_after_refresh(self.recompose)
