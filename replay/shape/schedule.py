"""Arrival schedules: when each plan row is meant to be sent, and in which load step.

Open model (the default): every row gets an intended send offset, in seconds from the start.

    captured  the capture's own arrival times (from its first request) divided by ``speed``:
              row i goes at the i-th captured arrival, so ``speed = 3`` plays a 10-minute capture
              in 3:20. A plan longer than the capture wraps round: lap k is k * (span + mean gap)
              later.
    rate      n rows at ``rate`` requests/s (n = round(rate * duration), else the sample size), the
              first at 0, by the arrival process: ``uniform`` k / rate, ``poisson`` exponential gaps,
              ``bursty`` gamma gaps of mean 1 / rate and squared coefficient of variation ``burst``.
    steps     rate steps one after another; within step i (from T_i, lasting d_i, at r_i) there are
              round(r_i * d_i) rows at T_i + k / r_i (``uniform``, the default for steps), or the
              ``poisson`` or ``bursty`` arrivals that fall within the step.

Closed model (steps of ``users``): rows have no intended time (NaN); they are split over the steps
in proportion to users * duration, and the runner's users take them as fast as answers come.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from replay.util.records import JsonRecord

if TYPE_CHECKING:  # a plan's header reads StepInfo in every runner process, which loads no scenario
    from replay.config.scenario import LoadConfig

__all__ = [
    "Schedule",
    "StepInfo",
    "apportion",
    "build",
    "captured_offsets",
    "gaps",
    "poisson_offsets",
    "rate_offsets",
    "step_offsets",
]


@dataclass(frozen=True, slots=True)
class StepInfo(JsonRecord):
    """One load step of a plan: where it starts, how long, what it asks for, how many rows."""

    index: int
    start: float
    duration: float
    rows: int
    rate: float | None = None  # requests/s asked for (open model)
    users: int | None = None  # users asked for (closed model)
    arrival: str | None = None  # arrival process (open model)


@dataclass(frozen=True, slots=True)
class Schedule:
    """Offsets (float64 s, NaN in the closed model) and step index (int16) per row, and the steps."""

    mode: str
    offsets: np.ndarray
    steps: np.ndarray
    table: list[StepInfo]

    def __len__(self) -> int:
        return len(self.offsets)

    @property
    def span(self) -> float:
        """Seconds from the plan's start to the end of its last step (its last offset when open)."""
        last = self.table[-1]
        return last.start + last.duration


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
    t = np.asarray(starts, dtype=np.float64)
    if len(t) > 1 and not (t[1:] >= t[:-1]).all():  # a capture is mostly in order already: check first
        t = np.sort(t)
    t = t - t[0]
    size = len(t)
    if n <= size:  # one lap: the captured times themselves
        return t[:n] / speed
    period = t[-1] + (t[-1] / (size - 1) if size > 1 else 1.0)
    i = np.arange(n)
    return (t[i % size] + (i // size) * period) / speed


def gaps(n: int, rate: float, burst: float, rng: np.random.Generator) -> np.ndarray:
    """``n`` gaps of mean 1 / ``rate``: exponential (``burst`` 1, Poisson), else gamma of shape 1 / burst,
    whose squared coefficient of variation is ``burst``."""
    if burst == 1.0:
        return rng.exponential(1.0 / rate, size=n)
    return rng.gamma(1.0 / burst, burst / rate, size=n)


def poisson_offsets(n: int, rate: float, rng: np.random.Generator, burst: float = 1.0) -> np.ndarray:
    """``n`` Poisson (``burst`` 1) or bursty arrivals at ``rate``/s on average, the first at 0."""
    drawn = gaps(n, rate, burst, rng)
    out = np.zeros(n, dtype=np.float64)
    np.cumsum(drawn[:-1], out=out[1:])
    return out


def rate_offsets(n: int, rate: float, arrival: str, burst: float, rng: np.random.Generator) -> np.ndarray:
    """``n`` arrivals at ``rate``/s, the first at 0: evenly spaced, Poisson or bursty."""
    if arrival == "uniform":
        return np.arange(n, dtype=np.float64) / rate
    return poisson_offsets(n, rate, rng, burst)


def step_offsets(
    start: float, duration: float, rate: float, arrival: str, rng: np.random.Generator, burst: float = 1.0
) -> np.ndarray:
    """Offsets of one rate step: evenly spaced (``uniform``), or the Poisson or bursty arrivals within it."""
    if arrival == "uniform":
        count = math.floor(rate * duration + 0.5)
        return start + np.arange(count) / rate
    expected = rate * duration
    t = np.cumsum(gaps(int(expected + 6 * math.sqrt(expected * burst) + 16), rate, burst, rng))
    while t[-1] < duration:  # rare: more arrivals than the generous first draw
        t = np.concatenate([t, t[-1] + np.cumsum(gaps(len(t), rate, burst, rng))])
    return start + t[t < duration]


def build(load: LoadConfig, size: int, starts: np.ndarray, rng: np.random.Generator) -> Schedule:
    """The schedule of ``load``; ``size`` rows unless rate steps decide the count; ``starts``: capture times."""
    if load.mode == "captured":
        offsets = captured_offsets(starts, size, load.speed)
        return _single("captured", offsets, None)
    if load.mode == "rate":
        n = size if load.duration is None else math.floor(load.rate * load.duration + 0.5)  # type: ignore[operator]
        arrival, burst = load.process()
        offsets = rate_offsets(n, load.rate, arrival, burst, rng)  # type: ignore[arg-type]
        return _single("rate", offsets, load.rate, load.duration, arrival)
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
        arrival, burst = load.process(s)
        o = step_offsets(at, s.duration, s.rate, arrival, rng, burst)  # type: ignore[arg-type]
        parts.append(o)
        table.append(StepInfo(k, at, s.duration, len(o), rate=s.rate, arrival=arrival))
        at += s.duration
    offsets = np.concatenate(parts) if parts else np.zeros(0)
    steps = np.repeat(np.arange(len(parts), dtype=np.int16), [len(p) for p in parts])
    return Schedule("steps", offsets, steps, table)


def _single(
    mode: str, offsets: np.ndarray, rate: float | None, duration: float | None = None, arrival: str | None = None
) -> Schedule:
    n = len(offsets)
    if duration is None:
        duration = float(offsets[-1]) if n else 0.0
    table = [StepInfo(0, 0.0, duration, n, rate=rate, arrival=arrival)]
    return Schedule(mode, offsets, np.zeros(n, dtype=np.int16), table)
