"""The run directory's names and version: a new directory, one written by an older replay refused in
one line (its requests were pickled: they cannot be read without running code), and its scenario.toml
edited after the run told from the run's own."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from replay.errors import BadInput
from replay.runner.rundir import (
    OLD_PREPARED,
    RESULTS,
    RUN,
    SCENARIO,
    VERSION,
    check_format,
    check_scenario,
    create,
    repeats,
    write_json,
    write_scenario,
)
from replay.runner.runinfo import RunInfo, Status, read_info, write_info
from tests.conftest import assert_bad_input, replay_here
from tests.disks import crashing_ext4

# run.json as replay wrote it before the run directory was versioned (format version 1)
OLD_INFO = {
    "format": "replay-run",
    "version": 1,
    "id": "20240101-000000-abcd",
    "replay": "0.1.0",
    "status": "complete",
    "created": 1.0,
    "target": "http://127.0.0.1:8080",
    "scenario": {"path": "s.toml", "sha256": "x", "name": "s"},
    "plan": {"path": "p.plan", "rows": 1, "seed": 1},
    "capture": {"path": "c.jsonl", "sha256": "y", "records": 1},
    "model": "open",
    "planned_steps": [{"index": 0, "start": 0.0, "duration": 1.0, "rows": 1, "rate": 1.0, "users": None}],
    "counts": {"planned": 1, "written": 1, "response": 1},
}


def _old_run(path: Path) -> Path:
    path.mkdir()
    (path / RUN).write_bytes(orjson.dumps(OLD_INFO))
    # What an old prepared.pkl opens with; never unpickled, so its content does not matter.
    (path / OLD_PREPARED).write_bytes(b"\x80\x05\x95 not read")
    (path / "results.jsonl").write_text("", encoding="utf-8")
    (path / "scenario.toml").write_text("", encoding="utf-8")
    return path


def test_report_refuses_a_run_of_the_previous_version_in_one_line(tmp_path: Path) -> None:
    run = _old_run(tmp_path / "old")
    proc = replay_here("report", str(run))
    assert_bad_input(proc, str(run), "written by an older replay", "run format 1", "re-run it")
    assert not (run / "report.json").exists()


def test_versions(tmp_path: Path) -> None:
    check_format(tmp_path, {"format": "replay-run", "version": VERSION})
    check_format(tmp_path, {"format": "replay-run", "version": 2})  # its capture.sha256 is still read
    with pytest.raises(BadInput, match="older replay"):
        check_format(tmp_path, {"format": "replay-run"})
    with pytest.raises(BadInput, match="newer replay"):
        check_format(tmp_path, {"format": "replay-run", "version": VERSION + 1})
    with pytest.raises(BadInput, match="not a replay run"):
        check_format(tmp_path, {"format": "replay-plan", "version": 1})
    # an edited version: said so, not "an older replay's run, its requests kept as prepared.pkl" (there is none)
    for edited in ("3", True, 3.0, 0, [3]):
        with pytest.raises(BadInput, match=r"run.json: format version .* is not a number replay writes.*damaged"):
            check_format(tmp_path, {"format": "replay-run", "version": edited})
    (tmp_path / OLD_PREPARED).write_bytes(b"")  # a pickle beside a current run.json is refused too
    with pytest.raises(BadInput, match="older replay"):
        check_format(tmp_path, {"format": "replay-run", "version": VERSION})


def test_create(tmp_path: Path) -> None:
    run_dir, run_id = create(tmp_path / "r")
    assert run_dir.is_dir() and len(run_id) == len("20240101-000000-abcd")
    write_json(run_dir / RUN, {"a": 1})
    assert orjson.loads((run_dir / RUN).read_bytes()) == {"a": 1} and len(list(run_dir.iterdir())) == 1
    with pytest.raises(BadInput, match="already holds a run"):
        create(run_dir)
    (tmp_path / "file").write_text("", encoding="utf-8")
    with pytest.raises(BadInput, match="cannot make the run directory"):
        create(tmp_path / "file" / "r")
    # H220: a run directory that lost its run.json kept its rows; a run into it appended 60 rows to its 60 and
    # ended refused as damaged ("counts.written is 120, more than the 60 planned"), the earlier run's rows mixed in
    (run_dir / RUN).unlink()
    (run_dir / RESULTS).write_bytes(b"")
    with pytest.raises(
        BadInput, match=r"holds the results.jsonl of an earlier run \(its run.json gone\); give another"
    ):
        create(run_dir)


def test_a_run_directory_another_process_writes_is_refused(tmp_path: Path) -> None:
    """A run directory another replay process is writing into (here: this one, which made it and holds it) is
    refused by a second ``replay rehearse`` before it samples: two at once each passed the run.json check,
    and the second replaced the first's plan.plan before it was refused. The holder may make it again."""
    import shutil
    import subprocess
    import sys

    from replay.testing.synth import write_capture

    out = tmp_path / "run"
    assert create(out)[0] == out
    assert create(out)[0] == out  # rehearse makes it, then its run does
    cap, scenario = tmp_path / "cap.jsonl", tmp_path / "smoke.toml"
    write_capture(cap, 20, seed=1)
    shutil.copy(Path(__file__).resolve().parents[2] / "scenarios" / "smoke.toml", scenario)
    argv = [sys.executable, "-m", "replay", "rehearse", str(scenario), "--capture", str(cap), "--out", str(out)]
    proc = subprocess.run(argv, capture_output=True, text=True, timeout=120)
    assert_bad_input(proc, f"{out}: another replay process is writing a run into it; give another --out")
    assert not list(out.iterdir())


