"""Runner processes over Locust's own runners: one local process, or a master and its workers.

    local   LocalRunner; the process replays the whole plan and writes the run directory
    master  MasterRunner; waits for N workers, sends each its shard ("replay_shard"), then the
            start time ("replay_go"), starts one ReplayUser per worker, and writes the results
            the workers send back ("replay_results", batched; "replay_done" when a shard is through)
    worker  WorkerRunner; joins a master on this or another machine (``replay worker --master``)

The CLI prepares the run directory (run.json, scenario.toml, prepared.pkl) and starts these as
child processes. Workers learn nothing from files: their shard, with ``${ENV}`` already resolved
by the master, arrives in Locust messages, so a worker on another host needs only replay itself.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import gevent
import locust
import numpy as np
import orjson
from gevent.event import Event
from locust.env import Environment

from replay.runner.dispatch import SLOT, Dispatcher, Job, ReplayUser
from replay.runner.prepare import from_message, load_prepared, resolve_env, shard, to_message
from replay.runner.results import RUN, Result, ResultWriter, open_run, step_stats, write_info

__all__ = ["PREPARED", "PROGRESS", "run_local", "run_master", "run_worker"]

PREPARED, PROGRESS, MASTER = "prepared.pkl", "progress.json", "master.json"
START_MARGIN = 1.0  # seconds between sending the start time and offset 0
BATCH_EVERY, BATCH_ROWS = 0.2, 2000


class _RunState:
    """The run directory as the local or master process keeps it."""

    def __init__(self, run_dir: Path, expected: int):
        self.dir = run_dir
        self.info: dict[str, Any] = orjson.loads((run_dir / RUN).read_bytes())
        self.prepared = load_prepared(run_dir / PREPARED)
        resolve_env(self.prepared, dict(os.environ))
        self.writer = ResultWriter(run_dir)
        self.expected = expected
        self.done_workers = 0
        self.cpu: list[tuple[float, float]] = []
        self.cpu_seconds = 0.0
        self.release: dict[str, list[str]] = {}
        self.finished = Event()
        self.status = "complete"

    @property
    def run_id(self) -> str:
        return self.info["id"]

    def begin(self, start: float, workers: int) -> None:
        """Record the start; skipped rows (unsafe methods not allowed) are written now."""
        self.start = start
        self.info.update(status="running", start=start, workers=workers)
        write_info(self.dir, self.info)
        p = self.prepared
        c = p.columns
        for i in np.flatnonzero(c["skip"]).tolist():
            res = Result(
                int(c["row"][i]),
                int(c["record"][i]),
                int(c["step"][i]),
                p.vocab["family"][c["family"][i]],
                p.vocab["perturbation"][c["perturbation"][i]],
                p.requests[c["req"][i]].endpoint,
                -1,
                start + float(np.nan_to_num(c["offset"][i])),
                "skipped",
                error="unsafe method not allowed by [target] allow_unsafe",
                faults=p.steps[int(c["step"][i])].get("faults", ""),
            )
            self.writer.add(res)
        gevent.spawn(self._progress)

    def _progress(self) -> None:
        planned = len(self.prepared)
        while not self.finished.is_set():
            body = {"planned": planned, "done": self.writer.done, "counts": self.writer.counts, "t": time.time()}
            tmp = self.dir / (PROGRESS + ".tmp")
            tmp.write_bytes(orjson.dumps(body))
            tmp.replace(self.dir / PROGRESS)
            self.finished.wait(0.5)

    def worker_done(self, cpu: list[Any], release: dict[str, list[str]], cpu_seconds: float) -> None:
        self.cpu.extend((float(t), float(v)) for t, v in cpu)
        self.cpu_seconds += cpu_seconds
        for name, values in release.items():
            seen = self.release.setdefault(name, [])
            seen.extend(v for v in values if v not in seen)
        self.done_workers += 1
        if self.done_workers >= self.expected:
            self.finished.set()

    def finish(self, status: str, reason: str = "") -> None:
        """Close the results and write the run's summary into run.json."""
        self.finished.set()
        self.writer.close()
        cols = open_run(self.dir).columns()
        summary: dict[str, Any] = {}
        for name in ("latency", "service", "send_lag", "ttfb"):
            v = cols[name][~np.isnan(cols[name])] if len(cols["row"]) else np.zeros(0)
            for p in (50, 90, 99):
                summary[f"{name}_p{p}"] = float(np.percentile(v, p)) if len(v) else None
        sent = cols["sent"][~np.isnan(cols["sent"])] if len(cols["row"]) else np.zeros(0)
        summary["send_rate"] = float(len(sent) / (sent.max() - sent.min())) if len(sent) > 1 else None
        self.info.update(
            status=status,
            reason=reason,
            finished=time.time(),
            counts={"planned": len(self.prepared), "written": len(cols["row"]), **self.writer.counts},
            summary=summary,
            steps=step_stats(self.prepared.steps, cols, self.info.get("start", 0.0), self.cpu),
            release=self.release,
            generator={"cpu_seconds": self.cpu_seconds, "cpu_per_row": self.cpu_seconds / max(1, len(sent))},
        )
        write_info(self.dir, self.info)


