"""The built wheel, installed into a fresh venv, works away from the checkout.

Builds with `uv build --wheel` and installs with `uv pip` (from uv's cache when it can), then runs
the installed `pressreader` from a folder outside the repository.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEED_NAME = "2020-11-12-kent-emergency-medical-packs.md"


@dataclass(frozen=True)
class Installed:
    wheel: Path
    venv: Path

    @property
    def bin(self) -> Path:
        return self.venv / ("Scripts" if os.name == "nt" else "bin")

    def run(self, *argv: str, cwd: Path) -> subprocess.CompletedProcess[str]:
        # No PYTHONPATH and a cwd outside the checkout: only the installed package can answer.
        env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
        return subprocess.run(
            [str(self.bin / argv[0]), *argv[1:]],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=120,
            check=False,
        )


def _uv(*argv: str | Path, cwd: Path = ROOT) -> None:
    uv = shutil.which("uv")
    if uv is None:
        pytest.skip("uv is not on PATH (the README's `uv run pytest` puts it there)")
    subprocess.run([uv, *map(str, argv)], cwd=cwd, check=True, capture_output=True, timeout=600)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installed]:
    root = tmp_path_factory.mktemp("wheel")
    _uv("build", "--wheel", "--out-dir", root / "dist")
    (wheel,) = (root / "dist").glob("pressreader-*.whl")
    _uv("venv", "--quiet", "--python", sys.executable, root / "venv")
    _uv("pip", "install", "--quiet", "--python", root / "venv" / "bin" / "python", wheel)
    yield Installed(wheel, root / "venv")


def _wheel_names(wheel: Path, folder: str) -> list[str]:
    prefix = f"reader/_data/{folder}/"
    with zipfile.ZipFile(wheel) as archive:
        return sorted(
            name.removeprefix(prefix) for name in archive.namelist() if name.startswith(prefix)
        )


def test_wheel_ships_the_sample_feed_and_styles(installed: Installed) -> None:
    assert _wheel_names(installed.wheel, "sample_feed") == sorted(
        path.name for path in (ROOT / "sample_feed").iterdir() if path.is_file()
    )
    assert _wheel_names(installed.wheel, "styles") == sorted(
        path.name for path in (ROOT / "styles").glob("*.tcss")
    )


def test_installed_command_lists_the_bundled_sample_feed(
    installed: Installed, tmp_path: Path
) -> None:
    result = installed.run("pressreader", "list", "--json", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    records = json.loads(result.stdout)
    assert len(records) == len(list((ROOT / "sample_feed").glob("*.md")))
    seed = next(record for record in records if record["path"].endswith(SEED_NAME))
    assert Path(seed["path"]).is_relative_to(installed.venv)
    assert (seed["published"], seed["site"]) == ("2020-11-12T13:55", "Kent Police")


def test_installed_command_shows_a_bundled_article(installed: Installed, tmp_path: Path) -> None:
    found = installed.run(
        "python",
        "-c",
        "from reader.store.resources import sample_feed_path; print(sample_feed_path())",
        cwd=tmp_path,
    )
    seed = Path(found.stdout.strip()) / SEED_NAME
    result = installed.run("pressreader", "show", "--json", str(seed), cwd=tmp_path)
    record = json.loads(result.stdout)
    assert (result.returncode, record["area"], record["word_count"]) == (0, "Kent", 373)


def test_installed_python_m_reader_reports_its_version(
    installed: Installed, tmp_path: Path
) -> None:
    from reader import __version__

    result = installed.run("python", "-m", "reader", "--version", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, f"pressreader {__version__}\n")
