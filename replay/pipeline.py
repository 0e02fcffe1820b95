"""The pipeline as plain functions: capture -> ``sample`` -> Plan -> ``run`` -> Run -> ``judge`` ->
Judged -> ``report`` -> Report. The click commands, ``rehearse`` and the demo call these, in one
process; no stage is reached by invoking a command.

    scenario = load("scenarios/x.toml", target="http://staging:8080", sets=["sample.size=500"])
    plan = sample("captures/prod.jsonl.zst", scenario, "runs/r1/plan.plan")
    run_ = run(plan, scenario, "runs/r1")              # Locust in child processes; faults switched per step
    rep = report(judge(run_, scenario), baseline=None)  # report.json, junit.xml, report.html
    rep.exit_code                                        # 0 every gate held, 1 one failed

``search`` finds the capacity: the highest rate at which every gate holds (``[load] search``), each
probe a step of its own judged by the gates, ramping geometrically and then bisecting; with
``after_steps = true`` ``rehearse`` runs the steps and then the search, and reports both as one.

``rehearse`` chains them, checking the gates and the target before any work; with ``repeat`` (or
``[sample] repeats``) it replays the same plan that many times, each repetition its own run
(``OUT/repeat-K``, a fresh run id and client seed; the service's own randomness, a model's sampling,
does the rest), and reports them as one: every rate pooled, with its confidence interval.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from replay import console
from replay.config.scenario import MAX_REPEATS, Scenario, SearchConfig, load_scenario, probe_scenario
from replay.errors import BadInput, PathError
from replay.exchange.read import iter_raw
from replay.exchange.sources import WRITING, check_rereadable, growing_files
from replay.judge import Judged, judge_run, run_scenario
from replay.judge.capacity import Capacity, Probe, answer, next_rate, write_capacity
from replay.judge.classes import class_set_for
from replay.judge.evaluate import check_tags
from replay.judge.gates import (
    Gate,
    check_measurable,
    moves_with_load,
    parse_gates,
    untimed_segment,
    without_production,
)
from replay.judge.run import production_time
from replay.runner import rundir
from replay.runner.faults import start_proxies, step_label
from replay.runner.prepare import check_reachable, check_target
from replay.runner.results import Run
from replay.runner.runinfo import held
from replay.runner.supervise import Launch, execute, unjudged
from replay.shape.families import FAMILIES
from replay.shape.plan import Plan, write_plan
from replay.util.outputs import check_output
from replay.util.procs import Children
from replay.util.redactkey import env_key

if TYPE_CHECKING:  # imported where used: ``replay run`` loads this module and never reports (matplotlib, ~0.4 CPU-s)
    from replay.report.make import Report

__all__ = ["Launch", "check", "judge", "load", "rehearse", "report", "run", "sample", "search"]


def load(path: str | Path | None, target: str | None = None, sets: Sequence[str] = ()) -> Scenario:
    """The scenario at ``path`` (the defaults when None) with ``--target`` and ``--set`` applied in
    memory; errors name the user's file and the key."""
    overrides = [f"target.base_url={target}"] if target else []
    overrides += list(sets)
    if path is None:
        if overrides:
            raise BadInput("--target and --set need a scenario file; give --scenario")
        return Scenario()
    return load_scenario(path, overrides, from_target=bool(target))


def sample(
    capture: str | Path, scenario: Scenario, out: str | Path, progress: Callable[[int], None] | None = None
) -> Plan:
    """Draw a plan from ``capture`` to the scenario's target mix and write it to ``out``. The scenario's gates are
    checked as ``run`` checks them (BadInput): its plan would be refused there, one command later."""
    from replay.shape.sample import make_plan  # the sampler's modules: not 'replay run''s, which loads a plan

    capture, out = Path(capture), Path(out)
    where, gates = _gates_of(scenario)
    # the capture's warnings (a torn last line, a file still written) only if the plan is written: a gate on a
    # family the plan has none of, after them, was two lines on exit 2
    with console.held_warnings():
        for growing in growing_files(capture):  # 'replay run' would find its capture changed, refuse it, and say so
            console.warn(
                f"{growing}: {WRITING}; the plan draws what it holds now, and 'replay run' refuses it once the "
                "capture grows: sample again when that capture stops, or sample a copy (cp)"
            )
        # a caller's own ``progress`` is told instead of a display on the terminal, not beside one
        shown = contextlib.nullcontext(progress) if progress else None
        with shown or console.progress(f"reading {capture}", unit="exchanges") as tick:
            plan = make_plan(capture, scenario, tick)
        _check_segments(gates, plan, where)
        _warn_refusals_absent(scenario, plan)
        write_plan(out, plan)
    plan.path = out
    return plan


