"""The SQLite index: ranking, filters, highlights, incremental sync, recovery, and fallbacks."""

from __future__ import annotations

import atexit
import os
import shutil
import sqlite3
import tempfile
import threading
from collections.abc import Callable, Iterator
from datetime import datetime
from functools import cache
from pathlib import Path

import pytest
import support.hypothesis_profiles  # noqa: F401  (registers and loads the profile)
from hypothesis import given
from hypothesis import strategies as st
from support.feeds import count_parses, listed, titles, write_article

import reader.feed.index.place
import reader.feed.index.ranking
import reader.feed.index.rows
import reader.feed.index.schema
import reader.feed.index.writer
import reader.quotes.extract
from reader.articles.model import Article
from reader.articles.parse import parse_file
from reader.feed.discover import FeedWalk, walk
from reader.feed.index import SCAN_NOTICE, FeedIndex, index_path
from reader.feed.library import Library
from reader.quotes import ArticleQuotes, Speaker
from reader.search.query import (
    Fields,
    Marks,
    QueryError,
    Snippet,
    folded_words,
    index_text,
    matches,
)
from reader.search.query import parse as parse_query
from reader.search.sql import date_id
from reader.store.paths import CACHE_DIR_ENV


@pytest.fixture
def feed(tmp_path: Path) -> Path:
    folder = tmp_path / "feed"
    folder.mkdir()
    return folder


@pytest.fixture
def open_library(feed: Path) -> Iterator[Callable[..., Library]]:
    """Open a scanned Library on `feed` (closed after the test)."""
    opened: list[Library] = []

    def make(**options: object) -> Library:
        library = Library([feed], **options)  # type: ignore[arg-type]
        opened.append(library)
        listed(library)
        return library

    yield make
    for library in opened:
        library.close()


FILLER = [f"Filler article {number}" for number in range(8)]


def write_filler(feed: Path) -> None:
    """Articles without the test's words, so those words are rare and bm25 weighs them."""
    for number, title in enumerate(FILLER):
        write_article(feed, f"filler-{number}.md", title=title, body="Council meeting notes.")


# --- ranking ------------------------------------------------------------------------------------


def test_a_title_match_ranks_above_body_matches(
    feed: Path, open_library: Callable[..., Library]
) -> None:
    write_filler(feed)
    write_article(feed, "a.md", title="Burglary warning issued", body="Lock your doors.")
    write_article(feed, "b.md", title="Weekly round-up", body="A burglary in Dover.")
    library = open_library()
    assert titles(library, "burglary") == ["Burglary warning issued", "Weekly round-up"]


def test_more_occurrences_rank_higher(feed: Path, open_library: Callable[..., Library]) -> None:
    write_filler(feed)
    write_article(feed, "once.md", title="Once", body="One burglary and many other words here.")
    write_article(feed, "thrice.md", title="Thrice", body="Burglary, burglary, burglary here.")
    library = open_library()
    assert titles(library, "burglary") == ["Thrice", "Once"]


def test_a_speaker_match_ranks_above_a_body_match(
    feed: Path, open_library: Callable[..., Library], monkeypatch: pytest.MonkeyPatch
) -> None:
    write_filler(feed)
    write_article(feed, "said.md", title="Said", body="'Go home,' said the officer.")
    write_article(feed, "named.md", title="Named", body="Hedges was there at the time.")
    speak_for(monkeypatch, {"'Go home,' said": ("Mark Hedges",)})
    library = open_library()
    assert titles(library, "hedges") == ["Said", "Named"]


def test_ranked_results_carry_scores_best_first(
    feed: Path, open_library: Callable[..., Library]
) -> None:
    write_filler(feed)
    write_article(feed, "a.md", title="Burglary warning", body="Burglary advice.")
    write_article(feed, "b.md", title="Round-up", body="A burglary.")
    result = open_library().search("burglary")
    assert result.ranked == 2
    assert result.scores[0] > result.scores[1] > 0


