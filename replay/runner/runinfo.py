"""``run.json`` as typed records: what the runner writes and the judge, the collapse analysis and the
report read (``RunInfo`` and the step table, counts and summary inside it).

    format "replay-run", version 3 (2 still read), id, replay (tool version)
    status        starting -> running -> complete | interrupted | failed; ``reason`` says why it failed
    runner        {pid, host, started} of the process that supervises the run: a later command that
                  finds the run ``starting``/``running`` with that process gone marks it ``failed``
    created/start/finished (epoch; ``start`` is offset 0 of the plan), target, model (open|closed)
    scenario {path, sha256, name, overrides, as_run ("sha256:HEX" of scenario.toml as written)},
    plan {path, sha256, rows, seed},
    capture {path, digest "xxh3_128:HEX" (version 2: sha256), records}
    workers, planned_steps (index, start, duration, rows, rate, users, faults)
    once finished:
      counts      planned, written and one per outcome (see OUTCOMES); the outcomes add up to planned
      per_worker  per worker: rows dealt, answered, unsent, unknown, whether it was lost, and how
                  many of its rows others took over ([run] on_worker_loss = "reassign")
      summary     latency/service/send_lag/ttfb p50/p90/p99 (exact nearest rank), send_rate
      steps       planned_steps plus sent, dropped, unsent, send_lag_* and generator_lag_* (p50/p99/max),
                  cpu_mean, cpu_max, cpu_wait_mean (the machine's share), machine_lag_*/own_lag_p99,
                  stalls, stall_seconds, late_near_stall (stops of the whole machine), generator_bound,
                  bound_reasons
      release     {header: [values seen]}, generator {cpu_seconds, cpu_per_row}

Read back, every number is checked against its field's bounds and the steps and counts against each other
(``problem``): a hand edit (a count of -5, a step of 1e308 rows/s) is refused in one line, not reported.

Outcomes of a row: response (any status), timeout, cancelled (the user gave up), error (connection
refused/reset/closed), dropped (every in-flight slot busy at its time), skipped (an unsafe method the
scenario does not allow), unsent (never sent: a closed step ended, the run stopped, or its worker was
gone before its time), unknown (may have reached the target, but no result came back: in flight when
the run stopped or its worker or the master died).
"""

from __future__ import annotations

import dataclasses
import errno
import itertools
import math
import os
import socket
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from enum import StrEnum
from pathlib import Path

import orjson

from replay.config.loader import MAX_DURATION_DAYS, MAX_RATE
from replay.errors import BadInput, os_reason
from replay.runner.rundir import FORMAT, RESPONSES, RESULTS, RUN, VERSION, check_format, damaged, release, write_json
from replay.shape.header import CaptureRef
from replay.util.records import JsonRecord

__all__ = [
    "NOT_RUN",
    "OUTCOMES",
    "STOPPED_BY_SIGNAL",
    "CaptureRef",
    "Counts",
    "Generator",
    "PlanRef",
    "PlannedStep",
    "RunInfo",
    "RunnerRef",
    "ScenarioRef",
    "Status",
    "StepStats",
    "Summary",
    "WorkerCounts",
    "held",
    "parent_gone",
    "problem",
    "read_info",
    "worker_stopped",
    "write_info",
]

# The reason a runner process that was sent SIGTERM (or Ctrl-C) gives its run ("interrupted").
STOPPED_BY_SIGNAL = "stopped by a signal (Ctrl-C or SIGTERM)"


def parent_gone(pid: int) -> str:
    """The reason a runner process whose parent (``pid``: 'replay run', 'rehearse' or 'demo') died gives its run
    ("failed"): nothing was left to see it through, and no user asked it to stop."""
    return f"the process that started the runner (pid {pid}) died mid-run (kill -9, or the out-of-memory killer)"


