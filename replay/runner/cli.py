"""``replay run SCENARIO --plan PLAN`` and ``replay worker --master HOST:PORT``.

Every input is checked here, before any load (bad input: one line, exit 2); then the run directory
is written and Locust runs in child processes (``python -m replay.runner``): one local process, or
a master and ``--workers`` workers on this machine (plus ``--expect-workers`` joining from others).
This process never imports locust.
"""

from __future__ import annotations

import contextlib
import hashlib
import secrets
import sys
import time
from pathlib import Path
from typing import Any

import click
import orjson

from replay import __version__
from replay.config.scenario import Scenario, load_scenario
from replay.errors import BadInput, ReplayError
from replay.runner.faults import FaultSession, plan_faults
from replay.runner.prepare import check_belongs, check_reachable, check_target, prepare, save_prepared
from replay.runner.results import RUN, open_run, write_info
from replay.shape.plan import Plan, load_plan
from replay.util.hostport import parse_hostport
from replay.util.procs import Child, Children, sigterm_as_interrupt

__all__ = ["run_cmd", "worker_cmd"]

RUNNER = [sys.executable, "-m", "replay.runner"]


def _sha256(path: Path) -> str:
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def _check_capture(plan: Plan) -> Path:
    cap = plan.header.get("capture") or {}
    path = Path(cap.get("path", ""))
    if not path.is_file() and plan.path is not None and (plan.path.parent / path).is_file():
        path = plan.path.parent / path  # a relative path from where the plan was sampled
    if not path.is_file():
        raise BadInput(
            f"{plan.path}: its capture {path} is missing; put it back or re-sample from the capture you have"
        )
    if cap.get("sha256") and _sha256(path) != cap["sha256"]:
        raise BadInput(f"{plan.path}: its capture {path} changed since the plan was sampled; re-sample the plan")
    return path


def _check_workers(scenario: Scenario, plan: Plan, workers: int) -> None:
    users = [s.get("users") or 0 for s in (plan.header.get("load") or {}).get("steps", [])]
    if (plan.header.get("load") or {}).get("model") == "closed" and workers > min(users, default=0):
        raise scenario.error(
            "load.steps", f"a step has {min(users)} users, fewer than the {workers} workers; use fewer"
        )


def _new_run_dir(out: Path | None) -> tuple[Path, str]:
    run_id = time.strftime("%Y%m%d-%H%M%S") + "-" + secrets.token_hex(2)
    run_dir = out or Path("runs") / run_id
    if (run_dir / RUN).exists():
        raise BadInput(f"{run_dir} already holds a run; give another --out")
    run_dir.mkdir(parents=True, exist_ok=True)
    return run_dir, run_id


def _wait(main: Child, workers: list[Child], run_dir: Path, planned: int) -> None:
    """Until the runner exits; a progress bar on a terminal. A worker that fails ends the run."""
    from replay.console import show_progress

    bar = None
    if show_progress():
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        bar = Progress("replaying", BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), transient=True)
        bar.start()
        task = bar.add_task("rows", total=planned)
    try:
        while main.alive:
            for w in workers:
                if not w.alive and w.proc.returncode != 0:
                    raise ReplayError(f"{w.name} exited with {w.proc.returncode}: {w.tail()}")
            if bar is not None:
                with contextlib.suppress(OSError, orjson.JSONDecodeError):
                    bar.update(task, completed=orjson.loads((run_dir / "progress.json").read_bytes())["done"])
            time.sleep(0.2)
    finally:
        if bar is not None:
            bar.stop()


def _summary(run_dir: Path, info: dict[str, Any]) -> str:
    c, s = info.get("counts", {}), info.get("summary", {})

    def ms(key: str) -> str:
        v = s.get(key)
        return "-" if v is None else f"{v * 1000:.1f} ms"

    line = (
        f"run {run_dir}: {info.get('status')}; {c.get('planned', 0):,} rows: {c.get('response', 0):,} answered, "
        f"{c.get('timeout', 0):,} timed out, {c.get('error', 0):,} errors, {c.get('cancelled', 0):,} cancelled, "
        f"{c.get('dropped', 0):,} dropped, {c.get('skipped', 0):,} skipped; latency p50 {ms('latency_p50')} "
        f"p99 {ms('latency_p99')}, service p99 {ms('service_p99')}, send lag p99 {ms('send_lag_p99')}"
    )
    bound = [
        f"generator-bound step {st['index']}: {'; '.join(st['bound_reasons'])}"
        for st in info.get("steps") or []
        if st["generator_bound"]
    ]
    return "\n".join([line, *bound])


