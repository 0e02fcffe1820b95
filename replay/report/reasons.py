"""The evidence a finding carries beside its figures: what the service says went wrong for some classes
(``reasons_for``: the load and segment findings), what a trend or collapse ending at a step carries
(``load_evidence``), and what a failed gate's rows share that the other rows seldom do (``tail_evidence``,
``sources_carried``: a gate no other finding explains is still named by its mechanism).
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from replay.judge import FailureClass, Judged
from replay.judge.frame import BUSY, Frame, core_waits
from replay.judge.upstream import CameBack
from replay.report.chain import fallback_met_faults, fallback_proxies, fallback_timed_out
from replay.report.evidence import (
    AVAILABILITY,
    CARRIED,
    Evidence,
    EvidenceKind,
    differing_sources,
    reason_evidence,
    trait_evidence,
)
from replay.report.retries import unretried_at
from replay.report.seen import (
    BACKED_OFF,
    FAILED_BY,
    MIN_ROWS,
    SIGNAL_MIN,
    Seen,
    SeenKind,
    failed_at,
    held_at,
    upstream_at,
)
from replay.util.stats import pct

__all__ = [
    "answered_itself",
    "busy_evidence",
    "busy_retries",
    "failing_at",
    "load_evidence",
    "reason_items",
    "reasons_for",
    "sources_carried",
    "tail_evidence",
]

F = FailureClass
# A share of a step's rows the service answered itself (its concurrency limit's refusals) that leaves too few calls
# to measure retries by: the matrix's concurrency_4 refused a third of step 1's rows, and its cap spaced out the calls
# that met the rate limit (12 error answers, production's 55). An unchanged release answers itself only the prompts its
# filter refuses (the demo's injection family, 5%).
ITSELF = 0.25
# The time a service held its rows is the machine's only where the step waited for a core this many times as long
# as the quietest step, where the service held nothing: a machine as busy all run long (the matrix's
# max_concurrency_16 at 4.5-6.1% on every step, load 8) holds every step alike, and the time held that grew at the
# 4 s step alone was the release's queue at its concurrency limit (said "the machine ... not the release").
UNEVEN = 2.0
# Rows whose retries (median, the service's own count) reached this, and this many more than the other rows at their
# step: their time went to the release's retry policy. Past the OpenAI and Anthropic SDKs' default of 2 retries, which
# production's releases keep and which the faults a scenario injects only set off (the matrix: retries = 4 through the
# demo's outage, 4 against 0-1; production's release under 503s on every call, 2 against 0).
MANY_RETRIES, RETRIED_MORE = 3, 2


def _chain_evidence(judged: Judged, frame: Frame, m: np.ndarray | None = None) -> list[str]:
    """Fallback rows (among ``m``) most of which a fault proxy failed a call of on purpose, in a run no row of which
    another model answered: the fallback chain had nothing behind its primary (a release without its fallback
    model), so the calls the scenario failed ended in the canned answer; or its fallback model failed too
    (``_then``). Not where the service gives those rows a reason it also gives fallback rows no fault touched: a
    limit of its own (a time budget that the retries after the failed calls ran out) ended them before the chain's
    end, not an empty chain."""
    idx = np.flatnonzero((frame.cls == F.FALLBACK) & (True if m is None else m))
    if frame.path is None or len(idx) < MIN_ROWS:
        return []
    rows = [judged.verdicts[i] for i in idx]
    models = {v.model for v in judged.verdicts if v.model and v.available}
    faulted = sum(v.faulted for v in rows) / len(rows)
    if len(models) != 1 or faulted < CARRIED:
        return []
    reason = Counter(v.cause for v in rows).most_common(1)[0][0]
    alike = [judged.verdicts[i] for i in np.flatnonzero(frame.cls == F.FALLBACK)]
    if reason and sum(v.cause == reason and not v.faulted for v in alike) >= MIN_ROWS:
        return []  # the service's own limit, which the faults only made it reach sooner
    path, n = Counter(v.path for v in rows).most_common(1)[0]
    return [
        f"no fallback model answered: {pct(n / len(rows))} of the {len(rows)} fallback rows took the {path} path, "
        f"{pct(faulted)} of them after a fault proxy failed their call{_then(frame, idx, reason)}, and every answer "
        f"came from {models.pop()}"
    ]


def _then(frame: Frame, idx: np.ndarray, reason: str | None) -> str:
    """Where most rows ``idx`` made a call the proxies let through past the ones they failed (the fallback model's:
    through the primary's proxy, on the same API, or called at all through a proxy of the fallback chain's alone, the
    demo's wiring) and the service says ``reason`` of them: the clause saying their fallback model failed by itself,
    which the chain had. Else none."""
    if not reason or frame.calls is None or frame.aborted is None:
        return ""
    through = frame.aborted[idx] < frame.calls[idx]
    called = [p for p in fallback_proxies(frame) if (frame.calls_by[p][idx] > 0).any()]
    for proxy in called:
        through |= frame.calls_by[proxy][idx] > 0
    if float(through.mean()) < CARRIED:
        return ""
    where = "".join(f" through the {p} fault proxy" for p in called[:1])
    return f" and then their call to the fallback model{where} failed (the service says {reason})"


def sources_carried(judged: Judged, frame: Frame, rows: np.ndarray, what: str) -> list[Evidence]:
    """``rows`` (a gate's failing rows) answered from other articles than production's answers to the same prompts,
    most of them and no less often than the other rows: what retrieval returned changed under them (a shorter
    top-k changes it under every row; the rows that needed the missing articles are the ones that drifted)."""
    differ = differing_sources(judged, frame)[1]
    sent = frame.sent(np.ones(len(frame), dtype=bool))
    mine, rest = differ[sent & rows], differ[sent & ~rows]
    if not len(mine) or not len(rest):
        return []
    share, other = float(mine.mean()), float(rest.mean())
    if share < CARRIED or share < other:
        return []
    text = f"answers cite other sources than production's on {pct(share)} of {what} ({pct(other)} of the other rows)"
    return [Evidence(text, EvidenceKind.SOURCES)]


def load_evidence(judged: Judged, frame: Frame, classes: list[str], step: int | None) -> list[str]:
    """What a trend or collapse ending at ``step`` carries, first to last: a chain without a fallback model
    behind the calls the scenario failed, what the service says of its rows of ``classes`` there; the calls
    its own timeout abandoned and how it came back after error answers (a long back-off: the release's doing,
    not the scenario's), the time the service held rows beyond their call; what those rows share (another
    model's answers a timeout set off); then what else the proxies saw, the faults the scenario injected."""
    m = None if step is None else frame.step == step
    said = [e.text for e in reason_evidence(judged, frame, m) if any(e.explains(c) for c in classes)]
    # A release that retries no error answer (production's retries ride out a rate limit's 429s): its own doing leads
    # what the failed requests met, in one line, which a gate it explains names whole.
    none = None if step is None or not set(classes) & set(AVAILABILITY) else unretried_at(frame.came_back(step), step)
    if none is not None:
        said = [f"{none}; {said[0]}" if said else none, *said[1:]]
    # Slow rows that retried more than the step's others: the release's retries, which lead what the service says of
    # those rows (the fallback model that answered after them) and the faults they retried through (the matrix's
    # retries_4 was named by the outage production's two retries met too). After the calls its own timeout abandoned
    # and how it came back (a long back-off), where the proxies saw those: what more retries followed from.
    more = (
        _retried_more(frame, frame.cls == F.SLOW, step, "the slow rows")
        if step is not None and F.SLOW in classes
        else None
    )
    seen = [] if step is None else upstream_at(frame, step)
    own = [w for w in seen if w.kind is SeenKind.GAVE_UP or w.kind in BACKED_OFF]
    # a trend or collapse grew from the first step: what it gave up on there explains less
    if step is not None and len(frame):
        first = int(frame.step.min())
        own = _given_up_first(frame, own, [first] if first != step else [])
    if more is not None and not own:
        said.insert(0, more)
    if F.FALLBACK in classes:
        timed = None if step is None else fallback_timed_out(judged, frame, step)
        chain = [] if step is None else fallback_met_faults(judged, frame, step)
        # The calls to the fallback model given up on under another reason the service gives (its budget for the
        # whole request ran out during them: the matrix's budget_3): that reason leads, then those calls.
        if timed is not None and not timed.timeout:
            said, timed = [*said, timed.text], None
        said = chain + ([timed.text] if timed is not None else []) + _chain_evidence(judged, frame, m) + said
    traits = [e.text for c in classes if c not in AVAILABILITY for e in trait_evidence(judged, frame, c, m)]
    if step is None:
        return said + traits
    held = _held(judged, frame, step)
    # The faults that failed the rows' calls, where most of the rows met them, before the time the service held rows:
    # a busy machine holds every row a little, the fault is what failed these (an outage's 503s, then the canned
    # answer, beside a CI whose load held rows 0.6 s was named "a queue at its concurrency limit").
    failing = [w for w in failed_at(frame, step) if w not in own] if held and _faulted(frame, classes, step) else []
    rest = [w.text for w in _windows_last([w for w in seen if w not in own + failing])]
    # How it came back after error answers before the time it held rows: a long back-off holds them too.
    first = [w.text for w in own] + ([more] if more is not None and own else []) + [w.text for w in failing] + held
    return said + first + traits + rest


def _given_up_first(frame: Frame, seen: list[Seen], quiet: list[int]) -> list[Seen]:
    """``seen`` (``upstream_at``'s) with the calls given up on (or failed by the dependency itself) at ``quiet`` steps
    last: a dependency that failed as much where the failure was rare does not explain it (the model timed out on
    every call of a run whose searches missed at the slow-search step alone: the search given up on there names the
    misses)."""
    there = failing_at(frame, quiet)
    return sorted(seen, key=lambda w: w.kind in FAILED_BY and w.dependency in there)


def failing_at(frame: Frame, steps: list[int]) -> set[str]:
    """The dependencies whose calls the service gave up on, or that failed calls themselves (FAILED_BY), at any of
    ``steps``."""
    return {w.dependency for s in steps for w in upstream_at(frame, int(s)) if w.kind in FAILED_BY}


def _retried_more(frame: Frame, rows: np.ndarray, step: int, what: str, least: int = MIN_ROWS) -> str | None:
    """Where ``rows`` (``what``) at ``step``, ``least`` or more, retried MANY_RETRIES times or more, RETRIED_MORE more
    than the step's other rows (medians of the service's own retries header): the line saying so (None else). Retries
    past the SDKs' default through the same error answers, each waiting out its retry-after or back-off, are the
    release's doing, which the faults the scenario injected at the step only set off (a release retrying fewer times
    ends sooner, down its fallback chain)."""
    sent = frame.sent(frame.step == step) & ~np.isnan(frame.retries)
    if (sent & rows).sum() < least or not (sent & ~rows).any():
        return None
    mine, theirs = float(np.median(frame.retries[sent & rows])), float(np.median(frame.retries[sent & ~rows]))
    if mine < MANY_RETRIES or mine - theirs < RETRIED_MORE:
        return None
    return (
        f"{what} at step {step} retried {mine:g} times (median, the service's own count; {theirs:g} for the step's "
        "other rows): their time went to the release's retries of the error answers, a wait before each"
    )


def _faulted(frame: Frame, classes: list[str], step: int) -> bool:
    """Whether CARRIED or more of the rows of ``classes`` (any, where none) at ``step`` had a call any fault proxy
    failed on purpose (the proxies' per-request counts; False where they have none)."""
    if not frame.aborted_by:
        return False
    failed = np.sum(list(frame.aborted_by.values()), axis=0)  # any proxy's: a search error fails the row's call too
    rows = frame.sent((frame.step == step) & (np.isin(frame.cls, classes) if classes else True))
    return rows.sum() >= MIN_ROWS and float((failed[rows] > 0).mean()) >= CARRIED


def _held(judged: Judged, frame: Frame, step: int) -> list[str]:
    """The time the service held its rows beyond their call at ``step`` (``held_at``), said as the machine's where the
    load generator beside the service waited for a core BUSY or more of the step: a loaded machine or CI runner holds
    every process on it, the service's rows as the generator's, which no release of it did."""
    busy = _busy_at(judged, step, UNEVEN)
    return held_at(frame, step) if busy is None else held_at(frame, step, f" on a busy machine: {busy}")


def _core_wait(judged: Judged, step: int, uneven: float = 1.0) -> str | None:
    """Where the load generator ran on the service's machine (a loopback target) and its workers waited for a core
    BUSY or more of ``step`` (the runner's own measure, its worst repetition), and ``uneven`` times as long as at the
    quietest step or more: how long; else None."""
    table = core_waits(judged)
    at = [wait for k, wait in table if k == step]
    if not at or max(at) < BUSY:
        return None
    least = min(wait for _, wait in table)
    if max(at) < uneven * least:
        return None
    return (
        f"the load generator beside the service waited for a core {max(at):.0f}% of the step ({least:.0f}% at its "
        "quietest)"
    )


def _busy_at(judged: Judged, step: int, uneven: float = 1.0) -> str | None:
    """``_core_wait``'s line, and that the machine was the bottleneck; else None."""
    waited = _core_wait(judged, step, uneven)
    if waited is None:
        return None
    return f"{waited}: the machine (a loaded host or CI runner) was the bottleneck, not the release"


def busy_retries(judged: Judged, step: int, came: CameBack | None) -> list[str]:
    """Where the first retries at ``step`` (``came``) were timed on a busy machine (``_core_wait``), the line saying so:
    a service whose event loop waits for a core wakes the retries due meanwhile together, and the fault proxy, waiting
    too, reads them together, which makes jittered waits look alike (a production release's 0.27 read 0.09 beside a
    loaded CI). Not where nearly all of those after an advised wait came back after all of it
    (``CameBack.waited_all``): a busy machine only delays a retry, so a jitter drawn under the advice still puts some
    back before it; waits alike at the advice are the release's, and the line says their spread past it was read as
    none (``replay.judge.evaluate.retry_value``) where it was some."""
    waited = _core_wait(judged, step)
    if waited is None or came is None:
        return []
    if not came.waited_all():
        return [
            f"the first retries were timed at step {step}, on a busy machine: {waited}, and a service waiting for a "
            "core wakes its retries together, so how alike their waits were is partly the machine's"
        ]
    if came.spread is None or came.under is None or came.spread <= came.under:
        return []
    told, _, honoured = came.ceiling[:3] if came.ceiling is not None else (0, 0, 0)
    return [
        f"{honoured} of the {told} first retries at step {step} after an advised wait came back after all of it, where "
        f"{waited}: a busy machine only delays a retry, so their spread past it ({came.spread:.2f}) is read as none, "
        "where a jitter drawn under the advice would leave some back before it"
    ]


def reasons_for(
    judged: Judged, frame: Frame, classes: list[str], steps: list[int] | None = None, family: str | None = None
) -> list[str]:
    """What the service says went wrong for ``classes`` (in ``steps``, of ``family``): the evidence a load
    or segment finding carries beside its figures."""
    return [e.text for e in reason_items(judged, frame, classes, steps, family)]


def reason_items(
    judged: Judged, frame: Frame, classes: list[str], steps: list[int] | None = None, family: str | None = None
) -> list[Evidence]:
    """``reasons_for`` as evidence: which of it the service said (``Evidence.said``), and which only the client saw
    or the rows share, which what a fault proxy injected goes before (``causes.lead``)."""
    m = np.isin(frame.step, steps) if steps else None
    if family is not None:
        m = (frame.family == family) & (True if m is None else m)
    said = [e for e in reason_evidence(judged, frame, m) if any(e.explains(c) for c in classes)]
    return said + [e for c in classes if c not in AVAILABILITY for e in trait_evidence(judged, frame, c, m)]


def tail_evidence(judged: Judged, frame: Frame, rows: np.ndarray, what: str) -> list[Evidence]:
    """What the rows ``rows`` (``what``: the slowest of a latency gate) share that the other rows seldom
    do: how the release came back after error answers where the proxies name its doing (a long back-off), a
    service signal most of them carry (a retry), what the service says of their failures, and what the fault
    proxies saw at the step most of them were sent in (before a signal a fair share of the other rows carry
    too). A tail no cause, trend or collapse explains is still named by its mechanism (a 503 retried behind
    4 s of injected latency), not only by its figures. Each line an ``Evidence`` whose kind and class say what it is
    (a signal the rows carry: CARRIED, of the signal's class), for the findings to choose by."""
    sent = frame.sent(np.ones(len(frame), dtype=bool))
    mine, rest = np.flatnonzero(sent & rows), np.flatnonzero(sent & ~rows)
    if not len(mine):
        return []
    apart: list[Evidence] = []  # signals the other rows seldom carry
    common: list[Evidence] = []  # and those SIGNAL_MIN or more of them do too
    carried = Counter(s for i in mine for s in dict.fromkeys(judged.verdicts[i].signals))
    for name, n in carried.most_common():
        share = n / len(mine)
        other = sum(name in judged.verdicts[i].signals for i in rest) / len(rest) if len(rest) else 0.0
        # One row of several is no trait they share (the matrix's wrong_shape: a p99 named by the retrieval_empty
        # signal on 1 of its 2 slowest rows, the other rows' retries through step 2's 503s what set them apart)
        if share >= CARRIED and share >= 2 * other and (n > 1 or len(mine) == 1):
            line = f"the {name} signal on {pct(share)} of {what} ({pct(other)} of the other rows)"
            (apart if other < SIGNAL_MIN else common).append(
                Evidence(line, EvidenceKind.CARRIED, classes=frozenset({name}))
            )
    said = reason_evidence(judged, frame, sent & rows)
    step = rows_step(frame, rows)
    seen = upstream_at(frame, step)
    # How the release came back after error answers (a long back-off, retry-after ignored) is its own doing, which
    # the retry its rows carry only shows: it leads, as in a collapse's evidence (load_evidence).
    own = [w for w in seen if w.kind in BACKED_OFF]
    others = _windows_last([w for w in seen if w not in own])
    # A signal that sets the rows apart (a retry only they made) leads what the proxies injected at their step, which
    # every row there met. One a fair share of the other rows carry too (a retry after a concurrency cap's refusals)
    # says how the rows came to wait, not why: what the proxies injected there, the refusals that set it off, leads.
    # The dependency's own errors there (past its capacity: the 429s its queue answered) set off such retries too,
    # ahead of what was injected (the matrix's model_queue: a p99 named by the 4 s latency every row at step 3 met).
    injected = [w for w in others if w.kind in (SeenKind.OWN_ERRORS, SeenKind.INJECTED)] if common else []
    # The dependency's own slowest answers at their step, far beyond its median with no delay injected in them (a
    # model whose time varies widely): why the rows there were the slowest, beyond what every row met.
    tail = [w for w in others if w.kind is SeenKind.OWN_TAIL]
    # Rows that retried past the SDKs' default, more than their step's others: named by those retries, as a collapse's
    # slow rows are (load_evidence), however few a tail holds.
    more = _retried_more(frame, rows, step, what, least=1)
    return (
        [Evidence.of(w) for w in own]
        + ([Evidence(more, EvidenceKind.RETRIES)] if more is not None else [])
        + [Evidence.of(w) for w in tail]
        + apart
        + [Evidence.of(w) for w in injected]
        + common
        + said
        + [Evidence.of(w) for w in others if w not in injected + tail]
    )


def rows_step(frame: Frame, rows: np.ndarray) -> int:
    """The step most of ``rows`` that were sent (one at least) were sent in: the step a tail's evidence is read at."""
    steps, counts = np.unique(frame.step[frame.sent(rows)], return_counts=True)
    return int(steps[np.argmax(counts)])


def busy_evidence(judged: Judged, frame: Frame, rows: np.ndarray, what: str) -> list[str]:
    """Where the step most of ``rows`` (``what``: the slowest of a latency gate) were sent in ran on a busy machine
    (``_busy_at``), the line saying so: after what the rows share (``tail_evidence``), it names a tail only where
    nothing else does (an unchanged release's p99 past its gate beside a loaded CI is the machine's)."""
    if not frame.sent(rows).any():
        return []
    step = rows_step(frame, rows)
    busy = _busy_at(judged, step)
    return [] if busy is None else [f"{what} were sent at step {step}, on a busy machine: {busy}"]


def _windows_last(seen: list[Seen]) -> list[Seen]:
    """What the proxies saw, when a rule's window was open (and the calls it hit) after the others: what the proxies
    injected says what they did, a window only when (a step's 1 s ramp, then its 4 s, named a cap's p99 and a
    collapse under it "the window 'ramp' hit 12 of its 51 calls")."""
    return sorted(seen, key=lambda w: w.kind is SeenKind.WINDOW)


def answered_itself(judged: Judged, frame: Frame, step: int) -> list[str]:
    """Where the service answered ITSELF or more of ``step``'s rows itself, without a call upstream (its own
    concurrency limit refusing them): fewer calls were left to meet the scenario's errors, so few retries to measure
    there; named by what the service says of those rows."""
    if frame.calls is None:
        return []
    sent = frame.sent(frame.step == step)
    none = sent & (frame.calls == 0)
    if none.sum() < MIN_ROWS or none.sum() < ITSELF * sent.sum():
        return []
    said = [e.text for e in reason_evidence(judged, frame, none)]
    return [
        f"the service answered {none.sum()} of the {sent.sum()} rows at step {step} itself, without a call upstream"
        + (f": {said[0]}" if said else "")
    ]
