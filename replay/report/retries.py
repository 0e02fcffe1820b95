"""How a service came back to a dependency after its error answers, from what the fault proxy timed
(``replay.faults.counters``: each retry's wait, the retry-after advised): the cause line of a failed retry
gate (retry_early, unretried, retry_spread, retry_backoff), a release that retried none, and the signals
that rose where the scenario injected errors. The same timing as evidence at a step (retries in lockstep,
retry-after ignored, long back-offs) is ``replay.report.seen.retry_timing``'s."""

from __future__ import annotations

import numpy as np

from replay.config.faults import ABORTS
from replay.judge import Judged
from replay.judge.evaluate import MIN_RETRIES, GateResult, not_measured
from replay.judge.frame import Frame
from replay.judge.upstream import CameBack, Ceiling

__all__ = [
    "IGNORED_SAID",
    "INJECTED_SHARE",
    "JITTER_SAID",
    "LOCKSTEP_SAID",
    "LONG_SAID",
    "WAITED_SAID",
    "at_injected_steps",
    "early_said",
    "retry_gate",
    "unretried_at",
]

INJECTED_SHARE = 0.9  # a signal this much of whose rows met injected errors moved with the scenario's faults
# How a gate's cause line and seen.retry_timing's evidence name each behaviour, alike.
LOCKSTEP_SAID, IGNORED_SAID, LONG_SAID = "retries in lockstep, without jitter", "retry-after ignored", "a long back-off"
WAITED_SAID = "a long retry-after, waited out"  # the dependency's wait, not the release's back-off
# First retries back early about half the time (between the bounds of FULL_JITTER_EARLY), hardly ever after all of the
# advice, and no retry well past it: a wait drawn from none to all of the retry-after, the advice read as a ceiling
# where honouring it waits at least half of it (as the SDKs do). First retries early every time, or some waiting it
# out beside those back at once, or waits that grow past it: the advice not read.
JITTER_SAID = "full jitter under the retry-after (a wait drawn from none to all of it)"
FULL_JITTER_EARLY, FULL_JITTER_HONOURED = (0.2, 0.8), 0.1
# And some back near none of the advice (counters.SCATTERED: an eighth of full jitter's first retries): a back-off
# that ignores it, which a busy service's overhead pushes past half the advice as often as not, never is (36 of 68
# such retries early once, a matrix case beside five others and two test workers, read as full jitter; 0 of 17-33
# in every ignoring release of a 124-case matrix at load 13-20). One in 29 first retries is what full jitter left
# there (an eighth expected: the service's overhead lifts the shortest waits), so one suffices below 50.
FULL_JITTER_SCATTERED = 0.02


def early_said(ceiling: Ceiling | None) -> str:
    """What retries back before the retry-after elapsed show, from ``upstream.ceiling``'s counts (None: not
    counted): the advice read as a ceiling (full jitter), or ignored."""
    if ceiling is not None:
        told, early, honoured, past, near = ceiling
        low, high = FULL_JITTER_EARLY
        if (
            told >= MIN_RETRIES
            and past == 0
            and honoured <= FULL_JITTER_HONOURED * told
            and low * told <= early < high * told
            and (near is None or near >= max(1.0, FULL_JITTER_SCATTERED * told))
        ):
            return JITTER_SAID
    return IGNORED_SAID


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
            f"error answer advised: {early_said(came.ceiling)}"
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
