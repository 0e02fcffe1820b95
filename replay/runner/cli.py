"""``replay run SCENARIO --plan PLAN`` and ``replay worker --master HOST:PORT``: options in, the
pipeline's ``run`` (``replay.runner.supervise``) does the work. This process never imports locust."""

from __future__ import annotations

import socket
from pathlib import Path

import click

from replay.cli import FiniteRange, OutputDir, scenario_options
from replay.errors import BadInput, RunFailed
from replay.runner.gate import SENT_AWAY, env_token
from replay.runner.settle import JOINED, MASTER_WAIT, NO_MASTER
from replay.runner.supervise import REMOTE_WORKERS_MAX, RUNNER, WORKER_WAIT
from replay.util.hostport import parse_hostport
from replay.util.procs import Children, sigterm_as_interrupt

__all__ = ["run_cmd", "worker_cmd"]


@click.command("run")
@click.argument("scenario_path", metavar="SCENARIO", type=click.Path(path_type=Path))
@click.option("--plan", "plan_path", required=True, type=click.Path(path_type=Path), help="Plan from 'replay sample'.")
@scenario_options
@click.option("--out", type=OutputDir(), help="Run directory (default runs/<id>).")
@click.option(
    "--workers", type=click.IntRange(0, 256), default=0, help="Locust worker processes here (0: one process)."
)
@click.option(
    "--expect-workers",
    type=click.IntRange(0, REMOTE_WORKERS_MAX),
    default=0,
    help=f"Workers joining from other hosts (at most {REMOTE_WORKERS_MAX}).",
)
@click.option(
    "--expect-workers-max-wait",
    # as a worker's --master-wait: 2**64 s was taken, a master waiting for ever on a worker that never came
    type=FiniteRange(1, 3600),
    default=WORKER_WAIT,
    show_default=True,
    help="Seconds the master waits for all its workers before it fails the run.",
)
@click.option("--master-bind", default="127.0.0.1:0", show_default=True, help="HOST:PORT the master listens on.")
@click.option("--web", is_flag=True, help="Serve Locust's web UI for a live view.")
@click.option("--web-port", type=click.IntRange(1, 65535), default=8089, show_default=True)
@click.option("--allow-remote", is_flag=True, help="Allow a --master-bind address other machines can reach.")
def run_cmd(
    scenario_path: Path,
    plan_path: Path,
    target: str | None,
    sets: tuple[str, ...],
    out: Path | None,
    workers: int,
    expect_workers: int,
    expect_workers_max_wait: float,
    master_bind: str,
    web: bool,
    web_port: int,
    allow_remote: bool = False,
) -> None:
    """Replay PLAN against the scenario's target, open-loop, and write runs/<id>/."""
    from replay import pipeline
    from replay.runner.supervise import Launch, summary_line
    from replay.shape.plan import load_plan

    scenario = pipeline.load(scenario_path, target, sets)
    launch = Launch(workers, expect_workers, master_bind, web, web_port, allow_remote, expect_workers_max_wait)
    run = pipeline.run(load_plan(plan_path), scenario, out, launch)
    click.echo(summary_line(run.path, run.info))


@click.command("worker")
@click.option("--master", "master", required=True, help="HOST:PORT of a 'replay run' master.")
@click.option(
    "--master-wait",
    type=FiniteRange(1, 3600),
    default=MASTER_WAIT,
    show_default=True,
    help="Seconds to wait for the master to answer before giving up.",
)
def worker_cmd(master: str, master_wait: float = MASTER_WAIT) -> None:
    """Join a run from this host: replay the shard the master sends."""
    host, port = parse_hostport(master, "--master", connect=True)
    env_token()
    click.echo(f"waiting for the master at {master} (up to {master_wait:g} s)")
    with sigterm_as_interrupt(), Children() as children:
        child = children.start("worker", [*RUNNER, "worker", "--master", master, "--wait", str(master_wait)])
        joined = False
        while (code := child.proc.poll()) is None:
            if not joined and (joined := JOINED in child.output()):
                click.echo(f"joined the master at {master}")
            child.nap(0.2)
        tail = child.tail()
        refusal = [line for line in child.output().splitlines() if "refusing the shard: " in line]
        away = [line for line in child.output().splitlines() if SENT_AWAY in line]
    if code == NO_MASTER:
        if unresolved := _unresolved(host, port):  # waited on, as a master's name may come up late; then said
            raise BadInput(f"--master {master}: host {host} does not resolve ({unresolved}); check its name")
        raise BadInput(
            f"--master {master}: no master answered within {master_wait:g} s; start 'replay run ... "
            "--expect-workers N' there first (it prints the address to join), or wait longer with --master-wait"
        )
    if code == 2 and away:  # another replay version than the master's
        raise BadInput(away[-1].split(SENT_AWAY, 1)[1])
    if code == 2 and refusal:  # a ${ENV} it needs is not set here
        raise BadInput(f"the worker refused its shard: {refusal[-1].split('refusing the shard: ', 1)[1]}")
    if code != 0:
        raise RunFailed(f"the worker exited with {code}: {tail}")


def _unresolved(host: str, port: int) -> str:
    """Why ``host`` does not resolve, "" when it does. A misspelt master's name waited --master-wait, then
    said 'no master answered; start replay run there first'."""
    try:
        socket.getaddrinfo(host, port)
    except socket.gaierror as e:
        return e.strerror or str(e)
    except OSError:
        return ""
    return ""
