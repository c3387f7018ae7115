"""Remembered preferences: defaults, a round trip, and files that cannot be used."""

from __future__ import annotations

import json
from pathlib import Path

from reader.store.prefs import Prefs, load_prefs, prefs_path, save_prefs


def test_a_missing_file_gives_the_defaults_without_a_problem(tmp_path: Path) -> None:
    loaded = load_prefs(tmp_path / "prefs.json")
    assert loaded.prefs == Prefs(theme=None, info_panel=True)
    assert loaded.problem is None


def test_saved_preferences_load_back(tmp_path: Path) -> None:
    path = tmp_path / "deeper" / "prefs.json"
    assert save_prefs(Prefs(theme="nord", info_panel=False), path) is None
    assert load_prefs(path).prefs == Prefs(theme="nord", info_panel=False)


def test_the_default_file_lives_in_the_data_dir(isolated_dirs: Path) -> None:
    save_prefs(Prefs(theme="gruvbox"))
    assert prefs_path() == isolated_dirs / "data" / "prefs.json"
    assert json.loads(prefs_path().read_text())["theme"] == "gruvbox"


def test_a_corrupt_file_gives_defaults_and_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "prefs.json"
    path.write_text("{not json", encoding="utf-8")
    loaded = load_prefs(path)
    assert loaded.prefs == Prefs()
    assert loaded.problem is not None and str(path) in loaded.problem


def test_a_file_that_is_not_an_object_gives_defaults(tmp_path: Path) -> None:
    path = tmp_path / "prefs.json"
    path.write_text("[1, 2]", encoding="utf-8")
    loaded = load_prefs(path)
    assert loaded.prefs == Prefs()
    assert loaded.problem == f"{path}: preferences are not a JSON object; using defaults"


def test_wrongly_typed_values_fall_back_one_by_one(tmp_path: Path) -> None:
    path = tmp_path / "prefs.json"
    path.write_text(json.dumps({"theme": 3, "info_panel": False, "extra": 1}), encoding="utf-8")
    assert load_prefs(path).prefs == Prefs(theme=None, info_panel=False)


def test_a_save_that_cannot_write_reports_the_path_and_leaves_no_temporary(tmp_path: Path) -> None:
    path = tmp_path / "prefs.json"
    path.mkdir()  # a folder where the file should be: replacing it fails
    problem = save_prefs(Prefs(theme="nord"), path)
    assert problem is not None and problem.startswith(f"{path}: cannot save preferences")
    assert [entry.name for entry in tmp_path.iterdir()] == ["prefs.json"]


def test_the_article_list_width_is_remembered(tmp_path: Path) -> None:
    path = tmp_path / "prefs.json"
    assert save_prefs(Prefs(sidebar_width=44), path) is None
    assert load_prefs(path).prefs.sidebar_width == 44


def test_a_sidebar_width_that_is_not_a_whole_number_falls_back(tmp_path: Path) -> None:
    path = tmp_path / "prefs.json"
    path.write_text(json.dumps({"sidebar_width": True}), encoding="utf-8")
    assert load_prefs(path).prefs.sidebar_width is None
    path.write_text(json.dumps({"sidebar_width": "40"}), encoding="utf-8")
    assert load_prefs(path).prefs.sidebar_width is None
