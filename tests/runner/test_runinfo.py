"""run.json as typed records: written and read back equal; a supervisor that is gone is told apart."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from replay.errors import BadInput
from replay.runner.rundir import RUN
from replay.runner.runinfo import (
    CaptureRef,
    Counts,
    PlannedStep,
    RunInfo,
    RunnerRef,
    ScenarioRef,
    Status,
    StepStats,
    Summary,
    WorkerCounts,
    read_info,
    write_info,
)


def test_round_trip(tmp_path: Path) -> None:
    info = RunInfo(
        id="r1",
        status=Status.FAILED,
        reason="worker 1 stopped answering the master 1.0 s into the run",
        runner=RunnerRef.here(),
        start=10.0,
        scenario=ScenarioRef("s.toml", "cd", "s", ["--set x=1"], as_run="sha256:ef"),
        capture=CaptureRef("c.jsonl", "xxh3_128:ab", 3),
        planned_steps=[PlannedStep(0, 0.0, 2.0, 20, rate=10.0, faults="model=slow")],
        counts=Counts.of(20, {"response": 12, "unknown": 3, "unsent": 5}, written=20),
        per_worker=[WorkerCounts(0, 10, 10), WorkerCounts(1, 10, 2, unsent=5, unknown=3, lost=True)],
        summary=Summary(latency_p99=0.25),
        steps=[StepStats(0, 0.0, 2.0, 20, rate=10.0, sent=15, bound_reasons=["x"], generator_bound=True)],
        release={"x-release": ["a", "b"]},
    )
    write_info(tmp_path, info)
    back = read_info(tmp_path)
    assert back == info and back.status.final and isinstance(back.steps[0], StepStats)
    assert back.failure() == (
        "worker 1 stopped answering the master 1.0 s into the run; lost worker 1; of 20 rows 5 unsent, 3 unknown"
    )
    assert RunInfo(id="x", planned_steps=info.planned_steps).step_table[0].load == "10/s"


def test_capture_digest_of_any_version(tmp_path: Path) -> None:
    """A run.json (or plan) of before plan version 2 kept a bare sha256: read as "sha256:HEX". A digest
    of an algorithm this replay cannot check is refused in one line."""
    old = {"format": "replay-run", "version": 2, "id": "r", "capture": {"path": "c", "sha256": "ab", "records": 1}}
    (tmp_path / RUN).write_bytes(orjson.dumps(old))
    assert read_info(tmp_path).capture == CaptureRef("c", "sha256:ab", 1)
    old["capture"] = {"path": "c", "sha256": "", "records": 1}  # the capture was not a regular file
    (tmp_path / RUN).write_bytes(orjson.dumps(old))
    assert read_info(tmp_path).capture == CaptureRef("c", "", 1)
    old["capture"] = {"path": "c", "digest": "md5:ab", "records": 1}
    (tmp_path / RUN).write_bytes(orjson.dumps(old))
    with pytest.raises(BadInput, match=r"malformed \(capture\.digest: unknown algorithm 'md5'; re-sample the plan\)"):
        read_info(tmp_path)


def test_a_run_of_before_the_scenario_digest_reads_without_it(tmp_path: Path) -> None:
    """scenario.as_run is optional: a run.json without it (an older replay's) reads as None, its copy unchecked."""
    old = {"format": "replay-run", "version": 3, "id": "r", "scenario": {"path": "s.toml", "sha256": "cd", "name": "s"}}
    (tmp_path / RUN).write_bytes(orjson.dumps(old))
    assert read_info(tmp_path).scenario == ScenarioRef("s.toml", "cd", "s")


def test_malformed(tmp_path: Path) -> None:
    (tmp_path / RUN).write_bytes(orjson.dumps({"format": "replay-run", "version": 2, "id": "r", "status": "odd"}))
    with pytest.raises(BadInput, match=r"run\.json: malformed \(status: 'odd' is not a Status\)"):
        read_info(tmp_path)
    with pytest.raises(BadInput, match=r"no run\.json"):
        read_info(tmp_path / "nothing")


def test_a_gone_supervisor() -> None:
    assert RunnerRef.here().gone() is False
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = RunnerRef(int(proc.stdout), RunnerRef.here().host, 0.0)
    assert dead.gone() is True
    reused = RunnerRef.here()
    reused.started -= 100  # the pid lives, but it is another process
    assert reused.gone() is True
    assert RunnerRef(1, "another-host", 0.0).gone() is None
