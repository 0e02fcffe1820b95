"""Runner processes over Locust's own runners: one local process, or a master and its workers.

    local   LocalRunner; the process replays the whole plan and writes the run directory
    master  MasterRunner; waits for N workers to say they listen ("replay_hello", once their
            handlers are registered: replay.runner.gate), sends each its shard ("replay_shard"), then the
            start time and whether a web UI shows the run ("replay_go"), starts one ReplayUser per
            worker, and writes the results the workers send back ("replay_results", batched, at
            least every 0.2 s: it doubles as a sign of life; "replay_done" when a shard is through
            or was stopped)
    worker  WorkerRunner; joins a master on this or another machine (``replay worker --master``)

The supervisor (replay.runner.supervise) prepares the run directory (run.json, scenario.toml,
prepared.zip) and starts these as child processes. Workers learn nothing from files: their shard
arrives in Locust messages, so a worker on another host needs only replay itself. The master never
sends credentials: a shard carries ``${ENV}`` references as the scenario wrote them and each worker
resolves them from its own environment; a worker missing one refuses its shard, naming the variable
("replay_refused"), and the run fails.

With ``REPLAY_TOKEN`` set, the master and its workers share a secret: the master sends each worker
that says hello a random challenge ("replay_challenge") and deals shards only to workers whose answer
("replay_proof", an HMAC of the challenge under the token) is right; any other is sent away.

A worker that dies or stops answering (Locust marks it missing after a few missed heartbeats) fails
the run: the master stops the others ("replay_stop"; they record their unsent rows and send what
they have), then settles the lost worker's rows (replay.runner.settle: unknown up to its last sign
of life, unsent after) and ends the run ``failed``. A run interrupted by SIGTERM ends the same way,
``interrupted``, and so does one whose worker stopped on its own (a signal on its host), naming that
worker; ``replay run`` reports either as a failure unless it was itself interrupted. A runner whose parent
died (a kill -9 of ``replay run``) ends its run ``failed``, saying so: no user interrupted it. With ``[run]
on_worker_loss = "reassign"`` the master instead sends the lost worker's rows that are not due yet to the
workers left ("replay_more": a shard each, sent beside their own, each row at its planned time;
replay.runner.reassign) and the run goes on.
"""

from __future__ import annotations

import collections
import contextlib
import os
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import gevent
import locust
import numpy as np
from gevent import monkey
from gevent.event import Event
from locust.env import Environment
from locust.runners import STATE_MISSING

from replay.runner.dispatch import SLOT, Job, ReplayUser
from replay.runner.gate import TOKEN_ENV, Gate, env_token
from replay.runner.prepare import (
    Shard,
    assignment,
    raw_responses,
    resolve_env,
    shard,
    shard_rows,
    to_message,
)
from replay.runner.prepared import load_prepared
from replay.runner.reassign import take_over
from replay.runner.results import ResultWriter, Run
from replay.runner.rundir import MASTER, PROGRESS, RESPONSES, write_json
from replay.runner.runinfo import STOPPED_BY_SIGNAL, Status, read_info, worker_stopped, write_info
from replay.runner.settle import CONTACT_MARGIN, UNWRITTEN, Ending, finish, row_result
from replay.runner.stepstats import CpuSample, cpu_sample
from replay.runner.worker import STOP_WAIT, on_stop

__all__ = ["run_local", "run_master"]

_start_thread = monkey.get_original("_thread", "start_new_thread")
_new_lock = monkey.get_original("_thread", "allocate_lock")
START_MARGIN = 1.0  # seconds between sending the start time and offset 0


class _Writes:
    """The run directory's file writes (results.jsonl, progress.json) in an OS thread of their own,
    in order (``results.Offload``). A write or rename waits as long as the file system's journal is
    busy: 478 ms once on a busy machine, and in the sending loop that held up every send. Real thread
    primitives: gevent's (Locust patches the modules) would run the writes in this thread after all."""

    def __init__(self) -> None:
        self._jobs: collections.deque[Callable[[], None]] = collections.deque()
        self._wake = _new_lock()
        self._wake.acquire()
        self._handed = self._ran = 0
        _start_thread(self._loop, ())

    def __call__(self, job: Callable[[], None]) -> None:
        self._jobs.append(job)
        self._handed += 1
        with contextlib.suppress(RuntimeError):  # already woken
            self._wake.release()

    def drain(self) -> None:
        while self._ran < self._handed:
            gevent.sleep(0.002)

    def _loop(self) -> None:
        while True:
            self._wake.acquire()
            while self._jobs:
                job = self._jobs.popleft()
                try:
                    job()  # the writer's jobs keep their OSError for the run to report
                except Exception:  # a bug in a job must not stop the writes after it
                    traceback.print_exc()
                self._ran += 1


