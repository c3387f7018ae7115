"""Where bundled files are: in the wheel (`reader/_data/…`) or beside the package in a checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parents[1]  # reader/, where the wheel keeps _data


def _bundled(name: str) -> Path:
    installed = _PACKAGE / "_data" / name
    return installed if installed.exists() else _PACKAGE.parent / name


def sample_feed_path() -> Path:
    return _bundled("sample_feed")


def styles_path() -> Path:
    return _bundled("styles")
