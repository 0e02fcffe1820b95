from __future__ import annotations

import numpy as np
import pytest

from replay.config.scenario import LoadConfig, Step
from replay.shape.schedule import apportion, build, captured_offsets, gaps, poisson_offsets, step_offsets

STARTS = np.array([1006.0, 1000.0, 1003.0, 1001.0])  # unsorted on purpose


def rng(seed: int = 0) -> np.random.Generator:
    return np.random.default_rng(seed)


def test_apportion_is_exact_and_proportional() -> None:
    assert apportion(np.array([0.3, 0.2, 0.5]), 5000).tolist() == [1500, 1000, 2500]
    assert apportion(np.array([1, 1, 1]), 10).tolist() == [4, 3, 3]  # ties to the first
    assert apportion(np.array([0.5, 0.5]), 0).tolist() == [0, 0]
    out = apportion(np.array([0.123, 0.456, 0.421]), 997)
    assert out.sum() == 997 and np.all(np.abs(out - np.array([0.123, 0.456, 0.421]) * 997) < 1)


def test_captured_timing_times_speed() -> None:
    assert captured_offsets(STARTS, 4, 2.0).tolist() == [0.0, 0.5, 1.5, 3.0]
    assert captured_offsets(STARTS, 4, 1.0).tolist() == [0.0, 1.0, 3.0, 6.0]


def test_captured_timing_wraps_by_span_plus_mean_gap() -> None:
    # span 6 s, mean gap 2 s: lap 1 starts 8 s after lap 0
    assert captured_offsets(STARTS, 7, 1.0).tolist() == [0.0, 1.0, 3.0, 6.0, 8.0, 9.0, 11.0]
    assert captured_offsets(STARTS, 6, 4.0).tolist() == [0.0, 0.25, 0.75, 1.5, 2.0, 2.25]


def test_speed_three_plays_ten_minutes_in_three_twenty() -> None:
    starts = 1_700_000_000.0 + np.linspace(0.0, 600.0, 601)
    off = build(LoadConfig(speed=3.0), 601, starts, rng())
    assert off.offsets[-1] == 200.0 and off.mode == "captured"
    assert off.table[0].rows == 601 and off.table[0].duration == 200.0


def test_uniform_steps_are_exact() -> None:
    load = LoadConfig(
        steps=[Step(duration=30.0, rate=10.0), Step(duration=10.0, rate=20.0), Step(duration=2, rate=0.5)]
    )
    s = build(load, 1, STARTS, rng())
    expected = np.concatenate([np.arange(300) / 10.0, 30.0 + np.arange(200) / 20.0, 40.0 + np.arange(1) / 0.5])
    assert np.array_equal(s.offsets, expected)
    assert s.steps.tolist() == [0] * 300 + [1] * 200 + [2]
    assert [(t.index, t.start, t.duration, t.rows, t.rate) for t in s.table] == [
        (0, 0.0, 30.0, 300, 10.0),
        (1, 30.0, 10.0, 200, 20.0),
        (2, 40.0, 2.0, 1, 0.5),
    ]


def test_poisson_steps_stay_in_their_step_and_repeat_with_the_seed() -> None:
    load = LoadConfig(arrival="poisson", steps=[Step(duration=20.0, rate=50.0), Step(duration=20.0, rate=200.0)])
    a, b, c = build(load, 1, STARTS, rng(1)), build(load, 1, STARTS, rng(1)), build(load, 1, STARTS, rng(2))
    assert np.array_equal(a.offsets, b.offsets) and not np.array_equal(a.offsets, c.offsets)
    for t in a.table:
        o = a.offsets[a.steps == t.index]
        assert np.all((o >= t.start) & (o < t.start + t.duration))
        assert abs(t.rows - t.rate * t.duration) < 5 * np.sqrt(t.rate * t.duration)
    assert np.all(np.diff(a.offsets) >= 0)


def test_poisson_rate() -> None:
    o = poisson_offsets(20_000, 100.0, rng(3))
    assert o[0] == 0.0 and np.all(np.diff(o) > 0)
    assert o[-1] / len(o) == pytest.approx(0.01, rel=0.03)
    s = build(LoadConfig(rate=10.0, duration=60.0), 5, STARTS, rng())
    assert len(s) == 600 and s.table[0].rate == 10.0


def test_step_offsets_count_rounds() -> None:
    assert step_offsets(5.0, 10.0, 0.25, "uniform", rng()).tolist() == [5.0, 9.0, 13.0]  # 2.5 rounds up


def test_closed_model_splits_rows_by_user_seconds() -> None:
    load = LoadConfig(steps=[Step(duration=60.0, users=10), Step(duration=30.0, users=40)])
    s = build(load, 900, STARTS, rng())
    assert np.isnan(s.offsets).all() and len(s) == 900
    assert [(t.rows, t.users, t.start) for t in s.table] == [(300, 10, 0.0), (600, 40, 60.0)]
    assert s.steps.tolist() == [0] * 300 + [1] * 600


def test_a_rate_follows_its_arrival_process() -> None:
    uniform = build(LoadConfig(rate=25.0, duration=8.0, arrival="uniform"), 5, STARTS, rng())
    assert len(uniform) == 200 and np.array_equal(uniform.offsets, np.arange(200) / 25.0)
    assert (uniform.mode, uniform.table[0].duration, uniform.table[0].arrival) == ("rate", 8.0, "uniform")
    poisson = build(LoadConfig(rate=25.0, duration=8.0), 5, STARTS, rng())  # the default for a single rate
    assert len(poisson) == 200 and poisson.table[0].arrival == "poisson"
    assert np.ptp(np.diff(poisson.offsets)) > 0.05  # not evenly spaced
    bursty = build(LoadConfig(rate=25.0, duration=8.0, arrival="bursty", burst=9.0), 5, STARTS, rng())
    assert len(bursty) == 200 and bursty.table[0].arrival == "bursty"


def test_bursty_gaps_keep_the_mean_and_have_the_burst_factor_as_squared_cv() -> None:
    for burst in (1.0, 4.0, 16.0):
        g = gaps(400_000, 20.0, burst, rng(5))
        assert g.mean() == pytest.approx(0.05, rel=0.03)
        assert g.var() / g.mean() ** 2 == pytest.approx(burst, rel=0.08)


def test_bursty_counts_vary_burst_times_as_much_as_poisson() -> None:
    """Index of dispersion of the counts per 10 s window: about 1 for Poisson, about ``burst`` for bursty."""

    def dispersion(arrival: str, burst: float | None) -> float:
        load = LoadConfig(arrival=arrival, burst=burst, steps=[Step(duration=20_000.0, rate=10.0)])  # type: ignore[arg-type]
        counts = np.bincount((build(load, 1, STARTS, rng(7)).offsets // 10).astype(int), minlength=2000)
        assert counts.mean() == pytest.approx(100.0, rel=0.05)
        return counts.var() / counts.mean()

    assert dispersion("poisson", None) == pytest.approx(1.0, rel=0.2)
    assert dispersion("bursty", None) == pytest.approx(4.0, rel=0.25)  # the default burst factor
    assert dispersion("bursty", 10.0) == pytest.approx(10.0, rel=0.25)


def test_a_step_can_set_its_own_arrival() -> None:
    load = LoadConfig(
        arrival="poisson", steps=[Step(duration=10.0, rate=5.0, arrival="uniform"), Step(duration=10.0, rate=5.0)]
    )
    s = build(load, 1, STARTS, rng())
    assert [t.arrival for t in s.table] == ["uniform", "poisson"]
    assert np.array_equal(s.offsets[s.steps == 0], np.arange(50) / 5.0)
