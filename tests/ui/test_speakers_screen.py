"""The speakers screen (reader/screens/speakers.py) and the data behind it (reader/speaker_data.py).

Regenerate the snapshots after an intended change to the look:
    uv run pytest tests/ui/test_speakers_screen.py --snapshot-update
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import support.hypothesis_profiles  # noqa: F401  (registers and loads the profile)
from hypothesis import given
from hypothesis import strategies as st
from support.terminal_safety import assert_terminal_safe
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input, Label, Static

from reader.articles.model import Article
from reader.articles.parse import parse_file
from reader.quotes import ArticleQuotes, Quote, Speaker, extract_quotes
from reader.quotes.speaker_data import QuoteTarget, SpeakerData, SpeakerSearch, speaker_data
from reader.quotes.speakers import ArticleRef
from reader.ui.messages import CopyText
from reader.ui.screens.speakers import NO_ONE, SpeakersScreen
from reader.ui.widgets.speaker_list import SpeakerList, speaker_details
from reader.ui.widgets.speaker_quotes import SpeakerQuotes

SIZE = (120, 36)
SEED_TITLE = "Emergency medical packs given to organisations in Canterbury city centre"
HOSTILE = "Evil [bold red]x[/] \x1b[31mred\x1b[0m \x1b]52;c;QUFB\x07Name"


def feed_items(feed: Path) -> list[tuple[ArticleRef, ArticleQuotes]]:
    items: list[tuple[ArticleRef, ArticleQuotes]] = []
    for path in sorted(feed.glob("*.md")):
        article = parse_file(path)
        assert isinstance(article, Article)
        items.append((article, extract_quotes(article.body)))
    return items


@pytest.fixture
def sample_data(sample_feed: Path) -> SpeakerData:
    return speaker_data(feed_items(sample_feed))


@dataclass(frozen=True)
class Ref:
    """All the speaker index needs of an article (an `ArticleRef`)."""

    path: Path
    title: str
    published: datetime | None = None
    url: str | None = None
    site: str | None = None
    area: str | None = None


def summary(name: str, published: datetime | None = None) -> Ref:
    return Ref(Path(f"feed/{name}.md"), name.title(), published)


def said(name: str, start: int, title: str | None = None, named: bool = True) -> Speaker:
    return Speaker(name, title, None, (Quote(f"Words {start}.", 0, start, start + 9),), named)


# ---------------------------------------------------------------------------------------------
# speaker_data


def test_mark_hedges_is_one_entry_with_his_rank_role_and_quote(
    sample_data: SpeakerData, seed_path: Path
) -> None:
    (entry,) = [entry for entry in sample_data.entries if entry.key == "mark hedges"]
    assert (entry.name, entry.titles, entry.roles, entry.quote_count, entry.article_count) == (
        "Mark Hedges",
        ("Chief Inspector",),
        ("District Commander for Canterbury",),
        1,
        1,
    )
    (record,) = sample_data.quotes_of(entry)
    assert Path(record.file) == seed_path
    assert record.article_title == SEED_TITLE
    assert record.published == "2020-11-12T13:55"
    assert record.text.startswith("Knife crime and violence is very low in Canterbury")
    assert QuoteTarget.of(record) == QuoteTarget(Path(record.file), record.start, record.end)


def test_ashley_clark_is_one_entry_from_the_seed_article(
    sample_data: SpeakerData, seed_path: Path
) -> None:
    (entry,) = [entry for entry in sample_data.entries if entry.key == "ashley clark"]
    assert (entry.name, entry.titles, entry.roles, entry.quote_count) == (
        "Ashley Clark",
        ("Cllr",),
        ("Canterbury City Council's lead councillor for enforcement",),
        1,
    )
    assert [ref.path for ref in entry.articles] == [seed_path]
    assert [Path(record.file) for record in sample_data.quotes_of(entry)] == [seed_path]


def test_every_sample_record_is_filed_under_exactly_one_entry(sample_data: SpeakerData) -> None:
    filed = [record for entry in sample_data.entries for record in sample_data.quotes_of(entry)]
    assert sorted(filed, key=id) == sorted(sample_data.records, key=id)
    assert len(set(filed)) == len(filed) == len(sample_data.records) == 64
    assert set(sample_data.by_speaker) == {entry.key for entry in sample_data.entries}


def test_sample_counts_add_up(sample_data: SpeakerData) -> None:
    assert len(sample_data.entries) == 44
    assert sum(entry.quote_count for entry in sample_data.entries) == len(sample_data.records)
    assert sample_data.article_count == 20
    for entry in sample_data.entries:
        records = sample_data.quotes_of(entry)
        assert len(records) == entry.quote_count
        assert len({record.file for record in records}) == entry.article_count


def test_a_surname_merged_into_a_full_name_files_its_quotes_there() -> None:
    data = speaker_data(
        [
            (
                summary("later", datetime(2024, 3, 1)),
                ArticleQuotes((said("Bloggs", 50, "Mr"),), ()),
            ),
            (summary("earlier", datetime(2024, 1, 1)), ArticleQuotes((said("Jo Bloggs", 10),), ())),
        ]
    )
    (entry,) = data.entries
    assert entry.key == "jo bloggs"
    assert [(Path(r.file).name, r.speaker) for r in data.quotes_of(entry)] == [
        ("earlier.md", "Jo Bloggs"),
        ("later.md", "Bloggs"),
    ]


def test_a_surname_shared_by_two_people_stays_its_own_entry() -> None:
    data = speaker_data(
        [
            (
                summary("a"),
                ArticleQuotes(
                    (said("Jo Bloggs", 0), said("Sam Bloggs", 20), said("Bloggs", 40)), ()
                ),
            )
        ]
    )
    assert sorted((e.key, len(data.quotes_of(e))) for e in data.entries) == [
        ("bloggs", 1),
        ("jo bloggs", 1),
        ("sam bloggs", 1),
    ]


def test_an_unnamed_voice_is_never_merged_with_a_person() -> None:
    data = speaker_data(
        [
            (
                summary("a"),
                ArticleQuotes(
                    (said("Jo Spokesperson", 0), said("spokesperson", 20, named=False)), ()
                ),
            )
        ]
    )
    assert sorted((e.key, len(data.quotes_of(e))) for e in data.entries) == [
        ("jo spokesperson", 1),
        ("~spokesperson", 1),
    ]


# Few words, so that names collide the ways the index merges them (case, accents, surnames).
NAME_WORDS = st.sampled_from(["Jo", "jo", "Bloggs", "BLOGGS", "Zoë", "Zoe", "Sam", "Mr", "PC"])
VOICES = st.builds(
    lambda words, named: (" ".join(words), named),
    st.lists(NAME_WORDS, min_size=1, max_size=3),
    st.booleans(),
)


@given(st.lists(st.lists(VOICES, max_size=4), max_size=5))
def test_every_record_is_filed_under_exactly_one_entry_whatever_the_names(
    articles: list[list[tuple[str, bool]]],
) -> None:
    items: list[tuple[ArticleRef, ArticleQuotes]] = []
    for number, voices in enumerate(articles):
        speakers = tuple(
            said(name, 20 * index, named=named) for index, (name, named) in enumerate(voices)
        )
        items.append((summary(f"a{number}"), ArticleQuotes(speakers, ())))
    data = speaker_data(items)
    filed = [record for entry in data.entries for record in data.quotes_of(entry)]
    assert sorted(filed, key=id) == sorted(data.records, key=id)
    assert len(data.records) == sum(len(voices) for voices in articles)
    for entry in data.entries:
        assert len(data.quotes_of(entry)) == entry.quote_count
        assert entry in SpeakerSearch(data.entries)(entry.name)


@given(st.text(), st.text(), st.text())
def test_what_a_row_shows_of_untrusted_text_is_terminal_safe(
    name: str, title: str, role: str
) -> None:
    data = speaker_data(
        [(summary("a"), ArticleQuotes((Speaker(name, title, role, (Quote("x", 0, 0, 1),)),), ()))]
    )
    for entry in data.entries:
        assert_terminal_safe(speaker_details(entry))
        assert "\n" not in speaker_details(entry)


def test_no_quotes_make_empty_data() -> None:
    data = speaker_data([(summary("a"), ArticleQuotes((), ()))])
    assert (data.entries, data.records, data.article_count) == ([], [], 0)


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("hedges", ["Mark Hedges"]),
        ("HEDGES", ["Mark Hedges"]),
        ("  mark   hedges ", ["Mark Hedges"]),
        ("district commander", ["Mark Hedges"]),
        ("cllr", ["Ashley Clark", "Harjit Bains", "Lucy Trafford", "Nadia Hussain"]),
        ("nobody at all", []),
    ],
)
def test_the_search_matches_names_titles_and_roles(
    sample_data: SpeakerData, query: str, names: list[str]
) -> None:
    assert sorted(entry.name for entry in SpeakerSearch(sample_data.entries)(query))[:4] == names


def test_the_search_ignores_accents_and_never_spans_two_fields() -> None:
    data = speaker_data(
        [
            (
                summary("a"),
                ArticleQuotes((Speaker("Zoë Kahn", "Dr", "vet", (Quote("x", 0, 0, 1),)),), ()),
            )
        ]
    )
    search = SpeakerSearch(data.entries)
    assert [entry.name for entry in search("zoe")] == ["Zoë Kahn"]
    assert [entry.name for entry in search("ZOË")] == ["Zoë Kahn"]
    assert search("kahn dr") == []
    assert search("") == data.entries


# ---------------------------------------------------------------------------------------------
# The screen


class SpeakersApp(App[None]):
    """Pushes the screen on start, and keeps what it was dismissed with."""

    def __init__(self, gather: Callable[[], SpeakerData]) -> None:
        super().__init__()
        self._gather = gather
        self.results: list[QuoteTarget | None] = []

    def on_mount(self) -> None:
        self.push_screen(SpeakersScreen(self._gather), self.results.append)

    def on_copy_text(self, message: CopyText) -> None:
        """What the reader's app does with the screen's `c` (copies, says what)."""
        self.copy_to_clipboard(message.text)


async def settle(pilot: Pilot[Any]) -> None:
    """Until the gathered quotes are shown (the worker posts them: its end is not enough)."""
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
    screen = pilot.app.screen
    if isinstance(screen, SpeakersScreen):
        loading = screen.query_one("#speakers-loading")
        for _ in range(200):
            if not loading.display:
                break
            await pilot.pause(0.05)
        # A steady cursor: a blinking one is drawn or not by the moment a screenshot is taken.
        for box in screen.query(Input):
            box.cursor_blink = False
        await pilot.pause()


@asynccontextmanager
async def running(data: SpeakerData) -> AsyncIterator[tuple[SpeakersApp, Pilot[Any]]]:
    app = SpeakersApp(lambda: data)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        yield app, pilot


def speakers(app: App[Any]) -> SpeakerList:
    return app.screen.query_one(SpeakerList)


def quotes(app: App[Any]) -> SpeakerQuotes:
    return app.screen.query_one(SpeakerQuotes)


def count_text(app: App[Any]) -> str:
    return str(app.screen.query_one("#speakers-count", Label).content)


def names(app: App[Any]) -> list[str]:
    return [entry.name for entry in speakers(app).entries]


@asynccontextmanager
async def held_back(
    data: SpeakerData,
) -> AsyncIterator[tuple[SpeakersApp, Pilot[Any], threading.Event]]:
    """The screen while its gather waits for the event to be set (then returns `data`)."""
    release = threading.Event()

    def gather() -> SpeakerData:
        release.wait(5)
        return data

    app = SpeakersApp(gather)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        try:
            yield app, pilot, release
        finally:
            release.set()


async def test_the_screen_says_it_is_gathering_until_the_worker_returns(
    sample_data: SpeakerData,
) -> None:
    async with held_back(sample_data) as (app, pilot, release):
        loading = app.screen.query_one("#speakers-loading")
        assert loading.display
        assert str(app.screen.query_one("#speakers-loading-text", Static).content) == (
            "Gathering quotes…"
        )
        assert not app.screen.query_one("#speakers-panes").display
        release.set()
        await settle(pilot)
        assert not loading.display
        assert len(speakers(app).entries) == 44
        assert isinstance(app.focused, Input)


async def test_escape_while_gathering_closes_and_the_late_result_is_dropped(
    sample_data: SpeakerData,
) -> None:
    async with held_back(sample_data) as (app, pilot, release):
        active = app.screen.active_bindings
        assert "enter" not in active and "down" not in active
        assert active["escape"].binding.description == "Close"
        await pilot.press("escape")
        await pilot.pause()
        release.set()
        await settle(pilot)
        assert app.results == [None]
        assert not isinstance(app.screen, SpeakersScreen)


async def test_the_list_fills_with_every_speaker_most_quoted_first(
    sample_data: SpeakerData,
) -> None:
    async with running(sample_data) as (app, _pilot):
        assert names(app) == [entry.name for entry in sample_data.entries]
        assert names(app)[:2] == ["Hannah Okafor", "Callum Reeve"]
        assert count_text(app) == "44 speakers"
        summary = str(app.screen.query_one("#speakers-summary", Label).content)
        assert summary == "64 quotes in 20 articles"


async def test_typing_filters_the_list_and_counts_the_matches(sample_data: SpeakerData) -> None:
    async with running(sample_data) as (app, pilot):
        await pilot.press(*"hedges")
        assert names(app) == ["Mark Hedges"]
        assert count_text(app) == "1 of 44 speakers"
        for _ in "hedges":
            await pilot.press("backspace")
        assert count_text(app) == "44 speakers"
        await pilot.press(*"zzz")
        assert names(app) == []
        assert count_text(app) == "No speaker matches"


async def test_down_and_up_move_the_speaker_cursor_from_the_filter_box(
    sample_data: SpeakerData,
) -> None:
    async with running(sample_data) as (app, pilot):
        await pilot.press("down", "down", "up")
        assert speakers(app).highlighted == 1
        assert names(app)[1] == "Callum Reeve"
        assert isinstance(app.focused, Input)


async def test_enter_shows_the_speakers_quotes_with_the_article_title(
    sample_data: SpeakerData,
) -> None:
    async with running(sample_data) as (app, pilot):
        await pilot.press(*"hedges", "enter")
        assert app.focused is quotes(app)
        (record,) = quotes(app).records
        assert record.speaker == "Mark Hedges"
        prompt = str(quotes(app).get_option_at_index(0).prompt)
        assert prompt.startswith("“Knife crime and violence is very low in Canterbury")
        assert prompt.endswith(f"”\n12 Nov 2020 · {SEED_TITLE}")
        heading = str(app.screen.query_one("#speakers-heading", Static).content)
        assert heading == (
            "Mark Hedges\nChief Inspector · District Commander for Canterbury\n1 quote · 1 article"
        )


async def test_enter_on_a_quote_dismisses_with_its_target(sample_data: SpeakerData) -> None:
    async with running(sample_data) as (app, pilot):
        await pilot.press(*"okafor", "enter", "down", "enter")
        await pilot.pause()
        record = sample_data.quotes_of(sample_data.entries[0])[1]
        assert app.results == [QuoteTarget(Path(record.file), record.start, record.end)]
        assert not isinstance(app.screen, SpeakersScreen)


async def test_escape_goes_back_to_the_speakers_then_closes(sample_data: SpeakerData) -> None:
    async with running(sample_data) as (app, pilot):
        await pilot.press(*"hedges", "enter")
        assert app.focused is quotes(app)
        await pilot.press("escape")
        assert app.focused is speakers(app)
        assert isinstance(app.screen, SpeakersScreen)
        assert names(app) == ["Mark Hedges"]  # the filter is kept
        await pilot.press("escape")
        await pilot.pause()
        assert app.results == [None]
        assert not isinstance(app.screen, SpeakersScreen)


async def test_j_and_k_move_the_speakers_once_back_from_the_quotes(
    sample_data: SpeakerData,
) -> None:
    async with running(sample_data) as (app, pilot):
        await pilot.press(*"police", "enter", "escape")
        assert app.focused is speakers(app)
        await pilot.press("j", "j", "k")
        assert speakers(app).highlighted == 1
        assert app.screen.query_one("#speakers-filter", Input).value == "police"
        await pilot.press("slash", "x")
        assert app.screen.query_one("#speakers-filter", Input).value == "policex"


async def test_j_and_k_are_typed_in_the_filter_box_and_move_among_the_quotes(
    sample_data: SpeakerData,
) -> None:
    async with running(sample_data) as (app, pilot):
        await pilot.press(*"jk")
        assert app.screen.query_one("#speakers-filter", Input).value == "jk"
        for _ in "jk":
            await pilot.press("backspace")
        await pilot.press(*"okafor", "enter", "j")
        assert quotes(app).highlighted == 1


async def test_the_quotes_beside_the_list_follow_its_cursor(sample_data: SpeakerData) -> None:
    async with running(sample_data) as (app, pilot):
        first, second = sample_data.entries[:2]
        assert quotes(app).records == list(sample_data.quotes_of(first))
        await pilot.press("down")
        assert quotes(app).records == list(sample_data.quotes_of(second))
        heading = str(app.screen.query_one("#speakers-heading", Static).content)
        assert heading.startswith(f"{second.name}\n")
        assert isinstance(app.focused, Input)  # following is not choosing: the focus stays


async def test_a_filter_that_matches_no_one_says_so_beside_the_list(
    sample_data: SpeakerData,
) -> None:
    async with running(sample_data) as (app, pilot):
        await pilot.press(*"zzz")
        assert not quotes(app).display
        hint = str(app.screen.query_one("#speakers-hint", Static).content)
        assert hint == "No speaker's name, rank or role matches the filter."


async def test_c_copies_the_chosen_quote_with_its_citation(sample_data: SpeakerData) -> None:
    async with running(sample_data) as (app, pilot):
        await pilot.press(*"hedges", "enter", "c")
        assert app.clipboard.startswith("“Knife crime and violence is very low in Canterbury")
        assert app.clipboard.endswith(
            "” — Chief Inspector Mark Hedges, District Commander for Canterbury. "
            f"In “{SEED_TITLE}”, Kent Police, 12 November 2020. "
            "https://www.kent.police.uk/news/kent/news2/policing-news/"
            "emergency-medical-packs-given-to-organisations-in-canterbury-city-centre/"
        )


async def test_c_in_the_filter_box_is_typed_not_copied(sample_data: SpeakerData) -> None:
    async with running(sample_data) as (app, pilot):
        await pilot.press("c")
        assert app.screen.query_one("#speakers-filter", Input).value == "c"
        assert app.clipboard == ""


async def test_the_footer_names_what_enter_and_escape_do_where_the_focus_is(
    sample_data: SpeakerData,
) -> None:
    def shown(app: App[Any]) -> dict[str, str]:
        active = app.screen.active_bindings
        return {key: active[key].binding.description for key in ("enter", "escape")}

    async with running(sample_data) as (app, pilot):
        assert shown(app) == {"enter": "Show quotes", "escape": "Close"}
        await pilot.press("enter")
        assert shown(app) == {
            "enter": "Open the article",
            "escape": "Back to speakers",
        }


async def test_clicking_a_speaker_then_a_quote_dismisses_with_its_target(
    sample_data: SpeakerData,
) -> None:
    async with running(sample_data) as (app, pilot):
        await pilot.click(SpeakerList, offset=(4, 2))  # the second row: Callum Reeve
        await pilot.pause()
        assert app.focused is quotes(app)
        entry = sample_data.entries[1]
        assert entry.name == "Callum Reeve"
        assert quotes(app).records == list(sample_data.quotes_of(entry))
        await pilot.click(SpeakerQuotes, offset=(4, 0))
        await pilot.pause()
        record = sample_data.quotes_of(entry)[0]
        assert app.results == [QuoteTarget.of(record)]


async def test_clicking_a_filtered_row_chooses_the_speaker_shown_there(
    sample_data: SpeakerData,
) -> None:
    async with running(sample_data) as (app, pilot):
        await pilot.press(*"canterbury")
        assert names(app) == ["Ashley Clark", "Mark Hedges"]
        await pilot.click(SpeakerList, offset=(4, 2))
        await pilot.pause()
        assert [record.speaker for record in quotes(app).records] == ["Mark Hedges"]


async def test_an_empty_feed_says_no_one_is_quoted() -> None:
    async with running(speaker_data([])) as (app, pilot):
        empty = app.screen.query_one("#speakers-empty", Static)
        assert empty.display
        assert str(empty.content).startswith(NO_ONE)
        assert not app.screen.query_one("#speakers-panes").display
        await pilot.press("enter", "escape")
        await pilot.pause()
        assert app.results == [None]


async def test_a_gather_that_fails_says_so() -> None:
    def gather() -> SpeakerData:
        raise OSError("disk on fire")

    app = SpeakersApp(gather)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        empty = app.screen.query_one("#speakers-empty", Static)
        assert empty.display
        assert str(empty.content) == "The quotes could not be gathered\n\ndisk on fire"


async def test_a_hostile_name_shows_literally_without_escape_sequences() -> None:
    hostile = Speaker(HOSTILE, None, f"role {HOSTILE}", (Quote(f"said {HOSTILE}", 0, 3, 30),))
    article = summary(f"title {HOSTILE}", datetime(2024, 1, 1))
    data = speaker_data([(article, ArticleQuotes((hostile,), ()))])
    async with running(data) as (app, pilot):
        await pilot.press("enter")
        await pilot.pause()
        held = [
            str(speakers(app).get_option_at_index(0).prompt),
            str(quotes(app).get_option_at_index(0).prompt),
            str(app.screen.query_one("#speakers-heading", Static).content),
        ]
        for text in held:
            assert "[bold red]x[/]" in text
            assert_terminal_safe(text)
        assert held[2].startswith("Evil [bold red]x[/] red Name\n")


# ---------------------------------------------------------------------------------------------
# Snapshots


def test_snapshot_of_the_speakers(snap_compare: Any, sample_data: SpeakerData) -> None:
    assert snap_compare(SpeakersApp(lambda: sample_data), terminal_size=SIZE, run_before=settle)


def test_snapshot_after_choosing_a_speaker(snap_compare: Any, sample_data: SpeakerData) -> None:
    async def choose(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("enter")
        await pilot.pause()

    assert snap_compare(SpeakersApp(lambda: sample_data), terminal_size=SIZE, run_before=choose)
