"""What the fault proxies saw at a step, as evidence: the faults they injected, errors the dependency
answered itself and calls it ended unanswered, the calls the service gave up on (its own timeout), how it
came back after an error answer, and the time it held rows beyond their upstream calls. A cause finding
names these first: the fault a rehearsal put in a dependency, or a timeout the service hides behind a retry
or a fallback model, is where a regression starts. Each observation is a ``Seen`` record: its kind and the
dependency it is about are what the findings choose by, its text what the report says."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from replay.config.faults import ABORTS, LIMITS, STREAM_PHASE, Fault, FaultsConfig
from replay.config.loader import format_duration
from replay.judge.evaluate import MIN_RETRIES
from replay.judge.frame import Frame
from replay.judge.upstream import RuleHits, ceiling
from replay.report.retries import INJECTED_SHARE, LOCKSTEP_SAID, LONG_SAID, WAITED_SAID, early_said
from replay.util.stats import pct, quantile

__all__ = [
    "BACKED_OFF",
    "FAILED_BY",
    "MIN_ROWS",
    "SIGNAL_MIN",
    "Seen",
    "SeenKind",
    "failed_at",
    "held_at",
    "injected_behind",
    "own_tails",
    "retry_timing",
    "rule_said",
    "rules_at",
    "slower_upstream",
    "unmatched_at",
    "upstream_at",
    "windows_unopened",
]

SIGNAL_MIN = (
    0.10  # a share this far from production's (a signal), or of a proxy's calls (errors, calls given up), is evidence
)
MIN_ROWS = 5  # fewer rows than this say nothing
CHANCE = 0.01  # a rule that met no call where chance alone had it meet some all but this often: evidence
MIN_CALLS = 2  # a proxy's calls failed or given up on: one of a few is an event, not a share of them
HELD = 0.5  # seconds rows spent in the service beyond their upstream calls, more than at the reference step
QUEUED = (  # how held_at says what that time was, where nothing says the machine was busy
    ": time inside the service (a queue at its concurrency limit) or in a dependency no fault proxy sees, "
    "not in the call"
)
# An upstream's own slowest answers (p99, injected delay not counted) this many times its median, and this many
# seconds over it: a tail of its own (a model's time that varies widely, a dependency or its machine stalling)
OWN_TAIL, OWN_TAIL_FLOOR = 3.0, 1.0
LOCKSTEP = 0.1  # first retries' waits spread less than this (p10..p50 over p50) are lockstep: no jitter
LONG_WAIT = 2.0  # seconds (median) a retry waited: four times the SDKs' first back-off (0.5 s) ...
LONG_SHARE = 1.5  # ... and this many times the retry-after advised, where one was: a long back-off
EARLY = 0.6  # retries back after less than this share of the advised retry-after (median) ignored it
ANSWERED = ("error", *LIMITS)  # faults the proxy answers with a status of its own
# Faults that fail the call they fire on (no answer, an error, a broken stream), not only slow it.
FAILING = (*ABORTS, "stream_stall", "stream_truncate", "stream_error")
_LIMITED = {  # what a limit's refusals were, beside its count
    "rate_limit": " (429s its token bucket answered, the wait until a token in retry-after)",
    "concurrency": " (calls past its cap on calls in flight, refused at once)",
}


class SeenKind(StrEnum):
    """What one observation of a fault proxy at a step says of its dependency."""

    OWN_ERRORS = "own_errors"  # errors the dependency answered itself (past its capacity: a 429, a 529)
    OWN_DROPPED = "own_dropped"  # calls it ended without an answer itself (a closed or refused connection)
    GAVE_UP = "gave_up"  # calls the service gave up on before they answered (a timeout on its side)
    OWN_TAIL = "own_tail"  # its own slowest answers far beyond its median, no injected delay in them
    WINDOW = "window"  # when a fault rule's window was open at the step, and the calls it hit
    INJECTED = "injected"  # the faults the proxy injected in its calls
    LOCKSTEP = "lockstep"  # the service's first retries to it waited alike: no jitter
    RETRY_AFTER_IGNORED = "retry_after_ignored"  # its retries came back well before the retry-after advised
    LONG_BACKOFF = "long_backoff"  # its retries waited long after the error answer
    ADVISED_WAIT = "advised_wait"  # its retries waited long as the retry-after its answers advised asked


# The dependency failed the calls itself, or took longer than the service waits for it: a dependency to blame. Not
# its own slow tail (OWN_TAIL), which fails no call however slow.
FAILED_BY = frozenset({SeenKind.OWN_ERRORS, SeenKind.OWN_DROPPED, SeenKind.GAVE_UP})
# How the service came back after error answers that is the release's own doing. Not lockstep: its evidence threshold
# (LOCKSTEP) lies within the spread a loaded machine leaves of production's jittered retries (0.16-0.30 seen).
BACKED_OFF = frozenset({SeenKind.RETRY_AFTER_IGNORED, SeenKind.LONG_BACKOFF})


@dataclass(frozen=True, slots=True)
class Seen:
    """One thing a fault proxy saw at a step: the dependency (the proxy's name) it is about, what kind of thing,
    the line the report says of it, and whether it says why calls failed there (``failed_at``)."""

    dependency: str
    kind: SeenKind
    step: int
    text: str
    failing: bool = False  # FAILED_BY, or faults injected of which one fails a call (FAILING); a delay fails none


def upstream_at(frame: Frame, step: int) -> list[Seen]:
    """What the fault proxies saw at ``step`` (over every repetition): the faults they injected, errors and
    unanswered calls the dependency gave itself, and the calls that ended without an answer because the
    service gave up on them (its own timeout). The fault a rehearsal put in a dependency, and a timeout the
    service hides behind a retry or a fallback model, are the first things to name."""
    calls: Counter[str] = Counter()
    gone: Counter[str] = Counter()
    dropped: Counter[str] = Counter()
    fired: dict[str, Counter[str]] = {}
    statuses: dict[str, Counter[str]] = {}
    came: dict[str, dict] = {}
    windows: dict[str, dict[str, dict]] = {}
    timed = _timed_at(frame, step)
    by_rule = rules_at(frame, step)
    for counts in frame.proxies:
        came |= counts.retries.get(step, {})
        for proxy, rules in counts.windows.get(step, {}).items():
            for rule, w in rules.items():
                windows.setdefault(proxy, {}).setdefault(rule, {**w, "hit": 0})["hit"] += w["hit"]
        calls.update(counts.upstream.get(step, {}))
        gone.update(counts.abandoned.get(step, {}))
        dropped.update(counts.dropped.get(step, {}))
        for proxy, faults in counts.injected.get(step, {}).items():
            fired.setdefault(proxy, Counter()).update(faults)
        for proxy, answered in counts.statuses.get(step, {}).items():
            statuses.setdefault(proxy, Counter()).update(answered)
    out: list[Seen] = []
    for proxy, n in calls.items():
        times = fired.get(proxy, Counter())  # fault type -> times injected
        # Errors the dependency answered itself (past its capacity, a 429 or 529), beside those injected.
        failed = Counter({c: k for c, k in statuses.get(proxy, Counter()).items() if c.isdigit() and int(c) >= 400})
        injected = sum(times[t] for t in ANSWERED)
        own = failed.total() - injected
        if _some(own, n):
            # Which statuses are its own is known only where none was injected beside them.
            what = "/".join(c for c, _ in failed.most_common()) if not injected else "errors"
            line = f"the {proxy} upstream itself answered {what} to {pct(own / n)} of its {n} calls at step {step}"
            out.append(Seen(proxy, SeenKind.OWN_ERRORS, step, line, failing=True))
        if _some(dropped[proxy], n):
            line = (
                f"the {proxy} upstream itself ended {pct(dropped[proxy] / n)} of its {n} calls at step {step} without "
                "an answer (it closed or refused the connection, or answered no HTTP)"
            )
            out.append(Seen(proxy, SeenKind.OWN_DROPPED, step, line, failing=True))
        # A reset or hang the proxy injected ends a call unanswered too: those are the fault's, not the service's.
        gone[proxy] -= sum(times[t] for t in ABORTS if t not in ANSWERED)
        said = [
            f"{fault} {k} {'time' if k == 1 else 'times'}{_LIMITED.get(fault, '')}"
            for fault, k in times.most_common()
            if k
        ]
        if _some(gone[proxy], n):  # first: the release's own timeout, where the faults are the scenario's
            line = (
                f"the service gave up on {pct(gone[proxy] / n)} of its {n} calls to {proxy} at step {step} before "
                "they answered (a timeout on its side)"
            )
            out.append(Seen(proxy, SeenKind.GAVE_UP, step, line, failing=True))
        out += _own_tail(proxy, timed.get(proxy), step)
        out += _windows(frame, step, proxy, windows.get(proxy, {}), by_rule.get(proxy, {}), n)
        if said:  # times, not shares: two rules of one type may both fire on a call (by rule, shares)
            line = _by_rule(proxy, by_rule.get(proxy), n, step) or (
                f"the {proxy} fault proxy injected {', '.join(said)} in its {n} calls at step {step}"
            )
            out.append(Seen(proxy, SeenKind.INJECTED, step, line, failing=any(times[t] for t in FAILING)))
        out += retry_timing(proxy, came.get(proxy), step)
    return out


def rules_at(frame: Frame, step: int) -> dict[str, dict[str, RuleHits]]:
    """proxy -> rule name -> what it did at ``step`` over every repetition (none from counters before version 2)."""
    out: dict[str, dict[str, RuleHits]] = {}
    for counts in frame.proxies:
        for proxy, rules in counts.rules.get(step, {}).items():
            for name, r in rules.items():
                out.setdefault(proxy, {}).setdefault(name, RuleHits(r.type, r.does)).hit += r.hit
    return out


def rule_said(name: str, rule: RuleHits) -> str:
    """A rule as the report names it: what it does, after its name where it has one of its own (an unnamed rule's is
    its type), its parameters in brackets where they are several: ``latency 250 ms ± 50 ms``, ``error (503,
    probability 0.2)``, ``'case-latency' (latency 4 s, probability 0.1)``."""
    if name != rule.type:
        return f"{name!r} ({rule.does})"
    if "," not in rule.does or not rule.does.startswith(rule.type):
        return rule.does
    return f"{rule.type} ({rule.does[len(rule.type) :].lstrip(', ')})"


def _by_rule(proxy: str, rules: dict[str, RuleHits] | None, n: int, step: int) -> str:
    """What ``proxy``'s rules did to its ``n`` calls at ``step``, each by its own parameters and its share of the
    calls (a rule acts on a call once), most first; "" where its counters said no rules (before version 2)."""
    fired = sorted(((r.hit, name, r) for name, r in (rules or {}).items() if r.hit), key=lambda x: -x[0])
    if not fired or not n:
        return ""
    share = [(rule_said(name, r), k, f"({pct(k / n)}{_limited(r.type)})") for k, name, r in fired]
    if len(share) == 1:
        (what, k, of), *_ = share
        return f"the {proxy} fault proxy injected {what} on {k} of its {n} calls at step {step} {of}"
    each = ", ".join(f"{what} on {k} {of}" for what, k, of in share)
    return f"the {proxy} fault proxy injected, of its {n} calls at step {step}: {each}"


def _limited(fault: str) -> str:
    """What a limit's refusals were, inside its share's brackets: "(20%; 429s its token bucket answered, ...)", not a
    second pair of brackets after the first."""
    note = _LIMITED.get(fault, "").strip()
    return f"; {note[1:-1]}" if note else ""


def _some(k: int, n: int) -> bool:
    """Whether ``k`` of a proxy's ``n`` calls at a step say something of them: SIGNAL_MIN of them, and MIN_CALLS at
    least (the matrix's wrong_shape: a collapse at step 3 named by "the service gave up on 14% of its 7 calls to
    fallback", one call; budget_severe's "100% of its 1 calls")."""
    return k >= MIN_CALLS and k / n >= SIGNAL_MIN


def failed_at(frame: Frame, step: int) -> list[Seen]:
    """Of what the fault proxies saw at ``step`` (``upstream_at``), what says why calls failed there (``Seen.failing``):
    errors or unanswered calls the dependency gave itself, the calls the service gave up on, faults injected that fail
    a call (FAILING; a delay alone fails none)."""
    return [w for w in upstream_at(frame, step) if w.failing]


def retry_timing(proxy: str, came: dict | None, step: int) -> list[Seen]:
    """How the service came back to ``proxy`` after its error answers at ``step``: retries in lockstep (waits
    alike: no jitter, so a burst of failures comes back as a burst), retries well before
    the retry-after the answers advised (ignored: they meet the same limit again), and long waits (a
    back-off that costs its rows their latency)."""
    if not came or (came["waited"]["n"] or 0) < MIN_RETRIES:
        return []
    out: list[Seen] = []
    lock = came["lockstep"]
    if lock["spread"] is not None and lock["n"] >= MIN_RETRIES and lock["spread"] < LOCKSTEP:
        of = "of the retry-after advised" if lock["basis"] == "advised" else "after the error answer"
        said = (
            f"the {lock['n']} first retries to {proxy} at step {step} waited alike ({of}, spread "
            f"{lock['spread']:.2f} from p10 to the median, over it): {LOCKSTEP_SAID}"
        )
        out.append(Seen(proxy, SeenKind.LOCKSTEP, step, said))
    share, advised = came["share"], came["advised"]
    if (share["n"] or 0) >= MIN_RETRIES and share["p50"] is not None and share["p50"] < EARLY:
        said = (
            f"retries to {proxy} at step {step} came back after {came['waited']['p50']:.2f} s (median) where its "
            f"answers advised retry-after {advised['p50']:.2f} s: {pct(1 - share['p50'])} too early, "
            + early_said(ceiling(came))
        )
        out.append(Seen(proxy, SeenKind.RETRY_AFTER_IGNORED, step, said))
    waited = came["waited"]["p50"]
    beyond = (share["n"] or 0) >= MIN_RETRIES and share["p50"] is not None and share["p50"] > LONG_SHARE
    if waited is not None and waited >= LONG_WAIT and (beyond or not share["n"]):
        asked = f", {share['p50']:.1f}x the retry-after its answers advised" if beyond else ""
        said = f"retries to {proxy} at step {step} waited {waited:.2f} s (median) after the error answer{asked}: "
        out.append(Seen(proxy, SeenKind.LONG_BACKOFF, step, said + LONG_SAID))
        return out
    # As long as the answers' retry-after asked: the dependency's own wait, waited out, that the rows retried through
    # took (the matrix's 429s advising 20 s: the step's collapse said only "error 38 times" of them)
    if waited is not None and waited >= LONG_WAIT and (share["n"] or 0) >= MIN_RETRIES and share["p50"] >= EARLY:
        said = (
            f"retries to {proxy} at step {step} waited {waited:.2f} s (median), as the retry-after its answers "
            f"advised asked ({advised['p50']:.2f} s): {WAITED_SAID}"
        )
        out.append(Seen(proxy, SeenKind.ADVISED_WAIT, step, said))
    # Beside retries that waited out a retry-after, those after answers that advised none: the service's own back-off.
    own = came.get("unadvised") or {}
    if (own.get("n") or 0) >= MIN_RETRIES and own.get("p50") is not None and own["p50"] >= LONG_WAIT:
        said = (
            f"the {own['n']} first retries to {proxy} at step {step} after answers that advised no retry-after waited "
            f"{own['p50']:.2f} s (median): {LONG_SAID}"
        )
        out.append(Seen(proxy, SeenKind.LONG_BACKOFF, step, said))
    return out


def _windows(
    frame: Frame, step: int, proxy: str, windows: dict[str, dict], rules: dict[str, RuleHits], n: int
) -> list[Seen]:
    """The window lines of ``proxy``'s rules at ``step``. A windowed rule is said once: where the proxy counted it by
    rule, its share of the calls, with its window (``Fault.does``: "from 4 s to 9 s"), in the line of what it injected
    (the line the causes cite); the window's own line only for a window that met no call where that is evidence
    (``_missed``), or counters by type alone (before version 2)."""
    shared = {r for r, hits in rules.items() if hits.hit}
    return [
        _window(proxy, r, w, n, step)
        for r, w in windows.items()
        if r not in shared
        and (w["hit"] or _missed(rules[r].type if r in rules else None, w, n, _step_length(frame, step)))
    ]


def _timed_at(frame: Frame, step: int) -> dict[str, dict[str, float]]:
    """proxy -> the upstream's own answer times at ``step`` ({"n", "p50", "p99"}, injected delay not counted), of the
    repetition that timed the most answers."""
    timed: dict[str, dict[str, float]] = {}
    for counts in frame.proxies:
        for proxy, t in counts.answer_time.get(step, {}).items():
            if t["n"] > timed.get(proxy, {}).get("n", 0):
                timed[proxy] = t
    return timed


def _tailed(t: dict[str, float] | None) -> bool:
    """Whether answer times ``t`` hold a tail of the upstream's own (OWN_TAIL), MIN_ROWS answers or more."""
    return bool(t) and t["n"] >= MIN_ROWS and t["p99"] >= OWN_TAIL * t["p50"] and t["p99"] - t["p50"] >= OWN_TAIL_FLOOR


def own_tails(frame: Frame, steps: list[int]) -> dict[str, dict[int, dict[str, float]]]:
    """proxy -> step -> its upstream's own answer times there ({"n", "p50", "p99"}), of the upstreams whose slowest
    answers were far beyond their median (OWN_TAIL) at the first of ``steps`` and at half or more of those where they
    answered MIN_ROWS calls: a tail of the dependency's own from the first step (a model whose time varies widely, a
    search that stalls), which no fault rule injected, not one stall of a loaded machine. Each such step's figures."""
    timed = {step: _timed_at(frame, step) for step in steps}
    out: dict[str, dict[int, dict[str, float]]] = {}
    for proxy in timed[steps[0]] if steps else {}:
        answered = [s for s in steps if (timed[s].get(proxy) or {}).get("n", 0) >= MIN_ROWS]
        tailed = {s: timed[s][proxy] for s in answered if _tailed(timed[s][proxy])}
        if steps[0] in tailed and 2 * len(tailed) >= len(answered):
            out[proxy] = tailed
    return out


def _own_tail(proxy: str, t: dict[str, float] | None, step: int) -> list[Seen]:
    """The upstream's slowest answers at ``step`` far beyond its median (OWN_TAIL), the proxy's time of them with no
    injected delay in it: the dependency's own doing (or its machine's), which no fault of the scenario explains."""
    if not t or not _tailed(t):
        return []
    said = (
        f"the {proxy} upstream itself took {t['p99']:.2f} s for its slowest answers at step {step} (p99 of "
        f"{int(t['n'])}, median {t['p50']:.2f} s), no injected delay in it"
    )
    return [Seen(proxy, SeenKind.OWN_TAIL, step, said)]


def slower_upstream(frame: Frame, step: int, least: float, q: float = 0.5) -> list[str]:
    """The upstream whose own answers at ``step`` (injected delay not counted) took ``least`` seconds or more at their
    quantile ``q`` (the median, p90 or p99 the proxies count): a dependency slower than production's of itself (a
    slower model), named where no fault or timeout says so. ``least``: production's whole time at that quantile on
    the same prompts or more (a latency cause's extra time, a gate's bound on production's), of which an upstream
    production waited on took a part: an unchanged one stays under it (the matrix's search 300 ms slower: the
    unchanged model's median 0.52 s, under the 150% gate's 0.75 s)."""
    key = {0.5: "p50", 0.9: "p90", 0.99: "p99"}.get(q)
    timed = _timed_at(frame, step)
    fits = [(t[key], proxy, t) for proxy, t in timed.items() if key and t["n"] >= MIN_ROWS and t[key] >= least]
    if not key or not fits:
        return []
    took, proxy, t = max(fits)
    what = "to answer (median" if key == "p50" else f"for its answers' {key} ({key}"
    return [f"the {proxy} upstream itself took {took:.2f} s {what} of {int(t['n'])}) at step {step}, no injected delay"]


def injected_behind(frame: Frame, rows: np.ndarray, what: str) -> list[str]:
    """The one fault that fails a call (FAILING) a proxy injected at the steps where INJECTED_SHARE or more of
    ``rows`` (``what``: the fallback rows) were sent: the fault behind them, which what the service says of them
    (its own timeout on a hung call, then a fallback) only follows. Where several fit the steps, the one whose phase
    fits how the rows' calls failed (``_in_phase``); none where two still fit alike (an outage beside a hang at
    every such step): neither the steps nor the calls tell them apart."""
    sent = frame.sent(rows)
    if sent.sum() < MIN_ROWS:
        return []
    times: dict[tuple[str, str], Counter[int]] = {}  # (proxy, fault) -> step -> times injected
    calls: dict[str, Counter[int]] = {}  # proxy -> step -> calls seen
    for counts in frame.proxies:
        for step, proxies in counts.injected.items():
            for proxy, faults in proxies.items():
                for fault, k in faults.items():
                    if fault in FAILING and k:
                        times.setdefault((proxy, fault), Counter())[step] += k
        for step, seen in counts.upstream.items():
            for proxy, n in seen.items():
                calls.setdefault(proxy, Counter())[step] += n
    share = {key: float(np.isin(frame.step[sent], sorted(at)).mean()) for key, at in times.items()}
    behind = [key for key, s in share.items() if s >= INJECTED_SHARE]
    if len(behind) > 1:
        behind = _in_phase(frame, sent, behind)
    if len(behind) != 1:
        return []
    (proxy, fault), at = behind[0], times[behind[0]]
    held = sorted(set(frame.step[sent].tolist()) & set(at))  # the steps those rows were sent in, the fault injected
    steps = ", ".join(str(s) for s in held[:-1]) + (" and " if len(held) > 1 else "") + str(held[-1])
    n = sum(calls.get(proxy, Counter())[s] for s in held)
    where = f"at step{'s' if len(held) > 1 else ''} {steps}, where {pct(share[behind[0]])} of {what} were sent"
    by = _one_rule(frame, proxy, fault, held)
    if by is not None and n:  # one rule did it: named, by its own parameters, with its share of the calls
        k = by[1].hit
        return [f"the {proxy} fault proxy injected {rule_said(*by)} on {k} of its {n} calls ({pct(k / n)}) {where}"]
    return [f"the {proxy} fault proxy injected {fault} {sum(at[s] for s in held)} times in its {n} calls {where}"]


def _one_rule(frame: Frame, proxy: str, fault: str, steps: list[int]) -> tuple[str, RuleHits] | None:
    """The one rule of type ``fault`` that acted on ``proxy``'s calls at ``steps`` (its hits summed over them), None
    where several did or the counters said no rules (before version 2)."""
    hits: dict[tuple[str, str], RuleHits] = {}
    for step in steps:
        for name, r in rules_at(frame, step).get(proxy, {}).items():
            if r.type == fault and r.hit:
                hits.setdefault((name, r.does), RuleHits(r.type, r.does)).hit += r.hit
    if len(hits) != 1:
        return None
    (name, _), r = next(iter(hits.items()))
    return name, r


def _in_phase(frame: Frame, rows: np.ndarray, faults: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Of the (proxy, fault) pairs that fit the steps ``rows`` were sent in, those that fit how the rows' calls
    through that proxy failed (INJECTED_SHARE or more of the rows alike, where the proxy counted calls per request): a
    row the proxy refused every call of before any answer (ABORTS) never met a broken stream, and one with a call it
    let through failed on that call after its answer began (a stream cut, an error event, a stall), which no refusal
    does: an outage's 503s on the primary model, then the fallback model's streams cut, are named by the cut streams.
    Each proxy's own calls: the search proxy's 503s say nothing of how the model's calls failed."""
    return [f for f in faults if _fits_phase(frame, rows, *f)]


def _fits_phase(frame: Frame, rows: np.ndarray, proxy: str, fault: str) -> bool:
    """Whether ``fault`` of ``proxy`` fits how the rows' calls through it failed (``_in_phase``); True where the
    proxy counted too few of their calls to tell."""
    calls, aborted = frame.calls_by.get(proxy), frame.aborted_by.get(proxy)
    if calls is None or aborted is None:
        return True
    called = rows & (calls > 0)
    if called.sum() < MIN_ROWS:
        return True
    through = float((aborted[called] < calls[called]).mean())
    if through >= INJECTED_SHARE:
        return fault not in ABORTS
    return through > 1 - INJECTED_SHARE or fault in ABORTS


def _window(proxy: str, rule: str, w: dict, calls: int, step: int) -> Seen:
    """A rule's window at a step: when it was open and the calls it hit (an outage that met no call is said too)."""
    end = "the step's end" if w["end"] is None else f"{format_duration(w['end'])}"
    said = (
        f"the {proxy} fault proxy's window {rule!r} ({format_duration(w['start'])} to {end} into step {step}) "
        f"hit {w['hit']} of its {calls} calls"
    )
    return Seen(proxy, SeenKind.WINDOW, step, said)


def _missed(rule_type: str | None, w: dict, calls: int, length: float) -> bool:
    """Whether a window that acted on no call (``w``, of a rule of ``rule_type``: None where the counters do not say)
    is evidence: an outage no call met, where the service stopped calling the dependency. Not where chance alone
    left it no call (CHANCE), the step's ``calls`` taken as spread over its ``length`` seconds: a window that opens
    after the step ends (a rule meant for longer steps) or is open for a moment of it. Not a limit's: a bucket or a
    cap counts the calls it refused, and one that refused none says the calls came slowly, not that none came. A
    step of unknown length: said."""
    if rule_type in LIMITS:
        return False
    return length <= 0 or (1 - _open_share(w["start"], w["end"], length)) ** calls < CHANCE


def windows_unopened(frame: Frame) -> list[str]:
    """A note per step and fault proxy whose rules' windows open after the step ends (a scenario's faults timed for
    longer steps than the run's: the demo's outage at 4 to 9 s in 4 s steps): the rule never acted there, said once
    here rather than as a window that met no call (``_missed``)."""
    out = []
    for step in sorted({s for counts in frame.proxies for s in counts.windows}):
        if (length := _step_length(frame, step)) <= 0:
            continue
        late: dict[str, dict[str, float]] = {}  # proxy -> rule -> when its window opens
        for counts in frame.proxies:
            for proxy, rules in counts.windows.get(step, {}).items():
                late.setdefault(proxy, {}).update({r: w["start"] for r, w in rules.items() if w["start"] >= length})
        for proxy, rules in late.items():
            if rules:
                said = " and ".join(f"{r!r} (from {format_duration(t)})" for r, t in rules.items())
                which = "window" if len(rules) == 1 else "windows"
                opens = "opens" if len(rules) == 1 else "open"
                out.append(
                    f"the {proxy} fault proxy's {which} {said} {opens} after step {step}'s {format_duration(length)}: "
                    "never in force in this run (the scenario timed its faults for longer steps)"
                )
    return out


def _step_length(frame: Frame, step: int) -> float:
    """The step's length in one repetition (0: unknown): a run's proxies count its own steps."""
    return frame.durations.get(step, 0.0) / max(1, len(frame.proxies))


def unmatched_at(frame: Frame, faults: Sequence[FaultsConfig], step: int) -> list[str]:
    """The scenario's error rules at ``step`` that match one path only and answered none of the calls their proxy
    saw there, where chance alone would have fired them (all but 1 in 100): the service calls another path
    (another API, a renamed route), which the faults meant for it never reach. A rule with a window (an outage)
    has its chance on the calls its window's share of the step would hold, the calls taken as spread over the
    step. Not a limit's: a bucket or a cap refuses nothing when the calls come slowly, whatever their path."""
    calls: Counter[str] = Counter()
    fired: dict[str, Counter[str]] = {}  # proxy -> fault type -> times, and windowed rule name -> calls it hit
    for counts in frame.proxies:
        calls.update(counts.upstream.get(step, {}))
        calls.subtract(counts.abandoned.get(step, {}))  # given up on during an injected delay: no rule's turn came
        for proxy, faults_fired in counts.injected.get(step, {}).items():
            fired.setdefault(proxy, Counter()).update(faults_fired)
        for proxy, windows in counts.windows.get(step, {}).items():
            fired.setdefault(proxy, Counter()).update({f"window:{r}": w["hit"] for r, w in windows.items()})
    length = _step_length(frame, step)  # what a window's share is of
    by_rule = rules_at(frame, step)
    out = []
    for proxy in faults:
        n, seen = max(0, calls[proxy.name]), fired.get(proxy.name, Counter())
        rules = proxy.profile(proxy.step_profile(step)).rules
        # The proxy counts faults by rule (counters version 2); before, by type, and a windowed rule's hits by name.
        hit = (
            {name: r.hit for name, r in by_rule[proxy.name].items()}
            if by_rule.get(proxy.name)
            else {r.name: seen[f"window:{r.name}" if r.windowed else r.type] for r in rules}
        )
        silent = [r for r in rules if r.type == "error" and r.path != "*" and not hit.get(r.name)]
        for path in dict.fromkeys(r.path for r in silent if (1 - r.probability * _share(r, length)) ** n < CHANCE):
            out.append(
                f"the {proxy.name} fault proxy's error on {path} answered none of its {n} calls at step {step}: "
                f"the service's calls take another path than {path}, where the scenario's faults never reach them"
            )
    return out


def _share(rule: Fault, length: float) -> float:
    """The share of a step of ``length`` seconds a rule is in force: its window's (0 where the step's length is
    unknown or the window opens after the step ends), else all of it."""
    return _open_share(rule.start, rule.end, length) if rule.windowed else 1.0


def _open_share(start: float | None, end: float | None, length: float) -> float:
    """The share of a step of ``length`` seconds a window from ``start`` to ``end`` (None: the step's end) is open
    (0 where the length is unknown or the window opens after the step ends)."""
    if length <= 0:
        return 0.0
    return max(0.0, (length if end is None else min(end, length)) - (start or 0.0)) / length


def held_at(frame: Frame, step: int, why: str = QUEUED) -> list[str]:
    """Time the service held its rows beyond their upstream calls at ``step``, grown since the first step with rows:
    of the rows that made exactly one call through the proxy counting calls (no retry, no back-off in between) and
    the step's usual number through every other proxy (``_calls_through``), their service time's median and 90th
    percentile less the same quantiles of the time a call took through each proxy (injected delay included), times
    the calls, summed over proxies; the larger. Quantile against quantile, not rows picked by their own slowness (a
    slow row is also one whose call was long). Calls are taken as sequential (the search, then the model): calls a
    service makes side by side overlap, so their sum overstates the time they took and the time held reads low,
    never a dependency's time said as the service's; and a sum of quantiles is at least the quantile of a sum. A
    queue in front of a concurrency limit, or a dependency no proxy sees, grows it, on the slower rows first;
    upstream latency does not. ``why``: what the line says the time was (QUEUED: the service's own, where nothing
    says the machine was busy)."""
    if frame.calls is None:
        return []
    times: dict[int, dict[str, dict[str, list[float]]]] = {}  # step -> proxy -> quantile -> each run's
    for counts in frame.proxies:
        for proxy in counts.injected.get(step, {}).values():
            if any(proxy.get(t) for t in STREAM_PHASE):
                return []  # a throttled or stalled body goes on after the proxy's time of the call ends
        for k, per in counts.call_time.items():
            for name, qs in per.items():
                for q, t in qs.items():
                    times.setdefault(k, {}).setdefault(name, {}).setdefault(q, []).append(t)
    counted = next((c.counted_by for c in frame.proxies if c.counted_by), "")

    def held(k: int) -> float | None:
        m = frame.sent(frame.step == k) & (frame.calls == 1) & ~np.isnan(frame.service)
        if counted not in times.get(k, {}):
            return None
        m, calls = _calls_through(frame, k, m, counted, times[k])
        if m.sum() < MIN_ROWS:
            return None
        gaps = [
            quantile(frame.service[m], float(q[1:]) / 100)
            - sum(n * float(np.mean(times[k][name].get(q, [0.0]))) for name, n in calls.items())
            for q in times[k][counted]
        ]
        return max(gaps) if gaps else None

    ref = next((k for k in sorted(times) if held(k) is not None), None)
    now = held(step)
    if ref is None or ref == step or now is None:
        return []
    then = held(ref) or 0.0
    if now < HELD or now - then < HELD:
        return []
    return [
        f"the service held its rows up to {now:.1f} s beyond their upstream calls at step {step} ({then:.1f} s "
        f"at step {ref}){why}"
    ]


def _calls_through(
    frame: Frame, step: int, rows: np.ndarray, counted: str, timed: dict[str, dict[str, list[float]]]
) -> tuple[np.ndarray, dict[str, float]]:
    """Of ``rows`` (one call through ``counted``), those that made the step's most common number of calls through
    every other proxy timed at ``step``, and the calls each proxy's time counts for: per row where the proxy counted
    request ids, else its calls at the step over the rows sent there (a dependency the service calls without the
    id)."""
    calls: dict[str, float] = {counted: 1.0}
    for name in timed:
        if name == counted:
            continue
        through = frame.calls_by.get(name)
        if through is not None and through.any():
            seen, n = np.unique(through[rows], return_counts=True)
            if not len(seen):
                continue
            calls[name] = float(seen[np.argmax(n)])
            rows = rows & (through == calls[name])
        else:
            sent = int(frame.sent(frame.step == step).sum())
            made = sum(c.upstream.get(step, {}).get(name, 0) for c in frame.proxies)
            calls[name] = made / sent if sent else 0.0
    return rows, calls
