"""Every failed gate is explained by a finding, and the findings that explain failed gates come first.

A gate is matched with the finding that names its cause best: a class rate with the cause, broad, context-loss,
over-refusal, trend, collapse, signal or segment finding about that class (and family); availability and goodput
with the finding whose classes weigh most in the gate's segment (a failed class gate's own finding among them);
latency with the cause about the class its tail rows are in, else the cause about latency (slower than production
from the first step, where the gate's figure less that step's shift would hold), else the collapse, trend, another
cause or the broad finding, else a failed class gate's own finding about its tail rows' class; latency against
production's time with the cause about latency at the first step, the collapse or trend at a later one, else the
cause about latency that grows with the prompt's length; retry amplification with the cause finding when it was that
high from the first step (flat), else with the trend or collapse finding.
A failed gate no finding explains gets a finding of its own, in its own figures (per step, per family, the
slowest rows' classes: ``replay.report.gatefinding``), so a failed verdict never comes with an empty findings list.
A gate names its finding by the finding's id (``GateResult.finding``, ``Finding.id``), and shows its title
(``GateResult.cause``).
"""

from __future__ import annotations

import numpy as np

from replay.judge import FailureClass, Judged
from replay.judge.classes import LOAD_CLASSES, UNAVAILABLE
from replay.judge.evaluate import GateResult, quantile_of
from replay.judge.frame import Frame
from replay.judge.gates import OPS, TAGS, Gate
from replay.report.causes import (
    TAIL,
    about_metric,
    accounts_for,
    first_step_shift,
    own_tail,
    tail_at,
    tail_beyond,
)
from replay.report.gatefinding import gate_rows, gate_step, own_finding, rows_evidence
from replay.report.sections import Finding, FindingKind, Severity, SignalRow, StepRow

__all__ = ["explain_gates"]

K = FindingKind
# Kinds that may explain a gate, best first, per metric.
_FOR_RATE = (
    K.CAUSE,
    K.BROAD,
    K.CONTEXT_LOSS,
    K.OVER_REFUSAL,
    K.TREND,
    K.COLLAPSE,
    K.SIGNAL,
    K.ANSWER_DRIFT,
    K.SEGMENT,
    K.TRIGGER,  # what set off the rows off the primary path (first where it covers most of the gate's rows)
)
# Goodput and availability: also a failed class gate's own finding (made first), when its class weighs most there.
_FOR_AVAILABILITY = (K.CAUSE, K.COLLAPSE, K.TREND, K.BROAD, K.SEGMENT, K.GATE)
_FOR_GOODPUT = (
    K.CAUSE,
    K.BROAD,
    K.CONTEXT_LOSS,
    K.OVER_REFUSAL,
    K.COLLAPSE,
    K.TREND,
    K.SIGNAL,
    K.ANSWER_DRIFT,
    K.SEGMENT,
    K.GATE,
)
_SHARES = ("goodput", "availability")  # every failing class lowers these
_FOR_LATENCY = (K.COLLAPSE, K.TREND, K.CAUSE, K.BROAD)
_FOR_AMPLIFICATION = (K.CAUSE, K.TREND, K.COLLAPSE)


def _candidates(result: GateResult) -> tuple[tuple[FindingKind, ...], set[str] | None]:
    """(kinds that may explain the gate, best first; classes the finding must be about, or None)."""
    g = result.gate
    if g.metric in ("rate", "count"):
        return _FOR_RATE, set(g.classes)
    if g.metric == "availability":
        return _FOR_AVAILABILITY, {*UNAVAILABLE, FailureClass.TRUNCATED}
    if g.metric == "goodput":
        return _FOR_GOODPUT, None
    if g.metric == "quantile":
        return _FOR_LATENCY, {*LOAD_CLASSES}
    if g.metric == "retry_amplification":
        return _FOR_AMPLIFICATION, None
    return (), None