def _web(env: Environment, port: int | None) -> Any:
    return env.create_web_ui("127.0.0.1", port) if port else None


def _on_stop(stop: Callable[[], None]) -> None:
    """Call ``stop`` on SIGTERM, or when the parent ('replay run' or 'replay worker') is gone."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            gevent.sleep(1.0)
        stop()

    gevent.signal_handler(signal.SIGTERM, stop)
    gevent.spawn(watch)


def _stopper(state: _RunState, master: bool) -> Callable[[], None]:
    def stop() -> None:
        state.status = "interrupted"
        SLOT.stop()
        if master:  # the workers hold the rest: stop them, keep what came back
            state.finished.set()

    return stop


def run_local(run_dir: Path, web_port: int | None = None) -> int:
    """Replay the whole plan in this process."""
    state = _RunState(run_dir, expected=1)
    env = Environment(user_classes=[ReplayUser], host=state.prepared.base_url, events=locust.events)
    runner = env.create_local_runner()
    web = _web(env, web_port)
    _on_stop(_stopper(state, master=False))
    start = time.time() + 0.3
    state.begin(start, 1)
    done = lambda d: state.worker_done(d.cpu, d.release, d.cpu_seconds)  # noqa: E731
    SLOT.put(Job(shard(state.prepared, 0, 1, state.run_id), start, state.writer.add, done))
    runner.start(1, spawn_rate=1)
    state.finished.wait()
    runner.quit()
    if web is not None:
        web.stop()
    state.finish(state.status)
    return 0


def run_master(run_dir: Path, host: str, port: int, workers: int, web_port: int | None = None) -> int:
    """Shard the plan over ``workers`` workers and collect their results."""
    state = _RunState(run_dir, expected=workers)
    env = Environment(user_classes=[ReplayUser], host=state.prepared.base_url, events=locust.events)
    runner = env.create_master_runner(host, port)
    web = _web(env, web_port)
    runner.register_message("replay_results", lambda environment, msg: state.writer.add_lists(*msg.data))
    runner.register_message("replay_done", lambda environment, msg: state.worker_done(*msg.data))
    _on_stop(_stopper(state, master=True))
    (run_dir / MASTER).write_bytes(orjson.dumps({"host": host, "port": runner.server.port}))
    try:
        deadline = time.monotonic() + 60
        while runner.worker_count < workers:
            if time.monotonic() > deadline or state.finished.is_set():
                state.finish("failed", f"{runner.worker_count} of {workers} workers connected")
                return 1
            gevent.sleep(0.1)
        ids = sorted(runner.clients.keys())[:workers]
        for w, client_id in enumerate(ids):
            runner.send_message("replay_shard", to_message(shard(state.prepared, w, workers, state.run_id)), client_id)
        start = time.time() + START_MARGIN
        state.begin(start, workers)
        for client_id in ids:
            runner.send_message("replay_go", {"start": start}, client_id)
        runner.start(workers, spawn_rate=workers)
        while not state.finished.wait(0.5):
            if runner.worker_count < workers - state.done_workers:
                state.status = "failed"
                break
        reason = "" if state.status != "failed" else "a worker was lost before finishing its shard"
        state.finish(state.status, reason)
    finally:
        runner.quit()
        if web is not None:
            web.stop()
    return 0 if state.status == "complete" else 1


class _Batch:
    """A worker's results on their way to the master, a batch at a time."""

    def __init__(self, runner: Any):
        self.runner = runner
        self.results: list[list[Any]] = []
        self.responses: list[list[Any]] = []
        self.worker = -1
        self.greenlet = gevent.spawn(self._loop)

    def add(self, result: Result, response: list[Any] | None) -> None:
        self.results.append(result.as_list())
        if response is not None:
            self.responses.append(response)
        if len(self.results) >= BATCH_ROWS:
            self.flush()

    def flush(self) -> None:
        if self.results or self.responses:
            batch = [self.results, self.responses]
            self.results, self.responses = [], []
            self.runner.send_message("replay_results", batch)

    def _loop(self) -> None:
        while True:
            gevent.sleep(BATCH_EVERY)
            self.flush()

    def done(self, d: Dispatcher) -> None:
        self.greenlet.kill()
        self.flush()
        self.runner.send_message("replay_done", [d.cpu, d.release, d.cpu_seconds])


def run_worker(master_host: str, master_port: int) -> int:
    """Join a master and replay the shard it sends; returns when the master quits."""
    env = Environment(user_classes=[ReplayUser], events=locust.events)
    runner = env.create_worker_runner(master_host, master_port)
    batch = _Batch(runner)
    shards: list[Any] = []

    def on_shard(environment: Environment, msg: Any) -> None:
        shards.append(from_message(msg.data))

    def on_go(environment: Environment, msg: Any) -> None:
        if shards:
            SLOT.put(Job(shards[-1], msg.data["start"], batch.add, batch.done))

    runner.register_message("replay_shard", on_shard)
    runner.register_message("replay_go", on_go)
    _on_stop(runner.quit)
    runner.greenlet.join()
    return 0
