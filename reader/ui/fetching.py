"""What the app needs to fetch its subscriptions: where to, the run itself, and what to say.

The run is blocking (network and extraction): the app calls `run_fetch` from a thread worker.
Nothing here touches a widget. The fetcher is imported when a fetch runs, not with the app:
trafilatura, lxml and urllib3 are a third of the app's imports (~0.3 s of every launch).
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from reader.store.config import Config
from reader.store.resources import sample_feed_path

if TYPE_CHECKING:
    from reader.ingest.fetcher import ItemResult


@dataclass(frozen=True, slots=True)
class FetchFailure:
    """A URL that failed, for the errors screen."""

    url: str
    reason: str


@dataclass(slots=True)
class FetchOutcome:
    results: list[ItemResult] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def failures(self) -> list[FetchFailure]:
        return [
            FetchFailure(result.url, (result.error or "").removeprefix(f"{result.url}: "))
            for result in self.results
            if result.status == "failed"
        ]

    def summary(self) -> str:
        counts = Counter(result.status for result in self.results)
        text = ", ".join(
            f"{counts[status]} {status}" for status in ("new", "updated", "unchanged", "failed")
        )
        return f"{text} (E lists the failures)" if counts["failed"] else text


def fetch_destination(paths: Sequence[Path], config: Config) -> Path | str:
    """The folder the app fetches into (its first folder), or why it cannot fetch."""
    if not config.subscriptions:
        return "No subscriptions: add [[subscriptions]] with a feed's url to the config file."
    folder = next((path for path in paths if path.is_dir()), None)
    if folder is None or folder.resolve() == sample_feed_path().resolve():
        return "Open a feed folder of your own (or set feed in the config file) to fetch into."
    return folder


def run_fetch(
    config: Config,
    into: Path,
    state_dir: Path | None,
    *,
    on_progress: Callable[[int, int], None],
    cancel: threading.Event,
) -> FetchOutcome:
    """Fetch every subscription into `into`; never raises for what the network or disk does."""
    from reader.ingest.fetcher import FetchOptions, Source, fetch
    from reader.ingest.writer import WriteError

    outcome = FetchOutcome()
    sources = [Source.subscribed(subscription) for subscription in config.subscriptions]
    options = FetchOptions(into=into, state_dir=state_dir)
    try:
        outcome.results = fetch(
            sources,
            options,
            on_progress=on_progress,
            on_warning=outcome.warnings.append,
            cancel=cancel,
        )
    except WriteError as error:
        outcome.warnings.append(str(error))
    return outcome
