"""Gates: k6-style thresholds in a scenario's ``[gates]``; all hold -> exit 0, any fails -> exit 1.

    [gates]
    "p99" = "< 4s"                          # corrected latency; also p50, p(95), p99.9, avg, med, min, max
    "service_p99" = "< 2s"                  # service time (ttft_p90: first token of streams)
    "rate(timeout)" = "< 1%"                # share of rows sent in a class; rate(error|timeout), rate(fail)
    "rate(fallback){family=long}" = "< 5%"  # per family, step or endpoint: {family=long, step=3}
    "goodput{step=3}" = "> 95%"             # ok rows over offered rows
    "retry_amplification" = "< 1.5"         # upstream calls per client request
    "count(invalid)" = "== 0"
    "regressions" = "== 0"                  # flagged against --baseline OTHER_RUN
    "p99{endpoint=POST /api/assist}" = ["< 4s", "< 6s"]   # several thresholds: each is a gate

Operators ``<  <=  >  >=  ==  !=``; units ``ms s m`` for latencies, ``%`` for shares (or a
fraction 0..1). A malformed gate, or one naming a metric, class, family, step or endpoint the run
does not have, is bad input (exit 2), never a pass. A gate without a family also reports the
families it would fail in (``segments``): a failing segment stays visible under a passing total.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from replay.errors import BadInput
from replay.judge import CLASSES, NOT_SENT

__all__ = ["Gate", "GateResult", "evaluate", "format_value", "parse_gate", "parse_gates"]

OPS: dict[str, Callable[[float, float], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
}
TAGS = ("family", "step", "endpoint")
SEGMENT_MIN_ROWS = 5  # families with fewer rows sent are too small to call failing
_THRESHOLD = re.compile(r"\s*(<=|>=|==|!=|<|>)\s*(-?\d+(?:\.\d+)?)\s*(ms|s|m|%)?\s*")
_QUANTILE = re.compile(r"(?:(latency|service|ttft)_)?(?:p\(?(\d+(?:\.\d+)?)\)?|(avg|med|min|max))")
_CALL = re.compile(r"(rate|count)\(([a-z_|, ]+)\)")
_KEY = re.compile(r"([^{}]+?)\s*(?:\{([^{}]*)\})?")
_TIME_UNITS = {"ms": 0.001, "s": 1.0, "m": 60.0, None: 1.0}
_FAIL_NAMES = {"fail", "failed", "failure", "failures"}


@dataclass(frozen=True)
class Gate:
    """One threshold on one metric of one segment."""

    key: str  # as written, e.g. 'rate(fallback){family=long}'
    text: str  # as written, e.g. '< 5%'
    metric: str  # quantile | rate | count | goodput | retry_amplification | regressions
    column: str = "latency"  # quantile: latency | service | ttft
    q: float | str | None = None  # quantile: 0..1, or avg | min | max
    classes: tuple[str, ...] = ()  # rate, count
    tags: tuple[tuple[str, str], ...] = ()
    op: str = "<"
    threshold: float = 0.0

    @property
    def name(self) -> str:
        return f"{self.key} {self.text.strip()}"

    @property
    def unit(self) -> str:
        return {"quantile": "s", "rate": "%", "goodput": "%"}.get(self.metric, "")

    def tag(self, name: str) -> str | None:
        return dict(self.tags).get(name)


def _classes(arg: str) -> tuple[str, ...]:
    out: list[str] = []
    for name in re.split(r"[|,]", arg):
        name = name.strip()
        if name in _FAIL_NAMES:
            out.extend(c for c in CLASSES if c != "ok")
        elif name in (*CLASSES, NOT_SENT):
            out.append(name)
        else:
            raise ValueError(f"unknown class {name!r}; classes: {', '.join(CLASSES)}, {NOT_SENT}, fail")
    return tuple(dict.fromkeys(out))


def _metric(name: str) -> dict[str, Any]:
    m = _QUANTILE.fullmatch(name)
    if m:
        column, p, agg = m.group(1) or "latency", m.group(2), m.group(3)
        if p is not None:
            q = round(float(p) / 100.0, 9)
            if not 0.0 < q <= 1.0:
                raise ValueError(f"percentile {p} is outside 0..100")
            return {"metric": "quantile", "column": column, "q": q}
        return {"metric": "quantile", "column": column, "q": {"med": 0.5}.get(agg, agg)}
    m = _CALL.fullmatch(name)
    if m:
        return {"metric": m.group(1), "classes": _classes(m.group(2))}
    if name in ("goodput", "retry_amplification", "regressions"):
        return {"metric": name}
    raise ValueError(
        f"unknown metric {name!r}; use p99, p(95), service_p99, ttft_p90, avg, max, rate(CLASS), count(CLASS), "
        "goodput, retry_amplification or regressions"
    )


def _tags(text: str | None) -> tuple[tuple[str, str], ...]:
    out: dict[str, str] = {}
    for part in (text or "").split(","):
        if not part.strip():
            continue
        m = re.fullmatch(r"\s*(\w+)\s*[=:]\s*(.*?)\s*", part)
        if m is None or not m.group(2):
            raise ValueError(f"tag {part.strip()!r} is not name=value")
        name, value = m.groups()
        if name not in TAGS:
            raise ValueError(f"unknown tag {name!r}; tags: {', '.join(TAGS)}")
        if name == "step" and not value.isdigit():
            raise ValueError(f"step {value!r} is not a step number")
        out[name] = value
    return tuple(out.items())


def parse_gate(key: str, text: str) -> Gate:
    """One gate from its key and threshold text; ValueError says what is wrong."""
    m = _KEY.fullmatch(key.strip())
    if not m:
        raise ValueError("write METRIC or METRIC{tag=value}, e.g. 'rate(fallback){family=long}'")
    parts = _metric(m.group(1).strip())
    t = _THRESHOLD.fullmatch(text)
    if not t:
        raise ValueError(f"threshold {text!r} is not 'OP VALUE', e.g. '< 4s', '< 1%', '> 95%', '< 1.5'")
    op, number, unit = t.group(1), float(t.group(2)), t.group(3)
    metric = parts["metric"]
    if metric == "quantile":
        if unit == "%":
            raise ValueError(f"{text!r}: a latency takes ms, s or m, not %")
        number *= _TIME_UNITS[unit]
    elif metric in ("rate", "goodput"):
        if unit == "%":
            number /= 100.0
        elif unit is not None:
            raise ValueError(f"{text!r}: a share takes % or a fraction, not {unit}")
        if not 0.0 <= number <= 1.0:
            raise ValueError(f"{text!r}: a share is 0..1 (or 0%..100%)")
    elif unit is not None:
        raise ValueError(f"{text!r}: {metric} is a plain number; drop the {unit}")
    return Gate(key=key, text=text, **parts, tags=_tags(m.group(2)), op=op, threshold=number)


def parse_gates(gates: dict[str, str | list[str]], where: str = "scenario") -> list[Gate]:
    """Every gate of a ``[gates]`` table; BadInput names the file and the key."""
    out = []
    for key, texts in gates.items():
        for text in [texts] if isinstance(texts, str) else texts:
            try:
                out.append(parse_gate(key, text))
            except ValueError as e:
                raise BadInput(f'{where}: gates."{key}": {e}') from None
    return out


def format_value(gate: Gate, value: float | None) -> str:
    if value is None:
        return "no data"
    if gate.unit == "s":
        return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"
    if gate.unit == "%":
        return f"{value * 100:.2f}%"
    return f"{value:g}" if gate.metric != "retry_amplification" else f"{value:.2f}"


@dataclass
class GateResult:
    gate: Gate
    value: float | None
    passed: bool
    rows: int  # rows sent in the gate's segment
    segments: list[dict[str, Any]] = field(default_factory=list)  # families where the gate would fail

    @property
    def detail(self) -> str:
        shown = f"{self.gate.key} = {format_value(self.gate, self.value)} (threshold {self.gate.text.strip()})"
        if self.segments:
            worst = ", ".join(f"{s['family']} {format_value(self.gate, s['value'])}" for s in self.segments[:5])
            shown += f"; over it in family {worst}"
        return shown

    def as_dict(self) -> dict[str, Any]:
        g = self.gate
        return {
            "name": g.name,
            "metric": g.key,
            "threshold": g.text.strip(),
            "filters": dict(g.tags),
            "value": self.value,
            "shown": format_value(g, self.value),
            "passed": self.passed,
            "rows": self.rows,
            "segments": self.segments,
            "detail": self.detail,
        }


def _value(gate: Gate, frame: Any, m: np.ndarray, step: int | None, regressions: int | None) -> float | None:
    if gate.metric == "quantile":
        v = getattr(frame, gate.column)[frame.sent(m)]
        v = v[~np.isnan(v)]
        if not len(v):
            return None
        if isinstance(gate.q, float):
            return float(np.quantile(v, gate.q, method="inverted_cdf"))
        return float({"avg": np.mean, "min": np.min, "max": np.max}[str(gate.q)](v))
    if gate.metric == "rate":
        return frame.rate(m, gate.classes)
    if gate.metric == "count":
        return float(np.isin(frame.cls[m], gate.classes).sum())
    if gate.metric == "goodput":
        return frame.goodput(m)
    if gate.metric == "retry_amplification":
        return frame.retry_amplification(m, step)
    return None if regressions is None else float(regressions)


def _check_tags(gate: Gate, frame: Any, where: str) -> None:
    for name, value in gate.tags:
        known = [str(v) for v in frame.values(name)]
        if value not in known:
            raise BadInput(
                f'{where}: gates."{gate.key}": this run has no {name} {value!r}; it has {", ".join(known) or "none"}'
            )


def evaluate(
    gates: list[Gate], frame: Any, regressions: int | None = None, where: str = "scenario"
) -> list[GateResult]:
    """Each gate against a report Frame; BadInput for a segment the run lacks or a regressions gate
    without a baseline run."""
    out = []
    for gate in gates:
        _check_tags(gate, frame, where)
        if gate.metric == "regressions" and regressions is None:
            raise BadInput(f'{where}: gates."{gate.key}": needs a baseline run; give --baseline OTHER_RUN')
        step = int(gate.tag("step")) if gate.tag("step") is not None else None
        m = frame.mask(gate.tag("family"), step, gate.tag("endpoint"))
        value = _value(gate, frame, m, step, regressions)
        passed = value is not None and OPS[gate.op](value, gate.threshold)
        res = GateResult(gate, value, passed, int(frame.sent(m).sum()))
        if gate.tag("family") is None and gate.metric in ("quantile", "rate", "goodput"):
            for fam in frame.values("family"):
                fm = m & (frame.family == fam)
                if frame.sent(fm).sum() < SEGMENT_MIN_ROWS:
                    continue
                fv = _value(gate, frame, fm, step, regressions)
                if fv is not None and not OPS[gate.op](fv, gate.threshold):
                    res.segments.append({"family": fam, "value": fv, "rows": int(frame.sent(fm).sum())})
            res.segments.sort(key=lambda s: s["value"], reverse=gate.op in ("<", "<="))
        out.append(res)
    return out
