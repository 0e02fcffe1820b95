from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import orjson
import pytest

from replay.config.scenario import parse_scenario
from replay.errors import BadInput
from replay.exchange.format import Body
from replay.exchange.read import read_exchanges
from replay.exchange.write import CaptureWriter
from replay.shape.families import FAMILIES, classify
from replay.shape.features import read_features, shape_of
from replay.shape.plan import iter_requests, load_plan
from replay.shape.sample import make_plan
from replay.testing.synth import write_capture
from tests.conftest import assert_bad_input, replay_here
from tests.shape.conftest import scenario_file


def plan_for(capture: Path, toml: str):
    return make_plan(capture, parse_scenario(toml, "test.toml"))


def shares(plan, name: str = "family") -> dict[str, float]:
    c = Counter(plan.labels(name).tolist())
    return {k: v / len(plan) for k, v in c.items()}


def sent_prompt(body: bytes | None) -> str:
    obj = orjson.loads(body or b"{}")
    return obj["messages"][-1]["content"] if "messages" in obj else obj["query"]


def test_target_met_within_a_point(capture: Path) -> None:
    plan = plan_for(
        capture, "[sample]\nsize = 5000\nseed = 3\ntarget = {long = 0.3, multilingual = 0.2, typical = 0.5}\n"
    )
    got = shares(plan)
    assert len(plan) == 5000
    for fam, want in {"long": 0.3, "multilingual": 0.2, "typical": 0.5}.items():
        assert abs(got[fam] - want) <= 0.01
    h = plan.header
    assert h.tv_distance <= 0.01 and h.achieved == {"long": 0.3, "multilingual": 0.2, "typical": 0.5}
    long = next(s for s in h.strata if s.stratum == "long")
    assert long.available < 1500 and long.replaced == 1500 - long.available
    assert any("'long' is short" in n and "with replacement" in n for n in h.notes)
    origin = Counter(plan.labels("origin").tolist())
    assert origin["replacement"] == long.replaced + next(s for s in h.strata if s.stratum == "multilingual").replaced
    # Without replacement where a stratum has enough: typical rows are all distinct records.
    typical = plan["record"][plan.labels("family") == "typical"]
    assert len(np.unique(typical)) == len(typical)


def test_production_target_keeps_the_mix(capture: Path) -> None:
    plan = plan_for(capture, "[sample]\nsize = 3000\n")
    feats = read_features(capture)
    prod = Counter(FAMILIES[f] for f in feats.family)
    for fam, c in prod.items():
        assert abs(shares(plan).get(fam, 0) - c / len(feats)) < 0.001
    assert plan.header.target_source == "production"


def test_missing_family_is_synthesised_when_allowed(capture_no_injection: Path) -> None:
    toml = "[sample]\nsize = 2000\nsynthesize = {s}\ntarget = {{typical = 0.7, injection = 0.2, contradictory = 0.1}}\n"
    plan = plan_for(capture_no_injection, toml.format(s="true"))
    got = shares(plan)
    assert got == {"typical": 0.7, "injection": 0.2, "contradictory": 0.1}
    synth = plan.labels("origin") == "synthesized"
    assert synth.sum() == 600
    assert set(plan.labels("perturbation")[synth]) == {"injection", "contradiction"}
    assert any("'injection': 400 rows synthesised" in n for n in plan.header.notes)
    rep = {s.stratum: s for s in plan.header.strata}
    assert rep["injection"].synthesized == 400 and rep["injection"].available == 0
    # The requests as sent carry the perturbation, and are classified as the family they fill.
    plan.header.capture.path = str(capture_no_injection)
    reqs = [r for r in iter_requests(plan) if r.perturbation != "none"]
    assert Counter(classify([sent_prompt(r.body) for r in reqs])) == Counter(r.family for r in reqs)
    with pytest.raises(BadInput, match=r"stratum '(injection|contradictory)' has no records.*synthesize = true"):
        plan_for(capture_no_injection, toml.format(s="false"))


