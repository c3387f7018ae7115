"""Every key binding, described once: for the help screen and as command-palette commands.

Both read the screens' and widgets' `BINDINGS` (as `reader.ui.keys.KeyAction`s), so a key added
anywhere shows up in the help screen, and a screen- or app-level key also becomes a palette
command, without a second list to keep in step.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

from textual.app import App
from textual.binding import Binding, BindingType
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.screen import Screen

from reader.ui.keys import KeyAction, key_actions
from reader.ui.screens.main import MainScreen
from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.facets import FacetValues
from reader.ui.widgets.labels import line
from reader.ui.widgets.quote_list import QuoteList
from reader.ui.widgets.saved_list import SavedSearchList
from reader.ui.widgets.search_bar import SearchBar


def _app_bindings(app: App[Any]) -> list[BindingType]:
    palette = Binding(app.COMMAND_PALETTE_BINDING, "command_palette", "Command palette")
    return [*type(app).BINDINGS, palette]


def binding_ids(app: App[Any]) -> set[str]:
    """The ids a config file's [keys] table may rebind (`App.set_keymap`)."""
    bindings = Binding.make_bindings([*type(app).BINDINGS, *MainScreen.BINDINGS])
    return {binding.id for binding in bindings if binding.id}


def binding_sections(app: App[Any]) -> list[tuple[str, list[KeyAction]]]:
    """Every key the app answers to, by where it works."""
    return [
        ("Anywhere", key_actions(app, _app_bindings(app))),
        ("Reading", key_actions(app, MainScreen.BINDINGS)),
        ("Article list (when focused)", key_actions(app, ArticleList.BINDINGS)),
        ("Article (when focused)", key_actions(app, ArticleView.BINDINGS)),
        ("Quotes in the info panel", key_actions(app, QuoteList.BINDINGS)),
        ("Facets panel", key_actions(app, FacetValues.BINDINGS)),
        ("Search box", key_actions(app, SearchBar.BINDINGS)),
        ("Saved searches (when focused)", key_actions(app, SavedSearchList.BINDINGS)),
    ]


class ReaderCommands(Provider):
    """The main screen's and the app's key actions, as palette commands."""

    def _commands(self) -> Iterator[tuple[KeyAction, Callable[[], Any]]]:
        targets: list[tuple[Screen[Any] | App[Any], list[BindingType]]] = []
        if isinstance(self.screen, MainScreen):
            targets.append((self.screen, list(MainScreen.BINDINGS)))
        targets.append((self.app, list(type(self.app).BINDINGS)))
        for target, bindings in targets:
            for action in key_actions(self.app, bindings):
                yield action, partial(target.run_action, action.action)

    async def discover(self) -> Hits:
        for action, run in self._commands():
            yield DiscoveryHit(action.description, run, help=f"Key: {action.keys}")

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for action, run in self._commands():
            # The other names count a little less than the description: it is what is shown.
            score = max(matcher.match(action.description), 0.9 * matcher.match(action.also))
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(action.description),
                    run,
                    text=action.description,
                    help=f"Key: {action.keys}",
                )


class SavedSearchCommands(Provider):
    """Each saved search as palette commands: run it, and delete it (one saved in the app)."""

    def _commands(self) -> Iterator[tuple[str, Callable[[], Any], str]]:
        for saved in self.screen.query(SavedSearchList):
            for search in saved.searches:
                name, query = line(search.name), line(search.query)
                yield f"Run the saved search {name}", partial(saved.choose, search), query
                if search.origin == "app":
                    delete = partial(saved.delete, search)
                    yield f"Delete the saved search {name}", delete, query

    async def discover(self) -> Hits:
        for text, run, query in self._commands():
            yield DiscoveryHit(Content(text), run, text=text, help=query)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, run, searched in self._commands():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), run, text=text, help=searched)