def worker_stopped(worker: int, shards: Sequence[tuple[int, int]]) -> str:
    """Why the run ended when worker ``worker`` stopped on its own, with, for each shard it held (its own, and any it
    took over from a lost worker), how many of its rows were never sent and how many sends were given up without an
    answer. Why both: a worker stopped after its last row went out was said to have stopped "before its rows were
    through", and the run's counts showed none unsent. Why each shard: one holding a lost worker's shard beside its
    own reports each, and the line counted the first report's alone."""
    unsent, cut_off = sum(u for u, _ in shards), sum(c for _, c in shards)
    over = f", over the {len(shards)} shards it held" if len(shards) > 1 else ""
    why = f"{over} (a signal, or its parent gone)"
    if unsent:
        return f"worker {worker} stopped before its rows were through, {unsent:,} of them unsent{why}"
    lost = f"the answers of {cut_off:,} sends in flight lost" if cut_off else "no answer lost"
    return f"worker {worker} died after its rows were sent, {lost}{why}"


OUTCOMES = ("response", "timeout", "cancelled", "error", "dropped", "skipped", "unsent", "unknown")
NOT_RUN = ("unsent", "unknown")  # rows of a run cut short that say nothing of the release: never sent, or result lost


class Status(StrEnum):
    STARTING = "starting"
    RUNNING = "running"
    COMPLETE = "complete"
    INTERRUPTED = "interrupted"
    FAILED = "failed"

    @property
    def final(self) -> bool:
        return self in (Status.COMPLETE, Status.INTERRUPTED, Status.FAILED)


@dataclass(slots=True)
class ScenarioRef(JsonRecord):
    path: str | None = None
    sha256: str | None = None
    name: str = ""
    overrides: list[str] = field(default_factory=list)  # --target / --set applied to it
    # "sha256:HEX" of the run directory's scenario.toml as written (``sha256`` digests the scenario file and
    # its overrides, not this copy): an edit of the copy is told from it; None in a run of an older replay
    as_run: str | None = None


@dataclass(slots=True)
class PlanRef(JsonRecord):
    path: str = ""
    sha256: str | None = None
    rows: int = 0
    seed: int | None = None


@dataclass(slots=True)
class RunnerRef(JsonRecord):
    """The process that supervises a run: while it lives, a ``running`` run is really running."""

    pid: int
    host: str
    started: float  # the process's start time, so a reused pid is not mistaken for it

    @classmethod
    def here(cls) -> RunnerRef:
        import psutil

        return cls(os.getpid(), socket.gethostname(), psutil.Process().create_time())

    def gone(self) -> bool | None:
        """Whether the process is gone; None when it ran on another host (no way to tell from here)."""
        if self.host != socket.gethostname():
            return None
        import psutil

        try:
            return abs(psutil.Process(self.pid).create_time() - self.started) > 1.0
        except psutil.NoSuchProcess:
            return True


@dataclass(slots=True)
class PlannedStep(JsonRecord):
    """One load step of the plan, as the runner runs it."""

    index: int
    start: float
    duration: float
    rows: int = 0
    rate: float | None = None  # rows/s asked for (open model)
    users: int | None = None  # users asked for (closed model)
    faults: str = ""  # fault profiles in force ("model=slow-1s"), "" without [[faults]]

    @property
    def load(self) -> str:
        """``"50/s"``, ``"4 users"`` or ``""``."""
        return f"{self.rate:g}/s" if self.rate else f"{self.users} users" if self.users else ""


@dataclass(slots=True)
class StepStats(PlannedStep):
    """A planned step with what the run measured in it."""

    sent: int = 0
    dropped: int = 0
    unsent: int = 0
    send_lag_p50: float | None = None
    send_lag_p99: float | None = None
    send_lag_max: float | None = None
    generator_lag_p50: float | None = None  # the generator's own lateness (send lag less the connection wait)
    generator_lag_p99: float | None = None
    generator_lag_max: float | None = None
    cpu_mean: float | None = None  # worker CPU, percent of one core, over the step
    cpu_max: float | None = None
    # percent of the step a worker was ready to run but waited for a core: lag the machine caused
    cpu_wait_mean: float | None = None
    # Of the generator's lag, per row, the part it waited for a core (the machine's) and the rest
    # (its own doing: timers, a busy event loop); ``machine_lag_share`` = sum of the one / sum of both.
    machine_lag_p99: float | None = None
    own_lag_p99: float | None = None
    machine_lag_share: float | None = None
    # Stops of the whole machine in the step (replay.util.stalls: a VM's host, a container's CPU limit),
    # unseen by the wait for a core, and of the rows the generator sent over 1 ms late, the share due
    # in or just after one (None: no row that late, or no probe ran)
    stalls: int = 0
    stall_seconds: float = 0.0
    late_near_stall: float | None = None
    generator_bound: bool = False
    bound_reasons: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, step: PlannedStep) -> StepStats:
        return cls(**{f.name: getattr(step, f.name) for f in fields(PlannedStep)})


