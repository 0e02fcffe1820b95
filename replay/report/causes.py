"""Findings that name a cause: a class risen against production across every family and step, failures
present from the first step and flat across steps, and service signals that moved.

    cause   an availability failure (fallback, error, rejection, timeout, a broken stream) on a large share of the first
            step's rows that stays there (flat across steps, or growing): a misconfigured release, a
            broken dependency, a model id the API rejects; named by what the service says went wrong
            (model_404 on 97% of them). Also retry amplification high from the first step and flat:
            every request calls upstream more than once before any load or fault grew (a second
            route such as a fallback model behind a failing primary). Steps are counted whether or
            not the load generator ran late there: a late generator delays rows, it does not make a
            model id unknown. Also latency: staging's median time at the first step twice production's on
            the same prompts (and half a second over it): a slower model, or a delay the scenario
            injects from the first step (named by what the fault proxy injected there). And latency
            that grows with the prompt's length, read within each step, well beyond production's.
    broad   any class (truncated, drift, a signal's class...) risen against production's rate of the
            same records in (nearly) every family and every step: no family to blame, so the finding
            names the strongest evidence the run holds instead
    signal  a service signal whose rate moved against production's, where no finding above names it;
            about the failure classes whose rows mostly carry it too (an empty retrieval explains the
            drifted answers that follow it), so their gates are explained by it

Each names its evidence (``evidence.py``, strongest first), what the fault proxies saw at the first step
leading it where it is stronger than what the service says.
"""

from __future__ import annotations

import numpy as np

from replay.judge import FailureClass, Judged
from replay.judge.evaluate import GateResult
from replay.judge.frame import Frame
from replay.judge.gates import OPS
from replay.judge.growth import Growth
from replay.report.evidence import AVAILABILITY, BROAD_MIN, CARRIED, Evidence
from replay.report.reasons import failing_at, reasons_for, rows_step
from replay.report.retries import INJECTED_SHARE, at_injected_steps
from replay.report.sections import Finding, FindingKind, Severity, SignalRow, StepRow
from replay.report.seen import (
    FAILED_BY,
    MIN_ROWS,
    SIGNAL_MIN,
    Seen,
    SeenKind,
    injected_behind,
    own_tails,
    slower_upstream,
    upstream_at,
)
from replay.util.stats import pct

__all__ = [
    "TAIL",
    "about_metric",
    "accounts_for",
    "cause_findings",
    "from_start",
    "growth_detail",
    "injected_from_start",
    "lead",
    "own_tail",
    "tail_at",
    "tail_beyond",
]

F = FailureClass
# A class BROAD_MIN over production's rate in at least this share of the families with MIN_ROWS rows, and in
# every usable step: broad.
EVERYWHERE = 0.75
FLAT = 0.15  # a rate that moves less than this between steps is flat
CAUSE_MIN = 0.20  # an availability failure on this share of the first step's rows, and staying: a cause
AMPLIFICATION_CAUSE = 1.5  # upstream calls per request from the first step, flat (within FLAT_AMPLIFICATION)
FLAT_AMPLIFICATION = 0.25  # ... of the first step's figure
LATENCY_CAUSE = 2.0  # staging's median time at the first step this many times production's on the same prompts ...
LATENCY_FLOOR = 0.5  # ... and this many seconds over it: a slower release, not noise
PER_TOKEN_R = 0.6  # extra time this correlated with the answer's output tokens grows with its length
# Seconds more per 1k prompt tokens than production's on the same prompts (replay.judge.growth): a cause. The demo's
# unchanged releases read -62..+44 ms in 30 matrix runs under load, its model 1 ms slower a prompt token +915..+966.
GROWTH_CAUSE = 0.4
# Failures a cause may hold from the first step: no answer, a degraded one, a stream that broke, or an answer
# past the SLO (a dependency hanging on a share of calls until the service's timeout, then a retry).
_FROM_START = (*AVAILABILITY, F.TRUNCATED, F.SLOW)


# What the cause about an upstream's own slow tail is about (``Finding.about``): the latency gates' quantiles
TAIL = "quantile"
# Seconds an upstream's own slowest answers (p99) go beyond its median at the first step, for a tail of its own from
# there to be a cause: the matrix's model_latency_jitter 5.49 s (p99 5.97 s, median 0.48 s); a mock model on a loaded
# machine stalls 1.4-1.7 s (p99 1.98 s over 0.58 s, 2.1 s over 0.4 s), which seen.OWN_TAIL still reads as a tail.
TAIL_CAUSE = 3.0


