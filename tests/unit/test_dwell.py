"""The dwell clock: read time counts only while the reader is reading."""

from __future__ import annotations

from collections.abc import Callable

from reader.store.dwell import Dwell, DwellClock


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


class FakeTimers:
    """A clock and timers that move only when told: `Dwell` without waiting."""

    def __init__(self) -> None:
        self.now = 0.0
        self.pending: list[tuple[float, Callable[[], None]]] = []
        self.cancelled = 0

    def schedule(self, delay: float, callback: Callable[[], None]) -> Callable[[], None]:
        entry = (self.now + delay, callback)
        self.pending.append(entry)

        def cancel() -> None:
            if entry in self.pending:
                self.pending.remove(entry)
                self.cancelled += 1

        return cancel

    def advance(self, seconds: float) -> None:
        self.now += seconds
        due = [entry for entry in self.pending if entry[0] <= self.now]
        for entry in due:
            self.pending.remove(entry)
            entry[1]()


def dwell(seconds: float) -> tuple[Dwell, FakeTimers, list[str]]:
    timers = FakeTimers()
    dwelt: list[str] = []
    return (
        Dwell(seconds, schedule=timers.schedule, dwelt=dwelt.append, clock=lambda: timers.now),
        timers,
        dwelt,
    )


def test_an_article_read_for_the_dwell_is_reported_once() -> None:
    reader, timers, dwelt = dwell(1.5)
    reader.begin("a", reading=True)
    timers.advance(1.4)
    assert dwelt == []
    timers.advance(0.1)
    timers.advance(5.0)
    assert dwelt == ["a"]
    assert reader.subject is None


def test_a_zero_dwell_marks_at_once_without_a_timer() -> None:
    reader, timers, dwelt = dwell(0.0)
    reader.begin("a", reading=True)
    assert dwelt == ["a"]
    assert timers.pending == []


def test_nothing_counts_until_the_reader_reads() -> None:
    reader, timers, dwelt = dwell(1.0)
    reader.begin("a", reading=False)  # shown while the feed settles
    timers.advance(30.0)
    assert (dwelt, timers.pending) == ([], [])
    reader.reading(True)
    timers.advance(0.5)
    reader.reading(False)  # the search box took the keys
    timers.advance(30.0)
    assert dwelt == []
    reader.reading(True)
    timers.advance(0.5)
    assert dwelt == ["a"]


def test_a_new_article_cancels_the_timer_of_the_one_before() -> None:
    reader, timers, dwelt = dwell(1.0)
    reader.begin("a", reading=True)
    timers.advance(0.75)
    reader.begin("b", reading=True)
    timers.advance(0.75)
    assert dwelt == []
    assert timers.cancelled == 1
    timers.advance(0.25)
    assert dwelt == ["b"]


def test_marking_by_hand_ends_the_dwell() -> None:
    reader, timers, dwelt = dwell(1.0)
    reader.begin("a", reading=True)
    reader.end()
    timers.advance(5.0)
    assert (dwelt, timers.pending, reader.subject) == ([], [], None)
