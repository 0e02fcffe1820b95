"""Which faults one request gets: the active profile's matching rules, each with its own seeded coin.

Every rule of the active profile that matches draws from its own ``random.Random`` seeded by
(seed, profile, rule name), reset when the profile is switched in; so a rule's decisions, and the
latencies it draws, depend only on the sequence of requests it matched, not on other rules nor on
timing. The limits (rate_limit, concurrency) draw no coin: a bucket per rule (and key value) answers
from the times of the requests it matched, a concurrency rule from the calls still in flight; both
start afresh with the profile. ``x-replay-fault: NAME[, NAME]`` forces the named rules on one request, matchers and
probability aside (the active profile's rule of that name first, else the first profile's that has one);
a forced limit refuses the request as if the bucket were empty or every slot taken. A rule with a window
(``start``, ``end``) is left out for a request outside it, on the clock of the last ``activate``; a forced
rule fires whatever its window.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from replay.config.faults import ABORTS, LIMITS, Fault, ProfileSet
from replay.errors import BadInput
from replay.exchange.read import ReadStats, iter_raw, no_exchanges
from replay.faults.limits import Bucket, Quota, Slots, bucket_for

__all__ = ["FORCE_HEADER", "Decision", "Injector", "StreamPlan"]

FORCE_HEADER = "x-replay-fault"
HANG_CAP = 60.0
DEFAULT_AFTER = 1


@dataclass(slots=True)
class StreamPlan:
    """What to do to the response: delays and cuts counted in events (SSE events, NDJSON lines), a
    bandwidth cap in bytes/s."""

    first_delay: float = 0.0
    delayed: list[Fault] = field(default_factory=list)  # the stream_delay rules behind first_delay
    stalls: list[tuple[int, float, Fault]] = field(default_factory=list)  # (after N events, pause s, its rule)
    end_after: int | None = None  # events let through before ``end`` cuts the stream
    end: Fault | None = None  # stream_truncate or stream_error
    bytes_per_s: int | None = None
    throttle: Fault | None = None  # the throttle rule whose bytes_per_s holds (the lowest)

    @property
    def events_matter(self) -> bool:
        return bool(self.first_delay or self.stalls or self.end is not None)


@dataclass(slots=True)
class Decision:
    """The faults one request gets, in the order they apply."""

    delay: float = 0.0  # before the request goes upstream
    delays: list[Fault] = field(default_factory=list)  # the latency rules that fired
    abort: Fault | None = None  # a limit, error, reset or hang: the request never reaches the upstream
    stream: StreamPlan | None = None
    quota: Quota | None = None  # a rate limit's word on the request: its 429's headers, or an answer's
    quota_shape: str = "openai"  # whose headers carry it
    slots: list[Slots] = field(default_factory=list)  # concurrency slots held until the flow ends
    windowed: list[Fault] = field(default_factory=list)  # the rules with a window that acted on the request

    @property
    def empty(self) -> bool:
        return not self.delays and self.abort is None and self.stream is None and self.quota is None and not self.slots


class Injector:
    """Decides faults per request under the active profile; ``activate`` switches profiles."""

    def __init__(self, profiles: ProfileSet):
        self.profiles = profiles
        self._samples: dict[int, list[float]] = {}  # id(rule) -> captured times
        for p in profiles.profiles:
            for rule in p.rules:
                if rule.capture is not None:
                    self._load_samples(rule)
        self.active = profiles.active
        self.rules: list[Fault] = []
        self._open: list[bool] = []  # per rule: no matchers
        self._rngs: dict[tuple[str, str], random.Random] = {}
        self._buckets: dict[tuple[str, str, str], Bucket] = {}  # (profile, rule, key value)
        self._slots: dict[tuple[str, str], Slots] = {}
        self.since = 0.0  # when the active profile came into force (monotonic): its windows' origin
        self.activate(profiles.active)

    def activate(self, name: str, now: float | None = None) -> None:
        """Put profile ``name`` in force at ``now`` (monotonic; default: now), its coins reset and its windows'
        clock started; KeyError if there is no such profile."""
        self.rules = self.profiles.profile(name).rules
        self.active = name
        self.since = time.monotonic() if now is None else now
        self._rngs, self._buckets, self._slots = {}, {}, {}  # calls in flight keep the old Slots they hold
        self._open = [r.matches_all for r in self.rules]

    def _rng(self, profile: str, rule: Fault) -> random.Random:
        key = (profile, rule.name)
        rng = self._rngs.get(key)
        if rng is None:
            rng = self._rngs[key] = random.Random(f"{self.profiles.seed}/{profile}/{rule.name}")
        return rng

    def _forced(self, names: str) -> list[tuple[str, Fault]]:
        out = []
        for name in (n.strip() for n in names.split(",")):
            if not name:
                continue
            found = next((r for r in self.rules if r.name == name), None)
            profile = self.active
            if found is None:
                for p in self.profiles.profiles:
                    found = next((r for r in p.rules if r.name == name), None)
                    if found is not None:
                        profile = p.name
                        break
            if found is None:
                raise KeyError(name)
            out.append((profile, found))
        return out

    def decide(
        self,
        method: str,
        host: str,
        path: str,
        headers: Mapping[str, str],
        forced: str | None = None,
        now: float | None = None,
    ) -> Decision | None:
        """The faults for one request (None: none); ``forced`` is its FORCE_HEADER value, if any; ``now``
        the request's time on a monotonic clock (the limits' buckets). KeyError naming a forced rule that
        no profile has."""
        if not self.rules and forced is None:
            return None
        now = time.monotonic() if now is None else now
        fired: list[tuple[random.Random, Fault]] = []
        limits: list[tuple[str, Fault]] = []
        if forced is not None:
            for p, r in self._forced(forced):
                fired.append((self._rng(p, r), r))
        else:
            for rule, open_ in zip(self.rules, self._open, strict=True):
                if rule.windowed and not rule.in_window(now - self.since):
                    continue
                if open_ or rule.matches(method, host, path, headers):
                    if rule.type in LIMITS:
                        limits.append((self.active, rule))
                        continue
                    rng = self._rng(self.active, rule)
                    if rng.random() < rule.probability:
                        fired.append((rng, rule))
        if not fired and not limits:
            return None
        d = self._plan(fired)
        if limits:
            self._limit(d, limits, headers, now)
        acted = [r for _, r in fired if d.abort is None or r.type == "latency"]  # an abort leaves no response
        d.windowed = [r for r in (*acted, *([d.abort] if d.abort is not None else ())) if r.windowed]
        return None if d.empty else d

    def _limit(self, d: Decision, limits: list[tuple[str, Fault]], headers: Mapping[str, str], now: float) -> None:
        """Put the request past each limit in turn; the first that refuses it answers it (ahead of any other
        abort), and a request that will not go upstream holds no slot."""
        for profile, rule in limits:
            if rule.type == "rate_limit":
                key = (profile, rule.name, headers.get(rule.key, "") if rule.key else "")
                bucket = self._buckets.get(key)
                if bucket is None:
                    bucket = self._buckets[key] = bucket_for(rule, now)
                quota = bucket.take(now)
                if d.quota is None or quota.retry_after is not None:
                    d.quota, d.quota_shape = quota, rule.shape or "openai"  # the refusal's, else the first bucket's
                if quota.retry_after is not None:
                    d.abort = rule
                    break
            else:
                slots = self._slots.get((profile, rule.name))
                if slots is None:
                    slots = self._slots[profile, rule.name] = Slots(rule.limit or 1)
                if not slots.take():
                    d.abort = rule
                    break
                d.slots.append(slots)
        if d.abort is not None:
            d.stream = None
            for slots in d.slots:
                slots.release()
            d.slots = []

    def _plan(self, fired: list[tuple[random.Random, Fault]]) -> Decision:
        d = Decision()
        for rng, rule in fired:
            t = rule.type
            if t == "latency":
                d.delay += self._draw(rng, rule)
                d.delays.append(rule)
            elif t in ABORTS:  # a forced limit refuses as if empty or full
                if d.abort is None or ABORTS.index(t) < ABORTS.index(d.abort.type):
                    d.abort = rule
                if t == "rate_limit":
                    d.quota, d.quota_shape = bucket_for(rule, 0.0, tokens=0.0).take(0.0), rule.shape or "openai"
            else:
                s = d.stream = d.stream or StreamPlan()
                if t == "stream_delay":
                    s.first_delay += self._draw(rng, rule)
                    s.delayed.append(rule)
                elif t == "stream_stall":
                    s.stalls.append((_after(rule), rule.delay or 0.0, rule))
                elif t == "throttle":
                    if s.bytes_per_s is None or rule.bytes_per_s < s.bytes_per_s:  # type: ignore[operator]
                        s.bytes_per_s, s.throttle = rule.bytes_per_s, rule
                elif s.end_after is None or _after(rule) < s.end_after:
                    s.end_after, s.end = _after(rule), rule
        if d.abort is not None:
            d.stream = None  # nothing comes back to fault
        return d

    def _draw(self, rng: random.Random, rule: Fault) -> float:
        """A delay: fixed, uniform +- jitter, log-normal around delay, or a captured time to first byte."""
        if rule.capture is not None:
            return rng.choice(self._samples[id(rule)])
        delay = rule.delay or 0.0
        if rule.jitter:
            return max(0.0, delay + rng.uniform(-rule.jitter, rule.jitter))
        if rule.sigma:
            return delay * math.exp(rng.gauss(0.0, rule.sigma))
        return delay

    def _load_samples(self, rule: Fault) -> None:
        """Time to first byte of every captured exchange the rule matches (``_upstream_time``); BadInput if none
        does."""
        assert rule.capture is not None
        samples = []
        stats = ReadStats()
        for ex in iter_raw(Path(rule.capture), skip_bad=True, stats=stats):
            req = ex.get("request") or {}
            value = _upstream_time(ex)
            if value is None:
                continue
            url = urlsplit(req.get("url", ""))
            headers = {str(k).lower(): str(v) for k, v in req.get("headers") or ()}
            if rule.matches(str(req.get("method", "")).upper(), url.hostname or "", url.path, headers):
                samples.append(float(value))
        if not stats.records:  # not "no exchange matches": none was read (an empty file, or no capture at all)
            raise no_exchanges(rule.capture, stats)
        if not samples:
            raise BadInput(
                f"{rule.capture}: no exchange with a measured time matches fault rule {rule.name!r}; "
                "widen its matchers or use another capture"
            )
        self._samples[id(rule)] = samples


def _upstream_time(record: dict[str, Any]) -> float | None:
    """How long the upstream took to answer a captured record: its time to first byte (a client that left mid-answer
    left after it), else that of the head the upstream sent before it broke off (``meta.upstream_response``: a capture
    records no response its client never got), else its total where it has a response. None for a record whose
    client gave up before any answer (``meta.client_aborted``: its total is the client's patience, not the
    upstream's time) or with no answer at all to time."""
    timings, meta = record.get("timings") or {}, record.get("meta") or {}
    if timings.get("ttfb") is not None:
        return float(timings["ttfb"])
    head = meta.get("upstream_response") or {}
    if head.get("ttfb") is not None:
        return float(head["ttfb"])
    total = timings.get("total")
    answered = record.get("response") is not None and not meta.get("client_aborted")
    return float(total) if total is not None and answered else None


def _after(rule: Fault) -> int:
    return DEFAULT_AFTER if rule.after is None else rule.after
