"""Upstream calls: what the fault proxies counted, and retry amplification (one definition).

**Retry amplification** is upstream calls per request that called upstream at all: the calls every
attempt of a request caused (retries included) to the one dependency it called most (each fault proxy's
upstream is one), over the attempts of those requests. It is the load a request multiplies on a dependency,
which is what retries do: a fallback to another model behind its own proxy is that model's first call, not a
retry of the primary (a release whose fallback answers is no more amplifying than one that gives up), and the
figure does not hang on the order of the scenario's ``[[faults]]`` (the first proxy counting ids was the
primary model's only by convention; the search's, listed first, read 1.00). Requests that
made no upstream call (a prompt the service refused before the model, an answer from its cache) are
counted apart (``zero_call``), not averaged in as zeros: production refusing 24% of prompts before
the model does not make its amplification 0.76.

Where the figures come from, best first (``Amplification.source``):
  * ``request``: the fault proxy counted calls per request id (``by_request``; the runner sends
    ``x-replay-id: <run>/<row>`` and the service passes it on to its upstream calls). Exact, and a
    retry counts in the step of the request that caused it, whenever it reached the proxy.
  * ``header``: the service's own retries header (``[checks] retries_header``): ``1 + retries`` per
    attempt (none said: no retries). Requests that made no call cannot be told apart.
  * ``step``: the proxy's calls per step over the step's attempts; a retry counts in the step in
    which it reached the proxy, and zero-call requests are in the denominator.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import numpy as np
import orjson

from replay.errors import BadInput
from replay.faults.counters import VERSION as COUNTERS_VERSION
from replay.runner.results import Result, Run
from replay.runner.rundir import FAULTS, damaged, read_run_file
from replay.util.records import JsonRecord

__all__ = [
    "DEFINITION",
    "Amplification",
    "CameBack",
    "Ceiling",
    "ProxyCounts",
    "RuleHits",
    "Source",
    "amplification",
    "came_back",
    "ceiling",
    "problem",
    "read_proxies",
    "rerouted_by_faults",
    "row_aborted",
    "row_calls",
    "rows_through",
]

DEFINITION = (
    "upstream calls per request to the dependency it called most, of the requests that called upstream at all "
    "(requests without a call counted apart)"
)


class Source(StrEnum):
    REQUEST = "request"  # per request id, from the fault proxy
    HEADER = "header"  # the service's retries header
    STEP = "step"  # the fault proxy's calls per step
    NONE = "none"


# told, early, honoured, past, scattered (None: not counted): what ``ceiling`` reads
Ceiling = tuple[int, int, int, int, int | None]
# First retries after an advised wait, this share of them back after all of it or more: the lockstep spread's lower
# decile, which a busy machine makes of no jitter drawn under the advice (it only delays a retry): the release drew none
# there. Production's jittered release beside two spinning processes and other suites (load 17-25): 5-16 of its 21-25
# first retries at step 1; jitter 0: all of them.
WAITED_ALL = 0.9


@dataclass(slots=True)
class CameBack:
    """How the service came back after its dependencies' error answers (the fault proxies' "retries"), in
    counts that add up over proxies, segments and repetitions: the retry gates' figures."""

    answers: int = 0  # error answers to calls with a request id
    retried: int = 0  # of those, calls the service tried again
    told: int = 0  # retries after an answer that advised a retry-after
    early: int = 0  # of those, back within half the advised wait (replay.faults.counters.EARLY)
    first: int = 0  # first retries the lockstep spread is read from (a spread takes 2)
    spread: float | None = None  # their spread, of the proxy with the most of them that has one
    under: float | None = None  # the same with waits past the retry-after read as all of it (None: not read)
    unadvised: int = 0  # first retries after answers that advised no retry-after, the back-off is read from
    backoff: float | None = None  # their median wait in seconds (the service's own back-off), as spread
    # The first retries after an answer that advised a retry-after, those of them back within half of it and after all
    # of it, the retries back well past it and the first ones back near none of it (``ceiling``); None: not counted
    # (counters before them)
    ceiling: Ceiling | None = (0, 0, 0, 0, 0)

    def add(self, came: dict[str, Any] | None) -> None:
        """Count in a segment's "retries" (as the proxy serves them)."""
        if came:
            lock = came["lockstep"]
            n = int(lock["n"] or 0)
            own = came.get("unadvised") or {}  # absent from a proxy's counters before the back-off was timed
            k = int(own.get("n") or 0)
            self.merge(
                CameBack(
                    int(came.get("answers") or 0),
                    int(came.get("retried") or 0),
                    int(came["share"]["n"] or 0),
                    int(came.get("early") or 0),
                    n,
                    lock["spread"],
                    lock.get("under"),  # absent from a proxy's counters before it was read
                    k,
                    own.get("p50") if k else None,
                    ceiling(came),
                )
            )

    def merge(self, other: CameBack) -> None:
        self.answers += other.answers
        self.retried += other.retried
        self.told += other.told
        self.early += other.early
        mine, theirs = self.ceiling, other.ceiling
        if mine is None or theirs is None:
            self.ceiling = None
        else:
            near = None if mine[4] is None or theirs[4] is None else mine[4] + theirs[4]
            self.ceiling = (mine[0] + theirs[0], mine[1] + theirs[1], mine[2] + theirs[2], mine[3] + theirs[3], near)
        # the proxy with a spread and the most first retries; with none, the most first retries (too few for one)
        if (other.spread is not None, other.first) > (self.spread is not None, self.first):
            self.first, self.spread, self.under = other.first, other.spread, other.under
        if other.backoff is not None and other.unadvised > self.unadvised:
            self.unadvised, self.backoff = other.unadvised, other.backoff

    def waited_all(self) -> bool:
        """Whether WAITED_ALL or more of the first retries after an answer that advised a wait came back after all of it
        (False where none did, or the proxy did not count them)."""
        if self.ceiling is None:
            return False
        told, _, honoured = self.ceiling[:3]
        return told > 0 and honoured >= WAITED_ALL * told