def speak_for(monkeypatch: pytest.MonkeyPatch, speakers: dict[str, tuple[str, ...]]) -> None:
    """Make the index see `speakers` as the people quoted in articles whose body starts with
    the key (the real extractor's findings are its own tests' business)."""

    def extract(body: str, title: str = "") -> ArticleQuotes:
        for opening, people in speakers.items():
            if body.startswith(opening):
                return ArticleQuotes(tuple(Speaker(p, None, None, ()) for p in people), ())
        return ArticleQuotes((), ())

    monkeypatch.setattr(reader.quotes.extract, "extract_quotes", extract)


# --- filters ------------------------------------------------------------------------------------


@pytest.fixture
def varied(feed: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write_article(
        feed,
        "kent.md",
        title="Knife arch at Ramsgate station",
        area="Kent",
        site="Kent Police",
        body="'We will act,' said the inspector. Commuters in Ramsgate were checked.",
        published="2020-12-31T23:59:00",
    )
    write_article(
        feed,
        "essex.md",
        title="Council plans for Chelmsford",
        area="Essex",
        site="Essex County Council",
        body="The council said Kent Police helped.",
        published="2021-01-01T00:00:00",
    )
    write_article(
        feed,
        "yorkshire.md",
        title="Café reopens in Leeds",
        area="West Yorkshire",
        site="West Yorkshire Police",
        body="The CAFÉ in Leeds reopened; Zoë cut the ribbon.",
        published="2021-01-02T09:00:00",
    )
    write_article(feed, "undated.md", title="An undated note", body="Kent news.", published=None)
    speak_for(monkeypatch, {"'We will act,'": ("Mark Hedges",)})
    return feed


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("title:ramsgate", {"kent.md"}),
        ("title:kent", set()),
        ("area:kent", {"kent.md"}),
        ('area:"west yorkshire"', {"yorkshire.md"}),
        ("area:yorkshire", {"yorkshire.md"}),
        ("site:council", {"essex.md"}),
        ('site:"kent police"', {"kent.md"}),
        ("kent", {"kent.md", "essex.md", "undated.md"}),
        ("kent -area:kent", {"essex.md", "undated.md"}),
        ('"kent police"', {"kent.md", "essex.md"}),
        ("commut*", {"kent.md"}),
        ("leeds OR chelmsford", {"yorkshire.md", "essex.md"}),
        ("-kent", {"yorkshire.md"}),
        ("cafe", {"yorkshire.md"}),
        ("CAFÉ", {"yorkshire.md"}),
        ("zoe", {"yorkshire.md"}),
        ("before:2021-01-01", {"kent.md"}),
        ("after:2021-01-01", {"essex.md", "yorkshire.md"}),
        ("after:01/01/2021 before:02/01/2021", {"essex.md"}),
        ("-before:2021-01-02", {"yorkshire.md", "undated.md"}),
        ("kent before:2021-01-01 OR after:2021-01-02", {"kent.md"}),
    ],
)
def test_filters_find_exactly_their_articles(
    varied: Path, open_library: Callable[..., Library], query: str, expected: set[str]
) -> None:
    result = open_library().search(query)
    assert {summary.path.name for summary in result.summaries} == expected
    assert result.count == len(expected)


def test_speaker_filter_finds_the_quoted_person(
    varied: Path, open_library: Callable[..., Library]
) -> None:
    library = open_library()
    assert titles(library, 'speaker:"mark hedges"') == ["Knife arch at Ramsgate station"]
    assert titles(library, "speaker:osborn") == []


class FakeMarks:
    def __init__(
        self,
        read: set[str],
        starred: set[str],
        tags: dict[str, tuple[str, ...]] | None = None,
        notes: dict[str, str] | None = None,
    ) -> None:
        self.read, self.starred = read, starred
        self.tags, self.notes_by_identity = tags or {}, notes or {}

    def read_identities(self) -> set[str]:
        return set(self.read)

    def starred_identities(self) -> set[str]:
        return set(self.starred)

    def tag_map(self) -> dict[str, tuple[str, ...]]:
        return dict(self.tags)

    def notes(self) -> dict[str, str]:
        return dict(self.notes_by_identity)


