"""A row's inter-token figures: the runner's plain-Python quantiles are ``replay.util.stats``'s exactly."""

from __future__ import annotations

import random
from collections import Counter

from replay.util.gaps import FLOOR, bucket, row_figures
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
