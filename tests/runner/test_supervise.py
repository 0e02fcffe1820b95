"""A run whose processes die ends in a final state that says so: exit 3, run.json ``failed`` with the
reason, every planned row counted once (unsent rows never reached the target), and ``replay report``
refusing it in one line. Real processes, killed with SIGKILL, against the real loopback target."""

from __future__ import annotations

import collections
import contextlib
import re
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import psutil
import pytest

from replay.runner import Run, Status, open_run
from replay.runner.prepare import assignment
from replay.runner.prepared import load_prepared
from replay.runner.runinfo import RunInfo, read_info, worker_stopped
from replay.util.hostport import free_port
from tests.conftest import assert_bad_input, replay_here, wait_until
from tests.disks import crashing_ext4, small_tmpfs
from tests.runner.conftest import Target, write_inputs

pytestmark = pytest.mark.e2e

# 8 s, for a kill to land mid-run, at 100 rows a second: a row costs ~1 ms of CPU (the target's, the runner's, the
# responses writer's), and the 1,600 rows of 200 a second showed nothing 800 do not.
ROWS = 800
LOAD = "[sample]\nseed = 11\n[load]\n[[load.steps]]\nrate = 100\nduration = 8\n"


def _start(
    tmp_path: Path, target: Target, *args: str, extra: str = "", out: Path | None = None, load: str = LOAD
) -> tuple[subprocess.Popen[str], Path]:
    scenario, plan = write_inputs(tmp_path, target.url, [("GET", "/ok"), ("GET", "/slow?ms=30")], load, extra)
    out = out or tmp_path / "run"
    exe = Path(sys.executable).with_name("replay")
    argv = [str(exe), "run", str(scenario), "--plan", str(plan), "--out", str(out), *args]
    return subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True), out


def _child(proc: subprocess.Popen[str], role: str) -> psutil.Process:
    """The runner child of ``replay run`` in ``role`` (master or worker), once it is up."""

    def find() -> psutil.Process | None:
        for p in psutil.Process(proc.pid).children(recursive=True):
            cmd = p.cmdline()
            if "replay.runner" in cmd and role in cmd:
                return p
        return None

    return wait_until(find, 30, f"the {role} process")


def _flowing(target: Target, rows: int = 150) -> None:
    # A master and two workers each import locust first: on a loaded 2-core machine that alone can take 30 s.
    wait_until(lambda: target.stats()["count"] >= rows, 90, f"{rows} rows at the target")


def _every_row_once(run: Run, target: Target) -> RunInfo:
    """Every planned row has one result; unsent rows never reached the target; nothing went twice."""
    info, c = run.info, run.columns()
    counts = info.counts
    assert counts is not None and counts.planned == ROWS and counts.written == ROWS
    assert sorted(c["row"].tolist()) == list(range(ROWS))
    assert sum(getattr(counts, k) for k in ("response", "timeout", "cancelled", "error", "unsent", "unknown")) == ROWS
    seen = target.stats()["ids"]
    assert set(seen.values()) == {1}  # nothing sent twice
    got = {int(k.rpartition("/")[2]) for k in seen}
    outcome = dict(zip(c["row"].tolist(), c["outcome"].tolist(), strict=True))
    assert not [r for r, o in outcome.items() if o == "unsent" and r in got]  # unsent: never sent
    assert {r for r, o in outcome.items() if o == "response"} <= got
    return info


def _kill_mid_run(
    tmp_path: Path, target: Target, *roles: str, extra: str = "", sig: int = signal.SIGKILL, load: str = LOAD
) -> tuple[subprocess.CompletedProcess[str], Path, list[int]]:
    """A 2-worker run, its processes in ``roles`` (worker, master, supervisor) sent ``sig`` once rows flow;
    the finished ``replay run``, its run directory and the pids of its children."""
    proc, out = _start(tmp_path, target, "--workers", "2", extra=extra, load=load)
    try:
        _flowing(target)
        children = [p.pid for p in psutil.Process(proc.pid).children(recursive=True)]
        victims = [psutil.Process(proc.pid) if role == "supervisor" else _child(proc, role) for role in roles]
        for victim in victims:
            victim.send_signal(sig)
        stdout, stderr = proc.communicate(timeout=90)
    finally:
        proc.kill()
    return subprocess.CompletedProcess(proc.args, proc.returncode, stdout, stderr), out, children


