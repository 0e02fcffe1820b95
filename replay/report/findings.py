"""Findings: what a release manager should read first, named in words, each with its evidence.

cause          failures from the first step, flat across steps: misconfiguration, not load (causes.py)
broad          a class risen against production in every family and step, with its likeliest cause
context_loss   answers drift from production on long and multi-turn prompts (and with prompt length)
answer_drift   answers drift from production in another family, or on long and multi-turn prompts while
               every family's answers cite other sources than production's (retrieval changed, not context)
over_refusal   valid prompts refused, per family, against production's refusals of the same records
signal         a service signal whose rate moved against production's
trend          a failure class (fallback, timeout, error, drift...) or retry amplification rising across steps (load or
               injected upstream latency)
collapse       the step where the service collapses under load (from the collapse analysis)
segment        a failure class concentrated in one family, whatever the overall rate
gate           a failed gate no other finding explains, in its own figures (explain.py)
parity         release headers that differ between production and staging
generator      steps where the load generator, not the target, was the bottleneck (a warning when it
               was bound enough to discount the step's figures, else a note)
production     a gate against production's time where production's capture held its replies longer inside the
               service than staging held the same prompts' (Server-Timing): production slowed where it was captured,
               the gate lenient by that much (a warning where it passed and would fail without the extra hold)

Every failed gate is explained by one of them, and those come first (``explain.explain_gates``).
"""

from __future__ import annotations

import dataclasses

import numpy as np

from replay.config.loader import format_duration
from replay.config.scenario import Scenario
from replay.judge import NOT_SENT, FailureClass, Judged
from replay.judge.classes import LOAD_CLASSES, ClassSet
from replay.judge.collapse import Collapse
from replay.judge.cost import fallback_rows
from replay.judge.evaluate import GateResult, production_times
from replay.judge.frame import Frame
from replay.judge.gates import OPS, format_value
from replay.report.causes import about_metric, cause_findings
from replay.report.chain import fallback_on_error_bodies
from replay.report.evidence import gather_evidence
from replay.report.explain import explain_gates
from replay.report.reasons import load_evidence, reasons_for
from replay.report.sections import Finding, FindingKind, ParityRow, Severity, SignalRow, StepRow
from replay.util.stats import pct, quantiles, shares_apart

__all__ = ["CONTEXT_FAMILIES", "findings"]

CONTEXT_FAMILIES = ("long", "multi-turn")  # prompts that need the whole conversation
DRIFT_MIN = 0.20  # a family drifting on at least this share of its rows...
RATIO = 2.0  # ... and this many times the rest (plus 5 points)
REFUSAL_MIN = 0.05
SEGMENT_MIN = 0.10
TREND_MIN = 0.10  # a rate rising by 10 points from the first step to the last
MIN_ROWS = 5
# Production's replies held inside the service at least twice as long as staging's on the same prompts, by this share of
# production's figure and this many seconds or more: its capture was slowed there. The matrix's capture held its
# replies 7-14 ms at step 0's median, staging's 2-7 ms (28 unchanged releases at load 3-10, at most 11 ms apart); its
# production stopped 50 ms of every 100 ms (a CPU quota's throttle) 48 ms, staging's 5 ms, its time 14% longer (the
# rest in its calls' own work, which Server-Timing counts in the dependency).
HELD_SHARE, HELD_FLOOR, HELD_RATIO = 0.05, 0.02, 2.0


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _answer_drift(judged: Judged) -> tuple[np.ndarray, np.ndarray]:
    """(answers compared with production's, of those the ones that drifted in wording or length, or whose
    prompt reached the model shrunk: an answer from a cut conversation reads the same while its question
    survives)."""
    compared = np.array([v.similarity is not None for v in judged.verdicts], dtype=bool)
    kinds = {"answer", "length", "input"}
    drift = np.array(
        [v.cls == FailureClass.DRIFT and bool(kinds & set(v.kinds(v.cls))) for v in judged.verdicts], dtype=bool
    )  # of no rows (a run killed before its first send, judged --partial): float64, and '&' a TypeError
    return compared, drift & compared