@dataclass(slots=True)
class Counts(JsonRecord):
    """Rows by outcome; ``planned`` = the sum of the outcomes once the run has ended."""

    planned: int = 0
    written: int = 0  # results in results.jsonl
    response: int = 0
    timeout: int = 0
    cancelled: int = 0
    error: int = 0
    dropped: int = 0
    skipped: int = 0
    unsent: int = 0
    unknown: int = 0
    responses_lost: int = 0  # answered rows whose response responses.jsonl lacks: its writer stopped (killed)

    @classmethod
    def of(cls, planned: int, outcomes: dict[str, int], written: int) -> Counts:
        return cls(planned, written, **{k: int(outcomes.get(k, 0)) for k in OUTCOMES})

    def without_result(self) -> str:
        """``"1,200 unsent, 34 unknown"`` (the rows a failed run has no answer for), or ``""``."""
        parts = [f"{n:,} {k}" for k, n in (("unsent", self.unsent), ("unknown", self.unknown)) if n]
        return ", ".join(parts)


@dataclass(slots=True)
class WorkerCounts(JsonRecord):
    worker: int
    rows: int  # rows dealt to it
    answered: int = 0
    unsent: int = 0
    unknown: int = 0
    lost: bool = False  # it died or stopped answering the master before finishing its rows
    taken_over: int = 0  # of its rows, how many other workers sent ([run] on_worker_loss = "reassign")


@dataclass(slots=True)
class Summary(JsonRecord):
    latency_p50: float | None = None
    latency_p90: float | None = None
    latency_p99: float | None = None
    service_p50: float | None = None
    service_p90: float | None = None
    service_p99: float | None = None
    send_lag_p50: float | None = None
    send_lag_p90: float | None = None
    send_lag_p99: float | None = None
    ttfb_p50: float | None = None
    ttfb_p90: float | None = None
    ttfb_p99: float | None = None
    send_rate: float | None = None


@dataclass(slots=True)
class Generator(JsonRecord):
    cpu_seconds: float = 0.0
    cpu_per_row: float = 0.0


@dataclass(kw_only=True, slots=True)
class RunInfo(JsonRecord):
    """run.json (see the module docstring)."""

    format: str = FORMAT
    version: int = VERSION
    id: str
    replay: str = ""
    status: Status = Status.STARTING
    reason: str = ""
    runner: RunnerRef | None = None
    created: float = 0.0
    start: float | None = None
    finished: float | None = None
    target: str = ""
    scenario: ScenarioRef = field(default_factory=ScenarioRef)
    plan: PlanRef = field(default_factory=PlanRef)
    capture: CaptureRef | None = None
    model: str = "open"
    workers: int | None = None
    planned_steps: list[PlannedStep] = field(default_factory=list)
    counts: Counts | None = None
    per_worker: list[WorkerCounts] = field(default_factory=list)
    summary: Summary | None = None
    steps: list[StepStats] = field(default_factory=list)
    release: dict[str, list[str]] = field(default_factory=dict)
    generator: Generator | None = None

    @property
    def step_table(self) -> list[StepStats]:
        """The measured steps of a finished run, else the planned ones (with nothing measured)."""
        return self.steps or [StepStats.of(s) for s in self.planned_steps]

    def failure(self) -> str:
        """Why the run failed and the rows it has no answer for, in one clause."""
        lost = [w.worker for w in self.per_worker if w.lost]
        parts = [self.reason or "see run.json"]
        if lost:
            parts.append(f"lost worker{'s' if len(lost) > 1 else ''} {', '.join(map(str, lost))}")
        c = self.counts
        if c is not None and (rows := c.without_result()):
            parts.append(f"of {c.planned:,} rows {rows}")
        if c is not None and c.written < c.planned:  # a write that failed: rows counted, their lines not on disk
            parts.append(f"{RESULTS} holds {c.written:,} of their {c.planned:,} results")
        if c is not None and c.responses_lost:
            parts.append(f"{RESPONSES} lacks the responses of {c.responses_lost:,} answered rows")
        return "; ".join(parts)


