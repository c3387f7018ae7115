"""The article view's scrollable length follows each article shown: its scrollbar's thumb and
how far it scrolls, and the scrollbar itself comes and goes with long and short articles."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.pilot import article, running, settle, shown_title, view
from textual.app import App, ComposeResult

from reader.articles.model import Article
from reader.articles.parse import parse_text
from reader.ui.render.markdown_text import render_markdown
from reader.ui.widgets.article_view import ArticleView


@pytest.fixture
def lengths(tmp_path: Path) -> Path:
    """Newest first: Long (80 paragraphs), Longer (160), Short, Long again (40)."""
    folder = tmp_path / "lengths"
    folder.mkdir()
    bodies = {"long": 80, "longer": 160, "short": 1, "again": 40}
    for day, (name, paragraphs) in enumerate(bodies.items(), start=1):
        body = "\n\n".join(f"Paragraph {n} of {name}, with a few words." for n in range(paragraphs))
        date = f"10:00 {20 - day:02d}/05/2024"
        (folder / f"{name}.md").write_text(article(name.title(), date, body), encoding="utf-8")
    return folder


async def test_each_article_scrolls_as_far_as_its_own_length(lengths: Path) -> None:
    async with running(lengths) as (app, pilot):
        shown = view(app)
        page = shown.scrollable_content_region.height
        for title, long in [("Long", True), ("Longer", True), ("Short", False), ("Again", True)]:
            assert shown_title(app) == title
            height = len(shown.lines) + 1
            assert shown.virtual_size.height == height
            assert shown.show_vertical_scrollbar is long
            assert shown.max_scroll_y == (height - page if long else 0)
            if long:  # the thumb's size
                assert shown.vertical_scrollbar.window_virtual_size == height
            await pilot.press("n")
            await settle(pilot)


async def test_the_end_of_a_longer_article_is_reached_after_a_shorter_one(lengths: Path) -> None:
    async with running(lengths) as (app, pilot):
        await pilot.press("n", "enter")  # Longer, focused
        await settle(pilot)
        await pilot.press("end")
        await pilot.pause()
        shown = view(app)
        page = shown.scrollable_content_region.height
        assert shown.scroll_offset.y == len(shown.lines) + 1 - page
        assert shown.lines[-1].strip() == "Paragraph 159 of longer, with a few words."


async def test_a_short_article_takes_the_scrollbar_s_column_for_its_text(lengths: Path) -> None:
    async with running(lengths) as (app, pilot):
        shown = view(app)
        long_width = shown.scrollable_content_region.width
        await pilot.press("n", "n")
        await settle(pilot)
        assert shown_title(app) == "Short"
        assert shown.scrollable_content_region.width == long_width + 1


class ViewAlone(App[None]):
    """The article view with nothing beside it that could lay the screen out again."""

    def compose(self) -> ComposeResult:
        yield ArticleView()


def parsed(paragraphs: int) -> Article:
    body = "\n\n".join(f"Paragraph {n} with a few words." for n in range(paragraphs))
    loaded = parse_text(Path(f"/feed/{paragraphs}.md"), article("T", "10:00 01/05/2024", body))
    assert isinstance(loaded, Article)
    return loaded


async def test_the_scrollbar_s_thumb_follows_a_longer_article_in_its_first_frame() -> None:
    app = ViewAlone()
    async with app.run_test(size=(60, 20)) as pilot:
        shown = app.query_one(ArticleView)
        for paragraphs in (40, 90, 30):
            chosen = parsed(paragraphs)
            shown.show(chosen, render_markdown(chosen.body, shown.markdown_styles()))
            await pilot.pause()
            height = len(shown.lines) + 1
            assert shown.show_vertical_scrollbar
            assert shown.vertical_scrollbar.window_virtual_size == height
            assert shown.max_scroll_y == height - shown.scrollable_content_region.height
