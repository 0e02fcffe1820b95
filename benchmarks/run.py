"""scripts/bench run: the replayer's throughput, CPU and schedule keeping against a fast local server.

Baseline: plain Locust FastHttpUser, closed loop without waits, one process, against the same
server (benchmarks/_http.py, ~15,000 rps on a core: not the limit), paired round by round in the
same run (order alternating). Figures, each min / median / max over the rounds:
    requests/s      replay run closed model with as many users as plain Locust (the same model and
                    concurrency: the goal's comparison), and open loop scheduled above what one
                    process can send (another model: rows leave when due, whatever is in flight)
    CPU per request every process of each side (replay run, its runner, its responses writer;
                    the Locust process), start-up included, from the rusage of the waited-for
                    children; both sides' bytecode cached as an install's is (BYTECODE), after
                    one short run of each that is not counted
    send lag        replay run at 1,000 and 4,000 scheduled rps, its sending process on a core of its
                    own (its other processes with the server): actual minus intended send time
                    over every row (a row never sent counts as infinitely late); of the generator's
                    own part, what it spent waiting for a core (the machine's: per row, from the
                    run-queue wait of /proc/self/schedstat), and the rest (its own); and the times
                    the host stopped the whole machine (a VM's host can, unseen by its kernel:
                    replay run's probe, replay.util.stalls), and the lag of the
                    rows clear of them
    scaling         replay run --workers N (default 2) at the overload rate against the one-process
                    run of the same round: requests/s and CPU per request
Placement: the server on a core of its own, both sides on the others (benchmarks._http.server_core).
Goals (issue 17): replay closed >= 1.0x plain Locust's requests per CPU-second; send-lag p99 <= 1 ms at
4,000/s on an otherwise idle core; --workers N >= 0.9 N times one process's requests/s, where
N + 1 cores are there to show it. Other agents share this 2-core machine: the load average is
printed before and after, and figures it makes impossible say so by it.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import orjson

from benchmarks._http import place_tree, sender_core, server_core, start_server
from benchmarks._paired import children_cpu, load_printed, ms, ratios, report, side_env
from replay.config.scenario import load_scenario
from replay.exchange.format import Exchange, Request, Response, Timings
from replay.exchange.write import CaptureWriter
from replay.runner import open_run
from replay.runner.rundir import STALLS
from replay.shape.plan import write_plan
from replay.shape.sample import make_plan
from replay.util.stalls import near_stall, read_stalls

LAG_RATES = (1000, 4000)  # rows/s of the send-lag runs

# Plain Locust, measured in its process: requests and CPU time after a warm-up second.
PLAIN = """
import json, sys, time
import gevent
from locust import FastHttpUser, task
from locust.env import Environment

class Plain(FastHttpUser):
    host = sys.argv[1]

    @task
    def ok(self):
        self.client.get("/v1/ok")