def about_metric(metric: str, column: str = "latency") -> str:
    """What a finding about a figure is about (``Finding.about``): the gate metric that reads it, as a gate names it
    untagged ("retry_amplification"; a slope's with the time it reads: "slope(latency, tokens_in)")."""
    return f"slope({column}, tokens_in)" if metric == "slope" else metric


def lead(evidence: list[Evidence], seen: list[Seen], n: int) -> list[str]:
    """The first ``n`` pieces of ``evidence`` with what the proxies saw (``seen``) before any of them weaker
    than what the service says went wrong: the calls its own timeout abandoned, errors the dependency
    answered, the faults injected there are what set off the retries, the fallback model's answers and
    the moved signals, so they are the cause to name."""
    texts = [e.text for e in evidence[:n]]
    at = next((i for i, e in enumerate(evidence[:n]) if not e.said), len(texts))
    return texts[:at] + [w.text for w in _lead_injected(seen)] + texts[at:]


def injected_from_start(frame: Frame, steps: list[StepRow], classes: list[str]) -> list[Seen]:
    """What the fault proxies injected at the first step where ``classes`` already hold CAUSE_MIN or more of its rows:
    a fault the rehearsal puts in from the first step, which those rows met before any load or later fault grew. A
    gate on them no cause names (the scenario's later faults pre-empting it leave the rate uneven across steps) is
    named by that fault, not by the step most of its rows fell in, where other faults were in force too."""
    counted = _counted(steps)
    if not counted or sum(counted[0].cell.rates.get(c) or 0.0 for c in classes) < CAUSE_MIN:
        return []
    return [w for w in upstream_at(frame, counted[0].step) if w.kind is SeenKind.INJECTED]


def _seen_first(frame: Frame, counted: list[StepRow], classes: tuple[str, ...]) -> list[Seen]:
    """What the proxies saw at the first counted step, to lead a cause about ``classes`` (``lead``); an upstream's
    own slowest answers there (OWN_TAIL) only where the cause is about time (slow, timeout): a tail of its own
    explains slow rows, not retrieval misses, drifted answers or extra calls. (A mock model on a loaded machine
    stalling 2 s named the matrix's retrieval_timeout "retrieval_miss on every family and step: the model upstream
    itself took 2.07 s for its slowest answers at step 0", before the service's own x-retrieval: miss.)"""
    if not counted:
        return []
    timed = bool({F.SLOW, F.TIMEOUT} & set(classes))
    return [w for w in upstream_at(frame, counted[0].step) if timed or w.kind is not SeenKind.OWN_TAIL]


def _lead_injected(seen: list[Seen]) -> list[Seen]:
    """What the proxies saw at a first step, the faults injected there first: where a rehearsal puts a
    fault in from the first step, that fault is the cause, and the timeouts and retries follow from it."""
    return sorted(seen, key=lambda w: w.kind is not SeenKind.INJECTED)


def _usable(steps: list[StepRow]) -> list[StepRow]:
    return [s for s in steps if s.cell.sent >= MIN_ROWS and not s.bound_material]


def _production_rate(judged: Judged, frame: Frame, cls: str) -> float | None:
    """Production's rate of ``cls`` on the same records (None: no production replies to compare)."""
    s = frame.sent(np.ones(len(frame), dtype=bool))
    known = [c for c, keep in zip(judged.baseline_classes, s, strict=True) if keep and c is not None]
    return sum(c == cls for c in known) / len(known) if known else None


def _everywhere(frame: Frame, steps: list[StepRow], cls: str, rate: float) -> tuple[list[str], bool]:
    """(families the class hits, whether it hits enough of them and every usable step)."""
    hits, total = [], 0
    floor = max(0.05, rate / 2)
    for fam in frame.values("family"):
        fm = frame.sent(frame.family == fam)
        if fm.sum() >= MIN_ROWS:
            total += 1
            if float((frame.cls[fm] == cls).mean()) >= floor:
                hits.append(str(fam))
    step_rates = [s.cell.rates.get(cls) or 0.0 for s in _usable(steps)]
    every_step = bool(step_rates) and min(step_rates) >= floor
    return hits, total >= 2 and len(hits) >= EVERYWHERE * total and every_step


