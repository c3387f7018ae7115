"""Where pressreader keeps its files. Each can be moved by an environment variable (tests do)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "pressreader"

DATA_DIR_ENV = "PRESSREADER_DATA_DIR"  # reading state (read/starred), preferences
CACHE_DIR_ENV = "PRESSREADER_CACHE_DIR"  # the search index; safe to delete
CONFIG_DIR_ENV = "PRESSREADER_CONFIG_DIR"  # config.toml


def _dir(env: str, default: str) -> Path:
    override = os.environ.get(env)
    return Path(override) if override else Path(default)


def data_dir() -> Path:
    return _dir(DATA_DIR_ENV, platformdirs.user_data_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    return _dir(CACHE_DIR_ENV, platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    return _dir(CONFIG_DIR_ENV, platformdirs.user_config_dir(APP_NAME, appauthor=False))


def export_dir() -> Path:
    """Where an export goes unless the user says otherwise: their documents folder (XDG's
    `XDG_DOCUMENTS_DIR`, `~/Documents`, the platform's own) when it exists, else their home;
    never the folder the app happened to be started from."""
    documents = Path(platformdirs.user_documents_dir())
    return documents if documents.is_dir() else Path.home()
