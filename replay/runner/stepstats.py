"""A run's figures per load step (``StepStats`` in run.json): rows, outcomes, send and generator lag, the
worker CPU sampled over the step, the machine's stops, and whether the generator was the bottleneck
(*generator-bound*, with its reasons) rather than the target.

    step_stats(...)     the figures of every step, from the results' columns and the workers' CPU samples
    stopped(stat)       the line a step's stops of the machine add to its reasons and the run's summary
    cpu_sample, run_queue_wait   a worker's CPU sample as it came over the wire; the wait for a core
    BUSY, BEHIND        why an open-model row was dropped (its ``error``), as the dispatcher records it
"""

from __future__ import annotations

import os
from collections.abc import Iterable

import numpy as np

from replay.runner.runinfo import PlannedStep, StepStats
from replay.util.stalls import near_stall, run_delay
from replay.util.stats import describe

__all__ = ["BEHIND", "BUSY", "CpuSample", "cpu_sample", "run_queue_wait", "step_stats", "stopped"]

LAG_BOUND = 0.010  # a row the generator itself sent this late (send lag less the connection wait) ...
LATE_SHARE = 0.05  # ... in more than this share of a step's rows: generator-bound. A share, not a p99, so
# the short burst when a stalled target answers everything at once does not blame the generator.
LATE_MIN = 5  # ... and at least this many rows: in a step of 20 rows, one scheduler hiccup is not a verdict
STALL_LATE = 0.001  # rows sent later than this are the ones a stop of the machine is weighed against
CPU_BOUND = 90.0  # as does a worker process using this much of one core over the step
# Why an open-model row was dropped (its ``error``): it found every slot busy, or its worker was so
# far behind the schedule that the rows due and waiting for it filled the slots left
BUSY = "every in-flight slot busy ([client] max_in_flight)"
BEHIND = "the generator was [client] max_in_flight rows behind its schedule"


CpuSample = tuple[float, float, float | None]  # (epoch, % of a core busy, % of the time waiting for a core)


def cpu_sample(got: list[float | None] | tuple[float | None, ...]) -> CpuSample:
    """A worker's sample as it came over the wire (older workers send no wait share)."""
    t, v, *rest = got
    wait = rest[0] if rest else None
    return (float(t or 0.0), float(v or 0.0), None if wait is None else float(wait))


def run_queue_wait() -> float | None:
    """Seconds this process's main thread has been ready to run but waiting for a core (Linux
    ``/proc/self/schedstat``): time the machine, not the generator, took. None where unknown."""
    try:
        fd = os.open("/proc/self/schedstat", os.O_RDONLY)
    except OSError:
        return None
    try:
        return run_delay(fd)
    finally:
        os.close(fd)


def _percentiles(name: str, v: np.ndarray) -> dict[str, float | None]:
    """``NAME_p50``, ``NAME_p99`` and ``NAME_max`` of ``v`` (exact nearest-rank, None when empty)."""
    got = describe(v, (50, 99))
    return {f"{name}_{k}": got[k] for k in ("p50", "p99", "max")}


