"""A worker process: joins a master (replay.runner.distributed) on this or another host, replays
the shard it is sent and sends the results back in batches ("replay_results", at least every
BATCH_EVERY seconds: it doubles as a sign of life). See distributed.py for the messages.
"""

from __future__ import annotations

import math
import os
import signal
import time
from collections.abc import Callable
from typing import Any

import gevent
import locust
import locust.runners
from gevent.event import Event
from locust.env import Environment

from replay.errors import BadInput
from replay.runner.dispatch import SLOT, STOP_GRACE, Dispatcher, Job, ReplayUser
from replay.runner.gate import SENT_AWAY, build, env_token, master_version_problem, proof
from replay.runner.prepare import Shard, from_message, resolve_env
from replay.runner.results import Result
from replay.runner.settle import ALONE, JOINED, MASTER_WAIT, NO_MASTER

__all__ = ["STOP_WAIT", "on_stop", "run_worker"]

BATCH_EVERY, BATCH_ROWS = 0.2, 2000
STOP_WAIT = STOP_GRACE + 3.0  # seconds stopped workers get to send what they have
MASTER_SILENCE = ALONE - 1.0  # seconds without the master's heartbeat (every second) before a worker stops


def on_stop(stop: Callable[[], None]) -> None:
    """Call ``stop`` on SIGTERM, or when the parent ('replay run' or 'replay worker') is gone."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            gevent.sleep(1.0)
        stop()

    gevent.signal_handler(signal.SIGTERM, stop)
    gevent.spawn(watch)


class _Batch:
    """A worker's results on their way to the master, a batch at least every BATCH_EVERY seconds
    (an empty one tells the master the worker lives)."""

    def __init__(self, runner: Any):
        self.runner = runner
        self.results: list[list[Any]] = []
        self.responses: list[list[Any]] = []
        self.running = 0  # shards under way in this process (its own, and any taken over)
        self.idle = Event()  # no shard under way: everything this process sent is reported
        self.idle.set()
        self.greenlet = gevent.spawn(self._loop)

    def begin(self) -> None:
        self.running += 1
        self.idle.clear()

    def add(self, result: Result, response: list[Any] | None) -> None:
        self.results.append(result.as_list())
        if response is not None:
            self.responses.append(response)
        if len(self.results) >= BATCH_ROWS:
            self.flush()

    def flush(self) -> None:
        batch = [self.results, self.responses]
        self.results, self.responses = [], []
        self.runner.send_message("replay_results", batch)

    def _loop(self) -> None:
        while True:
            gevent.sleep(BATCH_EVERY)
            if self.running or self.results:
                self.flush()

    def done(self, d: Dispatcher) -> None:
        """A shard is through (or stopped): what it sent goes first, then its report."""
        self.flush()
        self.runner.send_message("replay_done", [d.cpu, d.release, d.cpu_seconds, d.stopping])
        self.running -= 1
        if self.running <= 0:
            self.idle.set()


def _connect(env: Environment, master_host: str, master_port: int, wait: float) -> Any:
    """The worker runner, joined to its master; None when no master answered within ``wait`` seconds.
    Locust retries for 5 minutes in silence (60 tries of 5 s); its two module constants pace it here."""
    tries = min(300, max(1, math.ceil(wait)))  # a try is one recursive call in locust: bounded
    locust.runners.CONNECT_TIMEOUT = wait / tries
    locust.runners.CONNECT_RETRY_COUNT = tries - 1  # locust tries once more than its count
    try:
        return env.create_worker_runner(master_host, master_port)
    except ConnectionError:
        return None


def run_worker(master_host: str, master_port: int, wait: float = MASTER_WAIT) -> int:
    """Join a master and replay the shard it sends; returns when the master quits, or after a stop
    signal once what was sent is reported; NO_MASTER when no master answered within ``wait`` seconds."""
    env = Environment(user_classes=[ReplayUser], events=locust.events)
    runner = _connect(env, master_host, master_port, wait)
    if runner is None:
        return NO_MASTER
    print(f"{JOINED} at {master_host}:{master_port}", flush=True)
    batch = _Batch(runner)
    shards: list[Any] = []
    refused: list[str] = []

    def on_challenge(environment: Environment, msg: Any) -> None:
        runner.send_message("replay_proof", proof(env_token(), str(msg.data)))

    def refuse(worker: object, why: str) -> None:
        refused.append(why)
        runner.send_message("replay_refused", f"worker {worker}: {why}")
        print(f"replay worker: refusing the shard: {why}", flush=True)

    def resolved(data: Any) -> Shard | None:
        # a master older than the hello's version check sends the shard of its own version's format
        if problem := master_version_problem(data.get("replay") if isinstance(data, dict) else None):
            refuse(data.get("worker") if isinstance(data, dict) else "?", problem)
            return None
        sh = from_message(data)
        try:  # its own ${ENV}: the master sends references, never values
            resolve_env(sh, dict(os.environ), "this worker's")
        except BadInput as e:
            refuse(sh.worker, str(e))
            return None
        return sh

    def on_version(environment: Environment, msg: Any) -> None:
        """The master runs another replay version: it quits this worker next."""
        refused.append(problem := master_version_problem(msg.data) or "")
        print(f"replay worker: {SENT_AWAY}{problem}", flush=True)

    def on_shard(environment: Environment, msg: Any) -> None:
        if (sh := resolved(msg.data)) is not None:
            shards.append(sh)

    def on_go(environment: Environment, msg: Any) -> None:
        if shards:
            batch.begin()
            SLOT.put(Job(shards[-1], msg.data["start"], batch.add, batch.done, live=msg.data.get("live", True)))

    def on_more(environment: Environment, msg: Any) -> None:
        """Rows of a lost worker to send too, beside this worker's own (at their planned times)."""
        if (sh := resolved(msg.data["shard"])) is not None:
            batch.begin()
            events = env.events.request if msg.data.get("live", True) else None  # the master's web UI shows them
            gevent.spawn(SLOT.extra_job, Job(sh, msg.data["start"], batch.add, batch.done), events)

    def quit_after_report() -> None:
        SLOT.stop()
        batch.idle.wait(STOP_WAIT)
        runner.quit()

    runner.register_message("replay_version", on_version)
    runner.register_message("replay_challenge", on_challenge)
    runner.register_message("replay_shard", on_shard)
    runner.register_message("replay_go", on_go)
    runner.register_message("replay_more", on_more)

    def watch_master() -> None:  # a dead master cannot tell its workers to stop: they stop themselves
        while True:
            gevent.sleep(0.5)
            last = runner.last_heartbeat_timestamp
            if last is not None and time.time() - last > MASTER_SILENCE:
                quit_after_report()
                return

    runner.register_message("replay_stop", lambda environment, msg: SLOT.stop())
    on_stop(lambda: gevent.spawn(quit_after_report))
    gevent.spawn(watch_master)
    # every handler is registered: the master may write now; the version, for it to send away a worker of another
    runner.send_message("replay_hello", build())
    runner.greenlet.join()
    return 2 if refused else 0