class _RunState:
    """The run directory as the local or master process keeps it."""

    def __init__(self, run_dir: Path, workers: int, resolve: bool):
        self.run = Run(run_dir, read_info(run_dir))
        self.prepared = load_prepared(run_dir)
        if resolve:  # only a process that sends resolves ${ENV}: a master sends nothing
            resolve_env(self.prepared, dict(os.environ))
        # responses.jsonl through the capture's redactor, in a process of its own
        self.writes = _Writes()
        self.writer = ResultWriter(run_dir, len(self.prepared), raw=raw_responses(self.prepared), offload=self.writes)
        self.workers = workers
        self.live = False  # Locust's web UI shows the run: the senders fire its request events
        self.holder = assignment(self.prepared, workers)  # the worker each row is with (rows move on a loss)
        self.jobs = dict.fromkeys(range(workers), 1)  # shards each worker has not reported done yet
        self.done: set[int] = set()  # workers through their shards (or stopped and reported)
        self.lost: set[int] = set()  # workers gone before that
        self.contact: dict[int, float] = {}  # worker -> last message (epoch)
        self.cpu: list[CpuSample] = []
        self.cpu_seconds = 0.0
        self.release: dict[str, list[str]] = {}
        self.finished = Event()
        self.status = Status.COMPLETE
        self.reason = ""
        self.left: dict[int, list[tuple[int, int]]] = {}  # a worker stopped on its own -> per shard: unsent, cut off
        self.orphaned: Callable[[], str] = str  # why the run lost its parent, asked as it ends (worker.on_stop)

    @property
    def run_id(self) -> str:
        return self.run.info.id

    def begin(self, start: float, workers: int) -> None:
        """Record the start; skipped rows (unsafe methods not allowed) are written now."""
        info = self.run.info
        info.status, info.start, info.workers = Status.RUNNING, start, workers
        write_info(self.run.path, info)
        c = self.prepared.columns
        why = "unsafe method not allowed by [target] allow_unsafe"
        for i in np.flatnonzero(c["skip"]).tolist():
            intended = start + float(np.nan_to_num(c["offset"][i]))
            self.writer.add(row_result(self.prepared, i, -1, intended, "skipped", why))
        gevent.spawn(self._progress)

    def _progress(self) -> None:
        planned = len(self.prepared)
        while not self.finished.is_set():
            body = {"planned": planned, "done": self.writer.done, "counts": dict(self.writer.counts), "t": time.time()}
            self.writes(lambda body=body: self._write_progress(body))
            self.writer.flush()  # rows of a quiet moment reach the disk too (fsynced every SYNC_EVERY s)
            self.finished.wait(0.5)

    def _write_progress(self, body: dict[str, Any]) -> None:
        """In the writes' thread."""
        try:
            write_json(self.run.path / PROGRESS, body)
        except OSError as e:
            self.writer.error = self.writer.error or e

    def heard(self, worker: int) -> None:
        self.contact[worker] = time.time()

    def worker_done(self, worker: int, cpu: list[Any], release: dict[str, list[str]], cpu_seconds: float) -> None:
        self.cpu.extend(cpu_sample(s) for s in cpu)
        self.cpu_seconds += cpu_seconds
        for name, values in release.items():
            seen = self.release.setdefault(name, [])
            seen.extend(v for v in values if v not in seen)
        self.heard(worker)
        self.jobs[worker] = self.jobs.get(worker, 1) - 1
        if self.jobs[worker] <= 0:
            self.done.add(worker)
        self._check_end()

    def fail(self, reason: str) -> None:
        """The run cannot complete; the first reason stands."""
        if self.status != Status.FAILED:
            self.status, self.reason = Status.FAILED, reason

    def interrupt(self, reason: str = STOPPED_BY_SIGNAL) -> None:
        if self.status == Status.COMPLETE:
            self.status, self.reason = Status.INTERRUPTED, reason

    def worker_stopped(self, worker: int, unsent: int, cut_off: int) -> None:
        """Worker ``worker`` stopped on its own (a signal, its parent gone), one shard it held ``unsent`` rows short
        with ``cut_off`` sends in flight given up: the run is interrupted, its reason counting every shard of the
        worker's reported so far (one taken over from a lost worker besides its own is reported apart)."""
        shards = self.left.setdefault(worker, [])
        said = worker_stopped(worker, shards) if shards else None
        shards.append((unsent, cut_off))
        if said is not None and self.reason == said:
            self.reason = worker_stopped(worker, shards)
        else:
            self.interrupt(worker_stopped(worker, shards))

    def stopped(self, why: str) -> None:
        """This runner process was told to stop: by its parent or the user (``why`` empty: interrupted), or by
        its parent's death (``why``: a loss; nothing is left to see the run through)."""
        if why:
            self.fail(why)
        else:
            self.interrupt()

    def lose(self, workers: list[int], fail: bool = True) -> None:
        """``workers`` are gone; the run fails unless the others took their rows over."""
        start = self.run.info.start or time.time()
        for w in workers:
            self.lost.add(w)
            last = self.contact.get(w, start)
            if fail:
                self.fail(f"worker {w} stopped answering the master {max(0.0, last - start):.1f} s into the run")
        self._check_end()

    def take_over(self, workers: list[int], alive: list[int]) -> list[tuple[int, Shard]]:
        """The shards ``alive`` workers send for the lost ``workers`` ([run] on_worker_loss = "reassign")."""
        start = self.run.info.start
        if start is None:
            return []
        out = []
        for w in workers:
            last = self.contact.get(w, start)
            for m in take_over(self.prepared, self.holder, self.writer.have, w, last, time.time(), start, alive):
                sh = shard_rows(self.prepared, m.rows, m.worker, self.workers, self.run_id, m.as_worker)
                out.append((m.worker, sh))
                self.jobs[m.worker] = self.jobs.get(m.worker, 0) + 1
                self.done.discard(m.worker)
        return out

    def _check_end(self) -> None:
        if len(self.done | self.lost) >= self.workers:
            self.finished.set()

    def write_error(self) -> None:
        if why := self.writer.failure():
            self.fail(why)

    def finish(self) -> int:
        """Settle the rows without a result and write the run's summary into run.json; the process's exit code:
        0, or UNWRITTEN when run.json could not be written (its disk gone read-only or failing: a traceback in
        a log on that disk told nobody, and the run read as 'killed')."""
        self.finished.set()
        self.write_error()
        if self.status == Status.INTERRUPTED and (gone := self.orphaned()):
            self.fail(gone)  # the stop came as the parent died: a loss, not the user's
        now = time.time()
        cutoff = dict.fromkeys(range(-1, self.workers), now)
        for w in self.lost:
            cutoff[w] = self.contact.get(w, self.run.info.start or now) + CONTACT_MARGIN
        end = Ending(self.status, self.reason, self.workers, cutoff, set(self.lost), self.cpu, self.cpu_seconds)
        end.release, end.holder = self.release, self.holder
        try:
            finish(self.run, self.prepared, self.writer, end)
        except OSError:
            return UNWRITTEN
        return 0


