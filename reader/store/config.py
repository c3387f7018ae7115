"""The user's config file, `config.toml` in the user config dir. No Textual imports.

Every key is optional; a missing file means all defaults.

    feed = "~/newsroom/feed"   # the feed opened when none is given: a path, or a list of paths;
                               # `~` is expanded, relative paths are from the config file's folder
    theme = "nord"             # a Textual theme name (the app lists them in its palette)
    dwell_seconds = 1.5        # seconds an article must stay open before it counts as read;
                               # 0 marks it read at once
    sort = "newest"            # the list's order at start: newest, oldest, title or area
    fetch_every = "15m"        # the app fetches the subscriptions this often ("90s", "1h30m");
                               # unset or "off": only on demand
    browser = "firefox"        # what opens links: a browser's name, or a command with %s for
                               # the address; unset: $BROWSER, else the system's default

    [keys]                     # key overrides: binding id = key(s), comma-separated for several
    toggle_read = "u"
    toggle_star = "ctrl+s"

    [[subscriptions]]          # what `pressreader fetch` (and the app's fetch) brings in
    url = "https://police.example/news/rss.xml"   # an RSS or Atom feed
    area = "Kent"              # optional: the articles' area
    site = "Kent Police"       # optional: the site named in their titles
    folder = "kent"            # optional: a folder inside the feed folder, for its articles

    [searches]                 # saved searches: name = "query" (the search box's language)
    "Chief Constable" = 'speaker:"chief constable"'
    Dover = "area:Dover is:unread"

`load_config` never raises: a bad value is reported naming the file and the key, and its default
is used; unknown keys and invalid TOML are reported the same way.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from reader.articles.sanitize import clean_line
from reader.articles.sorting import DEFAULT_SORT, SORT_ORDERS, SortOrder
from reader.store.paths import config_dir

CONFIG_FILENAME = "config.toml"
DEFAULT_DWELL_SECONDS = 1.5
MAX_DWELL_SECONDS = 600.0
MIN_FETCH_SECONDS = 60.0  # a timer is no excuse to hammer a press office
_DURATION = re.compile(r"(?:(?P<h>\d+)h)?(?:(?P<m>\d+)m)?(?:(?P<s>\d+)s)?")
_DURATION_OFF = frozenset({"off", "never", "0"})
_SUBSCRIPTION_KEYS = ("url", "area", "site", "folder")
_MODIFIERS = "ctrl|shift|alt|meta|super|hyper"
# A Textual key: a name like `f5`, `pageup`, `question_mark`, or one character, after modifiers.
_KEY = re.compile(rf"(?:(?:{_MODIFIERS})\+)*(?:[a-z0-9_]+|\S)")


@dataclass(frozen=True, slots=True)
class Subscription:
    """A feed `pressreader fetch` brings in, and how its articles are filed."""

    url: str
    area: str | None = None
    site: str | None = None
    folder: str | None = None  # relative to the folder fetched into


@dataclass(frozen=True, slots=True)
class Config:
    """Settings from the config file; every field has a default."""

    feed: tuple[Path, ...] = ()  # empty: no default feed configured
    theme: str | None = None  # None: the app's own default theme
    dwell_seconds: float = DEFAULT_DWELL_SECONDS
    sort: SortOrder = DEFAULT_SORT
    # binding id -> Textual key string, for `App.set_keymap`
    keys: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    subscriptions: tuple[Subscription, ...] = ()
    fetch_every: float | None = None  # seconds between the app's fetches; None: no timer
    browser: str | None = (
        None  # a browser name or command ("%s": the URL); None: $BROWSER / default
    )
    # saved search name -> query text, in the file's order (the feed layer parses the queries)
    searches: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))


class _BadValue(Exception):
    """A value that cannot be used; the message says what was expected."""


def config_path() -> Path:
    return config_dir() / CONFIG_FILENAME


def load_config(path: Path | None = None) -> tuple[Config, list[str]]:
    """The config in `path` (default: `config_path()`), and a message for each problem in it."""
    path = path if path is not None else config_path()
    data, problem = _read_toml(path)
    if problem is not None:
        return Config(), [_message(path, problem)]
    values: dict[str, Any] = {}
    warnings: list[str] = []
    for key, value in data.items():
        parser = _PARSERS.get(key)
        if parser is None:
            hint = _did_you_mean(key, _PARSERS)
            warnings.append(_message(path, f"unknown key {key!r}{hint}; ignored"))
            continue
        try:
            values[key], problems = parser(value, path)
        except _BadValue as error:
            warnings.append(_message(path, f"{key} {error}; {_default_used(key)}"))
            continue
        warnings.extend(_message(path, problem) for problem in problems)
    return Config(**values), warnings


def check_app_names(
    config: Config, path: Path, *, binding_ids: Collection[str], themes: Collection[str]
) -> tuple[Config, list[str]]:
    """Drop key overrides for bindings the app does not have and a theme it does not know.

    Only the app knows these names, so it calls this after `load_config`; `path` is the file the
    config came from, for the messages.
    """
    warnings: list[str] = []
    keys = {}
    for binding_id, keys_text in config.keys.items():
        if binding_id in binding_ids:
            keys[binding_id] = keys_text
        else:
            hint = _did_you_mean(binding_id, binding_ids)
            problem = f"keys.{binding_id}: the app has no binding {binding_id!r}{hint}; ignored"
            warnings.append(_message(path, problem))
    theme = config.theme
    if theme is not None and theme not in themes:
        warnings.append(
            _message(path, f"theme {theme!r} is not an available theme; {_default_used('theme')}")
        )
        theme = None
    return replace(config, keys=MappingProxyType(keys), theme=theme), warnings


# --- reading ------------------------------------------------------------------------------------


def _read_toml(path: Path) -> tuple[dict[str, Any], str | None]:
    try:
        with path.open("rb") as stream:
            return tomllib.load(stream), None
    except FileNotFoundError:
        return {}, None
    except tomllib.TOMLDecodeError as error:
        return {}, f"not valid TOML: {error}; using the defaults for everything"
    except UnicodeDecodeError as error:
        line = error.object[: error.start].count(b"\n") + 1
        return {}, f"line {line}: not UTF-8 text; using the defaults for everything"
    except OSError as error:
        return {}, f"cannot read: {error.strerror or error}; using the defaults for everything"


def _message(path: Path, problem: str) -> str:
    # The file is the user's, but its text still reaches a terminal: keep it to one safe line.
    return clean_line(f"{path}: {problem}")


def _did_you_mean(name: str, known: Collection[str]) -> str:
    close = difflib.get_close_matches(name, list(known), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _default_used(key: str) -> str:
    default = getattr(Config(), key)
    return f"using the default ({default})" if default else "using the default"


# --- values: each parser returns the value and any problems with parts of it, or raises --------

_Parsed = tuple[Any, list[str]]


def _feed(value: object, path: Path) -> _Parsed:
    entries = value if isinstance(value, list) else [value]
    texts = [entry for entry in entries if isinstance(entry, str) and entry.strip()]
    if not entries or len(texts) != len(entries):
        raise _BadValue(f"must be a path or a list of paths, not {value!r}")
    return tuple(path.parent / Path(text).expanduser() for text in texts), []


def _theme(value: object, path: Path) -> _Parsed:
    if not isinstance(value, str) or not value.strip():
        raise _BadValue(f"must be a theme name, not {value!r}")
    return value.strip(), []


def _dwell(value: object, path: Path) -> _Parsed:
    # bool is an int in Python, but `dwell_seconds = true` is a mistake, not one second.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _BadValue(f"must be a number of seconds, not {value!r}")
    if not 0 <= value <= MAX_DWELL_SECONDS:
        raise _BadValue(f"must be from 0 to {MAX_DWELL_SECONDS:g} seconds, not {value!r}")
    return float(value), []


def _browser(value: object, path: Path) -> _Parsed:
    if not isinstance(value, str) or not value.strip():
        raise _BadValue(f'must be a browser name or a command such as "firefox %s", not {value!r}')
    return value.strip(), []


def _sort(value: object, path: Path) -> _Parsed:
    if value not in SORT_ORDERS:
        raise _BadValue(f"must be one of {', '.join(SORT_ORDERS)}, not {value!r}")
    return value, []


def _keys(value: object, path: Path) -> _Parsed:
    if not isinstance(value, dict):
        raise _BadValue(f"must be a table of binding id = key, like [keys], not {value!r}")
    keys: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, keys_text in value.items():
        if _is_key_list(keys_text):
            keys[binding_id] = keys_text
        else:
            problems.append(
                f"keys.{binding_id} must be a key like 'u', 'ctrl+s' or 'f5' (several separated "
                f"by commas), not {keys_text!r}; the default key is kept"
            )
    return MappingProxyType(keys), problems


def _searches(value: object, path: Path) -> _Parsed:
    if not isinstance(value, dict):
        raise _BadValue(f'must be a table of name = "query", like [searches], not {value!r}')
    searches: dict[str, str] = {}
    problems: list[str] = []
    for name, query in value.items():
        title = " ".join(clean_line(name).split())
        if isinstance(query, str) and query.strip() and title:
            searches[title] = query.strip()
        else:
            problems.append(f"searches.{name} must be a query in quotes, not {query!r}; ignored")
    return MappingProxyType(searches), problems


def _is_key_list(value: object) -> bool:
    return isinstance(value, str) and all(_KEY.fullmatch(key.strip()) for key in value.split(","))


def _fetch_every(value: object, path: Path) -> _Parsed:
    if isinstance(value, str) and value.strip().lower() in _DURATION_OFF:
        return None, []
    seconds = parse_duration(value)
    if seconds is None:
        raise _BadValue(f'must be a duration like "15m", "90s" or "1h30m", or "off", not {value!r}')
    if seconds < MIN_FETCH_SECONDS:
        raise _BadValue(f"must be at least {MIN_FETCH_SECONDS:g} seconds, not {value!r}")
    return seconds, []


def parse_duration(value: object) -> float | None:
    """Seconds in a duration like "15m", "90s", "1h30m"; None when it is not one."""
    if not isinstance(value, str):
        return None
    match = _DURATION.fullmatch(value.strip().lower().replace(" ", ""))
    if match is None or not any(match.groupdict().values()):
        return None
    hours, minutes, seconds = (int(match.group(unit) or 0) for unit in "hms")
    return float(hours * 3600 + minutes * 60 + seconds)


def _subscriptions(value: object, path: Path) -> _Parsed:
    if not isinstance(value, list):
        raise _BadValue(f"must be an array of tables, [[subscriptions]], not {value!r}")
    kept: list[Subscription] = []
    problems: list[str] = []
    for number, entry in enumerate(value, start=1):
        where = f"subscriptions[{number}]"
        if not isinstance(entry, dict):
            problems.append(f"{where} must be a table with a url, not {entry!r}; ignored")
            continue
        subscription, entry_problems = _subscription(entry, where)
        problems.extend(entry_problems)
        if subscription is not None:
            kept.append(subscription)
    return tuple(kept), problems


def _subscription(entry: dict[str, Any], where: str) -> tuple[Subscription | None, list[str]]:
    problems = [
        f"{where}: unknown key {key!r}{_did_you_mean(key, _SUBSCRIPTION_KEYS)}; ignored"
        for key in entry
        if key not in _SUBSCRIPTION_KEYS
    ]
    url = entry.get("url")
    if not isinstance(url, str) or not re.match(r"https?://[^/\s]", url.strip(), re.IGNORECASE):
        problems.append(f"{where}: url must be an http(s) URL, not {url!r}; ignored")
        return None, problems
    texts: dict[str, str | None] = {}
    for key in ("area", "site", "folder"):
        text = entry.get(key)
        if text is not None and (not isinstance(text, str) or not text.strip()):
            problems.append(f"{where}: {key} must be text, not {text!r}; ignored")
            return None, problems
        texts[key] = text.strip() if isinstance(text, str) else None
    folder = texts["folder"]
    if folder is not None and (Path(folder).is_absolute() or ".." in Path(folder).parts):
        problems.append(
            f"{where}: folder must be a folder inside the feed folder, not {folder!r}; ignored"
        )
        return None, problems
    return Subscription(url.strip(), texts["area"], texts["site"], folder), problems


_PARSERS: dict[str, Callable[[object, Path], _Parsed]] = {
    "feed": _feed,
    "theme": _theme,
    "dwell_seconds": _dwell,
    "sort": _sort,
    "keys": _keys,
    "subscriptions": _subscriptions,
    "fetch_every": _fetch_every,
    "browser": _browser,
    "searches": _searches,
}
