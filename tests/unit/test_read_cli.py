"""pressreader read and undo: marking a query's matches read as one action, and taking back the
last marking action (the CLI's or the app's), on a generated feed with known areas."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support.cli import run
from support.desk_feed import COUNT, area, write_feed

from reader.articles.parse import parse_file
from reader.feed.library import Library
from reader.store.session import ReadingSession
from reader.store.state import ReadingState, feed_key, state_path

KENT = sum(1 for number in range(COUNT) if area(number) == "Kent")
DOVER = sum(1 for number in range(COUNT) if area(number) == "Dover")


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_feed(tmp_path_factory.mktemp("marking") / "feed")


def unread(capsys: pytest.CaptureFixture[str], feed: Path) -> int:
    status, out, err = run(capsys, "search", feed, "is:unread", "--json", "--limit", "1")
    assert (status, err) == (0, "")
    return int(json.loads(out)["count"])


def identity(path: Path) -> str:
    article = parse_file(path)
    assert not isinstance(article, Exception)
    return article.identity  # type: ignore[union-attr]


def test_the_feed_has_the_areas_counted() -> None:
    assert (COUNT, KENT, DOVER) == (61, 15, 16)


def test_read_marks_every_match_read_and_says_how_many(
    capsys: pytest.CaptureFixture[str], generated: Path
) -> None:
    status, out, err = run(capsys, "read", generated, "area:Kent")
    assert (status, err) == (0, "")
    assert out == "Marked 15 articles read (15 matches); 'pressreader undo' takes it back.\n"
    assert unread(capsys, generated) == COUNT - KENT
    status, out, _ = run(capsys, "search", generated, "is:unread area:Kent", "--json")
    assert json.loads(out)["count"] == 0


def test_read_counts_only_the_matches_not_read_already(
    capsys: pytest.CaptureFixture[str], generated: Path
) -> None:
    run(capsys, "read", generated, "area:Kent")
    status, out, err = run(capsys, "read", generated, "area:Kent OR area:Dover", "--json")
    assert (status, err) == (0, "")
    assert json.loads(out) == {
        "query": "area:Kent OR area:Dover",
        "count": KENT + DOVER,
        "marked": DOVER,
    }
    _, out, _ = run(capsys, "read", generated, "area:Dover")
    assert out == "All 16 matches are read already: nothing was marked.\n"


def test_undo_takes_back_the_whole_read_at_once(
    capsys: pytest.CaptureFixture[str], generated: Path
) -> None:
    run(capsys, "read", generated, "area:Kent")
    run(capsys, "read", generated, "police")  # every article: the other 46
    assert unread(capsys, generated) == 0
    status, out, err = run(capsys, "undo")
    assert (status, out, err) == (0, "Undone: marked 46 articles read.\n", "")
    assert unread(capsys, generated) == COUNT - KENT  # the Kent ones, read before, stay read
    status, out, _ = run(capsys, "undo", "--json")
    assert json.loads(out) == {"state": str(state_path()), "undone": None}
    assert run(capsys, "undo")[1] == "Nothing to undo.\n"


def test_a_read_that_marks_nothing_leaves_the_last_action_to_undo(
    capsys: pytest.CaptureFixture[str], generated: Path
) -> None:
    run(capsys, "read", generated, "area:Dover")
    _, out, _ = run(capsys, "read", generated, "area:Atlantis")
    assert out == "No matches: nothing was marked read.\n"
    run(capsys, "read", generated, "area:Dover")  # all read already
    assert run(capsys, "undo")[1] == "Undone: marked 16 articles read.\n"
    assert unread(capsys, generated) == COUNT


def test_read_of_unread_matches_only_marks_those(
    capsys: pytest.CaptureFixture[str], generated: Path
) -> None:
    first = sorted(generated.glob("*.md"))[:3]  # 000 (Dover), 001 (Greater Manchester), 002 Kent
    with ReadingState(state_path()) as state:
        state.mark_all_read(identity(path) for path in first)
    _, out, _ = run(capsys, "read", generated, "is:unread area:Kent", "--json")
    assert json.loads(out)["marked"] == KENT - 1
    assert unread(capsys, generated) == COUNT - 2 - KENT


def test_undo_takes_back_what_the_app_marked(
    capsys: pytest.CaptureFixture[str], generated: Path
) -> None:
    app = ReadingSession(state_path(), feed_key([generated]))
    assert app.open() is None
    with Library([generated]) as library:
        assert library.refresh() == []
        listed = library.search("area:Dover", sort="date").summaries
    assert app.mark_all_read(listed) == DOVER
    app.close()  # every change written
    _, out, _ = run(capsys, "state")
    assert "Last action marked 16 articles read ('pressreader undo' undoes it)\n" in out
    assert run(capsys, "undo")[1] == "Undone: marked 16 articles read.\n"
    assert unread(capsys, generated) == COUNT


def test_read_and_undo_with_a_state_dir(
    capsys: pytest.CaptureFixture[str], generated: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "desk-state"
    run(capsys, "read", generated, "area:Kent", "--state-dir", folder)
    assert (folder / "state.sqlite3").exists() and not state_path().exists()
    assert run(capsys, "undo", "--state-dir", folder)[1] == "Undone: marked 15 articles read.\n"


def test_read_with_a_feed_for_a_query_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], generated: Path
) -> None:
    status, out, err = run(capsys, "read", generated)
    assert (status, out) == (2, "")
    assert err == (
        f"pressreader: error: '{generated}' is a folder, and the last argument is the QUERY: "
        "pressreader read [FEED …] QUERY\n"
    )
    assert not state_path().exists()


def test_read_with_a_bad_query_marks_nothing(
    capsys: pytest.CaptureFixture[str], generated: Path
) -> None:
    status, out, err = run(capsys, "read", generated, "before:someday")
    assert (status, out) == (2, "")
    assert err.startswith("pressreader: error: bad query: ")
    assert not state_path().exists()