def test_a_family_nothing_can_make_says_how_to_fix(tmp_path: Path) -> None:
    """No perturbation makes typical prompts, so a capture without any cannot fill a 'typical' quota."""
    path = tmp_path / "no-typical.jsonl"
    write_capture(path, 300, seed=5, mix={"long": 0.5, "code": 0.5})
    toml = "[sample]\nsize = 100\nsynthesize = true\ntarget = {long = 0.5, typical = 0.5}\n"
    with pytest.raises(BadInput, match=r"stratum 'typical'.*capture more traffic.*from sample.target"):
        plan_for(path, toml)


def test_short_stratum_topped_up_by_synthesis(capture: Path) -> None:
    plan = plan_for(capture, "[sample]\nsize = 4000\nsynthesize = true\ntarget = {typical = 0.5, injection = 0.5}\n")
    rep = {s.stratum: s for s in plan.header.strata}
    inj = rep["injection"]
    assert inj.replaced == 0 and inj.synthesized == 2000 - inj.available
    assert shares(plan)["injection"] == pytest.approx(0.5, abs=0.01)


def test_perturbed_share_is_recorded_and_reclassified(capture: Path) -> None:
    toml = "[sample]\nsize = 2000\nseed = 9\n[sample.perturb]\nshare = 0.25\nops = ['injection', 'typos']\n"
    plan = plan_for(capture, toml)
    pert = plan.labels("perturbation")
    eligible = (plan.labels("family") != "none").sum()
    assert abs((pert != "none").sum() - 0.25 * 2000) < 0.25 * (2000 - eligible) + 2
    assert set(pert) == {"none", "injection", "typos"}
    assert (plan.labels("family")[pert == "injection"] == "injection").all()
    assert (plan.labels("origin")[pert != "none"] == "perturbed").all()
    assert plan.header.tv_distance > 0.05  # injected rows moved away from the production mix


def test_target_from_a_shape_only_capture(tmp_path: Path, capture: Path) -> None:
    prod = tmp_path / "prod.jsonl"
    write_capture(prod, 1500, seed=4, mix={"typical": 0.6, "long": 0.25, "code": 0.15})
    shape = tmp_path / "prod-shape.jsonl"
    with CaptureWriter(shape) as w:
        for ex in read_exchanges(prod):
            w.write(shape_of(ex))  # type: ignore[arg-type]
    want = Counter(FAMILIES[f] for f in read_features(shape).family)
    plan = plan_for(capture, f"[sample]\nsize = 3000\ntarget_from = '{shape}'\n")
    got = shares(plan)
    for fam, c in want.items():
        assert abs(got[fam] - c / 1500) <= 0.001
    assert plan.header.target_source == str(shape)
    with pytest.raises(BadInput, match="shape-only capture has no requests"):
        plan_for(shape, "")


def test_multi_column_strata(capture: Path) -> None:
    toml = '[sample]\nsize = 1000\nstratify = ["family", "stream"]\n'
    toml += 'target = {"typical | true" = 0.6, "code|false" = 0.4}\n'
    plan = plan_for(capture, toml)
    assert plan.header.achieved == {"typical | true": 0.6, "code | false": 0.4}
    with pytest.raises(BadInput, match="'maybe' is not a stream"):
        plan_for(capture, '[sample]\nstratify = ["family", "stream"]\ntarget = {"typical|maybe" = 1.0}\n')
    with pytest.raises(BadInput, match="2 values for 1 columns"):
        plan_for(capture, '[sample]\ntarget = {"typical|true" = 1.0}\n')


