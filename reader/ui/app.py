"""PressReaderApp: loads and watches the feed in workers, owns the app-wide keys, carries out
what the screens ask for (links, copying, the export, the load errors), remembers preferences.

Its workers post what they read as messages (`FeedDelivered`, `FeedLoaded`, `FeedSynced`,
`StateOpened`, `MarksRead`), which the app hands down to the main screen. They never die
silently: a load or a live reload that fails (`FeedFailed`) is a lasting line under the header
with a retry (`r`, "Reload the feed" in the palette, and every `RETRY_SECONDS` on its own), and
the line goes once it works again.
"""

from __future__ import annotations

import asyncio
import gc
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import suppress
from dataclasses import replace
from functools import partial
from multiprocessing import resource_tracker
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar
from urllib.parse import urlsplit

from textual import events, on, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.theme import Theme
from textual.timer import Timer
from textual.worker import Worker, WorkerCancelled, WorkerState, get_current_worker

from reader.articles.model import LoadError
from reader.articles.sorting import SortOrder
from reader.feed.library import FeedBatch, Library, ListView
from reader.feed.saved import SearchShelf
from reader.search.query import Query
from reader.store.config import Config, check_app_names
from reader.store.prefs import Prefs, load_prefs, save_prefs
from reader.store.resources import styles_path
from reader.store.session import MarksReading, ReadingSession, Undone
from reader.store.state import feed_key, state_path
from reader.ui.browser import open_in_browser
from reader.ui.collector import CHECK_SECONDS, IdleCollector
from reader.ui.commands import ReaderCommands, SavedSearchCommands, binding_ids, binding_sections
from reader.ui.fetching import FetchFailure, fetch_destination, run_fetch
from reader.ui.loading import deliveries, worded
from reader.ui.messages import (
    ArticleShown,
    ArticleUnreadable,
    BrowserFailed,
    CopyText,
    ExportFinished,
    ExportQuotes,
    FeedDelivered,
    FeedFailed,
    FeedLoaded,
    FeedSynced,
    FetchFinished,
    FetchProgress,
    InfoPanelToggled,
    MarksRead,
    OpenLink,
    SidebarResized,
    StateOpened,
    WorkerNotice,
)
from reader.ui.screens.main import MainScreen
from reader.ui.widgets.labels import line

if TYPE_CHECKING:
    from reader.feed.facets import Facets
    from reader.quotes.speaker_data import SpeakerData

# What the first frame does not need is imported when it is first needed (see `tests/ui/
# test_startup_imports.py`): the screens not shown at start (the speaker index's, the dialogs,
# the errors and help screens), live reload's file watcher, the speaker index and the export.

DEFAULT_THEME = "textual-dark"
_T = TypeVar("_T")
WEB_SCHEMES = frozenset({"http", "https"})
# While a load or a live reload is failing (or the index is away from its place), it is tried
# again this often, so the app mends itself once the cause is gone (space freed, a lock let go).
RETRY_SECONDS = 10.0
# The problems a retry mends (the others are told until their cause is gone).
RETRIED = frozenset({"load", "live reload", "index"})
# The live-reload worker's group: it runs as long as the app does, so "wait until the app has
# settled" means every worker but this one (`wait_for_busy_workers`).
WATCH_GROUP = "watch"
FETCH_GROUP = "fetch"  # one fetch at a time: a timer tick during one waits for the next
# How often the marks are read back from the state file, to show what another instance of the
# app (or `pressreader` run elsewhere) marked meanwhile. Unchanged, it costs one tiny query.
MARKS_REFRESH_SECONDS = 5.0
MARKS_GROUP = "marks"
# The notice of a copy quotes this much of what was copied.
COPIED_PREVIEW_CHARS = 200
# The longest `wait_for_busy_workers` waits for a node to handle what its workers posted.
SETTLE_TIMEOUT_SECONDS = 10.0
# A warm load's walk of the folder (what changed since the index was written) waits until the
# first article is drawn, or this long: walking 100,000 files holds the GIL for a second, and
# the event loop and the article's worker, sharing it, drew the first article 2-3x later.
FIRST_ARTICLE_WAIT_SECONDS = 3.0