def run(plan: Plan, scenario: Scenario, out: str | Path | None = None, launch: Launch | None = None) -> Run:
    """Replay ``plan`` against the scenario's target, open-loop; the finished run directory. The gates
    are checked first: the run carries them to ``replay report``, which should not be the first to
    find a malformed one after the load."""
    where, gates = _check_gates(scenario)
    _check_segments(gates, plan, where)
    _check_production_times(gates, plan, where)
    return execute(scenario, plan, Path(out) if out is not None else None, launch or Launch())


def _check_segments(gates: list[Gate], plan: Plan, where: str) -> None:
    """BadInput for a gate on a step, family or endpoint the plan has none of: the judge found it only
    after the whole load."""
    vocab = plan.header.vocab
    known = {"step": [s.index for s in plan.header.load.steps], "family": vocab.family, "endpoint": vocab.endpoint}
    for gate in gates:
        check_tags(gate, known.__getitem__, where, "the plan")


def _warn_refusals_absent(scenario: Scenario, plan: Plan) -> None:
    """A warning for a ``refusal_ok`` family the plan has no row of (a scenario serves more than one capture, so no
    refusal): its refusals are right answers in another capture's plans, and in this one the setting does nothing."""
    names = plan.vocab("family")
    drawn = {names[code] for code in np.unique(plan.columns["family"]).tolist()}
    absent = {key: family for key, family in scenario.checks.refusals_ok() if family not in drawn}
    if absent:
        keys = ", ".join(f"{key} = {family!r}" for key, family in absent.items())
        which = "that family" if len(absent) == 1 else "those families"
        console.warn(f"{scenario.path or 'scenario'}: {keys}: the plan has no row of {which}, so it judges none here")


def _check_production_times(gates: list[Gate], plan: Plan, where: str) -> None:
    """BadInput for a gate against production's time none of whose planned rows' capture records production timed
    (an import without timings): the judge found it only after the whole load. The capture is read until every such
    gate has met a timed record of its rows (in a timed capture, its first few); a capture not found is the judge's."""
    timed = [g for g in gates if g.reference == "production"]
    raw = plan.header.capture.path
    found = [p for p in (Path(raw), Path(plan.path or ".").parent / raw) if raw and p.is_file()]
    if not timed or not found:
        return
    pending: dict[int, set[int]] = {}
    rows: list[int] = []
    for k, g in enumerate(timed):
        m = np.ones(len(plan), dtype=bool)
        for tag in ("family", "endpoint"):
            if g.tag(tag) is not None:
                m &= plan.labels(tag) == g.tag(tag)
        if g.tag("step") is not None:
            m &= plan["step"] == int(g.tag("step"))  # type: ignore[arg-type]
        pending[k] = set(plan["record"][m].tolist())
        rows.append(int(m.sum()))
    for i, d in enumerate(iter_raw(found[0])):
        if d.get("response") is not None and production_time(d) is not None:
            for k in [k for k, records in pending.items() if i in records]:
                del pending[k]
            if not pending:
                return
    k = next(iter(pending))
    raise without_production(timed[k], where) if not timed[k].tags else untimed_segment(timed[k], where, rows[k])


