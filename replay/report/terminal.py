"""The short terminal summary: verdict, gates, findings, steps and families, with rich."""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from pathlib import Path
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table

from replay.config.loader import format_duration
from replay.console import plain, rich_console
from replay.judge import FailureClass
from replay.report.costs import COST_HEAD, cost_cells, cost_summary
from replay.report.paths import path_cells, paths_head
from replay.report.sections import CUT_SHORT, NO_GATES, ReportDoc
from replay.report.streams import STREAM_HEAD, stream_cells
from replay.util import stats

__all__ = ["pct", "print_summary", "secs"]

pct = partial(stats.pct, digits=1)  # the terminal and the HTML tables print tenths of a percent

F = FailureClass


def secs(x: float | None) -> str:
    return format_duration(x)


def _top(rates: dict[str, float | None], n: int = 3) -> str:
    items = sorted(((c, r) for c, r in rates.items() if c != F.OK and r), key=lambda cr: -cr[1])
    return ", ".join(f"{c} {pct(r)}" for c, r in items[:n]) or "-"


def print_summary(report: ReportDoc | Mapping[str, Any], out_dir: Path, console: Console | None = None) -> None:
    """Print the verdict, gates, findings and per-step and per-family figures (of a report, or of
    report.json as read)."""
    doc = report if isinstance(report, ReportDoc) else ReportDoc.from_json(report)
    c = console or rich_console()
    _print_head(doc, c)
    if doc.gates:
        c.print(_gate_table(doc))
    for f in doc.findings[:10]:
        color = {"fail": "red", "warn": "yellow"}.get(f.severity, "cyan")
        c.print(f"[{color}]•[/] [bold]{plain(f.title)}[/]: {plain(f.detail)}")  # captured text inside
    if doc.signals:
        c.print(_signal_table(doc))
    c.print(_steps(doc))
    c.print(_family_table(doc))
    _print_extras(doc, c)
    for note in doc.notes:
        c.print(f"[dim]note: {plain(note)}[/]")
    c.print(f"report: {out_dir / 'report.html'} · {out_dir / 'report.json'} · {out_dir / 'junit.xml'}", markup=False)


def _print_head(doc: ReportDoc, c: Console) -> None:
    """The verdict line (the run, its totals), and what the retry amplification counts."""
    run, totals = doc.run, doc.totals.cell
    verdict = {"pass": "[bold green]PASS[/]", "fail": "[bold red]FAIL[/]", CUT_SHORT: "[bold yellow]CUT SHORT[/]"}.get(
        doc.headline, "[bold yellow]NO GATES[/]"
    )
    if doc.partial is not None:  # first: every figure below is of the part that ran
        c.print(f"[bold yellow]{plain(doc.partial.banner)}[/]")
    amp = doc.amplification
    c.print(
        f"{verdict} {plain(str(run.name or 'rehearsal'))} · {plain(doc.which)} · "
        f"target {plain(str(run.target))} · "
        f"{totals.sent:,} sent, ok {pct(totals.rates[F.OK])} {_ci(doc.totals.intervals.get(F.OK))}, "
        f"availability {pct(doc.totals.availability)} {_ci(doc.totals.intervals.get('availability'))}, "
        f"p99 {secs(doc.latency.latency.p99)}"
    )
    for each in doc.repeats.each if doc.repeats is not None else ():  # the banner's figures are pooled: each run's own
        c.print(f"  {plain(each.line)}", markup=False)
    if not doc.gates and doc.partial is None:  # cut short: the banner says the exit code
        c.print(f"[yellow]{plain(NO_GATES)}[/]")
    if amp.value is not None:
        apart = f", {amp.zero_call:,} requests without an upstream call counted apart" if amp.zero_call else ""
        c.print(f"[dim]retry amplification {amp.value:.2f}: {amp.definition} (from {amp.source}{apart})[/]")


