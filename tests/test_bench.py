"""scripts/bench pieces run in their quick (smoke) mode: they run and print their paired figures.
No timing assertion: speed lives in the benchmarks themselves."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import orjson
import psutil
import pytest

from benchmarks._paired import Figure, tree_sleeps
from tests.conftest import wait_until

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parent.parent


def test_a_figure_says_when_its_median_misses_the_goal() -> None:
    fig = Figure("x", "ratio", [0.9, 1.2, 0.8], "x", 1.0)
    assert fig.median == 0.9 and fig.met is False and "MISSED" in fig.line() and "min 0.800" in fig.line()
    assert Figure("x", "lag", [0.5], " ms", 1.0, higher_is_better=False).met is True
    # a median that misses by less than its printed digits shows the digits that miss
    assert "median    1.153x" in Figure("x", "cpu", [1.153], "x", 1.15, higher_is_better=False).line()


def test_a_figure_whose_rounds_straddle_the_goal_says_it_is_inconclusive() -> None:
    """Five rounds of 0.94..1.17x against <= 1.05x (the fault proxy's CPU in session 68's run): a median of 1.16x
    says MISSED, and that the rounds cannot tell; rounds wholly past the goal say MISSED alone."""
    from benchmarks._paired import median_interval

    assert median_interval([1.16, 0.94, 1.17, 1.16, 1.0]) == (0.94, 1.17, 0.9375)
    fig = Figure("faults", "cpu", [1.16, 0.94, 1.17, 1.16, 1.0], "x", 1.05, higher_is_better=False)
    assert fig.met is False and fig.across == (0.94, 1.17, 0.9375)
    assert fig.line().endswith("MISSED, INCONCLUSIVE: the median lies in 0.940..1.17 with 94% confidence")
    assert fig.summary()["inconclusive"] is True
    wholly = Figure("capture", "cpu", [2.0, 1.61, 2.74, 1.9, 2.1], "x", 1.15, higher_is_better=False)
    assert wholly.across is None and wholly.line().endswith("MISSED") and wholly.summary()["inconclusive"] is False
    # met, the rounds straddling: said too; one round has no interval
    assert "ok, INCONCLUSIVE" in Figure("run", "ratio", [1.02, 0.98, 1.03], "x", 1.0).line()
    assert Figure("faults", "instructions", [1.03], "x", 1.05, higher_is_better=False).across is None


def test_tree_sleeps_counts_a_childs_sleeps_as_its_childrens() -> None:
    """Every sleep of a child is a voluntary context switch, counted with the children's, not the parent's."""
    code = "import sys, time\nfor _ in range(30): time.sleep(0.001)\nprint(flush=True)\nsys.stdin.read()"
    child = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert child.stdout is not None and child.stdout.readline() == b"\n"  # slept 30 times, still alive
        own, children = tree_sleeps(os.getpid())
        assert children >= 30 and own > 0
    finally:
        child.communicate(b"")


def test_bench_all_quick_writes_a_summary_and_compares(tmp_path: Path) -> None:
    """One run writes its summary and then compares with it: what a later run would read is what this one
    wrote, every figure found again by name (a change of +0.0%). One run, not two: a second run would only give
    other medians to the same comparison. The sample benchmark's: the cheapest quick run (4 CPU-s, faults' rounds
    of mitmdump 12)."""
    out = tmp_path / "a.json"
    cmd = [sys.executable, "-m", "benchmarks", "all", "--quick", "--only", "sample", "--json", str(out)]
    proc = subprocess.run([*cmd, "--compare", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "load average (before)" in proc.stdout and "features + sampling, CPU" in proc.stdout
    figures = orjson.loads(out.read_bytes())["figures"]
    assert {"min", "median", "max", "goal", "met"} <= set(figures[0])
    changes = proc.stdout.split(f"change against {out}", 1)[1].splitlines()[1:]
    assert len(changes) == len(figures) and all("+0.0%" in line for line in changes), changes


def test_bench_run_leaves_a_failed_side_out_and_goes_on(capsys: pytest.CaptureFixture[str]) -> None:
    from benchmarks.run import Rounds, SideFailed, _side

    def lost() -> dict[str, float]:
        raise SideFailed("replay run --workers 2 exited with 3: run x failed: worker 1 stopped answering")

    rounds = Rounds()
    for i in range(3):
        rounds.runs.append({})
        rounds.run("max", lambda i=i: {"rps": 100.0 * (i + 1)})
        rounds.run("w", lost if i == 1 else lambda i=i: {"rps": 150.0 * (i + 1)})
    assert rounds.col("w", "rps") == [150.0, 450.0] and rounds.paired("w", "max", "rps") == [1.5, 1.5]
    assert len(rounds.failed) == 1 and rounds.failed[0].startswith("round 2, w: replay run --workers 2 exited with 3")
    assert "round 2: w failed, left out: replay run --workers 2 exited with 3" in capsys.readouterr().out
    with pytest.raises(SideFailed, match=r"exited with 3: boom"):
        _side("a side", [sys.executable, "-c", "import sys; print('boom', file=sys.stderr); sys.exit(3)"], 30)


def test_bench_run_sides_cache_their_bytecode_outside_the_tree() -> None:
    """Under PYTHONDONTWRITEBYTECODE (CI's shell) each side would compile its modules on every run;
    an install would not, so the sides write bytecode, to a directory of their own."""
    from benchmarks._paired import BYTECODE, side_env

    env = side_env({"EXTRA": "1"})
    assert env["PYTHONDONTWRITEBYTECODE"] == "" and env["PYTHONPYCACHEPREFIX"] == str(BYTECODE)
    assert env["EXTRA"] == "1" and not BYTECODE.is_relative_to(ROOT)


@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="placement needs two cores")
def test_place_tree_puts_the_sender_alone_and_its_helpers_elsewhere(tmp_path: Path) -> None:
    """The send-lag runs' placement: the process whose command line holds the marker on the sender's
    cores, every other process of the tree (started before or after it, a child of it too) elsewhere."""
    from benchmarks._http import place_tree

    cores = sorted(os.sched_getaffinity(0))
    sender, helpers = cores[:1], cores[1:]
    done = tmp_path / "done"
    sleeper = f"import os, time\nwhile not os.path.exists({str(done)!r}): time.sleep(0.01)"
    # the root starts the sender (marked), which starts its own helper: as the runner does its writer
    sender_code = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {sleeper!r}]) # SENDER-MARK"
    start = f"p = subprocess.Popen([sys.executable, '-c', {sender_code!r}])"
    root_code = f"import subprocess, sys; {start}; exec({sleeper!r}); p.wait()"
    proc = subprocess.Popen([sys.executable, "-c", root_code], text=True)
    placing = threading.Thread(target=place_tree, args=(proc, sender, helpers, "SENDER-MARK", 60))
    placing.start()
    try:
        root = psutil.Process(proc.pid)

        def placed() -> bool:
            tree = [root, *root.children(recursive=True)]
            want = {p.pid: sender if "SENDER-MARK" in " ".join(p.cmdline()) else helpers for p in tree}
            return len(tree) == 3 and all(sorted(os.sched_getaffinity(pid)) == c for pid, c in want.items())

        wait_until(placed, 30, "the tree placed")
    finally:
        done.touch()
        proc.wait(30)
        placing.join(30)


def test_bench_all_refuses_a_compare_that_is_no_summary_before_it_runs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A --compare path that is missing or not a summary failed with a traceback after every benchmark had
    run (minutes); now one line and exit 2 before the first. Another version's summary reads: a figure it
    lacks or holds in another shape is new."""
    from benchmarks.all import main, medians

    (tmp_path / "arr.json").write_text("[1]")
    (tmp_path / "text.json").write_text("not json")
    for name, why in (("missing.json", "No such file"), ("arr.json", "no 'figures' list"), ("text.json", "not JSON")):
        assert main(["--only", "faults", "--json", str(tmp_path / "s.json"), "--compare", str(tmp_path / name)]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and why in err and "Traceback" not in err, err
    assert not (tmp_path / "s.json").exists()
    other = tmp_path / "other.json"
    other.write_bytes(
        orjson.dumps(
            {
                "figures": [
                    {"bench": "faults", "name": "a", "median": "fast"},
                    5,
                    {"bench": "b", "name": "c", "median": 2},
                ]
            }
        )
    )
    assert medians(other) == ({("b", "c"): 2.0}, "?")


def test_bench_all_runs_redact_on_the_capture_set_not_its_recall() -> None:
    """scripts/bench all runs redact's paired and instruction figures (--capture-only, or --quick), so --compare
    flags a redaction change that moves them; its recall tables are no figures and stay in its own output."""
    from benchmarks.all import BENCHES, bench_argv

    assert "redact" in BENCHES and bench_argv("redact", False) == ["--capture-only"]
    assert bench_argv("redact", True) == ["--quick"] and bench_argv("faults", False) == []


def test_bench_redact_capture_set_pairs_the_default_profile_with_detectors_off(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from benchmarks._paired import FIGURES
    from benchmarks.redact import main

    before = len(FIGURES)
    assert main(["--capture-only", "--exchanges", "4", "--rounds", "2", "--points", "off"]) == 0
    out = capsys.readouterr().out
    figures = FIGURES[before:]
    del FIGURES[before:]
    assert [f.name for f in figures] == [
        "capture exchanges, default profile: CPU per exchange",
        "capture exchanges, detectors off: CPU per exchange",
        "capture exchanges: redaction's CPU per exchange (less detectors off)",
    ]
    assert all(f.bench == "redact" and len(f.values) == 2 and f.unit == " us" for f in figures)
    assert "load average (before)" in out and "(min " in out and "recall" not in out


def test_bench_redact_budget_is_what_this_runs_capture_path_leaves() -> None:
    """The redaction's budget of instructions comes from the capture figures counted earlier in the same run
    (scripts/bench all runs capture first), not from figures recorded once: a recorded 8.15 M mitmdump and a 1.09x
    path left 0.49 M that a later mitmdump (4.82 M) and path (1.149x) no longer left."""
    from benchmarks._paired import FIGURES
    from benchmarks.redact import MITMDUMP_M, PATH_X, capture_budget

    assert capture_budget() == (MITMDUMP_M, PATH_X, "recorded in session 68")
    before = len(FIGURES)
    FIGURES.append(Figure("capture", "mitmdump: instructions per request, every process (cachegrind)", [5.0], " M"))
    FIGURES.append(Figure("capture", "addon, detectors off / mitmdump: instructions per request", [1.1], "x"))
    try:
        assert capture_budget() == (5.0, 1.1, "this run's scripts/bench capture")
    finally:
        del FIGURES[before:]


def test_bench_redact_points_are_two_counts_or_off(capsys: pytest.CaptureFixture[str]) -> None:
    from benchmarks.redact import _points, main

    assert _points("off") is None and _points("20,120") == (20, 120)
    for bad in ("5", "9,3", "a,b"):
        with pytest.raises(SystemExit) as exc:
            main(["--quick", "--points", bad])
        assert exc.value.code == 2 and "0 < N < M" in capsys.readouterr().err


def test_bench_redact_count_redacts_the_first_k_capture_exchanges(tmp_path: Path) -> None:
    """What cachegrind runs at each point: the capture's frames read back as a writer reads them, redacted by
    the default profile or with every detector off; the exchanges carry what they found."""
    from benchmarks.capture import capture_frames, detectors_off, writer_exchange
    from benchmarks.redact import capture_payloads, count

    frames = tmp_path / "frames"
    frames.write_bytes(b"".join(capture_frames(0, 3)))
    payloads = capture_payloads(frames)
    assert len(payloads) == 3 and "NW-" in writer_exchange(payloads[1]).request.body.text  # type: ignore[union-attr]
    assert count([str(frames), "2"]) == 0 and count([str(frames), "2", str(detectors_off(tmp_path))]) == 0


@pytest.mark.skipif(not __import__("shutil").which("valgrind"), reason="valgrind not installed")
def test_instructions_per_item_is_one_items_work_start_cancelled() -> None:
    """(I(m) - I(n)) / (m - n) of a command doing k items: the interpreter's start cancels, a loop's
    item is what is left (1,000 turns of an empty loop: tens of instructions each)."""
    from benchmarks._instructions import instructions_per_item

    def loop(k: int) -> list[str]:
        return [sys.executable, "-S", "-c", f"for _ in range({k} * 1000): pass"]

    (per_item,) = instructions_per_item([loop], 1, 3)
    assert 5_000 < per_item < 500_000, per_item
