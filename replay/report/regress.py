"""Regressions against another run (``replay report RUN --baseline OTHER_RUN``): a release against the
last good one, class by class, in every family and overall.

A class rate counts as regressed when it rose by at least ``MIN_RISE`` and a two-proportion z-test
says the rise is not chance (z >= ``Z``); corrected latency p99 regresses when it grew by
``LATENCY_RISE`` and at least 50 ms. Families only one run has are listed, not compared.
"""

from __future__ import annotations

import math

import numpy as np

from replay.judge.frame import Frame
from replay.report.sections import Regression, Regressions

__all__ = ["regressions"]

MIN_RISE = 0.02
Z = 1.96
LATENCY_RISE = 1.25


def _z(k1: int, n1: int, k2: int, n2: int) -> float:
    p = (k1 + k2) / (n1 + n2)
    se = math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2))
    return math.inf if se == 0 else (k2 / n2 - k1 / n1) / se


def _segments(frame: Frame) -> dict[str, np.ndarray]:
    every = np.ones(len(frame), dtype=bool)
    out = {"(all)": frame.sent(every)}
    for fam in frame.values("family"):
        out[fam] = frame.sent(frame.family == fam)
    return out


def regressions(before: Frame, after: Frame, before_id: str) -> Regressions:
    """Flagged regressions of ``after`` against ``before`` (report.json ``regressions``)."""
    a, b = _segments(before), _segments(after)
    items: list[Regression] = []
    for seg in (s for s in b if s in a):
        n1, n2 = int(a[seg].sum()), int(b[seg].sum())
        if not n1 or not n2:
            continue
        for cls in after.class_set.failures:
            k1, k2 = int((before.cls[a[seg]] == cls).sum()), int((after.cls[b[seg]] == cls).sum())
            r1, r2 = k1 / n1, k2 / n2
            if r2 - r1 >= MIN_RISE and _z(k1, n1, k2, n2) >= Z:
                items.append(Regression(seg, f"rate({cls})", r1, r2, (n1, n2)))
        p1 = before.latency_of(a[seg]).p99
        p2 = after.latency_of(b[seg]).p99
        if p1 is not None and p2 is not None and p2 >= p1 * LATENCY_RISE and p2 - p1 >= 0.05:
            items.append(Regression(seg, "p99", p1, p2, (n1, n2)))
    items.sort(key=lambda it: (it.family != "(all)", -(it.after - it.before)))
    return Regressions(before_id, len(items), items, sorted(set(a) - set(b)), sorted(set(b) - set(a)))
