"""The report's plots, drawn with matplotlib (Agg) as inline SVG: the HTML needs no network nor files.

latency_and_goodput   corrected p50/p90/p99 and service p99 per step, availability and goodput on a second axis
class_mix(by)         the failure-class mix per family or per step, stacked bars
latency_distribution  ECDF of corrected and service latency (log scale)
"""

from __future__ import annotations

import io
import re
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
from matplotlib import ticker

from replay.judge import FailureClass
from replay.report.sections import Segment, StepRow

__all__ = ["COLORS", "class_mix", "color", "latency_and_goodput", "latency_distribution"]

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
plt.rcParams.update({"font.size": 9, "svg.fonttype": "path", "figure.dpi": 96})


def color(cls: str) -> str:
    """The colour of a class in every plot and legend (grey for one a scenario declares)."""
    return COLORS.get(cls, OTHER)


def _svg(fig: Any) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Creator": None, "Date": None})
    plt.close(fig)
    text = buf.getvalue()
    return re.sub(r"^.*?(<svg)", r"\1", text, count=1, flags=re.S)  # drop the XML prolog and DOCTYPE


def latency_and_goodput(steps: list[StepRow]) -> str:
    fig, ax = plt.subplots(figsize=(6.4, 3.4))
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
        ax.set_yscale("log")
        plain = ticker.FuncFormatter(lambda v, _: f"{v:g}")
        ax.yaxis.set_major_formatter(plain)
        ax.yaxis.set_minor_formatter(plain)
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
    return _svg(fig)


def class_mix(rows: list[StepRow] | list[Segment], title: str, precedence: list[str]) -> str:
    """Stacked horizontal bars of class rates, one bar per row (a step by its label, a segment by its name)."""
    rows = [r for r in rows if r.cell.sent]  # type: ignore[assignment]
    fig, ax = plt.subplots(figsize=(6.4, 0.45 * max(len(rows), 3) + 1.2))
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
    return _svg(fig)


def latency_distribution(latency: np.ndarray, service: np.ndarray) -> str:
    fig, ax = plt.subplots(figsize=(6.4, 3.2))
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
    return _svg(fig)