def _fits(f: Finding, result: GateResult, classes: set[str] | None) -> bool:
    g = result.gate
    amplification = f.about == about_metric("retry_amplification")
    if f.kind is K.CAUSE and amplification != (g.metric == "retry_amplification"):
        return False  # a cause about amplification explains amplification gates, and only those
    if classes is not None and f.classes is not None and not classes & set(f.classes):
        return False
    if classes is not None and f.classes is None and f.kind not in (K.COLLAPSE, K.CAUSE):
        return False
    if g.metric == "retry_amplification" and f.kind is K.TREND and not amplification:
        return False
    fam = g.tag("family")
    if fam is not None and f.families is not None and fam not in f.families:
        return False
    step = g.tag("step")
    return step is None or f.steps is None or f.kind is not K.COLLAPSE or int(step) >= f.steps[0]


def _match(
    result: GateResult,
    findings: list[Finding],
    judged: Judged,
    frame: Frame,
    shift: float | None,
    tail: float | None = None,
) -> Finding | None:
    """The finding that explains a failed gate best: of the kinds that may, in their order; for goodput
    and availability (which every failing class lowers) the one whose classes weigh most there. ``shift``: the
    seconds staging took over production at the first step (``causes.first_step_shift``); ``tail``: how far an
    upstream's own slowest answers went beyond its median, where one had a tail of its own from the first step
    (``causes.own_tail``)."""
    g = result.gate
    if g.metric == "slope":  # the cause that reads the same slope: the run's latency, every row
        if any(g.tag(t) for t in TAGS):  # a segment's slope is its own
            return None
        return next((f for f in findings if f.kind is K.CAUSE and f.about == about_metric("slope", g.column)), None)
    if g.reference == "production":
        return _production_cause(result, findings, frame)
    kinds, classes = _candidates(result)
    fits = [f for kind in kinds for f in findings if f.kind is kind and _fits(f, result, classes)]
    if g.metric in ("rate", "count"):
        # A collapse explains a class's rows from its step on, not those before it (the matrix's model timeout of 0.3 s:
        # the searches missed at the slow-search step 2 were named by the collapse at step 3)
        fits = [f for f in fits if f.kind is not K.COLLAPSE or not f.steps or _from(frame, g, f.steps[0])]
        # What sent most of the gate's rows off the primary path at their steps comes first: a signal whose injected
        # errors fell at other steps, or the model version that answered them, says what went on, not why they left it
        covering = _covering(frame, g, fits)
        fits = covering + [f for f in fits if f not in covering]
    if not fits and g.metric == "availability":
        # nothing else names it: the service's own signal about the unavailable rows does ("the service says timeout
        # on 62% of the fallback rows"), where the gate's own figures would say only how far under it fell
        fits = [f for f in findings if f.kind is K.SIGNAL and _fits(f, result, classes)]
    rows = _tail_rows(result, frame) if g.metric == "quantile" else None
    most = _tail_class(rows, frame)  # the class most of a latency gate's tail rows are in
    if not fits and g.metric == "quantile":
        # nothing about latency names it: a failed class gate's own finding about the class most of its tail rows are
        # in does (streams stalled until the service's timeout, then cut: the truncated rows' gate names the stall)
        fits = [f for f in findings if f.kind is K.GATE and most in (f.classes or ())]
    if g.metric == "quantile":
        # An upstream's own tail names a latency gate it accounts for, and only such a gate
        fits = [f for f in fits if f.about != TAIL or accounts_for(result, tail)]
        # A collapse none of whose classes the gate's tail rows are in, or made them unavailable by, names other rows
        # than those (the matrix's model_queue: a p99 of rows slow at step 3 behind the model's own 429s, named by step
        # 1's fallback rows)
        held = _tail_classes(rows, judged, frame)
        fits = [f for f in fits if f.kind is not K.COLLAPSE or held is None or not held.isdisjoint(f.classes or ())]
        # One at the step of the gate's slowest rows alone (not from the first step) that accounts for it: the gate's
        # own figures name it, led by that tail (reasons.tail_evidence), not the collapse or faults injected there
        if not any(f.about == TAIL for f in fits) and rows is not None and accounts_for(result, tail_at(frame, rows)):
            return None
    if g.metric == "quantile" and _beyond(result, shift):
        fits = [f for f in fits if not (_first_step_latency(f) and _holds_at(result, frame, (f.steps or [0])[0]))]
    if g.metric == "quantile":
        # A cause about the class most of the gate's tail rows are in comes first (timeouts from the first step, at
        # the client's deadline, make a p99 that a throttle's slower median or a later step's collapse does not);
        # then a cause about latency itself (slower from the first step).
        fits.sort(
            key=lambda f: (
                not (f.kind is K.CAUSE and most in (f.classes or ())),
                not (f.kind is K.CAUSE and FailureClass.SLOW in (f.classes or ())),
            )
        )
    if not fits or g.metric not in _SHARES:
        return fits[0] if fits else None
    m = gate_rows(frame, g)
    if g.metric == "availability":
        unavailable = _unavailable_by(judged, frame, m)
        weight = {id(f): _share_of(unavailable, f.classes or ()) for f in fits}
        # A collapse whose classes made none of the gate's rows unavailable names none of them: its step's rows, not
        # the gate's (the matrix's model_queue: availability{step=3}, its rows slow behind the model's own 429s, named
        # by the fallback rows of a collapse at step 1); the gate's own finding names its unavailable rows instead
        fits = [f for f in fits if f.kind is not K.COLLAPSE or weight[id(f)] > 0]
        if not fits:
            return None
    else:
        weight = {id(f): sum(frame.rate(m, (c,)) or 0.0 for c in f.classes or ()) for f in fits}
    return max(fits, key=lambda f: (round(weight[id(f)], 2), -fits.index(f)))


