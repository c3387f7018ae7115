from __future__ import annotations

from pathlib import Path

import pytest

from reader.store.config import (
    Config,
    Subscription,
    check_app_names,
    config_path,
    load_config,
    parse_duration,
)
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


def test_subscriptions_are_read_with_their_optional_fields(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '[[subscriptions]]\nurl = "https://kent.example/news/rss"\narea = "Kent"\n'
        'site = "Kent Police"\nfolder = "kent"\n'
        '[[subscriptions]]\nurl = " https://fire.example/atom.xml "\n',
    )
    config, warnings = load_config(path)
    assert warnings == []
    assert config.subscriptions == (
        Subscription("https://kent.example/news/rss", "Kent", "Kent Police", "kent"),
        Subscription("https://fire.example/atom.xml"),
    )


def test_a_bad_subscription_is_dropped_with_a_warning_and_the_rest_kept(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '[[subscriptions]]\nurl = "ftp://x.example/feed"\n'
        '[[subscriptions]]\nurl = "https://ok.example/rss"\naera = "Kent"\n'
        '[[subscriptions]]\nurl = "https://x.example/rss"\nfolder = "../elsewhere"\n'
        '[[subscriptions]]\nurl = "https://x.example/rss"\narea = 3\n',
    )
    config, warnings = load_config(path)
    assert config.subscriptions == (Subscription("https://ok.example/rss"),)
    assert warnings == [
        f"{path}: subscriptions[1]: url must be an http(s) URL, not 'ftp://x.example/feed'; "
        "ignored",
        f"{path}: subscriptions[2]: unknown key 'aera' (did you mean 'area'?); ignored",
        f"{path}: subscriptions[3]: folder must be a folder inside the feed folder, not "
        "'../elsewhere'; ignored",
        f"{path}: subscriptions[4]: area must be text, not 3; ignored",
    ]


def test_subscriptions_must_be_an_array_of_tables(tmp_path: Path) -> None:
    path = write(tmp_path, 'subscriptions = "https://x.example/rss"\n')
    config, warnings = load_config(path)
    assert config.subscriptions == ()
    assert warnings == [
        f"{path}: subscriptions must be an array of tables, [[subscriptions]], not "
        "'https://x.example/rss'; using the default"
    ]


@pytest.mark.parametrize(
    ("text", "seconds"),
    [('"15m"', 900.0), ('"90s"', 90.0), ('"1h30m"', 5400.0), ('"2h"', 7200.0), ('"off"', None)],
)
def test_fetch_every_reads_a_duration(tmp_path: Path, text: str, seconds: float | None) -> None:
    config, warnings = load_config(write(tmp_path, f"fetch_every = {text}\n"))
    assert (config.fetch_every, warnings) == (seconds, [])


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('"soon"', 'must be a duration like "15m", "90s" or "1h30m", or "off", not \'soon\''),
        ("15", 'must be a duration like "15m", "90s" or "1h30m", or "off", not 15'),
        ('"30s"', "must be at least 60 seconds, not '30s'"),
    ],
)
def test_a_bad_fetch_every_is_reported(tmp_path: Path, text: str, problem: str) -> None:
    path = write(tmp_path, f"fetch_every = {text}\n")
    config, warnings = load_config(path)
    assert config.fetch_every is None
    assert warnings == [f"{path}: fetch_every {problem}; using the default"]


@pytest.mark.parametrize("text", ["", "m", "15x", "1m1h", "-5m"])
def test_parse_duration_refuses_what_is_not_a_duration(text: str) -> None:
    assert parse_duration(text) is None


def test_the_browser_is_a_name_or_a_command(tmp_path: Path) -> None:
    config, warnings = load_config(write(tmp_path, 'browser = "  firefox --new-tab %s "\n'))
    assert (config.browser, warnings) == ("firefox --new-tab %s", [])


def test_a_browser_that_is_not_text_is_reported_and_left_unset(tmp_path: Path) -> None:
    path = write(tmp_path, "browser = 3\n")
    config, warnings = load_config(path)
    assert config.browser is None
    assert warnings == [
        f'{path}: browser must be a browser name or a command such as "firefox %s", not 3; '
        "using the default"
    ]
