"""The top bar: the app's name, the feed's name, and its counts (articles, unread, load errors)."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.widgets import Label

from reader.ui.messages import ShowLoadErrors
from reader.ui.widgets.labels import counted, line

APP_NAME = "PressReader"


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

    def __init__(self, feed_name: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._feed_name = line(feed_name)

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