def _beyond(result: GateResult, shift: float | None) -> bool:
    """Whether a latency gate fails by more than the first step's shift: its figure, every row that shift sooner,
    still fails it. Where it also holds over the first step's rows (``_holds_at``), the shift (a release or a
    dependency slower from the start, or a busy machine slowing every row a little) is not what failed it; what came
    later is (the matrix's long back-off on a loaded machine: step 0's median 0.59 s over production's, the p99 past
    9 s by the 2-4 s back-offs at step 2, was named "latency from the first step")."""
    g = result.gate
    if shift is None or result.value is None or g.column not in ("latency", "service") or g.reference is not None:
        return False
    return not OPS[g.op](result.value - shift, g.threshold)


def _holds_at(result: GateResult, frame: Frame, step: int) -> bool:
    """Whether a latency gate holds over ``step``'s rows of its segment alone (a model writing its tokens slower
    fails a p99 there already, though its long answers' shift is more than the median's)."""
    g = result.gate
    figure = quantile_of(g, frame, frame.mask(g.tag("family"), step, g.tag("endpoint")))
    return figure is None or OPS[g.op](figure, g.threshold)


def _first_step_latency(f: Finding) -> bool:
    """Whether ``f`` is the cause about latency from the first step (``causes._latency_cause``)."""
    return f.kind is K.CAUSE and f.classes == [FailureClass.SLOW] and f.steps is not None and f.about is None


