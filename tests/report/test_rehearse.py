"""``replay rehearse``: sample, run and report in one command against a real local target.

The command runs in this process (``replay_here``): what is checked is what it wrote and said and its exit
code; the runner it starts is a real process as ever, and the entry point's own process is covered by
tests/test_cli.py and tests/test_bad_input.py."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from replay.config.loader import apply_overrides
from replay.errors import BadInput
from replay.exchange.format import Body, Exchange, Request, Response, Timings
from replay.exchange.write import CaptureWriter
from tests.conftest import replay_here
from tests.runner.conftest import Target

SCENARIO = """
name = "rehearse test"
[load]
rate = 20
duration = "1s"
[target]
base_url = "http://127.0.0.1:9"
allow_hosts = ["127.0.0.1"]
[gates]
"rate(error|timeout)" = "< 1%"
"p99" = "{p99}"
"""


def capture(path: Path) -> Path:
    writer = CaptureWriter(path)
    for i in range(30):
        body = Body.from_bytes(orjson.dumps({"ok": True, "path": "/x"}))
        resp = Response(200, [("content-type", "application/json"), ("x-model-version", "m-1")], body)
        writer.write(
            Exchange(f"e{i}", Request("GET", f"https://prod.example.com/x?i={i}", [], None), Timings(1000.0 + i), resp)
        )
    writer.close()
    return path


def scenario(tmp_path: Path, p99: str) -> Path:
    path = tmp_path / f"s-{len(list(tmp_path.glob('s-*')))}.toml"
    path.write_text(SCENARIO.replace("{p99}", p99), encoding="utf-8")
    return path


@pytest.mark.e2e
def test_rehearse_gates_a_real_run(tmp_path: Path, start_target) -> None:  # type: ignore[no-untyped-def]
    target: Target = start_target()
    cap = capture(tmp_path / "cap.jsonl")

    def rehearse(p99: str, out: str) -> tuple[int, dict]:
        proc = replay_here(
            "rehearse",
            str(scenario(tmp_path, p99)),
            "--capture",
            str(cap),
            "--target",
            target.url,
            "--out",
            out,
            "--no-plots",
        )
        assert proc.returncode in (0, 1), proc.stderr
        return proc.returncode, orjson.loads((Path(out) / "report.json").read_bytes())

    code, report = rehearse("< 2s", str(tmp_path / "ok"))
    assert code == 0 and report["verdict"] == "pass" and report["totals"]["sent"] == 20
    assert report["totals"]["classes"]["ok"] == 20  # answers compared with the capture's: same shape and model
    assert (tmp_path / "ok" / "junit.xml").exists() and (tmp_path / "ok" / "plan.plan").exists()
    assert list(tmp_path.glob(".*rehearse*")) == []  # the adjusted scenario copy is gone
    assert report["run"]["scenario"] == f"{tmp_path / 's-0.toml'} --set target.base_url={target.url}"
    assert target.stats()["count"] == 20
    code, report = rehearse("< 0.001ms", str(tmp_path / "slow"))  # no loopback answer is that fast
    assert code == 1 and report["verdict"] == "fail"


def test_a_bad_gate_fails_before_any_load(tmp_path: Path) -> None:
    cap = capture(tmp_path / "cap.jsonl")
    bad = replay_here(
        "rehearse", str(scenario(tmp_path, "under 2s")), "--capture", str(cap), "--out", str(tmp_path / "r")
    )
    assert bad.returncode == 2 and "threshold 'under 2s' is not 'OP VALUE'" in bad.stderr
    assert bad.stderr.count("\n") == 1 and not (tmp_path / "r").exists()


def test_overrides() -> None:
    doc = {"target": {"base_url": "x"}, "faults": [{"name": "model", "listen": "a"}]}
    apply_overrides(
        doc,
        ["target.base_url=http://s:1", "faults.0.listen=127.0.0.1:5", "client.max_retries=3", "name=demo"],
        "x.toml",
    )
    assert doc == {
        "target": {"base_url": "http://s:1"},
        "faults": [{"name": "model", "listen": "127.0.0.1:5"}],
        "client": {"max_retries": 3},
        "name": "demo",
    }
    apply_overrides(doc, ["faults=[]"], "x.toml")
    assert doc["faults"] == []
    for bad in ("nokey", "faults.3.listen=x", "name.sub=1"):
        with pytest.raises(BadInput):
            apply_overrides(doc, [bad], "x.toml")


@pytest.mark.e2e
def test_rehearse_repeats_the_plan_and_reports_intervals(tmp_path: Path, start_target) -> None:  # type: ignore[no-untyped-def]
    target: Target = start_target()
    cap = capture(tmp_path / "cap.jsonl")
    path = scenario(tmp_path, "< 2s")
    path.write_text(path.read_text() + '"rate(fail)" = "< 50% @95"\n', encoding="utf-8")
    out = tmp_path / "rep"
    proc = replay_here(
        "rehearse",
        str(path),
        "--capture",
        str(cap),
        "--target",
        target.url,
        "--out",
        str(out),
        "--repeat",
        "2",
        "--no-plots",
    )
    assert proc.returncode == 0, proc.stderr
    report = orjson.loads((out / "report.json").read_bytes())
    assert report["repeats"]["count"] == 2 and len(report["repeats"]["runs"]) == 2
    assert (out / "repeat-1" / "run.json").exists() and (out / "repeat-2" / "results.jsonl").exists()
    assert orjson.loads((out / "repeats.json").read_bytes()) == {"version": 1, "repeats": 2}
    assert report["totals"]["sent"] == 40 and target.stats()["count"] == 40  # the same 20 rows, twice
    lo, hi = report["totals"]["intervals"]["ok"]
    assert lo < 1.0 <= hi and report["totals"]["availability"] == 1.0
    bound = next(g for g in report["gates"] if g["level"] is not None)
    assert bound["passed"] and bound["interval"][0] == 0.0
    assert "2 repetitions" in proc.stdout and "availability 100.0%" in proc.stdout
    # the banner's figures are pooled: it names every run, and each run's own figures follow it
    ids = [orjson.loads((out / f"repeat-{k}" / "run.json").read_bytes())["id"] for k in (1, 2)]
    assert [(e["id"], e["sent"]) for e in report["repeats"]["each"]] == [(ids[0], 20), (ids[1], 20)]
    assert report["run"]["planned"] == 40 and f"runs {ids[0]} … {ids[1]}" in " ".join(proc.stdout.split())
    assert all(f"run {i}: 20 sent, ok 100.0%, availability 100.0%, p99 " in proc.stdout for i in ids)
    # 'replay report OUT' pools the repetitions again: the same report.json but for when it was made
    again = replay_here("report", str(out), "--no-plots", "-q")
    assert again.returncode == 0, again.stderr
    assert {**orjson.loads((out / "report.json").read_bytes()), "generated": 0} == {**report, "generated": 0}


def test_repeats_are_checked_before_any_load(tmp_path: Path) -> None:
    cap = capture(tmp_path / "cap.jsonl")
    bad = replay_here("rehearse", str(scenario(tmp_path, "< 2s")), "--capture", str(cap), "--repeat", "0")
    assert bad.returncode == 2 and "--repeat" in bad.stderr
    path = scenario(tmp_path, "< 2s")
    path.write_text(path.read_text() + "[sample]\nrepeats = 0\n", encoding="utf-8")
    bad = replay_here("rehearse", str(path), "--capture", str(cap), "--out", str(tmp_path / "r"))
    assert bad.returncode == 2 and "sample.repeats: 0; give 1 to 100" in bad.stderr and not (tmp_path / "r").exists()
