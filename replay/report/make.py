"""Gate a judged run and write its report files (``replay.pipeline.report`` calls it)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import orjson

from replay.errors import BadInput
from replay.judge import Judged, judge_run
from replay.judge.capacity import Capacity, read_capacity
from replay.judge.collapse import Collapse, analyse_frame
from replay.judge.evaluate import GateResult, evaluate
from replay.judge.frame import Frame
from replay.judge.gates import moves_with_load, parse_gates
from replay.judge.upstream import row_aborted, row_calls, rows_through
from replay.redact import default_redactor
from replay.report.build import build_report
from replay.report.html import html_page
from replay.report.junit import junit_xml
from replay.report.paths import summarize
from replay.report.regress import regressions
from replay.report.sections import CUT_SHORT_EXIT, CutShort, ReportDoc
from replay.runner import Run, Status, open_run, rundir
from replay.runner.runinfo import NOT_RUN
from replay.util.outputs import write_set
from replay.util.stats import shares_apart

__all__ = [
    "SCHEMA_PATH",
    "Report",
    "check_baseline",
    "collapse_view",
    "frame_of",
    "open_baseline",
    "open_finished",
    "open_runs",
    "write_report",
]

SCHEMA_PATH = Path(__file__).with_name("report.schema.json")


@dataclass
class Report:
    doc: ReportDoc  # what report.json holds
    out: Path  # the directory the files are in
    judged: Judged

    @property
    def gates(self) -> list[GateResult]:
        return self.doc.gates

    @cached_property
    def data(self) -> dict[str, Any]:
        """report.json as plain JSON values."""
        return self.doc.to_json()

    @property
    def exit_code(self) -> int:
        """0 when every gate holds, 1 when one fails, CUT_SHORT_EXIT (3) for a run cut short none failed."""
        if not all(g.passed for g in self.gates):
            return 1
        return CUT_SHORT_EXIT if self.doc.partial is not None else 0


# What a run directory holds before its run.json is written (the rehearsal's plan, the run's inputs)
_BEFORE_THE_RUN = (rundir.PLAN, rundir.PREPARED, rundir.RESERVE)


def open_runs(path: str | Path, partial: bool = False, baseline: bool = False) -> tuple[list[Run], int]:
    """The run at ``path``, or the runs of a repeated rehearsal there (``repeat-K``, judged as one), each opened
    as ``open_finished`` opens it, and how many repetitions the rehearsal was to run but never started (cut short
    between two: refused as an unfinished run is, or with ``partial`` their rows counted as not run); BadInput
    for a directory that holds neither, naming both. ``baseline``: the runs are a baseline (``open_finished``)."""
    path = Path(path)
    if repeated := rundir.repeats(path):
        planned = rundir.repeats_planned(path)
        if planned is not None and len(repeated) > planned:
            raise rundir.damaged(path / rundir.REPEATS, f"says {planned} repetition(s), {path} holds {len(repeated)}")
        runs = [open_finished(r, partial, baseline, whole=path) for r in repeated]
        if why := _not_one_plan(runs):
            raise BadInput(f"{path}: {why}; pool only the repetitions of one rehearsal, or re-run it")
        missing = max(0, (planned or 0) - len(runs))
        if missing and not partial:
            has = "" if baseline else f"; 'replay report {path} --partial' judges the {len(runs)} it has"
            raise BadInput(
                f"{path}: the rehearsal is unfinished: it ran {len(runs)} of its {len(runs) + missing} repetitions, "
                f"the rest never started; a partial run is never gated, re-run it{has}"
            )
        return runs, missing
    if path.is_dir() and not (path / rundir.RUN).exists():
        if planned := rundir.repeats_planned(path):  # stopped after saying its repetitions, before the first
            raise BadInput(
                f"{path}: the rehearsal is unfinished: none of its {planned} repetitions started (it was stopped "
                "before the first); there is nothing to judge: re-run it"
            )
        if begun := [name for name in _BEFORE_THE_RUN if (path / name).exists()]:
            # a rehearse or run killed (kill -9) after it wrote these, before its run.json: said to be no run at all
            raise BadInput(
                f"{path}: the run never started (it holds {', '.join(begun)} but no {rundir.RUN}: it was stopped "
                "before its first row); there is nothing to judge: re-run it"
            )
        raise BadInput(
            f"{path}: no {rundir.RUN}, nor {rundir.repeat_dir(Path(), 1)}/{rundir.RUN} (a repeated rehearsal's "
            "first run); give a directory written by 'replay run' or 'replay rehearse'"
        )
    return [open_finished(path, partial, baseline)], 0


def open_baseline(path: str | Path) -> list[Run]:
    """The runs of the ``--baseline`` at ``path``, as ``open_runs`` opens a baseline's; its BadInput names the option.
    Why: a baseline missing, not a run or damaged was said by its path alone ('x: no run.json'), as RUN's is, and
    the user could not tell which of the two to fix."""
    try:
        return open_runs(path, baseline=True)[0]
    except BadInput as e:
        said = str(e)
        named = said.startswith(str(Path(path)))  # most say the path first: named once
        raise BadInput(f"--baseline {said}" if named else f"--baseline {path}: {said}") from None


def check_baseline(path: str | Path, runs: Sequence[Run]) -> None:
    """BadInput when a run of the ``--baseline`` at ``path`` (``open_baseline``: a repeated rehearsal's, pooled) is
    among ``runs``, those reported: the run itself, a repetition the report pools, a rehearsal holding the run, or a
    copy of one (its run id). Compared with itself, a run shows no regression: every such gate passed."""
    _refuse_itself(path, open_baseline(path), runs)


def _refuse_itself(path: str | Path, base: Sequence[Run], runs: Sequence[Run]) -> None:
    """``check_baseline`` with the baseline's runs ``base`` opened."""
    where = {os.path.realpath(r.path): r for r in runs}  # realpath, not resolve(): a looping link is the reader's
    ids = {r.info.id: r for r in runs}
    for b in base:
        if (mine := where.get(os.path.realpath(b.path)) or ids.get(b.info.id)) is None:
            continue
        what = "the run being reported" if len(runs) == 1 else "one of the runs the report pools"
        if len(base) > 1:
            what = f"holds {what} ({b.path})"
        if os.path.realpath(b.path) != os.path.realpath(mine.path):
            what += f" (a copy of {mine.path}: run id {b.info.id})"
        raise BadInput(f"--baseline {path}: {what}; give another run (the last good release's)")


def _judge_baseline(path: str | Path, judged: Judged) -> Judged:
    """The run given as ``--baseline``, judged with the reported run's checks: a repeated rehearsal's repetitions
    pooled (``open_runs``), as ``replay report OUT`` pools them. BadInput for one unfinished, every one of them
    finished or refused before any is judged, and for one among the runs reported (``check_baseline``)."""
    runs = open_baseline(path)
    _refuse_itself(path, runs, judged.runs or [judged.run])
    return Judged.concat([judge_run(run, judged.scenario) for run in runs])


def _not_one_plan(runs: list[Run]) -> str | None:
    """Why ``runs`` are not repetitions of one plan (None when they are): a run met twice (a repetition copied
    or linked over another: its rows pooled twice), or one of another plan (its rows pooled as the same)."""
    first: dict[str, Path] = {}
    for run in runs:
        if (seen := first.setdefault(run.info.id, run.path)) is not run.path:
            return f"{run.path.name} is the run of {seen.name} again (run id {run.info.id})"
    plan = runs[0].info.plan.sha256
    if odd := next((r for r in runs if r.info.plan.sha256 != plan), None):
        return f"{odd.path.name} ran another plan than {runs[0].path.name} (plan sha256 {odd.info.plan.sha256!s:.12})"
    return None


def open_finished(path: str | Path, partial: bool = False, baseline: bool = False, whole: Path | None = None) -> Run:
    """A run directory whose run finished; BadInput for an unfinished, interrupted or failed one (a run
    whose runner was killed is marked failed on opening: replay.runner.settle.open_run). ``partial``: one
    interrupted or failed is opened too, to be judged on what it has (``replay report --partial``).
    ``baseline``: the run is a baseline, which --partial does not judge: its refusal does not offer it.
    ``whole``: the repeated rehearsal the run is one repetition of, which --partial judges."""
    run = open_run(path)
    info = run.info
    if partial and info.status in (Status.INTERRUPTED, Status.FAILED):
        return run
    if info.status != Status.COMPLETE:
        # the loss in numbers: after a kill -9 of 'replay run' this line is the only place it is said
        left = info.counts.without_result() if info.counts is not None else ""
        of = f" (of its {info.counts.planned:,} rows {left})" if info.counts is not None and left else ""
        why = {
            Status.STARTING: "it has not started sending",
            Status.RUNNING: f"it is still running{f' on {info.runner.host}' if info.runner else ''}",
            Status.INTERRUPTED: f"it was interrupted before every row was sent{of}",
            Status.FAILED: f"it failed: {info.failure()}",
        }[info.status]
        has = ""
        if info.status.final and info.counts is not None and not baseline:
            c = info.counts
            n = max(0, min(c.written, c.planned - c.unsent - c.unknown) - c.responses_lost)
            has = f"; 'replay report {path} --partial' judges the {n:,} rows it has"
            if whole is not None:
                has = f"; 'replay report {whole} --partial' judges the {n:,} rows it has with the other repetitions"
        if not info.status.final:  # its runner is alive (a dead one's run was marked failed on opening): not re-run
            raise BadInput(f"{path}: the run is unfinished: {why}; wait for it to end, then report it")
        raise BadInput(f"{path}: the run is unfinished: {why}; a partial run is never gated, re-run it{has}")
    if info.counts is not None and info.counts.planned == 0:  # a plan of no rows, put together by hand
        raise BadInput(f"{path}: the run holds no rows (its plan had none); sample a plan and run it again")
    return run


def cut_short(judged: Judged, frame: Frame) -> CutShort:
    """What a run cut short had, for the report's banner (report.json "partial"): besides run.json's counts, the
    rows whose line results.jsonl lacks (its disk filled) and the answered rows whose response responses.jsonl
    lacks (its writer stopped, the machine crashed: the last second of each is not on the disk), from the files.
    Repetitions add up, each run's counts with its files; the status and reason are the runs' cut short."""
    runs = judged.runs or [judged.run]
    short = [r for r in runs if not r.complete]
    steps = sorted({int(s) for s in frame.step[frame.sent(np.ones(len(frame), dtype=bool))]})
    planned = not_run = unknown = results = results_lost = 0
    for run in runs:
        c = run.info.counts
        outcomes = run.columns(("outcome",))["outcome"]
        ran = int(np.isin(outcomes, NOT_RUN, invert=True).sum())  # results.jsonl's lines of rows that ran
        counted = c.planned - c.unsent - c.unknown if c is not None else ran
        planned += c.planned if c is not None else run.info.plan.rows
        not_run += c.unsent if c is not None else 0
        unknown += c.unknown if c is not None else 0
        results += ran
        results_lost += max(0, counted - ran)
    why = [(f"{r.path.name}: " if len(runs) > 1 else "") + (r.info.reason or "see run.json") for r in short]
    if judged.unstarted:  # repetitions of the plan a rehearsal cut short never started: every row not run
        rows = planned // len(runs)
        planned, not_run = planned + judged.unstarted * rows, not_run + judged.unstarted * rows
        why.append(f"{judged.unstarted} of its {len(runs) + judged.unstarted} repetitions never started")
    return CutShort(
        status=str(short[0].info.status) if short else "interrupted",
        reason="; ".join(why),
        planned=planned,
        judged=len(frame),
        not_run=not_run,
        unknown=unknown,
        responses_lost=results - len(frame),  # the judge left them out
        results=results,
        results_lost=results_lost,
        steps=steps,
    )


def collapse_view(judged: Judged, frame: Frame, gate_steps: list[int] | None = None) -> Collapse:
    """The collapse analysis (``replay.judge.collapse``) of a judged run or of its repetitions."""
    runs = judged.runs or [judged.run]
    return analyse_frame(frame, [r.info.step_table for r in runs], frame.proxies, gate_steps=gate_steps or ())


def frame_of(judged: Judged) -> Frame:
    """The judged rows as columns, with upstream calls per request where the fault proxy counted them
    and, failing that, its calls per step (from the collapse analysis)."""
    runs = judged.runs or [judged.run]
    parts = judged.parts() if len(runs) > 1 else [judged.results]
    proxies = judged.proxies  # read once, by the judge: every later view of the run's proxies is the frame's
    each = list(zip(runs, parts, proxies, strict=True))
    per_run = [row_calls(run, results, counts) for run, results, counts in each]
    calls = np.concatenate(per_run) if all(c is not None for c in per_run) else None
    frame = Frame.of(judged, None, calls)
    frame.proxies = proxies
    if calls is not None:
        frame.aborted = np.concatenate([row_aborted(run, results, counts) for run, results, counts in each])
        for name in dict.fromkeys(name for counts in proxies for name in counts.calls_by):
            through = [rows_through(run, results, counts, name) for run, results, counts in each]
            frame.calls_by[name] = np.concatenate([c for c, _ in through])
            frame.aborted_by[name] = np.concatenate([a for _, a in through])
    frame.amplification = collapse_view(judged, frame).amplification()
    return frame


def _load_gate(result: GateResult) -> bool:
    """A failed gate on a figure that moves with load (latency, availability, amplification, load-sensitive classes)."""
    return not result.passed and moves_with_load(result.gate)


def _grew(result: GateResult, frame: Frame, step: int) -> bool:
    """Whether a failed step gate's share (availability, a class's rate) is worse at its step than at the first
    step with rows, beyond both steps' noise (their 90% Wilson intervals apart, as the collapse analysis compares
    steps): a share as bad from the first step is a cause, not a collapse at a later step, however much the
    latency injected there moved (a release rejecting one family's prompts fails availability{step=3} from the
    start). Other figures (latency, amplification) are the collapse analysis's to weigh."""
    g = result.gate
    if g.metric not in ("availability", "rate"):
        return True
    steps = sorted({int(s) for s in frame.step[frame.sent(np.ones(len(frame), dtype=bool))]})
    if not steps or steps[0] == step:
        return True

    def share(k: int) -> tuple[float | None, int]:
        m = frame.mask(g.tag("family"), k, g.tag("endpoint"))
        if g.metric == "availability":  # of offered rows, as the gate counts them
            return frame.availability(m), int((m & ~frame.skipped).sum())
        return frame.rate(m, g.classes), int(frame.sent(m).sum())

    (first, n0), (now, n) = share(steps[0]), share(step)
    if first is None or now is None:
        return True
    if g.metric == "availability":  # worse is lower
        return shares_apart(first, n0, now, n)
    return shares_apart(now, n, first, n0)


def _shared_home(judged: Judged) -> Path | None:
    """The directory of a judged run, or for repetitions (``OUT/repeat-K``) the one that holds them all; None for
    runs from several directories."""
    runs = judged.runs or [judged.run]
    if len(runs) == 1:
        return runs[0].path
    homes = {r.path.parent for r in runs}
    return homes.pop() if len(homes) == 1 else None


def _home(judged: Judged) -> Path:
    """Where a judged run's report goes by default: ``_shared_home``, or the first run's for runs from several."""
    return _shared_home(judged) or (judged.runs or [judged.run])[0].path


def _kept_capacity(judged: Judged) -> Capacity | None:
    """The search kept beside the run, in the directory that holds it (none for runs from several)."""
    home = _shared_home(judged)
    return read_capacity(home) if home is not None else None


def write_report(
    judged: Judged,
    baseline: str | Path | None = None,
    out: str | Path | None = None,
    capacity: Capacity | None = None,
    html: bool = True,
    plots: bool = True,
) -> Report:
    """Evaluate the gates of a judged run, write report.json, junit.xml and report.html (unless not
    ``html``; without ``plots``, its plots are not drawn: about a CPU-second) to ``out`` (default: the run
    directory, or the one holding the repetitions). ``baseline`` is another run to flag regressions against
    (judged with the same checks).
    Without ``capacity``, the search kept beside the run (``capacity.json``) is shown, as the report made
    when it ran showed it."""
    scenario = judged.scenario
    where = str(scenario.path or "scenario")
    gates = parse_gates(scenario.gates, where, judged.class_set)
    frame = frame_of(judged)
    regress, base = None, None
    if baseline is not None:
        other = _judge_baseline(baseline, judged)
        base = Frame.of(other)
        regress = regressions(base, frame, ", ".join(r.info.id for r in other.runs))
    complete = all(r.complete for r in judged.runs or [judged.run]) and not judged.unstarted
    partial = None if complete else cut_short(judged, frame)
    results = evaluate(
        gates,
        frame,
        None if regress is None else regress.count,
        where,
        base,
        partial is not None,
        scenario.checks.says_retries(),
    )
    failed_steps = sorted(
        {int(s) for r in results if _load_gate(r) and (s := r.gate.tag("step")) is not None and _grew(r, frame, int(s))}
    )
    collapse = collapse_view(judged, frame, failed_steps)  # a failed step gate is a collapse signal too
    doc = build_report(judged, frame, results, default_redactor(), regress, collapse, base, partial)
    doc.capacity = capacity = capacity if capacity is not None else _kept_capacity(judged)
    if doc.paths is not None:
        doc.paths.summary = summarize(doc.paths, capacity)
    out_dir = Path(out) if out is not None else _home(judged)
    made = not out_dir.exists()
    out_dir.mkdir(parents=True, exist_ok=True)
    rep = Report(doc, out_dir, judged)
    # All or none, report.json last (write_set): a report.json is never newer than the junit.xml and
    # report.html beside it, and a failed write (a full disk, ulimit -f) leaves the reports as they were.
    options = orjson.OPT_INDENT_2 | orjson.OPT_SERIALIZE_NUMPY
    try:
        files = [(out_dir / "report.html", html_page(doc, frame, plots))] if html else []
        files.append((out_dir / "junit.xml", junit_xml(doc)))
        write_set([*files, (out_dir / "report.json", orjson.dumps(rep.data, option=options))])
    except BaseException:
        if made:
            with contextlib.suppress(OSError):
                out_dir.rmdir()
        raise
    return rep