def _input_lost(judged: Judged, rows: np.ndarray) -> str:
    """'; the model was sent 18% of production's prompt tokens (median) on 21 of them' where ``rows`` hold
    shrunk prompts, else ''."""
    prod = judged.production or [None] * len(judged.verdicts)
    shares = [
        v.input_tokens / p.input_tokens
        for v, p, r in zip(judged.verdicts, prod, rows, strict=True)
        if r and "input" in v.kinds(FailureClass.DRIFT) and v.input_tokens and p is not None and p.input_tokens
    ]
    if not shares:
        return ""
    share = pct(float(np.median(shares)))
    return f"; the model was sent {share} of production's prompt tokens (median) on {len(shares)} of them"


def _family_rates(frame: Frame, flags: np.ndarray, among: np.ndarray | None = None) -> dict[str, tuple[float, int]]:
    """Family -> (share of ``flags`` among its rows sent (and ``among``), rows counted)."""
    out = {}
    for fam in frame.values("family"):
        s = frame.sent(frame.family == fam)
        if among is not None:
            s &= among
        if s.sum() >= MIN_ROWS:
            out[fam] = (float(flags[s].mean()), int(s.sum()))
    return out


def _drift(judged: Judged, frame: Frame) -> list[Finding]:
    if not judged.baseline:
        return []
    compared, flags = _answer_drift(judged)
    rates = _family_rates(frame, flags, compared)
    out = []
    ctx = [f for f in CONTEXT_FAMILIES if f in rates]
    others = frame.sent(~np.isin(frame.family, ctx)) & compared
    rest = float(flags[others].mean()) if others.any() else 0.0
    hit = [f for f in ctx if rates[f][0] >= DRIFT_MIN and rates[f][0] >= RATIO * rest + 0.05]
    # Families whose drifted prompts reached the model shrunk are context loss whatever retrieval did: a release
    # that cut the conversation and retrieved fewer articles (context_limit 1500 with top_k 1) lost the long prompts
    # to the cut, which "retrieval, not context; the conversation itself reached the model" denied.
    cut = [f for f in hit if _input_lost(judged, flags & (frame.family == f))]
    retrieval = _retrieval_moved(judged, frame, [f for f in hit if f not in cut])
    if retrieval is not None:
        out.append(retrieval)
    hit = cut if retrieval is not None else hit
    if hit:
        detail = ", ".join(f"{f} {pct(rates[f][0])}" for f in hit) + f" vs {pct(rest)} of other prompts"
        detail += _input_lost(judged, flags & np.isin(frame.family, hit))
        lengths = np.array([float(n) for n in judged.prompt_chars])
        s = compared & ~np.isnan(lengths)
        if s.sum() >= 4 * MIN_ROWS:
            quarters = quantiles(lengths[s], (25, 75))
            lo, hi = quarters["p25"], quarters["p75"]
            short, long_ = flags[s & (lengths <= lo)], flags[s & (lengths >= hi)]
            if len(short) and len(long_):
                detail += (
                    f"; by prompt length: {pct(float(short.mean()))} of the shortest quarter, "
                    f"{pct(float(long_.mean()))} of the longest"
                )
        out.append(
            Finding(
                FindingKind.CONTEXT_LOSS,
                Severity.FAIL,
                f"context loss on {_join(hit)} prompts",
                "answers unlike production's to the same prompts (of those compared): " + detail,
                families=hit,
                classes=[FailureClass.DRIFT],
            )
        )
    overall = float(flags[compared].mean()) if compared.any() else 0.0
    for fam, (r, n) in rates.items():
        if fam not in hit and r >= DRIFT_MIN and r >= RATIO * overall:
            out.append(
                Finding(
                    FindingKind.ANSWER_DRIFT,
                    Severity.WARN,
                    f"answers drift from production on {fam} prompts",
                    f"{pct(r)} of {n} {fam} answers compared are unlike production's (all: {pct(overall)})",
                    families=[fam],
                    classes=[FailureClass.DRIFT],
                )
            )
    return out


