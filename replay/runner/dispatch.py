"""The Locust user that replays a shard: open-loop on the plan's schedule, or closed-model steps.

Open model: one greenlet walks the rows in order, waits until each row's intended time
(replay.runner.timer: to well under a millisecond) and hands the row, with every other row due by
then, each to a greenlet of its own, at most [client] max_in_flight at once. A row that finds them
all busy is recorded as *dropped* at its intended time, never sent late. Latency is measured from the
intended time, so a stalled target shows up in it (wrk2), while ``service`` is send to last byte.

A generator behind its schedule (more rows due than its core can send) hands rows over a tick at a
time, each tick once the answers waiting have been read: sends that find their answers read late
cost more (more greenlets, more sockets, more switching) and the process fell from ~90 to ~200 us
of CPU a row. The rows due and not yet handed over count against max_in_flight with those under
way: when there are more, the oldest waiting is *dropped*, so a late row is at most that many rows
late, and the greenlets are as many as the sends that get out.

Closed model (steps of ``users``): each step starts its share of users at the step's start; a user
takes the next row as soon as its previous one is answered, until the step's time is up; rows
left are recorded as *unsent*.

With Locust's web UI on (``--web``), every attempt is also fired as a Locust ``request`` event, so
its statistics show the run live; without it nothing reads them, and the event and Locust's
statistics cost ~5 us a request. Imports locust: only ``python -m replay.runner`` processes load this module.
"""

from __future__ import annotations

import gc
import math
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import gevent
import psutil
from gevent.event import Event
from locust import User, task
from locust.exception import StopUser

from replay.runner.body import kept_response
from replay.runner.client import Client
from replay.runner.prepare import Shard
from replay.runner.results import Result
from replay.runner.runinfo import PlannedStep
from replay.runner.stepstats import BEHIND, BUSY, CpuSample, run_queue_wait
from replay.runner.timer import COARSE, FineWait, RunQueue
from replay.util.gaps import row_figures
from replay.util.sigv4 import signer_from_env

__all__ = ["SLOT", "Dispatcher", "Job", "ReplayUser"]

perf = time.perf_counter
WARM_CONNECTIONS = 8
STOP_GRACE = 2.0  # seconds a stopped run waits for sends in flight
SPIN = 0.00002  # a row due this soon leaves now
BATCH = 64  # most rows handed over in one tick before the spawned sends get to run
PARKED = 256  # most idle send greenlets kept for the next rows
PARK_BELOW = 64  # sends under way above which a finished send greenlet ends rather than parks
Sink = Callable[[Result, "list[Any] | None"], None]


class _Failure(Exception):
    """A failed attempt as Locust's statistics show it ("HTTP 429", "read timeout")."""


@dataclass
class Job:
    """A shard to replay from ``start`` (epoch of offset 0), where results go, and who to tell when done."""

    shard: Shard
    start: float
    sink: Sink
    on_done: Callable[[Dispatcher], None]
    live: bool = True  # fire Locust's request events (its web UI shows them)


class _Slot:
    """Hands the job to exactly one user: a second user (Locust rebalancing) finds it taken."""

    def __init__(self) -> None:
        self.job: Job | None = None
        self.ready = Event()
        self.taken = False
        self.stopped = False
        self.dispatcher: Dispatcher | None = None
        self.extra: list[Dispatcher] = []  # rows taken over from lost workers, sent beside the job

    def put(self, job: Job) -> None:
        self.job = job
        self.ready.set()

    def stop(self) -> None:
        """Stop the dispatchers, now or as soon as they start."""
        self.stopped = True
        for d in [self.dispatcher, *self.extra]:
            if d is not None:
                d.stop()

    def extra_job(self, job: Job, request_event: Any = None) -> None:
        """Dispatch ``job`` (a lost worker's rows) in this greenlet, beside the process's own job."""
        d = Dispatcher(job.shard, job.start, job.sink, request_event, self.stopped, taken_over=True)
        self.extra.append(d)
        try:
            d.run()
        finally:
            self.extra.remove(d)
            job.on_done(d)

    def take(self) -> Job | None:
        self.ready.wait()
        if self.taken:
            return None
        self.taken = True
        return self.job


SLOT = _Slot()