def judge(
    runs: Run | str | Path | Sequence[Run | str | Path], scenario: Scenario | None = None, partial: bool = False
) -> Judged:
    """Classify every result of a finished run, with ``scenario``'s checks or the run's own; several
    runs (repetitions of one plan) are judged as one (``Judged.concat``), and so are a repeated rehearsal's
    (``rehearse``'s ``OUT/repeat-K``, given ``OUT``). ``partial``: a run cut short (interrupted, failed) is
    judged on the rows it ran (``replay report --partial``)."""
    from replay.report.make import open_runs

    many = runs if isinstance(runs, list | tuple) else [runs]
    # every run opened before any is judged: one unfinished is refused before minutes of judging the others
    opened = [open_runs(r.path if isinstance(r, Run) else r, partial) for r in many]
    parts = []
    for finished in (f for found, _ in opened for f in found):
        with console.progress(f"judging {finished.path}", unit="rows") as tick:
            parts.append(judge_run(finished, scenario or run_scenario(finished), tick))
    judged = Judged.concat(parts)
    judged.unstarted = sum(missing for _, missing in opened)
    return judged


def report(
    judged: Judged,
    baseline: str | Path | None = None,
    out: str | Path | None = None,
    capacity: Capacity | None = None,
    html: bool = True,
    plots: bool = True,
) -> Report:
    """Gate a judged run and write report.json, junit.xml and report.html (default: into the run; without
    ``plots``, report.html without its plots). BadInput for a ``baseline`` that is the run or a copy of it."""
    from replay.report.make import write_report

    return write_report(judged, baseline, out, capacity, html, plots)


def check(scenario: Scenario, search: bool = False) -> None:
    """BadInput for what ``rehearse`` (with ``search``: ``search``) refuses in ``scenario`` before its load: a
    malformed gate, a file [checks] names that is missing, a search without gates. For a caller with work of its own
    before it rehearses: 'replay demo' checked less, and a missing [checks] schema ended it after its capture."""
    if search or (scenario.load.search is not None and scenario.load.search.after_steps):
        _check_search(scenario)
    else:
        _check_gates(scenario)


def _check_gates(scenario: Scenario) -> tuple[str, list[Gate]]:
    """BadInput for a malformed gate or a missing file [checks] names, before any load; the scenario's
    name for messages and its gates. Also for a REPLAY_REDACT_KEY too short: the run's responses and the report are
    redacted with it, by a process the load started or after it."""
    env_key()
    return _gates_of(scenario)


def _gates_of(scenario: Scenario) -> tuple[str, list[Gate]]:
    """``_check_gates`` but for the redaction key, which only a run needs."""
    where = str(scenario.path or "scenario")
    gates = parse_gates(scenario.gates, where, class_set_for(scenario.checks, where), scenario.error)
    check_measurable(gates, bool(scenario.faults), scenario.checks.says_retries(), where)
    if not scenario.checks.baseline.enabled and (
        timed := next((g for g in gates if g.reference == "production"), None)
    ):
        raise without_production(timed, where)  # the judge reads no capture: production's times never reach it
    # a family no plan has (a typo): said after the capture was read, and by 'replay demo' after its world's capture
    if odd := next((g for g in gates if g.tag("family") is not None and g.tag("family") not in FAMILIES), None):
        raise BadInput(
            f'{where}: gates."{odd.key}": {odd.tag("family")!r} is no prompt family; give one of {", ".join(FAMILIES)}'
        )
    for key, family in scenario.checks.refusals_ok():
        if family not in FAMILIES:  # no row carries it: a typo, and it replaced the default ['injection'] unsaid
            raise scenario.error(
                key, f"{family!r} is no prompt family; give one of {', '.join(f for f in FAMILIES if f != 'none')}"
            )
    base = scenario.path.parent if scenario.path is not None else Path()
    for key, name in scenario.checks.files():  # read by the judge, after the load: checked before it
        path = base / name
        if not path.is_file():  # a directory, /dev/zero or a pipe exists, and is no file to read either
            if path.exists():
                raise scenario.error(key, f"{path}: not a regular file; name a file")
            raise scenario.error(key, f"{path}: no such file (a path is relative to the scenario)")
    return where, gates


