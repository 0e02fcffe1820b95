"""The report's plots, drawn with matplotlib (Agg) as inline SVG: the HTML needs no network nor files.

latency_and_goodput   corrected p50/p90/p99 and service p99 per step, availability and goodput on a second axis
class_mix(by)         the failure-class mix per family or per step, stacked bars
latency_distribution  ECDF of corrected and service latency (log scale)
rate_latency          latency, TTFT and ITL (p50, p99) against offered rate, the knee and the capacity marked
rate_goodput          goodput and availability (shares) and goodput per second against offered rate
pareto_view           goodput per second against p99 per step, repetition or probe, the Pareto-optimal ringed
cost_per_family       dollars per 1,000 requests per family, the run's and the baseline's as lines
"""

from __future__ import annotations

import functools
import io
import logging
import re
import warnings
from typing import TYPE_CHECKING, Any

import numpy as np

from replay.judge import FailureClass
from replay.report.costs import Costs
from replay.report.curves import Curves, RatePoint, log_rates
from replay.report.sections import Segment, StepRow

if TYPE_CHECKING:
    from types import ModuleType

__all__ = [
    "COLORS",
    "class_mix",
    "color",
    "cost_per_family",
    "latency_and_goodput",
    "latency_distribution",
    "pareto_view",
    "rate_goodput",
    "rate_latency",
]

F = FailureClass
COLORS: dict[str, str] = {
    F.OK: "#4caf50",
    F.SLOW: "#cddc39",
    F.TIMEOUT: "#b71c1c",
    F.ERROR: "#e53935",
    F.REJECTED: "#ff7043",
    F.TRUNCATED: "#8e24aa",
    F.FALLBACK: "#ffb300",
    F.REFUSAL: "#5e35b1",
    F.EMPTY: "#9e9e9e",
    F.INVALID: "#6d4c41",
    F.DRIFT: "#1e88e5",
}
OTHER = "#78909c"  # a class a scenario declares


@functools.cache
def _pyplot() -> ModuleType:
    """matplotlib's pyplot on Agg, set up once, when a report first draws: imported with this module it cost
    every process that loads the report ~1 CPU-s (each pytest worker's collection, ``replay report --no-plots``)."""
    # Where the home's configuration directory cannot be written (a read-only HOME, an unwritable
    # MPLCONFIGDIR), matplotlib says so through logging before any line of the report's, and keeps its font
    # cache in a temporary directory instead: the plots need nothing from either, and the report works on.
    logging.getLogger("matplotlib").setLevel(logging.ERROR)
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update({"font.size": 9, "svg.fonttype": "path", "figure.dpi": 96})
    return plt


def color(cls: str) -> str:
    """The colour of a class in every plot and legend (grey for one a scenario declares)."""
    return COLORS.get(cls, OTHER)


def _svg(fig: Any, name: str) -> str:
    """The figure as inline SVG; its element ids are salted with ``name`` (matplotlib salts them with a random
    uuid otherwise): the same run draws the same report, and two plots of one page never share an id."""
    buf = io.StringIO()
    plt = _pyplot()
    with warnings.catch_warnings(), plt.rc_context({"svg.hashsalt": name}):
        # A family or step named in a script the font lacks (日本語) is drawn as boxes in the plot, and in
        # full in the report's tables: said by matplotlib once per glyph, on the report's stderr.
        warnings.filterwarnings("ignore", r"Glyph \d+ .* missing from font", UserWarning)
        fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Creator": None, "Date": None})
    plt.close(fig)
    text = buf.getvalue()
    return re.sub(r"^.*?(<svg)", r"\1", text, count=1, flags=re.S)  # drop the XML prolog and DOCTYPE


def latency_and_goodput(steps: list[StepRow]) -> str:
    fig, ax = _pyplot().subplots(figsize=(6.4, 3.4))
    x = np.arange(len(steps))
    labels = [f"{s.step}\n{s.label}" for s in steps]
    for key, which, style in (
        ("p50", "latency", "-"),
        ("p90", "latency", "-"),
        ("p99", "latency", "-"),
        ("p99", "service", "--"),
    ):
        stats = [getattr(getattr(s, which), key) for s in steps]
        y = [np.nan if v is None else v for v in stats]
        ax.plot(x, y, style, marker="o", label=f"{which} {key}")
    ax.set_ylabel("seconds")
    if any(s.latency.p99 for s in steps):
        _plain_log(ax, "y", minor=True)
    ax.set_xticks(x, labels)
    ax.set_title("Latency percentiles, availability and goodput per step")
    ax2 = ax.twinx()
    ax2.bar(x, [100 * (s.availability or 0.0) for s in steps], alpha=0.12, color="#90a4ae", label="availability %")
    ax2.bar(x, [100 * (s.goodput or 0.0) for s in steps], alpha=0.18, color=COLORS[F.OK], label="goodput %")
    ax2.set_ylim(0, 105)
    ax2.set_ylabel("% of offered rows")
    ax.set_zorder(ax2.get_zorder() + 1)
    ax.patch.set_visible(False)
    lines, names = ax.get_legend_handles_labels()
    bars, bar_names = ax2.get_legend_handles_labels()
    ax.legend(lines + bars, names + bar_names, loc="upper left", fontsize=7)
    return _svg(fig, "latency_and_goodput")


