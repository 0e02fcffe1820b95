"""What the load-curve plots draw: figures against offered rate, the knee, the capacity, the Pareto set.

A point is one step of a run whose steps differ in rate (a sweep), one probe of a capacity search (read
from the probe's own report.json), or one step of one repetition (``--repeat``). The plots appear only
where a run has such points: a run at one rate has no curve to draw.

The knee is the rate after which p99 latency climbs fastest against the rate: of the points ordered by
rate, the one furthest below the chord from the first to the last (Kneedle, on the axes as plotted:
log rate when the rates span more than 4x). A curve that does not rise by half at least has no knee.
A point is Pareto-optimal when no other point has more goodput per second at no worse p99, or a lower
p99 at no less goodput per second.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import orjson

from replay.judge.classes import FailureClass
from replay.judge.frame import Frame, latency_stats
from replay.report.sections import ReportDoc, StepRow

__all__ = ["Curves", "RatePoint", "curves", "knee", "log_rates", "pareto"]

SWEEP = 1.2  # rates this far apart (max / min) make a sweep; closer, the steps differ by faults only
RISE = 1.5  # a knee needs p99 at its highest this many times its lowest
KNEE_DEPTH = 0.15  # ... and the curve this far (in unit axes) below its chord


@dataclass(slots=True)
class RatePoint:
    """Figures of one step, repetition of a step or probe, at its offered rate (requests/s)."""

    rate: float
    label: str
    p50: float | None = None
    p99: float | None = None
    ttft_p50: float | None = None
    ttft_p99: float | None = None
    itl_p50: float | None = None
    itl_p99: float | None = None
    goodput: float | None = None  # ok rows over offered rows
    availability: float | None = None
    throughput: float | None = None  # ok rows per second (goodput per second)
    passed: bool | None = None  # a probe's verdict (every gate held)


@dataclass(slots=True)
class Curves:
    """The points to draw and the marks on them."""

    points: list[RatePoint]  # ordered by rate; empty when the run is not a sweep
    pareto: list[RatePoint]  # the points of the Pareto view (repetitions x steps, probes or steps)
    optimal: list[RatePoint] = field(default_factory=list)  # its Pareto-optimal points
    knee: RatePoint | None = None
    capacity: float | None = None  # the capacity search's answer
    bracket: tuple[float, float] | None = None  # its last passing and first failing rate
    collapse: float | None = None  # without a search: the rate of the collapse step

    @property
    def streams(self) -> bool:
        return any(p.ttft_p50 is not None or p.itl_p50 is not None for p in self.points)


def _rate(step: StepRow) -> float | None:
    return step.rate if step.rate else step.offered_rps


def _step_points(report: ReportDoc, frame: Frame) -> list[RatePoint]:
    out = []
    for s in report.steps:
        rate = _rate(s)
        if rate is None or not s.cell.sent:
            continue
        m = frame.step == s.step
        itl = [frame.itl_of(m, q) for q in (0.5, 0.99)]
        lat, ttft = s.latency, s.ttft
        figures = (lat.p50, lat.p99, ttft.p50, ttft.p99, *itl, s.goodput, s.availability, s.goodput_rps)
        out.append(RatePoint(rate, f"{rate:g}/s", *figures))
    return out


def _repeat_points(report: ReportDoc, frame: Frame) -> list[RatePoint]:
    """One point per repetition and step (throughput over the repetition's own duration)."""
    if frame.repeat is None or report.repeats is None:
        return []
    count = report.repeats.count
    out = []
    for s in report.steps:
        rate, seconds = _rate(s), frame.durations.get(s.step, 0.0) / count
        for k in range(count):
            m = (frame.step == s.step) & (frame.repeat == k)
            lat = latency_stats(frame.latency[frame.sent(m)])
            if rate is None or not seconds or lat.p99 is None:
                continue
            ok = float(np.sum(frame.cls[m] == FailureClass.OK)) / seconds
            out.append(RatePoint(rate, f"{rate:g}/s #{k + 1}", lat.p50, lat.p99, throughput=ok))
    return out


def _probe_point(rate: float, passed: bool, doc: dict[str, Any]) -> RatePoint | None:
    steps = doc.get("steps") or []
    if not steps:
        return None
    s = steps[0]
    total = next((r for r in doc.get("streams") or [] if r.get("scope") == "total"), {})
    lat, ttft = s.get("latency") or {}, s.get("ttft") or {}
    timed = [lat.get("p50"), lat.get("p99"), ttft.get("p50"), ttft.get("p99")]
    timed += [total.get("itl_p50"), total.get("itl_p99")]
    shares = (s.get("goodput"), s.get("availability"), s.get("goodput_rps"))
    return RatePoint(rate, f"{rate:g}/s", *timed, *shares, passed)


def _probe_points(report: ReportDoc) -> list[RatePoint]:
    """Each probe's figures from its own report.json (probes whose directory is gone are left out)."""
    out = []
    for p in report.capacity.probes if report.capacity is not None else []:
        path = Path(p.run or "") / "report.json"
        try:
            doc = orjson.loads(path.read_bytes())
        except (OSError, orjson.JSONDecodeError):
            continue
        point = _probe_point(p.rate, p.passed, doc)
        if point is not None:
            out.append(point)
    return out


def log_rates(points: list[RatePoint]) -> bool:
    """Rates spanning more than 4x are drawn (and the knee found) on a log axis."""
    rates = [p.rate for p in points if p.rate > 0]
    return bool(rates) and max(rates) > 4 * min(rates)


def knee(points: list[RatePoint]) -> RatePoint | None:
    """The knee of p99 latency against the rate (the module's docstring says how), or None."""
    pts = sorted((p for p in points if p.p99 is not None and p.rate > 0), key=lambda p: p.rate)
    if len(pts) < 3:
        return None
    x = np.array([p.rate for p in pts], dtype=np.float64)
    x = np.log(x) if log_rates(pts) else x
    y = np.array([p.p99 for p in pts], dtype=np.float64)
    if np.ptp(x) == 0 or y.min() <= 0 or y.max() < RISE * y.min() or y[-1] < y.max() * 0.5:
        return None
    depth = (x - x[0]) / np.ptp(x) - (y - y.min()) / np.ptp(y)
    i = int(np.argmax(depth))
    return pts[i] if depth[i] >= KNEE_DEPTH else None


def pareto(points: list[RatePoint]) -> list[RatePoint]:
    """The Pareto-optimal points (most goodput per second, least p99), by throughput."""
    pts = [p for p in points if p.throughput is not None and p.p99 is not None]

    def beats(q: RatePoint, p: RatePoint) -> bool:
        assert q.throughput is not None and p.throughput is not None and q.p99 is not None and p.p99 is not None
        better = q.throughput > p.throughput or q.p99 < p.p99
        return q.throughput >= p.throughput and q.p99 <= p.p99 and better

    return sorted((p for p in pts if not any(beats(q, p) for q in pts)), key=lambda p: p.throughput or 0.0)


def _sweep(points: list[RatePoint]) -> bool:
    rates = [p.rate for p in points if p.rate > 0]
    return len(rates) >= 2 and max(rates) >= SWEEP * min(rates)


def curves(report: ReportDoc, frame: Frame) -> Curves:
    """The points of a run's load-curve plots (none for a run at one rate without repetitions)."""
    probes = _probe_points(report)
    steps = _step_points(report, frame)
    points = probes if len(probes) >= 2 else steps if _sweep(steps) else []
    points.sort(key=lambda p: p.rate)
    repeats = _repeat_points(report, frame)
    view = repeats if len(repeats) >= 2 else points
    cap = report.capacity
    out = Curves(points, view, pareto(view), knee(points))
    if cap is not None:
        out.capacity = cap.capacity
        lo, hi = cap.bracket
        out.bracket = (lo, hi) if lo is not None and hi is not None else None
    elif report.collapse is not None and report.collapse.step is not None and points:
        step = next((s for s in report.steps if s.step == report.collapse.step), None)
        out.collapse = _rate(step) if step is not None else None
    return out
