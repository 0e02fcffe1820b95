"""Ending a run: what run.json says once a run is over, however it ended.

    finish(...)               the runner process, at the end of a run: rows without a result are
                              settled, then counts, summary, steps (stepstats.py) and per-worker
                              counts go into run.json with the final status
    fail_run(run_dir, why)    the supervisor, when the runner process died: the same, from the files
    open_run(path)            every reader: a run left ``starting``/``running`` by a supervisor that is
                              gone (kill -9, a reboot) is marked ``failed`` first, with the reason

A planned row without a result is *unknown* when it may have reached the target (its time came
while its worker was known to be alive: in flight, or sent and its result lost with the process)
and *unsent* when its time came after its worker was gone, so every planned row is counted once.
A run that got no response at all, only connection errors, failed too: the target vanished.
"""

from __future__ import annotations

import collections
import contextlib
import fcntl
import math
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from replay.console import warn
from replay.errors import BadInput, ReplayError
from replay.runner.prepare import assignment
from replay.runner.prepared import Prepared, load_prepared
from replay.runner.results import Result, ResultWriter, Run
from replay.runner.rundir import PROGRESS, RESPONSES, RESULTS, RUN, STALLS, run_file_there
from replay.runner.runinfo import (
    Counts,
    Generator,
    RunInfo,
    Status,
    Summary,
    WorkerCounts,
    read_info,
    write_info,
)
from replay.runner.stepstats import CpuSample, step_stats
from replay.util.procs import OUT_OF_FILES, more_open_files
from replay.util.stalls import read_stalls
from replay.util.stats import quantiles

__all__ = [
    "ALONE",
    "CONTACT_MARGIN",
    "JOINED",
    "MASTER_WAIT",
    "NO_MASTER",
    "REFUSED",
    "UNWRITTEN",
    "Ending",
    "WriterAlive",
    "due_times",
    "fail_run",
    "finish",
    "open_run",
    "row_result",
]

ALONE = 4.0  # seconds a worker may go on sending after the master's last sign (a heartbeat, then 3 s of silence)
MASTER_WAIT = 60.0  # seconds a worker waits for its master to answer by default ('replay worker --master-wait')
NO_MASTER = 4  # a worker process's exit code when no master answered within that wait
UNWRITTEN = 5  # a runner process's exit code when the run's end could not be written to run.json
JOINED = "replay worker: joined the master"  # what a worker process prints once its master answered
CONTACT_MARGIN = 1.0  # seconds after its last sign of life (a batch every 0.2 s) a process may still have sent rows
REFUSED = "connection refused"  # a result's error when nothing listened at the target (runner.client)
STOPPED_MIN_ROWS, STOPPED_SHARE = 20, 0.05  # refused rows after the last answer that say the target died
WRITER_WAIT = 30.0  # seconds a dead runner's responses writer, still writing, is waited for before its run is settled


class WriterAlive(BadInput):
    """A dead runner's responses writer still writes responses.jsonl ``WRITER_WAIT`` s on: the run cannot be settled
    yet. Bad input (exit 2) to a later command, which can be run again once it is gone; ``replay run``'s own end
    says it as the run's failure (exit 3), with ``still``: "its responses writer (pid N) still writes ..."."""

    def __init__(self, message: str, still: str) -> None:
        super().__init__(message)
        self.still = still


def row_result(prepared: Prepared, i: int, worker: int, intended: float, outcome: str, why: str) -> Result:
    """The result of plan row ``i`` that was not sent (or whose result is lost)."""
    c, vocab = prepared.columns, prepared.vocab
    step = int(c["step"][i])
    return Result(
        int(c["row"][i]),
        int(c["record"][i]),
        step,
        vocab["family"][c["family"][i]],
        vocab["perturbation"][c["perturbation"][i]],
        prepared.requests[c["req"][i]].endpoint,
        worker,
        intended,
        outcome,
        error=why,
        faults=prepared.steps[step].faults if step < len(prepared.steps) else "",
    )