def test_is_filters_use_the_reading_state(
    varied: Path, open_library: Callable[..., Library]
) -> None:
    identity = parse_file(varied / "kent.md").identity  # type: ignore[union-attr]
    marks = FakeMarks(read={identity}, starred={identity})
    library = open_library(marks=marks)
    assert titles(library, "is:starred") == ["Knife arch at Ramsgate station"]
    assert titles(library, "kent is:unread", sort="date") == [
        "Council plans for Chelmsford",
        "An undated note",
    ]
    marks.starred = set()  # the state changed between two searches
    assert titles(library, "is:starred") == []


def test_is_filters_without_the_reading_state_are_a_query_error(
    varied: Path, open_library: Callable[..., Library]
) -> None:
    with pytest.raises(QueryError, match="need the reading state"):
        open_library().search("is:unread")


def test_date_sort_is_newest_first_with_undated_last(
    varied: Path, open_library: Callable[..., Library]
) -> None:
    assert titles(open_library(), "-zzz", sort="date") == [
        "Café reopens in Leeds",
        "Council plans for Chelmsford",
        "Knife arch at Ramsgate station",
        "An undated note",
    ]


def test_articles_stamped_with_the_same_second_come_in_path_order(
    feed: Path, open_library: Callable[..., Library]
) -> None:
    for name in ("c.md", "a.md", "b.md"):
        write_article(feed, name, title=name, published="2021-03-03T10:00:00")
    assert titles(open_library(), "-zzz", sort="date") == ["a.md", "b.md", "c.md"]


# --- every match as one value ------------------------------------------------------------------


@given(st.lists(st.integers(min_value=1, max_value=(1 << 62) - 1), unique=True, max_size=300))
def test_id_array_keeps_the_selects_order_of_any_ids(ids: list[int]) -> None:
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, key INTEGER)")
    connection.executemany("INSERT INTO t VALUES (?, ?)", ((i, -i % 977) for i in ids))
    select = "SELECT id FROM t ORDER BY key, id DESC"
    expected = [row[0] for row in connection.execute(select)]
    assert reader.feed.index.ranking.id_array(connection, select, ()).tolist() == expected


# --- ranking window -----------------------------------------------------------------------------


