"""Start a run and see it through: check every input before any load, write the run directory,
run Locust in child processes (``python -m replay.runner``: one local process, or a master and
workers on this machine plus any joining from other hosts), follow it, and stop every child on
every exit path. This process never imports locust.

The run always ends in a final state in run.json. The runner process settles it; when that process
dies (kill -9, out of memory) this one does (replay.runner.settle.fail_run), once every process of
the run is gone: the runner's responses writer, which outlives it to write what it was handed, is
waited for (``DRAIN_WAIT``, then killed, said in the reason), so the run directory does not change
after it is settled. A worker that dies is noticed by the master, which stops the others and ends
the run ``failed``; ``execute`` then raises RunFailed (exit 3), or KeyboardInterrupt (exit 130)
when this command was interrupted (a runner process stopped by a signal from elsewhere is a
failure, exit 3). With ``[run] on_worker_loss = "reassign"`` the others take its rows over instead
and the run goes on (replay.runner.reassign).
"""

from __future__ import annotations

import contextlib
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import orjson

from replay import __version__
from replay.config.scenario import Scenario
from replay.console import held_warnings, note, progress, warn
from replay.errors import BadInput, CaptureError, ReplayError, RunFailed
from replay.exchange.sources import capture_files, digest_matches, sha256_of
from replay.runner.faults import FaultSession, plan_faults
from replay.runner.gate import env_token
from replay.runner.prepare import check_belongs, check_reachable, check_target, prepare
from replay.runner.prepared import Prepared, save_prepared
from replay.runner.results import Run
from replay.runner.rundir import LOGS, MASTER, PROGRESS, RUN, STALLS, judged_in, made, reserve, write_scenario
from replay.runner.runinfo import (
    STOPPED_BY_SIGNAL,
    PlanRef,
    RunInfo,
    RunnerRef,
    ScenarioRef,
    Status,
    held,
    read_info,
    write_info,
)
from replay.runner.settle import UNWRITTEN, WriterAlive, fail_run
from replay.runner.stepstats import stopped
from replay.shape.plan import Plan
from replay.util.hostport import check_bind, check_port_free, join_hostport, parse_hostport
from replay.util.outputs import check_output
from replay.util.procs import Child, Children, adopting_orphans, how_it_ended, sigterm_as_interrupt
from replay.util.stalls import StallProbe

__all__ = ["RUNNER", "Launch", "execute", "summary_line"]

RUNNER = [sys.executable, "-m", "replay.runner"]
LOSS_WAIT = 30.0  # seconds the master gets to settle a run after one of our workers died
STOP_FIRST = 15.0  # seconds an interrupted master gets to stop its workers (5 s) and settle the run
DRAIN_WAIT = 30.0  # seconds a dead runner's responses writer gets to write what it holds before it is killed
WORKER_WAIT = 60.0  # seconds a master waits for its workers by default (--expect-workers-max-wait)
# The most workers from other hosts one master waits for (--expect-workers): far past what one Locust master
# drives (its heartbeats and stats from every worker go through one process), not a typo of millions.
REMOTE_WORKERS_MAX = 1024


@dataclass(frozen=True)
class Launch:
    """Where the run's processes go: ``workers`` here, ``expect_workers`` joining from other hosts."""

    workers: int = 0
    expect_workers: int = 0
    master_bind: str = "127.0.0.1:0"
    web: bool = False
    web_port: int = 8089
    allow_remote: bool = False  # let the master listen where other machines reach it
    worker_wait: float = WORKER_WAIT  # seconds the master waits for all its workers


MASTER_DANGER = (
    "any machine that reaches it can join as a worker and receive the plan's requests, captured bodies "
    "included (set REPLAY_TOKEN here and on every worker so that only they are dealt a shard)"
)


