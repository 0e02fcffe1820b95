"""The report as data: a ``ReportDoc`` (``sections.py``) with every figure of report.json (schema:
``report.schema.json`` beside this module), from a judged run's Frame, gates and collapse analysis.

Every rate is broken down by family x step and endpoint x step, so a failing segment stays visible
under a passing total. The verdict is the gates' alone: findings explain, gates decide.
"""

from __future__ import annotations

import time

import numpy as np

from replay import __version__
from replay.judge import FailureClass, Judged
from replay.judge.collapse import Collapse, material_bound
from replay.judge.cost import prices_for
from replay.judge.evaluate import GateResult
from replay.judge.frame import Frame, latency_stats
from replay.redact import Redactor
from replay.report.costs import costs_section
from replay.report.examples import worst_examples
from replay.report.findings import findings
from replay.report.paths import paths_section
from replay.report.sections import (
    CUT_SHORT,
    CUT_SHORT_EXIT,
    FORMAT,
    VERSION,
    BaselineInfo,
    Cell,
    CutShort,
    EndpointRow,
    EndpointStepRow,
    FamilyRow,
    FamilyStepRow,
    LatencyTable,
    ParityRow,
    Regressions,
    RepeatInfo,
    RepeatRun,
    ReportDoc,
    RunSummary,
    SignalRow,
    StepRow,
    StreamRow,
    Tokens,
    Totals,
)
from replay.report.seen import windows_unopened
from replay.runner.runinfo import PlannedStep, RunInfo
from replay.util.stats import quantiles, share_interval

__all__ = ["FORMAT", "VERSION", "build_report", "step_label"]


def _intervals(frame: Frame, m: np.ndarray) -> dict[str, list[float] | None]:
    """The 95% interval of every class rate, goodput and availability of the rows in ``m`` (pooled over
    repetitions, widened by their spread: ``replay.util.stats.share_interval``)."""
    repeats = frame.repeat if frame.repeat is not None else np.zeros(len(frame), dtype=np.int64)
    parts = [m & (repeats == k) for k in np.unique(repeats)]
    sent = [frame.sent(p) for p in parts]
    offered = [p & ~frame.skipped for p in parts]
    available = frame.available if frame.available is not None else frame.cls == FailureClass.OK

    def ci(hits: list[int], totals: list[int]) -> list[float] | None:
        got = share_interval(hits, totals)
        return None if got is None else [got[0], got[1]]

    out = {
        c: ci([int((frame.cls[s] == c).sum()) for s in sent], [int(s.sum()) for s in sent])
        for c in frame.class_set.order
    }
    out["goodput"] = ci(
        [int((frame.cls[o] == FailureClass.OK).sum()) for o in offered], [int(o.sum()) for o in offered]
    )
    out["availability"] = ci([int(available[o].sum()) for o in offered], [int(o.sum()) for o in offered])
    return out


def _tokens(judged: Judged, frame: Frame, m: np.ndarray) -> Tokens | None:
    """Output tokens of the answers among the rows sent in ``m``, beside production's to the same records."""
    s = frame.sent(m)
    own = np.array([np.nan if v.output_tokens is None else v.output_tokens for v in judged.verdicts], dtype=np.float64)
    prod = [p.output_tokens if p is not None else None for p in judged.production] or [None] * len(frame)
    theirs = np.array([np.nan if t is None else t for t in prod], dtype=np.float64)
    mine, base = own[s], theirs[s]
    if not (~np.isnan(mine)).any():
        return None
    q, b = quantiles(mine, (50, 90)), quantiles(base, (50, 90))
    estimated = any(judged.verdicts[i].tokens_estimated for i in np.flatnonzero(s))
    return Tokens(int((~np.isnan(mine)).sum()), q["p50"], q["p90"], b["p50"], b["p90"], estimated)


def _stream_row(judged: Judged, frame: Frame, scope: str, name: str, m: np.ndarray) -> StreamRow:
    s = frame.sent(m)
    ttft = quantiles(frame.ttft[s], (50, 90, 99))
    tpot = quantiles(frame.column("tpot")[s], (50, 90))
    out, inp = frame.column("tokens_out")[s], frame.column("tokens_in")[s]
    tok = quantiles(out, (50, 90))
    rows = np.flatnonzero(s)
    estimated = any(judged.verdicts[i].tokens_estimated or judged.verdicts[i].input_estimated for i in rows)
    return StreamRow(
        scope,
        name,
        int((~np.isnan(frame.column("stalls")[s])).sum()),
        ttft["p50"],
        ttft["p90"],
        ttft["p99"],
        *(frame.itl_of(m, q) for q in (0.5, 0.9, 0.99)),
        tpot["p50"],
        tpot["p90"],
        quantiles(frame.column("tps")[s], (50,))["p50"],
        tok["p50"],
        tok["p90"],
        quantiles(inp, (50,))["p50"],
        int(np.nansum(out)),
        int(np.nansum(inp)),
        estimated,
        frame.stall_rate(m),
    )