def _counted(steps: list[StepRow]) -> list[StepRow]:
    """Steps with rows enough to count, generator-bound or not (for causes present from the first step)."""
    return [s for s in steps if s.cell.sent >= MIN_ROWS]


def from_start(series: list[float]) -> str | None:
    """How a failure rate by step (first step first) is present from the first step: "flat" (CAUSE_MIN
    or more there, and within FLAT of it at every step), "growing" (never under the first step's rate
    by more than FLAT, and over it by more somewhere: a cause, and growth on top of it); else None."""
    if not series or series[0] < CAUSE_MIN or min(series) < series[0] - FLAT:
        return None
    return "flat" if max(series) - series[0] <= FLAT else "growing"


def _class_cause(
    judged: Judged, frame: Frame, steps: list[StepRow], evidence: list[Evidence], cls: str
) -> Finding | None:
    """The cause or broad finding about one failure class (None: neither)."""
    everything = np.ones(len(frame), dtype=bool)
    rate = frame.rate(everything, (cls,)) or 0.0
    before = _production_rate(judged, frame, cls)
    if rate - (before or 0.0) < BROAD_MIN:
        return None
    families, broad = _everywhere(frame, steps, cls, rate)
    counted = _counted(steps)
    series = [s.cell.rates.get(cls) or 0.0 for s in counted]
    # Broken streams from the first step are a cause; where they hit every family and step alike (a token
    # limit cuts every answer) they stay the broad finding, named by its strongest evidence.
    start = from_start(series) if cls in AVAILABILITY or (cls in _FROM_START and not broad) else None
    if not broad and start is None:
        return None
    texts = lead([e for e in evidence if e.explains(cls)], _seen_first(frame, counted, (cls,)), 4)
    if start is not None:
        by_step = ", ".join(f"{pct(r)} at step {s.step}" for s, r in zip(counted, series, strict=True))
        how = "flat across steps" if start == "flat" else "growing on top of it"
        title = f"{cls} from the first step, {how}: " + (texts[0] if texts else "a cause, not load")
        detail = f"{pct(rate)} of rows ({by_step}); present before any load or injected fault grew, so a cause "
        detail += "(misconfiguration, a broken dependency) rather than collapse"
        if start == "growing":
            detail += "; what grew on top of the first step's share is load's (the trend and collapse findings)"
        kind = FindingKind.CAUSE
    else:
        usable = _usable(steps)
        by_step = ", ".join(f"{pct(s.cell.rates.get(cls) or 0.0)} at step {s.step}" for s in usable)
        production = "no production replies to compare" if before is None else f"production {pct(before)}"
        title = f"{cls} on every family and step: {pct(rate)} of rows ({production})"
        title += f": {texts[0]}" if texts else ""  # a gate it explains names its likeliest cause
        detail = f"{len(families)} families, {by_step}; nothing concentrates it in one family"
        kind = FindingKind.BROAD
    if texts:
        detail += "; most likely cause: " + texts[0] + ("; also " + "; ".join(texts[1:]) if len(texts) > 1 else "")
    return Finding(kind, Severity.FAIL, title, detail, families=families or None, classes=[cls], evidence=texts or None)


def _amplification_cause(frame: Frame, steps: list[StepRow], evidence: list[Evidence]) -> Finding | None:
    """Retry amplification high from the first step and flat: every request already calls upstream more
    than once before load or faults grew (a second route behind a failing first, a duplicated call)."""
    counted = _counted(steps)
    amps = [s.retry_amplification for s in counted]
    if not amps or any(a is None for a in amps):
        return None
    series = [float(a) for a in amps if a is not None]
    # Never under the first step's figure by more than FLAT_AMPLIFICATION of it: over it somewhere (a rate
    # limit a step meets, retried on top of every request's second call) grows on top of the cause.
    if series[0] < AMPLIFICATION_CAUSE or min(series) < series[0] * (1 - FLAT_AMPLIFICATION):
        return None
    flat = max(series) - series[0] <= FLAT_AMPLIFICATION * series[0]
    texts = lead([e for e in evidence if e.classes is None], _seen_first(frame, counted, ()), 3)
    how = "flat across steps" if flat else "growing on top of it"
    title = f"retry amplification {series[0]:.2f} from the first step, {how}: " + (
        texts[0] if texts else "a cause, not load"
    )
    by_step = ", ".join(f"{a:.2f} at step {s.step}" for s, a in zip(counted, series, strict=True))
    detail = f"upstream calls per request that called upstream: {by_step}; present before any load or injected "
    detail += "fault grew, so a cause rather than retries under load"
    told = counted[0].service_retries
    if told is not None and told < 0.1:
        detail += (
            f"; the service counts {told:.2f} retries per request itself: the extra calls are not its retries "
            "(a second route, such as a fallback model behind a failing first, or a duplicated call)"
        )
    if texts:
        detail += "; most likely cause: " + texts[0] + ("; also " + "; ".join(texts[1:]) if len(texts) > 1 else "")
    return Finding(
        FindingKind.CAUSE,
        Severity.WARN,
        title,
        detail,
        steps=[counted[0].step],
        about=about_metric("retry_amplification"),
        evidence=texts or None,
    )


