"""``replay demo``: the whole story on loopback, against the bundled support assistant.

Starts the mock model, the search service, the production and candidate releases and a capture proxy in
front of production, all on free loopback ports; drives the user population through the proxy; inspects
the capture; then rehearses the candidate release with ``scenarios/demo.toml`` (``pipeline.rehearse``, in this
process: sample, run with the model API slowing down behind the fault proxy, judge, report), searches each
release's capacity with the model slowed (``replay.demo.capacity``: production's against the candidate's) and
says where each artefact is. ``--serve`` keeps the world up for trying it by hand. Every process started is
stopped on every exit path, Ctrl-C included.
"""

from __future__ import annotations

import bisect
import itertools
import math
import time
from collections import Counter
from pathlib import Path

import click
import orjson

from replay import pipeline
from replay.capture.proxy import CaptureOptions, CaptureSummary, start_capture
from replay.cli import FilePath, FiniteRange, OutputDir, no_plots_option, rehearse_printing
from replay.config.loader import MAX_DURATION_DAYS, parse_duration
from replay.config.scenario import MAX_RATE
from replay.console import progress
from replay.demo.capacity import (
    RELEASES,
    ReleaseCapacity,
    compare,
    quiet,
    search_sets,
    start_deployment,
    start_release,
)
from replay.demo.config import AssistantConfig, load_config, release_path
from replay.demo.drive import DriveSummary, arrivals, drive, run_interruptible
from replay.demo.population import DEFAULT_MIX, TYPICAL, families_of, first_count, generate
from replay.demo.world import Egress, World, check_world, start_world
from replay.errors import BadInput
from replay.judge.capacity import Probe
from replay.judge.reply import calls_tool
from replay.report.terminal import print_summary
from replay.shape.inspect import print_inspect
from replay.util.outputs import check_output
from replay.util.procs import Children, sigterm_as_interrupt
from replay.util.redactkey import env_key

__all__ = ["demo"]

CAPTURE, SUMMARY = "capture.jsonl.zst", "demo.json"  # in --out, beside rehearsal/ and capacity/


def _drive(url: str, count: int, rate: float, concurrency: int, duration: float, seed: int, share: float):  # type: ignore[no-untyped-def]
    prompts = generate(count, seed, DEFAULT_MIX, share)
    with progress("driving population", total=len(prompts)) as tick:
        done = itertools.count(1)
        return prompts, run_interruptible(
            drive(url, prompts, rate, concurrency, seed, duration, on_done=lambda o: tick(next(done)))
        )


def _write_summary(
    path: Path, world: World, args: dict, families: Counter[str], sent: DriveSummary, cap: CaptureSummary
) -> None:
    # Counts only: prompt text holds the personal data users paste, and nothing unredacted reaches disk.
    data = {
        "args": args,
        "services": world.urls(),
        "families": dict(sorted(families.items())),
        "sent": sent.sent,
        "status": sent.status_mix(),
        "fallbacks": sent.fallbacks,
        "elapsed_s": round(sent.elapsed, 3),
        "captured": cap.exchanges,
    }
    path.write_bytes(orjson.dumps(data, option=orjson.OPT_INDENT_2))


def _serve(world: World, proxy_url: str, capture: Path) -> None:
    click.echo("the demo world is up (Ctrl-C stops it):")
    for name, url in world.urls().items():
        click.echo(f"  {name:<11} {url}")
    click.echo(f"  capture     {proxy_url} -> production, recording to {capture}")
    click.echo(
        f"try: curl -s {proxy_url}/api/assist -H 'content-type: application/json' "
        """-d '{"messages":[{"role":"user","content":"How do I reset my password?"}],"user_id":"me"}'"""
    )
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        click.echo("stopping")


