"""The report as data: every figure of report.json (schema: ``report.schema.json`` beside this module).

Every rate is broken down by family x step and endpoint x step, so a failing segment stays visible
under a passing total. The verdict is the gates' alone: findings explain, gates decide.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np

from replay import __version__
from replay.judge import CLASSES, NOT_SENT, PRECEDENCE, Judged
from replay.judge.frame import Frame, latency_stats
from replay.judge.gates import GateResult
from replay.redact import Redactor
from replay.report.examples import worst_examples
from replay.report.findings import findings

__all__ = ["FORMAT", "VERSION", "build_report", "step_label"]

FORMAT = "replay-report"
VERSION = 1


def _rates(counts: dict[str, int]) -> dict[str, float | None]:
    sent = sum(n for c, n in counts.items() if c != NOT_SENT)
    return {c: (counts[c] / sent if sent else None) for c in CLASSES}


def _cell(frame: Frame, m: np.ndarray) -> dict[str, Any]:
    counts = frame.counts(m)
    sent = int(frame.sent(m).sum())
    return {"rows": int(m.sum()), "sent": sent, "classes": counts, "rates": _rates(counts)}


def step_label(judged: Judged, step: int, info: dict[str, Any]) -> str:
    """'20/s' or '8 users', plus the fault profile in force when the scenario injects faults."""
    load = f"{info['rate']:g}/s" if info.get("rate") else (f"{info['users']} users" if info.get("users") else "")
    faults = [f.step_profile(step) for f in judged.scenario.faults]
    text = ", ".join(x for x in [load, *(p for p in faults if p)] if x)
    return text or f"step {step}"


def _steps(judged: Judged, frame: Frame) -> list[dict[str, Any]]:
    infos = {int(s["index"]): s for s in judged.run.info.get("steps") or judged.run.info.get("planned_steps") or []}
    out = []
    for k in sorted(set(infos) | set(frame.values("step"))):
        info = infos.get(k, {})
        m = frame.mask(step=k)
        s = frame.sent(m)
        retries = frame.retries[s]
        duration = float(info.get("duration") or 0.0)
        faults = ", ".join(f"{f.name}: {f.step_profile(k)}" for f in judged.scenario.faults) or None
        out.append(
            {
                "step": k,
                "label": step_label(judged, k, info),
                "rate": info.get("rate"),
                "users": info.get("users"),
                "duration": duration or None,
                "faults": faults,
                **_cell(frame, m),
                "offered_rps": float((m & ~frame.skipped).sum() / duration) if duration else None,
                "goodput": frame.goodput(m),
                "goodput_rps": frame.goodput_rps(m, k),
                "latency": frame.latency_of(m),
                "service": frame.latency_of(m, "service"),
                "ttft": frame.latency_of(m, "ttft"),
                "retry_amplification": frame.retry_amplification(m, k),
                "service_retries": float(np.nanmean(retries)) if (~np.isnan(retries)).any() else None,
                "generator_bound": bool(info.get("generator_bound", False)),
                "bound_reasons": list(info.get("bound_reasons") or []),
            }
        )
    return out


def _by(frame: Frame, key: str) -> list[dict[str, Any]]:
    out = []
    for value in frame.values(key):
        m = getattr(frame, key) == value
        out.append({key: value, **_cell(frame, m), "latency": frame.latency_of(m)})
    return out


def _cross(frame: Frame, key: str) -> list[dict[str, Any]]:
    out = []
    for value in frame.values(key):
        for step in frame.values("step"):
            m = (getattr(frame, key) == value) & (frame.step == step)
            if m.any():
                lat = frame.latency_of(m)
                out.append({key: value, "step": step, **_cell(frame, m), "p50": lat["p50"], "p99": lat["p99"]})
    return out


def _parity(judged: Judged) -> list[dict[str, Any]]:
    info = judged.run.info.get("release") or {}
    out = []
    for header in sorted(set(judged.parity) | {h.lower() for h in info}):
        sides = judged.parity.get(header, {"production": {}, "staging": {}})
        staging = dict(sides.get("staging") or {})
        for v in info.get(header, info.get(header.lower(), [])):
            staging.setdefault(v, 0)
        production = dict(sides.get("production") or {})
        same = set(production) == set(staging) if production and staging else None
        out.append({"header": header, "production": production, "staging": staging, "same": same})
    return out


def _scenario_name(info: dict[str, Any], judged: Judged) -> str:
    """The scenario file as written; a rehearsal's overrides after it."""
    rehearsal = info.get("rehearsal") or {}
    if rehearsal.get("scenario"):
        return " ".join([rehearsal["scenario"], *(f"--set {o}" for o in rehearsal.get("overrides", []))])
    return (info.get("scenario") or {}).get("path") or str(judged.scenario.path or "")


def _run_info(judged: Judged) -> dict[str, Any]:
    info = judged.run.info
    return {
        "id": info.get("id"),
        "path": str(judged.run.path),
        "status": info.get("status"),
        "target": info.get("target"),
        "scenario": _scenario_name(info, judged),
        "name": judged.scenario.name,
        "created": info.get("created"),
        "start": info.get("start"),
        "finished": info.get("finished"),
        "planned": (info.get("counts") or {}).get("planned", len(judged.results)),
        "workers": info.get("workers"),
        "model": info.get("model"),
        "replay": info.get("replay"),
    }


def build_report(
    judged: Judged,
    frame: Frame,
    results: list[GateResult],
    redactor: Redactor,
    regress: dict[str, Any] | None = None,
    collapse: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The report.json object: ``results`` are the evaluated gates, ``regress`` the regressions against
    a baseline run, ``collapse`` the collapse analysis."""
    every = np.ones(len(frame), dtype=bool)
    steps = _steps(judged, frame)
    parity = _parity(judged)
    failed = [r for r in results if not r.passed]
    report = {
        "format": FORMAT,
        "version": VERSION,
        "generated": time.time(),
        "replay": __version__,
        "run": _run_info(judged),
        "verdict": "fail" if failed else "pass",
        "exit_code": 1 if failed else 0,
        "classes": list(CLASSES),
        "precedence": list(PRECEDENCE),
        "totals": {**_cell(frame, every), "goodput": frame.goodput(every)},
        "latency": {w: latency_stats(getattr(frame, w)[frame.sent(every)]) for w in ("latency", "service", "ttft")},
        "retry_amplification": frame.retry_amplification(every),
        "steps": steps,
        "families": _by(frame, "family"),
        "endpoints": _by(frame, "endpoint"),
        "family_step": _cross(frame, "family"),
        "endpoint_step": _cross(frame, "endpoint"),
        "collapse": collapse,
        "parity": parity,
        "baseline": {"compared": judged.baseline, "noise": judged.noise.as_dict()},
        "findings": findings(judged, frame, steps, parity, collapse),
        "examples": worst_examples(judged, redactor),
        "gates": [r.as_dict() for r in results],
        "regressions": regress,
        "notes": list(judged.notes),
    }
    return report
