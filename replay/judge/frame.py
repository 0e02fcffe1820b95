"""Judged results as numpy columns, and the figures every table and gate is made of.

Quantiles are exact, over every row sent (timeouts count at the time the client gave up): the
nearest-rank definition of ``replay.util.stats`` (numpy ``inverted_cdf``), so a p99 is a latency
some request really had, not an interpolation nor Locust's two-significant-digit buckets.

Rates are shares of the rows *sent*; rows never sent (dropped by a saturated generator, skipped,
unsent) are counted apart. Two shares of the offered rows (sent or dropped) say how much of the load
was served: **goodput**, ok rows (right answers, in time), and **availability**, rows answered in time
without error, timeout, rejection, fallback or a broken stream (a refused or drifted answer is still
an answer: quality regressions lower goodput, not availability). Retry amplification has one
definition (``replay.judge.upstream``): upstream calls per request that called upstream at all, to the
dependency it called most (``dependency_calls``).

A frame of repeated runs (``Judged.concat``) holds every repetition's rows; ``repeat`` says which, and
step durations add up over the repetitions.

Streams add per-row figures: output and prompt tokens (from ``usage``, else estimated), time per
output token after the first, output tokens per second, stalls, and each row's inter-token gaps as a
small histogram, pooled per segment by ``itl_of``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import numpy as np

from replay.judge import Judged
from replay.judge.classes import BUILTIN, NOT_SENT, ClassSet, FailureClass
from replay.judge.cost import cost_columns, extra_calls, fallback_rows
from replay.judge.growth import LEVEL, Growth, growth
from replay.judge.upstream import Amplification, CameBack, ProxyCounts, Source, amplification, came_back
from replay.util.gaps import hist_quantile, merge
from replay.util.hostport import is_loopback
from replay.util.records import JsonRecord
from replay.util.stats import describe

__all__ = ["BUSY", "PERCENTILES", "Frame", "LatencyStats", "core_waits", "latency_stats"]

PERCENTILES = (50, 90, 99, 99.9)
# The runner's workers waiting for a core this percent of a step or more: the machine was busy. The demo matrix's
# worst step per case: 1-4% with no spinning process beside it (load 2-11 from other work), 4-20% beside one or two
# on two cores (load 8-16).
BUSY = 5.0


@dataclass(frozen=True, slots=True)
class LatencyStats(JsonRecord):
    """How many rows had the figure, its exact quantiles and its maximum, in seconds (None: no rows)."""

    n: int
    p50: float | None
    p90: float | None
    p99: float | None
    p99_9: float | None = field(metadata={"json": "p99.9"})
    max: float | None


def core_waits(judged: Judged) -> list[tuple[int, float]]:
    """Each step of each repetition and the percent of it the runner's workers waited for a core (the runner's own
    measure), where the load generator ran on the service's machine (a loopback target); none elsewhere, whose load is
    not the service's."""
    if not is_loopback(urlsplit(judged.run.info.target).hostname or ""):
        return []
    runs = judged.runs or [judged.run]
    return [(s.index, s.cpu_wait_mean) for r in runs for s in r.info.step_table if s.cpu_wait_mean is not None]


def _token_columns(j: Judged) -> dict[str, Any]:
    """The stream and token columns of a judged run (see the Frame's fields)."""

    def col(values: Any) -> np.ndarray:
        return np.array([np.nan if v is None else v for v in values], dtype=np.float64)

    out = col(v.output_tokens for v in j.verdicts)
    first, last = j.column("first_token"), j.column("last_token")
    deltas = col(r.deltas for r in j.results)
    with np.errstate(invalid="ignore", divide="ignore"):
        tpot = np.where((deltas >= 2) & (out >= 2), (last - first) / (out - 1), np.nan)
        service = j.column("service")
        tps = np.where((out > 0) & (service > 0), out / service, np.nan)
    return {
        "tokens_out": out,
        "tokens_in": col(v.input_tokens for v in j.verdicts),
        "tpot": tpot,
        "tps": tps,
        "stalls": col(v.stalls for v in j.verdicts),
        "itl_hist": [r.itl_hist for r in j.results],
    }