def _gate_table(doc: ReportDoc) -> Table:
    """Each gate, its value (with its interval and the families over it), pass or fail, and a failure's cause."""
    t = Table("gate", "value", "", "cause", box=box.SIMPLE_HEAD, title="Gates", title_justify="left")
    for g in doc.gates:
        mark = "[green]pass[/]" if g.passed else "[red]FAIL[/]"
        if g.held is not None:
            mark = f"[yellow]{g.held.shown}[/]"
        seg = ", ".join(f"{s.family} {s.value * 100:.0f}%" for s in g.segments[:3])
        note = f" [yellow](over it in {seg})[/]" if seg and g.gate.unit in ("%", "x") else ""  # shares, ratios
        ci = f" [{g.interval_shown}]" if g.interval is not None else ""
        cause = plain(g.held.why if g.held is not None else "") if g.passed else plain(g.cause or "")
        t.add_row(plain(g.gate.name), plain(g.shown) + ci + note, mark, cause)
    return t


def _signal_table(doc: ReportDoc) -> Table:
    """The scenario's signals: their rates beside production's (a counted one fails nothing)."""
    sig = Table("signal", "source", "rate", "production", box=box.SIMPLE_HEAD)
    for s in doc.signals:
        sig.add_row(
            plain(s.signal) + ("" if s.fails else " (counted)"),
            plain(s.source),
            f"{pct(s.rate)} {_ci(s.interval)}",
            pct(s.production),
        )
    return sig


def _family_table(doc: ReportDoc) -> Table:
    """The prompt families, the worst first."""
    fams = Table("family", "sent", "ok", "worst classes", "p99", box=box.SIMPLE_HEAD)
    for f in sorted(doc.families, key=lambda f: f.cell.rates[F.OK] if f.cell.rates[F.OK] is not None else 1):
        rates = f.cell.rates
        fams.add_row(plain(f.name), f"{f.cell.sent:,}", pct(rates[F.OK]), _top(rates), secs(f.latency.p99))
    return fams


def _print_extras(doc: ReportDoc, c: Console) -> None:
    """What a run has only when it measured it: streams and tokens, cost, fallback paths, capacity."""
    if doc.streams:
        st = Table(*STREAM_HEAD, box=box.SIMPLE_HEAD, title="Streams and tokens", title_justify="left")
        for row in doc.streams:
            if row.scope != "endpoint":
                st.add_row(*(plain(x) for x in stream_cells(row)))
        c.print(st)
    if doc.costs is not None:
        ct = Table(*COST_HEAD, box=box.SIMPLE_HEAD, title="Cost", title_justify="left")
        for cr in doc.costs.rows:
            if cr.scope in ("total", "step", "model"):  # paths: their own table
                ct.add_row(*(plain(x) for x in cost_cells(cr)))
        c.print(ct)
        c.print(f"cost: {cost_summary(doc.costs)}", markup=False)  # "[prices]" is a section, not a style
    if doc.paths is not None:
        pt = Table(*paths_head(doc.paths), box=box.SIMPLE_HEAD, title="Fallback paths", title_justify="left")
        for row in doc.paths.rows:
            pt.add_row(*(plain(x) for x in path_cells(row)))
        c.print(pt)
    if doc.capacity is not None:
        c.print(f"[bold]{plain(doc.capacity.sentence)}[/]")
        for p in doc.capacity.probes:
            c.print(f"  probe {p.rate:g}/s: {'held' if p.passed else 'broke ' + str(p.broke)} ({p.sent:,} sent)")
    if doc.paths is not None and doc.paths.summary:
        c.print(f"[bold]{plain(doc.paths.summary)}[/]")


def _ci(interval: list[float] | tuple[float, float] | None) -> str:
    """A 95% interval as ``[1.2%..4.0%]`` ("" without one)."""
    return "" if interval is None else f"[{interval[0] * 100:.1f}%..{interval[1] * 100:.1f}%]"


def _steps(doc: ReportDoc) -> Table:
    steps = Table(
        "step",
        "load",
        "sent",
        "avail.",
        "goodput",
        "fallback",
        "timeout",
        "error",
        "p99",
        "amplif.",
        box=box.SIMPLE_HEAD,
    )
    for s in doc.steps:
        r = s.cell.rates
        amp = "-" if s.retry_amplification is None else f"{s.retry_amplification:.2f}"
        bound = " [yellow](generator-bound)[/]" if s.bound_material else ""
        steps.add_row(
            str(s.step),
            plain(s.label) + bound,
            f"{s.cell.sent:,}",
            pct(s.availability),
            pct(s.goodput),
            pct(r[F.FALLBACK]),
            pct(r[F.TIMEOUT]),
            pct(r[F.ERROR]),
            secs(s.latency.p99),
            amp,
        )
    return steps
