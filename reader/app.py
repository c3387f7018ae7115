"""PressReaderApp: loads the feed in a worker, owns the app-wide keys, remembers preferences."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from multiprocessing import resource_tracker
from pathlib import Path
from time import monotonic
from typing import Any, ClassVar
from urllib.parse import urlsplit

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.theme import Theme
from textual.worker import Worker, WorkerState, get_current_worker

from reader.article import ArticleSummary, LoadError
from reader.commands import ReaderCommands, binding_sections
from reader.library import FeedBatch, scan_feed
from reader.prefs import Prefs, load_prefs, save_prefs
from reader.resources import styles_path
from reader.screens.errors import ErrorsScreen
from reader.screens.help import HelpScreen
from reader.screens.main import MainScreen
from reader.widgets.labels import line

DEFAULT_THEME = "textual-dark"
WEB_SCHEMES = frozenset({"http", "https"})
# While a big feed loads, the list takes new articles at most this often (each time it merges
# them into its sorted rows).
DELIVERY_SECONDS = 0.2


class PressReaderApp(App[None]):
    TITLE = "PressReader"
    CSS_PATH = styles_path() / "app.tcss"
    COMMANDS = App.COMMANDS | {ReaderCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", "Help", tooltip="Show every key"),
        Binding("E", "show_errors", "Show load errors", show=False),
        Binding("t", "cycle_theme", "Next theme", show=False),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self, paths: Sequence[Path], *, follow_symlinks: bool = False) -> None:
        super().__init__()
        self.paths = list(paths)
        self.follow_symlinks = follow_symlinks
        self.load_errors: dict[Path, LoadError] = {}
        loaded = load_prefs()
        self.prefs: Prefs = loaded.prefs
        self._prefs_problem = loaded.problem
        self._main = MainScreen(_feed_name(self.paths))
        _start_resource_tracker()

    def get_default_screen(self) -> Screen[Any]:
        return self._main

    def on_mount(self) -> None:
        theme = self.prefs.theme
        self.theme = theme if theme in self.available_themes else DEFAULT_THEME
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        if self._prefs_problem:
            self.notify(self._prefs_problem, severity="warning", markup=False)
        self._load_feed()

    # --- loading --------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="feed", exit_on_error=False)
    def _load_feed(self) -> None:
        """Read the feed, handing the main screen what has loaded every so often."""
        worker = get_current_worker()
        pending = _Delivery()
        delivered_at = 0.0
        shown_any = False
        for batch in scan_feed(self.paths, follow_symlinks=self.follow_symlinks):
            if worker.is_cancelled:
                return
            pending.add(batch)
            # The first articles go out at once, so one can be shown while the rest load.
            first = not shown_any and bool(pending.summaries)
            if first or monotonic() - delivered_at >= DELIVERY_SECONDS:
                self.call_from_thread(self._deliver, pending)
                pending, delivered_at, shown_any = _Delivery(), monotonic(), shown_any or first
        self.call_from_thread(self._deliver, pending)
        self.call_from_thread(self._main.feed_loaded, list(self.load_errors.values()), self.paths)

    def _deliver(self, delivery: _Delivery) -> None:
        """Show what loaded: a path's newest summary or error replaces whatever it had."""
        for path in (*delivery.removed, *(summary.path for summary in delivery.summaries)):
            self.load_errors.pop(path, None)
        self.load_errors.update((error.path, error) for error in delivery.errors)
        gone = [*delivery.removed, *(error.path for error in delivery.errors)]
        self._main.add_articles(
            delivery.summaries, gone, len(self.load_errors), delivery.done, delivery.total
        )
        for notice in delivery.notices:
            self.notify(notice, title="Search index", markup=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A worker that failed unexpectedly is reported, never allowed to end the app."""
        if event.state == WorkerState.ERROR:
            self.notify(
                f"{event.worker.name} failed: {event.worker.error}",
                title="Something went wrong",
                severity="error",
                markup=False,
            )

    # --- app-wide actions -----------------------------------------------------------------------

    def action_help(self) -> None:
        self.push_screen(HelpScreen(binding_sections(self)))

    def action_show_errors(self) -> None:
        self.push_screen(ErrorsScreen(list(self.load_errors.values()), self.paths))

    def action_cycle_theme(self) -> None:
        names = sorted(self.available_themes)
        position = names.index(self.theme) if self.theme in names else -1
        self.theme = names[(position + 1) % len(names)]
        self.notify(f"Theme: {self.theme}", timeout=2)

    def _theme_changed(self, theme: Theme) -> None:
        self.remember(theme=theme.name)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        # "Quit" is already one of ours (from the q binding).
        for command in super().get_system_commands(screen):
            if command.title != "Quit":
                yield command

    # --- services for the screens ---------------------------------------------------------------

    def open_web_link(self, url: str) -> None:
        """Open `url` in the browser if it is a web address; refuse anything else, saying why."""
        shown = line(url)
        scheme = urlsplit(url).scheme.lower()
        if scheme not in WEB_SCHEMES:
            self.notify(
                f"Not opened: {shown}\nOnly http and https links are opened.",
                title="Link refused",
                severity="warning",
                markup=False,
            )
            return
        self.open_url(url)
        self.notify(f"Opening {shown}", timeout=3, markup=False)

    def copy_text(self, text: str, *, what: str) -> None:
        """Copy to the clipboard (OSC 52, so it works over SSH) and say what was copied."""
        self.copy_to_clipboard(text)
        self.notify(f"Copied {what}: {line(text)}", timeout=3, markup=False)

    def remember(self, **changes: Any) -> None:
        """Change and save preferences; a save that fails is reported, not fatal."""
        updated = replace(self.prefs, **changes)
        if updated == self.prefs:
            return
        self.prefs = updated
        if problem := save_prefs(updated):
            self.notify(problem, severity="warning", markup=False)


@dataclass(slots=True)
class _Delivery:
    """Batches gathered in the loading thread, to hand to the screen in one go."""

    summaries: list[ArticleSummary] = field(default_factory=list)
    errors: list[LoadError] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    done: int = 0
    total: int = 0

    def add(self, batch: FeedBatch) -> None:
        self.summaries += batch.summaries
        self.errors += batch.errors
        self.removed += batch.removed
        if batch.notice:
            self.notices.append(batch.notice)
        self.done, self.total = batch.done, batch.total


def _start_resource_tracker() -> None:
    """Start multiprocessing's resource tracker now, while sys.stderr is still the terminal.

    A big feed is parsed in a process pool, whose first use starts this tracker and hands it
    stderr's file descriptor; a running Textual app has replaced sys.stderr with an object that
    has none, and the pool would fail to start.
    """
    resource_tracker.ensure_running()


def _feed_name(paths: Sequence[Path]) -> str:
    if len(paths) != 1:
        return f"{len(paths)} paths"
    path = paths[0]
    return path.name or str(path)