@click.command("demo")
@click.option("--count", type=click.IntRange(1, 100_000), default=300, show_default=True, help="Requests to send.")
@click.option(
    "--rate", type=FiniteRange(min=0.1, max=MAX_RATE), default=15.0, show_default=True, help="Mean arrivals/s."
)
@click.option("--concurrency", type=click.IntRange(1, 512), default=16, show_default=True, help="Most in flight.")
@click.option(
    "--duration",
    type=FiniteRange(min=1.0, max=MAX_DURATION_DAYS * 86400),  # a scenario's longest time: more is a typo (2**64)
    default=50.0,
    show_default=True,
    help="Stop sending after this many s.",
)
# 0..2**63-1, as a scenario's sample.seed: 2**70 started the world, then failed writing it to JSON (a traceback)
@click.option(
    "--seed",
    type=click.IntRange(0, 2**63 - 1),
    default=1,
    show_default=True,
    help="Seed of the population and arrivals.",
)
@click.option(
    "--stream-share",
    type=FiniteRange(0.0, 1.0),
    default=0.3,
    show_default=True,
    help="Share of streamed requests.",
)
@click.option("--out", type=OutputDir(), help="Output dir [runs/demo-<time>].")
@click.option("--serve", is_flag=True, help="Keep the world running and print its URLs until Ctrl-C.")
@click.option(
    "--scenario",
    type=FilePath(),
    default=Path("scenarios/demo.toml"),
    show_default=True,
    help="Rehearsal scenario run against the candidate.",
)
@click.option("--step", default="15s", show_default=True, help="Length of each load step of the rehearsal.")
@click.option("--rehearse/--no-rehearse", default=True, show_default=True, help="Rehearse the candidate after capture.")
@click.option(
    "--capacity/--no-capacity",
    default=True,
    show_default=True,
    help="Then search each release's capacity with the model slowed (the scenario's [load] search).",
)
@click.option("--probe", default="3s", show_default=True, help="Length of each probe of the capacity search.")
@click.option(
    "--set",
    "sets",
    multiple=True,
    metavar="KEY=VALUE",
    help="Set an assistant knob on both releases, e.g. api=anthropic (the model API they call); repeatable. Every "
    "knob: AssistantConfig in replay/demo/config.py.",
)
@no_plots_option
def demo(
    count: int,
    rate: float,
    concurrency: int,
    duration: float,
    seed: int,
    stream_share: float,
    out: Path | None,
    serve: bool,
    scenario: Path,
    step: str,
    rehearse: bool,
    capacity: bool,
    probe: str,
    sets: tuple[str, ...],
    no_plots: bool,
) -> None:
    """Run the demo end to end on loopback: capture production traffic, rehearse the candidate release."""
    knobs = _knobs(sets)
    check_world(production=knobs, candidate=knobs)  # and the services' variables, before --out is made
    env_key()  # before the demo's services start (the capture would refuse it only after them)
    _check_steps(scenario, step, probe, rehearse and not serve, capacity and not serve)
    if (rehearse or capacity) and not serve:
        _check_count(count, rate, duration, seed)
    # the default too: a working directory that takes no file said "runs: Read-only file system", naming no option
    out = out or Path("runs") / time.strftime("demo-%Y%m%d-%H%M%S")
    check_output(out, directory=True)
    _check_fresh(out)
    capture = out / CAPTURE
    args = dict(
        count=count, rate=rate, concurrency=concurrency, duration=duration, seed=seed, stream_share=stream_share
    )
    with sigterm_as_interrupt(), Children() as children:
        # The candidate the rehearsal runs, booted beside production (not after the capture, while the rest waits)
        faults = [f.name for f in pipeline.load(scenario).faults] if rehearse and not serve else None
        world = start_world(children, production=knobs, candidate=knobs, faults=faults)
        out.mkdir(parents=True, exist_ok=True)  # once the world is up: one that failed to start left it empty
        proxy = start_capture(children, world.production_url, ("127.0.0.1", 0), CaptureOptions(out=capture))
        if serve:
            _serve(world, proxy.url, capture)
            summary = proxy.stop()
            click.echo(f"captured {summary.exchanges} exchanges -> {capture}")
            return
        click.echo(f"world up: {', '.join(f'{k} {v}' for k, v in world.urls().items())}; capture proxy {proxy.url}")
        prompts, sent = _drive(f"{proxy.url}/api/assist", count, rate, concurrency, duration, seed, stream_share)
        cap = proxy.stop()
        families = Counter(p.family for p in prompts[: sent.sent])
        _write_summary(out / SUMMARY, world, args, families, sent, cap)
        click.echo(
            f"sent {sent.sent} requests in {sent.elapsed:.1f} s ({len(families)} prompt families, "
            f"status {sent.status_mix()}, {sent.fallbacks} fallbacks); captured {cap.exchanges} exchanges"
        )
        click.echo()
        print_inspect(capture, calls=calls_tool)
        verdict = None
        if rehearse:
            verdict = _rehearse_candidate(world, scenario, capture, out / "rehearsal", step, not no_plots)
        found: list[ReleaseCapacity] = []
        if capacity:
            found = _capacities(children, world, scenario, capture, out / "capacity", probe, knobs, not no_plots)
    click.echo()
    click.echo("artefacts:")
    click.echo(f"  capture     {capture}")
    click.echo(f"  summary     {out / SUMMARY}")
    if verdict is not None:
        for name in ("report.html", "report.json", "junit.xml"):
            click.echo(f"  {name:<11} {out / 'rehearsal' / name}")
    for f in found:
        click.echo(f"  {'capacity':<11} {f.out / 'report.html'} ({f.release})")
    if verdict is not None:
        click.echo(verdict)
    for line in compare(found):
        click.echo(line)