@dataclass
class Ending:
    """How a run ended, as the process that saw it end knows it."""

    status: Status
    reason: str = ""
    workers: int = 1
    cutoff: dict[int, float] = field(default_factory=dict)  # worker -> last moment it may have sent
    lost: set[int] = field(default_factory=set)  # workers gone before finishing their rows
    cpu: list[CpuSample] = field(default_factory=list)  # of every worker
    cpu_seconds: float = 0.0
    release: dict[str, list[str]] = field(default_factory=dict)
    holder: np.ndarray | None = None  # the worker that last held each row (rows taken over); None: as dealt


def due_times(prepared: Prepared, start: float) -> np.ndarray:
    """The epoch each plan row is due: ``start`` plus its offset, or its step's start (closed steps)."""
    c = prepared.columns
    step_start = np.array([s.start for s in prepared.steps] or [0.0], dtype=np.float64)
    steps = np.clip(c["step"].astype(np.int64), 0, len(step_start) - 1)
    return start + np.where(np.isnan(c["offset"]), step_start[steps], c["offset"])


def _settle(prepared: Prepared, writer: ResultWriter, start: float | None, end: Ending) -> None:
    """A result for every row without one: skipped, unknown or unsent (see the module docstring)."""
    missing = np.flatnonzero(~writer.have)
    if not len(missing):
        return
    owner = end.holder if end.holder is not None else assignment(prepared, max(end.workers, 1))
    c = prepared.columns
    dues = due_times(prepared, start or 0.0)
    for i in missing.tolist():
        w = int(owner[i])
        due = float(dues[i])
        if c["skip"][i]:
            outcome, why = "skipped", "unsafe method not allowed by [target] allow_unsafe"
        elif start is not None and due <= end.cutoff.get(w, math.inf):
            outcome, why = "unknown", f"no result came back ({end.reason or end.status})"
        else:
            outcome, why = "unsent", f"not sent: {end.reason or end.status}"
        writer.add(row_result(prepared, i, w, due, outcome, why))


def _summary(cols: dict[str, np.ndarray]) -> Summary:
    out = Summary()
    for name in ("latency", "service", "send_lag", "ttfb"):
        for k, v in quantiles(cols[name], (50, 90, 99)).items():
            setattr(out, f"{name}_{k}", v)
    sent = cols["sent"][~np.isnan(cols["sent"])]
    out.send_rate = float(len(sent) / (sent.max() - sent.min())) if len(sent) > 1 else None
    return out


def _per_worker(prepared: Prepared, cols: dict[str, np.ndarray], end: Ending) -> list[WorkerCounts]:
    owner = assignment(prepared, max(end.workers, 1))
    dealt = owner[cols["row"].astype(np.int64)] if len(cols["row"]) else np.zeros(0, dtype=np.int64)
    out = []
    for w in range(end.workers):
        mine = cols["outcome"][cols["worker"] == w]
        out.append(
            WorkerCounts(
                worker=w,
                rows=int(np.sum(owner == w)),
                answered=int(np.sum(mine == "response")),
                unsent=int(np.sum(mine == "unsent")),
                unknown=int(np.sum(mine == "unknown")),
                lost=w in end.lost,
                taken_over=int(np.sum((dealt == w) & (cols["worker"] != w))),
            )
        )
    return out


# The columns _conclude reads (and row): half of them, read in 0.42 CPU-s where all took 0.62 (100,000 rows)
_CONCLUDED = (
    "step",
    "worker",
    "outcome",
    "error",
    "intended",
    "sent",
    "send_lag",
    "queued",
    "machine_lag",
    "latency",
    "service",
    "ttfb",
)


def _no_response(cols: dict[str, np.ndarray], errors: int) -> str:
    """Why a run whose every row failed before an HTTP response failed, by its commonest error: a target
    that refused every connection vanished; one that answered with what is no HTTP (garbage, a bad length
    or chunk, a close mid-response) is there, and its answer is what to look at."""
    kinds, counts = np.unique(cols["error"][cols["outcome"] == "error"], return_counts=True)
    top = str(kinds[counts.argmax()]) if len(kinds) else REFUSED
    if top == REFUSED:
        return f"the target vanished: no request got a response, {errors:,} connection errors"
    return (
        f"the target gave no HTTP response to any request: {errors:,} errors, {int(counts.max()):,} of them "
        f"'{top}'; check that the target speaks HTTP/1.1 at its base_url"
    )