def _production_cause(result: GateResult, findings: list[Finding], frame: Frame) -> Finding | None:
    """The finding that explains a latency gate against production's time: at the first step the cause about latency
    slower than production's from there (before any load or fault grew), at a later step the collapse or trend there
    before it (what load or a fault added on top), and over the whole run that cause before them."""
    cause = [f for f in findings if f.kind is K.CAUSE and f.about is None and FailureClass.SLOW in (f.classes or ())]
    step, first = gate_step(result.gate), min(frame.values("step"), default=0)
    if step is not None and step <= first:
        later: list[Finding] = []  # a collapse or trend grows after the first step: it explains none of it
    else:
        later = [f for kind in (K.COLLAPSE, K.TREND) for f in findings if f.kind is kind]
        later = [f for f in later if _fits(f, result, {*LOAD_CLASSES})]
    fits = cause + later if step is None else later + cause
    # Else the cause about time that grows with the prompt's length (a slower prefill): the long prompts' extra time is
    # the time over production's (the matrix's model_per_input_token: p50{step=0} 159% of production's, named by the
    # model's own slowest answers, the long prompts', beside the cause that says why they were slow)
    grew = [f for f in findings if f.kind is K.CAUSE and f.about == about_metric("slope")]
    fits = fits or grew
    return fits[0] if fits else None


def _from(frame: Frame, g: Gate, step: int) -> bool:
    """Whether most of a class gate's rows (in its segment) were sent at ``step`` or later (or it has none)."""
    m = frame.sent(gate_rows(frame, g)) & np.isin(frame.cls, list(g.classes))
    return not m.any() or float((frame.step[m] >= step).mean()) >= 0.5


def _covering(frame: Frame, g: Gate, fits: list[Finding]) -> list[Finding]:
    """The trigger findings among ``fits`` whose steps hold the most of a class gate's rows (in its segment), where
    the steps of all of them hold at least half of those rows."""
    triggers = [f for f in fits if f.kind is K.TRIGGER and f.steps]
    m = frame.sent(gate_rows(frame, g)) & np.isin(frame.cls, list(g.classes))
    if not triggers or not m.any():
        return []
    at = frame.step[m]
    if np.isin(at, [s for f in triggers for s in f.steps or ()]).mean() < 0.5:
        return []
    held = [int(np.isin(at, f.steps or ()).sum()) for f in triggers]
    return [f for f, k in zip(triggers, held, strict=True) if k == max(held)]


def _unavailable_by(judged: Judged, frame: Frame, m: np.ndarray) -> list[set[str]]:
    """Per row offered in ``m``, the classes of the reasons that made it unavailable, whatever its class: a drifted
    answer from the fallback model past the SLO is unavailable for being slow (the matrix's model timeout 0.3 s with
    max_tokens 60: the 4 s step's rows drifted and slow, its availability gate named by the truncated rows' token
    limit, which weighed most by class and made none of them unavailable). Read once a gate, for every finding."""
    return [judged.verdicts[i].unavailable_by for i in np.flatnonzero(m & ~frame.skipped)]


def _share_of(unavailable: list[set[str]], classes: list[str]) -> float:
    """Share of the rows a reason of ``classes`` made unavailable."""
    if not unavailable or not classes:
        return 0.0
    return sum(not by.isdisjoint(classes) for by in unavailable) / len(unavailable)


def _tail_rows(result: GateResult, frame: Frame) -> np.ndarray | None:
    """A latency gate's tail rows: sent in its segment, at or over its value (None for pooled gaps, or no value)."""
    g = result.gate
    if result.value is None or g.column == "itl":  # pooled gaps, not a figure per row
        return None
    values = frame.column(g.column)
    m = frame.sent(gate_rows(frame, g)) & ~np.isnan(values)
    return m & (values >= result.value)


def _tail_classes(rows: np.ndarray | None, judged: Judged, frame: Frame) -> set[str] | None:
    """The classes of a latency gate's tail rows (``_tail_rows``), and those of the reasons that made them unavailable
    (a drifted answer past the SLO: drift and slow); None for pooled gaps, no value or no such rows."""
    if rows is None or not rows.any():
        return None
    return {str(c) for c in np.unique(frame.cls[rows])}.union(*_unavailable_by(judged, frame, rows))