def test_the_scenario_as_run_is_checked(tmp_path: Path) -> None:
    """Emptied, cut or a gate edited since the run: refused, naming the way to judge with other gates (an empty
    copy was judged with no gates, exit 0). The copy as written passes; a run that kept no digest is not checked."""
    source = '[target]\nbase_url = "http://127.0.0.1:1"\n\n[gates]\np99 = "< 5s"\n'
    as_run = write_scenario(tmp_path, source)
    written = (tmp_path / SCENARIO).read_bytes()
    assert written == source.encode() and as_run.startswith("sha256:")
    check_scenario(tmp_path, written, as_run)
    for changed in (b"", written[:-5], written.replace(b"< 5s", b"< 500s")):
        with pytest.raises(BadInput) as e:
            check_scenario(tmp_path, changed, as_run)
        assert str(e.value) == (
            f"{tmp_path / SCENARIO}: changed since the run (run.json keeps the digest of the scenario as run); "
            f"restore it, or judge with other gates: replay report {tmp_path} --scenario FILE"
        )
    check_scenario(tmp_path, b"", None)


def test_run_json_outlives_a_crash_of_its_file_system(tmp_path: Path) -> None:
    """run.json written, rewritten, then the file system crashes (a disk error; H148's battery): its last
    version is whole on the disk. Written without fsync, ext4 left it gone (the run unreadable, its results
    kept)."""
    with crashing_ext4(tmp_path / "disk") as crash:
        run = tmp_path / "disk" / "run"
        run.mkdir()
        write_info(run, RunInfo(id="r", status=Status.RUNNING))
        write_info(run, RunInfo(id="r", status=Status.COMPLETE))
        crash()
        assert read_info(run).status == Status.COMPLETE


def test_a_repeated_rehearsals_runs_in_order_of_k(tmp_path: Path) -> None:
    """repeat-10 after repeat-9 (not after repeat-1); a run directory, or one of no repetitions, has none. A gap is
    a copy's loss (a rehearsal runs them in order), refused (H220: repeat-1 gone was told as one never started)."""
    for name in ("repeat-x", "plan.plan", *(f"repeat-{k}" for k in range(10, 0, -1))):
        (tmp_path / name).mkdir()
    assert [p.name for p in repeats(tmp_path)] == [f"repeat-{k}" for k in range(1, 11)]
    assert repeats(tmp_path / "repeat-x") == [] and repeats(tmp_path / "none") == []
    (tmp_path / "repeat-5").rmdir()
    with pytest.raises(BadInput, match="repeat-5: is missing, though repeat-10 is there; the run directory is damaged"):
        repeats(tmp_path)
    (tmp_path / "run.json").write_text("{}")
    assert repeats(tmp_path) == []