def _out_of_files(cols: dict[str, np.ndarray]) -> str:
    """Why a run whose runner ran out of open files failed ("" when it did not): those rows never reached the
    target, and judged as its errors they were the release's failure ("the target gave no HTTP response to any
    request ...; check that the target speaks HTTP/1.1", or a rate of errors in the report)."""
    errors = cols["error"][cols["outcome"] == "error"]
    own = sum(OUT_OF_FILES in str(e) for e in errors)
    if not own:
        return ""
    return (
        f"the runner ran out of open files (ulimit -n {more_open_files()[0]}): {own:,} rows failed in replay itself, "
        "never reaching the target; raise the limit (its hard limit too: ulimit -Hn) and run again"
    )


def _stopped_answering(cols: dict[str, np.ndarray], start: float | None) -> str:
    """Why the run is no rehearsal of its plan when the target died during it ("" when it did not): every
    row sent after its last answer was refused (nothing listened any more), and they are past a few (a
    twentieth of the rows sent, 20 at least). An overloaded target times out, resets or sheds with a
    status; a refusal to the end of the run is a process gone, and the plan's later rows met nothing."""
    sent = cols["sent"]
    answered = np.isin(cols["outcome"], ("response", "timeout")) & ~np.isnan(sent)
    if not answered.any():
        return ""
    last = float(sent[answered].max())
    after = ~np.isnan(sent) & (sent > last)
    refusals = cols["error"] == REFUSED
    refused = int(np.sum(after & refusals))
    total = int(np.sum(~np.isnan(sent)))
    if refused < max(STOPPED_MIN_ROWS, total * STOPPED_SHARE) or refused < int(after.sum()):
        return ""
    # Rows sent before the last answer and refused too (in flight as it died, retried into nothing): said, so the
    # count adds up to the run's errors (H204: "750 rows sent after its last answer" beside error=752)
    before = int(np.sum(~after & refusals))
    also = f", as {'was' if before == 1 else 'were'} {before:,} sent before it" if before else ""
    return (
        f"the target stopped answering {last - (start or last):.1f} s into the run: the {refused:,} rows sent "
        f"after its last answer ({refused / total:.0%} of {total:,} sent) were all refused (nothing listened){also}; "
        "the release died under the plan, or was stopped, and the rest of the plan was not rehearsed"
    )


def _conclude(run: Run, prepared: Prepared, counts: dict[str, int], end: Ending) -> RunInfo:
    """Counts, summary, steps and per-worker counts of the results on disk, and the final status."""
    info, cols = run.info, run.columns(_CONCLUDED)
    status, reason = end.status, end.reason
    info.counts = Counts.of(len(prepared), counts, written=len(cols["row"]))
    if status == Status.COMPLETE and (why := _out_of_files(cols)):
        status, reason = Status.FAILED, why
    elif status == Status.COMPLETE and info.counts.response == 0 and info.counts.error:
        status, reason = Status.FAILED, _no_response(cols, info.counts.error)
    elif status == Status.COMPLETE and (why := _stopped_answering(cols, info.start)):
        status, reason = Status.FAILED, why
    sent = int(np.sum(~np.isnan(cols["sent"])))
    info.status, info.reason, info.finished = status, reason, time.time()
    info.summary = _summary(cols)
    stalls = _stalls(run.path / STALLS) if (run.path / STALLS).exists() else None  # None: no probe ran
    info.steps = step_stats(prepared.steps, cols, info.start or 0.0, end.cpu, stalls)
    info.per_worker = _per_worker(prepared, cols, end) if end.workers > 1 else []
    info.release = end.release
    info.generator = Generator(end.cpu_seconds, end.cpu_seconds / max(1, sent))
    return info


