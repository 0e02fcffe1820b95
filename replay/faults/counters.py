"""What the fault proxy saw: requests, faults injected by type and by rule, statuses, upstream latency, per segment.

A segment starts at every profile switch (a runner switches at step boundaries and labels the
segment with the step), so per-step figures need no clock alignment. ``snapshot()`` is the JSON
the control endpoint serves (see ``replay.faults.control``):

    {"version": 2, "active": "slow-1s", "total": SEGMENT, "segments": [SEGMENT, ...], "by_request": {ID: n},
     "aborted": {ID: n}}
    SEGMENT = {"profile", "label", "start", "end" (epoch s; end null while open),
               "requests": seen from the client (every attempt the service made),
               "forwarded": answered by the upstream (headers at least; a client that left during an
                            injected delay is not forwarded), "responses": {status: n} returned to the client,
               "errors": flows that ended without a response, "ended": {BY: n} who ended them (see ``ended_by``),
               "faults": {type: n} injected, "rules": {RULE: {"type", "does", "hit"}} the same by rule,
               "latency": {"upstream": SUMMARY, "total": SUMMARY, "answered": SUMMARY},   seconds; total
                            includes injected delay; answered: total of the calls the upstream answered (absent in
                            files written before it: a reader falls back to total)
               "retries": RETRIES, "windows": {RULE: {"start", "end", "hit"}},
               "error_bodies": {status: n} the upstream's own answers under a status under 400 whose body or a
                            stream event read as an error (``replay.faults.watch``; absent in files written before
                            it: not counted)}
    SUMMARY = {"n", "mean", "p50", "p90", "p99", "max"}
    RETRIES = {"waited": SUMMARY, "advised": SUMMARY, "share": SUMMARY, "lockstep": {"basis", "n", "spread", "under"},
               "unadvised": SUMMARY, "answers", "retried", "early", "first": {"told", "early", "honoured", "scattered"},
               "past"}
        how a client came back after an error answer (408, 409, 429, 5xx) to the same call (request id
        and path): the seconds it waited from the answer to its next attempt; the retry-after the answer
        advised; the wait as a share of the advised one (where advised); and how alike the first
        retries' waits are (``lockstep``: near 0 when every client retries after the same delay; ``under`` absent
        before it was read); the first
        retries' waits after answers that advised no retry-after (``unadvised``: the client's own back-off).
        Every figure is the segment's that answered the error (a retry after a step's 429 counts in that
        step, whenever it came). ``answers``: error answers given to calls with a request id, ``retried``:
        those the client tried again, ``early``: retries back within ``EARLY`` of the advised wait; ``first``: the
        first retries after an answer that advised one, those of them back within ``EARLY`` of it and after all of
        it; ``past``: retries back after ``PAST`` times it (``first`` and ``past`` absent before they were counted:
        a first wait drawn from none to all of the retry-after, full jitter, is early half the time and almost
        never all of it, where one that never read it is early every time or, growing, goes past it;
        ``scattered``: those back within ``SCATTERED`` of what the first retries after the same advice waited
        (median): a draw from none to all of it does so an eighth of the time, a back-off that never read it
        hardly ever, however a busy service spreads its waits past half the advice; absent before it was counted).

``rules``: the segment's profile's rules by name (unique in a profile; an unnamed rule's is its type), each with
what it does from its own parameters (``Fault.does``: "latency 4 s, probability 0.1") and the calls it acted on
(0: none), a rule forced from another profile (``x-replay-fault``) added under its name; two rules of one type
(a mild latency on every call, a long one on a tenth) are told apart here, where ``faults`` adds them up. In
``total`` a name two profiles give rules that do different things is counted as ``PROFILE/NAME`` after the first.
``version``: 2 since the counters said ``rules`` (absent: 1, without them). Keys added since are optional and leave it
at 2 (a reader before them ignores them): ``error_bodies`` (absent: not counted).

``windows``: the segment's profile's rules with a window (``start``, ``end``: seconds from the segment's
start; end null: open), and ``hit``, the calls each acted on (a window that met no call says 0).

``aborted`` counts, per request id, the calls the proxy failed itself (an error, reset or hang, a limit's
refusal): what a fallback chain did next for that request was the scenario's doing.

``by_request`` counts requests per value of the request id header (``faults_id_header``, default
``x-replay-id``: the runner sends ``<run>/<row>`` and a service that propagates it to its upstream
calls lets every retry be counted against the request that caused it, in that request's step).
"""

