"""The runner processes' own ending of a run (replay.runner.distributed): real processes against the loopback
target, the command that started them killed with SIGKILL."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from replay.errors import BadInput
from replay.runner.runinfo import OUTCOMES, Status, read_info
from tests.conftest import assert_bad_input, replay_here, wait_until
from tests.runner.conftest import Target, write_inputs

pytestmark = pytest.mark.e2e

LOAD = "[sample]\nseed = 11\n[load]\n[[load.steps]]\nrate = 100\nduration = 4\n"  # 400 rows


def _final(out: Path) -> bool:
    try:
        return read_info(out).status.final
    except BadInput:  # not written yet
        return False


def test_a_run_whose_command_was_killed_is_failed_not_interrupted(tmp_path: Path, target: Target) -> None:
    """kill -9 of 'replay run': its runner, stopped with it (PR_SET_PDEATHSIG), ends the run failed, naming the
    lost parent, every row counted; 'interrupted' (a user's Ctrl-C) was said before, though nobody asked."""
    scenario, plan = write_inputs(tmp_path, target.url, [("GET", "/ok"), ("GET", "/slow?ms=30")], LOAD)
    out = tmp_path / "run"
    exe = Path(sys.executable).with_name("replay")
    argv = [str(exe), "run", str(scenario), "--plan", str(plan), "--out", str(out)]
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until(lambda: target.stats()["count"] >= 50, 90, "rows at the target")
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        wait_until(lambda: _final(out), 30, "the runner to settle the run")
    finally:
        proc.kill()
    info = read_info(out)
    why = f"the process that started the runner (pid {proc.pid}) died mid-run"
    assert info.status == Status.FAILED and info.reason.startswith(why), info.reason
    counts = info.counts
    assert counts is not None and counts.planned == 400 and counts.unsent > 0, counts
    assert sum(getattr(counts, k) for k in OUTCOMES) == 400, counts
    assert_bad_input(replay_here("report", str(out), "--no-plots"), "the run is unfinished: it failed:", why, "unsent")
