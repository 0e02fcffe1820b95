"""A failed gate's own finding, where no release-wide finding names its cause: made of the gate's own figures (per
step, per family) and of what its rows share: a latency gate's slowest rows, a class gate's rows (what the service
says of them, the path that answered them, a signal they carry, what the proxies saw at their step), an availability
gate's unavailable rows, a retry gate's figures and why it could not be measured, a slope gate's growth, a gate
against production's time with the dependency whose time grew by the gap. ``replay.report.explain`` chooses which
finding names each gate, and asks here when none does.
"""

from __future__ import annotations

import numpy as np

from replay.config.loader import format_duration
from replay.judge import CLASSES, Judged
from replay.judge.evaluate import GateResult, production_times
from replay.judge.frame import Frame
from replay.judge.gates import RETRY_GATES, Gate, format_value
from replay.report.causes import growth_detail, injected_from_start, lead
from replay.report.chain import early_were_fallbacks
from replay.report.evidence import CARRIED, Evidence, EvidenceKind
from replay.report.reasons import (
    answered_itself,
    busy_evidence,
    busy_retries,
    reason_items,
    rows_step,
    sources_carried,
    tail_evidence,
)
from replay.report.retries import retry_gate
from replay.report.sections import Finding, FindingKind, Severity, SignalRow, StepRow
from replay.report.seen import FAILED_BY, MIN_ROWS, SeenKind, failed_at, slower_upstream, unmatched_at, upstream_at
from replay.util.stats import pct

__all__ = ["gate_rows", "gate_step", "own_finding", "rows_evidence"]

K = FindingKind
_TIMES = {"latency": "latency", "service": "service time", "ttft": "time to first token"}  # a slope gate's time


def gate_step(g: Gate) -> int | None:
    """The step a gate is tagged with, None where it reads every step."""
    return int(s) if (s := g.tag("step")) is not None else None


def gate_rows(frame: Frame, g: Gate) -> np.ndarray:
    """The rows of a gate's segment: its family, step and endpoint (every row where it names none)."""
    return frame.mask(g.tag("family"), gate_step(g), g.tag("endpoint"))


def own_finding(
    result: GateResult, judged: Judged, frame: Frame, steps: list[StepRow], signals: list[SignalRow]
) -> Finding:
    """A finding made of a failed gate's own figures (a latency gate's: with what its slowest rows share)."""
    g = result.gate
    if g.metric in RETRY_GATES:
        return _retry_own(result, judged, frame)
    if g.metric == "slope":
        return _grew(result, frame)
    if g.reference == "production":
        return _slower(result, judged, frame)
    head = f"{g.key} is {result.shown}, over its threshold {g.text.strip()}"
    parts: list[str] = []
    why: list[str] = []
    lead_line: str | None = None  # what the title says after the gate's figures (else the first evidence)
    if g.metric == "quantile":
        parts, why = _slowest(judged, frame, g)
    elif g.metric == "retry_amplification":
        shown = [f"{s.retry_amplification:.2f} at step {s.step}" for s in steps if s.retry_amplification is not None]
        parts.append("by step: " + ", ".join(shown))
        why = _amplified(frame, steps, g)
        parts += why
    elif g.metric in ("rate", "goodput", "availability"):
        attr = {"goodput": "goodput", "availability": "availability"}.get(g.metric)
        values = [getattr(s, attr) if attr else sum(s.cell.rates.get(c) or 0.0 for c in g.classes) for s in steps]
        parts.append("by step: " + ", ".join(f"{pct(v)} at step {s.step}" for s, v in zip(steps, values, strict=True)))
        if result.segments:
            worst = ", ".join(f"{s.family} {format_value(g, s.value)}" for s in result.segments[:4])
            parts.append(f"worst families: {worst}")
        if g.classes:  # a class's rate no cause, trend or collapse names: named by what its rows share
            why, lead_line = rows_evidence(judged, frame, g, steps, signals)
            parts += why
        elif g.metric == "availability":  # named by what its unavailable rows share, as a latency gate's tail is
            m = gate_rows(frame, g) & ~frame.skipped
            down = np.zeros(len(frame), dtype=bool)
            down[np.flatnonzero(m)] = [not judged.verdicts[i].available for i in np.flatnonzero(m)]
            why = [e.text for e in tail_evidence(judged, frame, frame.sent(down), "the unavailable rows")]
            parts += why
    lead_line = lead_line or (why[0] if why else None)
    return Finding(
        K.GATE,
        Severity.FAIL,
        head + (f": {lead_line}" if lead_line else ""),
        "; ".join(parts) or result.detail,
        classes=list(g.classes) or None,
        evidence=why or None,
    )