def _web(env: Environment, port: int | None) -> Any:
    return env.create_web_ui("127.0.0.1", port) if port else None


def _writer_up(state: _RunState) -> bool:
    """Whether the responses writer is up, waiting for it; when it died first (killed, out of memory) the run
    fails saying so, every row unsent: its OSError was this process's traceback, quoted as the run's reason."""
    try:
        state.writer.ready()
    except OSError as e:
        state.fail(f"{RESPONSES} could not be written: {e.strerror or e}")
        return False
    return True


def run_local(run_dir: Path, web_port: int | None = None) -> int:
    """Replay the whole plan in this process."""
    state = _RunState(run_dir, workers=1, resolve=True)
    env = Environment(user_classes=[ReplayUser], host=state.prepared.base_url, events=locust.events)
    runner = env.create_local_runner()
    web = _web(env, web_port)

    def stop(why: str) -> None:
        state.stopped(why)
        SLOT.stop()

    state.orphaned = on_stop(stop)
    if not _writer_up(state):  # the responses writer has started: its start-up costs no send its time
        return state.finish()
    start = time.time() + 0.3
    state.begin(start, 1)
    done = lambda d: state.worker_done(0, d.cpu, d.release, d.cpu_seconds)  # noqa: E731
    sh = shard(state.prepared, 0, 1, state.run_id, state.holder)
    SLOT.put(Job(sh, start, state.writer.add, done, live=web is not None))
    runner.start(1, spawn_rate=1)
    while not state.finished.wait(0.5):
        if state.writer.failure():  # a full disk, or no responses written: stop at once, the run has failed
            state.write_error()
            SLOT.stop()
    runner.quit()
    if web is not None:
        web.stop()
    return state.finish()


def _gone(runner: Any, client_id: str) -> bool:
    client = runner.clients.get(client_id)
    return client is None or client.state == STATE_MISSING


