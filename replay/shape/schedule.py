"""Arrival schedules: when each plan row is meant to be sent, and in which load step.

Open model (the default): every row gets an intended send offset, in seconds from the start.

    captured  the capture's own arrival times (from its first request) divided by ``speed``:
              row i goes at the i-th captured arrival, so ``speed = 3`` plays a 10-minute capture
              in 3:20. A plan longer than the capture wraps round: lap k is k * (span + mean gap)
              later.
    poisson   exponential gaps at ``rate`` requests/s, the first row at 0.
    steps     rate steps one after another; within step i (from T_i, lasting d_i, at r_i) there are
              round(r_i * d_i) rows at T_i + k / r_i (``arrival = "uniform"``), or Poisson arrivals
              within the step (``arrival = "poisson"``).

Closed model (steps of ``users``): rows have no intended time (NaN); they are split over the steps
in proportion to users * duration, and the runner's users take them as fast as answers come.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from replay.config.scenario import LoadConfig
from replay.util.records import JsonRecord

__all__ = ["Schedule", "StepInfo", "apportion", "build", "captured_offsets", "poisson_offsets", "step_offsets"]


@dataclass(frozen=True, slots=True)
class StepInfo(JsonRecord):
    """One load step of a plan: where it starts, how long, what it asks for, how many rows."""

    index: int
    start: float
    duration: float
    rows: int
    rate: float | None = None  # requests/s asked for (open model)
    users: int | None = None  # users asked for (closed model)


@dataclass(frozen=True, slots=True)
class Schedule:
    """Offsets (float64 s, NaN in the closed model) and step index (int16) per row, and the steps."""

    mode: str
    offsets: np.ndarray
    steps: np.ndarray
    table: list[StepInfo]

    def __len__(self) -> int:
        return len(self.offsets)


def apportion(weights: np.ndarray, total: int) -> np.ndarray:
    """Split ``total`` into integers proportional to ``weights`` (largest remainder, ties to the first)."""
    w = np.asarray(weights, dtype=np.float64)
    if total <= 0 or w.sum() <= 0:
        return np.zeros(len(w), dtype=np.int64)
    exact = w / w.sum() * total
    out = np.floor(exact).astype(np.int64)
    rest = exact - out
    out[np.argsort(-rest, kind="stable")[: total - int(out.sum())]] += 1
    return out


def captured_offsets(starts: np.ndarray, n: int, speed: float = 1.0) -> np.ndarray:
    """The first ``n`` captured arrivals (sorted ``starts``, epoch s) as offsets, divided by ``speed``."""
    t = np.sort(np.asarray(starts, dtype=np.float64))
    t = t - t[0]
    size = len(t)
    period = t[-1] + (t[-1] / (size - 1) if size > 1 else 1.0)
    i = np.arange(n)
    return (t[i % size] + (i // size) * period) / speed


def poisson_offsets(n: int, rate: float, rng: np.random.Generator) -> np.ndarray:
    """``n`` Poisson arrivals at ``rate``/s, the first at 0."""
    gaps = rng.exponential(1.0 / rate, size=n)
    out = np.zeros(n, dtype=np.float64)
    np.cumsum(gaps[:-1], out=out[1:])
    return out


def step_offsets(start: float, duration: float, rate: float, arrival: str, rng: np.random.Generator) -> np.ndarray:
    """Offsets of one rate step: evenly spaced (``uniform``) or Poisson arrivals within it."""
    if arrival == "uniform":
        count = math.floor(rate * duration + 0.5)
        return start + np.arange(count) / rate
    expected = rate * duration
    gaps = rng.exponential(1.0 / rate, size=int(expected + 6 * math.sqrt(expected) + 16))
    t = np.cumsum(gaps)
    while t[-1] < duration:  # rare: more arrivals than the generous first draw
        t = np.concatenate([t, t[-1] + np.cumsum(rng.exponential(1.0 / rate, size=len(t)))])
    return start + t[t < duration]


def build(load: LoadConfig, size: int, starts: np.ndarray, rng: np.random.Generator) -> Schedule:
    """The schedule of ``load``; ``size`` rows unless rate steps decide the count; ``starts``: capture times."""
    if load.mode == "captured":
        offsets = captured_offsets(starts, size, load.speed)
        return _single("captured", offsets, None)
    if load.mode == "poisson":
        n = size if load.duration is None else math.floor(load.rate * load.duration + 0.5)  # type: ignore[operator]
        return _single("poisson", poisson_offsets(n, load.rate, rng), load.rate)  # type: ignore[arg-type]
    table: list[StepInfo] = []
    at = 0.0
    if load.closed:
        rows = apportion(np.array([s.users * s.duration for s in load.steps]), size)  # type: ignore[operator]
        for k, (s, r) in enumerate(zip(load.steps, rows, strict=True)):
            table.append(StepInfo(k, at, s.duration, int(r), users=s.users))
            at += s.duration
        offsets = np.full(size, np.nan)
        steps = np.repeat(np.arange(len(rows), dtype=np.int16), rows)
        return Schedule("steps", offsets, steps, table)
    parts = []
    for k, s in enumerate(load.steps):
        o = step_offsets(at, s.duration, s.rate, load.arrival, rng)  # type: ignore[arg-type]
        parts.append(o)
        table.append(StepInfo(k, at, s.duration, len(o), rate=s.rate))
        at += s.duration
    offsets = np.concatenate(parts) if parts else np.zeros(0)
    steps = np.repeat(np.arange(len(parts), dtype=np.int16), [len(p) for p in parts])
    return Schedule("steps", offsets, steps, table)


def _single(mode: str, offsets: np.ndarray, rate: float | None) -> Schedule:
    n = len(offsets)
    duration = float(offsets[-1]) if n else 0.0
    return Schedule(mode, offsets, np.zeros(n, dtype=np.int16), [StepInfo(0, 0.0, duration, n, rate=rate)])
