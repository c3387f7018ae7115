"""Full garbage collections wait for a pause in the reading (`IdleCollector`)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.pilot import running

from reader.ui.collector import FULL_AFTER, IDLE_SECONDS, IdleCollector


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def collector(clock: Clock) -> Iterator[IdleCollector]:
    collector = IdleCollector(clock)
    collector.start()
    try:
        yield collector
    finally:
        collector.stop()


def young_collected() -> None:
    """Garbage may have reached the oldest generation: the middle one was collected."""
    gc.collect(1)


def test_a_full_collection_waits_until_the_input_stops_for_a_while(
    collector: IdleCollector, clock: Clock
) -> None:
    collector.input()
    young_collected()
    clock.now += IDLE_SECONDS / 2
    assert collector.tick() is False
    collector.input()
    clock.now += IDLE_SECONDS - 0.01
    assert collector.tick() is False
    clock.now += 0.01
    assert collector.tick() is True
    assert gc.get_count()[2] == 0


def test_an_idle_app_is_not_collected_again(collector: IdleCollector, clock: Clock) -> None:
    young_collected()
    clock.now += IDLE_SECONDS
    assert collector.tick() is True
    assert collector.tick() is False  # nothing was collected young since


def test_nothing_is_collected_before_start_or_after_stop(clock: Clock) -> None:
    collector = IdleCollector(clock)
    young_collected()
    clock.now += IDLE_SECONDS
    assert collector.tick() is False
    collector.start()
    collector.stop()
    assert collector.tick() is False


def test_the_oldest_threshold_is_raised_while_started_and_given_back(clock: Clock) -> None:
    young, middle, oldest = gc.get_threshold()
    collector = IdleCollector(clock)
    collector.start()
    collector.start()  # a second load changes nothing
    try:
        assert gc.get_threshold() == (young, middle, FULL_AFTER)
    finally:
        collector.stop()
    assert gc.get_threshold() == (young, middle, oldest)


async def test_the_app_leaves_full_collections_to_the_collector_once_loaded(feed: Path) -> None:
    before = gc.get_threshold()
    async with running(feed):
        assert gc.get_threshold() == (*before[:2], FULL_AFTER)
    assert gc.get_threshold() == before