def _agents(tmp_path: Path, agent: set[int]) -> Path:
    """A capture of 80 typical chats, those of ``agent`` offering a tool (an agent's calls)."""
    write_capture(synth := tmp_path / "synth.jsonl", 80, seed=3, mix={"typical": 1.0})
    exchanges = list(read_exchanges(synth))
    tool = {"type": "function", "function": {"name": "lookup_order", "parameters": {"type": "object"}}}
    for i in agent:
        body = exchanges[i].request.body
        assert body is not None and body.text is not None
        exchanges[i].request.body = Body.from_bytes(orjson.dumps(orjson.loads(body.text) | {"tools": [tool]}))
    with CaptureWriter(cap := tmp_path / f"cap-{len(agent)}.jsonl") as w:
        for ex in exchanges:
            w.write(ex)
    return cap


def test_an_agent_s_calls_are_a_stratum_of_their_own_by_the_tools_they_offer(tmp_path: Path) -> None:
    """A request that offers tools (an agent's call) drew with the plain chats of its family; stratified by
    ``tools`` as by endpoint or model, the plan keeps their mix, or draws them alone."""
    cap = _agents(tmp_path, agent := set(range(0, 80, 4)))
    plan = plan_for(cap, '[sample]\nsize = 400\nstratify = ["family", "tools"]\n')
    assert plan.header.achieved == {"typical | false": 0.75, "typical | true": 0.25}
    assert not [note for note in plan.header.notes if "tools" in note]
    plan = plan_for(cap, '[sample]\nsize = 100\nstratify = ["family", "tools"]\ntarget = {"typical | true" = 1.0}\n')
    assert {int(r) for r in plan["record"]} == agent


def test_a_capture_of_agent_calls_sampled_without_the_tools_column_is_told_the_key_to_add(tmp_path: Path) -> None:
    """The default stratify leaves ``tools`` out (adding it would change every default plan): over 5% of the
    requests offering tools, the plan's notes (which ``replay sample`` prints) name the key that keeps their share."""
    told = (
        "25.0% of the requests drawn from offer the model tools (an agent's calls), drawn with the plain chats of "
        'their stratum; [sample] stratify = ["family", "endpoint", "tools"] keeps their share'
    )
    cap = _agents(tmp_path, set(range(0, 80, 4)))
    plan = plan_for(cap, '[sample]\nsize = 50\nstratify = ["family", "endpoint"]\n')
    assert [note for note in plan.header.notes if "tools" in note] == [told]
    assert any('stratify = ["family", "tools"] keeps' in note for note in plan_for(cap, "").header.notes)  # default
    few = plan_for(_agents(tmp_path, {0, 20, 40, 60}), "[sample]\nsize = 50\n")  # 5%: not over
    assert not [note for note in few.header.notes if "tools" in note]


def test_sessions_stay_whole_and_in_order(capture: Path) -> None:
    toml = "[sample]\nsize = 1500\nsession_key = 'header:x-session-id'\n[load]\nrate = 50.0\n"
    plan = plan_for(capture, toml)
    feats = read_features(capture, session_key="header:x-session-id")
    sess, rec = plan["session"], plan["record"]
    assert (sess >= 0).all()
    for s in np.unique(sess)[:200]:
        rows = rec[sess == s]
        members = np.flatnonzero(feats.session == s)
        assert np.all(np.diff(feats.start[rows]) >= 0)  # captured order inside the session
        k = len(np.unique(rows))
        assert set(rows[:k].tolist()) <= set(members.tolist())
    assert np.all(np.diff(plan["offset"]) >= 0)


def test_steps_drive_the_row_count_and_offsets(capture: Path) -> None:
    toml = "[sample]\nsize = 10\n[[load.steps]]\nrate = 10\nduration = '3s'\n[[load.steps]]\nrate = 40\nduration = 2\n"
    plan = plan_for(capture, toml)
    assert len(plan) == 110
    assert np.array_equal(plan["offset"], np.concatenate([np.arange(30) / 10, 3 + np.arange(80) / 40]))
    assert plan["step"].tolist() == [0] * 30 + [1] * 80
    assert any("load steps plan 110 requests" in n for n in plan.header.notes)