def rehearse(
    scenario: Scenario,
    capture: str | Path,
    out: str | Path | None = None,
    baseline: str | Path | None = None,
    launch: Launch | None = None,
    on_sampled: Callable[[Plan], None] | None = None,
    on_ran: Callable[[Run], None] | None = None,
    repeat: int | None = None,
    on_probe: Callable[[Probe], None] | None = None,
    plots: bool = True,
) -> Report:
    """Sample, run and report in one go; the gates, the target and the baseline are checked first,
    so a malformed gate or a target off the allowlist fails in a second, not after the run.
    ``on_sampled`` and ``on_ran`` see the plan and the run(s) as they are made (the CLI prints them).
    ``repeat`` (default ``[sample] repeats``) replays the plan that many times and reports them as one.
    With ``[load] search = { after_steps = true }`` the capacity search follows the steps (its probes in
    ``OUT/search/probe-K``, each seen by ``on_probe``) and its answer joins the steps' report. Without
    ``plots``, report.html leaves its plots out."""
    _check_gates(scenario)
    searching = scenario.load.search is not None and scenario.load.search.after_steps
    if searching:
        _check_search(scenario)
    check_target(scenario)
    repeats = scenario.sample.repeats if repeat is None else repeat
    if not 1 <= repeats <= MAX_REPEATS:
        raise BadInput(f"--repeat {repeats}: give 1 to {MAX_REPEATS}")
    if baseline is not None:
        from replay.report.make import open_baseline

        open_baseline(baseline)
    check_rereadable(capture)
    with _new_run_dir(out) as run_dir:
        # the capture's warnings (a torn last line) said only if the target is there to run against. 'replay run'
        # (execute) checks it again, and that is kept: each repetition's run starts after the last one's load, and
        # the first after its rows are read from the capture (seconds to minutes), time enough for a target to go
        # down (a staging that crashed under the load); this check is the one before the sampling's warnings go out
        with console.held_warnings():
            plan = sample(capture, scenario, run_dir / rundir.PLAN)
            check_reachable(scenario.target.base_url, scenario.client.connect_timeout)
        if on_sampled is not None:
            on_sampled(plan)
        judged = _run_judged(plan, scenario, run_dir, launch, repeats, on_ran)
    found = None
    if searching:
        found, _ = _probe_rates(scenario, capture, run_dir / "search", launch, on_probe, repeats)
        write_capacity(run_dir, found)  # beside the steps' run: ``replay report`` shows it again
    with _judging(run_dir if repeats == 1 else None):
        return report(judged, baseline, run_dir if repeats > 1 else None, found, plots=plots)


@contextlib.contextmanager
def _judging(run_dir: Path | None) -> Iterator[None]:
    """An interrupt while a complete run is judged says so, and how to judge it (``run_dir``: one run's); so does
    a report that could not be written (a full disk, ``ulimit -f``: 'report.html: File too large' alone, exit 2,
    said nothing of the whole run beside it)."""
    try:
        yield
    except KeyboardInterrupt as e:
        if run_dir is None or str(e):
            raise
        raise KeyboardInterrupt(unjudged(run_dir)) from None
    except PathError as e:
        if run_dir is None:
            raise
        raise PathError(
            f"{e}; run {run_dir} is complete and kept: report it elsewhere with replay report {run_dir} --out DIR"
        ) from None


@contextlib.contextmanager
def _new_run_dir(out: str | Path | None) -> Iterator[Path]:
    """The run directory ``out`` (checked before the capture is read; None: a new one under runs/). Bad input
    found in the block before any run started (a capture that cannot be sampled, a fault proxy's port taken, the
    target gone since) leaves no run directory behind that this made, not a plan in it."""
    if out is not None:
        check_output(Path(out), directory=True)
    with rundir.made(Path(out) if out is not None else None, held) as (run_dir, _):
        yield run_dir


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
        with _judging(run_dir):
            if on_ran is not None:
                on_ran(finished)
            return judge(finished, scenario)
    runs = []
    rundir.write_repeats(run_dir, repeats)
    for k in range(repeats):
        again = dataclasses.replace(
            scenario, client=dataclasses.replace(scenario.client, seed=scenario.client.seed + k)
        )
        runs.append(run(plan, again, rundir.repeat_dir(run_dir, k + 1), launch or Launch()))
        if on_ran is not None:
            on_ran(runs[-1])
    return judge(runs, scenario)


