"""Outputs written whole: a temporary file a ``kill -9`` left beside an output is removed by the next write of
that output, and only when its writer is gone."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from replay.errors import BadInput
from replay.util.outputs import check_replaceable, write_atomic


def test_a_killed_writer_s_part_file_is_removed_by_the_next_write(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gone = subprocess.Popen(["sleep", "60"])
    gone.kill()
    gone.wait()
    out = tmp_path / "capture.plan"
    orphan = tmp_path / f".part-{gone.pid}-0a1b2c3d-capture.plan"
    live = tmp_path / f".part-{os.getpid()}-0a1b2c3d-capture.plan"  # a writer still at work: not touched
    other = tmp_path / f".part-{gone.pid}-0a1b2c3d-other.plan"  # another output's: its own write removes it
    for p in (orphan, live, other):
        p.write_bytes(b"half a plan")
    write_atomic(out, b"a plan")
    assert out.read_bytes() == b"a plan"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([out.name, live.name, other.name])
    err = capsys.readouterr().err
    assert f"removed {orphan.name}, left partial when its writer (pid {gone.pid}) was killed" in err, err


def test_an_output_replaces_only_its_own_kind(tmp_path: Path) -> None:
    """A file of the output's kind (the last run's) or an empty one is replaced; another (a scenario named as
    the plan's --out) is refused, untouched."""
    is_zip = lambda head: head.startswith(b"PK")  # noqa: E731
    (tmp_path / "old.plan").write_bytes(b"PK\x03\x04...")
    (tmp_path / "empty.plan").write_bytes(b"")
    (tmp_path / "smoke.toml").write_text('name = "smoke"\n')
    for name in ("old.plan", "empty.plan", "missing.plan"):
        check_replaceable(tmp_path / name, "--out", "a plan", is_zip)
    with pytest.raises(BadInput, match=r"smoke\.toml: already holds something other than a plan"):
        check_replaceable(tmp_path / "smoke.toml", "--out", "a plan", is_zip)