def _streams(judged: Judged, frame: Frame) -> list[StreamRow]:
    """Stream and token figures for the run, each step, family and endpoint (none when no row has tokens)."""
    every = np.ones(len(frame), dtype=bool)
    if np.isnan(frame.column("tokens_out")[frame.sent(every)]).all() and np.isnan(frame.ttft).all():
        return []
    out = [_stream_row(judged, frame, "total", "all", every)]
    for scope in ("step", "family", "endpoint"):
        for v in frame.values(scope):
            out.append(_stream_row(judged, frame, scope, str(v), getattr(frame, scope) == v))
    return out


def _signals(judged: Judged, frame: Frame) -> list[SignalRow]:
    every = np.ones(len(frame), dtype=bool)
    sent = frame.sent(every)
    out = []
    for sig in {s.cls: s for s in judged.signals}.values():
        fired = frame.signals.get(sig.cls)
        interval = share_interval([int(fired[sent].sum())], [int(sent.sum())]) if fired is not None else None
        out.append(
            SignalRow(
                sig.cls,
                sig.source,
                sig.fails,
                frame.signal_rate(every, sig.cls),
                frame.signal_rate(every, sig.cls, production=True),
                None if interval is None else list(interval),
                int(sent.sum()),
            )
        )
    return out


def _cell(frame: Frame, m: np.ndarray) -> Cell:
    counts = frame.counts(m)
    sent = int(frame.sent(m).sum())
    rates = {c: (counts[c] / sent if sent else None) for c in frame.class_set.order}
    return Cell(rows=int(m.sum()), sent=sent, classes=counts, rates=rates)


def step_label(judged: Judged, step: int, info: PlannedStep | None) -> str:
    """'20/s' or '8 users', plus the fault profile in force when the scenario injects faults."""
    load = info.load if info is not None else ""
    faults = [f.step_profile(step) for f in judged.scenario.faults]
    text = ", ".join(x for x in [load, *(p for p in faults if p)] if x)
    return text or f"step {step}"


def _steps(judged: Judged, frame: Frame) -> list[StepRow]:
    infos = {s.index: s for s in judged.run.info.step_table}
    # a step bound in any repetition is bound: its figures pool that repetition's rows
    tables = [{s.index: s for s in r.info.step_table} for r in judged.runs or [judged.run]]
    out = []
    for k in sorted(set(infos) | set(frame.values("step"))):
        info = infos.get(k)
        bound = [t[k] for t in tables if k in t and t[k].generator_bound]
        m = frame.mask(step=k)
        retries = frame.retries[frame.sent(m)]
        duration = float(info.duration or 0.0) * judged.repeats if info is not None else 0.0
        amp = frame.amplification_of(m, k)
        lat = frame.latency_of(m)
        out.append(
            StepRow(
                step=k,
                label=step_label(judged, k, info),
                rate=info.rate if info is not None else None,
                users=info.users if info is not None else None,
                duration=duration or None,
                faults=", ".join(f"{f.name}: {f.step_profile(k)}" for f in judged.scenario.faults) or None,
                cell=_cell(frame, m),
                offered_rps=float((m & ~frame.skipped).sum() / duration) if duration else None,
                goodput=frame.goodput(m),
                goodput_rps=frame.goodput_rps(m, k),
                availability=frame.availability(m),
                latency=lat,
                service=frame.latency_of(m, "service"),
                ttft=frame.latency_of(m, "ttft"),
                retry_amplification=amp.value,
                zero_call=amp.zero_call,
                service_retries=float(np.nanmean(retries)) if (~np.isnan(retries)).any() else None,
                generator_bound=bool(bound),
                bound_reasons=list(dict.fromkeys(why for s in bound for why in s.bound_reasons)),
                bound_material=any(material_bound(s, lat.p50) for s in bound),
            )
        )
    return out


def _families(judged: Judged, frame: Frame) -> list[FamilyRow]:
    return [
        FamilyRow(v, _cell(frame, m), frame.latency_of(m), frame.availability(m), _tokens(judged, frame, m))
        for v, m in _segments(frame, "family")
    ]


def _endpoints(frame: Frame) -> list[EndpointRow]:
    return [
        EndpointRow(v, _cell(frame, m), frame.latency_of(m), frame.availability(m))
        for v, m in _segments(frame, "endpoint")
    ]


def _segments(frame: Frame, key: str) -> list[tuple[str, np.ndarray]]:
    return [(value, getattr(frame, key) == value) for value in frame.values(key)]


def _cross(frame: Frame, key: str) -> list[tuple[str, int, Cell, float | None, float | None]]:
    """(value, step, cell, p50, p99) of every ``key`` value x step that has rows."""
    out = []
    for value, seg in _segments(frame, key):
        for step in frame.values("step"):
            m = seg & (frame.step == step)
            if m.any():
                lat = frame.latency_of(m)
                out.append((value, step, _cell(frame, m), lat.p50, lat.p99))
    return out


