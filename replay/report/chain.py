"""The fallback chain's next call, as the fault proxies saw it: where the scenario's errors meant for one API
(a rule on one path: an outage of the primary model's API) failed the call a request made after its tries of
the primary too, the release's fallback calls that same API (its fallback model switched to the API that is
down), where a fallback on another API would have answered. The service says only what the last call met
(model_503); the proxies' counts say which call that was. Its calls on the same path, right after the
primary's last error, are what the proxy counts as retries that came back early.

And where a fault proxy stands before the fallback model alone (its calls all from requests off the primary path, as
the demo's fallback proxy in front of the other provider's API): the calls there the service gave up on are the
fallback model timing out, which the service says only as "timeout", like the primary's; or, where it says another
reason (its budget for the whole request), that limit running out during them.

And where more rows than production's replies to the same prompts went off the primary path (or failed with an
error) at a step whose fault proxies failed no call by an error status, a cut or a wait given up on, but some calls
were answered with an error body under a success status (an ``error`` rule of status 200: the matrix's wrong_shape; or
the upstream's own, a gateway's 200 with ``{"error": ...}`` or an error event in a 200 stream, which the proxies count:
the matrix's error_bodies): that body is what set off the fallback, which no gate on the fallback class sees where the
fallback model answers.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

from replay.config.faults import ABORTS, Fault
from replay.judge import FailureClass, Judged
from replay.judge.cost import fallback_rows
from replay.judge.frame import Frame
from replay.judge.upstream import CameBack, RuleHits
from replay.report.seen import FAILED_BY, MIN_ROWS, SIGNAL_MIN, rule_said, rules_at, upstream_at
from replay.report.seen import FAILING as FAILS_CALL
from replay.util.stats import pct

__all__ = [
    "GaveUp",
    "SetOff",
    "early_were_fallbacks",
    "fallback_met_faults",
    "fallback_on_error_bodies",
    "fallback_proxies",
    "fallback_timed_out",
]

FAILING = "the fallback calls the failing API"
TIMED_OUT = "the fallback model timed out"
UNANSWERED = "the fallback model did not answer in time"
CARRIED = 0.5  # the share of the fallback rows whose next call met the faults that makes it their cause


@dataclass(frozen=True, slots=True)
class GaveUp:
    """The fallback model's calls the service gave up on at a step (``fallback_timed_out``): the line saying so, and
    whether the service says timeout of those rows (the fallback model timed out), or another limit of its own (its
    budget for the whole request) ran out during them."""

    text: str
    timeout: bool


@dataclass(frozen=True, slots=True)
class _Met:
    """At a step: the rows whose call after their tries of the primary a fault proxy failed as well, the paths the
    proxy's error rules there act on (one each), and the proxy."""

    rows: np.ndarray
    called: int  # rows at the step with a call after their tries of the primary, failed or not
    paths: list[str]
    proxy: str


def _met(judged: Judged, frame: Frame, step: int) -> _Met | None:
    """The rows at ``step`` that called upstream once more after their tries of the primary (the service's own retries,
    plus one) and had every call failed by the proxy counting them (the primary model's, ``frame.calls``), where every
    error rule of that proxy that fired there acts on one path: the scenario's faults were meant for one API, and the
    next call went to it. Another proxy's errors (the search's) failed none of those calls."""
    if frame.calls is None or frame.aborted is None:
        return None
    tries = frame.retries + 1  # NaN where the service does not say its retries: no call is known to be a next one
    called = frame.sent(frame.step == step) & (frame.calls > tries)
    rows = called & (frame.aborted >= frame.calls)
    if rows.sum() < MIN_ROWS:
        return None
    counted = {counts.counted_by for counts in frame.proxies}  # the proxy ``frame.calls`` and ``aborted`` are of
    for proxy in (p for p in judged.scenario.faults if p.name in counted):
        fired = {
            t for counts in frame.proxies for t, n in counts.injected.get(step, {}).get(proxy.name, {}).items() if n
        }
        # which rules fired, by name where the proxy counted by rule: a 503 on every path beside one on the chat path
        hits = {name: r.hit for name, r in rules_at(frame, step).get(proxy.name, {}).items()}
        rules = [
            r
            for r in proxy.profile(proxy.step_profile(step)).rules
            if r.type in ABORTS and (hits.get(r.name, 0) > 0 if hits else r.type in fired)
        ]
        paths = list(dict.fromkeys(r.path for r in rules))
        if rules and "*" not in paths:
            return _Met(rows, int(called.sum()), paths, proxy.name)
    return None


