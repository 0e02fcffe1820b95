"""A row's inter-token figures: the runner's plain-Python quantiles are ``replay.util.stats``'s exactly."""

from __future__ import annotations

import math
import random
from collections import Counter

from replay.util.gaps import BASE, FLOOR, bucket, row_figures
from replay.util.stats import quantiles


def test_row_figures_match_the_exact_quantiles() -> None:
    rnd = random.Random(7)
    for n in [*range(1, 40), 63, 100, 101, 199, 200, 1000, 1001]:
        gaps = [rnd.lognormvariate(-4, 1) for _ in range(n)] + [0.0, FLOOR] * (n % 3)  # a chunk's later tokens: 0.0
        itl, hist = row_figures(gaps)
        exact = quantiles(gaps, (50, 90, 99))
        assert itl == [exact["p50"], exact["p90"], exact["p99"]], n
        assert sum(k for _, k in hist) == len(gaps) and hist == sorted(hist)
        assert hist == [[b, k] for b, k in sorted(Counter(map(bucket, gaps)).items())]
    assert row_figures([]) == (None, [])


def test_row_histogram_is_bucket_at_every_bound() -> None:
    """The bisected buckets agree with ``bucket`` on each side of every bound, to the ulp, and past the
    table (a gap of days takes ``bucket`` itself)."""
    row_figures([60.0])  # grows the bounds to a minute (bucket ~ 670)
    edges = [math.nextafter(FLOOR * BASE**k, d) for k in range(680) for d in (0.0, math.inf)]
    edges += [FLOOR * BASE**k for k in range(680)] + [0.0, FLOOR, math.nextafter(FLOOR, 1.0), 3e5]
    for g in edges:
        assert row_figures([g])[1] == [[bucket(g), 1]], g
    assert row_figures(edges)[1] == [[b, k] for b, k in sorted(Counter(map(bucket, edges)).items())]
