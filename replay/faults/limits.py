"""The proxy's stateful limits: a token bucket per rate_limit rule (and key), calls in flight per
concurrency rule, and what a limit tells the client (the quota headers the APIs send).

A bucket holds ``burst`` tokens and refills at ``rate`` per second; a request takes one or waits
(``retry_after``) until one has refilled: exactly what a client that honours retry-after should wait.
Time is handed in, so a bucket's answers depend only on the times of the requests it saw.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from replay.config.faults import Fault

__all__ = ["Bucket", "Quota", "Slots", "bucket_for"]


@dataclass(slots=True)
class Quota:
    """What a rate limit says of one request: its size, what remains, seconds until the bucket is full
    again, and (when refused) seconds until a token is there."""

    limit: int
    remaining: int
    reset: float
    retry_after: float | None = None


@dataclass(slots=True)
class Bucket:
    rate: float
    size: int
    tokens: float
    t: float
    floor: float = 0.0  # the least wait a refusal advises

    def take(self, now: float) -> Quota:
        """Take a token at ``now``; the quota says whether there was one (``retry_after`` None)."""
        self.tokens = min(self.size, self.tokens + max(0.0, now - self.t) * self.rate)
        self.t = max(self.t, now)
        wait = None
        if self.tokens >= 1.0:
            self.tokens -= 1.0
        else:
            wait = max(self.floor, (1.0 - self.tokens) / self.rate)
        return Quota(self.size, math.floor(self.tokens), (self.size - self.tokens) / self.rate, wait)


def bucket_for(rule: Fault, now: float, tokens: float | None = None) -> Bucket:
    """A bucket for ``rule`` (a rate_limit rule), full unless ``tokens`` says."""
    assert rule.rate is not None
    size = rule.bucket_size
    return Bucket(rule.rate, size, float(size) if tokens is None else tokens, now, rule.retry_after or 0.0)


@dataclass(slots=True)
class Slots:
    """Calls in flight under one concurrency rule; a call holds its slot until its flow ends."""

    limit: int
    busy: int = 0

    def take(self) -> bool:
        if self.busy >= self.limit:
            return False
        self.busy += 1
        return True

    def release(self) -> None:
        self.busy = max(0, self.busy - 1)
