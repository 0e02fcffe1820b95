"""The pipeline as plain functions: capture -> ``sample`` -> Plan -> ``run`` -> Run -> ``judge`` ->
Judged -> ``report`` -> Report. The click commands, ``rehearse`` and the demo call these, in one
process; no stage is reached by invoking a command.

    scenario = load("scenarios/x.toml", target="http://staging:8080", sets=["sample.size=500"])
    plan = sample("captures/prod.jsonl.zst", scenario, "runs/r1/plan.plan")
    run_ = run(plan, scenario, "runs/r1")              # Locust in child processes; faults switched per step
    rep = report(judge(run_, scenario), baseline=None)  # report.json, junit.xml, report.html
    rep.exit_code                                        # 0 every gate held, 1 one failed

``search`` finds the capacity: the highest rate at which every gate holds (``[load] search``), each
probe a step of its own judged by the gates, ramping geometrically and then bisecting.

``rehearse`` chains them, checking the gates and the target before any work; with ``repeat`` (or
``[sample] repeats``) it replays the same plan that many times, each repetition its own run
(``OUT/repeat-K``, a fresh run id and client seed; the service's own randomness, a model's sampling,
does the rest), and reports them as one: every rate pooled, with its confidence interval.
"""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path

from replay.config.scenario import MAX_REPEATS, LoadConfig, Scenario, SearchConfig, load_scenario
from replay.console import show_progress
from replay.errors import BadInput
from replay.judge import Judged, judge_run, run_scenario
from replay.judge.capacity import Capacity, Probe, answer, next_rate
from replay.judge.classes import class_set_for
from replay.judge.gates import moves_with_load, parse_gates
from replay.report.make import Report, open_finished, write_report
from replay.runner import rundir
from replay.runner.prepare import check_target
from replay.runner.results import Run
from replay.runner.supervise import Launch, execute
from replay.shape.plan import Plan, write_plan
from replay.shape.sample import make_plan
from replay.util.outputs import check_output

__all__ = ["Launch", "judge", "load", "rehearse", "report", "run", "sample", "search"]


def load(path: str | Path | None, target: str | None = None, sets: Sequence[str] = ()) -> Scenario:
    """The scenario at ``path`` (the defaults when None) with ``--target`` and ``--set`` applied in
    memory; errors name the user's file and the key."""
    overrides = [f"target.base_url={target}"] if target else []
    overrides += list(sets)
    if path is None:
        if overrides:
            raise BadInput("--target and --set need a scenario file; give --scenario")
        return Scenario()
    return load_scenario(path, overrides)


def sample(
    capture: str | Path, scenario: Scenario, out: str | Path, progress: Callable[[int], None] | None = None
) -> Plan:
    """Draw a plan from ``capture`` to the scenario's target mix and write it to ``out``."""
    capture, out = Path(capture), Path(out)
    if progress is None and show_progress():
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), transient=True) as bar:
            task = bar.add_task(f"reading {capture}")
            plan = make_plan(
                capture, scenario, lambda n: bar.update(task, description=f"reading {capture}: {n:,} exchanges")
            )
    else:
        plan = make_plan(capture, scenario, progress)
    write_plan(out, plan)
    plan.path = out
    return plan


def run(plan: Plan, scenario: Scenario, out: str | Path | None = None, launch: Launch | None = None) -> Run:
    """Replay ``plan`` against the scenario's target, open-loop; the finished run directory."""
    return execute(scenario, plan, Path(out) if out is not None else None, launch or Launch())


def judge(runs: Run | str | Path | Sequence[Run | str | Path], scenario: Scenario | None = None) -> Judged:
    """Classify every result of a finished run, with ``scenario``'s checks or the run's own; several
    runs (repetitions of one plan) are judged as one (``Judged.concat``)."""
    many = runs if isinstance(runs, list | tuple) else [runs]
    parts = []
    for r in many:
        finished = open_finished(r.path if isinstance(r, Run) else r)
        parts.append(judge_run(finished, scenario or run_scenario(finished)))
    return Judged.concat(parts)


def report(
    judged: Judged, baseline: str | Path | None = None, out: str | Path | None = None, capacity: Capacity | None = None
) -> Report:
    """Gate a judged run and write report.json, junit.xml and report.html (default: into the run)."""
    return write_report(judged, baseline, out, capacity)


