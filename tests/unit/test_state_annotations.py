"""Tags, notes, saved searches and undo in the reading state."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from reader.store.state import MAX_TAG_LENGTH, ReadingState, clean_tag


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "state" / "state.sqlite3"


def test_tags_and_notes_survive_a_reopen_and_pass_the_damage_check(db: Path) -> None:
    with ReadingState(db) as state:
        assert state.add_tags(["url:a", "url:b"], ["Court", "follow  up"]) == 4
        assert state.set_note("url:a", "  Ring the press office\non Friday ") == (
            "Ring the press office\non Friday"
        )
    checked = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    assert checked.execute("PRAGMA quick_check").fetchall() == [("ok",)]
    checked.close()
    with ReadingState(db) as state:
        assert state.notice is None  # not taken for a damaged file and moved aside
        assert state.tag_map() == {"url:a": ("court", "follow up"), "url:b": ("court", "follow up")}
        assert state.tags("url:a") == ("court", "follow up")
        assert state.notes() == {"url:a": "Ring the press office\non Friday"}
        assert state.note("url:b") is None


def test_removing_tags_counts_only_those_there(db: Path) -> None:
    with ReadingState(db) as state:
        state.add_tags(["url:a", "url:b"], ["court"])
        state.add_tags(["url:a"], ["urgent"])
        assert state.remove_tags(["url:a", "url:b", "url:c"], ["court"]) == 2
        assert state.tag_map() == {"url:a": ("urgent",)}


def test_set_tags_replaces_them_and_an_empty_note_removes_it(db: Path) -> None:
    with ReadingState(db) as state:
        state.add_tags(["url:a"], ["old"])
        assert state.set_tags("url:a", ["b", "a", "A"]) == ("a", "b")
        state.set_note("url:a", "text")
        assert state.set_note("url:a", "  ") == ""
        assert (state.tags("url:a"), state.notes()) == (("a", "b"), {})


@pytest.mark.parametrize(
    ("text", "problem"),
    [("", "a tag needs a letter or digit"), ("---", "has no letter or digit")],
)
def test_bad_tags_are_refused_saying_why(text: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        clean_tag(text)


def test_a_tag_is_one_safe_line_of_bounded_length() -> None:
    assert clean_tag("  Court\x1b[31m  Case\n") == "court case"  # the escape sequence goes
    with pytest.raises(ValueError, match=f"at most {MAX_TAG_LENGTH}"):
        clean_tag("x" * (MAX_TAG_LENGTH + 1))


def test_the_cached_tags_see_another_processes_change(db: Path) -> None:
    with ReadingState(db) as app, ReadingState(db) as cli:
        assert app.tag_map() == {}
        cli.add_tags(["url:a"], ["court"])
        assert app.tag_map() == {"url:a": ("court",)}


# --- undo ---------------------------------------------------------------------------------------


def test_undo_puts_back_marking_everything_read(db: Path) -> None:
    with ReadingState(db) as state:
        state.mark_read("url:a")
        assert state.mark_all_read(["url:a", "url:b", "url:c"]) == 2
        assert state.last_action() == "marked 2 articles read"
        assert state.undo() == "marked 2 articles read"
        assert state.read_identities() == {"url:a"}  # read before stays read
        assert (state.undo(), state.last_action()) == (None, None)  # undo is not undone


def test_undo_of_a_toggle_a_tag_and_a_note(db: Path) -> None:
    with ReadingState(db) as state:
        state.toggle_star("url:a")
        assert state.undo() == "starred 1 article"
        assert state.starred_identities() == set()
        state.add_tags(["url:a"], ["court"])
        state.add_tags(["url:a"], ["urgent"])
        assert state.undo() == "tagged urgent"
        assert state.tag_map() == {"url:a": ("court",)}
        state.set_note("url:a", "first")
        state.set_note("url:a", "second")
        assert state.undo() == "changed the note"
        assert state.notes() == {"url:a": "first"}


def test_an_action_that_changes_nothing_leaves_the_last_one_to_undo(db: Path) -> None:
    with ReadingState(db) as state:
        state.mark_all_read(["url:a", "url:b"])
        state.mark_read("url:a")  # already read: not an action to undo
        assert state.undo() == "marked 2 articles read"
        assert state.read_identities() == set()


def test_marking_many_read_keeps_for_undo_only_those_it_changed(db: Path) -> None:
    with ReadingState(db) as state:
        state.mark_all_read(f"url:{number}" for number in range(1000))
        assert state.mark_all_read(f"url:{number}" for number in range(998, 1003)) == 3
    with closing(sqlite3.connect(db)) as connection:
        (snapshot,) = connection.execute("SELECT snapshot FROM undo").fetchone()
    assert json.loads(snapshot) == {
        "table": "read",
        "identities": ["url:1000", "url:1001", "url:1002"],
        "rows": [],
    }


def test_marking_read_what_is_all_read_leaves_the_last_action(db: Path) -> None:
    with ReadingState(db) as state:
        state.set_starred("url:a", True)
        state.mark_read("url:b")
        assert state.mark_all_read(["url:b"]) == 0
        assert state.undo() == "marked 1 article read"
        assert state.read_identities() == set()
        assert state.starred_identities() == {"url:a"}


def test_undo_of_marking_unread_brings_back_the_first_read_time(db: Path) -> None:
    with ReadingState(db) as state:
        state.mark_read("url:a")
    with closing(sqlite3.connect(db)) as connection:
        (first,) = connection.execute("SELECT marked_at FROM read").fetchone()
    with ReadingState(db) as state:
        state.mark_unread("url:a")
        assert state.undo() == "marked 1 article unread"
    with closing(sqlite3.connect(db)) as connection:
        assert connection.execute("SELECT identity, marked_at FROM read").fetchall() == [
            ("url:a", first)
        ]


def test_undo_works_from_another_process(db: Path) -> None:
    with ReadingState(db) as app:
        app.toggle_read("url:a")
    with ReadingState(db) as cli:
        assert cli.undo() == "marked 1 article read"
        assert cli.read_identities() == set()


# --- saved searches -----------------------------------------------------------------------------


def test_saved_searches_keep_their_order_and_can_be_replaced_or_deleted(db: Path) -> None:
    with ReadingState(db) as state:
        assert state.save_search("  Chief   Constable ", 'speaker:"chief constable"') == (
            "Chief Constable"
        )
        state.save_search("Dover", "area:dover")
        state.save_search("Dover", "area:dover is:unread")
        assert state.saved_searches() == {
            "Chief Constable": 'speaker:"chief constable"',
            "Dover": "area:dover is:unread",
        }
        assert state.delete_search("Dover") is True
        assert state.delete_search("Dover") is False
    with ReadingState(db) as state:
        assert list(state.saved_searches()) == ["Chief Constable"]


def test_a_search_needs_a_name(db: Path) -> None:
    with ReadingState(db) as state, pytest.raises(ValueError, match="needs a name"):
        state.save_search("  ", "kent")
