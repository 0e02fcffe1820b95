"""The short terminal summary: verdict, gates, findings, steps and families, with rich."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table

from replay.config.loader import format_duration
from replay.judge import FailureClass
from replay.report.sections import ReportDoc

__all__ = ["pct", "print_summary", "secs"]

F = FailureClass


def pct(x: float | None) -> str:
    return "-" if x is None else f"{x * 100:.1f}%"


def secs(x: float | None) -> str:
    return format_duration(x)


def _top(rates: dict[str, float | None], n: int = 3) -> str:
    items = sorted(((c, r) for c, r in rates.items() if c != F.OK and r), key=lambda cr: -cr[1])
    return ", ".join(f"{c} {pct(r)}" for c, r in items[:n]) or "-"


def print_summary(report: ReportDoc | Mapping[str, Any], out_dir: Path, console: Console | None = None) -> None:
    """Print the verdict, gates, findings and per-step and per-family figures (of a report, or of
    report.json as read)."""
    doc = report if isinstance(report, ReportDoc) else ReportDoc.from_json(report)
    c = console or Console()
    run, totals = doc.run, doc.totals.cell
    verdict = "[bold green]PASS[/]" if doc.verdict == "pass" else "[bold red]FAIL[/]"
    c.print(
        f"{verdict} {run.name or 'rehearsal'} · run {run.id} · target {run.target} · "
        f"{totals.sent:,} sent, ok {pct(totals.rates[F.OK])}, p99 {secs(doc.latency.latency.p99)}"
    )
    if doc.gates:
        t = Table("gate", "value", "", box=box.SIMPLE_HEAD, title="Gates", title_justify="left")
        for g in doc.gates:
            mark = "[green]pass[/]" if g.passed else "[red]FAIL[/]"
            seg = ", ".join(f"{s.family} {s.value * 100:.0f}%" for s in g.segments[:3])
            note = f" [yellow](over it in {seg})[/]" if seg and g.gate.key.startswith(("rate", "goodput")) else ""
            t.add_row(g.gate.name, g.shown + note, mark)
        c.print(t)
    for f in doc.findings[:10]:
        color = {"fail": "red", "warn": "yellow"}.get(f.severity, "cyan")
        c.print(f"[{color}]•[/] [bold]{f.title}[/]: {f.detail}")
    c.print(_steps(doc))
    fams = Table("family", "sent", "ok", "worst classes", "p99", box=box.SIMPLE_HEAD)
    for f in sorted(doc.families, key=lambda f: f.cell.rates[F.OK] if f.cell.rates[F.OK] is not None else 1):
        rates = f.cell.rates
        fams.add_row(f.name, f"{f.cell.sent:,}", pct(rates[F.OK]), _top(rates), secs(f.latency.p99))
    c.print(fams)
    for note in doc.notes:
        c.print(f"[dim]note: {note}[/]")
    c.print(f"report: {out_dir / 'report.html'} · {out_dir / 'report.json'} · {out_dir / 'junit.xml'}")


def _steps(doc: ReportDoc) -> Table:
    steps = Table(
        "step", "load", "sent", "goodput", "fallback", "timeout", "error", "p99", "amplif.", box=box.SIMPLE_HEAD
    )
    for s in doc.steps:
        r = s.cell.rates
        amp = "-" if s.retry_amplification is None else f"{s.retry_amplification:.2f}"
        bound = " [yellow](generator-bound)[/]" if s.generator_bound else ""
        steps.add_row(
            str(s.step),
            s.label + bound,
            f"{s.cell.sent:,}",
            pct(s.goodput),
            pct(r[F.FALLBACK]),
            pct(r[F.TIMEOUT]),
            pct(r[F.ERROR]),
            secs(s.latency.p99),
            amp,
        )
    return steps
