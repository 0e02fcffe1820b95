"""``replay.pipeline`` (beside the runner's tests for their loopback target): the stages as plain
functions composed in one process, and the scenario overrides (``--target``, ``--set``) applied in
memory with errors that name the user's file."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest

from replay import pipeline
from replay.errors import BadInput
from replay.runner import open_run
from tests.conftest import replay_here
from tests.runner.conftest import Target, write_inputs

LOAD = "[sample]\nseed = 3\nsize = 12\n[load]\nrate = 40\n"


def test_load_applies_overrides_in_memory(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    path.write_text('[sample]\nsize = 5\n[target]\nbase_url = "http://127.0.0.1:9"\n', encoding="utf-8")
    before = path.read_bytes()
    s = pipeline.load(path, "http://127.0.0.1:8000", ["sample.size=7", "client.max_retries=0"])
    assert (s.sample.size, s.target.base_url, s.client.max_retries) == (7, "http://127.0.0.1:8000", 0)
    assert s.overrides == ("target.base_url=http://127.0.0.1:8000", "sample.size=7", "client.max_retries=0")
    assert "max_retries = 0" in s.source and s.path == path
    assert path.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["s.toml"]  # no copy
    assert s.digest != pipeline.load(path).digest  # a plan sampled without the overrides does not pass for one


@pytest.mark.parametrize(
    ("sets", "words"),
    [
        (["sample.size=abc"], "s.toml: --set sample.size: expected an integer"),
        (["sample.nope=1"], "s.toml: --set sample.nope: unknown key"),
        (["sample.size.x=1"], "s.toml: --set sample.size.x: 'size' is a value, not a table"),
        (["nokey"], "--set 'nokey': write KEY=VALUE"),
    ],
)
def test_bad_override_names_file_and_key(tmp_path: Path, sets: list[str], words: str) -> None:
    path = tmp_path / "s.toml"
    path.write_text("[sample]\nsize = 5\n", encoding="utf-8")
    with pytest.raises(BadInput) as e:
        pipeline.load(path, None, sets)
    assert words in str(e.value)


def test_a_refusal_ok_family_the_plan_lacks_is_warned_of_when_the_plan_is_drawn(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A scenario serves more than one capture: a family absent from this one's plan is no error, but the setting
    judges nothing here, said in one line (one naming no family at all is refused: tests/test_bad_input.py)."""
    extra = '[checks]\nrefusal_ok = ["injection", "code"]\n[checks.endpoints."GET /*"]\nrefusal_ok = ["none"]\n'
    scenario, _ = write_inputs(tmp_path, "http://127.0.0.1:9", [("GET", "/a")], LOAD, extra)
    capsys.readouterr()
    pipeline.sample(tmp_path / "capture.jsonl", pipeline.load(scenario), tmp_path / "again.plan")
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(
        f"replay: warning: {scenario}: checks.refusal_ok[0] = 'injection', checks.refusal_ok[1] = 'code': "
        "the plan has no row of those families, so it judges none here"
    ), err


def test_run_refuses_an_off_allowlist_target_before_any_work(tmp_path: Path, target: Target) -> None:
    scenario, plan = write_inputs(tmp_path, target.url, [("GET", "/ok")] * 4, LOAD)
    proc = replay_here(
        "run",
        str(scenario),
        "--plan",
        str(plan),
        "--target",
        "http://staging.example.com:8080",
        "--out",
        str(tmp_path / "run"),
    )
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1, proc.stderr
    assert "--target" in proc.stderr and "allow_hosts (127.0.0.1)" in proc.stderr
    assert not (tmp_path / "run").exists() and target.stats()["count"] == 0


def test_rehearse_refuses_an_off_allowlist_target_before_sampling(tmp_path: Path, target: Target) -> None:
    scenario, _ = write_inputs(tmp_path, target.url, [("GET", "/ok")] * 4, LOAD)
    out = tmp_path / "r"
    proc = replay_here(
        "rehearse",
        str(scenario),
        "--capture",
        str(tmp_path / "capture.jsonl"),
        "--target",
        "http://staging.example.com:80",
        "--out",
        str(out),
    )
    assert proc.returncode == 2 and "--target" in proc.stderr and proc.stderr.count("\n") == 1, proc.stderr
    assert not out.exists()  # nothing sampled, no plan written


FAULTS_FOR_TWO = '[[faults]]\nname = "m"\nupstream = "http://127.0.0.1:9"\nsteps = ["none", "none"]\n'


@pytest.mark.parametrize(
    ("extra", "url", "words"),
    [
        (FAULTS_FOR_TWO, None, "faults[0].steps: 2 profiles for 1 load steps"),  # known once the plan is made
        ("", "http://127.0.0.1:9", "target http://127.0.0.1:9 is unreachable"),  # known as the run starts
    ],
    ids=["fault-steps", "unreachable"],
)
def test_rehearse_bad_input_leaves_no_run_directory(
    tmp_path: Path, target: Target, extra: str, url: str | None, words: str
) -> None:
    """Bad input rehearse finds before a run starts leaves no run directory behind, not a plan in it."""
    scenario, _ = write_inputs(tmp_path, url or target.url, [("GET", "/ok")] * 4, LOAD, extra)
    out = tmp_path / "r"
    proc = replay_here("rehearse", str(scenario), "--capture", str(tmp_path / "capture.jsonl"), "--out", str(out))
    assert proc.returncode == 2 and words in proc.stderr and proc.stderr.count("\n") == 1, proc.stderr
    assert not out.exists() and target.stats()["count"] == 0


@pytest.mark.e2e
def test_stages_compose_in_one_process(tmp_path: Path, start_target: Callable[..., Target]) -> None:
    target = start_target()
    scenario_path, _ = write_inputs(tmp_path, "http://127.0.0.1:9", [("GET", "/ok")] * 20, LOAD)
    scenario = pipeline.load(scenario_path, target.url, ['gates={"rate(error)" = "< 1%"}'])
    plan = pipeline.sample(tmp_path / "capture.jsonl", scenario, tmp_path / "p.plan")
    assert len(plan) == 12 and plan.path == tmp_path / "p.plan"
    run = pipeline.run(plan, scenario, tmp_path / "run")
    assert open_run(run.path).info.status == "complete" and target.stats()["count"] == 12
    assert "--set gates" in (run.path / "scenario.toml").read_text()  # the effective scenario is recorded
    as_run = "sha256:" + hashlib.sha256((run.path / "scenario.toml").read_bytes()).hexdigest()
    assert open_run(run.path).info.scenario.as_run == as_run  # and its digest, so an edit of it is told
    report = pipeline.report(pipeline.judge(run), plots=False)
    assert report.exit_code == 0 and (run.path / "report.json").exists()
    assert report.data["run"]["scenario"].endswith(
        f"--set target.base_url={target.url} --set " + 'gates={"rate(error)" = "< 1%"}'
    )
