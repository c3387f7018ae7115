"""Every benchmark script starts: each is run as its README says, with `--help`, so that a
change to a helper one imports from another (as `app_latency`'s polling wait once went, and two
scripts with it) shows here, not when someone next measures."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
SCRIPTS = sorted(
    path.name for path in BENCHMARKS.glob("*.py") if "__main__" in path.read_text("utf-8")
)


def test_the_benchmarks_folder_has_its_scripts() -> None:
    assert {"headless_bench.py", "app_latency.py", "big_article.py", "facets_bench.py"} <= set(
        SCRIPTS
    )


@pytest.mark.parametrize("script", SCRIPTS)
def test_each_benchmark_script_starts(script: str) -> None:
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / script), "--help"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "usage:" in done.stdout