def ceiling(came: dict[str, Any]) -> Ceiling | None:
    """A proxy's "retries" counts that tell a retry-after read as a ceiling (full jitter) from one never read: its
    first retries after an answer that advised one, those back within half of it, after all of it, and the retries
    back well past it, and the first retries back near none of it (``CameBack.ceiling``; the last None from counters
    before it was counted); None from counters before the others were."""
    first = came.get("first")
    got = (*(first.get(k) for k in ("told", "early", "honoured")), came.get("past")) if isinstance(first, dict) else ()
    if len(got) != 4 or not all(_count(n) for n in got):
        return None  # not counted, or not as counted (a file edited): the counts that tell nothing apart
    near = first.get("scattered")  # type: ignore[union-attr]
    return (*got, near if _count(near) else None)  # type: ignore[return-value]


def _count(n: Any) -> bool:
    return isinstance(n, int) and not isinstance(n, bool) and n >= 0


def came_back(counts: Sequence[ProxyCounts], step: int | None) -> CameBack | None:
    """The retry figures of ``step`` (None: the whole run) over the runs' proxies; None when no run had a proxy."""
    if not any(c.profiles for c in counts):
        return None
    out = CameBack()
    for c in counts:
        if step is not None:
            out.merge(c.came_back.get(step, CameBack()))
        for came in c.totals.values() if step is None else ():
            out.add(came)
    return out


@dataclass(slots=True)
class RuleHits:
    """A fault rule at a step: its type, what it does from its own parameters (``Fault.does``) and the calls it acted
    on, over the step's segments."""

    type: str
    does: str
    hit: int = 0