def _check_capture(plan: Plan) -> Path:
    cap = plan.header.capture
    path = Path(cap.path)
    if not _present(path) and plan.path is not None and _present(plan.path.parent / path):
        path = plan.path.parent / path  # a relative path from where the plan was sampled
    if not _present(path):
        raise BadInput(
            f"{plan.path}: its capture {path} is missing; put it back or re-sample from the capture you have"
        )
    if cap.digest and not digest_matches(path, cap.digest):
        raise BadInput(f"{plan.path}: its capture {path} changed since the plan was sampled; re-sample the plan")
    return path


def _present(source: Path) -> bool:
    """Whether every file of a capture source (a file, a directory, a glob, several) is there."""
    try:
        return all(f.is_file() for f in capture_files(source))
    except CaptureError:
        return False


def _check_workers(scenario: Scenario, plan: Plan, workers: int) -> None:
    users = [s.users or 0 for s in plan.header.load.steps]
    if plan.header.load.model == "closed" and workers > min(users, default=0):
        raise scenario.error(
            "load.steps", f"a step has {min(users)} users, fewer than the {workers} workers; use fewer"
        )


def _wait(
    main: Child,
    workers: list[Child],
    run_dir: Path,
    planned: int,
    reassign: bool = False,
    remote: int = 0,
    dead: Callable[[], str] = str,
) -> str:
    """Until the runner exits; a progress bar on a terminal. A worker of ours that dies is left to the
    master to settle (it stops the others, or with ``reassign`` has the others take its rows over), for
    LOSS_WAIT at most once nothing is left to take over. ``dead`` says what else died that the run needs
    (a fault proxy): the runner is stopped then, its later rows unsent. Returns what died ("" if none)."""
    died, until = "", None
    with progress("replaying", total=planned) as tick:
        while main.alive and (until is None or time.monotonic() < until):
            for w in workers:
                if not died and not w.alive and w.proc.returncode != 0:
                    died = f"a worker process died ({how_it_ended(w.proc.returncode)})"
            if not died and (died := dead()):
                warn(f"{died}: stopping the run; the rows sent so far are kept, not judged")
                with contextlib.suppress(ProcessLookupError):
                    main.proc.send_signal(signal.SIGTERM)  # it settles the run as stopped, its rows kept
            if died and until is None and not (reassign and (remote or any(w.alive for w in workers))):
                until = time.monotonic() + LOSS_WAIT
            if died and _not_started(run_dir):
                break  # nothing sent yet: nothing for the master to settle
            with contextlib.suppress(OSError, orjson.JSONDecodeError, KeyError, TypeError):
                tick(orjson.loads((run_dir / PROGRESS).read_bytes())["done"])
            main.nap(0.2)
    return died


def _not_started(run_dir: Path) -> bool:
    try:
        return read_info(run_dir).status == Status.STARTING
    except ReplayError:
        return False


def summary_line(run_dir: Path, info: RunInfo) -> str:
    """The run in one line, a line per lost worker, per generator-bound step, and per step whose rows
    were late (generator lag p99 over 1 ms) a tenth or more of it for want of a core (the machine's)."""
    c, s = info.counts, info.summary

    def ms(key: str) -> str:
        v = None if s is None else getattr(s, key)
        return "-" if v is None else f"{v * 1000:.1f} ms"

    line = f"run {run_dir}: {info.status}"
    if c is not None:
        line += (
            f"; {c.planned:,} rows: {c.response:,} answered, {c.timeout:,} timed out, {c.error:,} errors, "
            f"{c.cancelled:,} cancelled, {c.dropped:,} dropped, {c.skipped:,} skipped"
        )
        line += f", {c.unsent:,} unsent, {c.unknown:,} unknown" if c.unsent or c.unknown else ""
    line += (
        f"; latency p50 {ms('latency_p50')} p99 {ms('latency_p99')}, service p99 {ms('service_p99')}, "
        f"send lag p99 {ms('send_lag_p99')}"
    )
    lost = [
        f"worker {w.worker} lost: of its {w.rows:,} rows {w.answered:,} answered, {w.unknown:,} unknown, "
        f"{w.unsent:,} unsent" + (f", {w.taken_over:,} sent by the other workers" if w.taken_over else "")
        for w in info.per_worker
        if w.lost
    ]
    bound = [
        f"generator-bound step {st.index}: {'; '.join(st.bound_reasons)}" for st in info.steps if st.generator_bound
    ]
    machine = [  # lateness the machine caused, said even where the step was not generator-bound
        f"step {st.index}: {st.machine_lag_share:.0%} of the generator's lateness was waiting for a core "
        f"(other processes on its machine); its own lag p99 {st.own_lag_p99 * 1000:.1f} ms"
        for st in info.steps
        if st.machine_lag_share is not None
        and st.machine_lag_share >= 0.1
        and st.own_lag_p99 is not None
        and (st.generator_lag_p99 or 0.0) > 0.001
    ]
    stops = [  # said where no step was generator-bound too: the rows' lateness was not the generator's
        f"step {st.index}{stopped(st)}"
        for st in info.steps
        if st.late_near_stall is not None and st.late_near_stall >= 0.1 and not st.generator_bound
    ]
    return "\n".join([line, *lost, *bound, *machine, *stops])


