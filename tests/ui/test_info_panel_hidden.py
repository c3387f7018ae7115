"""The info panel is not filled while it is hidden (each article's would lay the screen out
again at every key press); shown, or read from (`Q`, `c`), it has the open article's."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.pilot import QUOTE, settle, shown_title, view
from textual.app import App, ComposeResult

from reader.store.config import Config
from reader.ui.app import PressReaderApp
from reader.ui.widgets.info_panel import InfoPanel
from reader.ui.widgets.metadata_fields import FieldList, MetadataFields
from reader.ui.widgets.quote_list import QuoteList

NARROW = (80, 24)


def panel_title(app: PressReaderApp) -> str:
    return dict(app.query_one(MetadataFields).fields)["Title"]


async def test_the_panel_shown_after_moving_has_the_open_article(feed: Path) -> None:
    app = PressReaderApp([feed], config=Config(dwell_seconds=600))
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        assert not app.query_one(InfoPanel).display  # narrow: hidden until asked for
        await pilot.press("n", "n")
        await settle(pilot)
        assert shown_title(app) == "Gamma without a link"
        await pilot.press("i")
        await settle(pilot)
        assert app.query_one(InfoPanel).display
        assert panel_title(app) == "Gamma without a link"


@pytest.mark.usefixtures("fixed_quotes")
async def test_the_quotes_of_an_article_opened_with_the_panel_hidden(feed: Path) -> None:
    app = PressReaderApp([feed], config=Config(dwell_seconds=600))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("i")  # hidden, then Beta opened
        await pilot.press("n")
        await settle(pilot)
        assert shown_title(app) == "Beta long read"
        await pilot.press("Q")
        assert app.focused is app.query_one(QuoteList)
        assert panel_title(app) == "Beta long read"
        await pilot.press("down", "enter", "c")
        assert view(app).highlighted == [QUOTE]
        assert app.clipboard.startswith(f"“{QUOTE}” — Inspector Jane Doe.")


class FieldsAlone(App[None]):
    CSS = "FieldList { height: auto; }"

    def compose(self) -> ComposeResult:
        yield FieldList(placeholder="None yet")


async def test_fields_of_the_same_height_are_drawn_anew_and_others_laid_out() -> None:
    app = FieldsAlone()
    async with app.run_test(size=(40, 10)) as pilot:
        fields = app.query_one(FieldList)
        for shown, height in [
            ([("Site", "Kent Police")], 1),
            ([("Area", "Dover")], 1),  # as tall: drawn, not laid out
            ([("Area", "Dover"), ("Site", "Kent Police"), ("Note", "x " * 40)], 5),
            ([], 1),
        ]:
            fields.show_fields(shown)
            await pilot.pause()
            assert fields.size.height == height
            drawn = [strip.text.rstrip() for strip in fields.render_lines(fields.size.region)]
            expected = [f"{label:<12}{value}" for label, value in shown][:1] or ["None yet"]
            assert drawn[0].strip() == expected[0].strip()
