"""The short terminal summary: verdict, gates, findings, steps and families, with rich."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table

__all__ = ["print_summary"]

_SHOWN = ("fallback", "refusal", "timeout", "error", "rejected", "truncated", "empty", "invalid", "drift", "slow")


def pct(x: float | None) -> str:
    return "-" if x is None else f"{x * 100:.1f}%"


def secs(x: float | None) -> str:
    if x is None:
        return "-"
    return f"{x * 1000:.0f} ms" if x < 1 else f"{x:.2f} s"


def _top(rates: dict[str, float | None], n: int = 3) -> str:
    items = sorted(((c, r) for c, r in rates.items() if c != "ok" and r), key=lambda cr: -cr[1])
    return ", ".join(f"{c} {pct(r)}" for c, r in items[:n]) or "-"


def print_summary(report: dict[str, Any], out_dir: Path, console: Console | None = None) -> None:
    """Print the verdict, gates, findings and per-step and per-family figures."""
    c = console or Console()
    run, totals = report["run"], report["totals"]
    verdict = "[bold green]PASS[/]" if report["verdict"] == "pass" else "[bold red]FAIL[/]"
    c.print(
        f"{verdict} {run.get('name') or 'rehearsal'} · run {run.get('id')} · target {run.get('target')} · "
        f"{totals['sent']:,} sent, ok {pct(totals['rates']['ok'])}, p99 {secs(report['latency']['latency']['p99'])}"
    )
    if report["gates"]:
        t = Table("gate", "value", "", box=box.SIMPLE_HEAD, title="Gates", title_justify="left")
        for g in report["gates"]:
            mark = "[green]pass[/]" if g["passed"] else "[red]FAIL[/]"
            seg = (
                ", ".join(f"{s['family']} {s['value'] * 100:.0f}%" for s in g["segments"][:3]) if g["segments"] else ""
            )
            note = f" [yellow](over it in {seg})[/]" if seg and g["metric"].startswith(("rate", "goodput")) else ""
            t.add_row(g["name"], g["shown"] + note, mark)
        c.print(t)
    for f in report["findings"][:10]:
        color = {"fail": "red", "warn": "yellow"}.get(f["severity"], "cyan")
        c.print(f"[{color}]•[/] [bold]{f['title']}[/]: {f['detail']}")
    steps = Table(
        "step", "load", "sent", "goodput", "fallback", "timeout", "error", "p99", "amplif.", box=box.SIMPLE_HEAD
    )
    for s in report["steps"]:
        r = s["rates"]
        amp = "-" if s["retry_amplification"] is None else f"{s['retry_amplification']:.2f}"
        bound = " [yellow](generator-bound)[/]" if s["generator_bound"] else ""
        steps.add_row(
            str(s["step"]),
            s["label"] + bound,
            f"{s['sent']:,}",
            pct(s["goodput"]),
            pct(r["fallback"]),
            pct(r["timeout"]),
            pct(r["error"]),
            secs(s["latency"]["p99"]),
            amp,
        )
    c.print(steps)
    fams = Table("family", "sent", "ok", "worst classes", "p99", box=box.SIMPLE_HEAD)
    for f in sorted(report["families"], key=lambda f: f["rates"]["ok"] if f["rates"]["ok"] is not None else 1):
        fams.add_row(f["family"], f"{f['sent']:,}", pct(f["rates"]["ok"]), _top(f["rates"]), secs(f["latency"]["p99"]))
    c.print(fams)
    for note in report["notes"]:
        c.print(f"[dim]note: {note}[/]")
    c.print(f"report: {out_dir / 'report.html'} · {out_dir / 'report.json'} · {out_dir / 'junit.xml'}")