def held(run_dir: Path) -> str:
    """The run ``run_dir`` holds, for the refusal of another run into it (" (interrupted: of its 900 rows 173
    answered, 727 unsent)"): "already holds a run" alone left the user to find out what a rerun met."""
    try:
        info = read_info(run_dir)
    except BadInput:  # damaged, or of another version: the refusal says only that a run is there
        return ""
    c = info.counts
    kept = f": of its {c.planned:,} rows {c.response:,} answered" if c is not None else ""
    kept += f", {rest}" if c is not None and (rest := c.without_result()) else ""
    judge = f"; 'replay report {run_dir}' judges it" if info.status == Status.COMPLETE else ""
    return f" ({info.status}{kept}{judge})"


def read_info(run_dir: Path) -> RunInfo:
    """run.json of ``run_dir``; BadInput in one line for a missing, malformed, old or newer one."""
    try:
        data = orjson.loads((run_dir / RUN).read_bytes())
    except FileNotFoundError:
        raise BadInput(f"{run_dir}: no {RUN}; give a directory written by 'replay run'") from None
    except IsADirectoryError:
        raise BadInput(f"{run_dir / RUN}: a directory, not a run's {RUN}") from None
    except NotADirectoryError:  # a file given as the run (a capture as --baseline)
        raise BadInput(f"{run_dir}: a file, not a run directory; give a directory written by 'replay run'") from None
    except OSError as e:
        raise BadInput(f"{run_dir / RUN}: cannot read it ({os_reason(e)})") from None  # the fix, as every reader
    except orjson.JSONDecodeError as e:  # written whole (atomically) by every run: a copy cut short, an edit
        raise damaged(run_dir / RUN, f"not valid JSON ({e})") from None
    check_format(run_dir, data)
    try:
        info = RunInfo.from_json(data)
    except ValueError as e:
        raise BadInput(f"{run_dir / RUN}: malformed ({e}); re-run it") from None
    if why := problem(info):
        raise damaged(run_dir / RUN, why)
    return info


# What a value of run.json can be, by its field's name (a quantile's by its name less _p50/_max/...): a
# hand edit outside it (a count of -5, a step of -1 s or 1e308 rows/s) was reported, exit 0, as if measured
_LONGEST = MAX_DURATION_DAYS * 86400.0  # a plan and a client's deadline at most
_COUNT = (0, 2**63 - 1, "a count is 0 or more")
_SECONDS = (0, _LONGEST, f"a time is 0 to {_LONGEST:g} s")
_LAG = (-_LONGEST, _LONGEST, f"a lag is -{_LONGEST:g} to {_LONGEST:g} s")  # a row may go a hair early
_SHARE = (0, 1, "a share is 0 to 1")
_CPU = (0, 100_000, "a CPU figure is 0 to 100,000 percent of one core")
_EPOCH = (0, 1e11, "an epoch time is 0 to 1e11 s")
_BOUNDS: dict[str, tuple[float, float, str]] = {
    **dict.fromkeys(("index", "rows", "users", "sent", "dropped", "unsent", "stalls", "workers"), _COUNT),
    **dict.fromkeys((*OUTCOMES, "planned", "written", "responses_lost", "worker", "answered", "taken_over"), _COUNT),
    "records": _COUNT,
    **dict.fromkeys(("start", "duration", "stall_seconds", "cpu_per_row"), _SECONDS),
    "cpu_seconds": (0, _LONGEST * 100_000, "a CPU time is 0 or more seconds"),  # of every worker's cores
    **dict.fromkeys(("latency", "service", "ttfb"), _SECONDS),
    **dict.fromkeys(("send_lag", "generator_lag", "machine_lag", "own_lag"), _LAG),
    **dict.fromkeys(("machine_lag_share", "late_near_stall"), _SHARE),
    **dict.fromkeys(("cpu", "cpu_wait"), _CPU),
    "started": _EPOCH,
    "rate": (math.ulp(0.0), MAX_RATE, f"a rate is over 0 and at most {MAX_RATE:,} rows/s"),
    "send_rate": (0, MAX_RATE, f"a rate is 0 to {MAX_RATE:,} rows/s"),
}
_TIMES = ("created", "start", "finished")  # RunInfo's, epoch (a step's start: seconds into the plan)
_QUANTILE = ("_p50", "_p90", "_p99", "_max", "_mean")
_UNCHECKED = frozenset({"version", "pid", "seed"})  # any integer (the format's version: check_format's)


