"""The capacity search: the bisection's arithmetic without load, then a real search against a loopback
service of known capacity (a semaphore of 4 slots, 400 ms each: 10 requests/s)."""

from __future__ import annotations

import math
from pathlib import Path

import orjson
import pytest
from jsonschema import Draft202012Validator

from replay import pipeline
from replay.config.scenario import SearchConfig, load_scenario, parse_scenario, probe_scenario
from replay.errors import BadInput
from replay.exchange.format import Body, Exchange, Request, Response, Timings
from replay.exchange.write import CaptureWriter
from replay.judge.capacity import Probe, answer, next_rate, write_capacity
from replay.judge.gates import moves_with_load, parse_gate
from replay.report import SCHEMA_PATH
from replay.runner import rundir
from tests.conftest import replay_here
from tests.report.rundir import Row, write_run
from tests.runner.conftest import ROOT, Target

SLOTS, SERVICE_MS = 4, 400
CAPACITY = SLOTS * 1000 / SERVICE_MS  # 10 requests/s
SCENARIO = """
name = "capacity"
[load]
search = {{ start = {start}, max = {max}, duration = "{duration}" }}
[target]
base_url = "http://127.0.0.1:9"
allow_hosts = ["127.0.0.1"]
[client]
total_timeout = "20s"
[gates]
"p99" = "< 1s"                     # service 400 ms; a queue past capacity grows with every second
"rate(error|timeout)" = "< 1%"
"""


def _search(capacity: float, cfg: SearchConfig) -> list[Probe]:
    probes: list[Probe] = []
    while (rate := next_rate(probes, cfg)) is not None:
        probes.append(Probe(rate, rate <= capacity, None if rate <= capacity else "p99 < 1s"))
    return probes


@pytest.mark.parametrize("capacity", [1.0, 3.0, 20.0, 37.0, 150.0, 500.0])
def test_the_bracket_holds_the_capacity_within_ten_percent(capacity: float) -> None:
    cfg = SearchConfig(start=2, max=200)
    probes = _search(capacity, cfg)
    lo, hi = answer(probes, cfg).bracket
    if capacity >= 200:
        assert (lo, hi) == (200, None)
        return
    assert lo is not None and hi is not None and lo <= capacity < hi <= lo * 1.1
    # A linear sweep at the same resolution, even told the step (10% of the answer) in advance: every
    # rate from start up to the capacity, then the one that fails.
    linear = math.floor((capacity - cfg.start) / (0.1 * capacity)) + 2 if capacity >= cfg.start else 2
    assert len(probes) <= max(linear, 5)


def test_a_report_made_later_shows_the_search_kept_beside_the_run(tmp_path: Path) -> None:
    """``replay report RUN`` on a rehearsal that searched (``after_steps``) shows the capacity the
    rehearsal's report showed: the answer is kept in capacity.json, with a format and version."""
    run = write_run(tmp_path / "run", [Row() for _ in range(5)], '[gates]\np99 = "< 1s"\n')
    cfg = SearchConfig(start=2, max=200)
    found = answer(_search(37.0, cfg), cfg)
    found.faults = "model=errors-all"
    write_capacity(run, found)
    kept = orjson.loads((run / rundir.CAPACITY).read_bytes())
    assert (kept["format"], kept["version"]) == ("replay-capacity", 1)
    again = pipeline.report(pipeline.judge(run), out=tmp_path / "again", html=False)
    assert again.doc.capacity == found and again.data["capacity"] == found.to_json()
    (run / rundir.CAPACITY).write_bytes(orjson.dumps(kept | {"version": 99}))
    with pytest.raises(BadInput, match=r"capacity\.json: not a capacity search this replay reads .*version 99"):
        pipeline.report(pipeline.judge(run), out=tmp_path / "again", html=False)


def test_until_load_counts_only_gates_that_move_with_load() -> None:
    moving = {"p99": "< 2s", "ttft_p90": "< 1s", "rate(timeout|error)": "< 1%", "availability": "> 99%"}
    moving |= {"retry_amplification": "< 1.5", "stalls": "< 1%"}
    still = {"rate(drift)": "< 5%", "rate(refusal)": "< 2%", "goodput": "> 80%", "cost_per_1k": "< $1"}
    assert all(moves_with_load(parse_gate(k, t)) for k, t in moving.items())
    assert not any(moves_with_load(parse_gate(k, t)) for k, t in still.items())
    search = parse_scenario('[load]\nsearch = { until = "load" }\n').load.search
    assert search is not None and search.until == "load"


def test_a_search_needs_gates_and_a_sane_range(tmp_path: Path) -> None:
    with pytest.raises(BadInput, match=r"search\.start"):
        parse_scenario("[load]\nsearch = { start = 10, max = 5 }\n")
    s = parse_scenario("[load]\nsearch = { start = 1, max = 5 }\n")
    with pytest.raises(BadInput, match="needs gates"):
        pipeline.search(s, tmp_path / "none.jsonl", tmp_path / "out")
    steps = '[[load.steps]]\nrate = 1\nduration = 5\n[[load.steps]]\nrate = 2\nduration = 5\n[gates]\np99 = "< 2s"\n'
    past = parse_scenario(f"[load]\nsearch = {{ fault_step = 2 }}\n{steps}")  # steps 0 and 1: past them, in silence
    with pytest.raises(BadInput, match=r"load\.search\.fault_step: 2, but the load has 2 steps: .* from 0 to 1"):
        pipeline.search(past, tmp_path / "none.jsonl", tmp_path / "out")


