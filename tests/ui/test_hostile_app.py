"""The hostile corpus (issue 7) opened in the app: it starts, lists every loadable article, lists
every other file on the errors screen, stays responsive, and draws nothing that could drive the
terminal."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support.hostile_corpus import UNREADABLE, build_hostile_corpus, unreadable_enforced
from support.terminal_safety import assert_terminal_safe
from textual.widgets import DataTable

from reader.store.config import Config
from reader.ui.app import PressReaderApp
from reader.ui.screens.errors import ErrorsScreen
from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.info_panel import InfoPanel

SIZE = (120, 36)


@pytest.fixture
def corpus(tmp_path: Path) -> Iterator[tuple[Path, dict[str, Any]]]:
    root = tmp_path / "feed"
    expected = build_hostile_corpus(root)
    with unreadable_enforced([root / UNREADABLE]):
        yield root, expected
    (root / UNREADABLE).chmod(0o644)


def drawn(widget: Any) -> str:
    """Every line the widget draws now, as the text of its segments."""
    height = widget.scrollable_content_region.height or widget.size.height
    return "\n".join(widget.render_line(y).text for y in range(height))


async def settle(pilot: Any) -> None:
    for _ in range(4):
        await pilot.app.wait_for_busy_workers()
        await pilot.pause()


async def test_the_app_lists_the_loadable_cases_and_the_errors_screen_the_rest(
    corpus: tuple[Path, dict[str, Any]],
) -> None:
    root, expected = corpus
    articles = {name for name, case in expected.items() if case.outcome == "article"}
    errors = {name for name, case in expected.items() if case.outcome == "error"}
    app = PressReaderApp([root], config=Config(dwell_seconds=600))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        listing = app.query_one(ArticleList)
        listed = {str(summary.path.relative_to(root)) for summary in listing.items}
        assert listed == articles
        assert {str(path.relative_to(root)) for path in app.load_errors} == errors
        await pilot.press("E")
        assert isinstance(app.screen, ErrorsScreen)
        assert app.screen.query_one(DataTable).row_count == len(errors)
        await pilot.press("escape")
        # Every article opens, and nothing drawn of it, or of its panel, is a control sequence.
        view, panel = app.query_one(ArticleView), app.query_one(InfoPanel)
        for row in range(len(listing.rows)):
            listing.move_to(row)
            await settle(pilot)
            assert view.article is not None or view.lines[0] == "This article cannot be shown"
            assert_terminal_safe(drawn(view))
            assert_terminal_safe("\n".join(view.lines))
            assert_terminal_safe(drawn(listing))
            for quotes in panel.query("QuoteList"):
                assert_terminal_safe(drawn(quotes))
        await pilot.press("G", "g", "slash", *"title", "escape", "question_mark", "escape")
        await settle(pilot)
        assert app.is_running  # still answering keys
