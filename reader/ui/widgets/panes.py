"""The sidebar and the reading pane side by side, and how they share the width.

`Panes` lays out the two parts it is handed. The article list can be hidden (`show_sidebar`,
the `-no-sidebar` class). Narrower than the screen's `NARROW_WIDTH` (`narrow`, which the screen
sets) there is room for two panes, not three: the info panel starts hidden, and shown, it takes
the article list's place (`-info-for-list`), so the article keeps its width; wide again, the
panel comes back as the reader last chose there, and a narrow screen's choice is not remembered.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.reactive import reactive

from reader.ui.messages import InfoPanelToggled
from reader.ui.widgets.facets import FacetsPanel
from reader.ui.widgets.reading_pane import ReadingPane
from reader.ui.widgets.sidebar import Sidebar


class Panes(Horizontal):
    show_sidebar: reactive[bool] = reactive(True)
    """The article list is shown."""
    show_facets: reactive[bool] = reactive(False, init=False)
    """The facets panel takes the reading pane's place (`-facets`), beside the list."""
    narrow: reactive[bool] = reactive(False, init=False)
    """Too narrow for three panes: the info panel waits until asked for, then takes the list's
    place."""

    class FacetsToggled(Message):
        """The facets panel came into view or went."""

    def __init__(
        self,
        sidebar: Sidebar,
        pane: ReadingPane,
        *,
        facets: FacetsPanel | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self._sidebar = sidebar
        self._pane = pane
        self._facets = facets
        self._wide_info = pane.show_info  # the panel shown, as last chosen on a wide screen

    def compose(self) -> ComposeResult:
        yield self._sidebar
        yield self._pane
        if self._facets is not None:
            yield self._facets

    def watch_show_facets(self, shown: bool) -> None:
        facets = self._facets
        if facets is None:
            return
        self.set_class(shown, "-facets")
        facets.active = shown
        if shown:
            self.show_list()
            facets.focus_values()
        elif facets.has_focus_within:
            self._sidebar.focus_list()
        self.post_message(self.FacetsToggled().set_sender(self))

    def watch_show_sidebar(self, shown: bool) -> None:
        self.set_class(not shown, "-no-sidebar")
        if not shown and self._sidebar.has_focus_within:
            self._pane.focus_article()

    def watch_narrow(self, narrow: bool) -> None:
        if narrow:
            self._wide_info = self._pane.show_info
            self._pane.show_info = False
        else:
            self._pane.show_info = self._wide_info
        self._lay_out()

    def _lay_out(self) -> None:
        beside = self.narrow and self._pane.show_info
        self.set_class(beside, "-info-for-list")
        if beside and self._sidebar.has_focus_within:
            self._pane.focus_article()

    def on_info_panel_toggled(self, message: InfoPanelToggled) -> None:
        self._lay_out()
        if self.narrow:
            message.stop()  # a narrow screen's choice is not the one to remember for a wide one

    def show_list(self) -> None:
        """The article list comes into view (on a narrow screen, in the info panel's place)."""
        self.show_sidebar = True
        if self.narrow and self._pane.show_info:
            self._pane.show_info = False
            self._lay_out()

    def toggle_sidebar(self) -> None:
        """Hide or show the article list; on a narrow screen with the panel in its place, the
        list comes back."""
        if self.narrow and self._pane.show_info:
            self.show_list()
        else:
            self.show_sidebar = not self.show_sidebar
