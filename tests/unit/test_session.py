"""The reading session on its own, without a screen: marks, their writer, readings, positions."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.articles.model import ArticleSummary
from reader.store.marks import MarkSet
from reader.store.session import ReadingSession, Undone
from reader.store.state import Position, ReadingState, StateError

FEED = "/feeds/kent"


def summary(identity: str) -> ArticleSummary:
    return ArticleSummary(
        Path(f"/feeds/kent/{identity}.md"), identity.title(), None, None, None, None, identity, 10
    )


ALPHA, BETA, GAMMA = summary("alpha"), summary("beta"), summary("gamma")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "state" / "state.sqlite3"


@pytest.fixture
def session(db: Path) -> Iterator[ReadingSession]:
    """An open session whose first reading of the (empty) file is shown."""
    opened = ReadingSession(db, FEED)
    assert opened.open() is None
    reading = opened.read_marks()
    assert reading is not None
    assert opened.adopt(reading)
    yield opened
    opened.close()


def stored(db: Path) -> tuple[set[str], set[str]]:
    """What the state file holds, read by another connection: (read, starred)."""
    with ReadingState(db) as state:
        return state.read_identities(), state.starred_identities()


def test_marking_read_shows_at_once_and_is_written_by_close(
    session: ReadingSession, db: Path
) -> None:
    assert session.set_read(ALPHA, True) is True
    assert session.is_read(ALPHA)
    assert session.unread_count([ALPHA, BETA, GAMMA]) == 2
    assert session.mark_names(ALPHA) == ["", ""]
    assert session.mark_names(BETA) == ["unread", ""]
    session.close()
    assert stored(db) == ({"alpha"}, set())


def test_marking_what_is_already_so_changes_nothing(session: ReadingSession, db: Path) -> None:
    assert session.set_read(ALPHA, False) is False  # unread already
    assert session.set_read(ALPHA, True) is True
    assert session.set_read(ALPHA, True) is False
    session.close()
    assert stored(db) == ({"alpha"}, set())


def test_toggles_land_in_the_order_they_were_made(session: ReadingSession, db: Path) -> None:
    # u, u must end unread; fifty toggles end read: the writer is one thread, in order.
    for _ in range(2):
        assert session.toggle_read(BETA)
    for _ in range(51):
        assert session.toggle_read(GAMMA)
    session.close()
    assert stored(db) == ({"gamma"}, set())


def test_starring_twice_unstars(session: ReadingSession, db: Path) -> None:
    assert session.toggle_star(ALPHA) is True
    assert session.mark_names(ALPHA) == ["unread", "starred"]
    assert session.toggle_star(BETA) is True
    assert session.toggle_star(ALPHA) is False
    session.close()
    assert stored(db) == (set(), {"beta"})


def test_next_unread_skips_what_is_read(session: ReadingSession) -> None:
    session.set_read(BETA, True)
    rows = [ALPHA, BETA, GAMMA]
    assert session.next_unread(rows, 0) == 2
    session.set_read(GAMMA, True)
    assert session.next_unread(rows, 0) == 0  # wraps round to the one left
    session.set_read(ALPHA, True)
    assert session.next_unread(rows, 0) is None


def test_a_reading_shows_marks_another_process_made(session: ReadingSession, db: Path) -> None:
    with ReadingState(db) as other:
        other.mark_read("beta")
        other.set_starred("gamma", True)
    reading = session.read_marks()
    assert reading is not None
    assert reading.marks == MarkSet({"beta"}, {"gamma"})
    assert session.adopt(reading) is True
    assert session.is_read(BETA)
    assert session.mark_names(GAMMA) == ["unread", "starred"]
    again = session.read_marks()
    assert again is not None
    assert session.adopt(again) is False  # nothing new to show


def test_a_reading_taken_before_a_change_made_here_is_not_shown(
    session: ReadingSession, db: Path
) -> None:
    with ReadingState(db) as other:
        other.mark_read("beta")
    stale = session.read_marks()  # began before `u` below: it cannot know of alpha
    assert stale is not None
    session.set_read(ALPHA, True)
    assert session.adopt(stale) is False
    assert session.is_read(ALPHA)
    assert not session.is_read(BETA)
    session.close()  # alpha's write has landed: a reading now has both
    fresh = session.read_marks()
    assert fresh is not None
    assert session.adopt(fresh) is True
    assert session.marks == MarkSet({"alpha", "beta"}, set())


def test_a_reading_taken_while_a_write_is_on_its_way_is_not_shown(db: Path) -> None:
    session = ReadingSession(db, FEED)
    session.open()
    first = session.read_marks()
    assert first is not None
    session.adopt(first)
    assert session.state is not None
    started, release = threading.Event(), threading.Event()
    slow_write = session.state.mark_read

    def held(identity: str) -> None:
        started.set()
        release.wait(5)
        slow_write(identity)

    session.state.mark_read = held  # type: ignore[method-assign]
    session.set_read(ALPHA, True)
    assert started.wait(5)
    # The file does not have alpha yet: a reading now would show it unread again.
    assert session.read_marks() is None
    release.set()
    session.close()
    after = session.read_marks()
    assert after is not None
    assert after.marks == MarkSet({"alpha"}, set())
    assert session.adopt(after) is False  # the same marks as shown: nothing to redraw
    assert session.is_read(ALPHA)


def test_the_first_reading_is_always_shown_even_when_empty(db: Path) -> None:
    session = ReadingSession(db, FEED)
    session.open()
    assert session.mark_names(ALPHA) == ()  # nothing drawn before the file was read
    reading = session.read_marks()
    assert reading is not None
    assert reading.marks == MarkSet()
    assert session.adopt(reading) is True
    assert session.mark_names(ALPHA) == ["unread", ""]
    session.close()


def test_a_state_file_that_cannot_be_opened_leaves_an_inactive_session(tmp_path: Path) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the state folder should be")
    session = ReadingSession(blocked / "state.sqlite3", FEED)
    problem = session.open()
    assert problem is not None
    assert problem.endswith("; read/unread marks and stars are not saved this time.")
    assert str(blocked) in problem
    assert not session.active
    assert session.set_read(ALPHA, True) is False
    assert session.toggle_star(ALPHA) is None
    assert (session.mark_all_read([ALPHA]), session.undo()) == (0, None)
    assert session.unread_count([ALPHA]) is None
    assert session.read_marks() is None
    assert session.last_position({"alpha"}) is None
    session.save_position("alpha", 3.0)  # nothing to save to: nothing breaks
    session.close()


def test_a_write_that_fails_is_reported_and_the_next_still_lands(db: Path) -> None:
    reports: list[tuple[str, str]] = []
    session = ReadingSession(db, FEED, report=lambda title, text: reports.append((title, text)))
    session.open()
    assert session.state is not None

    def refuse(identity: str, starred: bool) -> None:
        raise StateError(f"{db}: database or disk is full")

    session.state.set_starred = refuse  # type: ignore[method-assign]
    session.toggle_star(ALPHA)
    session.set_read(BETA, True)
    session.close()
    assert reports == [("Not saved", f"{db}: database or disk is full")]
    assert stored(db) == ({"beta"}, set())


def test_the_last_position_is_saved_for_the_feed_and_found_again(db: Path) -> None:
    session = ReadingSession(db, FEED)
    session.open()
    session.save_position("beta", 12.0)
    session.save_position("gamma", 40.0)  # the later one wins
    session.close()
    again = ReadingSession(db, FEED)
    again.open()
    assert again.last_position({"alpha", "beta", "gamma"}) == Position("gamma", 40.0)
    moved = ReadingSession(db, "/feeds/kent-moved")
    moved.open()
    assert moved.last_position({"gamma"}) == Position("gamma", 40.0)  # found by its article
    assert moved.last_position({"alpha"}) is None
    again.close()
    moved.close()


# --- marking everything read, and undo ----------------------------------------------------------


def test_mark_all_read_marks_the_unread_at_once_and_counts_them(
    session: ReadingSession, db: Path
) -> None:
    assert session.set_read(ALPHA, True)
    assert session.mark_all_read([ALPHA, BETA, GAMMA]) == 2
    assert session.unread_count([ALPHA, BETA, GAMMA]) == 0
    assert session.mark_all_read([ALPHA, BETA]) == 0  # all read: nothing to do
    session.close()
    assert stored(db) == ({"alpha", "beta", "gamma"}, set())


def test_undo_takes_back_marking_everything_read_as_one_action(
    session: ReadingSession, db: Path
) -> None:
    assert session.set_read(ALPHA, True)
    session.mark_all_read([ALPHA, BETA, GAMMA])
    undone = session.undo()  # waits for both changes before it
    assert undone is not None and undone.description == "marked 2 articles read"
    assert undone.reading is not None
    assert undone.reading.marks.read == {"alpha"}
    assert session.adopt(undone.reading)
    assert [session.is_read(item) for item in (ALPHA, BETA, GAMMA)] == [True, False, False]
    assert stored(db) == ({"alpha"}, set())


def test_undo_undoes_what_another_process_marked(session: ReadingSession, db: Path) -> None:
    with ReadingState(db) as cli:
        cli.mark_all_read(["beta", "gamma"])
        cli.set_starred("alpha", True)
    undone = session.undo()
    assert undone is not None and undone.description == "starred 1 article"
    assert undone.reading is not None
    assert undone.reading.marks == MarkSet({"beta", "gamma"}, set())


def test_undo_with_nothing_to_undo_says_so(session: ReadingSession) -> None:
    assert session.undo() == Undone(None, None)


def test_a_reading_begun_before_an_undo_is_not_adopted(session: ReadingSession) -> None:
    session.mark_all_read([ALPHA, BETA])
    deadline = time.monotonic() + 10
    stale = None
    while stale is None and time.monotonic() < deadline:  # the file, once the write landed
        stale = session.read_marks()
    assert stale is not None and stale.marks.read == {"alpha", "beta"}
    undone = session.undo()
    assert undone is not None and undone.reading is not None
    assert session.adopt(undone.reading) is True
    assert session.adopt(stale) is False  # it would mark both read again on screen
    assert session.unread_count([ALPHA, BETA]) == 2


# --- tags and notes -----------------------------------------------------------------------------


def test_tags_show_at_once_cleaned_and_are_in_the_file_once_the_future_is_done(
    session: ReadingSession, db: Path
) -> None:
    saved = session.set_tags("alpha", ["Court", " knife   crime ", "court"])
    assert session.tags("alpha") == ("court", "knife crime")
    assert saved is not None
    saved.result(timeout=10)
    with ReadingState(db, read_only=True) as state:
        assert state.tag_map() == {"alpha": ("court", "knife crime")}
    session.set_tags("alpha", []).result(timeout=10)  # type: ignore[union-attr]
    assert session.tags("alpha") == ()
    with ReadingState(db, read_only=True) as state:
        assert state.tag_map() == {}


def test_a_tag_that_cannot_be_one_changes_nothing(session: ReadingSession) -> None:
    session.set_tags("alpha", ["kent"]).result(timeout=10)  # type: ignore[union-attr]
    with pytest.raises(ValueError, match="no letter or digit"):
        session.set_tags("alpha", ["court", "!!"])
    assert session.tags("alpha") == ("kent",)


def test_a_note_shows_at_once_and_an_empty_one_removes_it(
    session: ReadingSession, db: Path
) -> None:
    session.set_note("beta", "  Call the press office.\n").result(timeout=10)  # type: ignore[union-attr]
    assert session.note("beta") == "Call the press office."
    with ReadingState(db, read_only=True) as state:
        assert state.notes() == {"beta": "Call the press office."}
    session.set_note("beta", "").result(timeout=10)  # type: ignore[union-attr]
    assert session.note("beta") is None
    with ReadingState(db, read_only=True) as state:
        assert state.notes() == {}


def test_a_reading_brings_the_tags_and_notes_another_process_set(
    session: ReadingSession, db: Path
) -> None:
    with ReadingState(db) as other:
        other.add_tags(["gamma"], ["fire"])
        other.set_note("gamma", "Ring back.")
    reading = session.read_marks()
    assert reading is not None
    assert session.adopt(reading)
    assert (session.tags("gamma"), session.note("gamma")) == (("fire",), "Ring back.")


def test_an_inactive_session_keeps_no_tags_or_note(db: Path) -> None:
    inactive = ReadingSession(db, FEED)  # never opened
    assert inactive.set_tags("alpha", ["court"]) is None
    assert inactive.set_note("alpha", "A note.") is None
    assert inactive.tags("alpha") == ()
    inactive.close()