def class_mix(rows: list[StepRow] | list[Segment], title: str, precedence: list[str]) -> str:
    """Stacked horizontal bars of class rates, one bar per row (a step by its label, a segment by its name)."""
    rows = [r for r in rows if r.cell.sent]  # type: ignore[assignment]
    fig, ax = _pyplot().subplots(figsize=(6.4, 0.45 * max(len(rows), 3) + 1.2))
    names = [(r.label or str(r.step)) if isinstance(r, StepRow) else r.name for r in rows]
    left = np.zeros(len(rows))
    for cls in reversed(precedence):  # ok first, at the left
        width = np.array([100 * (r.cell.rates.get(cls) or 0.0) for r in rows])
        if width.any():
            ax.barh(names, width, left=left, color=color(cls), label=cls)
            left += width
    ax.set_xlim(0, 100)
    ax.invert_yaxis()
    ax.set_xlabel("% of rows sent")
    ax.set_title(title)
    if ax.get_legend_handles_labels()[0]:
        ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.08), ncol=6, fontsize=7, frameon=False)
    return _svg(fig, "class_mix")


def latency_distribution(latency: np.ndarray, service: np.ndarray) -> str:
    fig, ax = _pyplot().subplots(figsize=(6.4, 3.2))
    for name, v in (("corrected latency", latency), ("service time", service)):
        v = np.sort(v[~np.isnan(v)])
        if len(v):
            ax.step(np.maximum(v, 1e-4), np.arange(1, len(v) + 1) / len(v), where="post", label=name)
    ax.set_xscale("log")
    ax.set_xlabel("seconds")
    ax.set_ylabel("share of requests at or below")
    ax.set_title("Latency distribution (ECDF)")
    ax.grid(alpha=0.3)
    if ax.get_legend_handles_labels()[0]:
        ax.legend(loc="lower right", fontsize=7)
    return _svg(fig, "latency_distribution")


def _seconds_axis(ax: Any, values: list[float]) -> None:
    """Log seconds with plain tick labels when the values span more than 10x."""
    v = [x for x in values if x and x > 0]
    if v and max(v) > 10 * min(v):
        _plain_log(ax, "y")


def _plain_log(ax: Any, which: str, minor: bool = False) -> None:
    """A log scale on the ``which`` axis ("x" or "y") whose ticks read as plain numbers (0.5, 2, not 10^0), its minor
    ticks labelled so too where ``minor``, else unlabelled."""
    from matplotlib import ticker  # loaded with pyplot (``_pyplot``), when a report first draws

    getattr(ax, f"set_{which}scale")("log")
    axis = getattr(ax, f"{which}axis")
    plain = ticker.FuncFormatter(lambda v, _: f"{v:g}")
    axis.set_major_formatter(plain)
    axis.set_minor_formatter(plain if minor else ticker.NullFormatter())


def _marks(ax: Any, c: Curves, label: bool) -> None:
    """The capacity (and its bracket) or the collapse step's rate, as vertical lines."""
    if c.bracket is not None:
        ax.axvspan(*c.bracket, color=COLORS[F.OK], alpha=0.12, label="capacity bracket" if label else None)
    if c.capacity is not None:
        ax.axvline(c.capacity, color="#2e7d32", ls="--", lw=1.2, label=f"capacity {c.capacity:g}/s" if label else None)
    if c.collapse is not None:
        ax.axvline(c.collapse, color="#c62828", ls=":", lw=1.2, label=f"collapse {c.collapse:g}/s" if label else None)


def _rate_axis(ax: Any, points: list[RatePoint]) -> None:
    if log_rates(points):
        _plain_log(ax, "x")
        ax.set_xticks([p.rate for p in points])
    ax.set_xlabel("offered rate (requests/s)")
    ax.grid(alpha=0.3)


def rate_latency(c: Curves) -> str:
    """Latency, and for streams TTFT and ITL, against offered rate: p50 and p99, knee and capacity marked."""
    pts = c.points
    panels = [("latency", "p50", "p99")]
    if any(p.ttft_p50 is not None for p in pts):
        panels.append(("TTFT", "ttft_p50", "ttft_p99"))
    if any(p.itl_p50 is not None for p in pts):
        panels.append(("ITL", "itl_p50", "itl_p99"))
    fig, axes = _pyplot().subplots(len(panels), 1, figsize=(6.4, 1.2 + 1.9 * len(panels)), sharex=True, squeeze=False)
    x = [p.rate for p in pts]
    for k, (ax, (name, lo, hi)) in enumerate(zip(axes[:, 0], panels, strict=True)):
        ys = {q: [np.nan if getattr(p, q) is None else getattr(p, q) for p in pts] for q in (lo, hi)}
        ax.plot(x, ys[lo], "-o", ms=4, label=f"{name} p50")
        ax.plot(x, ys[hi], "-o", ms=4, label=f"{name} p99")
        _seconds_axis(ax, ys[lo] + ys[hi])
        ax.set_ylabel(f"{name} (s)")
        _marks(ax, c, k == 0)
        if k == 0:
            failed = [p for p in pts if p.passed is False and p.p99 is not None]
            if failed:
                ax.plot([p.rate for p in failed], [p.p99 for p in failed], "x", color="#c62828", ms=8,
                        label="probe broke a gate")  # fmt: skip
            if c.knee is not None and c.knee.p99 is not None:
                ax.plot([c.knee.rate], [c.knee.p99], "o", mfc="none", mec="#000", ms=12, mew=1.5,
                        label=f"knee {c.knee.rate:g}/s")  # fmt: skip
            ax.set_title("Latency against offered rate")
        ax.legend(loc="upper left", fontsize=7)
        _rate_axis(ax, pts)
        if k < len(panels) - 1:
            ax.set_xlabel("")
    return _svg(fig, "rate_latency")