def test_a_probe_is_the_scenario_as_one_step_and_says_so() -> None:
    colon = 'gates."p99{step: 1}"="< 9s"'  # the gates read "step: 1" as "step=1"
    scenario = load_scenario(ROOT / "scenarios/fallback.toml", ["load.steps.0.rate=9", colon])
    assert scenario.load.search is not None and scenario.load.search.after_steps
    probe = probe_scenario(scenario, 4.5, {0: ("http://127.0.0.1:9999", "secret")})
    assert (probe.load.rate, probe.load.duration, probe.load.steps) == (4.5, 30.0, [])
    assert probe.load.search is not None and not probe.load.search.after_steps  # a probe does not search again
    assert "rate(fallback){step=2}" not in probe.gates and probe.gates["rate(fallback)"] == "< 5%"
    assert not any("step" in key for key in probe.gates)
    (fault,) = probe.faults
    assert (fault.steps, fault.upstream, fault.control) == (["errors-all"], "", "http://127.0.0.1:9999")
    assert fault.control_token == "secret" and "secret" not in probe.source  # the token stays in memory
    again = parse_scenario(probe.source, "probe.toml")  # its copy in the probe's run reads back the same
    assert (again.load.rate, again.gates, again.faults[0].steps) == (4.5, probe.gates, ["errors-all"])


def test_a_probe_names_the_target_as_it_was_given() -> None:
    """A probe re-reads the scenario with its own --set overrides: a refusal of its target named
    '--set target.base_url' where the user typed --target."""
    from replay.runner.prepare import check_target

    scenario = pipeline.load(ROOT / "scenarios/smoke.toml", "http://127.0.0.1:9", ['target.allow_hosts=["x"]'])
    probe = probe_scenario(scenario, 2.0)
    with pytest.raises(BadInput, match=r"smoke\.toml: --target: host 127\.0\.0\.1 is not in"):
        check_target(probe)


def _capture(path: Path) -> Path:
    writer = CaptureWriter(path)
    for i in range(40):
        body = Body.from_bytes(orjson.dumps({"ok": True, "path": "/capacity"}))
        resp = Response(200, [("content-type", "application/json"), ("x-model-version", "m-1")], body)
        req = Request("GET", f"https://prod.example.com/capacity?i={i}", [], None)
        writer.write(Exchange(f"e{i}", req, Timings(1000.0 + i), resp))
    writer.close()
    return path


@pytest.mark.e2e
def test_search_finds_a_known_capacity(tmp_path: Path, start_target) -> None:  # type: ignore[no-untyped-def]
    target: Target = start_target("--slots", str(SLOTS), "--service-ms", str(SERVICE_MS))
    scenario = tmp_path / "s.toml"
    # From 7/s the ramp's second probe (14/s) breaks: 5 probes (7, 14, 9.9, 11.77, 12.84 here). From 5/s the
    # search took 6, one of them at 20/s, whose queue took longest to drain.
    scenario.write_text(SCENARIO.format(start=7, max=100, duration="3s"), encoding="utf-8")
    out = tmp_path / "search"
    cap = str(_capture(tmp_path / "cap.jsonl"))
    # In this process: what is checked is what the command wrote and said; each probe's runner is a real process.
    proc = replay_here(
        "rehearse", str(scenario), "--capture", cap, "--target", target.url, "--out", str(out), "--search", "--no-plots"
    )
    assert proc.returncode == 0, proc.stderr
    report = orjson.loads((out / "report.json").read_bytes())
    Draft202012Validator(orjson.loads(SCHEMA_PATH.read_bytes())).validate(report)
    found = report["capacity"]
    lo, hi = found["bracket"]
    # Under 10/s nothing queues; past it the queue grows by (rate - 10) a second, and 3 s probes see
    # p99 over 1 s from about 10 + 600 ms x 10 / 3 s = 12/s: the bracket must sit around there (600 ms of
    # slack for a busy machine below capacity).
    assert 0.8 * CAPACITY <= lo <= 1.25 * CAPACITY and hi <= lo * 1.1 + 0.01 and hi <= 1.4 * CAPACITY
    assert found["broke"] == "p99 < 1s" and "p99" in found["why"]
    assert len(found["probes"]) < 10  # a linear sweep to 10/s in 10% steps takes 10 or more
    assert "capacity" in proc.stdout and f"probe {found['probes'][0]['rate']:g} requests/s" in proc.stdout
    assert "Capacity" in (out / "report.html").read_text(encoding="utf-8")


@pytest.mark.e2e
def test_search_with_repeats_pools_each_probe(tmp_path: Path, start_target) -> None:  # type: ignore[no-untyped-def]
    target: Target = start_target("--slots", str(SLOTS), "--service-ms", str(SERVICE_MS))
    scenario = tmp_path / "s.toml"
    scenario.write_text(SCENARIO.format(start=2, max=4, duration="1s"), encoding="utf-8")
    out = tmp_path / "search"
    capture = _capture(tmp_path / "cap.jsonl")  # the report's plots are not what is checked here
    rep = pipeline.search(pipeline.load(scenario, target.url), capture, out, repeat=2, plots=False)
    assert rep.exit_code == 0
    found = orjson.loads((out / "report.json").read_bytes())["capacity"]
    assert found["bracket"] == [4, None] and [p["rate"] for p in found["probes"]] == [2, 4]
    assert [p["sent"] for p in found["probes"]] == [4, 8]  # each probe's plan twice
    assert (out / "probe-2" / "repeat-2" / "run.json").exists()
    # A probe's copy of the scenario is the probe: its own report judges it again, with the same verdict.
    runs = [out / "probe-2" / f"repeat-{k}" for k in (1, 2)]
    again = pipeline.report(pipeline.judge(runs), out=tmp_path / "again", html=False)
    assert again.exit_code == 0 and again.data["totals"]["sent"] == 8
