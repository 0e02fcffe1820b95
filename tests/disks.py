"""A small tmpfs for full-disk tests, mounted where the test may (root in CI), else the test skips."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


@contextmanager
def small_tmpfs(where: Path, size: str, otherwise: str = "") -> Iterator[Path]:
    """``where`` as a tmpfs of ``size`` (mount's syntax: "2m"), unmounted after; skip saying why if it cannot."""
    where.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.decode().strip()}){otherwise}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)