def rate_goodput(c: Curves) -> str:
    """Goodput and availability (shares of offered rows) and goodput per second against offered rate."""
    pts = c.points
    fig, ax = _pyplot().subplots(figsize=(6.4, 3.4))
    x = [p.rate for p in pts]
    for name, key, col in (("availability", "availability", "#607d8b"), ("goodput", "goodput", COLORS[F.OK])):
        ax.plot(x, [np.nan if getattr(p, key) is None else 100 * getattr(p, key) for p in pts], "-o", ms=4,
                color=col, label=f"{name} %")  # fmt: skip
    ax.set_ylim(0, 105)
    ax.set_ylabel("% of offered rows")
    _marks(ax, c, True)
    _rate_axis(ax, pts)
    ax2 = ax.twinx()
    ax2.plot(x, [np.nan if p.throughput is None else p.throughput for p in pts], "--s", ms=3, color="#1e88e5",
             label="goodput (ok requests/s)")  # fmt: skip
    ax2.plot(x, x, ":", color="#9e9e9e", lw=1, label="offered (requests/s)")
    ax2.set_ylim(bottom=0)
    ax2.set_ylabel("requests/s")
    lines, names = ax.get_legend_handles_labels()
    more, more_names = ax2.get_legend_handles_labels()
    ax.legend(lines + more, names + more_names, loc="center left", fontsize=7)
    ax.set_title("Goodput and availability against offered rate")
    return _svg(fig, "rate_goodput")


def pareto_view(c: Curves) -> str:
    """Goodput per second against p99, one point per step, repetition or probe; the Pareto-optimal ringed."""
    pts = [p for p in c.pareto if p.throughput is not None and p.p99 is not None]
    fig, ax = _pyplot().subplots(figsize=(6.4, 3.4))
    xy = ([p.throughput for p in pts], [p.p99 for p in pts])
    ax.scatter(*xy, s=22, color="#78909c", label="steps, repetitions or probes")
    best = c.optimal
    ax.plot([p.throughput for p in best], [p.p99 for p in best], "-o", color="#1565c0", mfc="none", ms=9, mew=1.5,
            label="Pareto-optimal")  # fmt: skip
    for p in best:
        ax.annotate(p.label, (p.throughput or 0.0, p.p99 or 0.0), textcoords="offset points", xytext=(5, 4), fontsize=7)
    _seconds_axis(ax, [p.p99 or 0.0 for p in pts])
    ax.set_xlabel("goodput (ok requests/s)")
    ax.set_ylabel("p99 latency (s)")
    ax.grid(alpha=0.3)
    ax.legend(loc="best", fontsize=7)
    ax.set_title("Throughput against p99 (lower right is better)")
    return _svg(fig, "pareto_view")


def cost_per_family(costs: Costs) -> str:
    """Dollars per 1,000 requests per family; the run's (and the baseline run's) as vertical lines."""
    rows = [r for r in costs.rows if r.scope == "family" and r.per_1k is not None]
    fig, ax = _pyplot().subplots(figsize=(6.4, 0.4 * max(len(rows), 3) + 1.3))
    names = [r.name for r in rows]
    values = [r.per_1k or 0.0 for r in rows]
    bars = ax.barh(names, values, color="#7e57c2", alpha=0.8)
    ax.bar_label(bars, labels=[f"${v:,.2f}" if v >= 1 else f"${v:.3f}" for v in values], padding=3, fontsize=7)
    if costs.per_1k is not None:
        ax.axvline(costs.per_1k, color="#000", ls="--", lw=1, label=f"run ${costs.per_1k:,.2f}")
    if costs.baseline_per_1k is not None:
        base = costs.baseline_per_1k
        ax.axvline(base, color="#ef6c00", ls=":", lw=1.2, label=f"baseline ${base:,.2f}")
    ax.invert_yaxis()
    ax.set_xlim(0, max([*values, costs.per_1k or 0.0, costs.baseline_per_1k or 0.0]) * 1.25 or 1.0)
    ax.set_xlabel("$ per 1,000 requests")
    ax.legend(loc="lower right", fontsize=7)
    ax.set_title("Cost per 1,000 requests per family")
    return _svg(fig, "cost_per_family")
