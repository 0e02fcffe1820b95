"""Collapse analysis: per load step, how much of the offered load the service still served well, and
the first step where it broke.

Per step: offered rate (rows sent or dropped, per second), goodput (ok rows, as a share of the
offered rows and per second), corrected latency quantiles (from the intended send time; exact,
nearest-rank), failure-class rates (shares of the rows sent), and **retry amplification**: upstream
requests per client request, from the fault proxy's counters (``faults.json`` in the run directory,
one counter segment per step) over the requests the service received (attempts). The service's own
word on its retries (``x-attempted-retries``) is kept beside it.

The collapse point is the first step, generator-bound steps left out, where
  * goodput falls below ``min_goodput`` of the offered rows, or
  * a gate failed for that step (``gate_steps``, from the report), or
  * a rate of ``jump_classes`` (fallback, timeout, error) rose ``jump`` or more above the first usable step.

Failure classes come from the judge when the caller passes them (``classes``, aligned with the run's
results sorted by row); otherwise from what the results say alone: outcome timeout/cancelled ->
timeout, error or 5xx -> error, 4xx -> rejected, a stream without its end marker -> truncated,
``x-fallback: true`` -> fallback, else ok (no refusal, empty, invalid, drift nor slow).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import orjson

from replay.judge.classes import NOT_SENT, FailureClass
from replay.runner.results import Run
from replay.runner.rundir import FAULTS
from replay.runner.runinfo import PlannedStep
from replay.util.records import JsonRecord
from replay.util.stats import describe

__all__ = ["Collapse", "StepFigures", "StepInput", "Thresholds", "analyse", "analyse_run"]

F = FailureClass
_NOT_OFFERED = frozenset({"skipped", "unsent"})  # never due: disallowed, or a closed step ended first
_NOT_SENT = frozenset({"dropped", "skipped", "unsent"})


@dataclass(frozen=True, slots=True)
class Thresholds:
    min_goodput: float = 0.9
    jump: float = 0.10
    jump_classes: tuple[str, ...] = (F.FALLBACK, F.TIMEOUT, F.ERROR)


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
    generator_bound: bool = False
    label: str = ""


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
    goodput: float | None  # ok rows / offered rows
    goodput_rate: float | None  # ok rows per second
    latency: dict[str, float | int | None]
    rates: dict[str, float]  # class -> share of rows sent
    client_requests: int
    upstream: dict[str, int]
    amplification: float | None  # the first proxy's upstream requests per client request
    service_retries: float | None  # mean x-attempted-retries per row sent, when the service says
    generator_bound: bool


@dataclass(slots=True)
class Collapse(JsonRecord):
    """Figures per step and where the service collapsed (report.json "collapse")."""

    steps: list[StepFigures]
    step: int | None = None  # the collapse step, None if the service held
    reason: str = ""
    label: str = ""
    classes_from: str = "judge"  # or "outcome": classes derived from outcome, status and x-fallback only

    def amplification(self) -> dict[int, float]:
        """step -> retry amplification, for the steps the proxy counted."""
        return {s.step: s.amplification for s in self.steps if s.amplification is not None}

    def to_json(self) -> dict[str, Any]:
        return {
            "step": self.step,
            "label": self.label,
            "reason": self.reason,
            "classes_from": self.classes_from,
            "steps": [s.to_json() for s in self.steps],
        }


def _figures(s: StepInput) -> StepFigures:
    sent = s.classes != NOT_SENT
    n_sent = int(sent.sum())
    ok = int(np.sum(s.classes == F.OK))
    names, counts = np.unique(s.classes[sent], return_counts=True)
    rates = {str(c): float(n / n_sent) for c, n in zip(names, counts, strict=True)} if n_sent else {}
    lat = s.latency[sent]
    client = int(np.nansum(s.attempts[sent]))
    first = next(iter(s.upstream.values()), None)
    told = s.retries[sent][~np.isnan(s.retries[sent])]
    return StepFigures(
        step=s.step,
        label=s.label,
        profiles=dict(s.profiles),
        duration=s.duration,
        offered=len(s.classes),
        sent=n_sent,
        offered_rate=len(s.classes) / s.duration if s.duration else None,
        goodput=ok / len(s.classes) if len(s.classes) else None,
        goodput_rate=ok / s.duration if s.duration else None,
        latency=describe(lat),
        rates=rates,
        client_requests=client,
        upstream=dict(s.upstream),
        amplification=first / client if first is not None and client else None,
        service_retries=float(told.mean()) if len(told) else None,
        generator_bound=s.generator_bound,
    )


def analyse(
    steps: Iterable[StepInput],
    thresholds: Thresholds = Thresholds(),
    gate_steps: Iterable[int] = (),
    classes_from: str = "judge",
) -> Collapse:
    """Figures per step and the collapse point (see the module docstring)."""
    figs = [_figures(s) for s in steps]
    out = Collapse(figs, classes_from=classes_from)
    gates = set(gate_steps)
    usable = [f for f in figs if not f.generator_bound and f.sent]
    base = usable[0] if usable else None
    for f in usable:
        reasons = []
        if f.goodput is not None and f.goodput < thresholds.min_goodput:
            reasons.append(f"goodput {f.goodput:.0%} of offered rows (< {thresholds.min_goodput:.0%})")
        if f.step in gates:
            reasons.append("a gate failed")
        assert base is not None
        for c in thresholds.jump_classes:
            now, before = f.rates.get(c, 0.0), base.rates.get(c, 0.0)
            if f is not base and now - before >= thresholds.jump:
                reasons.append(f"{c} rate {now:.0%}, up from {before:.0%} at step {base.step}")
        if reasons:
            out.step, out.label, out.reason = f.step, f.label, "; ".join(reasons)
            break
    return out


def outcome_class(outcome: str, status: int, completed: bool | None, headers: Mapping[str, str]) -> FailureClass:
    """A result's class from what it says alone (no judge)."""
    if outcome in _NOT_SENT:
        return NOT_SENT
    if outcome in ("timeout", "cancelled"):
        return F.TIMEOUT
    if outcome == "error" or status >= 500:
        return F.ERROR
    if status >= 400:
        return F.REJECTED
    if completed is False:
        return F.TRUNCATED
    return F.FALLBACK if headers.get("x-fallback", "").lower() == "true" else F.OK


