"""How much longer a request takes per prompt token, read within the run: the slope of a latency on the
prompt's length, beside production's on the same prompts.

A dependency whose time grows with its input (a model whose prefill got slower) leaves short prompts
alone and makes long ones slow; a latency threshold per family cannot tell it from a busy machine, which
slows every row. A slope read inside one step of one run can: load slows the short and the long prompts of
a step alike, so it moves the step's level and leaves the slope. The slope is Theil-Sen's (the median of
the pairwise slopes), its pairs taken within a step only (each step's injected latency is a level of its own),
over the rows that went the plain way (answered ok or late by the primary path with one upstream call and no retry:
a retry's or a fallback's time is not the prompt's). The prompt's length is production's prompt tokens for
the same record where its reply said them, else staging's own: a release that sends the model a shorter
prompt (a context limit) is measured against the prompt the user wrote. Production's slope is its captured
latencies' over the same prompts (one condition, the capture's, so one group).
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import NormalDist

import numpy as np

__all__ = ["LEVEL", "MIN_PAIRS", "Growth", "growth"]

MIN_PAIRS = 20  # fewer pairs of plain rows than this give no slope worth gating on
MIN_GAP = 200  # tokens: two prompts closer in length than this say nothing of a slope (their times' noise over it)
MAX_ROWS = 400  # rows per step taken into the pairs (evenly spread): 80k pairs, whatever the run's size
PER = 1000.0  # the slope is said per 1,000 prompt tokens
LEVEL = 0.95  # the interval's level where a gate gives none


@dataclass(frozen=True, slots=True)
class Growth:
    """Seconds more per 1,000 prompt tokens: staging's, production's on the same prompts (None: the capture did
    not time them), and how many pairs of rows staging's was read from."""

    staging: float
    production: float | None
    pairs: int
    interval: tuple[float, float]  # the excess's (staging's alone where production's is unknown), at the level asked

    @property
    def excess(self) -> float:
        """Staging's slope beyond production's (staging's alone where production's is unknown)."""
        return self.staging - (self.production or 0.0)

    def said(self, what: str = "latency") -> str:
        """The cause in words: 'latency grows with the prompt's length: +905 ms per 1k input tokens, production
        +44 ms'."""
        line = f"{what} grows with the prompt's length: {_ms(self.staging)} per 1k input tokens"
        return line + (f", production {_ms(self.production)}" if self.production is not None else "")


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:+.0f} ms"


@dataclass(frozen=True, slots=True)
class _Read:
    """A slope (seconds per PER tokens), its interval's ends and the pairs it was read from."""

    at: float
    low: float
    high: float
    pairs: int


def _slope(x: np.ndarray, y: np.ndarray, groups: np.ndarray, level: float) -> _Read | None:
    """Theil-Sen's slope of ``y`` on ``x`` over pairs within each group, with Sen's interval at ``level``: the pairwise
    slopes' order statistics that Kendall's S over the same pairs bounds. S's variance is the pairs' count plus a third
    of, for each row, (pairs to longer prompts - pairs to shorter)^2 - (pairs): two pairs sharing a row correlate by
    a third (its time is in both), alike or opposite by the other rows' sides of it; groups add up (None: no pair)."""
    slopes, var = [], 0.0
    for g in np.unique(groups):
        k = np.flatnonzero(groups == g)
        if len(k) > MAX_ROWS:
            k = k[np.linspace(0, len(k) - 1, MAX_ROWS).astype(np.int64)]
        i, j = np.triu_indices(len(k), 1)
        dx = x[k][j] - x[k][i]
        far = np.abs(dx) >= MIN_GAP
        i, j, dx = i[far], j[far], dx[far]
        slopes.append((y[k][j] - y[k][i]) / dx)
        longer = np.bincount(np.where(dx > 0, i, j), minlength=len(k))  # each row's pairs to a longer prompt
        shorter = np.bincount(np.where(dx > 0, j, i), minlength=len(k))
        var += len(dx) + float(((longer - shorter) ** 2 - (longer + shorter)).sum()) / 3.0
    joined = np.sort(np.concatenate(slopes)) if slopes else np.array([])
    n = len(joined)
    if not n:
        return None
    c = NormalDist().inv_cdf(0.5 + level / 2) * max(var, 0.0) ** 0.5
    low, high = joined[max(int((n - c) / 2), 0)], joined[min(int(np.ceil((n + c) / 2)), n - 1)]
    return _Read(float(np.median(joined)) * PER, float(low) * PER, float(high) * PER, n)


def growth(
    length: np.ndarray,
    took: np.ndarray,
    theirs: np.ndarray,
    steps: np.ndarray,
    plain: np.ndarray,
    level: float = LEVEL,
) -> Growth | None:
    """The slope of ``took`` (seconds) on ``length`` (prompt tokens) over the ``plain`` rows, pairs within a step,
    and production's (``theirs``: its captured seconds, NaN unknown) over the same rows, with the excess's interval at
    ``level``; None under MIN_PAIRS."""
    m = plain & ~np.isnan(length) & ~np.isnan(took)
    mine = _slope(length[m], took[m], steps[m], level)
    if mine is None or mine.pairs < MIN_PAIRS:
        return None
    p = m & ~np.isnan(theirs)
    prod = _slope(length[p], theirs[p], np.zeros(int(p.sum()), dtype=np.int64), level)
    if prod is None or prod.pairs < MIN_PAIRS:
        return Growth(mine.at, None, mine.pairs, (mine.low, mine.high))
    excess = mine.at - prod.at
    low = excess - float(np.hypot(mine.at - mine.low, prod.high - prod.at))
    high = excess + float(np.hypot(mine.high - mine.at, prod.at - prod.low))
    return Growth(mine.at, prod.at, mine.pairs, (low, high))
