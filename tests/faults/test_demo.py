"""The demo acceptance, in small: injected upstream latency steps through fault proxies in front of the
model; the candidate collapses (fallbacks, retry amplification) where production holds; the QA set,
one request at a time without faults, sees nothing."""

from __future__ import annotations

import pytest

from replay.demo.sweep import format_sweep, sweep
from tests.conftest import TIMING

pytestmark = [pytest.mark.e2e, TIMING]  # the step where the candidate collapses


# QA cases after the sweep, through the candidate's proxy: that they pass, one model call each, where the load
# collapsed it. That the candidate passes the whole set (20) is tests/demo/test_assistant.py's; 3 here, not 6 (each
# answer is 0.5 s of the TIMING group's sequential path).
QA = 3


def test_latency_sweep_collapses_the_candidate_only() -> None:
    result = sweep([0.0, 1.0, 4.0], rate=5.0, step_s=2.0, qa=QA)
    print(format_sweep(result))
    prod, cand = result.collapse["production"], result.collapse["candidate"]
    assert prod.step is None, format_sweep(result)
    assert cand.step == 2 and "fallback rate" in cand.reason and cand.label == "model: latency-4000ms"
    fallback = [s.rates.get("fallback", 0.0) for s in cand.steps]
    amp = [s.amplification for s in cand.steps]
    assert fallback[0] == 0.0 and fallback[2] >= 0.5
    assert amp[2] >= 2.5 * amp[0], amp  # every call times out at 2 s and is retried
    assert all(s.rates.get("ok") == 1.0 for s in prod.steps)
    assert all(s.amplification <= 1.0 for s in prod.steps)  # no retries (under 1: refused before the model)
    assert prod.steps[2].latency["p50"] > 4.0  # production waits the slow model out
    assert (result.qa_passed, result.qa_total, result.qa_upstream) == (QA, QA, QA)
