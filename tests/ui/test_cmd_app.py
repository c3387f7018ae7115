"""`pressreader [FEED]`: what the command hands the app (the app itself is tested through Pilot)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from reader.cli import main
from reader.store.paths import CONFIG_DIR_ENV
from reader.store.resources import sample_feed_path
from reader.ui.app import PressReaderApp


@pytest.fixture
def launched(monkeypatch: pytest.MonkeyPatch) -> list[PressReaderApp]:
    """The apps `main` would have run, without running them."""
    apps: list[PressReaderApp] = []
    monkeypatch.setattr(PressReaderApp, "run", lambda self, *a, **k: apps.append(self))
    return apps


def write_config(text: str) -> Path:
    folder = Path(os.environ[CONFIG_DIR_ENV])
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_no_feed_and_no_config_opens_the_sample_feed(launched: list[PressReaderApp]) -> None:
    assert main([]) == 0
    assert launched[0].paths == [sample_feed_path()]


def test_the_config_files_feed_is_the_default(
    launched: list[PressReaderApp], tmp_path: Path
) -> None:
    (tmp_path / "news").mkdir()
    write_config(f'feed = "{tmp_path / "news"}"\ndwell_seconds = 4\nsort = "title"\n')
    assert main([]) == 0
    app = launched[0]
    assert app.paths == [tmp_path / "news"]
    assert app.config.dwell_seconds == 4.0
    assert app.config.sort == "title"


def test_a_feed_on_the_command_line_beats_the_config_file(
    launched: list[PressReaderApp], tmp_path: Path
) -> None:
    write_config(f'feed = "{tmp_path}"\n')
    assert main([str(sample_feed_path())]) == 0
    assert launched[0].paths == [sample_feed_path()]


def test_a_bad_config_value_is_handed_on_to_be_shown_and_the_rest_is_used(
    launched: list[PressReaderApp],
) -> None:
    path = write_config('dwell_seconds = "soon"\nsort = "oldest"\n')
    assert main([]) == 0
    app = launched[0]
    assert app.config.sort == "oldest"
    assert app.config.dwell_seconds == 1.5
    assert [problem for problem in app._problems if "dwell_seconds" in problem]
    assert all(str(path) in problem for problem in app._problems)


def test_a_missing_feed_in_the_config_file_fails_with_one_line(
    launched: list[PressReaderApp], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_config(f'feed = "{tmp_path / "gone"}"\n')
    assert main([]) == 1
    assert launched == []
    error = capsys.readouterr().err
    assert error == f"pressreader: error: {tmp_path / 'gone'}: no such file or folder\n"


def test_state_dir_and_config_flags_reach_the_app(
    launched: list[PressReaderApp], tmp_path: Path
) -> None:
    config = tmp_path / "other.toml"
    config.write_text('sort = "area"\n', encoding="utf-8")
    assert main(["--state-dir", str(tmp_path / "state"), "--config", str(config)]) == 0
    app: Any = launched[0]
    assert app._state_path == tmp_path / "state" / "state.sqlite3"
    assert app.config.sort == "area"