@dataclass(slots=True)
class ProxyCounts:
    """What the run's fault proxies counted (``faults.json``)."""

    upstream: dict[int, dict[str, int]] = field(default_factory=dict)  # step -> proxy -> requests seen
    profiles: dict[int, dict[str, str]] = field(default_factory=dict)  # step -> proxy -> profile in force
    # request id -> calls, through the first proxy counting ids (``counted_by``: the scenario's first ``[[faults]]``,
    # the primary model's), and of those the calls it failed on purpose: from one proxy, so that "aborted >= calls"
    # means that proxy failed every call of the request (a search proxy's errors are not the model's)
    by_request: dict[str, int] = field(default_factory=dict)
    aborted: dict[str, int] = field(default_factory=dict)
    counted_by: str = ""
    # proxy -> request id -> calls, and -> calls it failed on purpose: which dependency failed a request's calls
    calls_by: dict[str, dict[str, int]] = field(default_factory=dict)
    aborted_by: dict[str, dict[str, int]] = field(default_factory=dict)
    injected: dict[int, dict[str, dict[str, int]]] = field(default_factory=dict)  # step -> proxy -> fault -> times
    # step -> proxy -> calls that ended unanswered because the service left or the proxy cut them (a reset, a hang)
    abandoned: dict[int, dict[str, int]] = field(default_factory=dict)
    # step -> proxy -> calls the upstream itself ended unanswered (closed, refused, no HTTP); 0 in a faults.json
    # written before the proxies said who ended a call (all in ``abandoned`` then)
    dropped: dict[int, dict[str, int]] = field(default_factory=dict)
    statuses: dict[int, dict[str, dict[str, int]]] = field(default_factory=dict)  # step -> proxy -> status -> calls
    # step -> proxy -> {"p50", "p90"} -> seconds a call the upstream answered took through each proxy (its injected
    # delay included): what a request waited on each dependency it called, the model's, the search's, the fallback's
    call_time: dict[int, dict[str, dict[str, float]]] = field(default_factory=dict)
    # step -> proxy -> how the service came back after an error answer (a segment's "retries", see
    # replay.faults.counters): the one with the most retries where a step has several segments
    retries: dict[int, dict[str, dict[str, Any]]] = field(default_factory=dict)
    totals: dict[str, dict[str, Any]] = field(default_factory=dict)  # proxy -> its whole run's "retries"
    came_back: dict[int, CameBack] = field(default_factory=dict)  # step -> summed over proxies and segments
    # step -> proxy -> rule -> its window's {"start", "end"} (seconds into the step) and the calls it "hit"
    windows: dict[int, dict[str, dict[str, dict[str, Any]]]] = field(default_factory=dict)
    # step -> proxy -> rule name -> what it does and the calls it acted on ("rules" of a counters version 2; none in
    # a faults.json written before: ``injected`` alone says what fired there, by type)
    rules: dict[int, dict[str, dict[str, RuleHits]]] = field(default_factory=dict)
    # step -> proxy -> the upstream's own answer times ({"n", "p50", "p99"}, seconds, injected delay not counted):
    # the segment with the most answers where a step has several
    answer_time: dict[int, dict[str, dict[str, float]]] = field(default_factory=dict)
    # step -> proxy -> status -> the upstream's own answers under 400 whose body or a stream event read as an error, no
    # rule's (``replay.faults.watch``; none in a faults.json written before the proxies counted them)
    error_bodies: dict[int, dict[str, dict[str, int]]] = field(default_factory=dict)


