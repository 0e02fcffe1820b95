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
from replay.runner.runinfo import parent_gone
from replay.runner.settle import ALONE, JOINED, MASTER_WAIT, NO_MASTER
from replay.util.pids import dying

__all__ = ["STOP_WAIT", "on_stop", "run_worker"]

BATCH_EVERY, BATCH_ROWS = 0.2, 2000
STOP_WAIT = STOP_GRACE + 3.0  # seconds stopped workers get to send what they have
MASTER_SILENCE = ALONE - 1.0  # seconds without the master's heartbeat (every second) before a worker stops


def on_stop(stop: Callable[[str], None]) -> Callable[[], str]:
    """Call ``stop`` on SIGTERM, or when the parent ('replay run' or 'replay worker') is gone: with "" when the
    parent lives (its own stop, or the user's), else why the run lost it (``parent_gone``: the SIGTERM that
    PR_SET_PDEATHSIG sends comes after the parent died, a loss, never the user's 'interrupted').
    Returns that question, to ask again as the run ends: PR_SET_PDEATHSIG's parent is the thread that started this
    process, so a kill -9 of a parent with threads can signal here while its other threads still die, getppid() still
    its pid (a run read 'interrupted' so, at load 12)."""
    parent = os.getppid()

    def why() -> str:
        # getppid() names a killed parent until its last thread has ended; its main thread ends first (state Z)
        return "" if os.getppid() == parent and not dying(parent) else parent_gone(parent)

    def watch() -> None:
        while os.getppid() == parent:
            gevent.sleep(1.0)
        stop(why())

    gevent.signal_handler(signal.SIGTERM, lambda: stop(why()))
    gevent.spawn(watch)
    return why


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
        stopped = [d.unsent_on_stop, d.cut_off] if d.stopping else None
        self.runner.send_message("replay_done", [d.cpu, d.release, d.cpu_seconds, stopped])
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


class _Session:
    """One worker's session with its master: the master's messages as this worker answers them, its stop, and what
    they leave (the shards sent; why any was refused, which makes the worker exit 2). Each message's handling reads
    on its own here; ``run_worker`` keeps the worker's life: join, register, say hello, wait, exit."""

    def __init__(self, env: Environment, runner: Any) -> None:
        self.env, self.runner = env, runner
        self.batch = _Batch(runner)
        self.shards: list[Shard] = []
        self.refused: list[str] = []

    def register(self) -> None:
        """Every handler: the master may write once it has the hello."""
        self.runner.register_message("replay_version", self.on_version)
        self.runner.register_message("replay_challenge", self.on_challenge)
        self.runner.register_message("replay_shard", self.on_shard)
        self.runner.register_message("replay_go", self.on_go)
        self.runner.register_message("replay_more", self.on_more)
        self.runner.register_message("replay_stop", lambda environment, msg: SLOT.stop())

    def on_challenge(self, environment: Environment, msg: Any) -> None:
        self.runner.send_message("replay_proof", proof(env_token(), str(msg.data)))

    def refuse(self, worker: object, why: str) -> None:
        self.refused.append(why)
        self.runner.send_message("replay_refused", f"worker {worker}: {why}")
        print(f"replay worker: refusing the shard: {why}", flush=True)

    def resolved(self, data: Any) -> Shard | None:
        """A shard from its message, its ``${ENV}`` resolved here; None (refused, said to the master) when it
        cannot be. A master older than the hello's version check sends the shard of its own version's format."""
        if problem := master_version_problem(data.get("replay") if isinstance(data, dict) else None):
            self.refuse(data.get("worker") if isinstance(data, dict) else "?", problem)
            return None
        sh = from_message(data)
        try:  # its own ${ENV}: the master sends references, never values
            resolve_env(sh, dict(os.environ), "this worker's")
        except BadInput as e:
            self.refuse(sh.worker, str(e))
            return None
        return sh

    def on_version(self, environment: Environment, msg: Any) -> None:
        """The master runs another replay version: it quits this worker next."""
        self.refused.append(problem := master_version_problem(msg.data) or "")
        print(f"replay worker: {SENT_AWAY}{problem}", flush=True)

    def on_shard(self, environment: Environment, msg: Any) -> None:
        if (sh := self.resolved(msg.data)) is not None:
            self.shards.append(sh)

    def on_go(self, environment: Environment, msg: Any) -> None:
        if self.shards:
            batch = self.batch
            batch.begin()
            SLOT.put(Job(self.shards[-1], msg.data["start"], batch.add, batch.done, live=msg.data.get("live", True)))

    def on_more(self, environment: Environment, msg: Any) -> None:
        """Rows of a lost worker to send too, beside this worker's own (at their planned times)."""
        if (sh := self.resolved(msg.data["shard"])) is not None:
            batch = self.batch
            batch.begin()
            events = self.env.events.request if msg.data.get("live", True) else None  # the master's web UI shows them
            gevent.spawn(SLOT.extra_job, Job(sh, msg.data["start"], batch.add, batch.done), events)

    def quit_after_report(self) -> None:
        SLOT.stop()
        self.batch.idle.wait(STOP_WAIT)
        self.runner.quit()

    def watch_master(self) -> None:
        """A dead master cannot tell its workers to stop: they stop themselves."""
        while True:
            gevent.sleep(0.5)
            last = self.runner.last_heartbeat_timestamp
            if last is not None and time.time() - last > MASTER_SILENCE:
                self.quit_after_report()
                return


def run_worker(master_host: str, master_port: int, wait: float = MASTER_WAIT) -> int:
    """Join a master and replay the shard it sends; returns when the master quits, or after a stop
    signal once what was sent is reported; NO_MASTER when no master answered within ``wait`` seconds."""
    env = Environment(user_classes=[ReplayUser], events=locust.events)
    runner = _connect(env, master_host, master_port, wait)
    if runner is None:
        return NO_MASTER
    print(f"{JOINED} at {master_host}:{master_port}", flush=True)
    session = _Session(env, runner)
    session.register()
    on_stop(lambda _why: gevent.spawn(session.quit_after_report))
    gevent.spawn(session.watch_master)
    # every handler is registered: the master may write now; the version, for it to send away a worker of another
    runner.send_message("replay_hello", build())
    runner.greenlet.join()
    return 2 if session.refused else 0