def _production_columns(j: Judged) -> dict[str, np.ndarray]:
    """The prompt's length per row and production's captured latency (see the Frame's fields)."""
    prod = j.production or [None] * len(j.results)
    theirs = [None if p is None else p.input_tokens for p in prod]
    mine = [v.input_tokens for v in j.verdicts]
    length = [t if t is not None else m for t, m in zip(theirs, mine, strict=True)]
    said = [{} if p is None else p.timing for p in prod]
    metrics = dict.fromkeys(name for t in [*said, *(v.timing for v in j.verdicts)] for name in t)
    return {
        "prompt_tokens": np.array([np.nan if n is None else n for n in length], dtype=np.float64),
        "production_latency": np.array([np.nan if p is None or p.latency is None else p.latency for p in prod]),
        "timing": {m: np.array([v.timing.get(m, np.nan) for v in j.verdicts], dtype=np.float64) for m in metrics},
        "production_timing": {m: np.array([t.get(m, np.nan) for t in said], dtype=np.float64) for m in metrics},
    }


def latency_stats(values: np.ndarray) -> LatencyStats:
    """n, p50, p90, p99, p99.9 and max of ``values`` (NaN left out), in seconds."""
    return LatencyStats.from_json(describe(values, PERCENTILES))


@dataclass
class Frame:
    """One row per result: class, segment keys and the figures gates and tables need."""

    cls: np.ndarray
    family: np.ndarray
    endpoint: np.ndarray
    step: np.ndarray
    latency: np.ndarray  # corrected: from the intended send time
    service: np.ndarray  # send to last byte
    ttft: np.ndarray  # corrected time to first token (streams)
    attempts: np.ndarray
    retries: np.ndarray  # the service's own upstream retries, NaN when it does not say
    skipped: np.ndarray  # rows the scenario did not allow (not offered)
    durations: dict[int, float]  # step -> seconds (summed over repetitions)
    amplification: dict[int, float]  # step -> upstream calls per request from the fault proxy's steps
    class_set: ClassSet = BUILTIN  # the classes tables count
    available: np.ndarray | None = None  # answered in time without error/timeout/rejection/fallback
    # Upstream calls per row through the proxy counting them (the first, the primary model's: ProxyCounts.counted_by)
    # and of those the calls it failed on purpose (known with calls): one proxy's, so "aborted >= calls" is that proxy
    # failing every call of the row, never another dependency's errors.
    calls: np.ndarray | None = None
    aborted: np.ndarray | None = None
    # The same per proxy name (known with calls): which dependency (the search, the fallback model) failed a row's calls
    calls_by: dict[str, np.ndarray] = field(default_factory=dict)
    aborted_by: dict[str, np.ndarray] = field(default_factory=dict)
    repeat: np.ndarray | None = None  # the repetition of each row (None: one run)
    signals: dict[str, np.ndarray] = field(default_factory=dict)  # signal class -> fired, per row
    production_signals: dict[str, np.ndarray] = field(default_factory=dict)  # ... on production's reply
    production_known: np.ndarray | None = None  # rows whose production reply is known
    # Stream and token figures per row (NaN: the row has none); ``itl_hist`` pooled by ``itl_of``.
    tokens_out: np.ndarray | None = None  # output tokens, from usage else estimated
    tokens_in: np.ndarray | None = None  # prompt tokens, from usage else estimated
    tpot: np.ndarray | None = None  # time per output token after the first: (last - first token) / (tokens - 1)
    tps: np.ndarray | None = None  # output tokens per second of the request (over its service time)
    stalls: np.ndarray | None = None  # gaps over the stall threshold (NaN: not a stream)
    itl_hist: list[list[list[int]]] | None = None  # each row's gaps (replay.util.gaps)
    # Cost per row (replay.judge.cost): dollars (NaN unpriced), the answering model and fallback path.
    cost: np.ndarray | None = None
    model: np.ndarray | None = None
    path: np.ndarray | None = None
    proxies: list[ProxyCounts] = field(default_factory=list)  # what each run's fault proxies counted
    busy: frozenset[int] = frozenset()  # steps the load generator beside the service waited for a core BUSY or more
    # The prompt's length per row (production's prompt tokens for the record, else staging's) and production's
    # captured latency on it (NaN unknown): what ``growth`` reads (replay.judge.growth).
    prompt_tokens: np.ndarray | None = None
    production_latency: np.ndarray | None = None
    # Server-Timing per row (replay.util.servertiming): dependency -> seconds staging's reply, and production's captured
    # one to the same record, said it took there (NaN: not said); empty where neither side sends the header
    timing: dict[str, np.ndarray] = field(default_factory=dict)
    production_timing: dict[str, np.ndarray] = field(default_factory=dict)
    # ``growth``'s readings by rows, time and level: a report reads the same slope for its gate's value and interval,
    # the growth cause and the gate's explanation (a copy by dataclasses.replace starts without them)
    _grown: dict[tuple[bytes, str, float], Growth | None] = field(default_factory=dict, init=False, repr=False)

    @classmethod
    def of(
        cls, judged: Judged, amplification: dict[int, float] | None = None, calls: np.ndarray | None = None
    ) -> Frame:
        j = judged
        sent_lag = j.column("send_lag")
        steps = j.run.info.step_table
        names = list(dict.fromkeys(s.cls for s in j.signals))
        prod = j.production or [None] * len(j.results)
        return cls(
            cls=j.classes,
            family=np.array([r.family for r in j.results], dtype=object),
            endpoint=np.array([r.endpoint for r in j.results], dtype=object),
            step=np.array([r.step for r in j.results], dtype=np.int64),
            latency=j.column("latency"),
            service=j.column("service"),
            ttft=j.column("first_token") + np.nan_to_num(sent_lag),
            attempts=np.array([r.attempts for r in j.results], dtype=np.float64),
            retries=np.array([np.nan if v.retries is None else v.retries for v in j.verdicts], dtype=np.float64),
            skipped=np.array([r.outcome == "skipped" for r in j.results], dtype=bool),
            durations={s.index: float(s.duration or 0.0) * j.repeats for s in steps},
            amplification=dict(amplification or {}),
            class_set=j.class_set,
            available=np.array([v.available for v in j.verdicts], dtype=bool),
            calls=calls,
            repeat=j.repeat,
            signals={n: np.array([n in v.signals for v in j.verdicts], dtype=bool) for n in names},
            production_signals={n: np.array([p is not None and n in p.signals for p in prod]) for n in names},
            production_known=np.array([p is not None for p in prod], dtype=bool),
            busy=frozenset(k for k, wait in core_waits(j) if wait >= BUSY),
            **_token_columns(j),
            **dataclasses.asdict(cost_columns(j)),
            **_production_columns(j),
        )

    def __len__(self) -> int:
        return len(self.cls)

    def mask(self, family: str | None = None, step: int | None = None, endpoint: str | None = None) -> np.ndarray:
        m = np.ones(len(self), dtype=bool)
        if family is not None:
            m &= self.family == family
        if step is not None:
            m &= self.step == step
        if endpoint is not None:
            m &= self.endpoint == endpoint
        return m

    def sent(self, m: np.ndarray) -> np.ndarray:
        return m & (self.cls != NOT_SENT)

    def counts(self, m: np.ndarray) -> dict[str, int]:
        """Rows per class among ``m`` (``unsent`` included)."""
        names, n = np.unique(self.cls[m], return_counts=True)
        got = dict(zip(names.tolist(), n.tolist(), strict=True))
        return {c: int(got.get(c, 0)) for c in self.class_set.counted}

    def rate(self, m: np.ndarray, classes: tuple[str, ...]) -> float | None:
        """Share of the rows sent in ``m`` whose class is one of ``classes`` (``unsent``: of offered rows)."""
        if classes == (NOT_SENT,):
            offered = m & ~self.skipped
            return float(np.mean(self.cls[offered] == NOT_SENT)) if offered.any() else None
        s = self.sent(m)
        return float(np.isin(self.cls[s], classes).mean()) if s.any() else None

    def goodput(self, m: np.ndarray) -> float | None:
        """ok rows over offered rows (sent or dropped)."""
        offered = m & ~self.skipped
        return float(np.mean(self.cls[offered] == FailureClass.OK)) if offered.any() else None

    def availability(self, m: np.ndarray) -> float | None:
        """Rows answered in time without error, timeout, rejection, fallback or a broken stream, over
        offered rows (sent or dropped)."""
        offered = m & ~self.skipped
        if not offered.any():
            return None
        ok = self.available if self.available is not None else self.cls == FailureClass.OK
        return float(np.mean(ok[offered]))

    def goodput_rps(self, m: np.ndarray, step: int) -> float | None:
        d = self.durations.get(step)
        return float(np.sum(self.cls[m] == FailureClass.OK) / d) if d else None

    def signal_rate(self, m: np.ndarray, name: str, production: bool = False) -> float | None:
        """Share of the rows sent in ``m`` on which signal ``name`` fired (``production``: on production's
        reply to the same record, among rows whose production reply is known)."""
        s = self.sent(m)
        if production:
            s &= self.production_known if self.production_known is not None else False
            fired = self.production_signals.get(name)
        else:
            fired = self.signals.get(name)
        return float(fired[s].mean()) if fired is not None and s.any() else None

    def amplification_of(self, m: np.ndarray, step: int | None = None) -> Amplification:
        """Retry amplification among the rows sent in ``m`` (``replay.judge.upstream``): per request
        from the proxy's counts, else the service's retries header, else the proxy's calls for a whole
        step (or all steps) over its attempts."""
        s = self.sent(m)
        per_step = None
        whole = m.all() or (step is not None and np.array_equal(m, self.step == step))
        counted = self.values("step") if step is None else [step]
        if whole and all(k in self.amplification for k in counted):
            attempts = [self.attempts[s & (self.step == k)].sum() for k in counted]
            total = sum(attempts)
            if total:
                per_step = float(sum(self.amplification[k] * a for k, a in zip(counted, attempts, strict=True)) / total)
        return amplification(s, self.attempts, self.dependency_calls(), self.retries, per_step)

    def dependency_calls(self) -> np.ndarray | None:
        """Per row, the most calls it made to any one dependency behind a fault proxy (``calls_by``; else ``calls``):
        what retry amplification counts, a retry being a call to the same dependency again (the fallback model's call
        behind its own proxy is another dependency's first, not a retry of the primary's)."""
        if not self.calls_by:
            return self.calls
        return np.max(np.stack(list(self.calls_by.values())), axis=0)

    def came_back(self, step: int | None = None) -> CameBack | None:
        """How the service came back after its dependencies' error answers at ``step`` (None: the whole run),
        from the fault proxies (``replay.judge.upstream.came_back``); None when the run had none."""
        return came_back(self.proxies, step)

    def retry_amplification(self, m: np.ndarray, step: int | None = None) -> float | None:
        """The value of ``amplification_of`` (None without rows or figures)."""
        amp = self.amplification_of(m, step)
        return amp.value if amp.source is not Source.NONE else None

    def latency_of(self, m: np.ndarray, which: str = "latency") -> LatencyStats:
        """Exact quantiles of ``which`` (latency, service or ttft) among the rows sent in ``m``."""
        return latency_stats(getattr(self, which)[self.sent(m)])

    def stall_rate(self, m: np.ndarray) -> float | None:
        """Share of the streams sent in ``m`` with at least one stall."""
        v = self.column("stalls")[self.sent(m)]
        v = v[~np.isnan(v)]
        return float((v > 0).mean()) if len(v) else None

    def cost_of(self, m: np.ndarray) -> tuple[float, int] | None:
        """Dollars spent on the rows sent in ``m`` and how many were priced (None: none was)."""
        c = self.column("cost")[self.sent(m)]
        priced = int((~np.isnan(c)).sum())
        return (float(np.nansum(c)), priced) if priced else None

    def cost_per_1k(self, m: np.ndarray) -> float | None:
        """Dollars per 1,000 requests sent in ``m`` (rows without a cost count as free)."""
        spent = self.cost_of(m)
        return None if spent is None else spent[0] / int(self.sent(m).sum()) * 1000.0

    def retry_cost(self, m: np.ndarray) -> float:
        """Dollars the retries behind the rows sent in ``m`` cost (replay.judge.cost)."""
        s = self.sent(m)
        extra = extra_calls(self.attempts, self.calls, self.retries)
        return float(np.nansum(self.column("cost")[s] * extra[s]))

    def fallback_cost(self, m: np.ndarray) -> float:
        """Dollars spent on rows in ``m`` answered off the primary path."""
        path = self.path if self.path is not None else np.full(len(self), None, dtype=object)
        s = self.sent(m) & fallback_rows(self.cls, path)
        return float(np.nansum(self.column("cost")[s]))

    def growth(self, m: np.ndarray, which: str = "latency", level: float = LEVEL) -> Growth | None:
        """Seconds more per 1,000 prompt tokens of ``which`` (latency, service, ttft) among the rows sent in ``m``
        that went the plain way (answered ok or slow by the primary path, one upstream call, no retry), pairs within a
        step, and production's on the same prompts, the excess's interval at ``level`` (``replay.judge.growth``); None
        with too few pairs."""
        key = (np.packbits(m).tobytes(), which, level)
        if key not in self._grown:
            path = self.path if self.path is not None else np.full(len(self), None, dtype=object)
            # Answered well, in time or late (a row past the SLO left out would cut the slope's long end).
            plain = self.sent(m) & np.isin(self.cls, (FailureClass.OK, FailureClass.SLOW))
            plain &= ~fallback_rows(self.cls, path) & ~(self.retries > 0) & ~(self.column("calls") > 1)
            self._grown[key] = growth(
                self.column("prompt_tokens"),
                self.column(which),
                self.column("production_latency"),
                self.step,
                plain,
                level,
            )
        return self._grown[key]

    def itl_of(self, m: np.ndarray, q: float) -> float | None:
        """Pooled inter-token latency of the rows sent in ``m``: the ``q`` quantile (0..1) of every gap of
        every stream among them (to the 2% bucket, ``replay.util.gaps``)."""
        if self.itl_hist is None:
            return None
        return hist_quantile(merge(self.itl_hist[i] for i in np.flatnonzero(self.sent(m))), q)

    def column(self, name: str) -> np.ndarray:
        """A per-row figure by its gate name (latency, service, ttft, tpot, tokens_out, tokens_in, tps)."""
        col = getattr(self, name)
        return col if col is not None else np.full(len(self), np.nan)

    def held(self, production: bool = False) -> np.ndarray:
        """Per row, the time its reply took beyond every dependency its Server-Timing header names: staging's service
        time (production's captured time) less the sum of the metrics the reply said; NaN where it said none. Time
        inside the service: its own work, a queue, a host too busy to run it (and a stream's body after the first
        token, the model's time going to it)."""
        said = self.production_timing if production else self.timing
        total = self.column("production_latency") if production else self.service
        if not said:
            return np.full(len(self), np.nan)
        times = np.vstack(list(said.values()))
        any_said = ~np.isnan(times).all(axis=0)
        return np.where(any_said, total - np.nansum(times, axis=0), np.nan)

    def values(self, name: str) -> list[Any]:
        """Distinct values of a segment column, in first-seen order (steps sorted)."""
        col = getattr(self, name)
        if name == "step":
            return sorted(set(col.tolist()))
        return list(dict.fromkeys(col.tolist()))