def _master_port(run_dir: Path) -> int | None:
    try:
        return int(orjson.loads((run_dir / MASTER).read_bytes())["port"])
    except (OSError, orjson.JSONDecodeError, KeyError, TypeError, ValueError):
        return None


def new_info(run_id: str, scenario: Scenario, plan: Plan, prepared: Prepared, as_run: str) -> RunInfo:
    """run.json of a run about to start, naming this process as its supervisor; ``as_run``: the digest of the
    scenario as written into the run directory."""
    return RunInfo(
        id=run_id,
        replay=__version__,
        status=Status.STARTING,
        runner=RunnerRef.here(),
        created=time.time(),
        target=prepared.base_url,
        scenario=ScenarioRef(
            str(scenario.path) if scenario.path else None,
            scenario.digest,
            scenario.name,
            list(scenario.overrides),
            as_run,
        ),
        plan=PlanRef(str(plan.path or ""), sha256_of(plan.path) if plan.path else None, len(plan), plan.header.seed),
        capture=plan.header.capture,
        model=prepared.model,
        planned_steps=prepared.steps,
    )


def _outcome(
    run_dir: Path, runner: str, code: int | None, tail: str, died: str, spoiled: str = "", left: str = ""
) -> Run:
    """The finished run; RunFailed (exit 3) when it failed or a signal from elsewhere stopped it (this command's own
    interrupt never gets here).
    A run the runner process left unfinished (it died) is marked failed here, and so is a complete one
    ``spoiled`` (its faults not injected as planned): its rows are kept, never gated. ``left``: what the processes
    it left behind lost (``_killed_writer``)."""
    if not (run_dir / RUN).is_file():  # read_info's "no run.json; give a directory 'replay run' wrote", exit 2
        raise RunFailed(
            f"run {run_dir} failed: its directory was removed or moved while the run wrote into it, and what the "
            "run recorded went with it"
        )
    info = read_info(run_dir)
    if info.status == Status.COMPLETE and spoiled:
        info.status, info.reason = Status.FAILED, f"{spoiled}; its results are kept, but not as the scenario's steps"
        with contextlib.suppress(OSError):
            write_info(run_dir, info)
    if not info.status.final:
        said = f": {tail}" if tail.strip() else ""  # a process killed with nothing printed: no empty ": ;"
        if code == UNWRITTEN:  # its log, on the same disk, may hold nothing: its exit code is all it could say
            said = f"the {runner} process could not write the run's end to {RUN} (its disk read-only, full or failing)"
        else:
            said = f"the {runner} process died ({how_it_ended(code)}){said}"
        reason = (died or said) + (f"; {left}" if left else "")
        try:
            info = fail_run(run_dir, reason)
        except WriterAlive as e:  # stuck in uninterruptible I/O, past SIGKILL: this run could not complete (exit 3)
            raise RunFailed(
                f"run {run_dir} failed: {reason}; {e.still}, so {RUN} is not settled; once it is gone, judge what it "
                f"ran: replay report {run_dir} --partial"
            ) from None
    elif died and info.status != Status.COMPLETE and died not in info.reason:
        # the master settled the run, or was stopped here because of the death (then it says interrupted)
        why = info.reason if info.status == Status.FAILED else "the run was stopped"
        info.status, info.reason = Status.FAILED, f"{died}: {why}"
        with contextlib.suppress(OSError):
            write_info(run_dir, info)
    if info.status == Status.INTERRUPTED:
        # Not by this command (its own Ctrl-C or SIGTERM ends in execute's KeyboardInterrupt): a signal from
        # elsewhere stopped one of the run's processes, a loss to report (exit 3), never the user's "interrupted".
        said = f"the {runner} process was stopped by a signal replay did not send"
        info.status, info.reason = Status.FAILED, said if info.reason == STOPPED_BY_SIGNAL else info.reason
        with contextlib.suppress(OSError):
            write_info(run_dir, info)
    if info.status == Status.FAILED:
        raise RunFailed(f"run {run_dir} failed: {info.failure()}")
    return Run(run_dir, info)


