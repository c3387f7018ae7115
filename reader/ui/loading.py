"""What the app's load and live-reload workers hand the screen, and how a failure is worded.

No Textual here (the workers that use it are the app's): `deliveries` gathers the library's
batches into `Delivery`s at most every `DELIVERY_SECONDS`, so a big feed reaches the list a few
times a second rather than once a batch; `worded` says why a worker stopped, in the words the
CLI uses (`reader.store.failures`), so a full disk or a lock is never an "internal error".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from time import monotonic

from reader.articles.model import ArticleSummary, LoadError
from reader.feed.index import IndexReset, IndexUnavailable
from reader.feed.library import FeedBatch
from reader.store.failures import describe
from reader.store.state import StateError

# While a big feed loads, the list takes new articles at most this often (each time it merges
# them into its sorted rows).
DELIVERY_SECONDS = 0.2


@dataclass(slots=True)
class Delivery:
    """Batches gathered in the loading thread, to hand to the screen in one go."""

    arrived: list[ArticleSummary] = field(default_factory=list)
    touched: list[Path] = field(default_factory=list)  # files read again (new, edited)
    errors: list[LoadError] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    done: int = 0
    total: int = 0

    def add(self, batch: FeedBatch) -> None:
        self.arrived += batch.arrived
        self.touched += (summary.path for summary in batch.summaries)
        self.errors += batch.errors
        self.removed += batch.removed
        if batch.notice:
            self.notices.append(batch.notice)
        self.done, self.total = batch.done, batch.total


def deliveries(
    batches: Iterable[FeedBatch],
    cancelled: Callable[[], bool],
    *,
    every: float = DELIVERY_SECONDS,
    clock: Callable[[], float] = monotonic,
) -> Iterator[Delivery]:
    """`batches` gathered: the first articles at once (one can be shown while the rest load),
    then at most every `every` seconds, and what is left at the end (always one, even empty:
    the screen lists the feed again after every sync). Stops early, without the rest, once
    `cancelled()`."""
    pending = Delivery()
    delivered_at = 0.0
    shown_any = False
    for batch in batches:
        if cancelled():
            return
        pending.add(batch)
        first = not shown_any and pending.done > 0
        if first or clock() - delivered_at >= every:
            yield pending
            pending, delivered_at, shown_any = Delivery(), clock(), shown_any or first
    yield pending


def worded(error: BaseException) -> str:
    """Why a worker stopped, for the user: the machine's failures in words (a full disk, a
    lock, a damaged file), and anything else as the bug it is."""
    if isinstance(error, IndexReset | IndexUnavailable | StateError):
        return str(error)
    reason = describe(error)
    if reason is not None:
        return reason
    return f"internal error ({type(error).__name__}: {error}); please report it"