def _stalls(path: Path) -> list[tuple[float, float]]:
    """The machine's stops the probe wrote. Lines that are none are said in one warning and skipped, not
    refused as other damaged run files are: the stops only explain the generator's lateness in the steps'
    figures, never a row's class."""
    windows, bad = read_stalls(path)
    if bad:
        where = ", ".join(map(str, bad[:5])) + (" ..." if len(bad) > 5 else "")
        lines = f"{len(bad):,} damaged line{'s' if len(bad) > 1 else ''} (line {where})"
        warn(f"{path}: {lines} skipped, the rest read (any stop of the machine they held is uncounted)")
    return windows


def finish(run: Run, prepared: Prepared, writer: ResultWriter, end: Ending) -> RunInfo:
    """Settle the rows without a result, close the results and write the run's summary into run.json."""
    _settle(prepared, writer, run.info.start, end)
    writer.close()
    if said := writer.failure():
        end.status = Status.FAILED
        # the master's own reason when it stopped for this error: said once, not again in brackets
        end.reason = said if end.reason == said else f"{said} ({end.reason or 'no more'})"
    info = _conclude(run, prepared, writer.counts, end)
    if writer.responses_error is not None and info.counts is not None:
        info.counts.responses_lost = _responses_lost(run)
    write_info(run.path, info)
    return info


def _responses_lost(run: Run) -> int:
    """The answered rows (a status) whose response responses.jsonl lacks: its writer died, the disk did not."""
    cols = run.columns(("status",))
    answered = set(cols["row"][cols["status"] > 0].tolist())
    return len(answered - set(run.response_rows()))


def fail_run(run_dir: Path, reason: str, cutoff: float | None = None, status: Status = Status.FAILED) -> RunInfo:
    """Mark a run whose runner process died ``status`` (failed) with ``reason``, from its files: rows
    without a result are unknown when due by ``cutoff`` (default: now), else unsent. A run directory
    that cannot be written (read-only, disk full) is marked so in memory only. A responses writer the runner
    left, still writing, is waited for first (``WRITER_WAIT`` s; WriterAlive past that)."""
    info = read_info(run_dir)
    if not info.status.final:
        _writer_gone(run_dir)
        info = read_info(run_dir)  # again: a runner still alive (its supervisor gone) settles it as its writer ends
    if info.status.final:
        return info
    run = Run(run_dir, info)
    workers = max(info.workers or 1, 1)
    end = Ending(status, reason, workers, dict.fromkeys(range(-1, workers), cutoff or time.time()))
    prepared = None
    try:
        prepared = load_prepared(run_dir)
        writer = ResultWriter(run_dir, len(prepared))
    except Exception as e:  # whatever is broken, the run is still marked failed
        info.status, info.reason, info.finished = status, f"{reason} (results not settled: {e})", time.time()
        info.counts = info.counts or _counted(run, info.plan.rows if prepared is None else len(prepared))
    else:
        writer.resume(run.columns(("outcome",)))
        _settle(prepared, writer, info.start, end)
        writer.close()
        info = _conclude(run, prepared, writer.counts, end)
    _count_lost_responses(run, info)
    with contextlib.suppress(OSError):  # read-only or full: the reader still sees it failed
        write_info(run_dir, info)
    return info


def _writer_gone(run_dir: Path) -> None:
    """Until no responses writer holds responses.jsonl (its lock, for its life: replay.runner.responses), for
    ``WRITER_WAIT`` s; WriterAlive then. Why: a writer orphaned when its runner and 'replay run' were killed writes on
    into the run directory, and settling the run meanwhile cut a torn tail off the file it appended to, and counted
    responses it was still to write as lost."""
    path = run_dir / RESPONSES
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return  # none: nothing writes it; unreadable: the settling says so
    try:
        deadline = time.monotonic() + WRITER_WAIT
        pid: int | None = None
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                pass
            except OSError:
                return  # a file system without locks: nothing to go by
            if pid is None:  # the first time only: the holder does not change while it holds the lock
                pid = _lock_holder(path) or 0
                who = f"its responses writer (pid {pid})" if pid else "its responses writer"
                warn(f"{run_dir}: {who}, left by its dead runner, still writes {RESPONSES}: waiting for it")
            if time.monotonic() >= deadline:
                raise WriterAlive(
                    f"{run_dir}: {who}, left by its dead runner, still writes {RESPONSES} {WRITER_WAIT:.0f} s on; "
                    "let it finish and run this again, or stop it" + (f" (kill {pid})" if pid else ""),
                    f"{who} still writes {RESPONSES} {WRITER_WAIT:.0f} s on",
                )
            time.sleep(0.1)
    finally:
        os.close(fd)