def _latency_cause(judged: Judged, frame: Frame, steps: list[StepRow]) -> Finding | None:
    """Staging slower than production on the same prompts at the first step, before any load grew: a slower
    model or dependency, or a delay the scenario injects from the first step (production's capture never met
    it), whose time every later step adds to."""
    slower = _first_step_slower(judged, frame, steps)
    if slower is None:
        return None
    first, m, theirs, of = slower
    mine, base = float(np.median(frame.service[m])), float(np.median(theirs[m]))
    title = (
        f"latency from the first step{of}: median {mine:.2f} s against production's {base:.2f} s on the same prompts"
    )
    detail = (
        f"{mine / base:.1f}x production's time at step {first}, before any load or injected fault grew: the "
        "release or a dependency it calls is slower than production's (or a fault the rehearsal injects from "
        "the first step makes it so), and what load or faults add later comes on top of it"
    )
    # A delay the scenario injects from the first step is the cause (production's capture never met it); else a
    # call the service gave up on, then retried, is where the time went.
    seen = [w.text for w in _lead_injected(upstream_at(frame, first))] + _per_token(judged, frame, m, theirs)
    # Nothing injected or given up on there: the upstream that took the extra time itself (the matrix's slow_model,
    # a 3 s first token, was named by its medians alone)
    seen = seen or slower_upstream(frame, first, mine - base)
    detail += "".join(f"; {w}" for w in seen)
    if seen:  # a gate it explains names the mechanism (the release's own model timeout), not only the figures
        title += f": {seen[0]}"
    return Finding(
        FindingKind.CAUSE, Severity.WARN, title, detail, steps=[first], classes=[F.SLOW], evidence=seen or None
    )


def _first_step_slower(
    judged: Judged, frame: Frame, steps: list[StepRow]
) -> tuple[int, np.ndarray, np.ndarray, str] | None:
    """Where staging is slower than production on the same prompts at the first step (``_slower``): that step, its
    rows compared, production's times per row, and " on streamed rows" where only those are; else None."""
    counted = _counted(steps)
    if not counted or not judged.production:
        return None
    first = counted[0].step
    theirs = np.array([np.nan if p is None or p.latency is None else p.latency for p in judged.production])
    m = frame.sent(frame.step == first) & ~np.isnan(theirs) & ~np.isnan(frame.service)
    # The streamed rows alone where the whole step is not slower: a delay on streams only (a stream fault the
    # rehearsal injects before the first event, a release's slower streaming path) leaves most rows' time alone.
    if _slower(frame, m, theirs):
        return first, m, theirs, ""
    m &= np.array([bool(r.stream) for r in judged.results], dtype=bool)
    return (first, m, theirs, " on streamed rows") if _slower(frame, m, theirs) else None


def first_step_shift(judged: Judged, frame: Frame, steps: list[StepRow]) -> float | None:
    """The seconds staging's median takes over production's on the same prompts at the first step, where the cause
    about latency from the first step reads one (``_latency_cause``); else None."""
    slower = _first_step_slower(judged, frame, steps)
    if slower is None:
        return None
    _, m, theirs, _ = slower
    return float(np.median(frame.service[m])) - float(np.median(theirs[m]))