@dataclass
class _Columns:
    """A shard's columns as Python lists: indexing lists is what the hot loop does most."""

    row: list[int]
    req: list[int]
    offset: list[float]
    step: list[int]
    family: list[str]
    perturbation: list[str]
    record: list[int]

    @classmethod
    def of(cls, sh: Shard) -> _Columns:
        c = sh.columns
        fam, pert = sh.vocab["family"], sh.vocab["perturbation"]
        return cls(
            row=c["row"].tolist(),
            req=c["req"].tolist(),
            offset=c["offset"].tolist(),
            step=c["step"].tolist(),
            family=[fam[k] for k in c["family"].tolist()],
            perturbation=[pert[k] for k in c["perturbation"].tolist()],
            record=c["record"].tolist(),
        )


@dataclass
class Dispatcher:
    """Replays one shard; ``cpu`` and ``release`` are what it observed, for the run's summary."""

    shard: Shard
    start: float
    sink: Sink
    request_event: Any = None  # Locust's events.request, or None
    stopping: bool = False
    unsent_on_stop: int = 0  # rows left unsent because it was stopped
    cut_off: int = 0  # sends in flight when it was stopped, given up without an answer
    taken_over: bool = False  # a lost worker's rows, sent beside this process's own shard
    cpu: list[CpuSample] = field(default_factory=list)  # every 0.5 s
    cpu_seconds: float = 0.0  # this process's CPU time while dispatching
    release: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._stopped = Event()
        if self.stopping:
            self._stopped.set()
        sh = self.shard
        s = sh.settings
        self.cols = _Columns.of(sh)
        # the credentials are this process's own (resolve_env checked them), never in the shard
        signer = signer_from_env(s.sign, os.environ)
        self.client = Client(sh.base_url, s.connections, s.keep_body, signer, s.sign_endpoints)
        self.max_in_flight = s.max_in_flight
        self.in_flight: set[Any] = set()  # the sends under way (raw greenlets: a Greenlet and a Pool cost more)
        # Send greenlets between rows. A greenlet that ends frees its frame stack (munmap) and a new one
        # maps and faults in another: ~16 us a row, against ~2.5 us to hand a row to a parked one.
        self._parked: list[Any] = []
        self._hub = gevent.get_hub()
        self._idle = Event()  # no send under way
        self._idle.set()
        self.keep_body = s.keep_body
        self.id_header = s.id_header
        self.release_names = frozenset(s.release_headers)
        self.secrets: list[str] = s.secrets
        self.seed = s.seed * 1_000_003
        # perf_counter of offset 0; results are reported in epoch seconds
        self.t0 = perf() + (self.start - time.time())
        self.to_epoch = self.start - self.t0

    def run(self) -> None:
        if self.taken_over:  # beside the process's own dispatcher, which measures the process
            first = self.cols.offset[0] if self.cols.offset else 0.0  # its first row is due then (open model)
            until = self.t0 + (0.0 if math.isnan(first) else first) - perf() - 0.05
            self.client.warm(self.shard.requests, self.shard.policies, WARM_CONNECTIONS, until)
            self._dispatch()
            return
        self.client.warm(self.shard.requests, self.shard.policies, WARM_CONNECTIONS, self.t0 - perf() - 0.05)
        # What exists now lives all run: later collections need not walk it. No collection first: it would walk the
        # ~60,000 objects of locust's and numpy's modules (~0.05 CPU-s) to find a handful unreachable (5 in a run).
        gc.freeze()
        sampler = gevent.spawn(self._sample_cpu)
        cpu = time.process_time()
        try:
            self._dispatch()
        finally:
            self.cpu_seconds = time.process_time() - cpu
            sampler.kill()

    def _dispatch(self) -> None:
        try:
            if self.shard.model == "closed":
                for step in self.shard.steps:
                    self._closed(step)
            else:
                self._open()
            while not self._idle.wait(timeout=0.5):
                if self.stopping:
                    self._idle.wait(timeout=STOP_GRACE)
                    self.cut_off = len(self.in_flight)
                    for g in list(self.in_flight):  # an interrupted run keeps what came back
                        gevent.kill(g)
                    self.in_flight.clear()
                    break
        finally:
            self.client.close()
            parked, self._parked = self._parked, []
            for g in parked:  # each ends at its next switch, before the hub's next poll
                gevent.kill(g)

    def stop(self) -> None:
        """Stop sending; rows not yet sent are recorded as unsent, sends in flight get a moment."""
        self.stopping = True
        self._stopped.set()

    def _wait_until(self, due: float, fine: FineWait) -> float:
        """Wait until ``due`` (perf_counter); returns how late it is then (negative: early by under SPIN).

        gevent's timers cannot wake under about a millisecond (a 0.25 ms sleep takes 1.1 ms), so it
        sleeps to within COARSE of the due time and waits out the rest with ``fine`` (sends and
        answers in flight keep being served). A long wait (captured timing) must end at once on stop.
        """
        while (wait := due - perf()) > SPIN and not self.stopping:
            if wait > 0.05:
                self._stopped.wait(wait - COARSE)
            elif wait > COARSE:
                gevent.sleep(wait - COARSE)
            else:
                fine.rest(due - SPIN)
        return -wait

    def _spawn(self, i: int, due: float, queue: RunQueue) -> None:
        """Row ``i`` to a send greenlet, parked or new; either starts from the loop's callbacks, in the
        order handed over (``spawn_raw`` schedules a new one's first switch the same way)."""
        self._idle.clear()
        if self._parked:
            g = self._parked.pop()
            self._hub.loop.run_callback(g.switch, (i, due, queue))
        else:
            g = gevent.spawn_raw(self._sender, (i, due, queue))
        self.in_flight.add(g)

    def _sender(self, row: tuple[int, float, RunQueue]) -> None:
        """A send greenlet: its row, then parked until handed the next (a killed one ends here)."""
        me = gevent.getcurrent()
        while True:
            self._sent(*row)
            if len(self._parked) >= PARKED or len(self.in_flight) > PARK_BELOW:
                return  # many sends under way (overload): a parked greenlet's saved stack costs more
            self._parked.append(me)
            row = self._hub.switch()

    def _sent(self, i: int, due: float, queue: RunQueue) -> None:
        """A send's greenlet: the row, then its place among those under way is free. The machine's
        part of its lag is read as it starts (greenlets start in the order spawned, so due times
        only grow): the wait for a core between the hand-over and this start counts too."""
        try:
            queue.tick(perf())
            self._one(i, due, queue.since(due))
        except Exception:  # as gevent reports a Greenlet's: printed, and the run goes on
            gevent.get_hub().handle_error(gevent.getcurrent(), *sys.exc_info())
        finally:
            self.in_flight.discard(gevent.getcurrent())
            if not self.in_flight:
                self._idle.set()

    def _sleep(self, seconds: float) -> None:
        if seconds > 0.05:
            self._stopped.wait(seconds)
        else:
            gevent.sleep(seconds)

    def _sample_cpu(self) -> None:
        """Every 0.5 s: this process's CPU and the share of the time it waited for a core (the machine's)."""
        proc = psutil.Process()
        proc.cpu_percent(None)
        last, waited = perf(), run_queue_wait()
        while True:
            gevent.sleep(0.5)
            now, wait = perf(), run_queue_wait()
            share = None if wait is None or waited is None else 100 * (wait - waited) / (now - last)
            self.cpu.append((time.time(), proc.cpu_percent(None), share))
            last, waited = now, wait

    def _open(self) -> None:
        c, t0, n = self.cols, self.t0, len(self.cols.row)
        i = due_by = 0  # due_by: the rows up to it are due (those from i on wait for the generator)
        queue, fine, busy, limit = RunQueue(), FineWait(), self.in_flight, self.max_in_flight
        while i < n:
            late = self._wait_until(t0 + c.offset[i], fine)
            queue.tick(perf())
            # Every row due by now (or within SPIN) leaves in this tick, each with its own due time.
            now = perf() + SPIN
            due_by = max(due_by, i + 1)
            while due_by < n and t0 + c.offset[due_by] <= now:
                due_by += 1
            spawned = 0
            while i < n and (spawned == 0 or t0 + c.offset[i] <= now):
                due = t0 + c.offset[i]
                if self.stopping:
                    self._not_sent(i, due, "unsent", "run stopped")
                elif len(busy) >= limit:
                    self._not_sent(i, due, "dropped", BUSY)
                elif len(busy) + due_by - i > limit:  # the oldest of the rows waiting goes
                    self._not_sent(i, due, "dropped", BEHIND)
                else:
                    self._spawn(i, due, queue)
                spawned += 1
                i += 1
                if spawned >= BATCH:
                    break
            if late > 0.001:
                gevent.idle()  # behind: the answers waiting are read before more rows go out
            elif spawned > 1:
                gevent.sleep(0)  # let the spawned sends go out now
        queue.close()

    def _closed(self, step: PlannedStep) -> None:
        c, sh = self.cols, self.shard
        rows = iter([i for i in range(len(c.row)) if c.step[i] == step.index])
        users = step.users or 0
        users = users // sh.workers + (sh.users_of < users % sh.workers)
        begin = self.t0 + step.start
        end = begin + step.duration
        while (wait := begin - perf()) > 0 and not self.stopping:
            self._sleep(wait)

        def user() -> None:
            for i in rows:
                now = perf()
                if now >= end or self.stopping:
                    self._not_sent(i, now, "unsent", "step ended" if now >= end else "run stopped")
                    return
                self._one(i, now)

        gevent.joinall([gevent.spawn(user) for _ in range(users)])
        for i in rows:
            self._not_sent(i, perf(), "unsent", "step ended")

    def _result(self, i: int, due: float, outcome: str, endpoint: str) -> Result:
        c = self.cols
        return Result(
            c.row[i],
            c.record[i],
            c.step[i],
            c.family[i],
            c.perturbation[i],
            endpoint,
            self.shard.worker,
            due + self.to_epoch,
            outcome,
            faults=self.shard.steps[c.step[i]].faults,
        )

    def _not_sent(self, i: int, due: float, outcome: str, why: str) -> None:
        res = self._result(i, due, outcome, self.shard.requests[self.cols.req[i]].endpoint)
        res.error = why
        self.unsent_on_stop += outcome == "unsent" and self.stopping
        self.sink(res, None)

    def _one(self, i: int, due: float, waited: float | None = None) -> None:
        """Send row ``i`` due at ``due``; ``waited``: how long the runner had no core since ``due``."""
        sh = self.shard
        req = sh.requests[self.cols.req[i]]
        row = self.cols.row[i]
        extra = f"{self.id_header}: {sh.run_id}/{row}\r\n".encode() if self.id_header else b""
        out = self.client.send(req, sh.policies[req.policy], extra, self.seed + row, self._attempt)
        res = self._result(i, due, out.outcome, req.endpoint)
        if out.sent is not None:
            res.sent = out.sent + self.to_epoch
            res.send_lag, res.queued, res.service = out.sent - due, out.sent - out.start, out.done - out.sent
            if waited is not None:  # of the generator's own lag (started late), the machine's part
                res.machine_lag = min(waited, max(out.start - due, 0.0))
        res.latency = out.done - due
        res.ttfb, res.status, res.error = out.ttfb, out.status, out.error
        res.attempts, res.tries, res.bytes_in = len(out.tries), out.tries, out.bytes_in
        res.stream, res.events, res.completed = out.stream, out.events, out.completed
        res.first_event, res.first_token = out.first_event, out.first_token
        res.gap_mean, res.gap_max = out.gap_mean, out.gap_max
        if out.deltas:
            res.deltas, res.last_token = out.deltas, out.last_token
            res.itl, res.itl_hist = row_figures(out.token_gaps)
        if not out.status:
            self.sink(res, None)
            return
        self.sink(res, kept_response(row, out, self.keep_body, self.secrets, self.release_names, self.release))

    def _attempt(self, method: str, name: str, seconds: float, length: int, error: str | None) -> None:
        if self.request_event is not None:
            self.request_event.fire(
                request_type=method,
                name=name,
                response_time=seconds * 1000,
                response_length=length,
                exception=_Failure(error) if error else None,
                context={},
                response=None,
                url=None,
            )


class ReplayUser(User):
    """The Locust user of a replay: takes its process's job and dispatches it."""

    host = "http://127.0.0.1"  # requests go to the shard's base_url

    @task
    def replay(self) -> None:
        job = SLOT.take()
        if job is not None:
            events = self.environment.events.request if job.live else None
            d = Dispatcher(job.shard, job.start, job.sink, events, SLOT.stopped)
            SLOT.dispatcher = d
            d.run()
            job.on_done(d)
        raise StopUser
