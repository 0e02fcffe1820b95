from __future__ import annotations

from pathlib import Path

import pytest

from replay.config.loader import parse_duration
from replay.config.scenario import LoadConfig, SampleConfig, Scenario, load_scenario, parse_scenario
from replay.errors import BadInput
from replay.testing.synth import write_capture
from tests.conftest import assert_bad_input, replay_here

ROOT = Path(__file__).resolve().parents[2]


def bad(text: str) -> str:
    with pytest.raises(BadInput) as e:
        parse_scenario(text, "scen.toml")
    msg = str(e.value)
    assert "\n" not in msg
    assert msg.startswith("scen.toml: ")
    return msg


def test_empty_scenario_has_named_defaults() -> None:
    s = parse_scenario("", "empty.toml")
    assert s.sample == SampleConfig()
    assert s.sample.target == "production" and s.sample.stratify == ["family"] and s.sample.rows == 1000
    assert s.load == LoadConfig() and s.load.mode == "captured" and not s.load.closed
    assert s.path == Path("empty.toml") and len(s.digest or "") == 64


@pytest.mark.parametrize("text", ["", "\n  \n", "# the gates, once we know them\n\n# [target]\n", "\ufeff\r\n"])
def test_a_scenario_file_with_no_key_is_refused(tmp_path: Path, text: str) -> None:
    """A scenario file with nothing in it (blank, comments, a BOM) names no target, load or gates: every command that
    reads one refuses it in one line, exit 2, where it ran on the defaults without a word; with --target too (the
    file still says nothing). Text handed in by the code (``parse_scenario("")``) is the defaults, as before."""
    path = tmp_path / "s.toml"
    path.write_text(text, encoding="utf-8")
    write_capture(tmp_path / "c.jsonl", 20, seed=1)  # one 'replay sample' drew from, on the defaults
    why = f"{path}: holds no keys (empty, or only comments): a scenario names its target, load and gates"
    plan = tmp_path / "p.plan"
    for args in (
        ["sample", str(tmp_path / "c.jsonl"), "--scenario", str(path), "--out", str(plan)],
        ["run", str(path), "--plan", str(plan), "--target", "http://127.0.0.1:9"],
        ["rehearse", str(path), "--capture", str(tmp_path / "c.jsonl")],
    ):
        assert_bad_input(replay_here(*args), why)
    assert not plan.exists()
    assert parse_scenario(text, "s.toml").sample == SampleConfig()


def test_example_scenario_loads() -> None:
    s = load_scenario(ROOT / "scenarios" / "sample-example.toml")
    assert s.sample.target == {
        "typical": 0.40,
        "long": 0.15,
        "multilingual": 0.15,
        "noisy": 0.10,
        "injection": 0.10,
        "multi-turn": 0.10,
    }
    assert s.sample.synthesize and s.sample.perturb.share == 0.05
    assert [(st.rate, st.duration) for st in s.load.steps] == [(5, 60.0), (20, 60.0), (50, 60.0)]
    assert s.load.mode == "steps"


@pytest.mark.parametrize(
    ("text", "seconds"), [("30", 30.0), ("30s", 30.0), ("2m", 120.0), ("1h30m", 5400.0), ("250ms", 0.25), ("1.5s", 1.5)]
)
def test_durations(text: str, seconds: float) -> None:
    assert parse_duration(text) == seconds


def test_duration_number_or_string_in_steps() -> None:
    s = parse_scenario("[[load.steps]]\nrate = 2\nduration = 90\n[[load.steps]]\nrate = 3\nduration = '1m'\n", "x")
    assert [st.duration for st in s.load.steps] == [90.0, 60.0]


def test_unknown_key_suggests_the_close_one() -> None:
    msg = bad("[sample]\nsise = 10\n")
    assert "sample.sise: unknown key; did you mean 'size'?" in msg


def test_unknown_section() -> None:
    assert "frobnicate: unknown key" in bad("[frobnicate]\nx = 1\n")


def test_wrong_type_names_key_and_reason() -> None:
    assert "sample.size: expected an integer, got string '10'" in bad("[sample]\nsize = '10'\n")
    assert "sample.synthesize: expected true or false, got integer 1" in bad("[sample]\nsynthesize = 1\n")