def _growth_cause(frame: Frame) -> Finding | None:
    """Latency that grows with the prompt's length GROWTH_CAUSE more than production's did on the same prompts (the
    whole 95% interval over it), read within each step (``Frame.growth``): a dependency whose time grows with its
    input (a slower prefill), which makes the long prompts slow and leaves the short ones alone, so no step's median
    need move."""
    grew = frame.growth(np.ones(len(frame), dtype=bool))
    # its interval's lower end: pairs of prompts a few hundred tokens apart on a busy machine read +500 ms by noise
    if grew is None or grew.interval[0] < GROWTH_CAUSE:
        return None
    title = grew.said()  # the run's latency (Frame.growth's), every row: what an untagged slope(latency) gate reads
    detail = growth_detail(grew)
    about = about_metric("slope")
    return Finding(FindingKind.CAUSE, Severity.WARN, title, detail, classes=[F.SLOW], about=about, evidence=[title])


def growth_detail(grew: Growth) -> str:
    """How a slope on the prompt's length was read, and what it says."""
    return (
        f"read within each step over the rows answered the plain way ({grew.pairs} pairs of prompts), where load "
        "slows short and long prompts alike: the release or a dependency it calls takes longer the longer its "
        "input (a model's prefill, a tokenizer, a search over the whole prompt)"
    )


def _slower(frame: Frame, m: np.ndarray, theirs: np.ndarray) -> bool:
    """Whether staging's median time on the rows ``m`` is LATENCY_CAUSE times production's on the same prompts,
    and LATENCY_FLOOR over it (MIN_ROWS rows at least)."""
    if m.sum() < MIN_ROWS:
        return False
    mine, base = float(np.median(frame.service[m])), float(np.median(theirs[m]))
    return mine >= LATENCY_CAUSE * base and mine - base >= LATENCY_FLOOR


def _per_token(judged: Judged, frame: Frame, m: np.ndarray, theirs: np.ndarray) -> list[str]:
    """Where the time staging takes beyond production's grows with the answer's length (production's output
    tokens on the same prompt): the model writes its tokens slower, rather than starting later."""
    tokens = np.array([np.nan if p is None or p.output_tokens is None else p.output_tokens for p in judged.production])
    k = m & ~np.isnan(tokens)
    if k.sum() < MIN_ROWS or np.ptp(tokens[k]) == 0:
        return []
    extra = frame.service[k] - theirs[k]
    if np.ptp(extra) == 0:
        return []  # the same extra time on every row: a later start, not slower writing
    r = float(np.corrcoef(tokens[k], extra)[0, 1])
    slope = float(np.polyfit(tokens[k], extra, 1)[0])
    if not r >= PER_TOKEN_R or slope * float(np.median(tokens[k])) < 0.5 * float(np.median(extra)):
        return []
    return [
        f"the extra time grows with the answer's length, {slope * 1000:.0f} ms more per output token than "
        f"production's (correlation {r:.2f}): the model writes its tokens slower"
    ]


def own_tail(frame: Frame, steps: list[StepRow]) -> tuple[str, dict[int, dict[str, float]]] | None:
    """The upstream with a slow tail of its own from the first step (``seen.own_tails``: its slowest answers far beyond
    its median, no injected delay in them; TAIL_CAUSE or more beyond it there) and its figures by step, the one whose
    answers went furthest beyond its median where several have one; None where none has."""
    tails = {
        proxy: by_step
        for proxy, by_step in own_tails(frame, [s.step for s in _counted(steps)]).items()
        if (t := by_step[min(by_step)])["p99"] - t["p50"] >= TAIL_CAUSE
    }
    return max(tails.items(), key=lambda kv: tail_beyond(kv[1])) if tails else None


def tail_beyond(by_step: dict[int, dict[str, float]]) -> float:
    """How far an upstream's own slowest answers (p99) went beyond its median, at its worst step (``own_tail``)."""
    return max(t["p99"] - t["p50"] for t in by_step.values())


def tail_at(frame: Frame, rows: np.ndarray) -> float | None:
    """How far an upstream's own slowest answers went beyond its median (``seen.own_tails``) at the step most of
    ``rows`` (a latency gate's tail rows, one sent at least) were sent in, where that is TAIL_CAUSE or more; else
    None: a tail of its own there, whether or not it was there from the first step."""
    if not frame.sent(rows).any():
        return None
    tails = own_tails(frame, [rows_step(frame, rows)])
    beyond = max((t["p99"] - t["p50"] for by in tails.values() for t in by.values()), default=0.0)
    return beyond if beyond >= TAIL_CAUSE else None


