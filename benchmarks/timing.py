"""The timing loops the benchmarks share: the median of a few runs, since the machine is
shared and noisy and a mean would carry every stall; and the wait for a running app's change."""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Callable


def median_seconds(action: Callable[[], object], runs: int) -> float:
    """The median wall-clock time of `runs` calls of `action`, in seconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


POLL_SECONDS = 0.001  # how often `until` looks


async def until(check: Callable[[], bool]) -> float:
    """The last moment `check` was seen not to hold, before it did (polled): the first frame
    after it is the first that can show the change, even if it was drawn before the poll that
    saw it (waiting for a frame after that poll could wait for ever on an idle app)."""
    before = time.perf_counter()
    while not check():
        before = time.perf_counter()
        await asyncio.sleep(POLL_SECONDS)
    return before