@click.command("run")
@click.argument("scenario_path", metavar="SCENARIO", type=click.Path(path_type=Path))
@click.option("--plan", "plan_path", required=True, type=click.Path(path_type=Path), help="Plan from 'replay sample'.")
@click.option("--out", type=click.Path(path_type=Path), help="Run directory (default runs/<id>).")
@click.option(
    "--workers", type=click.IntRange(0, 256), default=0, help="Locust worker processes here (0: one process)."
)
@click.option("--expect-workers", type=click.IntRange(0), default=0, help="Workers joining from other hosts.")
@click.option("--master-bind", default="127.0.0.1:0", show_default=True, help="HOST:PORT the master listens on.")
@click.option("--web", is_flag=True, help="Serve Locust's web UI for a live view.")
@click.option("--web-port", type=int, default=8089, show_default=True)
def run_cmd(
    scenario_path: Path,
    plan_path: Path,
    out: Path | None,
    workers: int,
    expect_workers: int,
    master_bind: str,
    web: bool,
    web_port: int,
) -> None:
    """Replay PLAN against the scenario's target, open-loop, and write runs/<id>/."""
    scenario = load_scenario(scenario_path)
    plan = load_plan(plan_path)
    check_belongs(plan, scenario)
    check_target(scenario)
    total = workers + expect_workers
    _check_workers(scenario, plan, max(total, 1))
    bind = parse_hostport(master_bind, "--master-bind")
    prepared = prepare(scenario, plan, _check_capture(plan))
    plan_faults(scenario, prepared.steps)
    check_reachable(scenario.target.base_url, scenario.client.connect_timeout)

    run_dir, run_id = _new_run_dir(out)
    (run_dir / "scenario.toml").write_bytes(Path(scenario_path).read_bytes())
    save_prepared(prepared, run_dir / "prepared.pkl")
    info = {
        "format": "replay-run",
        "version": 1,
        "id": run_id,
        "replay": __version__,
        "status": "starting",
        "created": time.time(),
        "target": prepared.base_url,
        "scenario": {"path": str(scenario_path), "sha256": scenario.digest, "name": scenario.name},
        "plan": {**prepared.meta["plan"], "sha256": _sha256(plan_path)},
        "capture": prepared.meta["capture"],
        "model": prepared.model,
        "planned_steps": prepared.steps,
    }
    write_info(run_dir, info)
    web_args = ["--web-port", str(web_port)] if web else []
    with sigterm_as_interrupt(), Children() as children:
        faults = FaultSession.start(children, scenario.faults, run_dir)  # switches profiles at step starts
        workers_here: list[Child] = []
        if total == 0:
            main = children.start("runner", [*RUNNER, "local", str(run_dir), *web_args])
        else:
            main = children.start(
                "master", [*RUNNER, "master", str(run_dir), "--bind", master_bind, "--workers", str(total), *web_args]
            )
            port = main.wait_for(lambda: _master_port(run_dir), 60, "listening for workers")
            address = f"{'127.0.0.1' if bind[0] in ('0.0.0.0', '*') else bind[0]}:{port}"
            for i in range(workers):
                workers_here.append(children.start(f"worker-{i}", [*RUNNER, "worker", "--master", address]))
            if expect_workers:
                click.echo(f"master waits for {expect_workers} more: replay worker --master {address}", err=True)
        if web:
            click.echo(f"Locust web UI: http://127.0.0.1:{web_port}", err=True)
        _wait(main, workers_here, run_dir, len(prepared))
        faults.finish(run_dir)
        tail = main.tail()
        code = main.proc.returncode
    info = open_run(run_dir).info
    if code != 0 or info.get("status") not in ("complete", "interrupted"):
        raise ReplayError(f"the runner failed (exit {code}, status {info.get('status')}): {info.get('reason') or tail}")
    click.echo(_summary(run_dir, info))


def _master_port(run_dir: Path) -> int | None:
    try:
        return int(orjson.loads((run_dir / "master.json").read_bytes())["port"])
    except (OSError, orjson.JSONDecodeError, KeyError):
        return None


@click.command("worker")
@click.option("--master", "master", required=True, help="HOST:PORT of a 'replay run' master.")
def worker_cmd(master: str) -> None:
    """Join a run from this host: replay the shard the master sends."""
    parse_hostport(master, "--master")
    with sigterm_as_interrupt(), Children() as children:
        child = children.start("worker", [*RUNNER, "worker", "--master", master])
        code = child.proc.wait()
        tail = child.tail()
    if code != 0:
        raise ReplayError(f"the worker exited with {code}: {tail}")
