"""Inter-token gaps kept small: a row's gaps as a sparse log histogram, pooled over rows for ITL.

A streamed answer of 500 tokens has 499 gaps; a run of 100,000 such rows would write 50 million
numbers. Each row keeps instead its own exact p50/p90/p99 (computed from the gaps in memory while
the row is read) and a histogram of ``[bucket, count]`` pairs in buckets 2% wide from 0.1 ms, so the
pooled ITL of any segment (a family, a step, the whole run) is a merge of histograms: every quantile
within 1% of the exact one (a bucket's value is its geometric middle), at a few dozen pairs a row.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence

from replay.util.stats import fraction

__all__ = ["BASE", "FLOOR", "bucket", "bucket_value", "hist_quantile", "merge", "over", "row_figures"]

FLOOR = 1e-4  # seconds: gaps below 0.1 ms land in bucket 0
BASE = 1.02  # bucket width: each bucket 2% wider than the one below
_LOG = math.log(BASE)
_ITL_QUANTILES = (fraction(50), fraction(90), fraction(99))


def bucket(gap: float) -> int:
    """The bucket of a gap in seconds."""
    return 0 if gap <= FLOOR else int(math.log(gap / FLOOR) / _LOG) + 1


def bucket_value(b: int) -> float:
    """A bucket's representative gap: the geometric middle of its bounds (FLOOR for bucket 0)."""
    return FLOOR if b <= 0 else FLOOR * BASE ** (b - 0.5)


def _rank(n: int, q: float) -> int:
    """numpy's ``inverted_cdf`` index of quantile ``q`` among ``n`` sorted values, float for float."""
    index = n * q - 1
    below = math.floor(index)
    return max(below if index == below else below + 1, 0)


def row_figures(gaps: Sequence[float]) -> tuple[list[float] | None, list[list[int]]]:
    """A row's exact ITL ``[p50, p90, p99]`` (None without a gap) and its histogram pairs.

    The runner calls this for every streamed row, so it stays in plain Python (numpy's fixed cost per
    call is most of the work for a row's few dozen gaps) and spends per gap only a comparison: the
    gaps sorted, one walk counts each bucket's run of them against the bucket bounds (``_grow``),
    stepping to the next bucket up, or bisecting to a farther one, where a run ends; no logarithm
    or bisection per gap (a bisection of the table is 1,800 instructions: it was one run in two,
    most of the work). The quantiles are ``replay.util.stats``'s (nearest rank, numpy's
    ``inverted_cdf``) to the last bit; the pairs are ``bucket``'s exactly."""
    if not gaps:
        return None, []
    ordered = sorted(gaps)
    n = len(ordered)
    ranks = _RANKS.get(n)
    if ranks is None:
        ranks = _RANKS[n] = [_rank(n, q) for q in _ITL_QUANTILES]
    itl = [float(ordered[r]) for r in ranks]
    if not ordered[-1] < _BOUNDS[-1]:
        if not ordered[-1] < _TOP:  # a gap of days (or not a number): no table that far
            return itl, [[b, k] for b, k in sorted(Counter(map(bucket, ordered)).items())]
        _grow(ordered[-1])
    bounds, hist = _BOUNDS, []
    b = bisect_right(bounds, ordered[0])  # bucket(ordered[0])
    top, k = bounds[b], 0  # the least gap of bucket b + 1; gaps counted in bucket b
    for g in ordered:
        if g < top:
            k += 1
            continue
        hist.append([b, k])
        b, k = b + 1, 1
        top = bounds[b]
        if g >= top:  # not the next bucket up: one of the next two (most runs lie close), else bisected
            b += 1
            top = bounds[b]
            if g >= top:
                b += 1
                top = bounds[b]
                if g >= top:
                    b = bisect_right(bounds, g, b)
                    top = bounds[b]
    hist.append([b, k])
    return itl, hist


_RANKS: dict[int, list[int]] = {}  # per number of gaps, the indices of the ITL quantiles
_BOUNDS: list[float] = [math.nextafter(FLOOR, math.inf)]  # [k - 1]: the least gap of bucket k or above
_TOP = 1e5  # seconds: gaps up to here are bisected (bucket ~1,050)


def _grow(top: float) -> None:
    """The bucket bounds, grown past ``top``: bucket(g) is the number of bounds at or under g. Each is
    found from its formula and moved by ulps until ``bucket`` agrees on it and on the float below it,
    so bisection gives ``bucket``'s answer to the last bit (``bucket`` grows with g). A few hundred
    cover any gap (bucket 700 is 100 s)."""
    while _BOUNDS[-1] <= top:
        k = len(_BOUNDS) + 1
        g = max(FLOOR * BASE ** (k - 1), _BOUNDS[-1])
        while bucket(g) >= k and bucket(below := math.nextafter(g, 0.0)) >= k:
            g = below
        while bucket(g) < k:
            g = math.nextafter(g, math.inf)
        _BOUNDS.append(g)


def merge(hists: Iterable[list[list[int]] | None]) -> Counter[int]:
    """Rows' histograms pooled."""
    out: Counter[int] = Counter()
    for h in hists:
        for b, n in h or ():
            out[b] += n
    return out


def hist_quantile(hist: Counter[int], q: float) -> float | None:
    """The nearest-rank ``q`` quantile (0..1) of pooled gaps; None without gaps."""
    total = sum(hist.values())
    if not total:
        return None
    rank = max(1, math.ceil(q * total))
    seen = 0
    for b in sorted(hist):
        seen += hist[b]
        if seen >= rank:
            return bucket_value(b)
    return bucket_value(max(hist))


def over(hist: list[list[int]] | None, threshold: float) -> int:
    """Gaps of one row longer than ``threshold`` seconds (stalls), to the bucket."""
    lo = bucket(threshold)
    return sum(n for b, n in hist or () if b > lo)