def read_proxies(run: Run) -> ProxyCounts:
    """The counters of ``faults.json`` (empty when the run had no fault proxies)."""
    out = ProxyCounts()
    path = run.path / FAULTS  # {"proxies": [{"name", "upstream", "counters": <control /counters>}]}
    if not path.exists():
        # a finished run with fault proxies always wrote it (their counters null where a proxy died), or failed:
        # a run directory copied without it would be judged as if nothing had counted the upstream calls. One that
        # failed before its first send (a proxy killed as it started) never had counters: --partial judges it.
        c = run.info.counts
        sent = c is None or c.unsent < c.planned
        if sent and (faulted := next((s.faults for s in run.info.steps if s.faults), "")):
            raise damaged(path, f"is missing, though the run's steps went through fault proxies ({faulted})")
        return out
    try:
        data = orjson.loads(read_run_file(path))
    except orjson.JSONDecodeError as e:
        raise damaged(path, f"not JSON ({e})") from None
    try:
        why = problem(data)
    except RecursionError:  # orjson reads 1,024 levels deep, more than Python's frames
        why = "not the counters the run wrote (nested too deeply)"
    if why:
        raise damaged(path, why)
    if newer := _newer(data):
        raise BadInput(f"{path}: {newer}")
    if why := _unlisted(data, run):
        raise damaged(path, why)
    try:
        return _read_proxies(data, out)
    except KeyError as e:
        raise damaged(path, f"not the counters the run wrote (a proxy without {e.args[0]!r})") from None
    except (TypeError, ValueError, AttributeError):
        raise damaged(path, "not the counters the run wrote (a field of the wrong type)") from None


# Every number the proxies count is a count, seconds or an epoch time: 0 to this (a p50 of -1 s or 1e308 s was
# reported as what a dependency took); under "retries" a wait may be below 0 (the clock stepped back)
_MOST = 1e11


def problem(data: Any, where: str = "", signed: bool = False) -> str | None:
    """The first number of faults.json ``data`` no proxy counts (below 0, over ``_MOST``), by its path (None
    when none is); ``signed``: below 0 allowed (a retry's wait)."""
    if isinstance(data, dict):
        items: Any = ((f"{where}.{k}" if where else str(k), v, signed or k == "retries") for k, v in data.items())
    elif isinstance(data, list):
        items = ((f"{where}[{i}]", v, signed) for i, v in enumerate(data))
    else:
        if isinstance(data, int | float) and not isinstance(data, bool) and not -_MOST * signed <= data <= _MOST:
            return f"{where} is {data!r} (a count or a time is 0 to {_MOST:g})"
        return None
    return next((why for at, v, sign in items if (why := problem(v, at, sign))), None)


def _newer(data: Any) -> str | None:
    """Why counters a newer replay wrote cannot be read here (a version past ``COUNTERS_VERSION``), None when none
    is; a file without versions is the first format (no per-rule counts)."""
    proxies = data.get("proxies") if isinstance(data, dict) else None
    for proxy in proxies if isinstance(proxies, list) else ():  # not a list: _unlisted says so
        counters = proxy.get("counters") if isinstance(proxy, dict) else None
        version = counters.get("version", 1) if isinstance(counters, dict) else 1
        if not isinstance(version, int) or isinstance(version, bool) or version > COUNTERS_VERSION:
            return (
                f"fault proxy {proxy.get('name')!r}: counters of version {version!r}, this replay reads "
                f"{COUNTERS_VERSION} and before; report it with the replay that ran it"
            )
    return None


def _unlisted(data: Any, run: Run) -> str | None:
    """Why faults.json ``data`` does not list the run's proxies as the run wrote them (None when it does): each a
    named object, and some where the run's steps went through fault proxies (without them the run was judged as
    one no proxy counted: exit 0 on counters gone; a proxy named 3 was a traceback at report.json's write)."""
    proxies = data.get("proxies") if isinstance(data, dict) else None
    named = isinstance(proxies, list) and all(isinstance(p, dict) and isinstance(p.get("name"), str) for p in proxies)
    if not named:
        return 'not the counters the run wrote ({"proxies": [{"name": NAME, "counters": ...}, ...]})'
    if not proxies and (faulted := next((s.faults for s in run.info.steps if s.faults), "")):
        return f"lists no fault proxy, though the run's steps went through some ({faulted})"
    return None