def _tail_class(rows: np.ndarray | None, frame: Frame) -> str | None:
    """The class most of a latency gate's tail rows (``_tail_rows``: at or over its value, in its segment) are in."""
    names, counts = np.unique(frame.cls[rows] if rows is not None else [], return_counts=True)
    return str(names[np.argmax(counts)]) if len(names) else None


def _beside(f: Finding, g: Gate, judged: Judged, frame: Frame, steps: list[StepRow], signals: list[SignalRow]) -> None:
    """Keep beside a trigger finding that explains a class gate what that gate's rows share (the model version that
    answered them off the primary path): what answered them, beside why they were sent there."""
    why, _ = rows_evidence(judged, frame, g, steps, signals)
    new = [w for w in why[:1] if w not in (f.evidence or []) and w not in f.detail]
    if new:
        f.evidence = [*(f.evidence or []), *new]
        f.detail += "; " + "; ".join(new)


def explain_gates(
    findings: list[Finding],
    results: list[GateResult],
    judged: Judged,
    frame: Frame,
    steps: list[StepRow],
    signals: list[SignalRow] | None = None,
) -> list[Finding]:
    """Link every failed gate to the finding that explains it (``Finding.gates``, ``GateResult.cause``),
    adding a finding where none does; the findings that explain failed gates first (causes present from
    the first step, then the others in gate order). ``signals``: the service's signals against production's."""
    out = list(findings)
    failed = list(enumerate(r for r in results if not r.passed))
    # Goodput and availability last, whatever the gates' order: a class gate's own finding (a 21% truncation
    # no broad finding names) is there to explain them, not the retries signal their good rows carry.
    rank = {id(r): (r.gate.metric in _SHARES, i) for i, r in failed}
    first: dict[int, tuple[bool, int]] = {}  # id(finding) -> rank of the first failed gate it explains
    links: list[tuple[GateResult, Finding]] = []
    # read again from the rows _latency_cause read, only where a latency gate failed (its one use)
    timed = any(r.gate.metric == "quantile" for _, r in failed)
    shift = first_step_shift(judged, frame, steps) if timed else None
    tailed = own_tail(frame, steps) if timed else None
    tail = tail_beyond(tailed[1]) if tailed is not None else None
    # Latency gates after the class gates, whose own findings may name their tail rows too (matched in that order
    # only: a finding's gates and the findings' order stay by rank).
    for _, result in sorted(failed, key=lambda x: (rank[id(x[1])][0], x[1].gate.metric == "quantile", x[0])):
        f = _match(result, out, judged, frame, shift, tail)
        if f is None:
            f = own_finding(result, judged, frame, steps, signals or [])
            out.append(f)
        if f.kind is K.TRIGGER and result.gate.metric in ("rate", "count"):
            _beside(f, result.gate, judged, frame, steps, signals or [])
        f.gates = [*(f.gates or []), result.gate.name]
        f.severity = Severity.FAIL
        result.cause = f.title  # what readers see; linked by the finding's id once the findings are in order
        links.append((result, f))
        first[id(f)] = min(first.get(id(f), rank[id(result)]), rank[id(result)])
    by_name = {r.gate.name: rank[id(r)] for _, r in failed}
    for f in out:
        if id(f) in first and f.gates:
            f.gates.sort(key=lambda name: by_name.get(name, (True, len(failed))))
    # Causes present from the first step lead: what load did comes after what was broken before it.
    explaining = sorted((f for f in out if id(f) in first), key=lambda f: (f.kind is not K.CAUSE, first[id(f)][1]))
    ordered = explaining + [f for f in out if id(f) not in first]
    _name(ordered)
    for result, f in links:
        result.finding = f.id
    return ordered


def _name(findings: list[Finding]) -> None:
    """Give each finding its id (``Finding.id``): its kind and its place among the findings of that kind."""
    seen: dict[str, int] = {}
    for f in findings:
        seen[f.kind] = seen.get(f.kind, 0) + 1
        f.id = f"{f.kind}-{seen[f.kind]}"