from __future__ import annotations

import time
from array import array
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from replay.config.faults import Fault
from replay.util.stats import describe

__all__ = [
    "EARLY",
    "PAST",
    "SCATTERED",
    "VERSION",
    "Counters",
    "RuleCount",
    "Segment",
    "Window",
    "ended_by",
    "lockstep",
    "scattered",
    "summary",
]

VERSION = 2  # of the snapshot: 2 added "rules"

# A retry back within this share of the retry-after its answer advised did not wait for it: jittered back-off
# that honours retry-after draws its wait from half to all of it (the SDKs' and LiteLLM's way).
EARLY = 0.5
# A first retry back within this share of what the others after the same advice waited (their median) was drawn
# from near none of it: full jitter's waits (none to all of the advice) do so an eighth of the time, a back-off that
# ignores the advice never (its first waits start at its first delay, and a busy service only adds to them).
SCATTERED = 0.25
# Advice given this few times is too rare to have its own median: those first retries' waits are read against the
# median share of the advice instead (a limiter advising the exact time to its refill advises each wait once).
LEVEL_MIN = 3
# A retry back after this many times the retry-after advised waited past it, more than the service's own overhead
# adds: a back-off that reads the advice as a ceiling (full jitter: none to all of it) never does. One back after all of
# it, within this, waited it out, and reads as having waited just that in the lockstep spread: a release that honours
# the advice draws its jitter under it (the SDKs' and LiteLLM's half to all of it, full jitter's none to all of it), and
# a busy machine only delays a retry, past it. Lockstep at the advice (production's release with jitter 0) beside two
# spinning processes (load 19-25) read 0.06 as it came, its service waking the retries 24-321 ms late, half of them by
# more than a tenth of the advice; a CI run's read past 0.1 and passed the gate. Read so, it reads 0 while fewer than
# half of them are that late. A jitter drawn just past the advice reads as lockstep: the proxy cannot tell it from a
# busy machine's delay.
PAST = 1.25


def ended_by(error: str, client_left: bool = False) -> str:
    """Who ended a call that got no response, from mitmproxy's error message and whether the client's side of the
    connection had closed by then (``client_left``): ``proxy`` (mitmproxy's "Connection killed.": an injected reset,
    or a hang at its cap, the client gone by then or not: mitmproxy reads the client's side only once the hook
    holding the call returns), ``client`` (the service left: its own timeout, or it gave up during an injected
    delay; whatever mitmproxy's words: "Client disconnected." while the call waited on the upstream, "client
    disconnected" where the upstream's connection was still being opened, which the client's leaving cancels, a
    message about the upstream's side though it never spoke) or ``upstream`` (the dependency closed the connection,
    refused it, or answered what is no HTTP, the service still waiting: its own failure, no timeout of the
    service's)."""
    if error == "Connection killed.":
        return "proxy"
    # mitmproxy's ReceiveProtocolError when the client's side closes, or any error once it had
    return "client" if client_left or error.startswith("Client disconnected") else "upstream"


def summary(values: array | np.ndarray) -> dict[str, float | int | None]:
    """Count, mean, p50/p90/p99 (exact: a latency some request had) and max of latencies in seconds
    (None when there are none)."""
    return describe(np.frombuffer(values, dtype=np.float64) if isinstance(values, array) else values, mean=True)


@dataclass(slots=True)
class Window:
    """A rule's window in a segment, and the calls it hit there."""

    start: float
    end: float | None
    hit: int = 0


def windows(rules: Sequence[Fault]) -> dict[str, Window]:
    return {r.name: Window(r.start or 0.0, r.end) for r in rules if r.windowed}


@dataclass(slots=True)
class RuleCount:
    """A rule in a segment: its type, what it does (``Fault.does``) and the calls it acted on."""

    type: str
    does: str
    hit: int = 0


