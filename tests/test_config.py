from __future__ import annotations

from pathlib import Path

import pytest

from reader.store.config import Config, check_app_names, config_path, load_config
from reader.store.paths import CONFIG_DIR_ENV


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_missing_file_gives_the_defaults_without_warnings(tmp_path: Path) -> None:
    assert load_config(tmp_path / "absent.toml") == (Config(), [])


def test_the_default_file_is_in_the_config_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CONFIG_DIR_ENV, "/somewhere/config")
    assert config_path() == Path("/somewhere/config/config.toml")


def test_every_key_is_read(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        'feed = "news"\ntheme = "nord"\ndwell_seconds = 3\nsort = "area"\n'
        '[keys]\ntoggle_read = "u"\ntoggle_star = "ctrl+s,f5"\n',
    )
    config, warnings = load_config(path)
    assert warnings == []
    assert config.feed == (tmp_path / "news",)
    assert (config.theme, config.dwell_seconds, config.sort) == ("nord", 3.0, "area")
    assert dict(config.keys) == {"toggle_read": "u", "toggle_star": "ctrl+s,f5"}


def test_feed_takes_a_list_and_expands_the_home_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", "/home/reporter")
    config, warnings = load_config(write(tmp_path, 'feed = ["~/a", "/srv/b"]\n'))
    assert (config.feed, warnings) == ((Path("/home/reporter/a"), Path("/srv/b")), [])


def test_a_bad_value_names_the_file_and_key_and_keeps_the_other_settings(tmp_path: Path) -> None:
    path = write(tmp_path, 'dwell_seconds = "slow"\ntheme = "nord"\n')
    config, warnings = load_config(path)
    assert warnings == [
        f"{path}: dwell_seconds must be a number of seconds, not 'slow'; using the default (1.5)"
    ]
    assert config == Config(theme="nord")


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("dwell_seconds = -1", "dwell_seconds must be from 0 to 600 seconds, not -1"),
        ("dwell_seconds = true", "dwell_seconds must be a number of seconds, not True"),
        ('sort = "random"', "sort must be one of newest, oldest, title, area, not 'random'"),
        ("theme = 7", "theme must be a theme name, not 7"),
        ("feed = []", "feed must be a path or a list of paths, not []"),
        ('feed = ["news", 3]', "feed must be a path or a list of paths, not ['news', 3]"),
        ('keys = "u"', "keys must be a table of binding id = key, like [keys], not 'u'"),
    ],
)
def test_each_bad_value_is_reported_and_its_default_used(
    tmp_path: Path, line: str, problem: str
) -> None:
    config, warnings = load_config(write(tmp_path, line + "\n"))
    assert config == Config()
    assert len(warnings) == 1
    assert problem in warnings[0]


def test_a_bad_key_override_drops_only_that_override(tmp_path: Path) -> None:
    path = write(tmp_path, '[keys]\ntoggle_read = "ctl+u"\ntoggle_star = "s"\n')
    config, warnings = load_config(path)
    assert dict(config.keys) == {"toggle_star": "s"}
    assert warnings == [
        f"{path}: keys.toggle_read must be a key like 'u', 'ctrl+s' or 'f5' (several separated "
        "by commas), not 'ctl+u'; the default key is kept"
    ]


def test_unknown_keys_are_warned_with_a_suggestion(tmp_path: Path) -> None:
    path = write(tmp_path, 'dwell_second = 2\ncolour = "red"\n')
    config, warnings = load_config(path)
    assert config == Config()
    assert warnings == [
        f"{path}: unknown key 'dwell_second' (did you mean 'dwell_seconds'?); ignored",
        f"{path}: unknown key 'colour'; ignored",
    ]


def test_invalid_toml_names_the_line_and_uses_the_defaults(tmp_path: Path) -> None:
    path = write(tmp_path, 'theme = "nord"\ndwell_seconds = = 2\n')
    config, warnings = load_config(path)
    assert config == Config()
    assert len(warnings) == 1
    assert warnings[0].startswith(f"{path}: not valid TOML: ")
    assert "line 2" in warnings[0]


def test_a_file_that_is_not_utf8_is_reported_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b'theme = "nord"\nfeed = "caf\xe9"\n')
    assert load_config(path) == (
        Config(),
        [f"{path}: line 2: not UTF-8 text; using the defaults for everything"],
    )


def test_an_unreadable_config_is_reported_not_raised(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.mkdir()
    config, warnings = load_config(path)
    assert config == Config()
    assert len(warnings) == 1
    assert warnings[0].startswith(f"{path}: cannot read: ")


def test_control_characters_in_the_file_do_not_reach_the_messages(tmp_path: Path) -> None:
    path = write(tmp_path, '[keys]\n"bad\\u001b[31mid" = "no such key"\n')
    _config, warnings = load_config(path)
    assert warnings[0].startswith(f"{path}: keys.badid must be a key like")


def test_check_app_names_drops_unknown_bindings_and_themes(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    config = Config(theme="neon", keys={"toggle_read": "u", "toggle_reed": "r"})
    checked, warnings = check_app_names(
        config, path, binding_ids={"toggle_read", "toggle_star"}, themes={"nord"}
    )
    assert checked == Config(keys={"toggle_read": "u"})
    assert warnings == [
        f"{path}: keys.toggle_reed: the app has no binding 'toggle_reed' "
        "(did you mean 'toggle_read'?); ignored",
        f"{path}: theme 'neon' is not an available theme; using the default",
    ]