def fallback_met_faults(judged: Judged, frame: Frame, step: int) -> list[str]:
    """The fallback rows at ``step`` most of which made a call after their tries of the primary that met the faults
    meant for the primary's API: the line naming it (their fallback calls that API), else none."""
    met = _met(judged, frame, step)
    fallback = frame.sent(frame.step == step) & (frame.cls == FailureClass.FALLBACK)
    if met is None or not fallback.any():
        return []
    share = float(met.rows[fallback].mean())
    if share < CARRIED:
        return []
    tries = int(np.median(frame.retries[met.rows & fallback])) + 1
    return [
        f"{FAILING}: on {pct(share)} of the {int(fallback.sum())} fallback rows at step {step} the call after the "
        f"primary's {tries} tries met the {met.proxy} fault proxy's errors too, which act on {_paths(met)} alone"
    ]


def fallback_proxies(frame: Frame) -> list[str]:
    """The fault proxies that stand before the fallback chain alone: every call through them came from rows off the
    primary path (the fallback model's, the canned answer's), where rows on it exist (the model's proxy and the
    search's, which rows on the primary path call too, are not). None where the proxies saw no request ids."""
    if frame.path is None or not (frame.path == "primary").any():
        return []
    off = frame.sent(frame.path != "primary")
    return [name for name, calls in frame.calls_by.items() if (calls > 0).any() and not (calls > 0)[~off].any()]


def fallback_timed_out(judged: Judged, frame: Frame, step: int) -> GaveUp | None:
    """The fallback model's calls given up on at ``step`` (else None): most calls the service made
    through a proxy of the fallback chain's (``fallback_proxies``) ended before they answered, with fallback rows at
    the step. Where the service says timeout of them (or nothing), the fallback model took longer than the release
    waits for it; where it says another reason (its budget for the whole request: the matrix's budget_3), a limit of
    its own ran out during those calls, which is what is said."""
    at = frame.sent(frame.step == step)
    fallback = at & (frame.cls == FailureClass.FALLBACK)
    if fallback.sum() < MIN_ROWS:
        return None
    causes = Counter(c for i in np.flatnonzero(fallback) if (c := judged.verdicts[i].cause))
    reason, said = causes.most_common(1)[0] if causes else ("timeout", 0)
    behind = fallback_proxies(frame)
    for counts in frame.proxies:
        for proxy in behind:
            n = counts.upstream.get(step, {}).get(proxy, 0)
            gone = counts.abandoned.get(step, {}).get(proxy, 0)
            if n < MIN_ROWS or gone / n < CARRIED:
                continue
            head = (
                f"the service gave up on {pct(gone / n)} of its {n} calls through the {proxy} fault proxy at step "
                f"{step}, which only requests the primary had failed called, before they answered"
            )
            if "timeout" in reason:
                return GaveUp(
                    f"{TIMED_OUT}: {head} (its timeout for the fallback model, shorter than the model took); "
                    f"{int(fallback.sum())} fallback rows there",
                    True,
                )
            return GaveUp(
                f"{UNANSWERED}: {head}; the service says {reason}, not timeout, on {pct(said / fallback.sum())} of the "
                f"{int(fallback.sum())} fallback rows there: a limit of its own ran out during those calls",
                False,
            )
    return None


def _paths(met: _Met) -> str:
    return " and ".join(met.paths)


def early_were_fallbacks(judged: Judged, frame: Frame, came: CameBack | None, step: int | None) -> str | None:
    """Where the retries that came back early at ``step`` are no more than the calls down the fallback chain there,
    which met the faults on the primary's path (the proxy counts a call on the same path as a retry, and the next
    call follows the primary's last error at once): what they were, else None."""
    if came is None or step is None or not came.early:
        return None
    met = _met(judged, frame, step)
    if met is None or came.early > met.called:
        return None
    return (
        f"{FAILING}: {met.called} requests at step {step} called again after the primary's tries, "
        f"{met.rows.sum()} of them failed by its errors on {_paths(met)}; the proxy counts such a call as a retry, "
        "at once after the last error, not a retry that ignored the retry-after"
    )


@dataclass(frozen=True, slots=True)
class SetOff:
    """A step whose rows went off the primary path, or failed with an error, more than production's replies to the
    same prompts did, set off by error bodies under a success status (``fallback_on_error_bodies``): the rows, the
    classes that rose (fallback: off the primary path; error), and the sentence."""

    step: int
    rows: int  # rows sent at the step whose production reply is known
    classes: tuple[FailureClass, ...]
    text: str