def search(
    scenario: Scenario,
    capture: str | Path,
    out: str | Path | None = None,
    launch: Launch | None = None,
    on_probe: Callable[[Probe], None] | None = None,
    repeat: int = 1,
    plots: bool = True,
) -> Report:
    """The capacity search (``[load] search``, default settings without one): probe rates until the
    highest at which every gate held is known within its bracket; the report of that probe (else of the
    lowest) carries the answer, written to ``out`` beside every probe's own run (``probe-K``). With
    ``repeat``, each probe replays its plan that many times, pooled: share gates with a level
    (``"< 5% @95"``) then judge the probe by their confidence bound over every repetition. Without
    ``plots``, report.html leaves its plots out."""
    _check_search(scenario)
    check_target(scenario)
    if not 1 <= repeat <= MAX_REPEATS:
        raise BadInput(f"--repeat {repeat}: give 1 to {MAX_REPEATS}")
    check_rereadable(capture)
    with _new_run_dir(out) as run_dir:  # the first probe's plan was left behind (probe-1/plan.plan)
        found, judged = _probe_rates(scenario, capture, run_dir, launch, on_probe, repeat)
    write_capacity(run_dir, found)
    shown = found.capacity if found.capacity is not None else min(judged)
    return report(judged[shown], None, run_dir, found, plots=plots)


def _check_search(scenario: Scenario) -> None:
    """The gates parse, there are some to hold, and the faults' step is one of the load's (BadInput before any
    load: past the steps, the probes ran in the faults' active profile and nothing said so)."""
    where, _ = _check_gates(scenario)
    if not scenario.gates:
        raise BadInput(f'{where}: [gates]: a capacity search needs gates to hold; add some (e.g. p99 = "< 2s")')
    steps, cfg = scenario.load.steps, scenario.load.search or SearchConfig()
    if steps and cfg.fault_step >= len(steps):
        raise scenario.error(
            "load.search.fault_step",
            f"{cfg.fault_step}, but the load has {len(steps)} steps: give a step index from 0 to {len(steps) - 1}",
        )


def _probe_rates(
    scenario: Scenario,
    capture: str | Path,
    run_dir: Path,
    launch: Launch | None,
    on_probe: Callable[[Probe], None] | None,
    repeat: int,
) -> tuple[Capacity, dict[float, Judged]]:
    """Probe rate after rate (``run_dir/probe-K``, each a run judged and reported on its own) until the
    bracket is tight; the answer and every probe's judged run by rate."""
    cfg = scenario.load.search or SearchConfig()
    probes: list[Probe] = []
    judged: dict[float, Judged] = {}
    with Children() as children:  # the fault proxies, up once for every probe
        running = {i: (c.url, c.token) for i, c in start_proxies(children, scenario).items()}
        while (rate := next_rate(probes, cfg)) is not None:
            probe = probe_scenario(scenario, rate, running)
            where_to = run_dir / f"probe-{len(probes) + 1}"
            where_to.mkdir(parents=True)
            plan = sample(capture, probe, where_to / rundir.PLAN)
            judged[rate] = _run_judged(plan, probe, where_to, launch, repeat)
            # report.json and junit.xml: a probe's HTML waits for ``replay report OUT/probe-K``
            probes.append(_verdict(report(judged[rate], None, where_to, html=False), rate, cfg, where_to))
            if on_probe is not None:
                on_probe(probes[-1])
    found = answer(probes, cfg)
    found.faults = step_label(scenario.faults, cfg.fault_step)
    return found, judged


def _verdict(rep: Report, rate: float, cfg: SearchConfig, where: Path) -> Probe:
    """A probe's verdict from its report: the first gate that broke (with ``until = "load"``, among those
    on figures that move with load), why, and what each path of a fallback chain answered."""
    failed = next((g for g in rep.gates if not g.passed and (cfg.until == "gates" or moves_with_load(g.gate))), None)
    why = None if failed is None else failed.detail + (f" ({failed.cause})" if failed.cause else "")
    doc = rep.doc
    paths = {r.path: r.share for r in doc.paths.rows} if doc.paths is not None else {}
    per_1k = doc.costs.per_1k if doc.costs is not None else None
    broke = failed.gate.name if failed else None
    return Probe(rate, failed is None, broke, why, str(where), doc.totals.cell.sent, paths, per_1k)