def test_wrong_type_inside_a_list_of_tables() -> None:
    msg = bad("[[load.steps]]\nrate = 1\nduration = 5\n[[load.steps]]\nrate = 'fast'\nduration = 5\n")
    assert "load.steps[1].rate: expected a number, got string 'fast'" in msg


def test_wrong_type_inside_target_table() -> None:
    assert "sample.target.long: expected a number, got string" in bad("[sample]\ntarget = {long = 'x'}\n")


def test_target_word_other_than_production() -> None:
    assert "sample.target" in bad("[sample]\ntarget = 'prod'\n")


def test_share_outside_range() -> None:
    assert "sample.target.long: share 1.5 is outside 0..1" in bad("[sample]\ntarget = {long = 1.5}\n")


def test_shares_must_sum_to_one() -> None:
    msg = bad("[sample]\ntarget = {long = 0.3, typical = 0.5}\n")
    assert "sample.target: shares sum to 0.8, not 1" in msg


def test_unknown_stratum_column() -> None:
    msg = bad("[sample]\nstratify = ['family', 'colour']\n")
    assert "sample.stratify: unknown column 'colour'" in msg and "endpoint" in msg


def test_bad_prompt_path_and_session_key() -> None:
    assert "sample.prompt_path" in bad("[sample]\nprompt_path = 'messages[?'\n")
    assert "sample.session_key" in bad("[sample]\nsession_key = 'cookie'\n")


def test_unknown_perturbation() -> None:
    assert "sample.perturb.ops: unknown perturbation 'blur'" in bad("[sample.perturb]\nshare = 0.1\nops = ['blur']\n")


def test_step_needs_exactly_one_of_rate_and_users() -> None:
    assert "load.steps[0].rate: give exactly one" in bad("[[load.steps]]\nrate = 1\nusers = 2\nduration = 5\n")
    assert "load.steps[0].duration: missing" in bad("[[load.steps]]\nrate = 1\n")


def test_steps_use_one_model() -> None:
    msg = bad("[[load.steps]]\nrate = 1\nduration = 5\n[[load.steps]]\nusers = 2\nduration = 5\n")
    assert "load.steps: mixes rate steps and users steps" in msg


def test_bad_duration_and_conflicts() -> None:
    assert "load.steps[0].duration: 'soon' is not a duration" in bad("[[load.steps]]\nrate=1\nduration='soon'\n")
    assert "load.speed" in bad("[load]\nspeed = 2\nrate = 5\n")
    assert "load.speed: 0.0; give a factor from 0.001" in bad("[load]\nspeed = 0.0\n")


def test_invalid_toml_and_missing_file(tmp_path: Path) -> None:
    assert "not valid TOML" in bad("[sample\n")
    with pytest.raises(BadInput, match="no such scenario file"):
        load_scenario(tmp_path / "nope.toml")


def test_error_helper_names_the_file() -> None:
    s = parse_scenario("", "scenarios/x.toml")
    assert str(s.error("sample.target", "bad")) == "scenarios/x.toml: sample.target: bad"
    assert Scenario().error("k", "r").args[0] == "scenario: k: r"


def test_an_empty_list_of_perturbations_is_refused(tmp_path: Path) -> None:
    """Left out, ops means every perturbation: not what an empty list says. (An empty list of steps
    means captured timing or a rate, as a capacity probe's --set load.steps=[] asks, and is read.)"""
    msg = bad("[sample.perturb]\nshare = 0.1\nops = []\n")
    assert "sample.perturb.ops: an empty list; name perturbations to use, or leave ops out" in msg
    assert parse_scenario("[load]\nsteps = []\nrate = 2\n", "s.toml").load.mode == "rate"
    scenario = tmp_path / "s.toml"
    scenario.write_text("[sample.perturb]\nops = []\n", encoding="utf-8")
    got = replay_here("sample", str(tmp_path / "c.jsonl"), "-s", str(scenario))
    assert_bad_input(got, "s.toml: sample.perturb.ops: an empty list")
