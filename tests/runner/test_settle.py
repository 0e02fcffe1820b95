"""How a run ends in run.json: the rows a dead run has no result for (unknown while its
processes lived, unsent after), and a run left ``running`` by a supervisor that is gone."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import replay.runner.settle as settle
from replay.config.scenario import load_scenario
from replay.errors import BadInput, RunFailed
from replay.runner.prepare import prepare
from replay.runner.prepared import save_prepared
from replay.runner.results import ResultWriter, Run
from replay.runner.runinfo import PlannedStep, RunInfo, RunnerRef, Status, StepStats, read_info, write_info
from replay.runner.settle import REFUSED, Ending, fail_run, finish, open_run
from replay.runner.supervise import summary_line
from replay.shape.plan import load_plan
from tests.runner.conftest import write_inputs
from tests.runner.test_results import result


def test_the_run_line_says_when_the_machine_made_rows_late(tmp_path: Path) -> None:
    busy, calm = StepStats.of(PlannedStep(0, 0.0, 1.0)), StepStats.of(PlannedStep(1, 1.0, 1.0))
    busy.machine_lag_share, busy.own_lag_p99, busy.generator_lag_p99 = 0.8, 0.0004, 0.02
    calm.machine_lag_share, calm.own_lag_p99, calm.generator_lag_p99 = 0.5, 0.0001, 0.0002  # on time
    text = summary_line(tmp_path, RunInfo(id="r", status=Status.COMPLETE, steps=[busy, calm]))
    assert text.splitlines()[1:] == [
        "step 0: 80% of the generator's lateness was waiting for a core (other processes on its machine); "
        "its own lag p99 0.4 ms"
    ]


def _started_run(tmp_path: Path, runner: RunnerRef | None) -> tuple[Path, float]:
    """A run of 20 rows at 10/s, started at ``start``, with results for rows 0..4 only."""
    scenario, plan = write_inputs(tmp_path, "http://127.0.0.1:9/", [("GET", "/ok")], LOAD)
    prepared = prepare(load_scenario(scenario), load_plan(plan))
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    save_prepared(prepared, run_dir)
    start = 1000.0
    info = RunInfo(id="r", status=Status.RUNNING, runner=runner, start=start, workers=1)
    info.planned_steps = prepared.steps
    write_info(run_dir, info)
    w = ResultWriter(run_dir, len(prepared))
    for row in range(5):
        w.add(result(row, 0, 0.001))
    w.close()
    return run_dir, start


LOAD = "[sample]\nseed = 1\n[load]\n[[load.steps]]\nrate = 10\nduration = 2\n"


def test_a_dead_run_counts_every_row(tmp_path: Path) -> None:
    """Its answered rows whose response its runner held (or a writer killed) count too: they were lost unsaid."""
    run_dir, start = _started_run(tmp_path, None)
    lines = [b'{"row":%d,"status":200,"headers":[],"body":null}\n' % row for row in (0, 1, 2)]
    (run_dir / "responses.jsonl").write_bytes(b"".join(lines) + b'{"row":3,"sta')  # the last torn by the kill
    info = fail_run(run_dir, "the master process died (killed by SIGKILL)", cutoff=start + 0.95)
    c = info.counts
    assert info.status == Status.FAILED and c is not None
    assert (c.planned, c.written, c.response, c.unknown, c.unsent) == (20, 20, 5, 5, 10)  # rows due by 0.95 s: 10
    assert c.responses_lost == 2 and read_info(run_dir) == info
    assert info.failure().endswith(
        "of 20 rows 10 unsent, 5 unknown; responses.jsonl lacks the responses of 2 answered rows"
    )
    assert fail_run(run_dir, "again") == info  # a final state stays


def test_a_dead_run_that_cannot_be_settled_still_counts_its_rows(tmp_path: Path) -> None:
    """Its directory cannot be written (a disk gone read-only mid-run in H148's battery; here a directory where
    responses.jsonl goes): the rows without a result are not written, but are said, as unknown."""
    run_dir, start = _started_run(tmp_path, None)
    (run_dir / "responses.jsonl").unlink()
    (run_dir / "responses.jsonl").mkdir()
    info = fail_run(run_dir, "the master process died (exit code 1)", cutoff=start + 0.95)
    c = info.counts
    assert info.status == Status.FAILED and "(results not settled: " in info.reason and c is not None
    assert "; the answered rows whose response was lost could not be counted ([Errno 21] Is a directory" in info.reason
    assert (c.planned, c.written, c.response, c.unknown, c.unsent) == (20, 5, 5, 15, 0)
    assert info.failure().endswith("; of 20 rows 15 unknown; results.jsonl holds 5 of their 20 results")


def test_damaged_lines_of_the_stall_probe_are_said_and_the_rest_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """stalls.jsonl is read leniently (the stops only explain lateness), but its damage is said once, in numbers."""
    run_dir, start = _started_run(tmp_path, None)
    lines = [b"[1000.1,1000.2]", b"[1000.3", b'{"a":1,"b":2}', b"[1000.5,1000.4]", b"[1000.6,1000.7]", b"[1000.8,"]
    (run_dir / "stalls.jsonl").write_bytes(b"\n".join(lines))  # the last one torn: the probe killed mid-write
    info = fail_run(run_dir, "the master process died (killed by SIGKILL)", cutoff=start + 0.95)
    assert info.steps[0].stalls == 2
    assert capsys.readouterr().err == (
        f"replay: warning: {run_dir / 'stalls.jsonl'}: 3 damaged lines (line 2, 3, 4) skipped, the rest read "
        "(any stop of the machine they held is uncounted)\n"
    )


def test_opening_a_run_whose_supervisor_is_gone_marks_it_failed(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    here = RunnerRef.here()
    run_dir, _ = _started_run(tmp_path, RunnerRef(int(proc.stdout), here.host, 0.0))
    run = open_run(run_dir)
    assert (
        run.info.status == Status.FAILED
        and "is gone without writing the run's end: it was killed, or its disk" in run.info.reason
    )
    assert run.info.counts is not None and run.info.counts.written == 20
    assert read_info(run_dir).status == Status.FAILED
    alive, _ = _started_run(tmp_path / "alive", here)  # its supervisor lives: still running
    assert open_run(alive).info.status == Status.RUNNING


def test_a_run_is_not_settled_while_its_dead_runner_s_responses_writer_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """H255: the master and 'replay run' killed, the responses writer (gone to init) wrote on, and the next command to
    open the run settled it meanwhile (cut responses.jsonl's torn tail as the writer appended). The writer holds a
    lock on the file for its life (here this test does): the run is settled once it is gone, refused (exit 2) past
    WRITER_WAIT."""
    monkeypatch.setattr(settle, "WRITER_WAIT", 0.3)
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    run_dir, _ = _started_run(tmp_path, RunnerRef(int(proc.stdout), RunnerRef.here().host, 0.0))
    with open(run_dir / "responses.jsonl", "ab") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        with pytest.raises(BadInput) as e:
            open_run(run_dir)
    assert str(e.value) == (
        f"{run_dir}: its responses writer (pid {os.getpid()}), left by its dead runner, still writes responses.jsonl "
        f"0 s on; let it finish and run this again, or stop it (kill {os.getpid()})"
    )
    assert "still writes responses.jsonl: waiting for it" in capsys.readouterr().err
    assert read_info(run_dir).status == Status.RUNNING  # not settled
    assert open_run(run_dir).info.status == Status.FAILED  # the writer gone


def test_replay_run_s_own_end_fails_its_run_while_its_dead_runner_s_responses_writer_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same writer met by 'replay run' itself as it settles its dead runner's run (a writer stuck in
    uninterruptible I/O outlives SIGKILL): the run could not complete, exit 3 (not 2's "run this again"), and the
    line says how to judge it once the writer is gone."""
    from replay.runner.supervise import _outcome

    monkeypatch.setattr(settle, "WRITER_WAIT", 0.3)
    run_dir, _ = _started_run(tmp_path, RunnerRef.here())
    with open(run_dir / "responses.jsonl", "ab") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        with pytest.raises(RunFailed) as e:
            _outcome(run_dir, "master", -9, "", "", left="its responses writer ... was killed (SIGKILL)")
    assert e.value.exit_code == 3
    assert str(e.value) == (
        f"run {run_dir} failed: the master process died (killed by SIGKILL); its responses writer ... was killed "
        f"(SIGKILL); its responses writer (pid {os.getpid()}) still writes responses.jsonl 0 s on, so run.json is "
        f"not settled; once it is gone, judge what it ran: replay report {run_dir} --partial"
    )
    assert read_info(run_dir).status == Status.RUNNING


def _finished(tmp_path: Path, error_of: Callable[[int, int], str]) -> RunInfo:
    """A 100-row run settled complete, row i's error ``error_of(i, rows)`` ("" for an answer)."""
    scenario, plan = write_inputs(tmp_path, "http://127.0.0.1:9/", [("GET", "/ok")], LOAD.replace("10", "50"))
    prepared = prepare(load_scenario(scenario), load_plan(plan))
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    save_prepared(prepared, run_dir)
    info = RunInfo(id="r", status=Status.RUNNING, start=100.0, workers=1, planned_steps=prepared.steps)
    write_info(run_dir, info)
    w = ResultWriter(run_dir, len(prepared))
    for row in range(len(prepared)):
        r = result(row, 0, 0.001)
        if error := error_of(row, len(prepared)):
            r.outcome, r.status, r.error, r.latency, r.service = "error", 0, error, 0.001, None
        w.add(r)
    got = finish(Run(run_dir, info), prepared, w, Ending(Status.COMPLETE))
    assert read_info(run_dir) == got
    return got


@pytest.mark.parametrize("answered_last", [False, True])
def test_a_target_that_stopped_answering_fails_the_run(tmp_path: Path, answered_last: bool) -> None:
    """Every row after the target's last answer refused (kill -9 of the target mid-run): the run failed, saying
    when and how many, never a pass of a p99 gate over the rows before. Refusals with an answer after them
    (a restart, a blip) are the gates' to judge."""
    got = _finished(tmp_path, lambda i, n: REFUSED if i >= 40 and not (answered_last and i == n - 1) else "")
    if answered_last:
        assert got.status == Status.COMPLETE
        return
    assert got.status == Status.FAILED
    assert got.reason.startswith(
        "the target stopped answering 39.0 s into the run: the 60 rows sent after its last answer (60% of 100 sent) "
        "were all refused (nothing listened);"
    ), got.reason


def test_rows_refused_before_the_last_answer_are_said_beside_those_after(tmp_path: Path) -> None:
    """A row in flight as the target died, refused on its retries, was sent before the last answer: said apart,
    so the rows said add up to the run's errors (H204: "750 rows sent after its last answer", error=752)."""
    got = _finished(tmp_path, lambda i, n: REFUSED if i >= 40 or i == 38 else "")
    assert got.counts is not None and got.counts.error == 61
    assert "were all refused (nothing listened), as was 1 sent before it; the release" in got.reason, got.reason


def test_a_target_that_speaks_no_http_is_not_said_to_have_vanished(tmp_path: Path) -> None:
    got = _finished(tmp_path, lambda i, n: "connection closed" if i % 10 == 0 else "bad response: invalid HTTP")
    assert got.status == Status.FAILED
    assert got.reason == (
        "the target gave no HTTP response to any request: 100 errors, 90 of them 'bad response: invalid HTTP'; "
        "check that the target speaks HTTP/1.1 at its base_url"
    )


def test_rows_the_runner_failed_for_want_of_open_files_fail_the_run(tmp_path: Path) -> None:
    """Under a low ``ulimit -n`` (the hard limit too) rows failed in the runner itself ("OSError: [Errno 24] Too many
    open files") and were the target's errors: the run passed or failed on them as the release's, or was said to
    hold a target that 'gave no HTTP response; check that it speaks HTTP/1.1'. The run fails, saying whose they are."""
    got = _finished(tmp_path, lambda i, n: "OSError: [Errno 24] Too many open files" if i % 25 == 0 else "")
    assert got.status == Status.FAILED
    assert got.reason.startswith("the runner ran out of open files (ulimit -n "), got.reason
    assert "4 rows failed in replay itself, never reaching the target" in got.reason