def _check_steps(scenario: Path, step: str, probe: str, rehearse: bool, capacity: bool) -> None:
    """The options of the steps the demo runs, and --step, --probe and a --scenario given though unused
    (--no-rehearse, --serve): '--step nan --no-rehearse' ran the demo, exit 0."""
    _positive_duration("--step", step)
    _positive_duration("--probe", probe)
    given = click.get_current_context().get_parameter_source("scenario") is click.core.ParameterSource.COMMANDLINE
    if rehearse or given:
        _check_rehearsal(scenario, step)
    if capacity:
        _check_capacity(scenario, probe)


def _capacities(
    children: Children,
    world: World,
    scenario: Path,
    capture: Path,
    out: Path,
    probe: str,
    knobs: dict[str, str],
    plots: bool,
) -> list[ReleaseCapacity]:
    """Each release's capacity with the model slowed (``replay.demo.capacity``), probe by probe on the terminal."""
    click.echo(f"\nsearching each release's capacity with {scenario}'s [load] search, probes of {probe}:")
    model = start_deployment(children)
    base = pipeline.load(scenario)
    calm, names = quiet(base), [f.name for f in base.faults]
    found = []
    for release in RELEASES:
        egress = Egress.of(names, model.url, world.search_url)
        staging = start_release(children, release, egress, knobs)

        def probed(p: Probe, release: str = release) -> None:
            held = "every gate held" if p.passed else f"{p.broke} broke"
            click.echo(f"  {release:<11} probe {p.rate:g} requests/s: {held} ({p.sent:,} sent)")

        loaded = pipeline.load(scenario, staging.url, [*search_sets(egress, probe), *calm])
        rep = pipeline.search(loaded, capture, out / release, on_probe=probed, plots=plots)
        staging.stop()
        if rep.doc.capacity is not None:
            found.append(ReleaseCapacity(release, rep.doc.capacity, out / release))
    model.stop()
    return found


def _check_exists(scenario: Path) -> None:
    # a link that loops is there: its reader says it loops, not "no such file; ... pass --scenario"
    if not scenario.is_symlink() and not scenario.exists():
        raise BadInput(f"--scenario {scenario}: no such file; run from the repository root or pass --scenario")


def _positive_duration(option: str, text: str) -> None:
    """BadInput naming ``option`` unless ``text`` is a duration over 0 s and within a scenario's bound."""
    try:
        seconds = parse_duration(text)
    except ValueError:
        seconds = 0.0
    if not 0 < seconds <= MAX_DURATION_DAYS * 86400:
        raise BadInput(
            f"{option} {text!r}: not a duration over 0 s and up to {MAX_DURATION_DAYS} days; write e.g. 15s or 500ms"
        )


def _check_capacity(scenario: Path, probe: str) -> None:
    """The capacity step's inputs, checked before the world starts."""
    _check_exists(scenario)
    pipeline.check(pipeline.load(scenario, None, [f"load.search.duration={probe}"]), search=True)