def accounts_for(result: GateResult, tail: float | None) -> bool:
    """Whether an upstream's own tail (``tail``: how far its slowest answers went beyond its median) accounts for a
    failed latency gate: its figure, that much sooner, holds the gate. Its rows met that upstream's slowest answers, or
    the service's own timeout on one and a retry (whose answer the proxy never timed: the matrix's model_latency_jitter
    failed p99{step=1} at 12.1 s by a call past the 10 s timeout, the model's own p99 5.97 s over a median of 0.48 s
    at step 0; 1.39 s over 0.47 s at step 1, whose slowest call never answered)."""
    g = result.gate
    if tail is None or result.value is None or g.column not in ("latency", "service") or g.reference is not None:
        return False
    return OPS[g.op](result.value - tail, g.threshold)


def _tail_cause(frame: Frame, steps: list[StepRow]) -> Finding | None:
    """An upstream's own slowest answers far beyond its median from the first step (``own_tail``): a dependency whose
    time varies widely of itself (a model's long generations, a search or its machine stalling), which no fault rule
    injected, and which leaves a tail every step keeps: the rows that met its slowest answers, or the service's own
    timeout on them and a retry. Said, not a warning (a mock model on a loaded machine stalls too): a latency gate it
    accounts for (``explain``) makes it the cause. The matrix's model_latency_jitter (the model's p99 5.97 s at step 0
    over a median of 0.48 s) failed p99{step=1} at 12.1 s by a call past the 10 s timeout, named by step 1's collapse
    and the outage injected there."""
    tail = own_tail(frame, steps)
    if tail is None:
        return None
    proxy, by_step = tail
    first = min(by_step)
    t = by_step[first]
    title = (
        f"the {proxy} upstream's own slowest answers from the first step: p99 {t['p99']:.2f} s against a median of "
        f"{t['p50']:.2f} s at step {first}, no fault rule injected them"
    )
    said = ", ".join(f"{w['p99']:.2f} s over {w['p50']:.2f} s at step {s}" for s, w in sorted(by_step.items()))
    detail = (
        f"the {proxy} fault proxy timed its upstream's own answers (p99 over the median), no injected delay in them: "
        f"{said}; a dependency whose time varies widely of itself, before any load or fault grew: the rows that met "
        "its slowest answers, or the service's own timeout on them and a retry, are the run's slowest"
    )
    classes: list[str] = [F.SLOW, F.TIMEOUT]
    return Finding(FindingKind.CAUSE, Severity.INFO, title, detail, steps=[first], classes=classes, about=TAIL)