def _gone(pids: list[int]) -> bool:
    return not [p for p in pids if psutil.pid_exists(p) and psutil.Process(p).status() != psutil.STATUS_ZOMBIE]


def _settled_last(out: Path, pids: list[int]) -> None:
    """Every process of the run gone, reaped (none a zombie left to init), and nothing written into responses.jsonl
    after run.json was settled."""
    assert not [p for p in pids if psutil.pid_exists(p)]
    assert (out / "responses.jsonl").stat().st_mtime_ns <= (out / "run.json").stat().st_mtime_ns


def test_a_killed_worker_fails_the_run_with_every_row_counted(
    tmp_path: Path, start_target: Callable[..., Target]
) -> None:
    target = start_target()
    proc, out, children = _kill_mid_run(tmp_path, target, "worker")
    err = proc.stderr
    assert proc.returncode == 3, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    assert lines[0].startswith(f"replay: error: run {out} failed: a worker process died (killed by SIGKILL): ")
    assert "stopped answering the master" in lines[0] and "unsent" in lines[0]
    info = _every_row_once(open_run(out), target)
    assert info.status == Status.FAILED and info.counts is not None and info.counts.unsent > 0
    lost = [w for w in info.per_worker if w.lost]
    assert len(lost) == 1 and lost[0].unsent + lost[0].unknown > 0 and lost[0].rows == ROWS // 2
    by_worker = collections.Counter(open_run(out).columns()["worker"].tolist())
    assert by_worker == {0: ROWS // 2, 1: ROWS // 2}  # the lost worker's rows are reported, under its number
    _settled_last(out, children)


def test_a_killed_worker_s_rows_are_taken_over(tmp_path: Path, start_target: Callable[..., Target]) -> None:
    """[run] on_worker_loss = "reassign": the worker left sends the lost one's rows not yet due, each at its
    planned time, and the run completes (exit 0); every row still counted once, none sent twice."""
    target = start_target()
    proc, out, children = _kill_mid_run(tmp_path, target, "worker", extra='[run]\non_worker_loss = "reassign"\n')
    assert proc.returncode == 0, proc.stderr
    run = open_run(out)
    info = _every_row_once(run, target)
    assert info.status == Status.COMPLETE and info.counts is not None
    (lost,) = [w for w in info.per_worker if w.lost]
    (kept,) = [w for w in info.per_worker if not w.lost]
    assert lost.rows == ROWS // 2 and lost.taken_over > 0
    assert lost.answered + lost.unknown + lost.unsent + lost.taken_over == ROWS // 2
    assert f"worker {lost.worker} lost: " in proc.stdout
    assert f"{lost.taken_over:,} sent by the other workers" in proc.stdout
    c = run.columns()
    owner = assignment(load_prepared(out), 2)
    moved = (owner[c["row"]] == lost.worker) & (c["worker"] == kept.worker)
    assert int(moved.sum()) == lost.taken_over
    assert set(c["outcome"][moved].tolist()) == {"response"}
    # each taken-over row left at its planned time: after the loss, never in a catch-up burst
    assert float(np.nanmax(c["send_lag"][moved])) < 0.5
    before = c["sent"][(c["worker"] == lost.worker)]
    if np.isfinite(before).any():  # on a loaded machine the worker may die before it reported a row it sent
        assert float(np.nanmin(c["sent"][moved])) > float(np.nanmax(before))
    assert _gone(children)


def _master_dies_writing(tmp_path: Path, target: Target) -> tuple[subprocess.CompletedProcess[str], Path, list[int]]:
    """``_kill_mid_run`` of the master, its responses writer stopped (SIGSTOP) as it dies: until the writer goes on,
    the run is not settled, and ``replay run`` (which the writer comes to) waits for it. Why: the run was settled,
    and the command ended, with the writer still to write what it held into responses.jsonl."""
    proc, out = _start(tmp_path, target, "--workers", "2")
    try:
        _flowing(target)
        children = [p.pid for p in psutil.Process(proc.pid).children(recursive=True)]
        master = _child(proc, "master")
        (writer,) = [p for p in master.children() if "replay.runner.responses" in " ".join(p.cmdline())]
        writer.suspend()
        master.kill()
        wait_until(lambda: writer.ppid() != master.pid, 30, "the responses writer to lose its parent")
        assert writer.ppid() == proc.pid  # not init's: replay run waits for it
        assert not read_info(out).status.final
        writer.resume()
        stdout, stderr = proc.communicate(timeout=90)
    finally:
        proc.kill()
    return subprocess.CompletedProcess(proc.args, proc.returncode, stdout, stderr), out, children


@pytest.mark.parametrize("also_supervisor", [False, True], ids=["master", "master-and-supervisor"])
def test_a_killed_master_leaves_a_run_marked_failed(
    tmp_path: Path, start_target: Callable[..., Target], also_supervisor: bool
) -> None:
    target = start_target()
    if also_supervisor:  # nothing is left to settle the run: the next command that opens it does
        proc, out, children = _kill_mid_run(tmp_path, target, "supervisor", "master")
        wait_until(lambda: _gone(children), 30, "the workers to stop without their parent")
        assert read_info(out).status == Status.RUNNING  # as the kill left it
    else:
        proc, out, children = _master_dies_writing(tmp_path, target)
        err = proc.stderr
        assert proc.returncode == 3 and len(err.strip().splitlines()) == 1, err
        assert "the master process died (killed by SIGKILL)" in err and ": ;" not in err
        _settled_last(out, children)
    report = replay_here("report", str(out), "--no-plots")
    why = "its runner (pid" if also_supervisor else "the master process died (killed by SIGKILL)"
    assert_bad_input(report, str(out), "the run is unfinished: it failed:", why, "unsent", "re-run it")
    info = _every_row_once(open_run(out), target)
    assert info.status == Status.FAILED and read_info(out) == info


# A worker stopped from outside: with rows left, how many (its own count, as the run's per-worker counts say); after
# its last row went out (the signal in the run's last moments), that, and whether answers in flight were lost
WHY = "(a signal, or its parent gone)"
SIGNAL = re.escape(WHY)
WORKER_STOPPED = (
    rf"worker (?P<w>[01]) (?:stopped before its rows were through, (?P<unsent>[\d,]+) of them unsent {SIGNAL}"
    rf"|died after its rows were sent, (?:no answer lost|the answers of (?P<cut>[\d,]+) sends in flight lost) {SIGNAL})"
)


def test_a_stopped_worker_s_line_says_what_it_left() -> None:
    """Before its rows were through, how many it left unsent; after, that none was, and what in flight was lost
    (both read "stopped before its rows were through", with no count). A worker holding a lost worker's shard
    beside its own reports each: the line counts both (it named the first report's counts alone)."""
    unsent = f"worker 1 stopped before its rows were through, 1,234 of them unsent {WHY}"
    assert worker_stopped(1, [(1234, 3)]) == unsent
    assert worker_stopped(0, [(0, 0)]) == f"worker 0 died after its rows were sent, no answer lost {WHY}"
    lost = f"worker 0 died after its rows were sent, the answers of 3 sends in flight lost {WHY}"
    assert worker_stopped(0, [(0, 3)]) == lost
    assert all(re.fullmatch(WORKER_STOPPED, worker_stopped(w, s)) for w, s in [(1, [(1234, 3)]), (0, [(0, 0)])])
    both = f"worker 1 stopped before its rows were through, 300 of them unsent, over the 2 shards it held {WHY}"
    assert worker_stopped(1, [(0, 2), (300, 1)]) == both
    assert worker_stopped(0, [(0, 2), (0, 1)]).startswith("worker 0 died after its rows were sent, the answers of 3 ")


@pytest.mark.parametrize(
    ("role", "why"),
    [("worker", WORKER_STOPPED), ("master", r"the master process was stopped by a signal replay did not send")],
    ids=["worker", "master"],
)
def test_a_runner_process_stopped_from_outside_fails_the_run(
    tmp_path: Path, start_target: Callable[..., Target], role: str, why: str
) -> None:
    """SIGTERM to a worker or the master, not by replay (a host shutting down, an operator's kill): a loss, exit 3
    in numbers, never the user's 'interrupted' (exit 130, 'stopped by a signal (Ctrl-C or SIGTERM)')."""
    target = start_target()
    load = "[sample]\nseed = 11\n[load]\n[[load.steps]]\nrate = 200\nduration = 4\n"
    proc, out, children = _kill_mid_run(tmp_path, target, role, sig=signal.SIGTERM, load=load)
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode == 3 and len(lines) == 1, proc.stderr
    assert re.match(rf"replay: error: run {re.escape(str(out))} failed: {why}; of 800 rows .*unsent", lines[0])
    info = read_info(out)
    said = re.fullmatch(why, info.reason)
    assert info.status == Status.FAILED and said is not None
    if role == "worker":  # the line's numbers are the run's
        mine = info.per_worker[int(said["w"])]
        assert mine.unsent == int((said["unsent"] or "0").replace(",", "")), (info.reason, mine)
    assert _gone(children)


def test_a_worker_killed_before_the_start_fails_the_run_at_once(
    tmp_path: Path, start_target: Callable[..., Target]
) -> None:
    target = start_target()
    proc, out = _start(tmp_path, target, "--workers", "2")
    try:
        _child(proc, "worker").send_signal(signal.SIGKILL)  # still starting: it never joins the master
        _, err = proc.communicate(timeout=90)
    finally:
        proc.kill()
    assert proc.returncode == 3 and "a worker process died (killed by SIGKILL): the run was stopped" in err, err
    info = read_info(out)
    assert info.status == Status.FAILED and info.counts is not None and info.counts.unsent == ROWS
    assert target.stats()["count"] == 0


def test_a_target_that_vanishes_before_the_first_response_fails_the_run(
    tmp_path: Path, start_target: Callable[..., Target]
) -> None:
    target = start_target()
    # Every row meets a refused connection and the run goes to its end: 2 s of them say it as 8 s do.
    proc, out = _start(tmp_path, target, load=LOAD.replace("duration = 8", "duration = 2"))
    try:
        wait_until(lambda: (out / "run.json").exists(), 60, "the run directory")
        target.proc.kill()  # after the reachability check, before the runner sends
        target.proc.wait()
        _, err = proc.communicate(timeout=90)
    finally:
        proc.kill()
    assert proc.returncode == 3 and "the target vanished: no request got a response" in err, err
    info = read_info(out)
    assert info.status == Status.FAILED and info.counts is not None and info.counts.error > 0


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MB tmpfs (the test is skipped where it cannot be mounted)."""
    with small_tmpfs(tmp_path / "disk", "2m") as where:
        yield where


def test_a_disk_that_fills_fails_the_run(tmp_path: Path, small_disk: Path, start_target: Callable[..., Target]) -> None:
    """The run directory's disk fills mid-run: exit 3 naming the disk, nothing left running; once there is
    room again, the next command reads the run as failed with every row counted."""
    target = start_target()
    proc, out = _start(tmp_path, target, out=small_disk / "run")
    try:
        _flowing(target)
        with contextlib.suppress(OSError), open(small_disk / "filler", "wb") as fh:  # the run may fill it first
            while True:
                fh.write(b"x" * 65536)
        _, err = proc.communicate(timeout=90)
    finally:
        proc.kill()
    assert proc.returncode == 3, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err and "No space left on device" in lines[0], err
    (small_disk / "filler").unlink(missing_ok=True)
    info = open_run(out).info
    assert info.status == Status.FAILED and "No space left on device" in info.reason, info.reason
    assert info.reason.count("could not write the results") == 1, info.reason  # not said again in brackets
    assert info.counts is not None and info.counts.planned == ROWS
    assert sum(getattr(info.counts, k) for k in ("response", "timeout", "error", "unsent", "unknown")) == ROWS


def test_a_disk_gone_read_only_fails_the_run_saying_so(tmp_path: Path, start_target: Callable[..., Target]) -> None:
    """H204's battery: the run directory's ext4 goes read-only mid-run (a disk error, errors=remount-ro). The
    runner cannot write run.json, nor its log: it exited 1 with a traceback nobody could read, said "the runner
    process died (exit code 1)", and the next reader "it was killed". Its exit code now says what happened."""
    target = start_target()
    load = "[sample]\nseed = 11\n[load]\n[[load.steps]]\nrate = 200\nduration = 4\n"
    with crashing_ext4(tmp_path / "disk") as crash:
        proc, out = _start(tmp_path, target, out=tmp_path / "disk" / "run", load=load)
        try:
            _flowing(target)
            crash(lambda: proc.wait(90))
        finally:
            proc.kill()
        err = proc.stderr.read() if proc.stderr else ""
        assert proc.returncode == 3, err
        lines = err.strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in err, err
        assert "the runner process could not write the run's end to run.json (its disk read-only" in lines[0], err
        report = replay_here("report", str(out), "--no-plots")
        assert_bad_input(report, "the run is unfinished: it failed:", "gone without writing the run's end")
        info = read_info(out)
        assert info.status == Status.FAILED and info.counts is not None and info.counts.planned == 800


@pytest.mark.parametrize(
    ("sig", "ended"),
    # mitmdump ends cleanly on a SIGTERM: said "died (exit code 0)" before, as if it had crashed
    [(signal.SIGKILL, "died (killed by SIGKILL)"), (signal.SIGTERM, "stopped (exit code 0)")],
)
def test_a_killed_fault_proxy_fails_the_run(
    tmp_path: Path, start_target: Callable[..., Target], sig: signal.Signals, ended: str
) -> None:
    """The run's fault proxy is killed (kill -9) while rows flow: its later steps would meet no faults, so the
    run is stopped when the proxy dies, not at its end, and fails (exit 3, run.json failed, saying which proxy
    died); the rows sent are kept and counted, never gated, the rest unsent."""
    target, upstream = start_target(), start_target()
    listen = f"127.0.0.1:{free_port()}"
    extra = (
        f'[[faults]]\nname = "model"\nupstream = "{upstream.url}"\nlisten = "{listen}"\nsteps = ["none"]\n'
        '[[faults.profiles]]\nname = "slow"\nrules = [{ type = "latency", delay = "1s" }]\n'
    )
    proc, out = _start(tmp_path, target, extra=extra)
    try:
        _flowing(target)
        children = psutil.Process(proc.pid).children(recursive=True)
        mitm = [p for p in children if "mitmdump" in " ".join(p.cmdline())]
        assert len(mitm) == 1
        mitm[0].send_signal(sig)
        _, err = proc.communicate(timeout=90)
    finally:
        proc.kill()
    assert proc.returncode == 3, err
    _settled_last(out, [p.pid for p in children])
    assert f"run {out} failed: fault proxy model {ended} during the run" in err, err
    assert f"fault proxy model {ended} during the run: stopping the run" in err, err
    assert "Traceback" not in err and err.strip().splitlines()[-1].startswith("replay: error: ")
    info = _every_row_once(open_run(out), target)
    assert info.status == Status.FAILED and info.counts is not None and info.counts.response > 0
    assert info.counts.unsent > 0, info.counts  # stopped when the proxy died, with the 8 s run far from done
    assert_bad_input(replay_here("report", str(out)), f"the run is unfinished: it failed: fault proxy model {ended}")


def test_fault_counters_that_cannot_be_saved_fail_the_run_in_numbers(
    tmp_path: Path, start_target: Callable[..., Target]
) -> None:
    """faults.json cannot be written at the run's end (here a directory in its place; a disk gone read-only
    mid-run in H148's battery): the run is still settled and said, exit 3 with its rows counted, not exit 2
    ("choose another path") with the run left 'running'."""
    target, upstream = start_target(), start_target()
    extra = (
        f'[[faults]]\nname = "m"\nupstream = "{upstream.url}"\nlisten = "127.0.0.1:{free_port()}"\nsteps = ["none"]\n'
    )
    load = "[sample]\nseed = 11\n[load]\n[[load.steps]]\nrate = 200\nduration = 2\n"
    proc, out = _start(tmp_path, target, extra=extra, load=load)
    try:
        _flowing(target, 50)
        (out / "faults.json").mkdir()
        _, err = proc.communicate(timeout=90)
    finally:
        proc.kill()
    lines = err.strip().splitlines()
    assert proc.returncode == 3 and len(lines) == 1, err
    assert lines[0].startswith(f"replay: error: run {out} failed: the fault proxies' counters could not be saved (")
    info = read_info(out)
    assert info.status == Status.FAILED and info.counts is not None and info.counts.written == 400


def test_an_interrupted_run_with_a_fault_proxy_says_one_line(
    tmp_path: Path, start_target: Callable[..., Target]
) -> None:
    """SIGTERM (as Ctrl-C) to 'replay run' with a fault proxy and a step starting every 0.1 s: the proxy is stopped
    with the other children, and the profile switches stop first (H148's battery, in 'replay demo': a switch
    after the proxy was gone added "fault proxy control ...: cannot reach it" before the one 'interrupted' line)."""
    target, upstream = start_target(), start_target()
    steps = 80
    extra = f'[[faults]]\nname = "m"\nupstream = "{upstream.url}"\nlisten = "127.0.0.1:{free_port()}"\n'
    extra += f"steps = {['none'] * steps}\n"
    load = "[sample]\nseed = 11\n[load]\n" + "[[load.steps]]\nrate = 100\nduration = 0.1\n" * steps
    proc, out = _start(tmp_path, target, extra=extra, load=load)
    try:
        _flowing(target, 100)
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=90)
    finally:
        proc.kill()
    assert proc.returncode == 130 and err.startswith(f"replay: error: interrupted; run {out} kept"), err
    assert len(err.strip().splitlines()) == 1, err