users, seconds = int(sys.argv[2]), float(sys.argv[3])
env = Environment(user_classes=[Plain])
runner = env.create_local_runner()
runner.start(users, spawn_rate=users)
gevent.sleep(1.0)
n0, c0, t0 = env.stats.total.num_requests, time.process_time(), time.perf_counter()
gevent.sleep(seconds)
n1, c1, t1 = env.stats.total.num_requests, time.process_time(), time.perf_counter()
runner.quit()
print(json.dumps({"rps": (n1 - n0) / (t1 - t0), "cpu_per_row": (c1 - c0) / (n1 - n0), "requests": n1}))
"""


def plain_locust(port: int, users: int, seconds: float) -> dict[str, float]:
    """Requests/s and CPU per request of plain FastHttpUser in one process (closed loop, no wait)."""
    cmd = [sys.executable, "-c", PLAIN, f"http://127.0.0.1:{port}", str(users), str(seconds)]
    c0 = children_cpu()
    out = _side("plain Locust", cmd, seconds + 60)
    got = orjson.loads(out.strip().splitlines()[-1])
    got["tree_cpu_per_row"] = (children_cpu() - c0) / got["requests"]
    return got


def replay_run(
    tmp: Path,
    port: int,
    rate: float,
    seconds: float,
    name: str,
    request: Request | None = None,
    env: dict[str, str] | None = None,
    extra: str = "",
    workers: int = 0,
    users: int = 0,
    alone: bool = False,
) -> dict[str, float]:
    """One ``replay run`` (local, one runner process) at ``rate`` rows/s of ``request`` (default a GET
    of /v1/ok; the capture is written once per ``tmp``), ``env`` added to its environment, ``extra``
    appended to its scenario after the [target] table's keys; ``workers``: a master and that many
    worker processes on this host instead of one runner process; ``users``: a closed-model step of
    that many users instead (its plan sized at ``rate`` rows/s); ``alone``: the sending process on a
    core of its own (``sender_core``); its figures."""
    capture = tmp / "capture.jsonl"
    req = request or Request("GET", "https://prod.example.com/v1/ok", [("accept", "application/json")])
    if not capture.exists():
        writer = CaptureWriter(capture)
        writer.write(Exchange("e0", req, Timings(1000.0), Response(200, [])))
        writer.close()
    scenario = tmp / f"{name}.toml"
    step = f"users = {users}" if users else f"rate = {rate}"
    size = f"size = {int(rate * seconds)}\n" if users else ""
    scenario.write_text(
        f"[sample]\nseed = 1\n{size}[load]\n[[load.steps]]\n{step}\nduration = {seconds}\n"
        f'[target]\nbase_url = "http://127.0.0.1:{port}"\nallow_hosts = ["127.0.0.1"]\n' + extra
    )
    plan = tmp / f"{name}.plan"
    write_plan(plan, make_plan(capture, load_scenario(scenario)))
    out = tmp / name
    exe = Path(sys.executable).with_name("replay")
    cmd = [str(exe), "run", str(scenario), "--plan", str(plan), "--out", str(out)]
    cmd += ["--workers", str(workers)] if workers else []
    timeout = seconds + 120
    sender, helpers = sender_core() if alone else ([], [])
    place = (lambda p: place_tree(p, sender, helpers, "-m replay.runner", timeout)) if sender else None
    c0 = children_cpu()
    _side("replay run" + (f" --workers {workers}" if workers else ""), cmd, timeout, env, place)
    tree_cpu = children_cpu() - c0
    run = open_run(out)
    c = run.columns()
    ok = c["outcome"] == "response"
    sent, done = c["sent"][ok], c["sent"][ok] + c["service"][ok]
    rows = c["outcome"] != "skipped"
    lag = np.where(np.isnan(c["send_lag"][rows]), np.inf, c["send_lag"][rows])  # never sent: infinitely late
    own = lag - np.nan_to_num(c["queued"][rows])
    machine = np.nan_to_num(c["machine_lag"][rows])  # of the generator's own lag, waiting for a core
    windows, _ = read_stalls(out / STALLS)  # replay run's probe: stops of the whole machine (its host's)
    near = near_stall(c["intended"][rows], lag, windows)
    span = float(np.ptp(c["intended"][rows])) if rows.any() else 0.0
    n_sent = int(np.sum(~np.isnan(c["sent"])))
    step = run.info.steps[0] if run.info.steps else None
    return {
        "rps": float(ok.sum() / (done.max() - sent.min())),
        "dropped": float(np.sum(c["outcome"] == "dropped")),
        "lag_p50": ms(lag, 0.5),
        "lag_p99": ms(lag, 0.99),
        "own_p99": ms(own, 0.99),
        "own_less_machine_p99": ms(own - machine, 0.99),
        "lag_clear_p99": ms(lag[~near], 0.99),
        "near_stall": float(np.mean(near)) if near.size else float("nan"),
        "host_stalls": float(len(windows)),
        "host_stall_share": 100 * sum(b - a for a, b in windows) / span if span else float("nan"),
        "machine_share": _or_nan(step.machine_lag_share if step else None),
        "late_1ms": float(np.mean(lag > 0.001)),
        "service_p50": ms(c["service"][ok], 0.5),
        "cpu_per_row": run.info.generator.cpu_per_row if run.info.generator else float("nan"),
        "tree_cpu_per_row": tree_cpu / max(n_sent, 1),
        "cpu_wait": _or_nan(step.cpu_wait_mean if step else None),
        "responses": float(ok.sum()),
        "timed_streams": float(np.sum(c["deltas"][ok] > 0)),  # streams whose tokens were timed
        "completed_streams": float(np.sum(c["completed"][ok] == True)),  # noqa: E712 - an object column
        "tracebacks": float(_tracebacks(out)),
    }


class SideFailed(Exception):
    """A side's process failed or hung (a worker lost under load, a timeout): its round's figures are
    left out, and the reason is printed."""


def _side(
    what: str,
    cmd: list[str],
    timeout: float,
    env: dict[str, str] | None = None,
    place: Callable[[subprocess.Popen[str]], None] | None = None,
) -> str:
    """Run one side's process (``place``: called with it, returning when it has ended); its stdout,
    or SideFailed with the last line it wrote on stderr."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, text=True, env=side_env(env))
        end = time.monotonic() + timeout
        try:
            if place is not None:
                place(proc)
            proc.wait(max(0.0, end - time.monotonic()))  # the placer's wait counts
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            raise SideFailed(f"{what} did not end within {timeout:g} s") from None
        out.seek(0)
        err.seek(0)
        if proc.returncode != 0:
            lines = err.read().strip().splitlines()
            raise SideFailed(f"{what} exited with {proc.returncode}: {lines[-1] if lines else '(nothing on stderr)'}")
        return out.read()