def _check_rehearsal(scenario: Path, step: str) -> None:
    """The rehearsal's inputs, checked before the world starts (not after the capture, minutes later)."""
    _check_exists(scenario)
    loaded = pipeline.load(scenario)
    if not loaded.faults:  # said as "--set faults.0.upstream: the file has no faults list", a --set no one typed
        raise BadInput(
            f"--scenario {scenario}: has no [[faults]] entry, which the demo points at its model; add one, as "
            "scenarios/demo.toml has"
        )
    steps = len(loaded.load.steps)
    # each proxy's upstream as the rehearsal sets it: a scenario without [[faults]] failed only after the capture
    fault = [f"faults.{i}.upstream=http://127.0.0.1:9" for i in range(len(loaded.faults))]
    pipeline.check(pipeline.load(scenario, None, [*(f"load.steps.{i}.duration={step}" for i in range(steps)), *fault]))


def _check_count(count: int, rate: float, duration: float, seed: int) -> None:
    """BadInput for a --count too small to rehearse or search from: both sample the capture by prompt family and
    synthesise a family it lacks from its typical prompts only, which the population sends only from
    ``first_count(TYPICAL)`` requests on. Why: '--count 5' failed after the world's capture, "cannot synthesise
    stratum 'typical' ... capture more traffic", naming no option; so did a large --count whose --rate and
    --duration sent too few of its requests (the arrivals are seeded: told before they are sent)."""
    least = first_count(TYPICAL)
    if count < least:
        raise BadInput(
            f"--count {count}: too few requests to rehearse or search from: the capture would hold no typical prompt, "
            f"from which the rehearsal makes the prompt families it lacks (the population sends one from {least} "
            f"requests on); give --count {least} or more (or --no-rehearse --no-capacity)"
        )
    first = next(i for i, family in enumerate(families_of(count, seed)) if family in TYPICAL)
    at = arrivals(count, rate, seed)
    if at[first] > duration:
        sent = bisect.bisect_right(at, duration)
        raise BadInput(
            f"--rate {rate:g} and --duration {duration:g}: send {sent:,} of the --count {count:,} requests, no "
            "typical prompt among them, from which the rehearsal makes the prompt families it lacks; give "
            f"--duration {math.ceil(at[first]):g} or more, or a higher --rate (or --no-rehearse --no-capacity)"
        )


def _check_fresh(out: Path) -> None:
    """BadInput when ``out`` holds an earlier demo: the capture was appended to (a second demo's 'captured 20
    exchanges' beside a file of 40, the rehearsal sampling both), and the rehearsal found its run directory
    taken only after the capture ('already holds a run')."""
    left = [name for name in (CAPTURE, SUMMARY, "rehearsal", "capacity") if (out / name).exists()]
    if left:
        raise BadInput(f"--out {out}: already holds a demo ({', '.join(left)}); give another --out, or remove that one")


def _knobs(sets: tuple[str, ...]) -> dict[str, str]:
    """``--set KEY=VALUE`` items as assistant overrides, checked now (BadInput naming the knob)."""
    knobs = {}
    for item in sets:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise BadInput(f"--set {item!r}: expected KEY=VALUE, e.g. --set api=anthropic")
        knobs[key.strip()] = value
    try:
        load_config(AssistantConfig, release_path("candidate"), overrides=knobs)
    except BadInput as e:
        raise BadInput(f"--set: {str(e).split(': ', 1)[-1]}") from None
    return knobs


def _rehearse_candidate(world: World, scenario: Path, capture: Path, out: Path, step: str, plots: bool) -> str:
    """``replay rehearse`` of the world's candidate as staging (``start_world``'s ``faults``), each dependency the
    scenario faults behind its fault proxy: the model API (its fallback model's too when on the same API), the
    search and the fallback model on the other provider's API (``Egress``)."""
    loaded = pipeline.load(scenario)
    assert world.egress is not None, "the world's candidate is no staging"
    staging = world.candidate
    steps = len(loaded.load.steps)
    sets = world.egress.sets()
    sets += [f"load.steps.{i}.duration={step}" for i in range(steps)]
    click.echo(f"\nrehearsing the candidate release ({staging.url}) with {scenario}, {steps} steps of {step}:")
    staged = pipeline.load(scenario, staging.url, sets)
    rehearsal = rehearse_printing(staged, capture, out, None, pipeline.Launch(), plots=plots)
    print_summary(rehearsal.doc, rehearsal.out)
    code = rehearsal.exit_code
    if code == 0:
        return "verdict: the candidate passed every gate"
    if code == 1:
        return "verdict: the candidate fails its gates: do not ship it (see the report for why)"
    raise AssertionError(f"a report exits 0 or 1, not {code}")