def _parity(judged: Judged) -> list[ParityRow]:
    info: dict[str, list[str]] = {}  # the release headers' values every repetition recorded
    for run in judged.runs or [judged.run]:
        for name, values in run.info.release.items():
            seen = info.setdefault(name, [])
            seen.extend(v for v in values if v not in seen)
    out = []
    for header in sorted(set(judged.parity) | {h.lower() for h in info}):
        sides = judged.parity.get(header, {"production": {}, "staging": {}})
        staging = dict(sides.get("staging") or {})
        for v in info.get(header, info.get(header.lower(), [])):
            staging.setdefault(v, 0)
        production = dict(sides.get("production") or {})
        same = set(production) == set(staging) if production and staging else None
        out.append(ParityRow(header, production, staging, same))
    return out


def _scenario_name(info: RunInfo, judged: Judged) -> str:
    """The scenario file as written; the overrides of ``--target``/``--set`` after it."""
    path = info.scenario.path or str(judged.scenario.path or "")
    return " ".join([path, *(f"--set {o}" for o in info.scenario.overrides)])


def _run_info(judged: Judged) -> RunSummary:
    """The run reported (the first of repetitions, whose rows are all counted in ``planned`` and whose last end is
    ``finished``)."""
    info = judged.run.info
    runs, parts = (judged.runs, judged.parts()) if judged.repeats > 1 else ([judged.run], [judged.results])
    planned = sum(
        r.info.counts.planned if r.info.counts is not None else len(p) for r, p in zip(runs, parts, strict=True)
    )
    return RunSummary(
        id=info.id,
        path=str(judged.run.path),
        status=str(info.status),
        target=info.target,
        scenario=_scenario_name(info, judged),
        name=judged.scenario.name,
        created=info.created,
        start=info.start,
        finished=runs[-1].info.finished,
        planned=planned,
        workers=info.workers,
        model=info.model,
        replay=info.replay,
    )


def _repeats(judged: Judged, frame: Frame) -> RepeatInfo | None:
    """The repetitions (``--repeat``), each with its own figures; None for one run."""
    if judged.repeats <= 1 or frame.repeat is None:
        return None
    each = []
    for k, run in enumerate(judged.runs):
        m = frame.repeat == k
        cell = _cell(frame, m)
        p99 = frame.latency_of(m).p99
        each.append(
            RepeatRun(run.info.id, str(run.path), cell.sent, cell.rates[FailureClass.OK], frame.availability(m), p99)
        )
    return RepeatInfo(judged.repeats, [str(r.path) for r in judged.runs], each)


def build_report(
    judged: Judged,
    frame: Frame,
    results: list[GateResult],
    redactor: Redactor,
    regress: Regressions | None = None,
    collapse: Collapse | None = None,
    base: Frame | None = None,
    partial: CutShort | None = None,
) -> ReportDoc:
    """The report: ``results`` are the evaluated gates, ``regress`` the regressions against a
    baseline run (``base`` its frame, for its cost), ``collapse`` the collapse analysis, ``partial`` what a run
    cut short had (judged ``--partial``: never a pass)."""
    every = np.ones(len(frame), dtype=bool)
    sent = frame.sent(every)
    steps = _steps(judged, frame)
    parity = _parity(judged)
    signals = _signals(judged, frame)
    failed = any(not r.passed for r in results)
    found = findings(judged, frame, steps, parity, collapse, signals, results)
    return ReportDoc(
        format=FORMAT,
        version=VERSION,
        generated=time.time(),
        replay=__version__,
        run=_run_info(judged),
        verdict="fail" if failed else CUT_SHORT if partial is not None else "pass",
        exit_code=1 if failed else CUT_SHORT_EXIT if partial is not None else 0,
        classes=list(frame.class_set.order),
        precedence=list(frame.class_set.precedence),
        totals=Totals(_cell(frame, every), frame.goodput(every), frame.availability(every), _intervals(frame, every)),
        latency=LatencyTable(*(latency_stats(getattr(frame, w)[sent]) for w in ("latency", "service", "ttft"))),
        retry_amplification=frame.retry_amplification(every),
        amplification=frame.amplification_of(every),
        steps=steps,
        families=_families(judged, frame),
        endpoints=_endpoints(frame),
        family_step=[FamilyStepRow(*row) for row in _cross(frame, "family")],
        endpoint_step=[EndpointStepRow(*row) for row in _cross(frame, "endpoint")],
        collapse=collapse,
        parity=parity,
        signals=signals,
        baseline=BaselineInfo(judged.baseline, judged.noise),
        findings=found,
        examples=worst_examples(judged, redactor),
        gates=list(results),
        regressions=regress,
        notes=[*judged.notes, *windows_unopened(frame)],
        repeats=_repeats(judged, frame),
        streams=_streams(judged, frame),
        costs=costs_section(frame, prices_for(judged).date, base),
        paths=paths_section(frame),
        partial=partial,
    )