def _retry_own(result: GateResult, judged: Judged, frame: Frame) -> Finding:
    """A retry gate's finding: its figures, and why it could not be measured where it was not."""
    g = result.gate
    step = gate_step(g)
    came = frame.came_back(step)
    line = retry_gate(result, came, early_were_fallbacks(judged, frame, came, step))
    # Not measured where the service's own timeout ended its calls before the proxy could answer an error.
    # Or where the scenario's errors, meant for another path than the service calls, never reached it. Or where
    # the service answered most rows itself (its concurrency limit), leaving few calls for the errors to meet.
    why = (
        [w.text for w in upstream_at(frame, step) if w.kind is SeenKind.GAVE_UP]
        + unmatched_at(frame, judged.scenario.faults, step)
        + answered_itself(judged, frame, step)
        if result.value is None and step is not None
        else []
    )
    if g.metric == "retry_spread" and result.value is not None and step is not None:
        why = busy_retries(judged, step, came)
    return Finding(K.GATE, Severity.FAIL, line + (f": {why[0]}" if why else ""), result.detail, evidence=why or None)


def _slowest(judged: Judged, frame: Frame, g: Gate) -> tuple[list[str], list[str]]:
    """A quantile gate's parts and evidence: what the slowest 1% of its own rows are, by class and step, and
    what they share."""
    parts: list[str] = []
    why: list[str] = []
    # The gate's own rows (its step, family, endpoint): a step's p99 is named by that step's slowest rows, not the
    # run's (the matrix's fault_hang: p99{step=1} named by the hangs of step 3, the slowest 1% of the run)
    sent = frame.sent(gate_rows(frame, g))
    lat = getattr(frame, g.column)
    values = lat[sent & ~np.isnan(lat)]
    if len(values):
        cut = float(np.quantile(values, 0.99, method="inverted_cdf"))
        slow = sent & (lat >= cut)
        names, counts = np.unique(frame.cls[slow], return_counts=True)
        mix = ", ".join(
            f"{c} {n / slow.sum():.0%}" for c, n in sorted(zip(names, counts, strict=True), key=lambda x: -x[1])
        )
        where, n = np.unique(frame.step[slow], return_counts=True)
        parts.append(
            f"the slowest 1% of rows are {mix}; by step: "
            + ", ".join(f"{s}: {c}" for s, c in zip(where, n, strict=True))
        )
        what = "the slowest 1% of rows"
        why = [e.text for e in tail_evidence(judged, frame, slow, what)] + busy_evidence(judged, frame, slow, what)
        parts += why
    return parts, why


def _amplified(frame: Frame, steps: list[StepRow], g: Gate) -> list[str]:
    """What failed the upstream calls at an amplification gate's step (the run's most amplified step where it names
    none), the faults injected there first: the calls the service made again. Where no cause or trend reads it (the
    matrix's 50 ms model timeout: every call given up on from step 0, 2.98 calls a request, fewer at step 3 once the
    budget ran out, so neither flat nor rising), the gate was named by its own figures alone."""
    at = gate_step(g)
    if at is None:
        amped = [s for s in steps if s.retry_amplification is not None]
        at = max(amped, key=lambda s: s.retry_amplification or 0.0).step if amped else None
    return lead([], failed_at(frame, at), 0) if at is not None else []


