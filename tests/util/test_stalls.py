"""replay.util.stalls: the probe against a real stop (SIGSTOP stands in for a VM's host), and which
rows a stop delayed."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from replay.util.stalls import CATCH_UP, near_stall, read_stalls
from tests.conftest import wait_until

PROBE = """
import sys, time
from pathlib import Path
from replay.util.stalls import StallProbe
probe = StallProbe(Path(sys.argv[1])).start()
print("started", flush=True)
sys.stdin.read()
probe.stop()
"""


def test_a_stop_the_probe_did_not_wait_a_core_for_is_written_as_it_happens(tmp_path: Path) -> None:
    out = tmp_path / "stalls.jsonl"
    proc = subprocess.Popen(
        [sys.executable, "-c", PROBE, str(out)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline() == "started\n"
        time.sleep(0.1)
        proc.send_signal(signal.SIGSTOP)
        time.sleep(0.1)
        proc.send_signal(signal.SIGCONT)
        wait_until(lambda: any(b - a >= 0.08 for a, b in read_stalls(out)[0]), 10, "the stop written")
    finally:
        proc.communicate("", timeout=10)
    assert proc.returncode == 0


def test_rows_due_in_or_just_after_a_stop_are_near_it(tmp_path: Path) -> None:
    a, b = 100.0, 100.02
    due = np.array([100.01, 99.9, 99.9, b + CATCH_UP / 2, b + 2 * CATCH_UP, 100.5])
    lag = np.array([0.01, 0.11, 0.05, 0.0001, 0.0001, np.nan])  # the last never sent: waits for ever
    assert near_stall(due, lag, [(a, b)]).tolist() == [True, True, False, True, False, False]
    assert near_stall(due, lag, [(a, b), (101.0, 101.01)])[-1]
    torn = tmp_path / "stalls.jsonl"
    torn.write_bytes(b"[1.0,1.5]\n[2.0,2.")  # the probe's process died mid-line
    assert read_stalls(torn) == ([(1.0, 1.5)], []) and read_stalls(tmp_path / "none.jsonl") == ([], [])
    edited = tmp_path / "edited.jsonl"  # windows no probe writes: skipped, their lines said
    edited.write_bytes(b"[1.0,1.5]\n[-1e308,1e308]\n[2.0,1e300]\n[3.0,2.0]\n")
    assert read_stalls(edited) == ([(1.0, 1.5)], [2, 3, 4])


def test_a_process_on_one_core_probes_nothing(tmp_path: Path) -> None:
    """One core has no other to tell its own late wake-ups from the machine's: no file, so a run's
    steps say nothing of stops rather than something wrong."""
    code = (
        "import os, sys, time\nfrom pathlib import Path\nfrom replay.util.stalls import StallProbe\n"
        "os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})\n"
        "p = StallProbe(Path(sys.argv[1])).start(); time.sleep(0.05); p.stop(); print(p.probing)"
    )
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "s.jsonl")], capture_output=True, text=True)
    assert out.stdout.strip() == "False", out.stderr
    assert not (tmp_path / "s.jsonl").exists()