def _read_proxies(data: dict[str, Any], out: ProxyCounts) -> ProxyCounts:
    for proxy in data.get("proxies", []):
        counters = proxy["counters"] or {}  # null: the proxy had died
        for seg in counters.get("segments", []):
            if not str(seg["label"]).isdigit():
                continue  # before the first step
            k = int(seg["label"])
            per = out.upstream.setdefault(k, {})
            per[proxy["name"]] = per.get(proxy["name"], 0) + int(seg["requests"])
            out.profiles.setdefault(k, {})[proxy["name"]] = seg["profile"]
            dropped = int((seg.get("ended") or {}).get("upstream") or 0)
            gone = out.abandoned.setdefault(k, {})
            gone[proxy["name"]] = gone.get(proxy["name"], 0) + int(seg.get("errors") or 0) - dropped
            lost = out.dropped.setdefault(k, {})
            lost[proxy["name"]] = lost.get(proxy["name"], 0) + dropped
            answered = out.statuses.setdefault(k, {}).setdefault(proxy["name"], {})
            for status, n in (seg.get("responses") or {}).items():
                answered[str(status)] = answered.get(str(status), 0) + int(n)
            for status, n in (seg.get("error_bodies") or {}).items():
                said = out.error_bodies.setdefault(k, {}).setdefault(proxy["name"], {})
                said[str(status)] = said.get(str(status), 0) + int(n)
            came = seg.get("retries")
            out.came_back.setdefault(k, CameBack()).add(came)
            held = out.retries.setdefault(k, {})
            if came and came["waited"]["n"] > (held.get(proxy["name"]) or {"waited": {"n": 0}})["waited"]["n"]:
                held[proxy["name"]] = came
            fired = out.injected.setdefault(k, {}).setdefault(proxy["name"], {})
            for fault, n in (seg.get("faults") or {}).items():
                fired[str(fault)] = fired.get(str(fault), 0) + int(n)
            own = (seg.get("latency") or {}).get("upstream") or {}
            timed = out.answer_time.setdefault(k, {})
            if own.get("n") and own["n"] > timed.get(proxy["name"], {}).get("n", 0):
                timed[proxy["name"]] = {q: float(own[q]) for q in ("n", "p50", "p99")}
            held_rules = out.rules.setdefault(k, {}).setdefault(proxy["name"], {})
            for rule, r in (seg.get("rules") or {}).items():
                held_rules.setdefault(str(rule), RuleHits(str(r["type"]), str(r["does"]))).hit += int(r["hit"])
            held_windows = out.windows.setdefault(k, {}).setdefault(proxy["name"], {})
            for rule, w in (seg.get("windows") or {}).items():
                got = held_windows.setdefault(str(rule), {"start": float(w["start"]), "end": w["end"], "hit": 0})
                got["hit"] += int(w["hit"])
        calls = out.calls_by.setdefault(proxy["name"], {})
        for rid, n in (counters.get("by_request") or {}).items():
            calls[str(rid)] = calls.get(str(rid), 0) + int(n)
        aborted = out.aborted_by.setdefault(proxy["name"], {})
        for rid, n in (counters.get("aborted") or {}).items():
            aborted[str(rid)] = aborted.get(str(rid), 0) + int(n)
        if counters.get("total"):
            out.totals[proxy["name"]] = counters["total"].get("retries") or {}
        if not out.counted_by and (calls or aborted):  # the first proxy that saw request ids
            out.by_request, out.aborted, out.counted_by = calls, aborted, proxy["name"]
        for k, qs in _call_time(counters.get("segments", [])).items():
            out.call_time.setdefault(k, {})[proxy["name"]] = qs
    return out


def _call_time(segments: list[dict[str, Any]]) -> dict[int, dict[str, float]]:
    """step -> {"p50", "p90"}: a proxy's quantiles of the time a call the upstream answered took in that step, its
    injected delay included (segments of one step weighted by their calls; every call's in a faults.json written
    before the proxies kept the answered ones apart)."""
    sums: dict[int, dict[str, tuple[float, int]]] = {}
    for seg in segments:
        latency = seg.get("latency") or {}
        total = (latency["answered"] if "answered" in latency else latency.get("total")) or {}
        n = int(total.get("n") or 0)
        if not str(seg["label"]).isdigit() or not n:
            continue
        per = sums.setdefault(int(seg["label"]), {})
        for q in ("p50", "p90"):
            if total.get(q) is not None:
                t, k = per.get(q, (0.0, 0))
                per[q] = (t + float(total[q]) * n, k + n)
    return {step: {q: t / n for q, (t, n) in per.items()} for step, per in sums.items() if per}


