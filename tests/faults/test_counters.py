"""replay.faults.counters: faults counted by type and by rule, per segment and in the total."""

from __future__ import annotations

import numpy as np
import pytest

from replay.config.faults import parse_profiles
from replay.faults.counters import VERSION, Counters, lockstep

PROFILES = {
    "profiles": [
        {
            "name": "slow",
            "rules": [
                {"type": "latency", "delay": "250ms", "jitter": "50ms"},
                {"type": "latency", "name": "tail", "delay": "4s", "probability": 0.1},
            ],
        },
        {"name": "slower", "rules": [{"type": "latency", "delay": "1s"}]},
    ]
}


def test_two_rules_of_one_type_are_counted_apart() -> None:
    """A mild latency on every call and a long one on a tenth: ``faults`` adds them up, ``rules`` tells them apart,
    each with what it does; a rule that acted on nothing is listed at 0, and a name two profiles give rules that do
    different things is told apart in the total by its profile."""
    ps = parse_profiles(PROFILES, "t")
    slow, slower = (p.rules for p in ps.profiles)
    counters = Counters("slow", "0", slow)
    for i in range(10):
        counters.now.count(slow[0])
        if i == 3:
            counters.now.count(slow[1])
    counters.switch("slower", "1", slower)
    counters.now.count(slower[0])
    got = counters.snapshot()
    assert got["version"] == VERSION == 2
    first, second = got["segments"]
    assert first["faults"] == {"latency": 11}
    assert first["rules"] == {
        "latency": {"type": "latency", "does": "latency 250 ms ± 50 ms", "hit": 10},
        "tail": {"type": "latency", "does": "latency 4 s, probability 0.1", "hit": 1},
    }
    assert second["rules"] == {"latency": {"type": "latency", "does": "latency 1 s", "hit": 1}}
    assert {name: r["hit"] for name, r in got["total"]["rules"].items()} == {
        "latency": 10,
        "tail": 1,
        "slower/latency": 1,
    }

    counters.now.credit(slow[1])  # forced from another profile (x-replay-fault): counted under its name
    assert counters.snapshot()["segments"][1]["rules"]["tail"]["hit"] == 1


def test_first_retries_and_waits_past_the_advice_are_counted() -> None:
    """What tells a retry-after read as a ceiling (full jitter) from one never read: of the first retries after an
    answer that advised one, those back within half of it and after all of it; of every retry, those well past it.
    An answer that advised none counts in neither."""
    counters = Counters("limited")
    seg = counters.now
    for waited, advised, first in ((0.2, 1.0, 1), (0.7, 1.0, 1), (1.0, 1.0, 1), (3.0, 2.0, 0), (0.1, float("nan"), 1)):
        seg.waited.append(waited)
        seg.advised.append(advised)
        seg.first.append(first)
    retries = counters.snapshot()["segments"][0]["retries"]
    assert retries["first"] == {"told": 3, "early": 1, "honoured": 1, "scattered": 0} and retries["past"] == 1


def test_first_retries_back_near_none_of_the_advice_are_counted_against_the_same_advice() -> None:
    """Full jitter's first retries back within a quarter of the others' median after the same advice (0.1 s of 1 s,
    0.2 s of 2 s); a fixed back-off's, stretched by a busy service, none; advice given under three times is read
    by the median share (a limiter advising the exact time to its refill)."""
    counters = Counters("limited")
    seg = counters.now
    waits = [(0.1, 1.0), (0.5, 1.0), (0.6, 1.0), (0.9, 1.0), (0.2, 2.0), (1.0, 2.0), (1.5, 2.0), (0.05, 0.73)]
    for waited, advised in waits:
        seg.waited.append(waited)
        seg.advised.append(advised)
        seg.first.append(1)
    assert counters.snapshot()["segments"][0]["retries"]["first"]["scattered"] == 3
    fixed = Counters("limited")
    for waited in (0.25, 0.3, 0.45, 0.6, 0.7, 0.26):
        fixed.now.waited.append(waited)
        fixed.now.advised.append(1.0)
        fixed.now.first.append(1)
    assert fixed.snapshot()["segments"][0]["retries"]["first"]["scattered"] == 0


def test_lockstep_at_the_advice_reads_alike_however_late_a_busy_service_wakes() -> None:
    """Every first retry waits the retry-after advised (1 s or 2 s), no jitter, and a busy service wakes more than half
    of them over a tenth of the advice late (production's release with jitter 0 beside two spinning processes: 24-321
    ms): a wait past all of the advice, within a quarter of it, reads as all of it, so the spread is none (as shares:
    0.11, past the retry_spread gate's 0.1). Jitter drawn under the advice, the same delays added, still spreads, and so
    does a back-off blind to the advice that waits well past it. Not read so: waits alike in seconds after answers that
    advised none (the service's own back-off), where the proxy has no advice to tell the service's overhead by."""
    delays = [0.02, 0.03, 0.13, 0.05, 0.15, 0.25, 0.16, 0.28, 0.18, 0.32, 0.3, 0.6]
    advised = np.array([1.0, 2.0] * 6)
    first = np.ones(12, dtype=bool)
    late = advised + np.array(delays)
    assert lockstep(late, advised, first) == {"basis": "advised", "n": 12, "spread": 0.0, "under": 0.0}
    q10, q50 = np.quantile(late / advised, [0.1, 0.5])
    assert (q50 - q10) / q50 > 0.1  # as shares, uncapped
    jittered = advised * (1.0 - 0.5 * ((5 * np.arange(12)) % 12) / 11) + np.array(delays)
    assert lockstep(jittered, advised, first)["spread"] > 0.2
    none = np.full(12, np.nan)
    assert lockstep(0.5 + np.array(delays), none, first)["spread"] > 0.1
    # 1.5 to 2.5 times the advice, jittered: under the advice, none (read so only on a busy machine: CameBack.under)
    assert lockstep(advised * (1.5 + np.arange(12) / 11), advised, first) == pytest.approx(
        {"basis": "advised", "n": 12, "spread": 0.2, "under": 0.0}
    )


def test_the_upstreams_own_error_bodies_are_counted_by_status_per_segment_and_in_the_total() -> None:
    counters = Counters("none", "0")
    counters.now.error_bodies[200] += 2
    counters.switch("none", "1")
    counters.now.error_bodies[200] += 1
    counters.now.error_bodies[206] += 1
    got = counters.snapshot()
    assert [s["error_bodies"] for s in got["segments"]] == [{"200": 2}, {"200": 1, "206": 1}]
    assert got["total"]["error_bodies"] == {"200": 3, "206": 1} and got["version"] == 2
