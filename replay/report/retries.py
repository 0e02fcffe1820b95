"""How a service came back to a dependency after its error answers, from what the fault proxy timed
(``replay.faults.counters``: each retry's wait, the retry-after advised): retries in lockstep, retries
that ignored the retry-after, long back-offs; evidence beside the faults injected at a step, and the
cause line of a failed retry gate (retry_early, unretried, retry_spread, retry_backoff)."""

from __future__ import annotations

import numpy as np

from replay.config.faults import ABORTS
from replay.judge import Judged
from replay.judge.evaluate import GateResult, not_measured
from replay.judge.frame import Frame
from replay.judge.upstream import CameBack
from replay.util.stats import pct

__all__ = ["BEHAVIOURS", "INJECTED_SHARE", "at_injected_steps", "retry_gate", "retry_timing", "unretried_at"]

MIN_RETRIES = 5  # fewer retries than this say nothing of how they came back
LOCKSTEP = 0.1  # first retries' waits spread less than this (p10..p50 over p50) are lockstep: no jitter
LONG_WAIT = 2.0  # seconds (median) a retry waited: four times the SDKs' first back-off (0.5 s) ...
LONG_SHARE = 1.5  # ... and this many times the retry-after advised, where one was: a long back-off
EARLY = 0.6  # retries back after less than this share of the advised retry-after (median) ignored it
INJECTED_SHARE = 0.9  # a signal this much of whose rows met injected errors moved with the scenario's faults
LOCKSTEP_SAID, IGNORED_SAID, LONG_SAID = "retries in lockstep, without jitter", "retry-after ignored", "a long back-off"
# How the lines of retry_timing that name the release's own doing end. Not lockstep: its evidence threshold
# (LOCKSTEP) lies within the spread a loaded machine leaves of production's jittered retries (0.16-0.30 seen).
BEHAVIOURS = (IGNORED_SAID, LONG_SAID)


def at_injected_steps(judged: Judged, frame: Frame, signal: str) -> float:
    """The share of the sent rows carrying ``signal`` that were sent at steps where a fault proxy injected
    error answers, resets or hangs: a service's own retry signal rises there in every release, production's
    included, whose captured replies never met the faults."""
    steps = {
        step
        for counts in frame.proxies
        for step, proxies in counts.injected.items()
        if any(faults.get(t) for faults in proxies.values() for t in ABORTS)
    }
    has = frame.sent(np.array([signal in v.signals for v in judged.verdicts], dtype=bool))
    if not steps or not has.any():
        return 0.0
    return float(np.isin(frame.step[has], sorted(steps)).mean())


def retry_timing(proxy: str, came: dict | None, step: int) -> list[str]:
    """How the service came back to ``proxy`` after its error answers at ``step``: retries in lockstep (waits
    alike: no jitter, so a burst of failures comes back as a burst), retries well before
    the retry-after the answers advised (ignored: they meet the same limit again), and long waits (a
    back-off that costs its rows their latency)."""
    if not came or (came["waited"]["n"] or 0) < MIN_RETRIES:
        return []
    out = []
    lock = came["lockstep"]
    if lock["spread"] is not None and lock["n"] >= MIN_RETRIES and lock["spread"] < LOCKSTEP:
        of = "of the retry-after advised" if lock["basis"] == "advised" else "after the error answer"
        out.append(
            f"the {lock['n']} first retries to {proxy} at step {step} waited alike ({of}, spread "
            f"{lock['spread']:.2f} from p10 to the median, over it): {LOCKSTEP_SAID}"
        )
    share, advised = came["share"], came["advised"]
    if (share["n"] or 0) >= MIN_RETRIES and share["p50"] is not None and share["p50"] < EARLY:
        out.append(
            f"retries to {proxy} at step {step} came back after {came['waited']['p50']:.2f} s (median) where its "
            f"answers advised retry-after {advised['p50']:.2f} s: {pct(1 - share['p50'])} too early, {IGNORED_SAID}"
        )
    waited = came["waited"]["p50"]
    beyond = (share["n"] or 0) >= MIN_RETRIES and share["p50"] is not None and share["p50"] > LONG_SHARE
    if waited is not None and waited >= LONG_WAIT and (beyond or not share["n"]):
        asked = f", {share['p50']:.1f}x the retry-after its answers advised" if beyond else ""
        out.append(
            f"retries to {proxy} at step {step} waited {waited:.2f} s (median) after the error answer{asked}: "
            + LONG_SAID
        )
        return out
    # Beside retries that waited out a retry-after, those after answers that advised none: the service's own back-off.
    own = came.get("unadvised") or {}
    if (own.get("n") or 0) >= MIN_RETRIES and own.get("p50") is not None and own["p50"] >= LONG_WAIT:
        out.append(
            f"the {own['n']} first retries to {proxy} at step {step} after answers that advised no retry-after waited "
            f"{own['p50']:.2f} s (median): " + LONG_SAID
        )
    return out


def unretried_at(came: CameBack | None, step: int) -> str | None:
    """Where the service retried none of MIN_RETRIES or more error answers at ``step``: the line saying so (None
    else). The release's own doing, where the scenario's errors (a rate limit's 429s) are what production's
    retries ride out: what its failed requests met then follows."""
    if came is None or came.answers < MIN_RETRIES or came.retried:
        return None
    return (
        f"the service retried none of the {came.answers} error answers at step {step}, "
        "giving up at the first error (no retries)"
    )


def retry_gate(result: GateResult, came: CameBack | None, fallbacks: str | None = None) -> str:
    """A failed retry gate in one line: its figure and the behaviour it shows, or why it has none; ``fallbacks``:
    what the early retries were instead (``replay.report.chain.early_were_fallbacks``)."""
    g = result.gate
    if result.value is None:
        return not_measured(g, came)
    at = f"at step {g.tag('step')}" if g.tag("step") is not None else "in the run"
    head = f"{g.key} is {result.shown}, past its threshold {g.text.strip()}"
    if came is None:
        return head
    if g.metric == "retry_early" and fallbacks is not None:
        return (
            f"{head}: {fallbacks} ({came.early} of the {came.told} retries {at} came back within half the retry-after)"
        )
    if g.metric == "retry_early":
        return (
            f"{head}: {came.early} of the {came.told} retries {at} came back within half the retry-after their "
            f"error answer advised: {IGNORED_SAID}"
        )
    if g.metric == "retry_backoff":
        what = LONG_SAID if g.op in ("<", "<=") else "retries at once, too short a back-off"
        return (
            f"{head}: the {came.unadvised} first retries {at} after error answers that advised no retry-after "
            f"waited {came.backoff:.2f} s (median): {what}"
        )
    if g.metric == "unretried":
        return (
            f"{head}: {came.answers - came.retried} of the {came.answers} error answers {at} were never retried: "
            "the service gives up at the first error (no retries)"
        )
    return f"{head}: the {came.first} first retries {at} waited alike (p10 to the median, over it): {LOCKSTEP_SAID}"