def _lock_holder(path: Path) -> int | None:
    """The process holding a flock on ``path``, from /proc/locks (Linux); None where that is unknown."""
    try:
        st = path.stat()
        locks = Path("/proc/locks").read_text()
    except OSError:
        return None
    inode = f"{os.major(st.st_dev):02x}:{os.minor(st.st_dev):02x}:{st.st_ino}"
    for line in locks.splitlines():
        fields = line.split()  # "1: FLOCK  ADVISORY  WRITE 1234 00:2a:5678 0 EOF"
        if len(fields) > 5 and fields[1] == "FLOCK" and fields[5] == inode:
            return int(fields[4])
    return None


def _count_lost_responses(run: Run, info: RunInfo) -> None:
    """The answered rows of a dead run whose response responses.jsonl lacks, into ``info``'s counts, or its reason
    saying they could not be counted. Why: the responses its runner held (not yet handed to their writer, or handed
    to one killed) were lost unsaid, the failure counting only rows."""
    try:
        lost = _responses_lost(run)
    except (ReplayError, OSError) as e:
        info.reason += f"; the answered rows whose response was lost could not be counted ({e})"
        return
    if info.counts is not None:
        info.counts.responses_lost = lost
    elif lost:
        info.reason += f"; {RESPONSES} lacks the responses of {lost:,} answered rows"


def _counted(run: Run, planned: int) -> Counts | None:
    """The rows with a result by outcome, every other row unknown: a run whose directory cannot be written
    (gone read-only) is not settled, but still says its loss in numbers. None when the results are unreadable."""
    try:
        outcomes = collections.Counter(run.columns(("outcome",))["outcome"].tolist())
    except (ReplayError, OSError):
        return None
    written = outcomes.total()
    outcomes["unknown"] += max(0, planned - written)
    return Counts.of(max(planned, written), outcomes, written) if planned or written else None


def _last_sign(run_dir: Path) -> float:
    """When the run's processes last wrote anything, plus the time its workers may have gone on alone."""
    times = []
    for name in (RUN, RESULTS, PROGRESS):
        with contextlib.suppress(OSError):
            times.append((run_dir / name).stat().st_mtime)
    return max(times, default=0.0) + ALONE + CONTACT_MARGIN


def open_run(path: str | Path) -> Run:
    """The run directory at ``path``; BadInput in one line when it holds no run this replay reads. A run
    left ``starting``/``running`` by a supervising process that is gone is marked ``failed`` first."""
    path = Path(path)
    info = read_info(path)
    runner = info.runner
    if not info.status.final and runner is not None and runner.gone():
        why = (
            f"its runner (pid {runner.pid} on {runner.host}) is gone without writing the run's end: it was killed, "
            "or its disk refused the write (gone read-only or failing)"
        )
        info = fail_run(path, why, _last_sign(path))
    counts = info.counts
    # A run directory copied in part: without responses.jsonl every row was judged an error (exit 1, a
    # failed release) where the loss was the copy's. A directory in a file's place is said whatever the counts:
    # a run of no row written (cut short) was read on, and its open said "Is a directory; name a file".
    for name, n, noun in (
        (RESULTS, counts and counts.written, "results"),
        (RESPONSES, counts and counts.response, "responses"),
    ):
        there = run_file_there(path / name)
        if info.status.final and n and not there:
            raise BadInput(
                f"{path}: {name} is missing, though run.json counts {n:,} {noun}; "
                "copy the run directory whole, or re-run"
            )
    return Run(path, info)
