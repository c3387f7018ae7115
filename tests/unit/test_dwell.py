"""The dwell clock: read time counts only while the reader is reading."""

from __future__ import annotations

from reader.store.dwell import DwellClock


def test_a_running_clock_counts_the_time_since_it_began() -> None:
    clock = DwellClock(1.5)
    clock.begin("a", 10.0, running=True)
    assert clock.remaining(11.0) == 0.5
    assert clock.remaining(11.5) == 0.0


def test_time_while_stopped_does_not_count_and_what_was_counted_is_kept() -> None:
    clock = DwellClock(2.0)
    clock.begin("a", 0.0, running=True)
    clock.stop(0.5)  # the focus went to the search box
    assert clock.remaining(100.0) == 1.5
    clock.run(100.0)
    assert clock.remaining(101.0) == 0.5
    assert clock.running


def test_a_clock_begun_stopped_counts_nothing_until_it_runs() -> None:
    clock = DwellClock(1.0)
    clock.begin("a", 0.0, running=False)  # shown while the feed loads
    assert clock.remaining(50.0) == 1.0
    clock.run(50.0)
    assert clock.remaining(50.25) == 0.75


def test_a_new_article_starts_from_nothing() -> None:
    clock = DwellClock(1.0)
    clock.begin("a", 0.0, running=True)
    clock.begin("b", 0.75, running=True)
    assert (clock.subject, clock.remaining(1.0)) == ("b", 0.75)


def test_an_ended_clock_does_not_run_again() -> None:
    clock = DwellClock(1.0)
    clock.begin("a", 0.0, running=True)
    clock.end()
    clock.run(5.0)
    assert clock.subject is None
    assert not clock.running
    assert clock.remaining(9.0) == 1.0


def test_stopping_twice_counts_once() -> None:
    clock = DwellClock(3.0)
    clock.begin("a", 0.0, running=True)
    clock.stop(1.0)
    clock.stop(2.0)
    assert clock.remaining(2.0) == 2.0
