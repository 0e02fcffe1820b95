"""The cost section of a report: dollars per request, per 1,000 requests, per step, family, model and
fallback path, and what retries and fallbacks added (``replay.judge.cost`` says how each is counted).

Rows by path (``[checks] path``) also carry what the fallback rehearsal reads per path: its share of the
answers, latency, time to first token, output tokens and drift against production.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from replay.config.loader import format_duration
from replay.judge.classes import FailureClass
from replay.judge.frame import Frame
from replay.util.records import JsonRecord
from replay.util.stats import quantiles

__all__ = [
    "COST_HEAD", "CostRow", "Costs", "cost_cells", "cost_row", "cost_summary", "costs_section", "figure_cells", "money",
]  # fmt: skip

SCOPES = ("step", "family", "endpoint", "model", "path")


@dataclass(slots=True)
class CostRow(JsonRecord):
    """Cost and the figures beside it for one segment (``scope`` total, step, family, endpoint, model, path,
    or step_path: a step's rows answered by one path, named STEP/PATH, ``share`` of the step's rows)."""

    scope: str
    name: str
    requests: int  # rows sent
    share: float  # of the run's rows sent
    priced: int  # rows with a cost (model and tokens known and priced)
    cost: float | None  # dollars over the rows sent
    per_request: float | None
    per_1k: float | None
    latency_p50: float | None
    latency_p90: float | None
    ttft_p50: float | None
    tokens_out_p50: float | None
    drift: float | None  # share of rows sent classed drift


@dataclass(slots=True)
class Costs(JsonRecord):
    """The run's cost: per segment, retries' and fallbacks' share, the baseline run's per 1,000."""

    prices_date: str | None  # when the shipped list prices were written down (check them)
    total: float
    per_1k: float | None
    retry_cost: float  # answers' cost times the extra upstream calls behind them
    fallback_cost: float  # rows answered off the primary path (or classed fallback)
    unpriced_models: list[str]  # models that answered without a price
    baseline_per_1k: float | None = None  # the --baseline run's, where given
    rows: list[CostRow] = field(default_factory=list)


def cost_row(frame: Frame, scope: str, name: str, m: np.ndarray, sent_all: int) -> CostRow:
    """The cost and the figures beside it of the rows in ``m`` (``share``: of ``sent_all`` rows)."""
    s = frame.sent(m)
    n = int(s.sum())
    spent = frame.cost_of(m)
    lat = quantiles(frame.latency[s], (50, 90))
    drift = frame.rate(m, (FailureClass.DRIFT,)) if n else None
    return CostRow(
        scope,
        name,
        n,
        n / sent_all if sent_all else 0.0,
        spent[1] if spent else 0,
        spent[0] if spent else None,
        spent[0] / n if spent and n else None,
        frame.cost_per_1k(m),
        lat["p50"],
        lat["p90"],
        quantiles(frame.ttft[s], (50,))["p50"],
        quantiles(frame.column("tokens_out")[s], (50,))["p50"],
        drift,
    )


def _step_paths(frame: Frame) -> list[CostRow]:
    """Each step's rows per fallback path (``step_path``, named STEP/PATH; share of the step's rows)."""
    if frame.path is None or all(p is None for p in frame.path):
        return []
    out = []
    paths = list(dict.fromkeys(p for p in frame.path.tolist() if p is not None))
    for step in frame.values("step"):
        sm = frame.step == step
        in_step = int(frame.sent(sm).sum())
        for p in paths:
            out.append(cost_row(frame, "step_path", f"{step}/{p}", sm & (frame.path == p), in_step))
    return out


def costs_section(frame: Frame, prices_date: str | None, base: Frame | None = None) -> Costs | None:
    """The cost section (None when no row was priced)."""
    every = np.ones(len(frame), dtype=bool)
    spent = frame.cost_of(every)
    if spent is None:
        return None
    sent_all = int(frame.sent(every).sum())
    rows = [cost_row(frame, "total", "all", every, sent_all)]
    for scope in SCOPES:
        col = getattr(frame, scope)
        if col is None or all(v is None for v in col):
            continue
        for v in dict.fromkeys(col.tolist()) if scope != "step" else frame.values("step"):
            label = "unknown" if v is None else str(v)
            rows.append(cost_row(frame, scope, label, np.array([x == v for x in col], dtype=bool), sent_all))
    rows += _step_paths(frame)
    cost = frame.column("cost")
    unpriced = sorted({str(m) for m, c, s in zip(frame.model, cost, frame.sent(every), strict=True)
                       if s and m is not None and c != c})  # fmt: skip
    return Costs(
        prices_date,
        spent[0],
        frame.cost_per_1k(every),
        frame.retry_cost(every),
        frame.fallback_cost(every),
        unpriced,
        base.cost_per_1k(np.ones(len(base), dtype=bool)) if base is not None else None,
        rows,
    )


COST_HEAD = [
    "segment", "requests", "share", "$ total", "$ / request", "$ / 1k", "latency p50", "latency p90",
    "TTFT p50", "out tok p50", "drift",
]  # fmt: skip


def money(x: float | None) -> str:
    return "-" if x is None else f"${x:,.2f}" if x >= 1 else f"${x:.4f}" if x >= 0.0001 else f"${x:.6f}"


def cost_cells(row: CostRow) -> list[str]:
    """One row of the cost table as text (the terminal and the HTML share it; a step's rows by path are in the
    fallback paths' table, not this one)."""
    label = "all" if row.scope == "total" else f"{row.scope} {row.name}"
    dollars = (money(row.cost), money(row.per_request), money(row.per_1k))
    return [label, f"{row.requests:,}", f"{row.share * 100:.1f}%", *dollars, *figure_cells(row)]


class Figures(Protocol):
    """A segment's figures beside its cost (a cost row, a fallback path's row)."""

    latency_p50: float | None
    latency_p90: float | None
    ttft_p50: float | None
    tokens_out_p50: float | None
    drift: float | None


def figure_cells(row: Figures) -> list[str]:
    """Latency p50 and p90, TTFT p50, output tokens p50 and drift as text (cost and path rows)."""
    t = [format_duration(v) if v is not None else "-" for v in (row.latency_p50, row.latency_p90, row.ttft_p50)]
    tok = "-" if row.tokens_out_p50 is None else f"{row.tokens_out_p50:,.0f}"
    return [*t, tok, "-" if row.drift is None else f"{row.drift * 100:.1f}%"]


def cost_summary(c: Costs) -> str:
    """One line: per 1,000 requests, retries' and fallbacks' cost, the baseline's, the prices' date."""
    parts = [f"{money(c.per_1k)} per 1,000 requests ({money(c.total)} in all)"]
    parts.append(f"retries {money(c.retry_cost)}, fallbacks {money(c.fallback_cost)}")
    paths = [r for r in c.rows if r.scope == "path" and r.per_1k is not None]
    if len(paths) > 1:
        parts.append("per path " + ", ".join(f"{r.name} {money(r.per_1k)}" for r in paths) + " per 1,000")
    if c.baseline_per_1k is not None:
        parts.append(f"baseline {money(c.baseline_per_1k)} per 1,000")
    if c.unpriced_models:
        parts.append(f"no price for {', '.join(c.unpriced_models)} (add it to [prices])")
    if c.prices_date:
        parts.append(f"list prices of {c.prices_date}: check them")
    return "; ".join(parts)
