"""How long an article has been read, counting only the time the reader was reading. No Textual.

An article counts as read once it has been read for `dwell_seconds`. The clock runs only while
the reader can be reading it: it stops while the focus is in the search box (the article
behind it is a search's top hit, not a choice), while the terminal is in the background, and
before the feed has loaded (the article shown then is whichever loaded first). It keeps what
was counted while stopped and goes on from there when it runs again; a new article starts it
from nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from time import monotonic

Cancel = Callable[[], object]
"""Stops a timer that has not fired yet."""
Schedule = Callable[[float, Callable[[], None]], Cancel]
"""Call the function after so many seconds (a Textual `set_timer`); what cancels it."""


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


class Dwell:
    """Marks the open article read once it has been read for `seconds`: the clock and its timer.

    The screen says what happens (`begin` an article shown, `reading` started or stopped,
    `end` when the reader marked it by hand) and gets `dwelt(subject)` once the time is up; the
    timers come from `schedule` and the time from `clock`, so it runs without Textual and a test
    can drive it with a fake clock. Nothing counts until `reading(True)`: the screen says so only
    once the feed has settled on the reader's article (before that, the one shown is whichever
    loaded first).
    """

    def __init__(
        self,
        seconds: float,
        *,
        schedule: Schedule,
        dwelt: Callable[[str], None],
        clock: Callable[[], float] = monotonic,
    ) -> None:
        self._clock = DwellClock(seconds)
        self._schedule = schedule
        self._dwelt = dwelt
        self._now = clock
        self._reading = False
        self._cancel: Cancel | None = None

    @property
    def subject(self) -> str | None:
        """The article whose time is counted (None once it dwelt, or was marked by hand)."""
        return self._clock.subject

    @property
    def running(self) -> bool:
        return self._clock.running

    def begin(self, subject: str, *, reading: bool) -> None:
        """`subject` is shown: count its time from nothing (at once if the reader is `reading`)."""
        self._reading = reading
        self._clock.begin(subject, self._now(), running=reading)
        self._time()

    def end(self) -> None:
        """Stop counting for the open article (the reader marked it by hand)."""
        self._clock.end()
        self._time()

    def reading(self, reading: bool) -> None:
        """The reader started or stopped reading: the count goes on, or waits."""
        self._reading = reading
        now = self._now()
        if reading:
            self._clock.run(now)
        else:
            self._clock.stop(now)
        self._time()

    def _time(self) -> None:
        """Time the dwell's end: now, later, or not while it is stopped."""
        if self._cancel is not None:
            self._cancel()
            self._cancel = None
        subject = self._clock.subject
        if subject is None or not self._clock.running:
            return
        if self._clock.remaining(self._now()) <= 0:
            self._clock.end()
            self._dwelt(subject)
        else:
            self._cancel = self._schedule(self._clock.remaining(self._now()), self._time)