def fallback_on_error_bodies(judged: Judged, frame: Frame) -> list[SetOff]:
    """The steps where rows went off the primary path (another path, or classed fallback), or failed with an error,
    more than production's replies to the same prompts did (MIN_ROWS rows and SIGNAL_MIN of them more), with nothing
    the fault proxies counted failing a call there (an error status, a cut, a call given up on or dropped) but error
    bodies under a success status: an ``error`` rule's answering under 400, or the upstream's own (the proxies'
    ``error_bodies``), which the service read as failed answers and fell back from, or failed on. No step where
    another failing fault was in force (that explains the rows, and its own findings say so), nor where production's
    side is unknown."""
    if judged.production is None or frame.production_known is None:
        return []
    path = frame.path if frame.path is not None else np.full(len(frame), None, dtype=object)
    prod = judged.production
    rose_by = (  # class, what its rows did, staging's rows, production's
        (
            FailureClass.FALLBACK,
            "went off the primary path",
            fallback_rows(frame.cls, path),
            np.array(
                [p is not None and (p.path not in (None, "primary") or p.cls == FailureClass.FALLBACK) for p in prod]
            ),
        ),
        (
            FailureClass.ERROR,
            "failed with an error",
            frame.cls == FailureClass.ERROR,
            np.array([p is not None and p.cls == FailureClass.ERROR for p in prod]),
        ),
    )
    out = []
    for step in (int(s) for s in frame.values("step")):
        at = frame.sent(frame.step == step) & frame.production_known
        n = int(at.sum())
        rose = [(c, what, int((m & at).sum()), int((t & at).sum())) for c, what, m, t in rose_by]
        rose = [r for r in rose if r[2] - r[3] >= MIN_ROWS and (r[2] - r[3]) / n >= SIGNAL_MIN]
        if not rose or any(w.kind in FAILED_BY for w in upstream_at(frame, step)):
            continue
        said = _error_bodies(judged, frame, step)
        if said:
            (_, what, mine, theirs), *more = rose
            head = " and ".join(
                [
                    f"{mine} of the {n} rows at step {step} {_share(what, mine, theirs, n)}",
                    *(f"{m} {_share(w, m, t, n)}" for _, w, m, t in more),
                ]
            )
            text = (
                f"{head} where no call the fault proxies failed had an error status: {'; '.join(said)}, which the "
                "service read as failed answers"
            )
            out.append(SetOff(step, n, tuple(c for c, *_ in rose), text))
    return out


def _share(what: str, mine: int, theirs: int, n: int) -> str:
    return f"{what} ({pct(mine / n)}; production's replies to the same prompts {pct(theirs / n)})"


def _error_bodies(judged: Judged, frame: Frame, step: int) -> list[str]:
    """What the ``error`` rules answering under 400 did at ``step``, proxy by proxy: "the model fault proxy's rule
    'case-error' (error 200, probability 0.2) answered 9 of its 50 calls with an error body under status 200"; and
    what the upstreams sent so by themselves (the proxies' ``error_bodies``): "the upstream behind the model fault
    proxy answered 9 of its 50 calls with an error body under status 200 by itself (no fault rule)"; none where
    another fault that fails a call acted there (or, on counters by type alone, was in force beside them)."""
    by_rule = rules_at(frame, step)
    said = []
    for proxy in judged.scenario.faults:
        fired: dict[str, int] = {}
        for counts in frame.proxies:
            for t, k in counts.injected.get(step, {}).get(proxy.name, {}).items():
                fired[t] = fired.get(t, 0) + k
        hits = {name: r.hit for name, r in by_rule.get(proxy.name, {}).items()}
        rules = [
            r
            for r in proxy.profile(proxy.step_profile(step)).rules
            if r.type in FAILS_CALL and (hits.get(r.name, 0) > 0 if hits else fired.get(r.type, 0) > 0)
        ]
        if any(not _error_body(r) for r in rules):
            return []
        calls = sum(counts.upstream.get(step, {}).get(proxy.name, 0) for counts in frame.proxies)
        for r in rules:
            k = hits[r.name] if hits else fired[r.type]
            said.append(
                f"the {proxy.name} fault proxy's rule {rule_said(r.name, RuleHits(r.type, r.does))} answered {k} of "
                f"its {calls} calls with an error body under status {r.status}"
            )
        own: dict[str, int] = {}
        for counts in frame.proxies:
            for status, k in counts.error_bodies.get(step, {}).get(proxy.name, {}).items():
                own[status] = own.get(status, 0) + k
        said += [
            f"the upstream behind the {proxy.name} fault proxy answered {k} of its {calls} calls with an error body "
            f"under status {status} by itself (no fault rule)"
            for status, k in sorted(own.items())
            if k
        ]
    return said


def _error_body(rule: Fault) -> bool:
    """An ``error`` rule that answers under 400: its error body under a success status (``faults.bodies``)."""
    return rule.type == "error" and rule.status is not None and rule.status < 400