def write_thefts(feed: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Four days of thefts (day 2 the most, then day 4) and a rank window of two."""
    monkeypatch.setattr(reader.feed.index.ranking, "RANK_WINDOW", 2)
    write_filler(feed)
    for day, body in enumerate(["theft", "theft theft theft", "theft", "theft theft"], start=1):
        write_article(
            feed, f"{day}.md", title=f"day {day}", body=body, published=f"2021-05-0{day}T10:00"
        )


def test_beyond_the_rank_window_older_matches_follow_newest_first(
    feed: Path, open_library: Callable[..., Library], monkeypatch: pytest.MonkeyPatch
) -> None:
    write_thefts(feed, monkeypatch)
    result = open_library().search("theft")
    # The two newest (days 4 and 3) are ranked, best first; days 2 and 1 follow, newest first.
    assert [summary.title for summary in result.summaries] == ["day 4", "day 3", "day 2", "day 1"]
    assert (result.count, result.ranked, len(result.scores)) == (4, 2, 2)


@pytest.mark.parametrize(("offset", "limit"), [(0, 1), (1, 2), (2, 2), (3, 5), (1, None)])
def test_pages_are_slices_of_the_whole_ranked_list(
    feed: Path,
    open_library: Callable[..., Library],
    monkeypatch: pytest.MonkeyPatch,
    offset: int,
    limit: int | None,
) -> None:
    write_thefts(feed, monkeypatch)
    library = open_library()
    whole = titles(library, "theft")
    end = None if limit is None else offset + limit
    assert titles(library, "theft", offset=offset, limit=limit) == whole[offset:end]


# --- highlights ---------------------------------------------------------------------------------


def test_snippets_hold_the_match_and_its_offsets(
    varied: Path, open_library: Callable[..., Library]
) -> None:
    result = open_library().search("cafe", snippets=True)
    assert result.snippets == [
        Snippet("The CAFÉ in Leeds reopened; Zoë cut the ribbon.", ((4, 8),))
    ]


# --- incremental sync ---------------------------------------------------------------------------


@pytest.fixture
def parse_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    return count_parses(monkeypatch)


def test_a_second_sync_parses_only_new_and_changed_files(
    feed: Path, parse_calls: list[str]
) -> None:
    keep = write_article(feed, "keep.md", title="Kept", body="unchanged words")
    write_article(feed, "edit.md", title="Edited", body="old phrasing")
    gone = write_article(feed, "gone.md", title="Gone", body="vanishing words")
    with Library([feed]) as library:
        listed(library)
    assert sorted(parse_calls) == ["edit.md", "gone.md", "keep.md"]
    parse_calls.clear()

    write_article(feed, "new.md", title="New", body="fresh words")
    write_article(feed, "edit.md", title="Edited", body="new phrasing, longer")
    gone.unlink()
    with Library([feed]) as library:
        batches = listed(library)
        assert sorted(parse_calls) == ["edit.md", "new.md"]
        assert [path for batch in batches for path in batch.removed] == [gone]
        assert titles(library, "phrasing") == ["Edited"]
        assert titles(library, "old") == []
        assert titles(library, "vanishing") == []
        assert library.index.count() == 3
        assert sorted(titles(library, "words")) == ["Kept", "New"]
    assert keep.exists()


def test_an_edit_that_keeps_the_size_is_seen_by_its_mtime(
    feed: Path, parse_calls: list[str]
) -> None:
    path = write_article(feed, "a.md", title="Same size", body="alpha")
    with Library([feed]) as library:
        listed(library)
    write_article(feed, "a.md", title="Same size", body="gamma")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    parse_calls.clear()
    with Library([feed]) as library:
        listed(library)
        assert parse_calls == ["a.md"]
        assert titles(library, "gamma") == ["Same size"]
        assert titles(library, "alpha") == []


# --- the walk's digest: a warm sync that finds nothing new compares nothing -------------------


@pytest.fixture
def compares(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    return count_compares(monkeypatch)


def count_compares(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many files each sync's comparison with the index walked, in order."""
    counts: list[int] = []
    real_compare = reader.feed.index.writer.Writing._compare

    def counting(index: FeedIndex, found: FeedWalk) -> tuple[list[object], list[object]]:
        counts.append(len(found))
        return real_compare(index, found)  # type: ignore[return-value]

    monkeypatch.setattr(reader.feed.index.writer.Writing, "_compare", counting)
    return counts


def synced(feed: Path) -> list[str]:
    """Open the feed's library and bring its index up to date; the titles it then lists."""
    with Library([feed]) as library:
        library.refresh()
        return sorted(summary.title for summary in library.view())


def test_a_walk_that_finds_nothing_new_skips_the_comparison(
    feed: Path, compares: list[int], parse_calls: list[str]
) -> None:
    write_article(feed, "a.md", title="Alpha")
    write_article(feed, "sub/b.md", title="Beta")
    assert synced(feed) == ["Alpha", "Beta"]
    assert (compares, sorted(parse_calls)) == ([2], ["a.md", "b.md"])
    assert synced(feed) == ["Alpha", "Beta"]
    assert synced(feed) == ["Alpha", "Beta"]
    assert (compares, sorted(parse_calls)) == ([2], ["a.md", "b.md"])


def test_after_the_digest_an_added_file_is_seen(
    feed: Path, compares: list[int], parse_calls: list[str]
) -> None:
    write_article(feed, "a.md", title="Alpha")
    synced(feed)
    synced(feed)
    write_article(feed, "sub/new.md", title="New")
    assert synced(feed) == ["Alpha", "New"]
    assert (compares, parse_calls) == ([1, 2], ["a.md", "new.md"])
    assert synced(feed) == ["Alpha", "New"] and compares == [1, 2]


def test_after_the_digest_a_removed_file_is_seen(feed: Path, compares: list[int]) -> None:
    write_article(feed, "a.md", title="Alpha")
    gone = write_article(feed, "sub/b.md", title="Beta")
    synced(feed)
    synced(feed)
    gone.unlink()
    assert synced(feed) == ["Alpha"]
    assert synced(feed) == ["Alpha"] and compares == [2, 1]


def test_after_the_digest_an_edit_of_the_same_size_with_a_new_mtime_is_seen(
    feed: Path, compares: list[int], parse_calls: list[str]
) -> None:
    path = write_article(feed, "a.md", title="Alpha", body="first words")
    synced(feed)
    synced(feed)
    size = path.stat().st_size
    write_article(feed, "a.md", title="Gamma", body="other words")
    stat = path.stat()
    assert stat.st_size == size
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert synced(feed) == ["Gamma"]
    assert (compares, parse_calls) == ([1, 1], ["a.md", "a.md"])


def test_the_digest_is_not_kept_when_another_writer_changed_the_index_meanwhile(
    feed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process indexes a new file while this sync runs, and the file is deleted after:
    the files are then this sync's walk again, but the index is not, so the next sync must
    compare (else the deleted file would stay listed)."""
    write_article(feed, "a.md", title="Alpha")
    real_compare = reader.feed.index.writer.Writing._compare
    other = feed / "other.md"

    def and_another_writer(index: FeedIndex, found: FeedWalk) -> tuple[list[object], list[object]]:
        result = real_compare(index, found)
        if not other.exists():
            write_article(feed, other.name, title="Other")
            with FeedIndex([feed]) as elsewhere:
                list(elsewhere.sync(walk([feed])))
        return result  # type: ignore[return-value]

    monkeypatch.setattr(reader.feed.index.writer.Writing, "_compare", and_another_writer)
    with FeedIndex([feed]) as index:
        list(index.sync(walk([feed])))
        assert len(index.ids()) == 2
    other.unlink()
    monkeypatch.setattr(reader.feed.index.writer.Writing, "_compare", real_compare)
    counted = count_compares(monkeypatch)
    assert synced(feed) == ["Alpha"]
    assert counted == [1]


def test_a_sync_that_removes_files_prunes_the_oldest_removed_paths(
    feed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reader.feed.index.writer, "_GONE_KEPT", 2)
    paths = [write_article(feed, f"{number}.md", title=f"T{number}") for number in range(5)]
    with FeedIndex([feed]) as index:
        list(index.sync(walk([feed])))
        first = index.seq()
        for path in paths[:4]:
            path.unlink()
            list(index.sync(walk([feed])))
        gone = index._connection().execute("SELECT rel FROM gone ORDER BY seq").fetchall()
        assert [rel for (rel,) in gone] == [b"2.md", b"3.md"]
        assert index.changes(first).complete is False
        assert index.changes(index.seq() - 2).complete is True


def test_load_errors_are_cached_and_leave_when_fixed(feed: Path, parse_calls: list[str]) -> None:
    broken = feed / "broken.md"
    broken.write_bytes(b"\x00\x01binary")
    with Library([feed]) as library:
        errors = [error for batch in listed(library) for error in batch.errors]
    assert [error.path for error in errors] == [broken]
    parse_calls.clear()
    with Library([feed]) as library:
        batches = listed(library)
        assert batches[0].cached and [error.path for error in batches[0].errors] == [broken]
    assert parse_calls == []
    write_article(feed, "broken.md", title="Fixed now")
    with Library([feed]) as library:
        batches = listed(library)
        assert titles(library, "fixed") == ["Fixed now"]
        assert library.index.cached_errors() == []
    # The fixed file's summary comes after the cached list, replacing its error there.
    assert [summary.title for batch in batches[1:] for summary in batch.summaries] == ["Fixed now"]


# --- recovery -----------------------------------------------------------------------------------


def test_a_damaged_index_is_rebuilt_with_a_notice(feed: Path) -> None:
    write_article(feed, "a.md", title="Survivor", body="still here")
    path = index_path([feed])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"this is not a database" * 100)
    with Library([feed]) as library:
        batches = listed(library)
        assert batches[0].notice == "search index was damaged; rebuilt it"
        assert titles(library, "still") == ["Survivor"]


@pytest.mark.parametrize(
    ("change", "notice"),
    [
        (
            "PRAGMA user_version = 0",
            "search index was made by another version of pressreader; rebuilt it",
        ),
        (
            "UPDATE meta SET value = 'old' WHERE key = 'model'",
            "search index was made by a different version of the article parser; rebuilt it",
        ),
    ],
)
def test_an_index_from_other_code_is_rebuilt_with_a_notice(
    feed: Path, change: str, notice: str
) -> None:
    write_article(feed, "a.md", title="Survivor", body="still here")
    with Library([feed]) as library:
        listed(library)
    with sqlite3.connect(index_path([feed])) as connection:
        connection.execute(change)
    with Library([feed]) as library:
        assert library.notice == notice
        listed(library)
        assert titles(library, "still") == ["Survivor"]


def test_an_unwritable_cache_dir_gets_a_temporary_index_with_a_notice(
    feed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_article(feed, "a.md", title="Survivor", body="still here")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv(CACHE_DIR_ENV, str(blocker / "cache"))
    with Library([feed]) as library:
        assert library.notice is not None
        assert library.notice.startswith(f"cannot write the search index at {blocker / 'cache'}")
        listed(library)
        assert titles(library, "still") == ["Survivor"]
        temporary = library.index.path
    assert not temporary.exists()


def test_each_feed_has_its_own_index(tmp_path: Path) -> None:
    assert index_path([tmp_path / "a"]) != index_path([tmp_path / "b"])
    assert index_path([tmp_path / "a"]) == index_path([tmp_path / "x" / ".." / "a"])


def test_without_fts5_search_scans_and_says_so(
    varied: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    queries = ["kent", '"kent police"', "area:kent", "-kent", "cafe OR leeds", "after:2021-01-01"]
    with Library([varied], cache=tmp_path / "fts") as library:
        listed(library)
        expected = {query: titles(library, query, sort="date") for query in queries}
    monkeypatch.setattr(reader.feed.index.place, "fts5_available", lambda: False)
    with Library([varied], cache=tmp_path / "scan") as library:
        listed(library)
        assert library.search("kent").notice == SCAN_NOTICE
        assert {query: titles(library, query, sort="date") for query in queries} == expected


# --- concurrency --------------------------------------------------------------------------------


def test_searching_while_another_thread_indexes(feed: Path) -> None:
    for number in range(60):
        write_article(feed, f"{number:02}.md", title=f"Article {number}", body="common words")
    failures: list[BaseException] = []
    with Library([feed]) as library:
        done = threading.Event()

        def search_repeatedly() -> None:
            try:
                while not done.is_set():
                    library.search("common", limit=5)
            except BaseException as error:  # the test reports it below
                failures.append(error)

        searcher = threading.Thread(target=search_repeatedly)
        searcher.start()
        listed(library)
        done.set()
        searcher.join()
        assert library.search("common").count == 60
    assert failures == []


# --- the index agrees with the reference matcher ------------------------------------------------

_VOCABULARY = ["kent", "police", "council", "knife", "cafe", "leeds", "ramsgate", "west"]
_FEED_TEXTS = [
    ("Kent Police knife appeal", "Kent", "Kent Police", "Knife arch in Ramsgate; police said."),
    ("Council news", "Kent", "Kent County Council", "The council met police in Leeds."),
    ("Café in Leeds", "West Yorkshire", None, "A café; West Leeds council approved it."),
    ("Ramsgate harbour", None, "Kent Police", "Nothing about knives here."),
    ("West End", "London", "Met Police", "Police and council: Kent, Leeds, Ramsgate."),
    ("Undated", None, None, "knife council cafe"),
]


_TAGS = {"url:x": ("court", "follow up"), "url:y": ("café", "follow up")}
_NOTES = {"url:y": "Ring the Leeds council about the cafe; follow up Friday."}


@cache
def _reference_library() -> tuple[Library, dict[str, Fields]]:
    folder = Path(tempfile.mkdtemp(prefix="pressreader-index-test-"))
    for number, (title, area, site, body) in enumerate(_FEED_TEXTS):
        published = None if title == "Undated" else f"2021-0{number + 1}-0{number + 1}T08:00:00"
        url = {0: "x", 2: "y"}.get(number)  # x is read; both have tags, y a note
        write_article(
            folder / "feed",
            f"{number}.md",
            title=title,
            area=area,
            site=site,
            body=body,
            published=published,
            url=url,
        )
    marks = FakeMarks({"url:x"}, set(), _TAGS, _NOTES)
    library = Library([folder / "feed"], cache=folder / "cache", marks=marks)
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    atexit.register(library.close)
    listed(library)
    fields = {}
    for path in sorted((folder / "feed").iterdir()):
        article = parse_file(path)
        assert isinstance(article, Article)
        fields[article.title] = Fields(
            article.title,
            article.site,
            article.area,
            (),
            article.body,
            article.published,
            article.identity,
        )
    return library, fields


_TERMS = st.one_of(
    st.sampled_from(_VOCABULARY),
    st.sampled_from(_VOCABULARY).map(lambda word: word[:3] + "*"),
    st.tuples(st.sampled_from(_VOCABULARY), st.sampled_from(_VOCABULARY)).map(
        lambda pair: f'"{pair[0]} {pair[1]}"'
    ),
    st.tuples(st.sampled_from(["title", "area", "site"]), st.sampled_from(_VOCABULARY)).map(
        ":".join
    ),
    st.sampled_from(["before:2021-03-03", "after:2021-02-02", "is:unread", "is:read"]),
    st.sampled_from(["tag:court", "tag:CAFE", 'tag:"follow up"', "tag:fol*", "tag:zzz"]),
    st.sampled_from(["has:note", "has:tag", "note:leeds", 'note:"follow up"', "note:fri*"]),
    st.sampled_from(['note:"the cafe"', 'note:"council ab*"', "note:kent"]),
)
_CLAUSES = st.recursive(
    _TERMS,
    lambda inner: st.one_of(
        inner.map(lambda clause: f"-{clause}" if not clause.startswith("-") else clause),
        st.tuples(inner, inner).map(" OR ".join),
        st.lists(inner, min_size=1, max_size=3).map(lambda items: "(" + " ".join(items) + ")"),
    ),
    max_leaves=6,
)


@given(st.lists(_CLAUSES, min_size=1, max_size=4).map(" ".join))
def test_the_index_finds_what_the_reference_matcher_finds(text: str) -> None:
    library, fields = _reference_library()
    query = parse_query(text)
    marks = Marks(frozenset({"url:x"}), frozenset(), _TAGS, _NOTES)
    expected = {title for title, item in fields.items() if matches(query, item, marks)}
    result = library.search(query, sort="date")
    assert {summary.title for summary in result.summaries} == expected
    assert result.count == len(expected)


@given(st.lists(_CLAUSES, min_size=1, max_size=4).map(" ".join), st.sampled_from([2, 3, 5000]))
def test_the_unscored_ranking_lists_the_scored_rankings_ids(text: str, window: int) -> None:
    library, _ = _reference_library()
    query = parse_query(text)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(reader.feed.index.ranking, "RANK_WINDOW", window)
        scored = library.index.search(query, limit=None, marks_source=library.marks)
        listed_ids = library.index.search(
            query, limit=None, marks_source=library.marks, scored=False
        )
    assert list(listed_ids.ids) == list(scored.ids)
    assert (listed_ids.count, listed_ids.ranked, listed_ids.scores) == (
        scored.count,
        scored.ranked,
        [],
    )


def test_the_best_first_list_is_the_ranked_searchs_order(
    feed: Path, open_library: Callable[..., Library], monkeypatch: pytest.MonkeyPatch
) -> None:
    write_thefts(feed, monkeypatch)
    view = open_library().view("theft", rank=True)
    assert [summary.title for summary in view] == ["day 4", "day 3", "day 2", "day 1"]


# --- the tokenizer and the Python matcher see the same words ------------------------------------

_TOKEN_TEXT = st.lists(
    st.sampled_from(
        list("abcXYZ019 -'’.,_\n")
        + list("éÉèçÇñÑöÖüßøÅåæŁłőŵ")  # Latin accents, including ones NFD does not split
        + ["e\u0301", "\u0301", "\u0308"]  # decomposed and lone combining marks
        + list("αβΓάέ")  # Greek, with tonos
        + list("жЖй")  # Cyrillic
    ),
    max_size=40,
).map("".join)


@given(_TOKEN_TEXT)
def test_sqlite_indexes_the_words_the_matcher_sees(text: str) -> None:
    connection = sqlite3.connect(":memory:")
    connection.execute(
        "CREATE VIRTUAL TABLE t USING fts5(x, tokenize='unicode61 remove_diacritics 0')"
    )
    connection.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')")
    connection.execute("INSERT INTO t (rowid, x) VALUES (1, ?)", (index_text(text),))
    indexed = [term for (term,) in connection.execute("SELECT term FROM v ORDER BY offset")]
    assert indexed == list(folded_words(text))


def test_index_dates_sort_before_dated_ones() -> None:
    undated = date_id(None)
    oldest = date_id(datetime(1, 1, 1))
    assert undated < oldest < date_id(datetime(2021, 1, 1))


def test_feed_index_keeps_one_connection_per_thread(feed: Path) -> None:
    with FeedIndex([feed]) as index:
        here = index._connection()
        there: list[sqlite3.Connection] = []
        worker = threading.Thread(target=lambda: there.append(index._connection()))
        worker.start()
        worker.join()
        assert index._connection() is here and there[0] is not here


def test_stored_quotes_come_back_as_extracted() -> None:
    from reader.feed.index import decode_quotes, encode_quotes
    from reader.quotes import extract_quotes
    from reader.store.resources import sample_feed_path

    bodies = [parse_file(path).body for path in sorted(sample_feed_path().rglob("*.md"))]
    extracted = [extract_quotes(body) for body in bodies if isinstance(body, str)]
    assert sum(len(quotes.speakers) for quotes in extracted) > 5
    assert [decode_quotes(encode_quotes(quotes)) for quotes in extracted] == extracted


def test_stemmed_search_finds_other_forms_and_phrases_stay_in_order(
    feed: Path, open_library: Callable[..., Library]
) -> None:
    write_article(feed, "a.md", title="Phone thefts", body="A phone was stolen in Dover.")
    write_article(feed, "b.md", title="Arrests made", body="Police arrested two men in Deal.")
    write_article(feed, "c.md", title="Other", body="Dover phone shop was stolen from.")
    library = open_library()
    assert titles(library, "phones", sort="date") == ["Phone thefts", "Other"]
    assert titles(library, "arrests arrested", sort="date") == ["Arrests made"]
    assert titles(library, '"phones stolen"') == []  # not next to each other anywhere
    assert titles(library, '"phone was stolen"') == ["Phone thefts"]
    from reader.search.query import match_ranges, parse

    assert match_ranges(parse("phones"), "A phone, two phones.") == [(2, 7), (13, 19)]
