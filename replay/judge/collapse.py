"""Collapse analysis: per load step, how much of the offered load the service still served, and the
first step where it broke because of load or injected latency.

Per step: offered rate (rows sent or dropped, per second), **availability** (rows answered in time
without error, timeout, rejection, fallback or a broken stream, over offered rows), goodput (ok rows,
as a share of the offered rows and per second), corrected latency quantiles (from the intended send
time; exact, nearest-rank), failure-class rates (shares of the rows sent), and retry amplification
(``replay.judge.upstream``: upstream calls per request that called upstream at all, to the dependency it
called most, per request when the fault proxy counted request ids, else from the service's header or the
proxy's steps).

**Cause before load.** Failures present from the first step (a misconfigured release, a broken
dependency, a model id the API rejects) are not a collapse, and a collapse is judged only on what grew
beyond them. The reference (``Collapse.base``) is the first usable step (else the first step that sent
rows); ``from_start`` says its availability was already under ``min_availability``. A later usable step
collapses when, measured against the reference and beyond its noise (the two steps' 90% Wilson
intervals of availability, or of a class's rate, do not overlap):
  * availability fell under ``min_availability`` (from a reference at or over it), or fell a further
    ``jump`` (from a reference already under it: only the growth counts), or
  * a rate of ``jump_classes`` (fallback, timeout, error) rose ``jump`` or more (a reference under the
    threshold needs availability to have fallen too: a fallback turning into a timeout is no growth), or
  * a gate failed for that step (``gate_steps``, from the report; not when ``from_start``, nor when
    the step's figures did not move from the reference's: ``_moved``).
A quality regression (refusals, drifted answers) is as wrong at one request a minute as at a thousand a
second: it lowers goodput, never availability, and never makes a collapse.

Usable steps: sent rows, and not materially generator-bound (``material_bound``): a step the load
generator held back by less than half its median latency still tells about the target (10 ms late
matters against a 20 ms service, not against a 4 s one); dropped rows or a saturated generator CPU
always discount a step.

Failure classes are the judge's (``analyse_frame``, on the report's frame of a judged run), or the
caller's (``analyse``: the demo's sweep classifies its own rows).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from replay.judge.classes import LOAD_CLASSES, NOT_SENT, UNAVAILABLE, FailureClass
from replay.judge.frame import Frame
from replay.judge.upstream import ProxyCounts, Source, amplification
from replay.runner.runinfo import PlannedStep, StepStats
from replay.util.records import JsonRecord
from replay.util.stats import describe, shares_apart

__all__ = [
    "Collapse",
    "StepFigures",
    "StepInput",
    "Thresholds",
    "analyse",
    "analyse_frame",
    "material_bound",
]

MATERIAL_SHARE = 0.5  # generator lateness (p99) of this share of the step's median corrected latency matters
MATERIAL_LAG = 0.25  # ... or, without a latency to compare with, this many seconds
CPU_SATURATED = 90.0

F = FailureClass


@dataclass(frozen=True, slots=True)
class Thresholds:
    min_availability: float = 0.9
    jump: float = 0.10
    jump_classes: tuple[str, ...] = (F.FALLBACK, F.TIMEOUT, F.ERROR)
    level: float = 0.90  # worse than the reference beyond both intervals at this level (about a 98% test)


@dataclass(slots=True)
class StepInput:
    """One step's rows (offered ones: sent or dropped) and what the fault proxies counted in it."""

    step: int
    duration: float
    classes: np.ndarray  # per offered row; "unsent" for dropped rows
    latency: np.ndarray  # corrected seconds, NaN for rows without one
    attempts: np.ndarray  # requests the service received per row
    retries: np.ndarray  # the service's own upstream retries per row (NaN: it does not say)
    upstream: dict[str, int] = field(default_factory=dict)  # proxy name -> upstream requests seen
    profiles: dict[str, str] = field(default_factory=dict)  # proxy name -> profile in force
    generator_bound: bool = False  # materially (see ``material_bound``)
    label: str = ""
    available: np.ndarray | None = None  # per offered row; None: from the classes
    calls: np.ndarray | None = None  # per offered row, the most calls to one dependency (Frame.dependency_calls)


@dataclass(slots=True)
class StepFigures(JsonRecord):
    """One step's figures (report.json "collapse"."steps")."""

    step: int
    label: str
    profiles: dict[str, str]
    duration: float
    offered: int
    sent: int
    offered_rate: float | None
    availability: float | None  # rows answered in time without error/timeout/rejection/fallback / offered
    goodput: float | None  # ok rows / offered rows
    goodput_rate: float | None  # ok rows per second
    latency: dict[str, float | int | None]
    rates: dict[str, float]  # class -> share of rows sent
    client_requests: int
    upstream: dict[str, int]
    amplification: float | None  # upstream calls per request that called upstream (replay.judge.upstream)
    zero_call: int | None  # rows sent that made no upstream call (None: unknown)
    service_retries: float | None  # mean x-attempted-retries per row sent, when the service says
    generator_bound: bool