def warm_up(tmp: Path, port: int, users: int) -> None:
    """One short run of each side, not counted: their bytecode is cached before round 1."""
    plain_locust(port, users, 0.5)
    replay_run(tmp, port, 200, 0.5, "warm-up")


def _tracebacks(out: Path) -> int:
    """Tracebacks in the run's logs (a greenlet that died: its row's response was not written)."""
    return sum(p.read_bytes().count(b"Traceback (most recent call last)") for p in (out / "logs").glob("*.log"))


def _or_nan(x: float | None) -> float:
    return float("nan") if x is None else float(x)


class Rounds:
    """Each round's figures per side ("plain", "max", "r1000", "r4000", "w"); a side that failed is
    missing from its round, and paired figures use the rounds that have both sides."""

    def __init__(self) -> None:
        self.runs: list[dict[str, dict[str, float]]] = []
        self.failed: list[str] = []

    def run(self, side: str, fn: Callable[[], dict[str, float]]) -> None:
        """``fn``'s figures as this round's ``side``; a SideFailed is printed and counted, not raised."""
        try:
            self.runs[-1][side] = fn()
        except SideFailed as e:
            self.failed.append(f"round {len(self.runs)}, {side}: {e}")
            print(f"  round {len(self.runs)}: {side} failed, left out: {e}", flush=True)

    def col(self, side: str, key: str, scale: float = 1.0) -> list[float]:
        return [r[side][key] * scale for r in self.runs if side in r]

    def paired(self, a: str, b: str, key_a: str, key_b: str | None = None) -> list[float]:
        """``a``'s figure over ``b``'s, per round that has both."""
        both = [r for r in self.runs if a in r and b in r]
        return ratios([r[a][key_a] for r in both], [r[b][key_b or key_a] for r in both])


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="scripts/bench run", description=__doc__)
    ap.add_argument("--seconds", type=float, default=5.0, help="length of each run")
    ap.add_argument("--users", type=int, default=32, help="plain Locust users")
    ap.add_argument("--overload", type=float, default=20000, help="scheduled rate of the max-rps replay run")
    ap.add_argument("--rounds", type=int, default=5, help="alternating rounds (each runs every side once)")
    ap.add_argument("--quick", action="store_true", help="a smoke run: 2 rounds of 1 s")
    ap.add_argument("--workers", type=int, default=2, help="workers of the scaling runs (0: none)")
    args = ap.parse_args(argv)
    if args.quick:
        args.seconds, args.rounds = 1.0, 2
    server, port = start_server()
    rounds = Rounds()
    try:
        with (
            server_core(server.pid),
            tempfile.TemporaryDirectory() as d,
            load_printed("scripts/bench run: replay run vs plain Locust"),
        ):
            tmp = Path(d)
            warm_up(tmp, port, args.users)
            o, n = args.overload, args.users
            for i in range(args.rounds):  # alternate, so a noisy neighbour hurts both sides alike
                rounds.runs.append({})
                sides = [
                    ("plain", lambda: plain_locust(port, n, args.seconds)),
                    ("closed", lambda i=i: replay_run(tmp, port, o, args.seconds, f"closed{i}", users=n)),
                    ("max", lambda i=i: replay_run(tmp, port, o, args.seconds, f"max{i}")),
                ]
                for side, fn in sides if i % 2 == 0 else sides[::-1]:
                    rounds.run(side, fn)
                for rate in LAG_RATES:
                    lag = lambda rate=rate, i=i: replay_run(tmp, port, rate, args.seconds, f"r{rate}-{i}", alone=True)  # noqa: E731
                    rounds.run(f"r{rate}", lag)
                if args.workers:  # paired with this round's one-process run
                    w = lambda i=i: replay_run(tmp, port, o, args.seconds, f"w{i}", workers=args.workers)  # noqa: E731
                    rounds.run("w", w)
    finally:
        server.terminate()
        server.wait()
    _report(rounds, args)
    if args.workers:
        _report_scale(rounds, args.workers)
    if rounds.failed:
        print(f"{len(rounds.failed)} run(s) failed and are left out of the figures above:")
        for line in rounds.failed:
            print(f"  {line}")
    return 0