def test_a_run_whose_directory_went_away_failed(tmp_path: Path) -> None:
    """The run directory removed while the run wrote into it (a cleanup job): the run ended 'rmrun: no run.json;
    give a directory written by replay run', exit 2, as if the user had named the wrong directory."""
    from replay.errors import RunFailed
    from replay.runner.supervise import _outcome

    with pytest.raises(RunFailed, match=r"run .*gone failed: its directory was removed or moved while the run"):
        _outcome(tmp_path / "gone", "runner", 0, "", "")


def test_an_interrupt_after_a_complete_run_says_how_to_judge_it(tmp_path: Path) -> None:
    """A signal landing as the run completed, or while rehearse judged it, ended in 'interrupted' alone (or 'never
    gated'), though the run was whole and 'replay report' judges it."""
    from replay.pipeline import _judging
    from replay.runner.supervise import _kept
    from tests.report.rundir import Row, write_run

    write_run(tmp_path / "r", [Row()])
    said = f"run {tmp_path / 'r'} is complete but was not judged; judge it: replay report {tmp_path / 'r'}"
    assert _kept(tmp_path / "r", read_info(tmp_path / "r")) == said
    with pytest.raises(KeyboardInterrupt) as e, _judging(tmp_path / "r"):
        raise KeyboardInterrupt
    assert str(e.value) == said
    # a repeated rehearsal's repetition is judged with the others, in the rehearsal's directory
    from replay.runner.rundir import write_repeats

    write_repeats(tmp_path / "rep", 2)
    write_run(tmp_path / "rep" / "repeat-1", [Row()])
    said = f"judge it: replay report {tmp_path / 'rep'}"
    assert _kept(tmp_path / "rep" / "repeat-1", read_info(tmp_path / "rep" / "repeat-1")).endswith(said)


