"""The demo's capacity story in words: production's capacity against the candidate's (the searches
themselves run in tests/runner/test_search.py and tests/report/test_fallback.py)."""

from __future__ import annotations

from pathlib import Path

from replay import pipeline
from replay.demo.capacity import ReleaseCapacity, compare, quiet
from replay.judge.capacity import Capacity, Probe

DEMO = Path(__file__).resolve().parents[2] / "scenarios/demo.toml"


def _found(release: str, lo: float | None, hi: float | None, canned: float = 0.0) -> ReleaseCapacity:
    paths = {"primary": 1 - canned, "canned": canned}
    probes = [Probe(r, r == lo, None if r == lo else "p99 < 8s", paths=paths) for r in (lo, hi) if r is not None]
    cap = Capacity(lo, [lo, hi], "p99 < 8s" if hi else None, "p99 = 9 s", probes, 0.2, 4.0, "model=slow-1s")
    return ReleaseCapacity(release, cap, Path(release))


def test_the_candidate_is_named_against_production() -> None:
    lines = compare([_found("production", 22.63, 26.91), _found("candidate", 13.45, 16, canned=0.27)])
    assert lines[0] == "capacity with model=slow-1s (no injected errors), against a model of 4 generations at once:"
    assert "production  22.63 requests/s (bracket 22.63..26.91, 2 probes; at 26.91 p99 < 8s broke first)" in lines[1]
    assert lines[2].endswith("at 16 p99 < 8s broke first; canned answered 27%)")
    assert lines[-1] == "verdict: with the model slow the candidate holds 41% less load than production"


def test_a_candidate_that_holds_no_rate_or_every_rate() -> None:
    none = compare([_found("production", 8, 16), _found("candidate", None, 8)])
    assert "candidate   under 8 requests/s: no rate held every gate (p99 < 8s broke at 8)" in none[2]
    assert none[-1].startswith("verdict: with the model slow the candidate held no rate")
    every = compare([_found("production", 64, None), _found("candidate", 64, None)])
    assert "64 requests/s or more" in every[2] and every[-1].endswith("holds as much load as production")
    assert compare([]) == []


def test_the_search_keeps_the_slow_model_without_its_errors() -> None:
    """The search's profile (step 2's) loses its 503s and keeps its latency; the rehearsal's keeps both."""
    scenario = pipeline.load(DEMO)
    calm = pipeline.load(DEMO, None, quiet(scenario))
    assert scenario.load.search is not None and quiet(scenario)
    name = scenario.faults[0].step_profile(scenario.load.search.fault_step)
    before, after = scenario.faults[0].profile(name).rules, calm.faults[0].profile(name).rules
    assert [r.probability for r in before if r.type == "error"] == [0.25]
    assert [r.probability for r in after if r.type == "error"] == [0.0]
    assert [r for r in before if r.type != "error"] == [r for r in after if r.type != "error"]
    assert [p for p in calm.faults[0].profiles if p.name != name] == [
        p for p in scenario.faults[0].profiles if p.name != name
    ]
    # The other dependencies' proxies (the search's, the fallback model's) inject nothing at the search's step: the
    # search measures the releases with the model slowed (the rehearsal's search is 650 ms slow at that step).
    step = scenario.load.search.fault_step
    assert [f.name for f in scenario.faults] == ["model", "search", "fallback"]
    assert scenario.faults[1].step_profile(step) != "none"
    assert all(f.step_profile(step) == "none" for f in calm.faults[1:])