def _proxy_steps(run: Run) -> tuple[dict[int, dict[str, int]], dict[int, dict[str, str]]]:
    """Upstream requests and profile per step and proxy, from the counter segments labelled with steps."""
    path = run.path / FAULTS  # {"proxies": [{"name", "upstream", "counters": <control /counters>}]}
    upstream: dict[int, dict[str, int]] = {}
    profiles: dict[int, dict[str, str]] = {}
    if not path.exists():
        return upstream, profiles
    for proxy in orjson.loads(path.read_bytes()).get("proxies", []):
        for seg in (proxy["counters"] or {}).get("segments", []):  # null: the proxy had died
            if not str(seg["label"]).isdigit():
                continue  # before the first step
            k = int(seg["label"])
            per = upstream.setdefault(k, {})
            per[proxy["name"]] = per.get(proxy["name"], 0) + int(seg["requests"])
            profiles.setdefault(k, {})[proxy["name"]] = seg["profile"]
    return upstream, profiles


def _label(step: PlannedStep, profiles: Mapping[str, str]) -> str:
    return ", ".join([p for p in (step.load,) if p] + [f"{k}: {v}" for k, v in profiles.items()])


def analyse_run(
    run: Run,
    classes: np.ndarray | None = None,
    thresholds: Thresholds = Thresholds(),
    gate_steps: Iterable[int] = (),
    retries_header: str = "x-attempted-retries",
) -> Collapse:
    """The collapse analysis of a run directory; ``classes`` are the judge's, aligned with results by row."""
    results = run.results()
    headers: dict[int, dict[str, str]] = {}
    for r in run.responses():
        headers[r["row"]] = {str(k).lower(): str(v) for k, v in r.get("headers") or ()}
    judged = classes is not None
    if classes is None:
        classes = np.array(
            [outcome_class(r.outcome, r.status, r.completed, headers.get(r.row, {})) for r in results], dtype=object
        )
    by_step: dict[int, list[int]] = {}
    for i, r in enumerate(results):
        if r.outcome not in _NOT_OFFERED:
            by_step.setdefault(r.step, []).append(i)
    upstream, profiles = _proxy_steps(run)
    inputs = []
    for st in run.info.step_table:
        k = st.index
        idx = by_step.get(k, [])
        rows = [results[i] for i in idx]
        cls = np.array([NOT_SENT if r.outcome in _NOT_SENT else classes[i] for i, r in zip(idx, rows, strict=True)])
        told = [headers.get(r.row, {}).get(retries_header) for r in rows]
        inputs.append(
            StepInput(
                step=k,
                duration=float(st.duration or 0.0),
                classes=cls.astype(object),
                latency=np.array([np.nan if r.latency is None else r.latency for r in rows], dtype=np.float64),
                attempts=np.array([r.attempts for r in rows], dtype=np.float64),
                retries=np.array([float(t) if t and t.isdigit() else np.nan for t in told], dtype=np.float64),
                upstream=upstream.get(k, {}),
                profiles=profiles.get(k, {}),
                generator_bound=st.generator_bound,
                label=_label(st, profiles.get(k, {})),
            )
        )
    return analyse(inputs, thresholds, gate_steps, "judge" if judged else "outcome")
