"""The one quantile every figure is made of: exact nearest-rank.

A p99 here is a value some row really had (numpy's ``inverted_cdf``: the smallest value with at
least ``q`` of the values at or below it), never an interpolation between two rows, so ``replay
run``, ``replay inspect``, the fault proxy's counters, the gates and the report print the same
p99 for the same rows. NaN marks a row without the figure (never sent, no first token) and is
left out; no values at all gives None.

Percentiles are named ``pNN`` after the percent: ``p50``, ``p99``, ``p99.9``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Any

import numpy as np

__all__ = [
    "Values",
    "describe",
    "fraction",
    "pct",
    "pct_name",
    "quantile",
    "quantiles",
    "share_interval",
    "shares_apart",
]

Values = Iterable[float] | np.ndarray  # NaN: a row without the figure


def fraction(percent: float | str) -> float:
    """``99.9`` -> ``0.999`` exactly as written: ``99.9 / 100`` is 0.9990000000000001, which moves
    the nearest rank up by one row whenever ``n * q`` is a whole number (n = 1000: row 1000, not 999)."""
    return float(Fraction(str(percent)) / 100)


def pct(share: float | None, digits: int = 0) -> str:
    """A share as the reports print it: ``0.153`` -> ``15%``; None (no rows to share) -> ``-``."""
    return "-" if share is None else f"{share * 100:.{digits}f}%"


def pct_name(percent: float | str) -> str:
    """``p50``, ``p99``, ``p99.9``: the key a percentile goes by."""
    return f"p{float(percent):g}"


def _values(values: Values) -> np.ndarray:
    v = np.asarray(values if isinstance(values, np.ndarray) else list(values), dtype=np.float64).ravel()
    return v[~np.isnan(v)]


def quantile(values: Values, q: float) -> float | None:
    """The exact nearest-rank ``q`` quantile (``q`` in 0..1) of ``values``; None when there are none."""
    v = _values(values)
    return float(np.quantile(v, q, method="inverted_cdf")) if len(v) else None


def quantiles(values: Values, percents: Sequence[float] = (50, 90, 99)) -> dict[str, float | None]:
    """``{"p50": .., "p90": .., "p99": ..}`` of ``values`` (NaN left out), each None when there are none."""
    v = _values(values)
    if not len(v):
        return {pct_name(p): None for p in percents}
    got = np.quantile(v, [fraction(p) for p in percents], method="inverted_cdf")
    return {pct_name(p): float(x) for p, x in zip(percents, got, strict=True)}


def describe(values: Values, percents: Sequence[float] = (50, 90, 99), mean: bool = False) -> dict[str, Any]:
    """``n``, the ``mean`` (when asked), the percentiles and ``max`` of ``values`` (NaN left out)."""
    v = _values(values)
    out: dict[str, Any] = {"n": len(v)}
    if mean:
        out["mean"] = float(v.mean()) if len(v) else None
    out |= quantiles(v, percents)
    out["max"] = float(v.max()) if len(v) else None
    return out


def _t_quantile(p: float, df: int) -> float:
    """Student's t quantile (Abramowitz & Stegun 26.7.5 from the normal one; within 1% for df >= 3)."""
    from statistics import NormalDist

    z = NormalDist().inv_cdf(p)
    v = float(df)
    terms = (
        (z**3 + z) / 4,
        (5 * z**5 + 16 * z**3 + 3 * z) / 96,
        (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / 384,
        (79 * z**9 + 776 * z**7 + 1482 * z**5 - 1920 * z**3 - 945 * z) / 92160,
    )
    return z + sum(t / v ** (i + 1) for i, t in enumerate(terms))


def share_interval(successes: Sequence[int], totals: Sequence[int], level: float = 0.95) -> tuple[float, float] | None:
    """A two-sided ``level`` confidence interval of a share measured in one or more repetitions of the
    same rows: the Wilson score interval on the rows (mean counts per repetition), widened by the
    spread between repetitions (Student's t over the repetitions' shares). None without rows."""
    from statistics import NormalDist

    runs = [(k, n) for k, n in zip(successes, totals, strict=True) if n > 0]
    if not runs:
        return None
    n = sum(t for _, t in runs) / len(runs)
    p = sum(k for k, _ in runs) / sum(t for _, t in runs)
    z = NormalDist().inv_cdf(0.5 + level / 2)
    denom = 1 + z * z / n
    center = (p + z * z / (2 * n)) / denom
    half = z * ((p * (1 - p) / n + z * z / (4 * n * n)) ** 0.5) / denom
    if len(runs) > 1:
        shares = np.array([k / t for k, t in runs])
        spread = _t_quantile(0.5 + level / 2, len(runs) - 1) * float(shares.std(ddof=1)) / len(runs) ** 0.5
        half = (half * half + spread * spread) ** 0.5
    return max(0.0, round(center - half, 12)), min(1.0, round(center + half, 12))


def shares_apart(high: float, n_high: int, low: float, n_low: int, level: float = 0.90) -> bool:
    """Whether share ``high`` (of ``n_high`` rows) is over share ``low`` (of ``n_low``) beyond both their
    Wilson intervals at ``level``: a difference the rows' own noise does not explain (a conservative
    test: two 90% intervals that do not overlap differ at about the 98% level, two 95% ones at 99.5%)."""
    a = share_interval([round(high * n_high)], [n_high], level)
    b = share_interval([round(low * n_low)], [n_low], level)
    return a is not None and b is not None and a[0] > b[1]