def test_a_report_that_cannot_be_written_after_a_complete_run_says_the_run_is_kept(tmp_path: Path) -> None:
    """rehearse's report refused by the disk or ``ulimit -f`` after the run ended said 'report.html: File too large'
    alone, exit 2, as if nothing were left: the run is whole, and 'replay report --out' writes its report elsewhere."""
    from replay.errors import PathError
    from replay.pipeline import _judging

    with pytest.raises(PathError) as e, _judging(tmp_path / "r"):
        raise PathError(f"{tmp_path}/r/report.html: File too large; raise the limit")
    assert str(e.value).endswith(
        f"raise the limit; run {tmp_path / 'r'} is complete and kept: report it elsewhere with replay report "
        f"{tmp_path / 'r'} --out DIR"
    )


def test_a_responses_writer_killed_before_the_start_fails_the_run_in_one_line(
    tmp_path: Path, start_target: Callable[..., Target]
) -> None:
    """H220's crash battery killed -9 the responses writer while it started: the runner died of the OSError its
    wait for the writer raised, and run.json's reason, the line 'replay run' printed, was that traceback's last
    lines ('File ".../results.py", line 321, in ready | ...'). The run fails saying what stopped, every row unsent."""
    target = start_target()
    proc, out = _start(tmp_path, target, load="[sample]\nseed = 11\n[load]\n[[load.steps]]\nrate = 20\nduration = 2\n")
    try:

        def writer() -> psutil.Process | None:
            for p in psutil.Process(proc.pid).children(recursive=True):
                with contextlib.suppress(psutil.Error):
                    if any("replay.runner.responses" in a for a in p.cmdline()):
                        return p
            return None

        wait_until(writer, 60, "the responses writer").send_signal(signal.SIGKILL)
        _, err = proc.communicate(timeout=90)
    finally:
        proc.kill()
    assert proc.returncode == 3 and err.count("\n") == 1 and "File " not in err, err
    info = read_info(out)
    assert info.status == Status.FAILED and "its writer process stopped (killed by SIGKILL)" in info.reason, info.reason
    assert info.counts is not None and info.counts.unsent == info.counts.planned == 40


def test_a_run_that_failed_as_it_started_keeps_the_reason_in_the_user_s_words(
    tmp_path: Path, start_target: Callable[..., Target], monkeypatch: pytest.MonkeyPatch
) -> None:
    """H220: a master killed -9 before it listened for workers ended 'replay run' in one line, and run.json's reason,
    which 'replay report' quotes, began "RunFailed: " (the generic handler put the exception's class first). The
    master's start fails here as it did there, by the RunFailed Child.wait_for raises."""
    from replay.errors import RunFailed
    from replay.runner import supervise

    def killed(*_: object) -> None:
        raise RunFailed("master was killed by SIGKILL before listening for workers")

    monkeypatch.setattr(supervise, "_start", killed)
    target = start_target()
    scenario, plan = write_inputs(tmp_path, target.url, [("GET", "/ok")], LOAD)
    out = tmp_path / "run"
    proc = replay_here("run", str(scenario), "--plan", str(plan), "--out", str(out))
    assert proc.returncode == 3 and proc.stderr.count("\n") == 1, proc.stderr
    info = read_info(out)
    assert info.status == Status.FAILED and info.reason == "master was killed by SIGKILL before listening for workers"
