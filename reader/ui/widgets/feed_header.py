"""The top bar: the app's name, the feed's name, and its counts (articles, unread, load errors).

It counts the unread articles itself, in a worker (`recount`), through the injected `unread`
counter (marks joined in SQL: off the event loop at 100,000 articles). A click on the error
count asks for the load errors (`ShowLoadErrors`, which the app answers).
"""

from __future__ import annotations

from collections.abc import Callable

from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.widgets import Label
from textual.worker import get_current_worker

from reader.ui.messages import ShowLoadErrors, UnreadCounted
from reader.ui.widgets.labels import counted, line

APP_NAME = "PressReader"

UnreadCounter = Callable[[], int | None]
"""How many articles are unread (run in a worker thread); None while it cannot be told (the
feed or the reading state is not open)."""


def _unknown() -> int | None:
    return None


class FeedHeader(Horizontal):
    """Counts update through the reactives; `unread_count` stays hidden while it is None."""

    article_count: reactive[int] = reactive(0)
    error_count: reactive[int] = reactive(0)
    unread_count: reactive[int | None] = reactive(None)
    load_progress: reactive[tuple[int, int] | None] = reactive(None)
    """(files read, files found) while the feed loads. (Not `loading`: on a widget, that covers
    it with a spinner.)"""
    fetch_progress: reactive[tuple[int, int] | None] = reactive(None)
    """(URLs done, URLs known so far) while the subscriptions are fetched."""
    order_label: reactive[str] = reactive("")
    """The list's order, always in view ("Newest first", "Search: best first")."""

    def __init__(
        self, feed_name: str, *, unread: UnreadCounter = _unknown, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self._feed_name = line(feed_name)
        self._unread = unread

    def compose(self) -> ComposeResult:
        yield Label(APP_NAME, id="app-name")
        yield Label(self._feed_name, id="feed-name", markup=False)
        yield Label(id="counts", markup=False)
        yield Label(id="order", markup=False)
        yield Label(id="error-count", markup=False)

    def on_mount(self) -> None:
        for name in (
            "article_count",
            "error_count",
            "unread_count",
            "load_progress",
            "fetch_progress",
        ):
            self.watch(self, name, self._update_counts)
        self.watch(self, "order_label", self._update_order)

    def show_load(self, error_count: int, done: int, total: int) -> None:
        """`done` of `total` files read, `error_count` of the feed's files broken."""
        self.error_count = error_count
        self.load_progress = (done, total) if done < total else None

    def recount(self) -> None:
        """Count the unread articles again (the list or the marks changed)."""
        self._count_unread()

    @work(thread=True, exclusive=True, group="unread", exit_on_error=False)
    def _count_unread(self) -> None:
        unread = self._unread()
        if unread is not None and not get_current_worker().is_cancelled:
            self.post_message(UnreadCounted(unread))

    @on(UnreadCounted)
    def _unread_counted(self, event: UnreadCounted) -> None:
        self.unread_count = event.count

    def _update_order(self) -> None:
        self.query_one("#order", Label).update(self.order_label)

    def _update_counts(self) -> None:
        parts = [counted(self.article_count, "article")]
        if self.unread_count is not None:
            parts.append(f"{self.unread_count:,} unread")
        if self.load_progress is not None:
            done, total = self.load_progress
            parts.append(f"reading {done:,} of {total:,} files…")
        if self.fetch_progress is not None:
            done, total = self.fetch_progress
            parts.append(f"fetching {done:,} of {total:,}…")
        self.query_one("#counts", Label).update(" · ".join(parts))
        errors = self.query_one("#error-count", Label)
        errors.update(counted(self.error_count, "load error"))
        errors.display = self.error_count > 0

    def on_click(self, event: events.Click) -> None:
        if event.widget is not None and event.widget.id == "error-count":
            self.post_message(ShowLoadErrors())
