"""Hypothesis profiles shared by every property test: a quick one for CI, a long one on demand.

    uv run pytest tests/unit/test_properties.py                          # quick (the default)
    HYPOTHESIS_PROFILE=long uv run pytest tests/unit/test_properties.py  # >= 10,000 examples each

A property test module loads them with `import support.hypothesis_profiles  # noqa: F401`.
Inputs are
untrusted files of any size, so neither profile has a deadline: a slow example is for the
benchmarks to find, not a flaky failure.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

PROFILE_ENV = "HYPOTHESIS_PROFILE"

settings.register_profile("quick", max_examples=150, deadline=None)
settings.register_profile(
    "long",
    max_examples=10_000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get(PROFILE_ENV, "quick"))


def at_least(examples: int) -> settings:
    """Settings for a property that wants more examples than the quick profile gives: this
    many, or the loaded profile's count when that is more (the long profile's 10,000)."""
    return settings(max_examples=max(examples, settings.default.max_examples), deadline=None)