@dataclass(slots=True)
class Collapse(JsonRecord):
    """Figures per step and where the service collapsed (report.json "collapse")."""

    steps: list[StepFigures]
    step: int | None = None  # the collapse step, None if the service held
    reason: str = ""
    label: str = ""
    classes_from: str = "judge"  # who classified the rows: the judge, or the caller of ``analyse``
    from_start: bool = False  # availability was under the threshold from the first usable step: a cause
    base: int | None = None  # the reference step: growth (a collapse) is measured from it
    amplification_from: str = Source.NONE  # where the amplification figures come from
    # The jump classes whose rate rose ``jump`` or more at the collapse step, which ``reason`` says in words: the
    # report names the other classes that grew there itself.
    jumped: list[str] = field(default_factory=list)

    def amplification(self) -> dict[int, float]:
        """step -> retry amplification, for the steps the proxy counted."""
        return {s.step: s.amplification for s in self.steps if s.amplification is not None}

    def to_json(self) -> dict[str, Any]:
        return {
            "step": self.step,
            "label": self.label,
            "reason": self.reason,
            "classes_from": self.classes_from,
            "from_start": self.from_start,
            "base": self.base,
            "jumped": list(self.jumped),
            "amplification_from": str(self.amplification_from),
            "steps": [s.to_json() for s in self.steps],
        }


def _figures(s: StepInput) -> StepFigures:
    sent = s.classes != NOT_SENT
    n_sent = int(sent.sum())
    ok = int(np.sum(s.classes == F.OK))
    names, counts = np.unique(s.classes[sent], return_counts=True)
    rates = {str(c): float(n / n_sent) for c, n in zip(names, counts, strict=True)} if n_sent else {}
    available = s.available if s.available is not None else sent & ~np.isin(s.classes, UNAVAILABLE)
    lat = s.latency[sent]
    client = int(np.nansum(s.attempts[sent]))
    most = max(s.upstream.values(), default=None)  # the dependency called most: a retry is a call to it again
    amp = amplification(
        sent, s.attempts, s.calls, np.full(len(sent), np.nan), most / client if most is not None and client else None
    )
    told = s.retries[sent][~np.isnan(s.retries[sent])]
    n = len(s.classes)
    return StepFigures(
        step=s.step,
        label=s.label,
        profiles=dict(s.profiles),
        duration=s.duration,
        offered=n,
        sent=n_sent,
        offered_rate=n / s.duration if s.duration else None,
        availability=float(available.sum() / n) if n else None,
        goodput=ok / n if n else None,
        goodput_rate=ok / s.duration if s.duration else None,
        latency=describe(lat),
        rates=rates,
        client_requests=client,
        upstream=dict(s.upstream),
        amplification=amp.value,
        zero_call=amp.zero_call,
        service_retries=float(told.mean()) if len(told) else None,
        generator_bound=s.generator_bound,
    )


def _moved(f: StepFigures, ref: StepFigures) -> bool:
    """Whether a step's load figures moved from the reference's at all (availability lower, retry
    amplification up a fifth, median latency doubled): a failed step gate is a collapse only then, not
    when its figure was as bad from the first step (an amplification of 2 from a second route)."""
    if f.availability is not None and ref.availability is not None and f.availability < ref.availability:
        return True
    if f.amplification is not None and ref.amplification is not None and f.amplification >= 1.2 * ref.amplification:
        return True
    now, then = f.latency.get("p50"), ref.latency.get("p50")
    return now is not None and then is not None and now >= 2 * then


def _step_reasons(
    f: StepFigures, ref: StepFigures, t: Thresholds, from_start: bool, gate: bool
) -> tuple[list[str], list[str]]:
    """Why step ``f`` collapsed against the reference ``ref`` (empty: it did not), and the jump classes among the
    reasons."""
    reasons: list[str] = []
    jumped: list[str] = []
    if f.availability is not None and ref.availability is not None:
        fell = f is ref or shares_apart(ref.availability, ref.offered, f.availability, f.offered, t.level)
        if not from_start and f.availability < t.min_availability and fell:
            reasons.append(f"availability {f.availability:.0%} of offered rows (< {t.min_availability:.0%})")
        elif from_start and fell and ref.availability - f.availability >= t.jump:
            reasons.append(
                f"availability fell to {f.availability:.0%} from {ref.availability:.0%} at step {ref.step} "
                "(beyond the failures present from the first step)"
            )
    if gate and not from_start and f is not ref and _moved(f, ref):  # at the reference a failure is a cause
        reasons.append("a gate failed")
    for c in t.jump_classes:
        now, before = f.rates.get(c, 0.0), ref.rates.get(c, 0.0)
        grew = now - before >= t.jump and shares_apart(now, f.sent, before, ref.sent, t.level)
        if f is not ref and grew and (reasons or not from_start):
            reasons.append(f"{c} rate {now:.0%}, up from {before:.0%} at step {ref.step}")
            jumped.append(c)
    return reasons, jumped


