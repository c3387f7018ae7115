"""Fixtures every test shares. Area-specific fixtures live in the test modules that use them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reader.store.paths import CACHE_DIR_ENV, CONFIG_DIR_ENV, DATA_DIR_ENV
from reader.store.resources import sample_feed_path

SEED_NAME = "2020-11-12-kent-emergency-medical-packs.md"
SHARED = Path(
    os.environ.get("PRESSREADER_SHARED") or Path(__file__).resolve().parents[2] / "shared"
)


@pytest.fixture(autouse=True)
def isolated_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """No test ever reads or writes the user's real state, cache or config."""
    root = tmp_path_factory.mktemp("pressreader-home")
    for env, name in ((DATA_DIR_ENV, "data"), (CACHE_DIR_ENV, "cache"), (CONFIG_DIR_ENV, "config")):
        monkeypatch.setenv(env, str(root / name))
    return root


@pytest.fixture
def sample_feed() -> Path:
    return sample_feed_path()


@pytest.fixture
def seed_path(sample_feed: Path) -> Path:
    return sample_feed / SEED_NAME


@pytest.fixture
def shared_dir() -> Path:
    """`../shared` beside the project; tests that need it skip when it is absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not present")
    return SHARED