def _out_of_bounds(record: object, where: str) -> str | None:
    """The first number of ``record`` (a run.json record, its records within) outside its bounds, said."""
    for f in fields(record):  # type: ignore[arg-type]
        value, at = getattr(record, f.name), f"{where}.{f.name}" if where else f.name
        if isinstance(value, list):
            items = [(v, f"{at}[{i}]") for i, v in enumerate(value) if dataclasses.is_dataclass(v)]
        else:
            items = [(value, at)] if dataclasses.is_dataclass(value) else []
        for item, item_at in items:
            if why := _out_of_bounds(item, item_at):
                return why
        if isinstance(value, bool) or not isinstance(value, int | float) or f.name in _UNCHECKED:
            continue
        name = f.name.removesuffix(next((q for q in _QUANTILE if f.name.endswith(q)), ""))
        lo, hi, rule = _EPOCH if where == "" and name in _TIMES else _BOUNDS[name]
        if not lo <= value <= hi:  # NaN too
            return f"{at} is {value!r} ({rule})"
    return None


def problem(info: RunInfo) -> str | None:
    """What makes ``info`` no run.json a run wrote, in a clause naming the field (None when nothing does): a
    number out of its bounds, steps out of order or overlapping, rows the steps or the outcomes do not add up to."""
    if why := _out_of_bounds(info, ""):
        return why
    steps = info.step_table
    for prev, step in itertools.pairwise(steps):
        if step.index <= prev.index or step.start < prev.start + prev.duration - 1e-6:
            return (
                f"step {step.index} (from {step.start:g} s) follows step {prev.index} (from {prev.start:g} s for "
                f"{prev.duration:g} s): steps are in order, one after the other"
            )
    if info.steps and info.planned_steps and [s.index for s in info.steps] != [s.index for s in info.planned_steps]:
        return "steps are not the planned_steps it ran"
    counts = info.counts
    if counts is None or info.status != Status.COMPLETE:  # a failed run's may count a row twice (a worker lost)
        return None
    if (rows := sum(s.rows for s in steps)) and rows != counts.planned:
        return f"its steps hold {rows:,} rows, counts.planned {counts.planned:,}"
    if counts.written > counts.planned:
        return f"counts.written is {counts.written:,}, more than the {counts.planned:,} planned"
    if (outcomes := sum(getattr(counts, k) for k in OUTCOMES)) != counts.planned:
        return f"its counts of outcomes add up to {outcomes:,}, not the {counts.planned:,} planned"
    return None


def write_info(run_dir: Path, info: RunInfo) -> None:
    """Write run.json atomically and durably; on a full disk, into the room set aside for it (``rundir.reserve``).
    Once run.json is final, that room goes back."""
    try:
        write_json(run_dir / RUN, info.to_json(), indent=True, durable=True)
    except OSError as e:
        if e.errno not in (errno.ENOSPC, errno.EDQUOT) or not release(run_dir):
            raise
        write_json(run_dir / RUN, info.to_json(), indent=True, durable=True)
    if info.status.final:
        release(run_dir)
