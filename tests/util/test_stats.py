"""The one quantile: exact nearest-rank, a value some row really had, NaN left out."""

from __future__ import annotations

import math

import numpy as np
import pytest

from replay.util.stats import describe, fraction, pct_name, quantile, quantiles


def test_nearest_rank_is_a_value_some_row_had() -> None:
    v = np.arange(1.0, 21.0)  # 1..20
    # rank ceil(q * n): p50 of 20 values is the 10th, p90 the 18th, p99 the 20th; no interpolation
    assert quantiles(v) == {"p50": 10.0, "p90": 18.0, "p99": 20.0}
    assert quantile([3.0, 1.0, 2.0], 0.5) == 2.0 and quantile([1.0, 2.0], 0.5) == 1.0


@pytest.mark.parametrize("n", [1, 7, 1000, 2000, 4999])
def test_p99_9_is_the_exact_rank_not_one_row_more(n: int) -> None:
    # 99.9 / 100 is 0.9990000000000001: at n = 1000 that rounds the rank up to row 1000.
    v = np.arange(1.0, n + 1.0)
    assert quantiles(v, (99.9,))["p99.9"] == math.ceil(n * 999 / 1000)
    assert fraction(99.9) == 0.999 and fraction("95") == 0.95


def test_nan_is_left_out_and_nothing_gives_none() -> None:
    assert quantiles([np.nan, 5.0, np.nan]) == {"p50": 5.0, "p90": 5.0, "p99": 5.0}
    assert quantiles([], (50, 99.9)) == {"p50": None, "p99.9": None}
    assert quantile(np.array([np.nan]), 0.5) is None
    assert describe([np.nan]) == {"n": 0, "p50": None, "p90": None, "p99": None, "max": None}


def test_describe_keeps_its_keys_in_order() -> None:
    d = describe([0.1, 0.2, 0.3, np.nan], (50, 99.9), mean=True)
    assert list(d) == ["n", "mean", "p50", "p99.9", "max"]
    assert d["n"] == 3 and d["mean"] == pytest.approx(0.2) and d["p50"] == 0.2 and d["max"] == 0.3
    assert pct_name(50) == "p50" and pct_name("99.9") == "p99.9"