def _slower(result: GateResult, judged: Judged, frame: Frame) -> Finding:
    """A failed latency gate against production's named by its own figures in seconds, and by what the rows slower
    than production's by more than its threshold (on the same prompt) share: where no cause reads it from the first
    step (under twice production's time there, or less than half a second over it), nor a collapse or trend later."""
    g = result.gate
    m = gate_rows(frame, g)
    times = production_times(g, frame, m)
    if times is None:  # production timed its rows (evaluate checks it), the run none: every one an error or timeout
        title = f"{g.key} not measured: none of its {int(frame.sent(m).sum())} rows had a service time to compare"
        return Finding(K.GATE, Severity.FAIL, title, result.detail)
    mine, theirs = times
    title = (
        f"{g.key} is {result.shown}'s time on the same prompts, over its threshold {g.text.strip()}: "
        f"{format_duration(mine)} against production's {format_duration(theirs)}"
    )
    over = frame.sent(m) & (frame.service > g.threshold * frame.column("production_latency"))
    what = f"the rows over {g.threshold:.0%} of production's time on the same prompt"
    # The dependency whose time the service says (Server-Timing) grew by most of the gap, on the same prompts: first,
    # as nothing else reads a dependency's time in production (the matrix's search 300 ms slower: 166% of production's
    # p50 at step 0, no finding named the search)
    why = _timed_gap(frame, m, mine - theirs)
    why += [e.text for e in tail_evidence(judged, frame, over, what)]
    # The upstream that alone took longer than the gate allows production's whole time, and longer than the time the
    # rows took over production's (the matrix's model 0.45 s slower to its first token: 190% of production's p50 at
    # step 0, named by its figures alone): a dependency of its own slower, not the machine
    at = gate_step(g) if gate_step(g) is not None else rows_step(frame, over)
    why += slower_upstream(frame, at, max(mine - theirs, g.threshold * theirs), g.q) if frame.sent(over).any() else []
    why += busy_evidence(judged, frame, over, what)
    title += f": {why[0]}" if why else ""
    share = f"{pct(float(over.sum() / frame.sent(m).sum()))} of the gate's rows took over {g.threshold:.0%} of theirs"
    return Finding(K.GATE, Severity.FAIL, title, "; ".join([result.detail, share, *why]), evidence=why or None)


def _timed_gap(frame: Frame, m: np.ndarray, gap: float) -> list[str]:
    """The dependency whose median time, as the service's Server-Timing header says it on staging's replies and on
    production's captured ones to the same prompts (rows of ``m`` where both say it), grew by half of ``gap`` or more
    (the seconds a gate's figure is over production's) and by most among the metrics; none where no reply says one."""
    sent = frame.sent(m)
    grown: list[tuple[float, str, float, float, int]] = []
    for name, mine in frame.timing.items():
        theirs = frame.production_timing[name]
        both = sent & ~np.isnan(mine) & ~np.isnan(theirs)
        if both.sum() >= MIN_ROWS:
            s, p = float(np.median(mine[both])), float(np.median(theirs[both]))
            grown.append((s - p, name, s, p, int(both.sum())))
    if gap <= 0 or not grown or max(grown)[0] < gap / 2:
        return []
    by, name, s, p, n = max(grown)
    share = "the whole gap" if by >= 0.9 * gap else f"{pct(by / gap)} of the {gap:.2f} s gap"
    return [
        f"{name} took {s:.2f} s against production's {p:.2f} s on the same {n} prompts (medians, as the service's "
        f"Server-Timing header says): {share}"
    ]


def _grew(result: GateResult, frame: Frame) -> Finding:
    """A failed slope gate named by what it measured: the time that grows with the prompt's length, beside
    production's on the same prompts (a dependency whose time grows with its input: a slower prefill)."""
    g = result.gate
    grew = frame.growth(gate_rows(frame, g), g.column)
    assert grew is not None  # the gate failed on this slope: it was read
    title = grew.said(_TIMES[g.column])
    return Finding(K.GATE, Severity.FAIL, title, f"{result.detail}; {growth_detail(grew)}", evidence=[title])