def _retrieval_moved(judged: Judged, frame: Frame, hit: list[str]) -> Finding | None:
    """When the answers that drift on context prompts cite other sources than production's, and the
    other families' answers do too, retrieval changed for every prompt (fewer or other articles): the
    long and multi-turn prompts drift most because they lean on more of them, not because the
    conversation was cut. None when it is not so."""
    if not hit or not judged.production:
        return None
    known = np.array(
        [
            v.sources is not None and p is not None and p.sources is not None
            for v, p in zip(judged.verdicts, judged.production, strict=True)
        ]
    )
    differ = known & np.array(
        [p is not None and v.sources != p.sources for v, p in zip(judged.verdicts, judged.production, strict=True)]
    )
    sent = frame.sent(np.ones(len(frame), dtype=bool)) & known
    inside = sent & np.isin(frame.family, hit)
    drifted = inside & (frame.cls == FailureClass.DRIFT)
    outside = sent & ~np.isin(frame.family, hit)
    if drifted.sum() < MIN_ROWS or outside.sum() < MIN_ROWS:
        return None
    of_drift, of_rest = float(differ[drifted].mean()), float(differ[outside].mean())
    if of_drift < 0.5 or of_rest < max(SEGMENT_MIN, of_drift / 2):
        return None
    return Finding(
        FindingKind.ANSWER_DRIFT,
        Severity.FAIL,
        f"answers drift on {_join(hit)} prompts, citing other sources than production's: retrieval, not context",
        f"{pct(of_drift)} of the drifted answers cite other sources than production's, and {pct(of_rest)} of "
        "the other prompts' answers do too: what retrieval returns changed for every prompt, and the prompts "
        "that need the most context drift most; the conversation itself reached the model",
        families=hit,
        classes=[FailureClass.DRIFT],
    )


def _over_refusal(judged: Judged, frame: Frame) -> list[Finding]:
    flags = frame.cls == FailureClass.REFUSAL
    base = np.array([c == FailureClass.REFUSAL for c in judged.baseline_classes])
    known = np.array([c is not None for c in judged.baseline_classes])
    hit = []
    for fam, (r, n) in _family_rates(frame, flags).items():
        m = frame.sent(frame.family == fam) & known
        before = float(base[m].mean()) if m.any() else None
        if r >= REFUSAL_MIN and (before is None or r >= before + REFUSAL_MIN):
            hit.append((fam, r, n, before))
    if not hit:
        return []
    hit.sort(key=lambda h: -h[1])
    detail = "; ".join(
        f"{fam}: {pct(r)} of {n} refused" + ("" if before is None else f" (production {pct(before)})")
        for fam, r, n, before in hit
    )
    return [
        Finding(
            FindingKind.OVER_REFUSAL,
            Severity.FAIL,
            f"over-refusal on {_join([h[0] for h in hit])} prompts",
            "valid prompts refused: " + detail,
            families=[h[0] for h in hit],
            classes=[FailureClass.REFUSAL],
        )
    ]


def _trends(steps: list[StepRow], scenario: Scenario, classes: ClassSet) -> list[Finding]:
    usable = [s for s in steps if s.cell.sent >= MIN_ROWS and not s.bound_material]
    if len(usable) < 2:
        return []
    if len({s.faults for s in usable}) > 1:
        kinds = {rule.type for f in scenario.faults for p in f.profiles for rule in p.rules}
        driver = "injected upstream " + ("latency" if kinds <= {"latency", "stream_delay"} else "faults")
    elif len({(s.rate, s.users) for s in usable}) > 1:
        driver = "load"
    else:
        driver = "time under steady load"
    out = []
    first, last = usable[0].cell.sent, usable[-1].cell.sent
    # Every failure class but slow (the collapse's): a fallback model answering once the primary times
    # out rises as drift, a stream cut by a slow upstream as truncated.
    for cls in (c for c in classes.failures if c != FailureClass.SLOW):
        series = [s.cell.rates.get(cls) or 0.0 for s in usable]
        rose = series[-1] - series[0] >= TREND_MIN and shares_apart(series[-1], last, series[0], first)
        if rose and series[-1] == max(series):
            out.append(_trend(f"{cls} rate", driver, usable, [pct(x) for x in series], [cls]))
    amp = [a for s in usable if (a := s.retry_amplification) is not None]
    if len(amp) == len(usable) and amp[-1] >= amp[0] * 1.2 and amp[-1] - amp[0] >= 0.2:
        shown = [f"{a:.2f}" for a in amp]
        out.append(_trend("retry amplification", driver, usable, shown, [], about_metric("retry_amplification")))
    return out