def rehearse(
    scenario: Scenario,
    capture: str | Path,
    out: str | Path | None = None,
    baseline: str | Path | None = None,
    launch: Launch | None = None,
    on_sampled: Callable[[Plan], None] | None = None,
    on_ran: Callable[[Run], None] | None = None,
    repeat: int | None = None,
) -> Report:
    """Sample, run and report in one go; the gates, the target and the baseline are checked first,
    so a malformed gate or a target off the allowlist fails in a second, not after the run.
    ``on_sampled`` and ``on_ran`` see the plan and the run(s) as they are made (the CLI prints them).
    ``repeat`` (default ``[sample] repeats``) replays the plan that many times and reports them as one."""
    where = str(scenario.path or "scenario")
    parse_gates(scenario.gates, where, class_set_for(scenario.checks, where))
    check_target(scenario)
    repeats = scenario.sample.repeats if repeat is None else repeat
    if not 1 <= repeats <= MAX_REPEATS:
        raise BadInput(f"--repeat {repeats}: give 1 to {MAX_REPEATS}")
    if baseline is not None:
        open_finished(baseline)
    if out is not None:
        check_output(Path(out), directory=True)  # before the capture is read
    made = out is None or not Path(out).exists()
    run_dir, _ = rundir.create(Path(out) if out is not None else None)
    try:
        plan = sample(capture, scenario, run_dir / rundir.PLAN)
    except BaseException:
        if made:  # a capture that cannot be sampled leaves no empty run directory behind
            shutil.rmtree(run_dir, ignore_errors=True)
        raise
    if on_sampled is not None:
        on_sampled(plan)
    judged = _run_judged(plan, scenario, run_dir, launch, repeats, on_ran)
    return report(judged, baseline, run_dir if repeats > 1 else None)


def _run_judged(
    plan: Plan,
    scenario: Scenario,
    run_dir: Path,
    launch: Launch | None,
    repeats: int,
    on_ran: Callable[[Run], None] | None = None,
) -> Judged:
    """Run ``plan`` once into ``run_dir``, or ``repeats`` times into ``run_dir/repeat-K`` (each with its
    own client seed), and judge the run(s) as one."""
    if repeats == 1:
        finished = run(plan, scenario, run_dir, launch or Launch())
        if on_ran is not None:
            on_ran(finished)
        return judge(finished, scenario)
    runs = []
    for k in range(repeats):
        again = dataclasses.replace(
            scenario, client=dataclasses.replace(scenario.client, seed=scenario.client.seed + k)
        )
        runs.append(run(plan, again, run_dir / f"repeat-{k + 1}", launch or Launch()))
        if on_ran is not None:
            on_ran(runs[-1])
    return judge(runs, scenario)


def _probe_scenario(scenario: Scenario, cfg: SearchConfig, rate: float) -> Scenario:
    """The scenario as one step at ``rate``: its faults in the profile of step ``cfg.fault_step``, its
    gates without step filters (a probe has one step)."""
    load = LoadConfig(
        rate=rate, duration=cfg.duration, arrival=scenario.load.arrival or "uniform", burst=scenario.load.burst
    )
    faults = [dataclasses.replace(f, steps=[f.step_profile(cfg.fault_step)]) for f in scenario.faults]
    gates = {k: v for k, v in scenario.gates.items() if "step=" not in k.replace(" ", "")}
    return dataclasses.replace(scenario, load=load, faults=faults, gates=gates)


def search(
    scenario: Scenario,
    capture: str | Path,
    out: str | Path | None = None,
    launch: Launch | None = None,
    on_probe: Callable[[Probe], None] | None = None,
    repeat: int = 1,
) -> Report:
    """The capacity search (``[load] search``, default settings without one): probe rates until the
    highest at which every gate held is known within its bracket; the report of that probe (else of the
    lowest) carries the answer, written to ``out`` beside every probe's own run (``probe-K``). With
    ``repeat``, each probe replays its plan that many times, pooled: share gates with a level
    (``"< 5% @95"``) then judge the probe by their confidence bound over every repetition."""
    cfg = scenario.load.search or SearchConfig()
    where = str(scenario.path or "scenario")
    parse_gates(scenario.gates, where, class_set_for(scenario.checks, where))
    if not scenario.gates:
        raise BadInput(f'{where}: [gates]: a capacity search needs gates to hold; add some (e.g. p99 = "< 2s")')
    check_target(scenario)
    if not 1 <= repeat <= MAX_REPEATS:
        raise BadInput(f"--repeat {repeat}: give 1 to {MAX_REPEATS}")
    run_dir, _ = rundir.create(Path(out) if out is not None else None)
    probes: list[Probe] = []
    judged: dict[float, Judged] = {}
    while (rate := next_rate(probes, cfg)) is not None:
        probe = _probe_scenario(scenario, cfg, rate)
        where_to = run_dir / f"probe-{len(probes) + 1}"
        where_to.mkdir()
        plan = sample(capture, probe, where_to / rundir.PLAN)
        judged[rate] = _run_judged(plan, probe, where_to, launch, repeat)
        rep = report(judged[rate], None, where_to)
        failed = next(
            (g for g in rep.gates if not g.passed and (cfg.until == "gates" or moves_with_load(g.gate))), None
        )
        why = None if failed is None else failed.detail + (f" ({failed.cause})" if failed.cause else "")
        sent = int(rep.data["totals"]["sent"])
        probes.append(Probe(rate, failed is None, failed.gate.name if failed else None, why, str(where_to), sent))
        if on_probe is not None:
            on_probe(probes[-1])
    found = answer(probes, cfg)
    shown = found.capacity if found.capacity is not None else min(judged)
    return report(judged[shown], None, run_dir, found)
