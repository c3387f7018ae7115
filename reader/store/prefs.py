"""Choices the app remembers between runs (theme, info panel shown, the article list's width): a
small JSON file.

No Textual imports. A missing file means defaults; an unreadable one is reported once and
replaced by the next save, never a reason not to start.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from reader.store.paths import data_dir

PREFS_NAME = "prefs.json"


@dataclass(frozen=True, slots=True)
class Prefs:
    theme: str | None = None
    info_panel: bool = True
    sidebar_width: int | None = None  # columns; None: the width the layout gives it


_FIELD_TYPES: dict[str, type] = {"theme": str, "info_panel": bool, "sidebar_width": int}


@dataclass(frozen=True, slots=True)
class LoadedPrefs:
    """The preferences, and what was wrong with the file when it could not be used."""

    prefs: Prefs
    problem: str | None = None


def prefs_path() -> Path:
    return data_dir() / PREFS_NAME


def load_prefs(path: Path | None = None) -> LoadedPrefs:
    """Read the preferences; unknown keys are ignored, wrongly typed values fall back."""
    path = path or prefs_path()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return LoadedPrefs(Prefs())
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        return LoadedPrefs(Prefs(), f"{path}: cannot read preferences ({error}); using defaults")
    if not isinstance(raw, dict):
        return LoadedPrefs(Prefs(), f"{path}: preferences are not a JSON object; using defaults")
    values = {
        name: raw[name]
        for name, kind in _FIELD_TYPES.items()
        if isinstance(raw.get(name), kind) and (kind is bool or not isinstance(raw[name], bool))
    }
    return LoadedPrefs(Prefs(**values))


def save_prefs(prefs: Prefs, path: Path | None = None) -> str | None:
    """Write the preferences atomically; returns a problem to report, or None."""
    path = path or prefs_path()
    temporary: Path | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=path.parent, prefix=".prefs-", delete=False
        ) as stream:
            temporary = Path(stream.name)
            json.dump(asdict(prefs), stream, indent=2)
        temporary.replace(path)
    except OSError as error:
        if temporary is not None:
            temporary.unlink(missing_ok=True)
        return f"{path}: cannot save preferences ({error.strerror or error})"
    return None