def _trend(
    what: str, driver: str, steps: list[StepRow], shown: list[str], classes: list[str], about: str | None = None
) -> Finding:
    pairs = " -> ".join(f"{v} at step {s.step} ({s.label})" for s, v in zip(steps, shown, strict=True))
    return Finding(
        FindingKind.TREND,
        Severity.WARN,
        f"{what} rises with {driver}",
        f"{what} by step: {pairs}",
        steps=[s.step for s in steps],
        classes=classes or None,
        about=about,
    )


def _load_reasons(judged: Judged, frame: Frame, step: int) -> tuple[dict[str, float], int]:
    """(share of the step's rows sent with a reason of each load class, whatever their class, rows sent):
    a drifted answer that also came past the SLO is unavailable as slow, though its class is drift."""
    idx = np.flatnonzero(frame.sent(frame.step == step))
    if not len(idx):
        return {}, 0
    shares = {c: sum(any(r.cls == c for r in judged.verdicts[i].reasons) for i in idx) / len(idx) for c in LOAD_CLASSES}
    return shares, len(idx)


def _since(collapse: Collapse) -> int | None:
    """The step a collapse's classes grew since: the analysis' reference (``base``), or, where the collapse is at the
    reference itself (every step before it discounted: the load generator was bound there), the first step before it
    that sent rows, else None (every class at the collapse step rose). A discounted step can only look worse than the
    target was: what grew since it grew. Measured against the collapse step itself, nothing grew, and a collapse about
    no class was named by the loaded machine's own queueing (a queue at the service's limit) instead of the outage its
    fallback rows met (no_secondary beside a busy CI)."""
    if collapse.base != collapse.step:
        return collapse.base
    return next((s.step for s in collapse.steps if s.sent and s.step < (collapse.step or 0)), None)


def _collapse(collapse: Collapse, judged: Judged, frame: Frame, causes: list[Finding]) -> Finding:
    """The collapse step, about the load classes that grew there beyond the reference step (the
    analysis' ``base``), counted by the rows' reasons; failures present from the first step are the
    cause findings', named beside."""
    where = f"collapse at step {collapse.step}" + (f" ({collapse.label})" if collapse.label else "")
    detail = collapse.reason or ""
    rose: list[str] = []
    if collapse.base is not None and collapse.step is not None:
        since = _since(collapse)
        then, n_then = ({}, 0) if since is None else _load_reasons(judged, frame, since)
        now, n_now = _load_reasons(judged, frame, collapse.step)
        grew = [c for c in LOAD_CLASSES if now.get(c, 0.0) > then.get(c, 0.0)]
        rose = [c for c in grew if shares_apart(now[c], n_now, then.get(c, 0.0), n_then)] or grew
        unnamed = [c for c in rose if c not in collapse.jumped]  # the analysis names the jump classes itself
        if unnamed:
            moved = ", ".join(f"{c} {pct(then.get(c, 0.0))} -> {pct(now[c])}" for c in unnamed)
            detail += f"; grown since step {since}: {moved}" if since is not None else f"; at its step: {moved}"
    if causes:
        detail += "; on top of what was there from the first step: " + "; ".join(f.title for f in causes)
    return Finding(
        FindingKind.COLLAPSE,
        Severity.FAIL,
        where,
        detail,
        steps=[collapse.step],  # type: ignore[list-item]
        classes=rose or None,
    )


def _segments(judged: Judged, frame: Frame) -> list[Finding]:
    """Classes concentrated in one family, with what the service says went wrong there (a request limit
    that only long or multi-turn prompts reach is named by the rejection's own code)."""
    out = []
    everything = np.ones(len(frame), dtype=bool)
    for cls in frame.class_set.failures:
        if cls in (FailureClass.DRIFT, FailureClass.REFUSAL):
            continue  # named by their own findings
        overall = frame.rate(everything, (cls,)) or 0.0
        total = int(frame.sent(everything).sum())
        for fam, (r, n) in _family_rates(frame, frame.cls == cls).items():
            # Apart beyond the rows' noise (99% intervals): one or two slow rows in a family of ten say nothing of it.
            if r >= SEGMENT_MIN and r >= 3 * overall and shares_apart(r, n, overall, total, 0.99):
                why = reasons_for(judged, frame, [cls], family=fam)
                detail = f"{pct(r)} of {n} {fam} rows are {cls}, {pct(overall)} of all rows"
                out.append(
                    Finding(
                        FindingKind.SEGMENT,
                        Severity.WARN,
                        f"{cls} concentrated in {fam} prompts" + (f": {why[0]}" if why else ""),
                        detail + "".join(f"; {w}" for w in why),
                        families=[fam],
                        classes=[cls],
                        evidence=why or None,
                    )
                )
    return out