def _report_scale(rounds: Rounds, n: int) -> None:
    """``--workers N`` against one runner process, paired by round. The goal (>= 0.9 N times the
    requests/s) needs N + 1 free cores (N workers, the master); a machine with fewer, or shared,
    can only show that CPU per request does not grow with workers: what would scale if it could."""
    cores = os.cpu_count() or 1
    goal = 0.9 * n if cores >= n + 1 else None
    report("run", f"--workers {n}: requests/s", rounds.col("w", "rps"), " rps")
    report("run", f"--workers {n} / one process: requests/s", rounds.paired("w", "max", "rps"), "x", goal)
    cpu = rounds.paired("w", "max", "tree_cpu_per_row")
    report("run", f"--workers {n} / one process: CPU per request, every process", cpu, "x", higher=False)
    if goal is None:
        print(f"  ({cores} cores here: --workers {n} needs {n + 1} free cores to show >= {0.9 * n:g}x; not measurable)")


def _report(rounds: Rounds, args: argparse.Namespace) -> None:
    b, col, n = "run", rounds.col, args.users
    report(b, f"plain Locust FastHttpUser ({n} users, no wait): requests/s", col("plain", "rps"), " rps")
    report(b, f"replay run closed model ({n} users): requests/s", col("closed", "rps"), " rps")
    report(b, f"replay run open loop (scheduled {args.overload:,.0f}/s): requests/s", col("max", "rps"), " rps")
    report(b, f"replay closed ({n} users) / plain: requests/s", rounds.paired("closed", "plain", "rps"))
    sides = (("plain", "plain"), (f"replay closed ({n} users)", "closed"), ("replay open loop", "max"))
    for name, side in sides:
        report(b, f"{name}: CPU per request, every process", col(side, "tree_cpu_per_row", 1e6), " us", higher=False)
        report(b, f"{name}: CPU per request, sending process only", col(side, "cpu_per_row", 1e6), " us", higher=False)
    # The goal's comparison: the same load model at the same concurrency (each a user waiting for its
    # answer before its next request). The open loop at a rate above what one process sends is another
    # model (a row leaves when due whatever is in flight: up to [client] connections at once), shown beside.
    for name, side, goal in (("replay closed", "closed", 1.0), ("replay open loop", "max", None)):
        for what, key in (("every process", "tree_cpu_per_row"), ("sending process", "cpu_per_row")):
            per_cpu = rounds.paired("plain", side, key)
            report(b, f"{name} / plain: requests per CPU-second, {what}", per_cpu, "x", goal)
    for rate in LAG_RATES:
        r = f"r{rate}"
        goal = 1.0 if rate == 4000 else None
        report(b, f"send lag p99 at {rate:,}/s, every row", col(r, "lag_p99"), " ms", goal, higher=False)
        report(b, f"send lag p50 at {rate:,}/s, every row", col(r, "lag_p50"), " ms", higher=False)
        report(b, f"rows over 1 ms late at {rate:,}/s", col(r, "late_1ms", 100), " %", higher=False)
        report(b, f"generator's own lag p99 at {rate:,}/s", col(r, "own_p99"), " ms", higher=False)
        report(
            b, f"  less its waits for a core, p99 at {rate:,}/s", col(r, "own_less_machine_p99"), " ms", higher=False
        )
        share = col(r, "machine_share", 100)
        report(b, f"  share of its lateness waiting for a core at {rate:,}/s", share, " %", higher=False)
        report(b, f"time waiting for a core at {rate:,}/s (the machine's)", col(r, "cpu_wait"), " %", higher=False)
        report(b, f"time the host stopped the machine at {rate:,}/s", col(r, "host_stall_share"), " %", higher=False)
        report(b, f"  its stalls at {rate:,}/s", col(r, "host_stalls"), "", higher=False)
        near = col(r, "near_stall", 100)
        report(b, f"  rows due in or just after a host stall at {rate:,}/s", near, " %", higher=False)
        clear = col(r, "lag_clear_p99")
        report(b, f"  send lag p99 at {rate:,}/s, rows clear of host stalls", clear, " ms", higher=False)