class PressReaderApp(App[None]):
    TITLE = "PressReader"
    # The main screen is the default screen, whose own CSS_PATH Textual never loads.
    CSS_PATH: ClassVar[list[str | PurePath]] = [
        styles_path() / "app.tcss",
        styles_path() / "facets.tcss",
    ]
    COMMANDS = App.COMMANDS | {ReaderCommands, SavedSearchCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", "Help", tooltip="Show every key", id="help"),
        Binding("E", "show_errors", "Show load errors", show=False, id="show_errors"),
        # In the footer when there are subscriptions to fetch (see `MainScreen`'s hidden keys).
        Binding("f", "fetch", "Fetch", tooltip="Fetch the subscriptions now", id="fetch"),
        Binding(
            "r",
            "reload",
            "Reload",
            tooltip="Reload the feed now (after a failure: try again)",
            show=False,
            id="reload",
        ),
        Binding("t", "cycle_theme", "Next theme", show=False, id="cycle_theme"),
        Binding(
            "z",
            "undo",
            "Undo",
            show=False,
            tooltip="Undo the last marking action (read, unread, star, mark all read)",
            id="undo",
        ),
        Binding("q", "quit", "Quit", id="quit"),
    ]

    def __init__(
        self,
        paths: Sequence[Path],
        *,
        follow_symlinks: bool = False,
        state_dir: Path | None = None,
        config: Config | None = None,
        config_path: Path | None = None,
        config_problems: Sequence[str] = (),
    ) -> None:
        # What was imported lives as long as the process: out of the collector's way, or the
        # launch's first full collection walks all of it before the first article (~35 ms of
        # CPU at 100,000 articles; the load's own freeze comes later, see `on_feed_loaded`).
        gc.freeze()
        super().__init__()
        self.paths = list(paths)
        self.follow_symlinks = follow_symlinks
        self.config = config if config is not None else Config()
        self._config_path = config_path
        self.load_errors: dict[Path, LoadError] = {}
        self.fetch_failures: list[FetchFailure] = []  # the last fetch's
        loaded = load_prefs()
        self.prefs: Prefs = loaded.prefs
        self._problems = [*config_problems, *filter(None, [loaded.problem])]
        self._state_path = state_path(state_dir)
        # The library and the session's state file are opened by the loading worker (they
        # touch disk); the session stays inactive when its file cannot be opened (the app
        # reads on, without marks).
        self.library: Library | None = None
        self.session = ReadingSession(
            self._state_path, feed_key(self.paths), report=self._report_unsaved
        )
        self._state_opened = False  # the load worker opens the state once, not at each retry
        self._loaded = False  # the first load is over: live reload runs
        self._sync_lock = threading.Lock()  # live reload and a retry never sync at once
        self._first_drawn = threading.Event()  # the first article is on screen (the walk waits)
        self._faults: dict[str, str] = {}  # what is wrong now, by source (see `_problem`)
        self._retry_timer: Timer | None = None
        self._event_loop: asyncio.AbstractEventLoop | None = None
        self._collector = IdleCollector()  # full collections once the feed is loaded
        self._main = MainScreen(
            _feed_name(self.paths),
            self.session,
            self._list,
            unread=self._unread,
            speakers=self._gather_speakers,
            facets=self._count_facets,
            dwell_seconds=self.config.dwell_seconds,
            sort_order=self.config.sort,
            show_info=self.prefs.info_panel,
            sidebar_width=self.prefs.sidebar_width,
            hidden_keys=frozenset() if self.config.subscriptions else frozenset({"fetch"}),
            shelf=SearchShelf(
                self.config.searches,
                lambda: self.library,
                lambda: self.session.state,
                config_path=config_path,
                settle=self.session.wait_written,
            ),
            first_rows=self._first_rows,
        )
        _start_resource_tracker()

    def get_default_screen(self) -> Screen[Any]:
        return self._main

    def on_mount(self) -> None:
        self._event_loop = asyncio.get_running_loop()
        if self._config_path is not None:
            self.config, problems = check_app_names(
                self.config,
                self._config_path,
                binding_ids=binding_ids(self),
                themes=self.available_themes,
            )
            self._problems.extend(problems)
        # A theme chosen in the app (remembered) wins over the config file's default.
        theme = self.prefs.theme or self.config.theme
        self.theme = theme if theme in self.available_themes else DEFAULT_THEME
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        if self.config.keys:
            self.set_keymap(dict(self.config.keys))
        if self._problems:
            # One notice for them all: five pop-ups stacked over the article hide it.
            count = len(self._problems)
            title = "Settings: 1 problem" if count == 1 else f"Settings: {count} problems"
            listed = "\n".join(f"• {problem}" for problem in self._problems)
            self.notify(listed, title=title, severity="warning", markup=False, timeout=15)
        self._load_feed()
        if self.config.fetch_every and self.config.subscriptions:
            self.set_interval(self.config.fetch_every, self.action_fetch)
        self.set_interval(CHECK_SECONDS, self._collector.tick)

    def on_unmount(self) -> None:
        self._first_drawn.set()  # a load still waiting for it goes on, and ends
        # Every mark made is committed before the app is gone (they take milliseconds each).
        self.session.close()
        self._collector.stop()
        gc.unfreeze()  # what the load froze goes back to the collector with the app

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent):
            self._collector.input()  # a full collection now would be in the reader's way
        await super().on_event(event)

    # The library is never closed here (nor the session's state): a worker thread may still be
    # inside one of their SQLite calls as the app unmounts, and closing a connection under it
    # crashes the process. Their connections close when they are dropped, after every worker
    # has ended.

    # --- loading ------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="feed", exit_on_error=False)
    def _load_feed(self) -> None:
        """Open the reading state and the feed's index, then read the feed, posting what has
        loaded every so often; a failure is posted too (`FeedFailed`), for a retry to mend."""
        try:
            self._open_state()
            if self.library is None:
                self.library = Library(
                    self.paths, follow_symlinks=self.follow_symlinks, marks=self.session.state
                )
            library = self.library
            # The list is paged from the index: the load sends counts and changes, not the feed.
            batches = library.scan(listing=False)
            if not self._post_batches(library, batches, pause=self._first_drawn):
                return
            position = self.session.last_position(library.identities())
        except Exception as error:  # any failure is shown and retried, never lost
            self.post_message(FeedFailed("load", worded(error)))
            return
        self.post_message(FeedLoaded(position))

    def _open_state(self) -> None:
        """Open the reading state (once) and post its marks (in the load worker)."""
        if self._state_opened:
            return
        self._state_opened = True
        session = self.session
        notice = session.open()
        self.post_message(StateOpened(notice, session.read_marks(), session.moved_aside()))

    @work(thread=True, exclusive=True, group=WATCH_GROUP, exit_on_error=False)
    def _watch_feed(self) -> None:
        """Live reload: re-sync the feed whenever its files change, until the app exits."""
        from reader.feed.watch import watch_feed  # watchfiles, anyio: not for the first frame

        worker = get_current_worker()
        first = True
        try:
            for changes in watch_feed(self.paths, worker.cancelled_event):
                if changes.notice:
                    self.post_message(WorkerNotice("Live reload", changes.notice))
                # The first item says watching has begun: one sync then covers what changed
                # between the load's walk of the folder and that moment.
                if (not changes.changed and not first) or worker.is_cancelled:
                    continue
                self._sync_feed(None if first else changes.files)
                first = False
        except Exception as error:  # the watch itself broke: shown, and a retry restarts it
            self.post_message(FeedFailed("live reload", worded(error)))

    @work(thread=True, group="sync", exit_on_error=False)
    def _resync(self) -> None:
        """Sync the feed now (a retry, or the reader asked for it)."""
        self._sync_feed()

    def _sync_feed(self, files: Sequence[Path] | None = None) -> None:
        """Bring the list up to date with the files (in a worker thread): the whole feed, or
        just the article `files` live reload was told of (a walk of a million files takes
        seconds). A failure is posted, and the next change, retry or reload tries again."""
        library = self.library
        assert library is not None
        with self._sync_lock:
            try:
                if not self._post_batches(library, library.sync(files=files)):
                    return
            except Exception as error:  # live reload goes on: the next sync may work
                self.post_message(FeedFailed("live reload", worded(error)))
                return
        self.post_message(FeedSynced())

    def _post_batches(
        self,
        library: Library,
        batches: Iterable[FeedBatch],
        *,
        pause: threading.Event | None = None,
    ) -> bool:
        """Post the batches, gathered (see `deliveries`); False when the worker was cancelled.
        With `pause`, when the first batch lists articles (a warm start's count, from the
        index), the rest wait until it is set (`FIRST_ARTICLE_WAIT_SECONDS` at most)."""
        worker = get_current_worker()
        for delivery in deliveries(batches, lambda: worker.is_cancelled):
            self.post_message(FeedDelivered(delivery, library.status))
            if pause is not None and delivery.done:
                pause.wait(FIRST_ARTICLE_WAIT_SECONDS)
            pause = None
        return not worker.is_cancelled

    async def wait_for_busy_workers(self) -> None:
        """Wait for the workers doing something that ends (all but the live-reload watcher):
        what a test or benchmark needs before it looks at the screen."""
        busy = [worker for worker in self.workers if worker.group != WATCH_GROUP]
        for worker in busy:
            # One cancelled has been overtaken by a newer one (the cursor moved on, say).
            with suppress(WorkerCancelled):
                await worker.wait()
        # Their results are messages to the nodes that ran them: wait until those are handled.
        for node in {worker.node for worker in busy}:
            handled = asyncio.Event()
            if node.call_later(handled.set):
                with suppress(TimeoutError):  # the node was removed before it got there
                    await asyncio.wait_for(handled.wait(), SETTLE_TIMEOUT_SECONDS)

    def _count_facets(self, query: Query | None) -> Facets | None:
        """The facets panel's counts (in its worker): of `query`'s matches, or of the feed."""
        library = self.library
        return library.facets(query) if library is not None else None

    def _first_rows(self, order: SortOrder, count: int) -> ListView | None:
        """The sidebar's first rows (in its worker), drawn before the whole list is read."""
        library = self.library
        return library.first_rows(order, count) if library is not None else None

    def _list(self, query: Query | None, order: SortOrder, rank: bool) -> ListView | None:
        """The sidebar's list (in its worker): the feed in `order`, or `query`'s matches; None
        until the library is open."""
        library = self.library
        return library.view(query, order, rank=rank) if library is not None else None

    def on_feed_delivered(self, message: FeedDelivered) -> None:
        """Show what loaded: a path's newest summary or error replaces whatever it had."""
        delivery = message.delivery
        for path in (*delivery.removed, *delivery.touched):
            self.load_errors.pop(path, None)
        self.load_errors.update((error.path, error) for error in delivery.errors)
        self._main.take_delivery(delivery, len(self.load_errors))
        for notice in delivery.notices:
            self.notify(notice, title="Search index", markup=False)
        status = message.status
        self._problem("index", None if status is None else f"Search index: {_once(status)}.")

    def on_feed_loaded(self, message: FeedLoaded) -> None:
        self._loaded = True
        self._problem("load", None)
        self._main.feed_loaded(list(self.load_errors.values()), self.paths, message.position)
        # What the load made lives as long as the app: out of the collector's way, so a full
        # collection never stalls a keypress walking it; and full collections wait for the
        # reader to pause (see `IdleCollector`).
        gc.freeze()
        self._collector.start()
        self._watch_feed()

    @on(ArticleShown)
    @on(ArticleUnreadable)
    def _article_drawn(self) -> None:
        """The first article (or why it cannot be shown) is on screen once this refresh is
        done: the load's walk may go on."""
        if not self._first_drawn.is_set():
            self.call_after_refresh(self._first_drawn.set)

    def on_feed_synced(self) -> None:
        self._problem("live reload", None)
        self._main.feed_synced()

    def on_feed_failed(self, message: FeedFailed) -> None:
        retry = f"Trying again every {RETRY_SECONDS:g} s; {self._key_of('reload')} tries now."
        if message.source == "load":
            problem = f"The feed could not be loaded: {message.problem}. {retry}"
        else:
            problem = f"Live reload stopped: {message.problem}. {retry}"
        self._problem(message.source, problem)

    def _problem(self, source: str, problem: str | None) -> None:
        """Show (or, None, clear) what is wrong with `source`, lastingly; while anything a
        retry mends is wrong, it is retried every `RETRY_SECONDS`."""
        if self._faults.get(source) == problem:
            return
        if problem is None:
            self._faults.pop(source, None)
        else:
            self._faults[source] = problem
        self._main.show_problem(source, problem)
        failing = any(name in RETRIED for name in self._faults)
        if failing and self._retry_timer is None:
            self._retry_timer = self.set_interval(RETRY_SECONDS, self._retry)
        elif not failing and self._retry_timer is not None:
            self._retry_timer.stop()
            self._retry_timer = None

    def action_reload(self) -> None:
        """Read the feed again: the load if it has not finished, else a sync (and live reload
        again, if it had stopped)."""
        if self._retry():
            self.notify("Reading the feed again…", timeout=2)

    def _retry(self) -> bool:
        """Try again what failed (or sync, when nothing did); False when it is under way."""
        groups = {worker.group for worker in self.workers if worker.is_running}
        if not self._loaded:
            if "feed" in groups:
                return False
            self._load_feed()
            return True
        if WATCH_GROUP not in groups:
            self._watch_feed()  # its first step syncs
        elif "sync" not in groups:
            self._resync()
        return True

    def _key_of(self, binding_id: str) -> str:
        """The key bound to `binding_id`, as shown (the config's [keys] may have moved it)."""
        for binding in Binding.make_bindings(type(self).BINDINGS):
            if binding.id == binding_id:
                key = self.config.keys.get(binding_id, binding.key).split(",")[0].strip()
                return self.get_key_display(replace(binding, key=key))
        return binding_id

    def on_worker_notice(self, message: WorkerNotice) -> None:
        self.warn(message.title, message.text)

    def warn(self, title: str, message: str) -> None:
        self.notify(message, title=title, severity="warning", markup=False, timeout=10)

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
        from reader.ui.screens.help import HelpScreen

        self.push_screen(HelpScreen(binding_sections(self)))

    def action_show_errors(self) -> None:
        from reader.ui.screens.errors import ErrorsScreen

        errors = list(self.load_errors.values())
        self.push_screen(ErrorsScreen(errors, self.paths, fetch_failures=self.fetch_failures))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Fetching is the reading screen's: not offered in the other screens' footers.
        return action != "fetch" or isinstance(self.screen, MainScreen)

    def action_fetch(self) -> None:
        """Fetch the subscriptions into the feed, in a worker; live reload shows what comes."""
        into = fetch_destination(self.paths, self.config)
        if isinstance(into, str):
            self.warn("Fetch", into)
        elif not any(worker.group == FETCH_GROUP for worker in self.workers):
            self._fetch(into)

    @work(thread=True, group=FETCH_GROUP, exit_on_error=False)
    def _fetch(self, into: Path) -> None:
        worker = get_current_worker()

        def progress(done: int, total: int) -> None:
            if not worker.is_cancelled:
                self.post_message(FetchProgress(done, total))

        outcome = run_fetch(
            self.config,
            into,
            self._state_path.parent,
            on_progress=progress,
            cancel=worker.cancelled_event,
        )
        if not worker.is_cancelled:
            self.post_message(FetchFinished(outcome))

    def on_fetch_progress(self, message: FetchProgress) -> None:
        self._main.show_fetch_progress((message.done, message.total))

    def on_fetch_finished(self, message: FetchFinished) -> None:
        outcome = message.outcome
        self._main.show_fetch_progress(None)
        self.fetch_failures = outcome.failures
        for warning in outcome.warnings:
            self.warn("Fetch", warning)
        self.notify(
            outcome.summary(),
            title="Fetched",
            severity="warning" if self.fetch_failures else "information",
            markup=False,
        )

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

    # --- what the screens ask for ----------------------------------------------------------------

    def on_open_link(self, message: OpenLink) -> None:
        """Open the URL in the browser if it is a web address; refuse anything else, saying why."""
        shown = line(message.url)
        scheme = urlsplit(message.url).scheme.lower()
        if scheme not in WEB_SCHEMES:
            self.notify(
                f"Not opened: {shown}\nOnly http and https links are opened.",
                title="Link refused",
                severity="warning",
                markup=False,
            )
            return
        self.notify(f"Opening {shown}", timeout=3, markup=False)
        self._open_in_browser(message.url)

    @work(thread=True, group="browser", exit_on_error=False)
    def _open_in_browser(self, url: str) -> None:
        """Start the browser (it may take a moment); say so if none could be started."""
        problem = open_in_browser(url, self.config.browser)
        if problem is not None:
            self.post_message(BrowserFailed(url, problem))

    def on_browser_failed(self, message: BrowserFailed) -> None:
        """Say why the link was not opened, and offer to copy it instead."""
        from reader.ui.screens.no_browser import NoBrowserScreen

        def copy_if_asked(copy: bool | None) -> None:
            if copy:
                self.post_message(CopyText(message.url, "URL"))

        self.push_screen(NoBrowserScreen(message.url, message.problem), copy_if_asked)

    def on_copy_text(self, message: CopyText) -> None:
        """Copy to the clipboard (OSC 52, so it works over SSH) and say what was copied."""
        self.copy_to_clipboard(message.text)
        shown = line(message.text[: COPIED_PREVIEW_CHARS * 4])  # a whole article can be copied
        if len(shown) > COPIED_PREVIEW_CHARS:
            shown = shown[: COPIED_PREVIEW_CHARS - 1].rstrip() + "…"
        self.notify(f"Copied {message.what}: {shown}", timeout=3, markup=False)

    def on_show_load_errors(self) -> None:
        self.action_show_errors()

    def on_export_quotes(self, message: ExportQuotes) -> None:
        """Ask where to export the listed articles' quotes, then write them in a worker."""
        listed = message.listed
        if not listed:
            self.notify("No articles are listed: nothing to export.", severity="warning")
            return
        from reader.ui.screens.export import ExportScreen, default_export_path

        default = default_export_path(_feed_name(self.paths))
        self.push_screen(ExportScreen(default, len(listed)), partial(self._export_chosen, listed))

    def _export_chosen(self, listed: ListView, path: Path | None) -> None:
        if path is not None:
            self.notify(f"Exporting the quotes of {len(listed):,} articles…", timeout=2)
            self._export(listed, path)

    @work(thread=True, group="export", exit_on_error=False)
    def _export(self, listed: ListView, path: Path) -> None:
        """Write the quotes the index holds for the articles of the list `listed`, streamed:
        no file is read again, and a million articles' records are never held at once. A sync
        first brings in any edit live reload has not yet, so each article's quotes are its
        file's; the list is then read again, since an article whose date was edited has a new
        id in the index."""
        from reader.quotes.speakers import each_quote_record, save_records

        library = self.library
        assert library is not None
        self._sync_feed()
        current = library.view(listed.query, listed.order, rank=listed.ranked)
        articles = _Tally()
        records = _Tally()
        pairs = articles.each(library.quotes_by_page(current.ids))
        try:
            save_records(records.each(each_quote_record(pairs)), path)
        except OSError as error:
            self.post_message(ExportFinished(path, problem=f"{path}: {error.strerror or error}"))
            return
        self.post_message(ExportFinished(path, records.count, articles.count))

    def on_export_finished(self, message: ExportFinished) -> None:
        if message.problem is not None:
            self.warn("Export failed", message.problem)
            return
        done = f"{message.quotes:,} quotes from {message.articles:,} articles to {message.path}"
        self.notify(done, title="Exported", markup=False, timeout=8)

    def on_info_panel_toggled(self, message: InfoPanelToggled) -> None:
        self.remember(info_panel=message.shown)

    def on_sidebar_resized(self, message: SidebarResized) -> None:
        self.remember(sidebar_width=message.width)

    # --- reading marks, and what the screen reads from the library ----------------------------

    def on_state_opened(self, message: StateOpened) -> None:
        if message.notice:
            self.warn("Reading state", message.notice)
        self._take_marks(message.marks, message.moved_aside)
        if self.session.active:
            self.set_interval(MARKS_REFRESH_SECONDS, self._refresh_due)

    def _refresh_due(self) -> None:
        # Never two at once, and never one cancelled by the next: each ends by itself.
        if not any(worker.group == MARKS_GROUP for worker in self.workers):
            self._refresh_marks()

    @work(thread=True, group=MARKS_GROUP, exit_on_error=False)
    def _refresh_marks(self) -> None:
        """Read the marks made by another process since they were read, and whether a damaged
        state file kept aside has been recovered meanwhile."""
        self.post_message(MarksRead(self.session.read_marks(), self.session.moved_aside()))

    def action_undo(self) -> None:
        if not self.session.active:
            self.notify("Read marks are not saved this time: nothing to undo.", severity="warning")
        else:
            self._undo()

    @work(thread=True, group=MARKS_GROUP, exit_on_error=False)
    def _undo(self) -> None:
        """Undo the last marking action (it waits for the marks still being written)."""
        if (undone := self.session.undo()) is not None:
            self.call_from_thread(self._show_undone, undone)

    def _show_undone(self, undone: Undone) -> None:
        if undone.description is None:
            self.notify("Nothing to undo.", timeout=3)
            return
        if undone.reading is not None and self.session.adopt(undone.reading):
            self._main.marks_changed()
        self.notify(f"Undone: {undone.description}", title="Undo", markup=False)

    def on_marks_read(self, message: MarksRead) -> None:
        self._take_marks(message.marks, message.moved_aside)

    def _take_marks(self, reading: MarksReading | None, moved_aside: list[Path]) -> None:
        if reading is not None and self.session.adopt(reading):
            self._main.marks_changed()
        self._problem("state", _moved_aside_problem(moved_aside))

    def _unread(self) -> int | None:
        """How many articles of the feed are unread (the header's worker asks)."""
        library = self.library
        if library is None or not self.session.active:
            return None
        return library.unread_count(set(self.session.marks.read))

    def _gather_speakers(self) -> SpeakerData:
        """Everyone quoted in the feed, from the quotes the index stores (the speaker index's
        worker asks)."""
        from reader.quotes.speaker_data import SpeakerData, speaker_data

        library = self.library
        return speaker_data(library.all_quotes()) if library is not None else SpeakerData()

    def _report_unsaved(self, title: str, message: str) -> None:
        """Tell the user of a change the session's writer could not save (called on the writer
        thread, without waiting: the event loop may be waiting for the writer as it unmounts)."""
        loop = self._event_loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self.warn, title, message)

    def remember(self, **changes: Any) -> None:
        """Change and save preferences; a save that fails is reported, not fatal."""
        updated = replace(self.prefs, **changes)
        if updated == self.prefs:
            return
        self.prefs = updated
        if problem := save_prefs(updated):
            self.notify(problem, severity="warning", markup=False)


def _once(text: str) -> str:
    """`text` with each of its "; "-separated clauses once (an index notice can repeat one)."""
    return "; ".join(dict.fromkeys(text.split("; ")))


def _moved_aside_problem(moved_aside: Sequence[Path]) -> str | None:
    """The reminder of damaged state files kept aside and not yet recovered, if any."""
    if not moved_aside:
        return None
    more = f" (and {len(moved_aside) - 1:,} older)" if len(moved_aside) > 1 else ""
    return (
        f"Reading state damaged: the old file is kept at {moved_aside[-1]}{more}; its marks are "
        "missing until `pressreader state --recover` salvages them."
    )


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


class _Tally:
    """How many items have passed through `each` (the export's articles and records, which
    stream through it to the file)."""

    def __init__(self) -> None:
        self.count = 0

    def each(self, items: Iterable[_T]) -> Iterator[_T]:
        for item in items:
            self.count += 1
            yield item
