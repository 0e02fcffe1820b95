"""A row's inter-token figures: the runner's plain-Python quantiles are ``replay.util.stats``'s exactly."""

from __future__ import annotations

import random

from replay.util.gaps import bucket, row_figures
from replay.util.stats import quantiles


def test_row_figures_match_the_exact_quantiles() -> None:
    rnd = random.Random(7)
    for n in [*range(1, 40), 63, 100, 101, 199, 200, 1000, 1001]:
        gaps = [rnd.lognormvariate(-4, 1) for _ in range(n)]
        itl, hist = row_figures(gaps)
        exact = quantiles(gaps, (50, 90, 99))
        assert itl == [exact["p50"], exact["p90"], exact["p99"]], n
        assert sum(k for _, k in hist) == n and hist == sorted(hist)
        assert {b for b, _ in hist} == {bucket(g) for g in gaps}
    assert row_figures([]) == (None, [])
