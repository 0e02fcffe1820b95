"""A small tmpfs for full-disk tests, and an ext4 whose crash a test can cause, mounted where the test may (root
in CI), else the test skips."""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator
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


@contextmanager
def crashing_ext4(where: Path) -> Iterator[Callable[[], None]]:
    """``where`` as a small ext4 on a loop device (unmounted after), and a function that crashes it as a disk
    error does (errors=remount-ro: the journal is aborted), checks it (e2fsck) and mounts it again, holding only
    what had reached the disk. Skips where it cannot be made (not root, no mkfs.ext4 or loop devices)."""
    where.mkdir()
    image = where.with_suffix(".img")
    with open(image, "wb") as fh:
        fh.truncate(16 << 20)
    made = subprocess.run(["mkfs.ext4", "-q", "-F", str(image)], capture_output=True)
    mounted = made.returncode == 0 and _mount(image, where, "loop,errors=remount-ro")
    if not mounted:
        pytest.skip(f"cannot mount an ext4 image here ({made.stderr.decode().strip() or 'mount refused'})")
    device = next(line.split()[0] for line in Path("/proc/mounts").read_text().splitlines() if f" {where} " in line)
    trigger = Path("/sys/fs/ext4") / Path(device).name / "trigger_fs_error"

    def crash(meanwhile: Callable[[], object] = lambda: None) -> None:
        """``meanwhile``: what to do while the file system is read-only (end the processes that hold it open)."""
        trigger.write_text("1")
        meanwhile()
        subprocess.run(["umount", str(where)], check=True)
        subprocess.run(["e2fsck", "-fy", str(image)], capture_output=True)  # exit 1: errors it fixed
        assert _mount(image, where, "loop")

    if not trigger.exists():
        subprocess.run(["umount", str(where)], check=False)
        pytest.skip("this kernel cannot trigger an ext4 error (no trigger_fs_error)")
    try:
        yield crash
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def _mount(image: Path, where: Path, options: str) -> bool:
    return subprocess.run(["mount", "-o", options, str(image), str(where)], capture_output=True).returncode == 0
