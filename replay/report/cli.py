"""``replay report RUN [--baseline OTHER_RUN] [--partial]``: judge, gate and report a finished run (or a repeated
rehearsal's, ``rehearse --repeat N``'s ``OUT``: its repetitions pooled, as the rehearsal reported them); exit 0 when
every gate holds, 1 when one fails, 2 for bad input (an unfinished run, a malformed gate), 3 for a run cut short
judged with ``--partial`` in which no gate failed (no verdict)."""

from __future__ import annotations

from pathlib import Path

import click

from replay.cli import OutputDir, finish, no_plots_option

__all__ = ["report_cmd"]


@click.command("report")
@click.argument("run_dir", metavar="RUN", type=click.Path(path_type=Path))
@click.option(
    "--baseline",
    type=click.Path(path_type=Path),
    help="Another run (the last good release) to compare, or its repeated rehearsal's directory (pooled).",
)
@click.option(
    "--scenario",
    "scenario_path",
    type=click.Path(path_type=Path),
    help="Judge with this scenario's [checks] and [gates] instead of the run's.",
)
@click.option("--out", type=OutputDir(), help="Where to write the report files [RUN].")
@click.option("--quiet", "-q", is_flag=True, help="No terminal summary; the exit code only.")
@click.option(
    "--partial",
    is_flag=True,
    help="Judge a run cut short (interrupted, failed) on the rows it ran; never a pass: exit 1 or 3.",
)
@no_plots_option
def report_cmd(
    run_dir: Path,
    baseline: Path | None,
    scenario_path: Path | None,
    out: Path | None,
    quiet: bool,
    partial: bool,
    no_plots: bool,
) -> None:
    """Judge RUN, check its gates and write report.json, junit.xml and report.html.

    RUN is a run's directory, or a repeated rehearsal's (rehearse --repeat N --out RUN): its repetitions pooled."""
    from replay import pipeline
    from replay.report.make import check_baseline, open_runs
    from replay.util.outputs import check_output

    # RUN opened first (its run.json files alone): a file given as RUN was said as '--out (default: RUN) X: is a
    # file; name a directory', though the user gave no --out and the fix is another RUN
    runs = open_runs(run_dir, partial)[0]
    check_output(out or run_dir, "--out" if out else "--out (default: RUN)", directory=True)
    if baseline is not None:  # refused before the run is judged: only run.json files are read for it
        check_baseline(baseline, runs)

    scenario = pipeline.load(scenario_path) if scenario_path is not None else None
    judged = pipeline.judge(run_dir, scenario, partial)
    finish(pipeline.report(judged, baseline, out, plots=not no_plots), quiet)
