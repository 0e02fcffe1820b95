"""``report.html``: one self-contained file (inline CSS and SVG plots, no script, no network)."""

from __future__ import annotations

from html import escape

import numpy as np

from replay.judge import FailureClass
from replay.judge.collapse import Collapse
from replay.judge.evaluate import HeldAs
from replay.judge.frame import Frame
from replay.report.costs import COST_HEAD, cost_cells, cost_summary
from replay.report.curves import curves
from replay.report.junit import xml_text
from replay.report.paths import path_cells, paths_head
from replay.report.plots import (
    class_mix,
    color,
    cost_per_family,
    latency_and_goodput,
    latency_distribution,
    pareto_view,
    rate_goodput,
    rate_latency,
)
from replay.report.sections import NO_GATES, Cell, EndpointStepRow, FamilyStepRow, Finding, ReportDoc, StepRow
from replay.report.streams import STREAM_HEAD, stream_cells
from replay.report.terminal import pct, secs

__all__ = ["html_page"]

F = FailureClass

CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1180px;color:#222;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}
h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
.meta{color:#666;font-size:12px}
.banner-cut{background:#fff3cd;border:2px solid #b8860b;padding:8px 12px;font-weight:600}
.verdict{display:inline-block;padding:2px 10px;border-radius:4px;color:#fff;font-weight:600}
.pass{background:#2e7d32}
.fail{background:#c62828}
.no-gates,.cut-short{background:#9e6a00}
table{border-collapse:collapse;margin:6px 0;font-size:12.5px}
td,th{border:1px solid #e0e0e0;padding:3px 7px;text-align:right;vertical-align:top}
th{background:#f5f5f5}
td.l,th.l{text-align:left}
.plots{display:grid;grid-template-columns:1fr 1fr;gap:12px}
.plots svg{width:100%;height:auto}
.finding{margin:4px 0}
.sev-fail{color:#c62828}
.sev-warn{color:#ef6c00}
.sev-info{color:#1565c0}
.ex{font-size:12px;border-left:3px solid #ddd;padding:2px 8px;margin:6px 0}
.ex pre{white-space:pre-wrap;margin:2px 0;background:#fafafa}
.chip{display:inline-block;width:10px;height:10px;margin-right:4px;border-radius:2px}
.bad{background:#ffebee}
.warn{background:#fff8e1}
"""


def _table(head: list[str], rows: list[list[str]], left: int = 1) -> str:
    th = "".join(f'<th class="{"l" if i < left else ""}">{escape(h)}</th>' for i, h in enumerate(head))
    body = "".join(
        "<tr>" + "".join(f'<td class="{"l" if i < left else ""}">{c}</td>' for i, c in enumerate(r)) + "</tr>"
        for r in rows
    )
    return f"<table><tr>{th}</tr>{body}</table>"


def _chip(cls: str) -> str:
    return f'<span class="chip" style="background:{color(cls)}"></span>'


def _cell_text(cell: Cell) -> str:
    """ok share and the two biggest failure classes of a table cell, shaded by how much failed."""
    rates = cell.rates
    worst = sorted(((c, r) for c, r in rates.items() if c != F.OK and r), key=lambda cr: -cr[1])[:2]
    fail = 1.0 - (rates[F.OK] or 0.0) if cell.sent else 0.0
    cls = "bad" if fail >= 0.2 else ("warn" if fail >= 0.05 else "")
    parts = [f"ok {pct(rates[F.OK])}"] + [f"{c} {pct(r)}" for c, r in worst]
    return f'<span class="{cls}">{escape(" · ".join(parts))}</span><br><small>{cell.sent} sent</small>'


def _grid(cells: list[FamilyStepRow] | list[EndpointStepRow], key: str, steps: list[StepRow]) -> str:
    """A segment x step table of ``cells``; ``key`` heads the segment column."""
    labels = {s.step: f"{s.step}: {s.label}" for s in steps}
    step_ids = [s.step for s in steps]
    rows = []
    for name in dict.fromkeys(c.name for c in cells):
        by_step = {c.step: c.cell for c in cells if c.name == name}
        rows.append([escape(str(name))] + [_cell_text(by_step[k]) if k in by_step else "" for k in step_ids])
    return _table([key] + [labels[k] for k in step_ids], rows)


def _gates(report: ReportDoc) -> str:
    if not report.gates:
        return "<p>No gates.</p>" if report.partial is not None else f"<p>{escape(NO_GATES)}.</p>"
    rows = []
    for g in report.gates:
        mark = '<span class="verdict pass">pass</span>' if g.passed else '<span class="verdict fail">FAIL</span>'
        if g.held is not None:
            judged = "too few to judge" if g.held.as_ is HeldAs.TOO_FEW else g.held.shown
            mark = f'<span class="verdict no-gates">{judged}</span>'
        seg = ", ".join(f"{escape(str(s.family))} ({s.rows} rows)" for s in g.segments)
        ci = "" if g.interval is None else f"<br><small>{g.level_shown} CI {g.interval_shown}</small>"
        cause = escape(g.held.why if g.held is not None else "") if g.passed else escape(g.cause or "")
        rows.append([escape(g.gate.key), escape(g.gate.text.strip()), escape(g.shown) + ci, mark, seg or "", cause])
    return _table(["gate", "threshold", "value", "result", "families over the threshold", "cause (finding)"], rows)


def _signals(report: ReportDoc) -> str:
    if not report.signals:
        return ""
    rows = [
        [
            escape(s.signal) + ("" if s.fails else " (counted)"),
            escape(s.source),
            pct(s.rate)
            + ("" if s.interval is None else f" <small>({pct(s.interval[0])}..{pct(s.interval[1])})</small>"),
            pct(s.production),
        ]
        for s in report.signals
    ]
    return "<h2>Service signals</h2>" + _table(["signal", "source", "this run", "production (same prompts)"], rows)


def _finding(f: Finding) -> str:
    extra = ""
    if f.evidence:
        extra += "<ul>" + "".join(f"<li>{escape(e)}</li>" for e in f.evidence) + "</ul>"
    if f.gates:
        extra += f'<div class="meta">explains: {escape(", ".join(f.gates))}</div>'
    return f'<div class="finding sev-{f.severity}">● <b>{escape(f.title)}</b>: {escape(f.detail)}{extra}</div>'


def _amplification(report: ReportDoc) -> str:
    a = report.amplification
    if a.value is None:
        return ""
    apart = f"; {a.zero_call} requests made no upstream call and are counted apart" if a.zero_call else ""
    return f'<p class="meta">Retry amplification {a.value:.2f}: {escape(a.definition)} (from {a.source}{apart}).</p>'


def _examples(report: ReportDoc) -> str:
    out = []
    for cls in report.class_set.failures:
        items = report.examples.get(cls)
        if not items:
            continue
        inner = []
        for e in items:
            head = f"row {e.row} · {escape(e.family)} · step {e.step} · status {e.status} · {secs(e.latency)}"
            blocks = [f"<b>{head}</b><br>{escape(e.detail)}"]
            for label, text in (("prompt (end)", e.prompt), ("answer", e.answer), ("production", e.production)):
                if text:
                    blocks.append(f"<div>{label}:</div><pre>{escape(text)}</pre>")
            inner.append(f'<div class="ex">{"".join(blocks)}</div>')
        out.append(
            f"<details><summary>{_chip(cls)}<b>{cls}</b> ({len(items)} shown)</summary>{''.join(inner)}</details>"
        )
    return "".join(out) or "<p>No failures.</p>"


def _parity(report: ReportDoc) -> str:
    rows = []
    for p in report.parity:
        same = {True: "same", False: "<b>differs</b>", None: "-"}[p.same]
        prod = ", ".join(f"{escape(k)} ({v})" for k, v in p.production.items())
        stag = ", ".join(f"{escape(k)} ({v})" if v else escape(k) for k, v in p.staging.items())
        rows.append([escape(p.header), prod, stag, same])
    return _table(["header", "production (capture)", "staging (this run)", ""], rows) if rows else "<p>-</p>"


def _latency_table(report: ReportDoc) -> str:
    rows = []
    lat = report.latency
    for stats, name in (
        (lat.latency, "corrected (from intended send)"),
        (lat.service, "service (send to last byte)"),
        (lat.ttft, "first token (streams)"),
    ):
        rows.append([name, str(stats.n)] + [secs(v) for v in (stats.p50, stats.p90, stats.p99, stats.p99_9, stats.max)])
    return _table(["latency", "n", "p50", "p90", "p99", "p99.9", "max"], rows)


def _streams(report: ReportDoc) -> str:
    rows = [[escape(c) for c in stream_cells(r)] for r in report.streams]
    return _table(STREAM_HEAD, rows) if rows else "<p>No streamed or counted tokens.</p>"


def _capacity(report: ReportDoc) -> str:
    cap = report.capacity
    if cap is None:
        return ""
    rows = [
        [f"{p.rate:g}", "held" if p.passed else "broke", escape(p.broke or ""), escape(p.why or "")] for p in cap.probes
    ]
    table = _table(["rate (requests/s)", "gates", "first to break", "why"], rows)
    return f"<h2>Capacity</h2><p><b>{escape(cap.sentence)}</b></p>{table}"


def _costs(report: ReportDoc) -> str:
    if report.costs is None:
        return "<p>No priced tokens (a model's price goes in the scenario's [prices]).</p>"
    rows = [[escape(c) for c in cost_cells(r)] for r in report.costs.rows if r.scope != "step_path"]  # see paths
    return f"<p>{escape(cost_summary(report.costs))}</p>" + _table(COST_HEAD, rows)


def _paths(report: ReportDoc) -> str:
    paths = report.paths
    if paths is None:
        return ""
    rows = [[escape(c) for c in path_cells(r)] for r in paths.rows]
    said = f"<p><b>{escape(paths.summary)}</b></p>" if paths.summary else ""
    return f"<h2>Fallback paths</h2>{said}{_table(paths_head(paths), rows)}"


def _steps(report: ReportDoc) -> str:
    rows = []
    shown = (F.FALLBACK, F.TIMEOUT, F.ERROR, F.REFUSAL, F.DRIFT)
    for s in report.steps:
        amp = "-" if s.retry_amplification is None else f"{s.retry_amplification:.2f}"
        rps = "-" if s.offered_rps is None else f"{s.offered_rps:.1f}"
        bound = " (generator-bound)" if s.bound_material else ""
        rows.append(
            [f"{s.step}", escape(s.label + bound), rps, str(s.cell.sent), pct(s.availability), pct(s.goodput)]
            + [pct(s.cell.rates[c]) for c in shown]
            + [secs(s.latency.p99), secs(s.service.p99), amp]
        )
    head = ["step", "load", "offered/s", "sent", "availability", "goodput", *shown]
    return _table([*head, "p99", "service p99", "retry ampl."], rows, left=2)


def _collapse(collapse: Collapse | None) -> str:
    if collapse is None:
        return "<p>No collapse analysis for this run.</p>"
    if collapse.step is None and collapse.from_start:
        return "<p><b>No collapse:</b> the failures were there from the first step (a cause, not load).</p>"
    if collapse.step is None:
        return "<p><b>No collapse:</b> the service held in every step.</p>"
    where = f"step {collapse.step}" + (f" ({collapse.label})" if collapse.label else "")
    return f"<p><b>Collapse at {escape(where)}:</b> {escape(collapse.reason or '')}</p>"


def _families(report: ReportDoc) -> str:
    order = report.precedence
    rows = [
        [escape(f.name), str(f.cell.sent)] + [pct(f.cell.rates.get(c)) for c in order] + [secs(f.latency.p99)]
        for f in report.families
    ]
    return _table(["family", "sent", *order, "p99"], rows)


NO_PLOTS = "<p>Not drawn (<code>--no-plots</code>): <code>replay report RUN</code> draws them.</p>"


def _plots(report: ReportDoc, frame: Frame) -> str:
    """Every plot, each in a div named by its id; the load curves, the Pareto view and the cost only where
    the run has their data (steps at several rates or a search, repetitions, prices)."""
    sent = frame.sent(np.ones(len(frame), dtype=bool))
    plots = {
        "latency-steps": latency_and_goodput(report.steps),
        "mix-families": class_mix(report.families, "Failure-class mix per family", report.precedence),
        "latency-ecdf": latency_distribution(frame.latency[sent], frame.service[sent]),
        "mix-steps": class_mix(report.steps, "Failure-class mix per step", report.precedence),
    }
    c = curves(report, frame)
    if c.points:
        plots["rate-latency"] = rate_latency(c)
        plots["rate-goodput"] = rate_goodput(c)
    if len(c.pareto) >= 2:
        plots["pareto"] = pareto_view(c)
    if report.costs is not None and any(r.scope == "family" and r.per_1k is not None for r in report.costs.rows):
        plots["cost-families"] = cost_per_family(report.costs)
    return "".join(f'<div id="plot-{k}">{svg}</div>' for k, svg in plots.items())


def _cut_short(report: ReportDoc) -> str:
    """The banner of a run judged cut short (--partial): every figure below is of the part that ran."""
    if report.partial is None:
        return ""
    return f'<p class="banner-cut">{escape(report.partial.banner)}</p>'


def html_page(report: ReportDoc, frame: Frame, plots: bool = True) -> bytes:
    """The self-contained HTML report; without ``plots``, a line saying how to draw them instead."""
    run = report.run
    verdict = report.headline
    findings = "".join(_finding(f) for f in report.findings)
    each = "".join(f"<li>{escape(r.line)}</li>" for r in report.repeats.each) if report.repeats is not None else ""
    each = f'<ul class="meta">{each}</ul>' if each else ""  # the figures above are pooled: each run's own
    t = report.totals
    avail = f"availability {pct(t.availability)} · goodput {pct(t.goodput)}"
    noise = report.baseline.noise
    compared = "compared with production's responses in the capture" if report.baseline.compared else "none"
    legend = " › ".join(f"{_chip(c)}{c}" for c in report.precedence)
    drawn = f'<div class="plots">{_plots(report, frame)}</div>' if plots else NO_PLOTS
    body = f"""
<h1>Rehearsal report: {escape(run.name or "rehearsal")}</h1>{_cut_short(report)}
<div><span class="verdict {verdict.replace(" ", "-")}">{verdict.upper()}</span>
 <span class="meta">{escape(report.which)} · target {escape(str(run.target))} ·
 scenario {escape(str(run.scenario))} ·
 {report.totals.cell.sent} rows sent of {report.totals.cell.rows} · {avail}</span></div>{each}
<h2>Gates</h2>{_gates(report)}
<h2>Findings</h2>{findings or "<p>Nothing to report.</p>"}{_signals(report)}
<h2>Plots</h2>{drawn}
<h2>Steps and collapse</h2>{_collapse(report.collapse)}{_steps(report)}{_amplification(report)}
<h2>Families × steps</h2>{_grid(report.family_step, "family", report.steps)}
<h2>Endpoints × steps</h2>{_grid(report.endpoint_step, "endpoint", report.steps)}
<h2>Families</h2>{_families(report)}
<h2>Latency</h2>{_latency_table(report)}
{_capacity(report)}
<h2>Streams and tokens</h2>{_streams(report)}
<h2>Cost</h2>{_costs(report)}
{_paths(report)}
<h2>Environment parity</h2>{_parity(report)}
<p class="meta">Baseline: {compared}; noise from {noise.pairs} production answer pairs to repeated prompts,
 similarity threshold {noise.threshold:.2f}.</p>
<h2>Worst examples</h2>{_examples(report)}
<h2>How to read this report</h2>
<p>Each response gets one class; the first that applies in this order wins: {legend}.
Rates are shares of the rows sent (with 95% intervals in report.json); goodput is ok rows over offered
rows; availability is rows answered in time without error, timeout, rejection, fallback or a broken stream
over offered rows (quality failures lower goodput only). Latency is corrected for
coordinated omission (measured from when each request should have been sent); service time is send to last byte.</p>
{"".join(f'<p class="meta">note: {escape(n)}</p>' for n in report.notes)}
"""
    title = f"replay report {escape(str(run.id))}"
    head = f'<meta charset="utf-8"><title>{title}</title><style>{CSS}</style>'
    doc = f'<!DOCTYPE html><html lang="en"><head>{head}</head><body>{body}</body></html>'
    # The run's own texts (a scenario named "story\u0000", an ANSI colour in a family) with their control
    # characters shown as junit.xml shows them: raw, HTML forbids them and a browser drew boxes or nothing.
    return xml_text(doc).encode("utf-8")
