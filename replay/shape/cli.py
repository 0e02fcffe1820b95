"""``replay sample CAPTURE``: options in; the pipeline's ``sample`` draws and writes the plan, whose
strata and schedule are then printed. ``replay inspect``: a capture's summary, or a plan's (``shape.inspect``,
``shape.plan``), with the judge's reader of whether an agent's answers call a tool."""

from __future__ import annotations

import contextlib
from pathlib import Path

import click

from replay.cli import FilePath, scenario_options

__all__ = ["inspect_cmd", "sample_cmd"]


@click.command("sample")
@click.argument("captures", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--scenario", "-s", "scenario_path", type=click.Path(path_type=Path), help="Scenario TOML file.")
@scenario_options
@click.option("--out", "-o", type=FilePath(output=True), help="Plan file to write [plans/CAPTURE.plan].")
@click.option("--size", type=int, help="Rows to draw (overrides sample.size).")
@click.option("--seed", type=int, help="Seed of every random choice (overrides sample.seed).")
@click.option("--speed", type=float, help="Play the captured timing this many times faster (replaces [load]).")
@click.option("--rate", type=float, help="Arrivals at this many requests/s, by [load] arrival (replaces [load]).")
@click.option(
    "--keep-retries",
    is_flag=True,
    help="Draw clients' retries too (x-stainless-retry-count, amz-sdk-request, a repeated Idempotency-Key...); "
    "by default they are left out and counted (sets sample.keep_retries).",
)
def sample_cmd(
    captures: tuple[Path, ...],
    scenario_path: Path | None,
    target: str | None,
    sets: tuple[str, ...],
    out: Path | None,
    size: int | None,
    seed: int | None,
    speed: float | None,
    rate: float | None,
    keep_retries: bool,
) -> None:
    """Draw a plan from CAPTURES: rows, send offsets and load steps, to the scenario's target mix.

    Several files, a directory or a glob (shards of several capture proxies) merge by start time.
    """
    from replay import pipeline
    from replay.exchange.sources import existing_capture_files, source_path
    from replay.exchange.write import check_not_capture_name
    from replay.shape.plan import print_sampled
    from replay.shape.sample import with_cli_overrides
    from replay.util.outputs import check_output, check_replaceable

    scenario = pipeline.load(scenario_path, target, sets)
    # a target 'replay run' refuses, given here: said now, not one command later (the plan was exit 0)
    if target is not None or any(s.split("=", 1)[0].strip().startswith("target.") for s in sets):
        from replay.runner.prepare import check_host

        check_host(scenario)
    scenario = with_cli_overrides(scenario, size, seed, speed, rate, keep_retries)
    made = None
    if out is None:  # the default directory is made; one the user names must exist
        out = Path("plans") / (captures[0].name.split(".")[0] + ".plan")
        made = None if out.parent.exists() else out.parent
        check_output(out.parent, directory=True)  # a working directory that takes no file: said as --out's
        out.parent.mkdir(exist_ok=True)
    source = source_path(captures)
    try:
        check_output(out, inputs=[*existing_capture_files(source), *([scenario_path] if scenario_path else [])])
        check_not_capture_name(out, "--out", "a plan", ".plan")
        check_replaceable(out, "--out", "a plan", lambda head: head.startswith(b"PK"))  # a zip
        print_sampled(pipeline.sample(source, scenario, out))
    except BaseException:
        if made is not None:  # a failed sample leaves nothing behind, not even the directory it made
            with contextlib.suppress(OSError):
                made.rmdir()
        raise


@click.command("inspect")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of tables.")
@click.option("--skip-bad", is_flag=True, help="Skip and count corrupt lines instead of stopping at the first.")
def inspect_cmd(files: tuple[Path, ...], as_json: bool, skip_bad: bool) -> None:
    """Summarise a capture (endpoints, status mix, latency, sizes, clients' retries, the requests that offer the
    model tools, redactions) or a plan (steps, rates, families).

    Several capture files, a directory or a glob are read as one capture, merged by start time.
    """
    import zipfile
    from dataclasses import asdict

    import orjson

    from replay.console import progress
    from replay.exchange.sources import source_path
    from replay.judge.reply import calls_tool
    from replay.shape import plan
    from replay.shape.inspect import inspect_capture, print_inspect

    file = source_path(files)
    if file.is_file() and (plan.is_plan(file) or file.suffix == ".plan" or zipfile.is_zipfile(file)):
        # a zip is never a capture: a plan, or not one (load_plan says why in one line)
        summary = plan.summarize(file)
        if as_json:
            click.echo(orjson.dumps(asdict(summary), option=orjson.OPT_SERIALIZE_NUMPY).decode())
        else:
            plan.render_summary(summary)
    elif as_json:
        with progress(f"reading {file}", unit="exchanges") as tick:
            report = inspect_capture(file, skip_bad, tick, calls_tool)
        click.echo(orjson.dumps(asdict(report)).decode())
    else:
        print_inspect(file, skip_bad, calls_tool)
