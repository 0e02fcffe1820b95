"""Fixtures for the traffic-shape tests: seeded synthetic captures (replay.testing.synth)."""

from __future__ import annotations

from pathlib import Path

import pytest

from replay.testing.synth import DEFAULT_MIX, write_capture

SIZE = 6000


@pytest.fixture(scope="session")
def capture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """6,000 exchanges in the default family mix (each family present)."""
    path = tmp_path_factory.mktemp("captures") / "mixed.jsonl"
    write_capture(path, SIZE, seed=11)
    return path


@pytest.fixture(scope="session")
def capture_no_injection(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """3,000 exchanges without any injection or contradictory prompt."""
    mix = {k: v for k, v in DEFAULT_MIX.items() if k not in ("injection", "contradictory")}
    path = tmp_path_factory.mktemp("captures") / "no-injection.jsonl"
    write_capture(path, 3000, seed=12, mix=mix)
    return path


def scenario_file(tmp_path: Path, text: str, name: str = "s.toml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path
