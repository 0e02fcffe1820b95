"""``replay report RUN``: the run's scenario.toml (its gates) as the run wrote it, or refused in one line; an
empty or edited copy was judged with the gates left in it, none at all for an empty one (exit 0, a release
passed). ``--scenario FILE`` judges with other gates, the copy then unread."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from replay.runner.rundir import RUN, SCENARIO
from tests.conftest import assert_bad_input, replay_here
from tests.report.rundir import Row, write_run

GATES = '[gates]\np99 = "< 1s"\n"rate(error)" = "< 5%"\n'


def _run(path: Path, scenario: str = GATES) -> Path:
    return write_run(path, [Row() for _ in range(5)], scenario)


@pytest.mark.parametrize(
    "copy",
    ["", GATES[:20], GATES.replace("< 1s", "< 100s"), GATES + "\n"],
    ids=["emptied", "truncated", "gate edited", "a line added"],
)
def test_a_copy_changed_since_the_run_is_refused(tmp_path: Path, copy: str) -> None:
    run = _run(tmp_path / "run")
    (run / SCENARIO).write_text(copy, encoding="utf-8")
    proc = replay_here("report", str(run), "--no-plots", "-q")
    assert_bad_input(
        proc,
        f"{run / SCENARIO}: changed since the run",
        f"restore it, or judge with other gates: replay report {run} --scenario FILE",
    )
    assert not (run / "report.json").exists()


def test_the_copy_as_run_is_judged_with_its_gates(tmp_path: Path) -> None:
    run = _run(tmp_path / "run")
    assert replay_here("report", str(run), "--no-plots", "-q").returncode == 0
    fails = _run(tmp_path / "fails", GATES.replace("< 1s", "< 100ms"))  # rows take 200 ms
    assert replay_here("report", str(fails), "--no-plots", "-q").returncode == 1
    gates = orjson.loads((run / "report.json").read_bytes())["gates"]
    assert [g["name"] for g in gates] == ["p99 < 1s", "rate(error) < 5%"]


def test_a_run_of_an_older_replay_is_judged_as_before(tmp_path: Path) -> None:
    """Its run.json keeps no digest of the copy: whatever the copy holds is its gates, none when emptied."""
    run = _run(tmp_path / "run")
    info = orjson.loads((run / RUN).read_bytes())
    del info["scenario"]["as_run"]
    (run / RUN).write_bytes(orjson.dumps(info))
    (run / SCENARIO).write_text("", encoding="utf-8")
    proc = replay_here("report", str(run), "--no-plots")
    assert proc.returncode == 0 and proc.stdout.startswith("NO GATES "), proc.stdout[:200]


def test_other_gates_are_given_with_scenario(tmp_path: Path) -> None:
    """With --scenario the run's copy is not needed: emptied or gone, the given file's gates judge the run."""
    run = _run(tmp_path / "run")
    other = tmp_path / "other.toml"
    other.write_text('[gates]\np99 = "< 100ms"\n', encoding="utf-8")
    (run / SCENARIO).write_text("", encoding="utf-8")
    proc = replay_here("report", str(run), "--no-plots", "-q", "--scenario", str(other))
    assert proc.returncode == 1 and proc.stderr == "", proc.stderr
    assert [g["name"] for g in orjson.loads((run / "report.json").read_bytes())["gates"]] == ["p99 < 100ms"]
    (run / SCENARIO).unlink()
    assert replay_here("report", str(run), "--no-plots", "-q", "--scenario", str(other)).returncode == 1


def test_a_missing_copy_is_bad_input(tmp_path: Path) -> None:
    run = _run(tmp_path / "run")
    (run / SCENARIO).unlink()
    assert_bad_input(
        replay_here("report", str(run), "--no-plots", "-q"), f"{run}: no {SCENARIO}; give the scenario with --scenario"
    )