def rule_counts(rules: Sequence[Fault]) -> dict[str, RuleCount]:
    return {r.name: RuleCount(r.type, r.does) for r in rules}


@dataclass(slots=True)
class Segment:
    profile: str
    label: str
    start: float
    end: float | None = None
    requests: int = 0
    forwarded: int = 0
    errors: int = 0
    ended: Counter[str] = field(default_factory=Counter)  # ``ended_by`` -> errors
    responses: Counter[int] = field(default_factory=Counter)
    faults: Counter[str] = field(default_factory=Counter)
    upstream: array = field(default_factory=lambda: array("d"))
    total: array = field(default_factory=lambda: array("d"))
    # ``total`` of the calls the upstream answered: what a request whose call got through waited on it (a step's
    # injected errors answer at once and pull ``total``'s quantiles down: 56 of the matrix's 93 calls at its outage)
    answered: array = field(default_factory=lambda: array("d"))
    waited: array = field(default_factory=lambda: array("d"))  # a retry's wait after an error answer
    advised: array = field(default_factory=lambda: array("d"))  # that answer's retry-after (NaN: none)
    first: array = field(default_factory=lambda: array("b"))  # 1: the call's first retry
    answers: int = 0  # error answers to calls with a request id
    retried: int = 0  # of those, the calls the client tried again
    windows: dict[str, Window] = field(default_factory=dict)  # rule name -> its window and the calls it hit
    rules: dict[str, RuleCount] = field(default_factory=dict)  # rule name -> the calls it acted on
    # status -> the upstream's own answers under 400 whose body or a stream event read as an error (no rule's)
    error_bodies: Counter[int] = field(default_factory=Counter)

    def count(self, rule: Fault) -> None:
        """``rule`` acted on a call: counted by its type and by itself."""
        self.faults[rule.type] += 1
        self.credit(rule)

    def credit(self, rule: Fault) -> None:
        """Count a call ``rule`` acted on by the rule alone (its type counted by the caller: several stream
        delays of one call are one ``stream_delay``)."""
        got = self.rules.get(rule.name)
        if got is None:  # forced from another profile
            got = self.rules[rule.name] = RuleCount(rule.type, rule.does)
        got.hit += 1

    def as_dict(self) -> dict[str, Any]:
        return {
            "profile": self.profile,
            "label": self.label,
            "start": self.start,
            "end": self.end,
            "requests": self.requests,
            "forwarded": self.forwarded,
            "responses": {str(k): v for k, v in sorted(self.responses.items())},
            "errors": self.errors,
            "ended": dict(sorted(self.ended.items())),
            "faults": dict(sorted(self.faults.items())),
            "rules": {name: asdict(r) for name, r in self.rules.items()},
            "latency": {
                "upstream": summary(self.upstream),
                "total": summary(self.total),
                "answered": summary(self.answered),
            },
            "retries": self.retries(),
            "windows": {name: asdict(w) for name, w in self.windows.items()},
            "error_bodies": {str(k): v for k, v in sorted(self.error_bodies.items())},
        }

    def retries(self) -> dict[str, Any]:
        waited = np.frombuffer(self.waited, dtype=np.float64)
        advised = np.frombuffer(self.advised, dtype=np.float64)
        told = ~np.isnan(advised) & (advised > 0)
        first = np.frombuffer(self.first, dtype=np.int8).astype(bool)
        ft = first & told
        return {
            "waited": summary(waited),
            "advised": summary(advised[told]),
            "share": summary(waited[told] / advised[told]),
            "lockstep": lockstep(waited, advised, first),
            "unadvised": summary(waited[first & ~told]),
            "answers": self.answers,
            "retried": self.retried,
            "early": int((waited[told] < EARLY * advised[told]).sum()),
            "first": {
                "told": int(ft.sum()),
                "early": int((waited[ft] < EARLY * advised[ft]).sum()),
                "honoured": int((waited[ft] >= advised[ft]).sum()),
                "scattered": scattered(waited[ft], advised[ft]),
            },
            "past": int((waited[told] > PAST * advised[told]).sum()),
        }