def _killed_writer(runner: str) -> str:
    """What a dead runner's responses writer that had to be killed lost (``DRAIN_WAIT``)."""
    return (
        f"its responses writer had not finished {DRAIN_WAIT:.0f} s after the {runner} process died and was killed "
        "(SIGKILL): the responses it held are lost"
    )


def unjudged(run_dir: Path) -> str:
    """What an interrupt after a run completed leaves: the run, whole, not judged ('interrupted' alone said
    nothing of it, nor that it was whole)."""
    return f"run {run_dir} is complete but was not judged; judge it: replay report {judged_in(run_dir)}"


def _kept(run_dir: Path, info: RunInfo | None) -> str:
    """What an interrupted run kept, in numbers, for the line the command ends with ('interrupted' alone left
    the user to find out whether anything was sent, and where it went)."""
    c = info.counts if info is not None else None
    if info is not None and info.status == Status.COMPLETE:  # the signal came as the run ended
        return unjudged(run_dir)
    if c is None:
        return f"run {run_dir} kept as it was, never gated"
    rest = c.planned - c.response - c.unsent
    return (
        f"run {run_dir} kept, never gated: of its {c.planned:,} rows {c.response:,} answered, {c.unsent:,} unsent"
        + (f", {rest:,} not answered (timed out, failed or cut short)" if rest else "")
        + (f"; judge what it ran: replay report {judged_in(run_dir)} --partial" if c.response else "")
    )


def _start(children: Children, run_dir: Path, launch: Launch, bind: tuple[str, int]) -> tuple[Child, list[Child]]:
    """The runner process (local, or a master and our workers)."""
    web_args = ["--web-port", str(launch.web_port)] if launch.web else []
    total, logs = launch.workers + launch.expect_workers, run_dir / LOGS
    if total == 0:
        return children.start("runner", [*RUNNER, "local", str(run_dir), *web_args], log_dir=logs, rest=DRAIN_WAIT), []
    argv = [*RUNNER, "master", str(run_dir), "--bind", launch.master_bind, "--workers", str(total)]
    argv += ["--wait", str(launch.worker_wait)]
    main = children.start("master", [*argv, *web_args], log_dir=logs, rest=DRAIN_WAIT)
    port = main.wait_for(lambda: _master_port(run_dir), 60, "listening for workers")
    address = join_hostport("127.0.0.1" if bind[0] in ("0.0.0.0", "*", "::") else bind[0], port)
    workers = [
        children.start(f"worker-{i}", [*RUNNER, "worker", "--master", address], log_dir=logs)
        for i in range(launch.workers)
    ]
    if launch.expect_workers:
        note(f"master waits for {launch.expect_workers} more: replay worker --master {address}")
    return main, workers


