"""``replay rehearse SCENARIO --capture CAPTURE``: sample, run (with the scenario's faults) and report in
one command; exit 0 when every gate holds, 1 when one fails, 2 for bad input or an unfinished run.

The gates are checked before any load, so a malformed gate fails in a second, not after the run.
``--target URL`` and ``--set KEY=VALUE`` adjust the scenario for this rehearsal (a CI job's staging
URL, the demo's ports): the adjusted copy sits beside the scenario while the rehearsal runs, so its
relative paths still resolve, and is recorded in the run directory as ``scenario.toml``.

    runs/<id>/plan.plan       the sampled plan
    runs/<id>/...             the run (replay/runner/results.py)
    runs/<id>/report.{json,html}, junit.xml
"""

from __future__ import annotations

import contextlib
import secrets
import time
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from replay.errors import BadInput

__all__ = ["apply_overrides", "rehearse_cmd"]


def _value(text: str) -> Any:
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return text  # a bare word is a string


def apply_overrides(doc: dict[str, Any], sets: list[str]) -> None:
    """Set ``KEY=VALUE`` pairs in a parsed scenario, in place: dotted keys, list indices as numbers,
    values as TOML (``5``, ``"1s"``, ``["a"]``) or else as a plain string."""
    for item in sets:
        key, sep, raw = item.partition("=")
        if not sep or not key.strip():
            raise BadInput(f"--set {item!r}: write KEY=VALUE, e.g. target.base_url=http://staging:8080")
        *path, last = key.strip().split(".")
        node: Any = doc
        for part in path:
            try:
                node = node[int(part)] if isinstance(node, list) else node.setdefault(part, {})
            except (IndexError, ValueError):
                raise BadInput(f"--set {key}: no {part!r} in the scenario") from None
            if not isinstance(node, dict | list):
                raise BadInput(f"--set {key}: {part!r} is a value, not a table")
        if isinstance(node, list):
            try:
                node[int(last)] = _value(raw)
            except (IndexError, ValueError):
                raise BadInput(f"--set {key}: no {last!r} in the scenario") from None
        else:
            node[last] = _value(raw)


@contextlib.contextmanager
def _adjusted(scenario: Path, target: str | None, sets: list[str], tag: str) -> Iterator[Path]:
    """The scenario file to use: as is, or a copy with the overrides beside it, removed afterwards."""
    if not target and not sets:
        yield scenario
        return
    import tomli_w

    from replay.config.scenario import load_scenario

    load_scenario(scenario)  # its own errors first, named by its own path
    doc = tomllib.loads(scenario.read_text(encoding="utf-8"))
    apply_overrides(doc, [f"target.base_url={target}"] if target else [])
    apply_overrides(doc, sets)
    copy = scenario.with_name(f".{scenario.stem}.rehearse-{tag}.toml")
    copy.write_text(f"# {scenario.name} with {' '.join(sets)} {target or ''}\n" + tomli_w.dumps(doc), encoding="utf-8")
    try:
        yield copy
    finally:
        copy.unlink(missing_ok=True)


@click.command("rehearse")
@click.argument("scenario_path", metavar="SCENARIO", type=click.Path(path_type=Path))
@click.option("--capture", required=True, type=click.Path(path_type=Path), help="Capture to sample the plan from.")
@click.option("--target", help="Base URL of the system under rehearsal (replaces [target] base_url).")
@click.option(
    "--set", "sets", multiple=True, metavar="KEY=VALUE", help="Override a scenario key, e.g. faults.0.listen=..."
)
@click.option("--out", type=click.Path(path_type=Path), help="Run directory [runs/<id>].")
@click.option("--baseline", type=click.Path(path_type=Path), help="A previous run to flag regressions against.")
@click.option("--workers", type=click.IntRange(0, 256), default=0, help="Locust worker processes (0: one process).")
@click.option("--quiet", "-q", is_flag=True, help="No terminal summary of the report.")
@click.pass_context
def rehearse_cmd(
    ctx: click.Context,
    scenario_path: Path,
    capture: Path,
    target: str | None,
    sets: tuple[str, ...],
    out: Path | None,
    baseline: Path | None,
    workers: int,
    quiet: bool,
) -> None:
    """Sample CAPTURE, replay it against the target with the scenario's load and faults, then judge, gate
    and report (exit 1 when a gate fails)."""
    from replay.config.scenario import load_scenario
    from replay.judge.gates import parse_gates
    from replay.report.cli import finish
    from replay.report.make import make_report, open_finished
    from replay.runner.cli import run_cmd
    from replay.runner.results import open_run, write_info
    from replay.shape.sample import sample_cmd

    tag = time.strftime("%Y%m%d-%H%M%S") + "-" + secrets.token_hex(2)
    run_dir = out or Path("runs") / tag
    if (run_dir / "run.json").exists():
        raise BadInput(f"{run_dir} already holds a run; give another --out")
    if baseline is not None:
        open_finished(baseline)
    with _adjusted(scenario_path, target, list(sets), tag) as path:
        scenario = load_scenario(path)
        parse_gates(scenario.gates, str(scenario_path))
        run_dir.mkdir(parents=True, exist_ok=True)
        plan = run_dir / "plan.plan"
        ctx.invoke(sample_cmd, capture=capture, scenario_path=path, out=plan)
        ctx.invoke(run_cmd, scenario_path=path, plan_path=plan, out=run_dir, workers=workers)
    run = open_run(run_dir)  # the report names the scenario as written, with what was changed
    overrides = ([f"target.base_url={target}"] if target else []) + list(sets)
    write_info(run_dir, {**run.info, "rehearsal": {"scenario": str(scenario_path), "overrides": overrides}})
    finish(make_report(run_dir, baseline=baseline), quiet)
