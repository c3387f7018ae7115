"""Full garbage collections wait for a pause in the reading, so that no key press meets one.

Every frame Textual draws leaves garbage that only the cycle collector frees: a strip that a
cut or a crop leaves whole is cached in itself as its own result. A key press at 120x36 left
about 5,500 such objects (strips, their caches and segment lists), held a while by the styles
caches, so they outlived the young generations and, with Python's thresholds, set off a full
collection about every fourth press: 40-150 ms on the shared 2-core machine (load 6), inside
the press's frame as often as not, which made the tail of key -> next article.

So once the feed is loaded (and frozen out of the collector's way) the oldest generation is
collected here, once the app has had no input for `IDLE_SECONDS`, and only if the younger ones
were collected since (an idle app makes no garbage, and is not walked again and again). Its own
threshold is raised, not removed: a reader who never pauses still gets a full collection every
`FULL_AFTER` collections of the middle generation, so the garbage stays bounded.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

IDLE_SECONDS = 1.0
CHECK_SECONDS = 0.5  # how often the app asks (`tick`)
# Python's own is 10 (with a quarter of the long-lived objects new since the last): 20 times
# as many middle collections, ~80 key presses.
FULL_AFTER = 200


class IdleCollector:
    """Collects the oldest generation when the app is idle (`tick`), between `start` and
    `stop`; the app reports its input (`input`)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._last_input = clock()
        self._thresholds: tuple[int, int, int] | None = None  # Python's, while started

    @property
    def started(self) -> bool:
        return self._thresholds is not None

    def start(self) -> None:
        """Leave full collections to `tick` (and to the raised threshold)."""
        if self._thresholds is None:
            self._thresholds = gc.get_threshold()
            young, middle, _ = self._thresholds
            gc.set_threshold(young, middle, FULL_AFTER)

    def stop(self) -> None:
        """Give the collector its own thresholds back."""
        if self._thresholds is not None:
            gc.set_threshold(*self._thresholds)
            self._thresholds = None

    def input(self) -> None:
        """The reader did something: a collection now would be in their way."""
        self._last_input = self._clock()

    def tick(self) -> bool:
        """Collect every generation if the app has been idle long enough and the younger
        generations were collected since the last time; whether it did."""
        idle = self._clock() - self._last_input >= IDLE_SECONDS
        if not (self.started and idle and gc.get_count()[2]):
            return False
        gc.collect()
        return True
