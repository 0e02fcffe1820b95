"""The fallback chain's paths (``[checks] path``, e.g. ``header:x-fallback-path``): per path its share of
the answers in every step, latency, time to first token, output tokens, drift against production and cost
per 1,000 requests against the primary's, and in a sentence the fallback path's capacity when a search
ran: the highest rate at which it still carried the load, and what took over past it.

The fallback path is the path other than ``primary`` that answered the most rows not classed fallback
(the secondary model, not the canned apology, which the service marks as a fallback).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from replay.config.loader import format_duration
from replay.judge.capacity import Capacity, Probe
from replay.judge.classes import FailureClass
from replay.judge.frame import Frame
from replay.report.costs import cost_row, figure_cells, money
from replay.util.records import JsonRecord
from replay.util.stats import pct

__all__ = ["PATHS_HEAD", "PathRow", "Paths", "path_cells", "paths_head", "paths_section", "summarize"]

PRIMARY = "primary"


@dataclass(slots=True)
class PathRow(JsonRecord):
    """One path of the chain: what it answered and what that cost."""

    path: str
    requests: int  # rows sent that this path answered
    share: float  # of the run's rows sent
    steps: list[float | None]  # share of each step's rows sent, in the order of the report's steps
    latency_p50: float | None
    latency_p90: float | None
    ttft_p50: float | None
    tokens_out_p50: float | None
    drift: float | None  # share of its rows classed drift (answers unlike production's)
    per_1k: float | None  # dollars per 1,000 requests it answered (None: nothing priced)
    vs_primary: float | None  # per_1k over the primary path's


@dataclass(slots=True)
class Paths(JsonRecord):
    """report.json ``paths``: every path, which is primary and which the fallback, and the sentence."""

    primary: str | None
    fallback: str | None  # the path that takes over from the primary (None: none did)
    steps: list[int] = field(default_factory=list)  # the steps each row's ``steps`` shares are of
    rows: list[PathRow] = field(default_factory=list)
    summary: str = ""  # the fallback path's cost against the primary's and, after a search, its capacity


def paths_section(frame: Frame) -> Paths | None:
    """The paths of a run whose checks declare one (None otherwise)."""
    if frame.path is None or all(p is None for p in frame.path):
        return None
    every = np.ones(len(frame), dtype=bool)
    sent_all = int(frame.sent(every).sum())
    labels = [int(s) for s in frame.values("step")]
    steps = [frame.step == s for s in labels]
    names = list(dict.fromkeys(p for p in frame.path.tolist() if p is not None))
    rows, answered = [], {}
    for name in names:
        m = frame.path == name
        c = cost_row(frame, "path", name, m, sent_all)
        shares = [float(frame.sent(s & m).sum()) / n if (n := int(frame.sent(s).sum())) else None for s in steps]
        rows.append(PathRow(name, c.requests, c.share, shares, c.latency_p50, c.latency_p90, c.ttft_p50,
                            c.tokens_out_p50, c.drift, c.per_1k, None))  # fmt: skip
        answered[name] = int((frame.sent(m) & (frame.cls != FailureClass.FALLBACK)).sum())
    primary = PRIMARY if PRIMARY in names else None
    base = next((r.per_1k for r in rows if r.path == primary), None)
    for r in rows:
        r.vs_primary = r.per_1k / base if r.per_1k is not None and base else None
    others = [n for n in names if n != primary and answered[n]]
    fallback = max(others, key=lambda n: answered[n]) if others else None
    return Paths(primary, fallback, labels, rows, "")


def summarize(paths: Paths, capacity: Capacity | None) -> str:
    """The fallback path in words: its cost per 1,000 requests against the primary's and, after a capacity
    search, the highest rate at which it carried the load and what took over past it."""
    fb = paths.fallback
    if fb is None:
        return ""
    row = next(r for r in paths.rows if r.path == fb)
    parts = []
    base = next((r for r in paths.rows if r.path == paths.primary), None)
    if row.per_1k is not None:
        than = (f", {row.vs_primary:.1f}x the {base.path}'s {money(base.per_1k)}"
                if base is not None and row.vs_primary is not None else "")  # fmt: skip
        parts.append(f"the fallback path ({fb}) costs {money(row.per_1k)} per 1,000 requests it answers{than}")
    if capacity is not None and any(p.paths for p in capacity.probes):
        parts.append(_capacity_words(fb, capacity))
    text = "; ".join(parts)
    return text[:1].upper() + text[1:] + ("." if text else "")


def _capacity_words(fb: str, cap: Capacity) -> str:
    """What the search says about the fallback path: where it held, and what took over where it broke."""
    lo, hi = cap.bracket
    under = f"with {cap.faults}, " if cap.faults else ""
    at_lo, at_hi = cap.probe_at(lo), cap.probe_at(hi)
    if at_hi is None:
        held = f" ({pct(at_lo.paths.get(fb))} of the answers)" if at_lo is not None else ""
        return f"{under}it carried every probe up to {lo:g} requests/s, the search's max{held}"
    took = _took_over(fb, at_lo, at_hi)
    past = f"at {hi:g} requests/s {took}{at_hi.broke} broke first"
    if at_lo is None:
        return f"{under}no rate held every gate: {past}"
    return (
        f"{under}its capacity is {lo:g} requests/s ({fb} answered {pct(at_lo.paths.get(fb))}; bracket "
        f"{lo:g}..{hi:g} over {len(cap.probes)} probes of {format_duration(cap.duration)}): {past}"
    )


def _took_over(fb: str, at_lo: Probe | None, at_hi: Probe) -> str:
    """ "the canned answer took 79% (from 0%), " : the path whose share grew most past the capacity."""
    before = at_lo.paths if at_lo is not None else {}
    grown = {p: s - before.get(p, 0.0) for p, s in at_hi.paths.items() if p != fb}
    if not grown or max(grown.values()) <= 0:
        return ""
    p = max(grown, key=lambda k: grown[k])
    return f"{p} answered {pct(at_hi.paths[p])} (from {pct(before.get(p, 0.0))}) and "


PATHS_HEAD = ["latency p50", "latency p90", "TTFT p50", "out tok p50", "drift", "$ / 1k"]


def paths_head(paths: Paths) -> list[str]:
    """The table's head: path, share, one column per step, then the figures."""
    return ["path", "share", *(f"step {i}" for i in paths.steps), *PATHS_HEAD]


def path_cells(row: PathRow) -> list[str]:
    """One row of the paths table as text (the terminal and the HTML share it)."""
    times = "" if row.vs_primary is None or row.path == PRIMARY else f" ({row.vs_primary:.1f}x)"
    steps = ["-" if not s else f"{s * 100:.1f}%" for s in row.steps]
    return [row.path, f"{row.share * 100:.1f}%", *steps, *figure_cells(row), money(row.per_1k) + times]
