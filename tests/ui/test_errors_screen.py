"""The load-errors screen on its own: each broken file, its line and the reason, agreeing."""

from __future__ import annotations

import re
from pathlib import Path

from textual.app import App
from textual.widgets import DataTable

from reader.articles.model import LoadError
from reader.articles.parse import parse_file
from reader.ui.screens.errors import ErrorsScreen


class ErrorsApp(App[None]):
    def __init__(self, errors: list[LoadError], root: Path) -> None:
        super().__init__()
        self.errors, self.root = errors, root

    def on_mount(self) -> None:
        self.push_screen(ErrorsScreen(self.errors, [self.root]))


async def test_the_line_column_and_the_reason_agree_on_which_line_is_which(tmp_path: Path) -> None:
    broken = tmp_path / "bad-yaml.md"
    broken.write_text("---\ntitle: [unclosed\n---\nbody\n", encoding="utf-8")
    error = parse_file(broken)
    assert isinstance(error, LoadError)
    app = ErrorsApp([error], tmp_path)
    async with app.run_test(size=(140, 20)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        name, line, reason = (str(cell) for cell in table.get_row_at(0))
    assert (name, line) == ("bad-yaml.md", "3")
    # Line 3 is where the parser gave up; the other line the reason names is where the broken
    # part begins, and it says so rather than reading as a second "line" for the same error.
    assert reason == (
        "invalid YAML metadata: did not find expected ',' or ']' "
        "(in a flow sequence that begins at line 2)"
    )
    assert re.findall(r"line (\d+)", reason) == ["2"]