def rerouted_by_faults(counts: ProxyCounts) -> set[str]:
    """The request ids whose every upstream call but the last the proxy counting calls (the primary model's) failed on
    purpose: whatever answered them last (a fallback model, through it or a proxy of its own) answered because the
    scenario failed the others, not the release. Another proxy's errors (the search's) fail none of its calls."""
    return {rid for rid, n in counts.aborted.items() if n and n >= counts.by_request.get(rid, n + 1) - 1}


def row_calls(run: Run, results: Sequence[Result], counts: ProxyCounts) -> np.ndarray | None:
    """Upstream calls per result (0: none reached the proxy), from the per-request counts of the proxy counting calls
    (``read_proxies``: ``counted_by``); None when the proxy saw no id of this run (the service does not pass the id
    on)."""
    run_id = run.info.id
    if not counts.by_request or not run_id:
        return None
    calls = _per_row(run_id, results, counts.by_request)
    return calls if calls.any() else None


def row_aborted(run: Run, results: Sequence[Result], counts: ProxyCounts) -> np.ndarray:
    """Per result, its calls the proxy ``row_calls`` counts failed on purpose before any answer (an error, a limit's
    refusal, a reset or hang; ``aborted``): beside ``row_calls``, whether a call of the row got through to the
    upstream."""
    return _per_row(run.info.id, results, counts.aborted)


def rows_through(run: Run, results: Sequence[Result], counts: ProxyCounts, proxy: str) -> tuple[np.ndarray, np.ndarray]:
    """Per result, its calls through the fault proxy named ``proxy`` and of those the calls it failed on purpose (as
    ``row_calls`` and ``row_aborted`` for the proxy counting calls): which dependency failed a row's calls."""
    run_id = run.info.id
    return _per_row(run_id, results, counts.calls_by.get(proxy, {})), _per_row(
        run_id, results, counts.aborted_by.get(proxy, {})
    )


def _per_row(run_id: str, results: Sequence[Result], per_request: dict[str, int]) -> np.ndarray:
    return np.array([per_request.get(f"{run_id}/{r.row}", 0) for r in results], dtype=np.float64)


@dataclass(slots=True)
class Amplification(JsonRecord):
    """Retry amplification of a segment, with its definition, source and the requests it counts."""

    value: float | None
    source: Source
    requests: int  # requests sent that called upstream (all sent requests for source step)
    zero_call: int | None  # requests sent that made no upstream call (None: the source cannot tell)
    definition: str = DEFINITION


def amplification(
    sent: np.ndarray,
    attempts: np.ndarray,
    calls: np.ndarray | None,
    retries: np.ndarray,
    per_step: float | None = None,
) -> Amplification:
    """The amplification of the rows ``sent`` (a boolean mask): per-request ``calls`` when known,
    else ``retries`` (the service's header, NaN where it did not say), else ``per_step`` (the proxy's
    calls over the attempts, computed by the caller for whole steps)."""
    if calls is not None:
        called = sent & (calls > 0)
        total = float(attempts[called].sum())
        value = float(calls[called].sum() / total) if total else None
        return Amplification(value, Source.REQUEST, int(called.sum()), int((sent & (calls == 0)).sum()))
    if (~np.isnan(retries)).any():  # the service says, on some rows of the run
        total = float(attempts[sent].sum())
        value = float((attempts[sent] * (1.0 + np.nan_to_num(retries[sent]))).sum() / total) if total else None
        return Amplification(value, Source.HEADER, int(sent.sum()), None)
    if per_step is not None:
        return Amplification(per_step, Source.STEP, int(sent.sum()), None)
    return Amplification(None, Source.NONE, 0, None)