def test_captured_timing_keeps_captured_order(capture: Path) -> None:
    plan = plan_for(capture, "[sample]\nsize = 6000\n[load]\nspeed = 2.0\n")
    feats = read_features(capture)
    assert plan["record"].tolist() == list(range(6000))  # the whole capture, in order
    assert np.allclose(plan["offset"], (feats.start - feats.start[0]) / 2.0)


def test_cli_same_seed_same_bytes_other_seed_other_plan(tmp_path: Path, capture: Path) -> None:
    scen = scenario_file(tmp_path, "[sample]\nsize = 3000\nsynthesize = true\n[sample.perturb]\nshare = 0.1\n")
    outs = [tmp_path / f"p{i}.plan" for i in range(3)]
    for out, seed in zip(outs, ("5", "5", "6"), strict=True):
        proc = replay_here("sample", str(capture), "--scenario", str(scen), "--out", str(out), "--seed", seed)
        assert proc.returncode == 0, proc.stderr
    assert outs[0].read_bytes() == outs[1].read_bytes()
    assert outs[0].read_bytes() != outs[2].read_bytes()
    assert "Target vs achieved" in proc.stdout and "total variation distance" in proc.stdout
    assert "wrote" in proc.stdout and "3,000 rows" in proc.stdout
    assert load_plan(outs[2]).header.seed == 6


def test_cli_overrides(tmp_path: Path, capture: Path) -> None:
    out = tmp_path / "o.plan"
    proc = replay_here("sample", str(capture), "--out", str(out), "--size", "200", "--rate", "20")
    assert proc.returncode == 0, proc.stderr
    plan = load_plan(out)
    assert len(plan) == 200 and plan.header.scenario.path is None
    assert (plan.header.load.mode, plan.header.load.arrival) == ("rate", "poisson")