def cause_findings(
    judged: Judged, frame: Frame, steps: list[StepRow], evidence: list[Evidence], signals: list[SignalRow]
) -> list[Finding]:
    """The cause and broad findings, then signal findings for moved signals no class finding names."""
    out = [f for cls in frame.class_set.failures if (f := _class_cause(judged, frame, steps, evidence, cls))]
    # Latency that grows with the prompt's length before latency slower from the first step: the more particular
    # cause names a latency gate both explain (a model's slower prefill makes the median slower too).
    extras = (
        _amplification_cause(frame, steps, evidence),
        _growth_cause(frame),
        _latency_cause(judged, frame, steps),
        _tail_cause(frame, steps),
    )
    for extra in extras:
        if extra is not None:
            out.append(extra)
    named = {c for f in out for c in f.classes or ()}
    for s in signals:
        if s.signal in named or s.rate is None or s.production is None:
            continue
        if abs(s.rate - s.production) >= SIGNAL_MIN:
            carried = _carried_by(judged, frame, s.signal, {r.signal for r in signals})
            # A signal that rose only where the scenario injected errors (the service's retries header) moved
            # with the faults, which production's replies never met: said, not a warning.
            faulted = at_injected_steps(judged, frame, s.signal) if s.rate > s.production else 0.0
            faulted = faulted if faulted >= INJECTED_SHARE else 0.0
            # A failing signal that fell (fewer retrieval misses than production's replies had) is no regression.
            rose = s.fails and s.rate > s.production
            severity = Severity.WARN if rose or (carried and not faulted) else Severity.INFO
            detail = f"the service's own signal {s.signal} moved against production's replies to the same prompts"
            if faulted:
                detail += f", {pct(faulted)} of its rows at steps where the fault proxies injected errors"
            detail += "".join(f"; {pct(share)} of the {cls} rows carry it" for cls, share in carried)
            # What the service says of the rows that carry it (a retry that ended in model_529) names more; the one
            # fault a proxy injected wherever those rows were sent (a hang the service's timeout cut) more still.
            failed = [cls for cls, _ in carried if cls in AVAILABILITY]
            behind = [w for c in failed for w in injected_behind(frame, frame.cls == c, f"the {c} rows")]
            if carried and not behind:
                # The classes it carries say nothing of their own (drifted answers): the one fault behind the rows
                # carrying the signal does (the anthropic matrix's fault_stream_error: broken streams retried, then
                # answered by the fallback model, named by the retries header alone)
                has = np.array([s.signal in v.signals for v in judged.verdicts], dtype=bool)
                behind = injected_behind(frame, has, "the rows carrying it")
            why = behind + reasons_for(judged, frame, failed)
            gave_up = _given_up_under(judged, frame, s.signal)
            why += gave_up if carried else []
            # Uncarried (a retrieval miss fails no class of its own), the calls given up on where its rows were still
            # say which dependency timed out under them (the search, slower than the release waits for it).
            said = why or gave_up
            moved = f"{s.source} on {pct(s.rate)} of rows (production {pct(s.production)})"
            # The fault a proxy injected behind the rows carrying the signal is their root cause, the signal (the
            # service's retries through it) what followed: it leads the title a gate shows (the matrix's fault_hang:
            # availability{step=3} named "x-attempted-retries ... on 43% of rows" before the hang rule)
            title = f"{behind[0]}, then {moved}" if behind else moved + (f": {said[0]}" if said else "")
            out.append(
                Finding(
                    FindingKind.SIGNAL,
                    severity,
                    title,
                    detail + "".join(f"; {w}" for w in said),
                    classes=[s.signal, *(cls for cls, _ in carried)],
                    evidence=said or None,
                )
            )
    return out


def _given_up_under(judged: Judged, frame: Frame, signal: str) -> list[str]:
    """The calls the service gave up on (its own timeout), and the errors a dependency answered itself, at the step
    where most rows carrying ``signal`` were sent: retries and a fallback model's answers that a model timeout set off
    are named by it, the searches a search refused (413 to the long queries: the matrix's search_max_body) too."""
    sent = frame.sent(np.ones(len(frame), dtype=bool))
    has = sent & np.array([signal in v.signals for v in judged.verdicts], dtype=bool)
    if not has.any():
        return []
    steps, counts = np.unique(frame.step[has], return_counts=True)
    peak = int(steps[np.argmax(counts)])
    seen = [w for w in upstream_at(frame, peak) if w.kind in FAILED_BY]
    share = {int(s): float(has[sent & (frame.step == s)].mean()) for s in np.unique(frame.step[sent])}
    # A dependency failing as much where the signal was rare does not explain it (the model timed out on every call
    # of a run whose searches missed at the slow-search step alone; the search refusing long queries at every step,
    # where the retries were the outage's)
    there = failing_at(frame, [s for s, rate in share.items() if rate < share[peak] / 2])
    return [w.text for w in seen if w.dependency not in there]


def _carried_by(judged: Judged, frame: Frame, signal: str, own: set[str]) -> list[tuple[str, float]]:
    """(failure class, share of its rows carrying ``signal``) where most of a class's rows carry the signal
    and the other rows seldom do: a signal that does not fail (an empty retrieval) still explains the
    drifted answers that follow it. Never a class of ``own``, the service's signals: the service said what
    those rows were itself (x-retrieval: miss), and another signal they share is what else was going on then
    (the anthropic matrix's retrieval_timeout_005: searches past 50 ms on a loaded machine, at the steps whose
    injected errors the service retried, were named by its retries header)."""
    sent = frame.sent(np.ones(len(frame), dtype=bool))
    has = np.array([signal in v.signals for v in judged.verdicts], dtype=bool)
    out = []
    for cls in frame.class_set.failures:
        m = sent & (frame.cls == cls)
        if cls == signal or cls in own or m.sum() < MIN_ROWS:
            continue
        share, rest = float(has[m].mean()), float(has[sent & ~m].mean()) if (sent & ~m).any() else 0.0
        if share >= CARRIED and share >= 2 * rest:
            out.append((cls, share))
    return out