def scattered(waited: np.ndarray, advised: np.ndarray) -> int:
    """Of first retries ``waited`` seconds after answers that ``advised`` a retry-after, those back within SCATTERED of
    the median wait after the same advice (advice given under LEVEL_MIN times: of the median share times it)."""
    if not len(waited):
        return 0
    typical = np.median(waited / advised) * advised
    _, at, counts = np.unique(advised, return_inverse=True, return_counts=True)
    for k in np.flatnonzero(counts >= LEVEL_MIN):
        typical[at == k] = np.median(waited[at == k])
    return int((waited < SCATTERED * typical).sum())


def lockstep(waited: np.ndarray, advised: np.ndarray, first: np.ndarray) -> dict[str, Any]:
    """How alike the first retries' waits are: (p50 - p10) / p50 of the wait as a share of the retry-after
    advised (where most answers advised one; a share past all of it, within ``PAST``, counts as all of it), else of
    the wait itself. Jittered back-off spreads them (a wait drawn from half to all of its delay: about 0.27);
    lockstep leaves the service's own overhead. The lower half only: a busy service's overhead only delays a
    retry, so it spreads lockstep's upper half (a spread p10 to p90 of 0.31 once, on a loaded machine) and leaves
    its lower half at the delay itself, where fewer than half of the retries are delayed much. ``under``: the same
    with every share past all of the advice read as all of it (None on the "waited" basis): the spread a release drew
    under the advice, which a machine so busy that it delays most retries past ``PAST`` leaves (``CameBack.under``)."""
    told = ~np.isnan(advised) & (advised > 0)
    basis = "advised" if 2 * int((told & first).sum()) >= int(first.sum()) else "waited"
    keep = first & told if basis == "advised" else first
    v = waited[keep] / advised[keep] if basis == "advised" else waited[keep]
    if basis == "advised":
        v[(v > 1.0) & (v <= PAST)] = 1.0
    if len(v) < 2:
        return {"basis": basis, "n": len(v), "spread": None, "under": None}
    under = _spread(np.minimum(v, 1.0)) if basis == "advised" else None
    return {"basis": basis, "n": len(v), "spread": _spread(v), "under": under}


def _spread(v: np.ndarray) -> float | None:
    q10, q50 = np.quantile(v, [0.1, 0.5])
    return float((q50 - q10) / q50) if q50 > 0 else None


class Counters:
    """The segments so far; the last one is open and counts what happens now."""

    def __init__(self, profile: str, label: str = "", rules: Sequence[Fault] = ()):
        self.segments = [Segment(profile, label, time.time(), windows=windows(rules), rules=rule_counts(rules))]
        self.now = self.segments[0]
        self.by_request: Counter[str] = Counter()
        self.aborted: Counter[str] = Counter()  # request id -> calls the proxy failed itself (error, reset, limit...)

    def switch(self, profile: str, label: str = "", rules: Sequence[Fault] = ()) -> None:
        """Close the open segment and start one for ``profile`` (its ``rules``' windows counted)."""
        t = time.time()
        self.now.end = t
        self.now = Segment(profile, label, t, windows=windows(rules), rules=rule_counts(rules))
        self.segments.append(self.now)

    def snapshot(self) -> dict[str, Any]:
        total = Segment(self.now.profile, "total", self.segments[0].start)
        for s in self.segments:
            total.requests += s.requests
            total.forwarded += s.forwarded
            total.errors += s.errors
            total.ended.update(s.ended)
            total.answers += s.answers
            total.retried += s.retried
            total.responses.update(s.responses)
            total.error_bodies.update(s.error_bodies)
            total.faults.update(s.faults)
            total.upstream.extend(s.upstream)
            total.total.extend(s.total)
            total.answered.extend(s.answered)
            total.waited.extend(s.waited)
            total.advised.extend(s.advised)
            total.first.extend(s.first)
            for name, r in s.rules.items():
                key = name if total.rules.get(name, r).does == r.does else f"{s.profile}/{name}"
                total.rules.setdefault(key, RuleCount(r.type, r.does)).hit += r.hit
        return {
            "version": VERSION,
            "active": self.now.profile,
            "total": total.as_dict(),
            "segments": [s.as_dict() for s in self.segments],
            "by_request": dict(self.by_request),
            "aborted": dict(self.aborted),
        }