def test_uniform_rate_25_per_s_for_8_s_is_200_rows_evenly_spaced(tmp_path: Path, capture: Path) -> None:
    scen = scenario_file(tmp_path, "[load]\nrate = 25\nduration = '8s'\narrival = 'uniform'\n")
    out = tmp_path / "u.plan"
    proc = replay_here("sample", str(capture), "--scenario", str(scen), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    plan = load_plan(out)
    assert len(plan) == 200 and plan.header.load.arrival == "uniform"
    assert np.array_equal(np.sort(plan["offset"]), np.arange(200) / 25.0)  # 40 ms apart, first at 0
    assert plan.header.load.steps[0].duration == 8.0


@pytest.mark.parametrize(
    ("toml", "needles"),
    [
        ("[sample]\ntarget = {long = 0.5, typical = 0.4}\n", ["s.toml: sample.target: shares sum to 0.9, not 1"]),
        ("[sample]\nstratify = ['flavour']\n", ["s.toml: sample.stratify: unknown column 'flavour'"]),
        ("[sample]\nprompt_path = 'payload.text'\n", ["sample.prompt_path", "'payload.text' matches nothing"]),
        ("[sample]\ntarget = {lng = 1.0}\n", ["sample.target", "'lng' is not a family"]),
        ("[load]\nrate = 5\narrival = 'steady'\n", ["s.toml: load.arrival: string 'steady' is not one of 'uniform'"]),
        ("[[load.steps]]\nrate = 5\nduration = 1\narrival = 'burst'\n", ["load.steps[0].arrival", "'bursty'"]),
        ("[load]\nrate = 5\narrival = 'poisson'\nburst = 3\n", ["load.burst: applies to arrival = 'bursty'"]),
        ("[load]\narrival = 'uniform'\n", ["load.arrival: applies to a rate or rate steps"]),
        ("[[load.steps]]\nusers = 1\nduration = '600h'\n" * 2, ["load: the plan of", "lasts 50 days", "shorten load"]),
    ],
)
def test_cli_bad_scenarios(tmp_path: Path, capture: Path, toml: str, needles: list[str]) -> None:
    scen = scenario_file(tmp_path, toml)
    proc = replay_here("sample", str(capture), "--scenario", str(scen), "--out", str(tmp_path / "x.plan"))
    assert_bad_input(proc, *needles)
    assert not (tmp_path / "x.plan").exists()


def test_cli_bad_captures_and_options(tmp_path: Path, capture: Path) -> None:
    """Bad input leaves nothing behind: not the default plans/ directory either (made for the plan)."""
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    proc = replay_here("sample", str(empty), cwd=tmp_path)
    assert_bad_input(proc, "empty.jsonl: the capture holds no exchanges")
    proc = replay_here("sample", str(tmp_path / "nope.jsonl"), cwd=tmp_path)
    assert_bad_input(proc, "nope.jsonl: no such capture file")
    assert not (tmp_path / "plans").exists()
    assert_bad_input(replay_here("sample", str(capture), "--speed", "2", "--rate", "5"), "--speed and --rate")
    assert_bad_input(replay_here("sample", str(capture), "--size", "0"), "error: --size: 0 rows")


def test_websocket_upgrades_are_left_out_and_said(tmp_path: Path) -> None:
    """A WebSocket's upgrade (status 101) is an exchange of a capture or an import, but replayed without its
    socket it is a plain GET the service refuses: the plan never draws it, and says how many it left."""
    write_capture(synth := tmp_path / "synth.jsonl", 40, seed=2)
    exchanges = list(read_exchanges(synth))
    for ex in exchanges[::4]:
        assert ex.response is not None
        ex.request.method, ex.response.status, ex.request.body, ex.response.body = "GET", 101, None, None
    with CaptureWriter(cap := tmp_path / "cap.jsonl") as w:
        for ex in exchanges:
            w.write(ex)
    plan = plan_for(cap, "[sample]\nsize = 200\nseed = 1\n")
    assert not {int(r) for r in plan["record"]} & set(range(0, 40, 4))
    assert plan.header.notes[0] == (
        "10 WebSocket upgrade(s) left out: replay replays HTTP requests, not WebSocket sessions"
    )
    assert plan.header.retries_left_out is None
    with CaptureWriter(only := tmp_path / "ws.jsonl") as w:
        w.write(exchanges[0])
    with pytest.raises(BadInput, match="nothing to draw: 1 WebSocket upgrade"):
        plan_for(only, "")


def test_requests_cut_at_the_body_cap_are_left_out_and_said(tmp_path: Path) -> None:
    """A request body the capture cut at its --body-cap (an image in a vision request) would go to staging
    broken, and the service's 400 would read as the release's failure: never drawn, and said. So is one its client
    never sent whole (it gave up mid-upload: meta.request_incomplete), which was drawn as a whole one."""
    write_capture(synth := tmp_path / "synth.jsonl", 30, seed=3)
    exchanges = list(read_exchanges(synth))
    for ex in exchanges[:5]:
        assert ex.request.body is not None
        ex.request.body.truncated = True
    for ex in exchanges[5:8]:
        ex.response, ex.error = None, "HTTP/1 protocol error: peer closed connection without sending complete ..."
        ex.meta |= {"client_aborted": True, "request_incomplete": True}
    with CaptureWriter(cap := tmp_path / "cap.jsonl") as w:
        for ex in exchanges:
            w.write(ex)
    plan = plan_for(cap, "[sample]\nsize = 100\nseed = 1\n")
    assert not {int(r) for r in plan["record"]} & set(range(8))
    assert plan.header.notes[0].startswith("8 records left out: their request bodies are not whole in the capture")
    with CaptureWriter(only := tmp_path / "cut.jsonl") as w:
        w.write(exchanges[0])
    with pytest.raises(BadInput, match="cut at its --body-cap"):
        plan_for(only, "")
