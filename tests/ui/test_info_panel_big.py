"""Issue 15, item 5: the info panel of an article with 80,000 quotes lays out a page of them,
with the article's own totals, and lists more only when asked; in the app, the article shows
before its quotes are found, and leaving it shows the next article's."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.pilot import article, running, settle, shown_title
from textual.app import App, ComposeResult
from textual.widgets import Collapsible

from reader.quotes import ArticleQuotes, Quote, Speaker
from reader.ui.widgets.info_panel import InfoPanel
from reader.ui.widgets.quote_list import (
    MORE_QUOTES,
    MORE_SPEAKERS,
    QUOTES_SHOWN,
    SPEAKERS_SHOWN,
    QuoteList,
)
from reader.ui.widgets.reading_pane import QUOTES_AFTER_CHARS

SPEAKERS = 50
QUOTES_EACH = 1_600  # 80,000 in all
LISTED_AT_FIRST = SPEAKERS_SHOWN * (1 + QUOTES_SHOWN + 1) + 1  # headings, quotes, "more" rows


def many_quotes(speakers: int = SPEAKERS, each: int = QUOTES_EACH) -> ArticleQuotes:
    """`speakers` speakers of `each` quotes, in body order (each line a quote, 30 characters)."""
    listed = []
    for rank in range(speakers):
        quotes = tuple(
            Quote(f"Case {n} stays open.", n, n * 30, n * 30 + 20)
            for n in range(rank, speakers * each, speakers)
        )
        listed.append(Speaker(f"Smith{rank}", "Inspector", None, quotes))
    return ArticleQuotes(tuple(listed), ())


class Panel(App[None]):
    def compose(self) -> ComposeResult:
        yield InfoPanel()


def rows(quote_list: QuoteList) -> list[str]:
    return [
        str(getattr(option.prompt, "renderable", option.prompt)) for option in quote_list.options
    ]


async def test_the_panel_of_80000_quotes_lists_a_page_of_each_and_the_totals() -> None:
    async with Panel().run_test(size=(100, 40)) as pilot:
        panel = pilot.app.query_one(InfoPanel)
        panel.list_quotes(many_quotes())
        await pilot.pause()
        quote_list = panel.query_one(QuoteList)
        assert quote_list.option_count == LISTED_AT_FIRST == 71
        assert quote_list.listed_quotes == SPEAKERS_SHOWN * QUOTES_SHOWN == 50
        assert (quote_list.speaker_count, quote_list.quote_count) == (50, 80_000)
        title = panel.query_one("#speakers-section", Collapsible).title
        assert title == "Speakers (50 · 80,000 quotes)"
        listed = rows(quote_list)
        assert listed[0] == "1. Inspector Smith0  1,600 quotes"
        assert listed[1] == "“Case 0 stays open.”"
        assert listed[6] == "… 1,595 more quotes · enter lists 25 more"
        assert listed[-1] == "… 40 more speakers (64,000 quotes) · enter lists 10 more"


async def test_choosing_a_more_row_lists_the_next_page_there() -> None:
    async with Panel().run_test(size=(100, 40)) as pilot:
        quote_list = pilot.app.query_one(QuoteList)
        quote_list.show(many_quotes())
        quote_list.focus()
        quote_list.highlighted = 6  # the first speaker's "… more" row
        await pilot.press("enter")
        assert quote_list.listed_quotes == 50 + MORE_QUOTES
        assert quote_list.option_count == LISTED_AT_FIRST + MORE_QUOTES
        assert quote_list.highlighted == 6
        assert quote_list.highlighted_quote is not None
        assert quote_list.highlighted_quote[1].text == f"Case {QUOTES_SHOWN * SPEAKERS} stays open."
        assert rows(quote_list)[6 + MORE_QUOTES] == "… 1,570 more quotes · enter lists 25 more"
        quote_list.highlighted = quote_list.option_count - 1  # "… 30 more speakers"
        await pilot.press("enter")
        assert quote_list.listed_quotes == 50 + MORE_QUOTES + MORE_SPEAKERS * QUOTES_SHOWN
        assert rows(quote_list)[-1] == "… 30 more speakers (48,000 quotes) · enter lists 10 more"


async def test_a_quote_past_the_page_is_listed_when_pointed_at() -> None:
    async with Panel().run_test(size=(100, 40)) as pilot:
        quote_list = pilot.app.query_one(QuoteList)
        quotes = many_quotes()
        quote_list.show(quotes)
        deep = quotes.speakers[44].quotes[700]  # speaker 45 (not listed), quote 701
        quote_list.highlight_quote_at(deep.start)
        assert quote_list.highlighted_quote == (quotes.speakers[44], deep)
        # By whole pages: every speaker, and 705 quotes of his.
        assert quote_list.listed_quotes == 49 * QUOTES_SHOWN + QUOTES_SHOWN + 28 * MORE_QUOTES


async def test_a_short_article_is_listed_whole() -> None:
    async with Panel().run_test(size=(100, 40)) as pilot:
        quote_list = pilot.app.query_one(QuoteList)
        quote_list.show(many_quotes(speakers=3, each=QUOTES_SHOWN))
        assert quote_list.listed_quotes == quote_list.quote_count == 3 * QUOTES_SHOWN
        assert not any(row.startswith("…") for row in rows(quote_list))


@pytest.fixture
def big_feed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A long article (its quotes found after it is shown) between two short ones; its body
    yields 80,000 quotes (the extractor is tested on its own, and takes seconds on them)."""
    folder = tmp_path / "feed"
    folder.mkdir()
    body = "\n\n".join(f"Inspector Smith said: 'Case {n} stays open.'" for n in range(3_000))
    assert len(body) > QUOTES_AFTER_CHARS
    files = {
        "a.md": article("Above", "10:00 03/02/2021", "Nothing said."),
        "big.md": article("Big", "10:00 02/02/2021", body),
        "c.md": article("Below", "10:00 01/02/2021", "Nothing said here either."),
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")

    def extract(body: str, title: str = "") -> ArticleQuotes:
        return many_quotes() if "Case 1 stays" in body else ArticleQuotes((), ())

    monkeypatch.setattr("reader.ui.widgets.reading_pane.extract_quotes", extract)
    return folder


async def test_a_huge_article_holds_a_page_of_quotes_and_leaving_it_shows_the_next(
    big_feed: Path,
) -> None:
    async with running(big_feed) as (app, pilot):
        await pilot.press("n")
        await settle(pilot)
        assert shown_title(app) == "Big"
        panel = app.query_one(InfoPanel)
        quote_list = panel.query_one(QuoteList)
        assert quote_list.option_count == LISTED_AT_FIRST
        assert panel.query_one("#speakers-section", Collapsible).title == (
            "Speakers (50 · 80,000 quotes)"
        )
        await pilot.press("n")
        await settle(pilot)
        assert shown_title(app) == "Below"
        assert rows(quote_list) == ["No quotes found in this article."]
        assert panel.query_one("#speakers-section", Collapsible).title == "Speakers (none)"