def analyse(
    steps: Iterable[StepInput],
    thresholds: Thresholds = Thresholds(),
    gate_steps: Iterable[int] = (),
    classes_from: str = "judge",
) -> Collapse:
    """Figures per step and the collapse point (see the module docstring)."""
    steps = list(steps)
    figs = [_figures(s) for s in steps]
    source = Source.REQUEST if any(s.calls is not None for s in steps) else Source.STEP
    out = Collapse(figs, classes_from=classes_from, amplification_from=source)
    gates = set(gate_steps)
    usable = [f for f in figs if not f.generator_bound and f.sent]
    ref = usable[0] if usable else next((f for f in figs if f.sent), None)
    if ref is None:
        return out
    out.base = ref.step
    least = thresholds.min_availability
    # A discounted step can only look worse than the target was (late rows, dropped rows): one that
    # served its rows before the reference says the failures were not there from the start.
    served = [f.availability * f.offered / f.sent for f in figs if f.sent and f.step < ref.step and f.availability]
    out.from_start = ref.availability is not None and ref.availability < least and all(a < least for a in served)
    for f in usable:
        if f.step < ref.step:
            continue
        reasons, jumped = _step_reasons(f, ref, thresholds, out.from_start, f.step in gates)
        if reasons:
            out.step, out.label, out.reason, out.jumped = f.step, f.label, "; ".join(reasons), jumped
            break
    return out


def material_bound(step: StepStats, latency_p50: float | None) -> bool:
    """Whether a step the runner marked generator-bound is bound enough to discount its figures: rows
    dropped, a saturated generator CPU, or lateness (p99) of half the step's median corrected latency
    or more. Without lateness figures the runner's word stands."""
    if not step.generator_bound:
        return False
    if step.dropped or (step.cpu_mean is not None and step.cpu_mean >= CPU_SATURATED):
        return True
    lag = step.generator_lag_p99
    if lag is None:
        return True
    return lag >= (MATERIAL_LAG if latency_p50 is None else MATERIAL_SHARE * latency_p50)


def _label(step: PlannedStep, profiles: Mapping[str, str]) -> str:
    return ", ".join([p for p in (step.load,) if p] + [f"{k}: {v}" for k, v in profiles.items()])


def analyse_frame(
    frame: Frame,
    steps: list[list[StepStats]],
    counts: list[ProxyCounts],
    thresholds: Thresholds = Thresholds(),
    gate_steps: Iterable[int] = (),
) -> Collapse:
    """The collapse analysis of a judged run (or of repetitions of one plan: ``steps`` and ``counts``
    per run). It sees the classes that move with load and faults only: a refusal, a drifted or invalid
    answer counts as ok here (the report's own tables keep every class)."""
    classes = frame.cls.copy()
    classes[~np.isin(classes, (*LOAD_CLASSES, NOT_SENT))] = F.OK
    available = frame.available if frame.available is not None else frame.cls == F.OK
    calls = frame.dependency_calls()
    inputs = []
    for st in steps[0]:
        k = st.index
        m = frame.mask(step=k) & ~frame.skipped
        upstream: dict[str, int] = {}
        for c in counts:
            for name, n in c.upstream.get(k, {}).items():
                upstream[name] = upstream.get(name, 0) + n
        profiles = next((c.profiles[k] for c in counts if k in c.profiles), {})
        p50 = frame.latency_of(m).p50
        bound = any(material_bound(run[k], p50) for run in steps if k < len(run) and run[k].index == k)
        inputs.append(
            StepInput(
                step=k,
                duration=frame.durations.get(k, 0.0),
                classes=classes[m],
                latency=frame.latency[m],
                attempts=frame.attempts[m],
                retries=frame.retries[m],
                upstream=upstream,
                profiles=profiles,
                generator_bound=bound,
                label=_label(st, profiles),
                available=available[m] & (frame.cls[m] != NOT_SENT),
                calls=None if calls is None else calls[m],
            )
        )
    return analyse(inputs, thresholds, gate_steps)
