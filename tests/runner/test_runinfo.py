"""run.json as typed records: written and read back equal; a supervisor that is gone is told apart."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest

from replay.errors import BadInput
from replay.runner.rundir import RUN, create
from replay.runner.runinfo import (
    CaptureRef,
    Counts,
    Generator,
    PlannedStep,
    RunInfo,
    RunnerRef,
    ScenarioRef,
    Status,
    StepStats,
    Summary,
    WorkerCounts,
    held,
    problem,
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
    # H204's battery: a disk that filled mid-run left 146 of 900 results on it, said only as "719 unsent"
    full = RunInfo(id="f", reason="could not write the results: No space left on device")
    full.counts = Counts.of(900, {"response": 181, "unsent": 719}, written=146)
    assert full.failure() == (
        "could not write the results: No space left on device; of 900 rows 719 unsent; "
        "results.jsonl holds 146 of their 900 results"
    )


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


def _finished() -> dict[str, Any]:
    """A finished run's run.json, as JSON: two steps, five rows."""
    steps = [StepStats(0, 0.0, 2.0, 2, rate=1.0, sent=2), StepStats(1, 2.0, 3.0, 3, rate=1.0, sent=3)]
    info = RunInfo(
        id="r",
        status=Status.COMPLETE,
        created=1.7e9,
        start=1.7e9 + 1,
        finished=1.7e9 + 6,
        planned_steps=[PlannedStep(s.index, s.start, s.duration, s.rows, s.rate) for s in steps],
        counts=Counts.of(5, {"response": 4, "timeout": 1}, written=5),
        per_worker=[WorkerCounts(0, 5, 4)],
        summary=Summary(latency_p99=0.25, send_lag_p50=-0.001, send_rate=1.0),
        steps=steps,
    )
    data: dict[str, Any] = info.to_json()
    return data


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def edit(data: dict[str, Any]) -> None:
        *keys, last = [int(k) if k.isdigit() else k for k in path.split(".")]
        for k in keys:
            data = data[k]
        data[last] = value

    return edit