def _parity(parity: list[ParityRow]) -> list[Finding]:
    diff = [p for p in parity if not p.same and p.production and p.staging]
    if not diff:
        return []
    detail = "; ".join(
        f"{p.header} {'/'.join(p.production)} in production, {'/'.join(p.staging)} in staging" for p in diff
    )
    return [Finding(FindingKind.PARITY, Severity.INFO, "staging runs another release", detail)]


def findings(
    judged: Judged,
    frame: Frame,
    steps: list[StepRow],
    parity: list[ParityRow],
    collapse: Collapse | None,
    signals: list[SignalRow] | None = None,
    gates: list[GateResult] | None = None,
) -> list[Finding]:
    """Every finding; those that explain failed gates first (each failed gate names its finding)."""
    signals = signals or []
    evidence = gather_evidence(judged, frame, parity, signals)
    out = cause_findings(judged, frame, steps, evidence, signals)
    out += _drift(judged, frame) + _over_refusal(judged, frame) + _trends(steps, judged.scenario, frame.class_set)
    if collapse is not None and collapse.step is not None:
        out.append(_collapse(collapse, judged, frame, [f for f in out if f.kind is FindingKind.CAUSE]))
    # The collapse names its cause findings by their titles, each of which says the cause's first line of evidence.
    named = {f.evidence[0] for f in out if f.kind is FindingKind.CAUSE and f.evidence}
    for f in out:
        if f.kind in (FindingKind.COLLAPSE, FindingKind.TREND):
            why = load_evidence(judged, frame, f.classes or [], f.steps[-1] if f.steps else None)
            if f.kind is FindingKind.COLLAPSE:
                why = [w for w in why if w not in named]  # said already, by its cause
            if why:
                f.evidence = why
                f.detail += "; " + "; ".join(why)
            if why:
                f.title += f": {why[0]}"  # a gate it explains names the mechanism, not only the step or driver
    out += _segments(judged, frame) + _parity(parity) + _off_primary(judged, frame)
    for s in steps:
        if s.generator_bound:
            why = "; ".join(s.bound_reasons)
            if s.bound_material:
                severity, why = Severity.WARN, why + " (its figures do not blame the target)"
            else:
                severity, why = Severity.INFO, why + " (small beside its latency: its figures stand)"
            out.append(
                Finding(
                    FindingKind.GENERATOR,
                    severity,
                    f"step {s.step}: the load generator was the bottleneck"
                    if s.bound_material
                    else f"step {s.step}: the load generator ran late",
                    why,
                    steps=[s.step],
                )
            )
    out += [f for r in dict((r.gate.key, r) for r in gates or []).values() if (f := _production_held(r, frame))]
    # A retry gate of too few error answers to judge holds: said as such, neither a pass nor a fail; once for the two
    # bounds of one figure (retry_backoff{step=2} > 100ms and < 1.5s)
    few = {r.held.why: r for r in gates or [] if r.held is not None}
    out += [Finding(FindingKind.GATE, Severity.INFO, said, r.detail) for said, r in few.items()]
    if not (frame.cls != NOT_SENT).any():
        out.append(Finding(FindingKind.EMPTY, Severity.WARN, "no row was sent", ""))
    return explain_gates(out, gates or [], judged, frame, steps, signals)