def _follow(state: _RunState, runner: Any, ids: list[str], stopping: Event, gate: Gate) -> None:
    """Until every worker is done or lost; on a lost worker, a refused shard, a write error or a stop
    signal, stop the others and give them STOP_WAIT to send what they have."""
    stop_by = None
    reassign = state.prepared.settings.on_worker_loss == "reassign"
    while not state.finished.wait(0.5):
        state.write_error()
        if gate.refused and state.status != Status.FAILED:
            state.fail(f"a worker refused its shard: {gate.refused[0]}")
        # A worker that refused its shard, and so never reported a batch, has nothing to send: settled now,
        # not after STOP_WAIT.
        if refusers := [
            w
            for w, cid in enumerate(ids)
            if cid in gate.refusers and w not in state.done | state.lost and w not in state.contact
        ]:
            state.lose(refusers)
        lost = [w for w, cid in enumerate(ids) if w not in state.done | state.lost and _gone(runner, cid)]
        taken = False
        if lost:
            alive = [w for w, cid in enumerate(ids) if w not in state.lost and w not in lost and not _gone(runner, cid)]
            taken = reassign and stop_by is None and bool(alive)
            for w, sh in state.take_over(lost, alive) if taken else []:
                more = {"shard": to_message(sh), "start": state.run.info.start, "live": state.live}
                runner.send_message("replay_more", more, ids[w])
            state.lose(lost, fail=not taken)
        if stop_by is None and ((lost and not taken) or stopping.is_set() or state.status == Status.FAILED):
            stop_by = time.monotonic() + STOP_WAIT
            for w, cid in enumerate(ids):
                if w not in state.done | state.lost:
                    runner.send_message("replay_stop", None, cid)
        if stop_by is not None and time.monotonic() > stop_by:
            state.lose([w for w in range(len(ids)) if w not in state.done | state.lost])


def run_master(run_dir: Path, host: str, port: int, workers: int, wait: float, web_port: int | None = None) -> int:
    """Shard the plan over ``workers`` workers (waiting ``wait`` seconds for them) and collect their results."""
    state = _RunState(run_dir, workers, resolve=False)
    env = Environment(user_classes=[ReplayUser], host=state.prepared.base_url, events=locust.events)
    runner = env.create_master_runner(host, port)
    web = _web(env, web_port)
    state.live = web is not None
    gate = Gate(runner, env_token())
    index: dict[str, int] = {}
    stopping = Event()

    def on_results(environment: Environment, msg: Any) -> None:
        state.heard(index.get(msg.node_id, -1))
        state.writer.add_lists(*msg.data)

    def on_done(environment: Environment, msg: Any) -> None:
        cpu, release, cpu_seconds, stopped = msg.data
        w = index.get(msg.node_id, -1)
        if stopped is not None and not stopping.is_set():  # not told to by this master: a signal, its parent gone
            state.worker_stopped(w, *stopped)
        state.worker_done(w, cpu, release, cpu_seconds)

    def stop(why: str) -> None:
        state.stopped(why)
        stopping.set()

    runner.register_message("replay_results", on_results)
    runner.register_message("replay_done", on_done)
    state.orphaned = on_stop(stop)
    write_json(run_dir / MASTER, {"host": host, "port": runner.server.port})
    try:
        deadline = time.monotonic() + wait
        while len(ids := gate.ready()) < workers:
            if gate.other_versions:  # it will not come back of another version: waiting on helps nothing
                state.fail(gate.other_versions[0])
                return state.finish()
            if time.monotonic() > deadline or stopping.is_set():
                if not stopping.is_set():
                    unproven = len(runner.clients) - len(ids) if gate.token else 0
                    why = f" ({unproven} without the right {TOKEN_ENV})" if unproven else ""
                    state.fail(f"{len(ids)} of {workers} workers connected within {wait:g} s{why}")
                return state.finish()
            gevent.sleep(0.1)
        ids = ids[:workers]
        index.update({cid: w for w, cid in enumerate(ids)})
        for w, client_id in enumerate(ids):
            sh = shard(state.prepared, w, workers, state.run_id, state.holder)
            runner.send_message("replay_shard", to_message(sh), client_id)
        if not _writer_up(state):  # started while the workers connected; done before the start time is set
            return state.finish()
        start = time.time() + START_MARGIN
        state.begin(start, workers)
        for client_id in ids:
            runner.send_message("replay_go", {"start": start, "live": state.live}, client_id)
        # One user per connected worker: Locust deals users over all of them, and a dealt worker
        # must get one (a user finding no shard in its process stops at once).
        users = max(workers, len(runner.clients))
        runner.start(users, spawn_rate=users)
        _follow(state, runner, ids, stopping, gate)
        return state.finish()
    finally:
        runner.quit()
        if web is not None:
            web.stop()