@pytest.mark.parametrize(
    ("edit", "said"),
    [
        (_set("counts.planned", -5), "counts.planned is -5 (a count is 0 or more)"),
        (_set("counts.unknown", 2**63), "counts.unknown is 9223372036854775808 (a count is 0 or more)"),
        (_set("steps.0.duration", -1), "steps[0].duration is -1.0 (a time is 0 to 2.592e+06 s)"),
        (_set("steps.1.rate", 1e308), "steps[1].rate is 1e+308 (a rate is over 0 and at most 100,000,000 rows/s)"),
        (_set("planned_steps.0.rate", 0), "planned_steps[0].rate is 0.0 (a rate is over 0"),
        (_set("steps.0.start", -2.0), "steps[0].start is -2.0 (a time is 0 to"),
        (_set("steps.0.cpu_mean", 1e300), "steps[0].cpu_mean is 1e+300 (a CPU figure is 0 to"),
        (_set("steps.0.machine_lag_share", 1.5), "steps[0].machine_lag_share is 1.5 (a share is 0 to 1)"),
        (_set("summary.latency_p99", -4.0), "summary.latency_p99 is -4.0 (a time is 0 to"),
        (_set("per_worker.0.answered", -1), "per_worker[0].answered is -1 (a count is 0 or more)"),
        (_set("finished", -1e300), "finished is -1e+300 (an epoch time is 0 to 1e11 s)"),
        (_set("steps.1.start", 1.0), "step 1 (from 1 s) follows step 0 (from 0 s for 2 s): steps are in order"),
        (_set("steps.1.index", 0), "step 0 (from 2 s) follows step 0 (from 0 s for 2 s): steps are in order"),
        (_set("steps.1.rows", 30), "its steps hold 32 rows, counts.planned 5"),
        (_set("counts.written", 6), "counts.written is 6, more than the 5 planned"),
        (_set("counts.response", 40), "its counts of outcomes add up to 41, not the 5 planned"),
        (_set("planned_steps.1.index", 7), "steps are not the planned_steps it ran"),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_a_value_no_run_writes_is_refused_in_one_line(
    tmp_path: Path, edit: Callable[[dict[str, Any]], None], said: str
) -> None:
    """H181's battery: a hand-edited run.json (a count of -5, a step of -1 s or 1e308 rows/s, steps overlapping,
    outcomes that do not add up) was reported, exit 0, as if a run had measured it: refused at read time, naming
    the field."""
    data = _finished()
    (tmp_path / RUN).write_bytes(orjson.dumps(data))
    assert read_info(tmp_path).counts == Counts.of(5, {"response": 4, "timeout": 1}, written=5)  # as written, read
    edit(data)
    (tmp_path / RUN).write_bytes(orjson.dumps(data))
    with pytest.raises(BadInput) as e:
        read_info(tmp_path)
    assert str(e.value).startswith(f"{tmp_path / RUN}: {said}"), str(e.value)
    assert str(e.value).endswith("the run directory is damaged: copy it whole from where it ran, or re-run")


@pytest.mark.parametrize(
    "edit",
    [_set("steps.0.send_lag_p50", -0.002), _set("steps.0.duration", 0.0), _set("steps.0.late_near_stall", None)],
    ids=["a row sent a hair early", "a step of no time (a captured plan of one record)", "no row late"],
)
def test_what_is_merely_odd_reads(tmp_path: Path, edit: Callable[[dict[str, Any]], None]) -> None:
    data = _finished()
    edit(data)
    (tmp_path / RUN).write_bytes(orjson.dumps(data))
    assert read_info(tmp_path).id == "r"


def test_every_number_of_run_json_has_bounds() -> None:
    """A field added to a run.json record without bounds would go unchecked: ``problem`` raises KeyError for it."""
    info = RunInfo.from_json(_finished())
    info.runner = RunnerRef(1, "h", 1.7e9)
    info.generator, info.capture = Generator(1.0, 0.1), CaptureRef("c", "xxh3_128:ab", 3)
    assert problem(info) is None


def test_a_gone_supervisor() -> None:
    assert RunnerRef.here().gone() is False
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = RunnerRef(int(proc.stdout), RunnerRef.here().host, 0.0)
    assert dead.gone() is True
    reused = RunnerRef.here()
    reused.started -= 100  # the pid lives, but it is another process
    assert reused.gone() is True
    assert RunnerRef(1, "another-host", 0.0).gone() is None


def test_a_run_into_a_directory_holding_one_says_what_it_holds(tmp_path: Path) -> None:
    """H204's battery: 'replay run' again into an interrupted run's --out said "already holds a run" alone; it
    says the run's state and what it kept (a complete one: how to judge it). A run.json that does not read: the
    refusal alone."""
    info = RunInfo(id="r1", status=Status.INTERRUPTED, counts=Counts.of(900, {"response": 173, "unsent": 727}, 900))
    write_info(tmp_path, info)
    with pytest.raises(BadInput) as e:
        create(tmp_path, held)
    said = f"{tmp_path} already holds a run (interrupted: of its 900 rows 173 answered, 727 unsent); give another --out"
    assert str(e.value) == said
    info.status, info.counts = Status.COMPLETE, Counts.of(900, {"response": 900}, 900)
    write_info(tmp_path, info)
    with pytest.raises(BadInput, match=r"\(complete: of its 900 rows 900 answered; 'replay report .*' judges it\)"):
        create(tmp_path, held)
    (tmp_path / RUN).write_bytes(b"{")
    with pytest.raises(BadInput, match=r"already holds a run; give another --out$"):
        create(tmp_path, held)


def test_a_run_json_cut_short_says_the_run_directory_is_damaged(tmp_path: Path) -> None:
    """H204's battery: a run.json cut short (it is written whole, so a copy taken in part) said "not valid JSON"
    and no more: what to do about it is said, as for the run's other files."""
    write_info(tmp_path, RunInfo(id="r1", status=Status.COMPLETE))
    (tmp_path / RUN).write_bytes((tmp_path / RUN).read_bytes()[:-30])
    with pytest.raises(BadInput) as e:
        read_info(tmp_path)
    said = str(e.value)
    assert said.startswith(f"{tmp_path / RUN}: not valid JSON (unexpected end of data"), said
    assert said.endswith("; the run directory is damaged: copy it whole from where it ran, or re-run"), said