def _off_primary(judged: Judged, frame: Frame) -> list[Finding]:
    """A step whose rows went off the primary path (or failed with an error) more than production's on error bodies
    under a success status (``chain.fallback_on_error_bodies``): said, about the classes that rose, so that a failed
    gate on them that nothing else names links here; where the fallback model answers, the rows are no fallback class
    and only the paths (a share no gate reads) showed it, with nothing saying why (the matrix's wrong_shape)."""
    return [
        Finding(
            FindingKind.TRIGGER,
            Severity.INFO,
            o.text,
            o.text
            + (
                "; where a fallback model answers them they are not classed fallback: the fallback paths' shares show "
                "them (report.json's paths)"
                if FailureClass.FALLBACK in o.classes
                else ""
            ),
            steps=[o.step],
            classes=list(dict.fromkeys([*o.classes, *_judged_off(frame, o.step)])),
        )
        for o in fallback_on_error_bodies(judged, frame)
    ]


def _judged_off(frame: Frame, step: int) -> list[str]:
    """The classes the rows off the primary path at ``step`` were judged (MIN_ROWS of them, or half), besides ok and
    fallback (whose rise the trigger weighed against production's): a fallback model's answers are drift or slow, not
    fallback, and a gate on that class names what sent them there, not only the model version that answered them."""
    if frame.path is None:
        return []
    at = frame.sent(frame.step == step) & fallback_rows(frame.cls, frame.path)
    names, counts = np.unique(frame.cls[at], return_counts=True)
    n = int(at.sum())
    return [
        str(c)
        for c, k in zip(names, counts, strict=True)
        if c not in (FailureClass.OK, FailureClass.FALLBACK) and (k >= MIN_ROWS or 2 * k >= n)
    ]


def _production_held(result: GateResult, frame: Frame) -> Finding | None:
    """A gate against production's time where production's captured replies were held inside the service (their time
    beyond the dependencies their Server-Timing header names) longer than staging's replies to the same prompts, by
    twice or more, by HELD_SHARE of production's figure and HELD_FLOOR or more: production was slowed where it was
    captured (a busy host, a queue), so
    the gate compares with a slower production than the one that served its users. Said with the gate's figure
    against production's time less each row's extra hold; a warning where the gate passed and that figure fails it.
    None where either side's replies say no Server-Timing (then nothing in the capture tells a slowed production)."""
    g = result.gate
    if g.reference != "production":
        return None
    theirs_held, mine_held = frame.held(production=True), frame.held()
    step = g.tag("step")
    m = frame.mask(g.tag("family"), None if step is None else int(step), g.tag("endpoint"))
    both = frame.sent(m) & ~np.isnan(theirs_held) & ~np.isnan(mine_held) & ~np.isnan(frame.service)
    times = production_times(g, frame, both) if both.sum() >= MIN_ROWS else None
    if times is None:
        return None
    theirs, mine = float(np.median(theirs_held[both])), float(np.median(mine_held[both]))
    if theirs - mine < max(HELD_SHARE * times[1], HELD_FLOOR) or theirs < HELD_RATIO * mine:
        return None
    less = frame.column("production_latency") - np.maximum(theirs_held - mine_held, 0.0)
    mine_t, theirs_t = production_times(g, dataclasses.replace(frame, production_latency=less), both) or times
    figure = mine_t / theirs_t if theirs_t > 0 else None
    fails = figure is None or not OPS[g.op](figure, g.threshold)
    lenient = result.passed and fails
    head = (
        f"{g.key} {g.text.strip()} compares with a production slowed where it was captured: its replies were held "
        f"{format_duration(theirs)} inside the service beyond the dependencies their Server-Timing names, staging's "
        f"{format_duration(mine)} "
        f"on the same {int(both.sum())} prompts (medians)"
    )
    after = f"less that extra hold, the gate reads {format_value(g, figure)}"
    tail = f"{after}: its pass is lenient" if lenient else f"{after} (lenient by that much at least)"
    detail = (
        f"{head}; {tail} ({'passed' if result.passed else 'failed'} at {result.shown}); a busy host or a queue where "
        "production was captured (or production's own work, slower than this release's) makes every comparison with "
        "its time lenient, the more as a busy host slows the calls' own work too, which Server-Timing counts in the "
        "dependency: capture on a quiet host"
    )
    return Finding(FindingKind.PRODUCTION, Severity.WARN if lenient else Severity.INFO, f"{head}: {tail}", detail)