def rows_evidence(
    judged: Judged, frame: Frame, g: Gate, steps: list[StepRow], signals: list[SignalRow]
) -> tuple[list[str], str | None]:
    """What the rows of a rate gate's classes share (in its segment): what the service says of them, the
    path or model that answered them, other sources than production's, a signal most of them carry, what the
    proxies saw at their step (and at the first step, where a fault injected from there had them fail already).
    A gate on the service's own signals (x-retrieval: miss) is led by that signal against production's replies:
    the service said what those rows were, and what else they share is what else went on at their steps (the
    anthropic matrix's 50 ms retrieval timeout missed on a loaded machine at the outage step, named by the fallback
    model that answered those rows after the outage's 503s). With the line the finding's title says where not the
    first: the signal (what, not why) and the first of the calls that failed at the rows' step (why)."""
    classes = list(g.classes)
    rows = np.isin(frame.cls, classes) & gate_rows(frame, g)
    if not frame.sent(rows).any():
        return [], None
    moved = [s for s in signals if s.signal in classes and s.production is not None and (s.rate or 0.0) > s.production]
    first = [f"{s.source} on {pct(s.rate)} of rows (production {pct(s.production)})" for s in moved]
    first = first if len(moved) == len(classes) else []
    at = [gate_step(g)] if gate_step(g) is not None else None
    items = reason_items(judged, frame, classes, at, g.tag("family"))
    # Rows a fault injected from the first step failed there already: that fault leads, after what the service says.
    kept = [e for e in items if not _restates(e, classes)]
    said = lead(kept, [] if at else injected_from_start(frame, steps, classes), len(kept))
    what = f"the {'/'.join(classes)} rows"
    # Other sources before the signals they carry: the context the model was given changed under those answers.
    tail = sources_carried(judged, frame, rows, what) + tail_evidence(judged, frame, rows, what)
    tail = [e for e in tail if not _restates(e, classes)]
    # Calls a dependency failed at the rows' step, or the service gave up on, before what else went on there (a fault
    # every row met, the sources their answers cite): the matrix's search_300ms at load 10 missed 6% of its searches,
    # led by the model's injected 503s at that step, where the service gave up on 17% of its calls to the search
    failed_calls = [e for e in tail if e.seen is not None and e.seen.kind in FAILED_BY]
    tail = failed_calls + [e for e in tail if e not in failed_calls]
    # Rows that went down the fallback chain, off production's path (another model answered them: a model-version
    # header that differs from production's), are named by the dependency failure that sent them there before what
    # they share (the matrix's model_models: drift named by x-model-version, the model's 404s behind it second).
    if _rerouted(judged, frame, rows):  # unless the path they took is said with it (after their earlier calls failed)
        quoted = {e.seen for e in items if e.seen is not None}
        seen = upstream_at(frame, rows_step(frame, rows))  # tail_evidence's, at the step most of the rows were sent in
        failing = [w for w in seen if w.kind in FAILED_BY and w not in quoted]
        said, tail = [w.text for w in failing] + said, [e for e in tail if e.seen not in failing]
    why = list(dict.fromkeys(first + said + [e.text for e in tail]))
    cause = next((line for line in why[1:] if line in {e.text for e in failed_calls}), None)
    return why, (f"{why[0]}: {cause}" if first and cause else None)


def _rerouted(judged: Judged, frame: Frame, rows: np.ndarray) -> bool:
    """Whether most of ``rows`` (sent, with production's reply saying its path) took another path than production's
    reply to the same prompt did."""
    if frame.path is None or not judged.production:  # no production replies to compare with
        return False
    sent = np.flatnonzero(frame.sent(rows))
    prod = judged.production
    paths = [(frame.path[i], p.path) for i in sent if (p := prod[i]) is not None and p.path is not None]
    return bool(paths) and sum(mine != theirs for mine, theirs in paths) / len(paths) >= CARRIED


def _restates(e: Evidence, classes: list[str]) -> bool:
    """A line that only restates the gate's own class: its signal carried by its own rows (CARRIED), or a signal
    class's own header said of its rows (TRAIT: x-retrieval: miss on 100% of the retrieval_miss rows). Not the path
    those rows took (PATH), which says more of them."""
    of = e.classes or frozenset()
    own = [c for c in classes if c not in CLASSES]
    return (e.kind is EvidenceKind.CARRIED and not of.isdisjoint(classes)) or (
        e.kind is EvidenceKind.TRAIT and not of.isdisjoint(own)
    )
