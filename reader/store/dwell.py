"""How long an article has been read, counting only the time the reader was reading. No Textual.

An article counts as read once it has been read for `dwell_seconds`. The clock runs only while
the reader can be reading it: it stops while the focus is in the search box (the article
behind it is a search's top hit, not a choice), while the terminal is in the background, and
before the feed has loaded (the article shown then is whichever loaded first). It keeps what
was counted while stopped and goes on from there when it runs again; a new article starts it
from nothing.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True)
class DwellClock:
    """The read time of one article (`subject`), in seconds of a monotonic clock the caller
    passes in (`now`), so that it can be tested without waiting."""

    seconds: float
    subject: str | None = None
    _counted: float = 0.0
    _since: float | None = None  # running since then; None while stopped

    def begin(self, subject: str, now: float, *, running: bool) -> None:
        """Count `subject`'s read time from nothing (running now, or once `run` is called)."""
        self.subject, self._counted = subject, 0.0
        self._since = now if running else None

    def end(self) -> None:
        """Stop counting for good (the article was marked, or another took its place)."""
        self.subject, self._counted, self._since = None, 0.0, None

    def run(self, now: float) -> None:
        """Go on counting, from what was counted before."""
        if self.subject is not None and self._since is None:
            self._since = now

    def stop(self, now: float) -> None:
        """Stop counting, keeping what was counted."""
        if self._since is not None:
            self._counted += now - self._since
            self._since = None

    @property
    def running(self) -> bool:
        return self._since is not None

    def remaining(self, now: float) -> float:
        """Seconds of reading still to go (0 or less: it has been read)."""
        running = now - self._since if self._since is not None else 0.0
        return self.seconds - self._counted - running