def execute(scenario: Scenario, plan: Plan, out: Path | None = None, launch: Launch | None = None) -> Run:
    """Replay ``plan`` against the scenario's target, open-loop, into ``out`` (default runs/<id>/)."""
    launch = launch or Launch()
    total = launch.workers + launch.expect_workers
    if out is not None:
        check_output(out, directory=True)
    check_belongs(plan, scenario)
    check_target(scenario)
    _check_workers(scenario, plan, max(total, 1))
    bind = parse_hostport(launch.master_bind, "--master-bind")
    # --allow-remote's warning and the capture's (a torn last line): said only if the run goes on, the target
    # there to run against and the master's port free
    with held_warnings():
        check_bind(bind[0], "--master-bind", launch.allow_remote, MASTER_DANGER)
        if total:  # before any load: Locust's bind failure is a traceback in the master's log
            check_port_free(*bind, what="--master-bind")
            env_token()
        if launch.web:  # else the web UI announced would be another process's port
            check_port_free("127.0.0.1", launch.web_port, "--web-port")
        prepared = prepare(scenario, plan, _check_capture(plan))
        plan_faults(scenario, prepared.steps)
        check_reachable(scenario.target.base_url, scenario.client.connect_timeout)

    with made(out, held) as (run_dir, run_id):
        reserve(run_dir)  # room for the final run.json, should the disk fill
        as_run = write_scenario(run_dir, scenario.source)
        save_prepared(prepared, run_dir)
        write_info(run_dir, new_info(run_id, scenario, plan, prepared, as_run))
    runner = "runner" if total == 0 else "master"
    try:
        # A dead runner's responses writer comes here, to be waited for and reaped as the children stop (DRAIN_WAIT).
        with adopting_orphans(), sigterm_as_interrupt(), Children() as children:
            faults = FaultSession.start(children, scenario.faults, run_dir)  # switches profiles at step starts
            # Stops of this machine, read by the runner as the run settles; not where workers on other
            # hosts send rows too: their rows would be weighed against this host's stops.
            probe = StallProbe(run_dir / STALLS).start() if not launch.expect_workers else None
            try:
                main, workers_here = _start(children, run_dir, launch, bind)
                if launch.web:
                    note(f"Locust web UI: http://127.0.0.1:{launch.web_port}")
                reassign = scenario.run.on_worker_loss == "reassign"
                remote = launch.expect_workers
                try:
                    died = _wait(main, workers_here, run_dir, len(prepared), reassign, remote, faults.dead)
                except KeyboardInterrupt:
                    # The master first (the children stop newest first): it marks the run interrupted, then
                    # stops its workers; a worker stopped before it would read as that worker's own stop.
                    main.stop(STOP_FIRST)
                    raise
            finally:
                faults.close()  # no profile switch once the run is over: on an interrupt its proxies stop next
                if probe is not None:
                    probe.stop()
            try:
                faults.finish(run_dir)
                unsaved = ""
            except OSError as e:  # a disk gone read-only or full: the run is still settled and said in numbers
                unsaved = f"the fault proxies' counters could not be saved ({e.strerror or e})"
            spoiled = faults.failure() or unsaved  # before the children stop: a proxy found dead now died in the run
            tail, code = main.tail(), main.proc.poll()
    except KeyboardInterrupt:
        info = None
        with contextlib.suppress(ReplayError, OSError):  # the runner marks it interrupted; if it could not
            info = fail_run(run_dir, "stopped by a signal (Ctrl-C, SIGTERM or SIGHUP)", status=Status.INTERRUPTED)
        raise KeyboardInterrupt(_kept(run_dir, info)) from None
    except BaseException as e:
        # A ReplayError is said in the user's words, its class only how replay exits ("RunFailed: master was killed
        # ..." read as Python's); anything else is a bug, whose class is the first thing to know of it.
        with contextlib.suppress(ReplayError, OSError):
            fail_run(run_dir, str(e) if isinstance(e, ReplayError) else f"{type(e).__name__}: {e}")
        raise
    # Read once the children have stopped: the runner's stop is what waits for its responses writer.
    left = _killed_writer(runner) if main.rest_killed else ""
    return _outcome(run_dir, runner, code, tail, died, spoiled, left)
