"""The export dialog on its own: where it proposes to write, and never replacing a file unasked."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import platformdirs
import pytest
from textual.app import App
from textual.widgets import Input, Static

from reader.store.paths import export_dir
from reader.ui.screens.export import ExportScreen, default_export_path


class ExportApp(App[None]):
    """Pushes the dialog and keeps what it was dismissed with."""

    def __init__(self, default: Path) -> None:
        super().__init__()
        self.default = default
        self.results: list[Path | None] = []

    def on_mount(self) -> None:
        self.push_screen(ExportScreen(self.default, 3), self.results.append)


def problem(app: App[Any]) -> str:
    return str(app.screen.query_one("#export-problem", Static).render())


def test_the_default_folder_is_the_users_documents_not_the_current_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    documents = tmp_path / "Documents"
    documents.mkdir()
    monkeypatch.setattr(platformdirs, "user_documents_dir", lambda: str(documents))
    monkeypatch.chdir(tmp_path)
    assert export_dir() == documents
    assert default_export_path("sample feed!", today=date(2026, 12, 1)) == (
        documents / "quotes-sample-feed-2026-12-01.csv"
    )


def test_without_a_documents_folder_the_default_is_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(platformdirs, "user_documents_dir", lambda: str(tmp_path / "missing"))
    monkeypatch.setenv("HOME", str(tmp_path))
    assert export_dir() == tmp_path


async def test_an_existing_file_is_replaced_only_after_a_second_enter(tmp_path: Path) -> None:
    target = tmp_path / "quotes.csv"
    target.write_text("precious", encoding="utf-8")
    app = ExportApp(target)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("enter")
        assert isinstance(app.screen, ExportScreen)
        assert problem(app) == "quotes.csv exists: enter again to replace it, or change the name."
        assert app.results == []
        await pilot.press("enter")
        assert app.results == [target]
    assert target.read_text(encoding="utf-8") == "precious"  # the dialog itself writes nothing


async def test_a_confirmation_holds_only_for_the_name_it_was_given_to(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("a", encoding="utf-8")
    (tmp_path / "b.csv").write_text("b", encoding="utf-8")
    app = ExportApp(tmp_path / "a.csv")
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("enter")
        app.screen.query_one(Input).value = str(tmp_path / "b.csv")
        await pilot.pause()
        assert problem(app) == ""
        await pilot.press("enter")
        assert problem(app).startswith("b.csv exists")
        assert app.results == []


async def test_a_new_name_is_written_at_once(tmp_path: Path) -> None:
    app = ExportApp(tmp_path / "new.json")
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("enter")
        assert app.results == [tmp_path / "new.json"]
