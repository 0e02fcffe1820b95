"""A killed ``replay run`` (kill -9 of the supervising process) leaves no process and nothing in the
system temp directory: its children die with it, their logs are under the run directory."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import psutil
import pytest

from tests.conftest import wait_until
from tests.runner.conftest import Target, write_inputs

pytestmark = pytest.mark.e2e

LOAD = "[sample]\nseed = 12\n[load]\n[[load.steps]]\nrate = 100\nduration = 20\n"


@pytest.mark.parametrize("workers", [[], ["--workers", "2"]], ids=["local", "two-workers"])
def test_killed_run_leaves_nothing_behind(tmp_path: Path, target: Target, workers: list[str]) -> None:
    scenario, plan = write_inputs(tmp_path, target.url, [("GET", "/ok")], LOAD)
    out, tmp = tmp_path / "run", tmp_path / "tmp"
    tmp.mkdir()
    argv = [str(Path(sys.executable).with_name("replay")), "run", str(scenario), "--plan", str(plan), "--out", str(out)]
    env = {**os.environ, "TMPDIR": str(tmp)}  # the system temp directory, as replay and its children see it
    proc = subprocess.Popen([*argv, *workers], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    try:
        wait_until(lambda: target.stats()["count"] >= 50, 60, "requests at the target")
        children = psutil.Process(proc.pid).children(recursive=True)
        assert len(children) >= (3 if workers else 1)
        proc.kill()
        proc.wait()
        wait_until(lambda: not [c for c in children if c.is_running() and c.status() != "zombie"], 20, "no child")
    finally:
        proc.kill()
    assert not list(tmp.iterdir()), list(tmp.iterdir())
    assert any((out / "logs").iterdir())  # the logs are kept with the run