def step_stats(
    steps: Iterable[PlannedStep],
    cols: dict[str, np.ndarray],
    start: float,
    cpu: list[CpuSample],
    stalls: list[tuple[float, float]] | None = None,
) -> list[StepStats]:
    """Per step: rows, outcomes, send and generator lag, worker CPU, and whether the generator was the bottleneck.

    ``cpu`` holds (epoch, percent of one core, percent waiting for a core) samples of every worker
    (:func:`cpu_sample`); ``start`` is the epoch of offset 0.
    """
    out = []
    samples = [cpu_sample(s) for s in cpu]
    cpu_t = np.array([s[0] for s in samples], dtype=np.float64)
    cpu_v = np.array([s[1] for s in samples], dtype=np.float64)
    cpu_w = np.array([np.nan if s[2] is None else s[2] for s in samples], dtype=np.float64)
    for s in steps:
        stat = StepStats.of(s)
        mask = cols["step"] == s.index
        outcome = cols["outcome"][mask]
        lag = cols["send_lag"][mask]
        own = lag - cols["queued"][mask]  # the generator's own lateness, without the connection wait
        _lag_split(stat, own, cols["machine_lag"][mask])
        if stalls is not None:
            _stalls(stat, stalls, start, cols["intended"][mask], own)
        lag, own = lag[~np.isnan(lag)], own[~np.isnan(own)]
        t0, t1 = start + s.start, start + s.start + s.duration
        in_step = cpu_v[(cpu_t >= t0) & (cpu_t <= t1)]
        waits = cpu_w[(cpu_t >= t0) & (cpu_t <= t1)]
        waits = waits[~np.isnan(waits)]
        stat.sent = int(np.sum(~np.isnan(cols["sent"][mask])))
        stat.dropped = int(np.sum(outcome == "dropped"))
        stat.unsent = int(np.sum(outcome == "unsent"))
        for k, v in (_percentiles("send_lag", lag) | _percentiles("generator_lag", own)).items():
            setattr(stat, k, v)
        stat.cpu_mean = float(in_step.mean()) if len(in_step) else None
        stat.cpu_max = float(in_step.max()) if len(in_step) else None
        stat.cpu_wait_mean = float(waits.mean()) if len(waits) else None
        n_late = int(np.sum(own > LAG_BOUND))
        late = n_late / len(own) if len(own) else 0.0
        if late > LATE_SHARE and n_late >= LATE_MIN and stat.generator_lag_p99 is not None:
            machine = _machine_share(stat.cpu_wait_mean, stat.machine_lag_share) + stopped(stat)
            stat.bound_reasons.append(
                f"{late:.0%} of rows over {LAG_BOUND * 1000:.0f} ms late by the generator "
                f"(p99 {stat.generator_lag_p99 * 1000:.1f} ms{machine})"
            )
        behind = int(np.sum(cols["error"][mask] == BEHIND)) if stat.dropped else 0
        if stat.dropped > behind:
            stat.bound_reasons.append(f"{stat.dropped - behind} rows dropped: {BUSY}")
        if behind:
            stat.bound_reasons.append(f"{behind} rows dropped: {BEHIND}")
        if stat.cpu_mean is not None and stat.cpu_mean >= CPU_BOUND:
            stat.bound_reasons.append(f"worker CPU {stat.cpu_mean:.0f}% of a core over the step")
        stat.generator_bound = bool(stat.bound_reasons)
        out.append(stat)
    return out


def _stalls(stat: StepStats, stalls: list[tuple[float, float]], start: float, due: np.ndarray, own: np.ndarray) -> None:
    """The machine's stops in the step, and the share of its rows sent over 1 ms late that they delayed."""
    t0, t1 = start + stat.start, start + stat.start + stat.duration
    mine = [(a, b) for a, b in stalls if a < t1 and b > t0]
    stat.stalls, stat.stall_seconds = len(mine), sum(min(b, t1) - max(a, t0) for a, b in mine)
    late = own > STALL_LATE  # NaN (never sent) is not
    if late.any():
        stat.late_near_stall = float(np.mean(near_stall(due[late], own[late], mine)))


def _lag_split(stat: StepStats, own: np.ndarray, machine: np.ndarray) -> None:
    """Of the generator's lag of the step's rows: how much was the machine's (waiting for a core) and
    how much its own, where the rows say (``machine_lag``; a worker that does not measure it, none)."""
    known = ~np.isnan(own) & ~np.isnan(machine)
    if not known.any():
        return
    own, machine = np.maximum(own[known], 0.0), machine[known]
    stat.machine_lag_p99 = describe(machine, (99,))["p99"]
    stat.own_lag_p99 = describe(own - machine, (99,))["p99"]
    total = float(own.sum())
    stat.machine_lag_share = float(machine.sum()) / total if total > 0 else 0.0


def stopped(stat: StepStats) -> str:
    """``"; the machine was stopped 12 times (85 ms in all: ...), and 40% of ..."`` or ``""``."""
    if not stat.stalls:
        return ""
    out = (
        f"; the whole machine was stopped {stat.stalls} times ({stat.stall_seconds * 1000:.0f} ms in all: "
        "its host or a CPU limit, unseen by its kernel)"
    )
    if stat.late_near_stall is not None:
        out += f", and {stat.late_near_stall:.0%} of the rows sent over 1 ms late were due in or just after a stop"
    return out


def _machine_share(wait: float | None, share: float | None = None) -> str:
    """``"; the worker waited for a core 12% of the step: ..."``, and how much of the lateness that
    was (``share`` of the generator's lag), or ``""``."""
    out = ""
    if wait is not None and wait >= 1.0:
        out = f"; the worker waited for a core {wait:.0f}% of the step: that much is the machine's, not its own"
    if share is not None and share >= 0.01:
        out += f"; {share:.0%} of the rows' lateness was waiting for a core"
    return out
