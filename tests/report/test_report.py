"""``replay report``: report.json against its schema, junit.xml, findings, regressions, exit codes."""

from __future__ import annotations

import os
import re
import shutil
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from typing import Any

import orjson
import pytest
from jsonschema import Draft202012Validator

from replay import pipeline
from replay.cli import main
from replay.errors import BadInput
from replay.report import SCHEMA_PATH
from replay.runner import rundir
from tests.conftest import one_worker, replay_here
from tests.report.rundir import Row, write_run

SHARED = one_worker(__name__)  # the tests of the module's costly fixture

SCENARIO = """
name = "story"
[checks]
slo = "2s"
[checks.endpoints."POST /api/assist"]
fallback = [{ header = "x-fallback", equals = "true", reason = "x-fallback-reason" }]
retries_header = "x-attempted-retries"
[gates]
p99 = "< 4s"
"rate(fallback)" = "< 20%"
"rate(refusal){family=code}" = "< 5%"
"retry_amplification" = "< 3"
"""
ANSWER = "Open Orders, choose the order and select Request refund. Refunds go back to the original payment method."
CLARIFY = "Could you tell me a bit more about what you need? I can help with refunds, billing and passwords."
REFUSAL = "I'm sorry, but I can't help with that request."


def story() -> list[Row]:
    """Three steps of rising upstream latency: fallbacks and retries rise; long and multi-turn prompts lose
    their context (answers unlike production's); code prompts are refused; injections rightly refused."""
    rows: list[Row] = []
    for step, fallback_every in ((0, 0), (1, 5), (2, 2)):
        for i in range(40):
            fb = bool(fallback_every) and i % fallback_every == 0
            h = {"x-fallback": "true", "x-fallback-reason": "timeout", "x-attempted-retries": "3"} if fb else {}
            rows.append(Row(step=step, answer="Sorry, the assistant is busy." if fb else ANSWER, headers=h))
        for fam in ("long", "multi-turn"):
            rows += [Row(family=fam, step=step, answer=CLARIFY, baseline=ANSWER, prompt="x " * 600) for _ in range(6)]
        rows += [Row(family="code", step=step, answer=REFUSAL, baseline=ANSWER) for _ in range(5)]
        rows += [Row(family="injection", step=step, answer=REFUSAL) for _ in range(2)]
    rows.append(Row(answer="Write to jane.doe@example.com for help.", baseline=ANSWER, latency=3.0))
    return rows


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict:
    run = write_run(tmp_path_factory.mktemp("report") / "run", story(), SCENARIO)
    rep = pipeline.report(pipeline.judge(run))
    assert rep.exit_code == 1
    return rep.data


def test_judge_and_report_read_each_file_of_the_run_once(tmp_path: Path) -> None:
    """The judge reads faults.json and hands it on (``Judged.proxies``): the report's frame and collapse
    analysis read no file of the run again, and no other file of it is read twice either (the capture
    beside it is hashed, then read)."""
    run = write_run(tmp_path / "run", [Row(step=s) for s in range(2) for _ in range(10)], '[gates]\np99 = "< 4s"\n')
    segments = [{"label": str(s), "profile": "none", "requests": 10} for s in range(2)]
    proxy = {"name": "model", "upstream": "http://127.0.0.1:9", "counters": {"segments": segments}}
    (run / "faults.json").write_bytes(orjson.dumps({"proxies": [proxy]}))
    opened: list[str] | None = []

    def reads(event: str, args: tuple[Any, ...]) -> None:
        if opened is None or event != "open":
            return
        # open()'s mode, or os.open's flags (a capture is opened so: util.inputs)
        mode, flags = args[1], args[2]
        if mode.startswith("r") if isinstance(mode, str) else isinstance(flags, int) and not flags & os.O_ACCMODE:
            name = os.fsdecode(args[0]) if isinstance(args[0], str | bytes) else ""
            if name.startswith(str(run)):
                opened.append(Path(name).name)

    sys.addaudithook(reads)  # audit hooks stay for the process: this one records only until the end of the test
    try:
        pipeline.report(pipeline.judge(run), plots=False)
        counts = Counter(opened)
    finally:
        opened = None
    assert counts.pop("capture.jsonl") == 2, counts  # its digest checked, then production's replies read
    assert counts["faults.json"] == 1 and set(counts.values()) == {1}, counts


@SHARED
def test_report_json_validates_against_its_schema(report: dict) -> None:
    schema = orjson.loads(SCHEMA_PATH.read_bytes())
    Draft202012Validator.check_schema(schema)
    errors = [f"{e.json_path}: {e.message}" for e in Draft202012Validator(schema).iter_errors(report)]
    assert errors == []
    written = orjson.loads((Path(report["run"]["path"]) / "report.json").read_bytes())
    assert written["verdict"] == "fail" and written["exit_code"] == 1


@SHARED
def test_findings_name_what_failed(report: dict) -> None:
    titles = [f["title"] for f in report["findings"]]
    assert "context loss on long and multi-turn prompts" in titles
    assert "over-refusal on code prompts" in titles
    assert any(t.startswith("fallback rate rises with time under steady load") for t in titles)
    assert any(t.startswith("retry amplification rises with time under steady load") for t in titles)
    assert not any("injection" in t for t in titles)  # refusing injections is right
    gates = {g["metric"]: g for g in report["gates"]}
    assert not gates["rate(refusal){family=code}"]["passed"]
    assert gates["rate(fallback)"]["passed"] and gates["rate(fallback)"]["segments"][0]["family"] == "typical"


@SHARED
def test_tables_break_every_rate_down(report: dict) -> None:
    cells = {(c["family"], c["step"]): c for c in report["family_step"]}
    assert cells[("code", 1)]["rates"]["refusal"] == 1.0
    assert cells[("long", 2)]["rates"]["drift"] == 1.0
    assert cells[("typical", 2)]["classes"]["fallback"] == 20
    steps = report["steps"]
    assert [s["rates"]["fallback"] for s in steps] == sorted(s["rates"]["fallback"] for s in steps)
    assert steps[0]["retry_amplification"] == 1.0 and steps[2]["retry_amplification"] > 1.5
    # Collapse counts load-sensitive classes only: context loss and refusals at step 0 are not a collapse.
    assert report["collapse"]["step"] == 1 and "fallback rate 14%" in report["collapse"]["reason"]
    assert set(report["latency"]["latency"]) == {"n", "p50", "p90", "p99", "p99.9", "max"}


@SHARED
def test_examples_are_redacted(report: dict) -> None:
    drift = [e for e in report["examples"]["drift"] if e["family"] == "typical"]
    assert drift and "jane.doe@example.com" not in drift[0]["answer"]
    assert report["examples"]["refusal"][0]["production"] == ANSWER


@SHARED
def test_junit_has_one_testcase_per_gate(report: dict) -> None:
    root = ET.parse(Path(report["run"]["path"]) / "junit.xml").getroot()
    cases = root.findall("./testsuite/testcase")
    assert [c.get("name") for c in cases] == [g["name"] for g in report["gates"]]
    failed = [c.get("name") for c in cases if c.find("failure") is not None]
    assert failed == ["rate(refusal){family=code} < 5%"]
    assert root.get("failures") == "1"


def test_junit_and_html_hold_whatever_the_scenario_is_named(tmp_path: Path) -> None:
    """A name with control characters (a TOML "\\u0000", an ANSI colour) is written escaped: raw, XML 1.0 cannot
    hold them, and no CI could read the file; HTML forbids them too, and report.html shows them as junit.xml does.
    A scenario file's name can no longer hold one (config.loader.check_name): the judged scenario is given it here."""
    run = write_run(tmp_path / "run", [Row()], '[gates]\np99 = "< 4s"\n')
    judged = pipeline.judge(run)
    judged.scenario.name = "story\x00 \x1b[31mred\x07"
    pipeline.report(judged)
    suite = ET.parse(run / "junit.xml").getroot().find("testsuite")
    assert suite is not None and suite.get("name") == "replay gates: story\\x00 \\x1b[31mred\\x07"
    html = (run / "report.html").read_text(encoding="utf-8")
    assert "Rehearsal report: story\\x00 \\x1b[31mred\\x07</h1>" in html
    assert not re.search("[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f]", html)


@SHARED
def test_html_is_self_contained(report: dict) -> None:
    html = (Path(report["run"]["path"]) / "report.html").read_text(encoding="utf-8")
    assert html.count("<svg") >= 4 and "<script" not in html and "<link" not in html
    assert 'src="http' not in html and 'href="http' not in html and "jane.doe@example.com" not in html


@SHARED
def test_no_plots_leaves_the_plots_out_of_report_html_only(report: dict, tmp_path: Path) -> None:
    run = Path(report["run"]["path"])
    assert replay_here("report", str(run), "--out", str(tmp_path), "--no-plots", "-q").returncode == 1
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "<svg" not in html and "Not drawn (<code>--no-plots</code>)" in html and "context loss" in html
    again = orjson.loads((tmp_path / "report.json").read_bytes())
    assert again["gates"] == report["gates"] and again["findings"] == report["findings"]
    assert (tmp_path / "junit.xml").read_bytes() == (run / "junit.xml").read_bytes()


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    with pytest.raises(SystemExit) as e:
        main(args)
    return int(e.value.code or 0), capsys.readouterr().err


def test_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = write_run(tmp_path / "good", [Row() for _ in range(20)], '[gates]\np99 = "< 1s"\n')
    assert run_cli(["report", str(good), "-q", "--no-plots"], capsys) == (0, "")
    code, err = run_cli(
        ["report", str(good), "-q", "--no-plots", "--scenario", str(_scenario(tmp_path, 'p99 = "< 100ms"'))], capsys
    )
    assert code == 1 and err == ""
    bad = [
        ('"rate(fallback){family=long}" = "< 5%"', "this run has no family 'long'; it has typical"),
        ('p99 = "below 4s"', "threshold 'below 4s' is not 'OP VALUE'"),
        ('"rate(lateness)" = "< 5%"', "unknown class 'lateness'"),
    ]
    for gate, why in bad:
        code, err = run_cli(["report", str(good), "--scenario", str(_scenario(tmp_path, gate))], capsys)
        assert code == 2 and why in err and err.count("\n") == 1, err


def test_a_scenario_without_gates_says_so_and_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """No gates printed PASS, a judgement no gate made; it says there were none to judge, and exits 0 (k6
    without thresholds and Locust exit 0 too: a run that only reports is not a failure)."""
    run = write_run(tmp_path / "run", [Row() for _ in range(5)])
    with pytest.raises(SystemExit) as e:
        main(["report", str(run), "--no-plots", "--out", str(tmp_path / "rep")])
    out = capsys.readouterr().out
    assert e.value.code in (0, None) and out.startswith("NO GATES "), out[:200]
    assert "no gates to judge: the scenario has no [checks] gates" in out
    html = (tmp_path / "rep" / "report.html").read_text()
    assert ">NO GATES</span>" in html and "no gates to judge" in html
    assert orjson.loads((tmp_path / "rep" / "report.json").read_bytes())["gates"] == []


@pytest.mark.parametrize("status", ["running", "interrupted", "failed"])
def test_an_unfinished_run_is_never_a_pass(tmp_path: Path, capsys: pytest.CaptureFixture[str], status: str) -> None:
    run = write_run(tmp_path / "run", [Row() for _ in range(5)], "", status=status)
    code, err = run_cli(["report", str(run)], capsys)
    assert code == 2 and "the run is unfinished" in err and err.count("\n") == 1
    assert not (run / "report.json").exists()
    # a run under way is waited for, not re-run (it said "re-run it" too)
    assert ("wait for it to end, then report it" if status == "running" else "re-run it") in err


def test_an_interrupted_run_s_line_says_its_loss_in_numbers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """After a kill -9 of 'replay run' (its runner settles the run interrupted) the report's line is the only
    place the loss is said."""
    rows = [Row() for _ in range(3)] + [Row(outcome="unsent") for _ in range(1234)]
    run = write_run(tmp_path / "run", rows, "", status="interrupted")
    code, err = run_cli(["report", str(run)], capsys)
    assert code == 2 and err.count("\n") == 1, err
    assert "it was interrupted before every row was sent (of its 1,237 rows 1,234 unsent);" in err


def _cut_short(tmp_path: Path, gate: str) -> Path:
    """A run interrupted in its step 0 of 2: 6 rows answered (one an error), 4 of step 0 and 5 of step 1 never sent."""
    rows = [Row() for _ in range(5)] + [Row(outcome="error", status=0)]
    rows += [Row(outcome="unsent") for _ in range(4)] + [Row(step=1, outcome="unsent") for _ in range(5)]
    gates = f'[gates]\n{gate}\n"availability{{step=1}}" = "> 90%"\n'
    return write_run(tmp_path / "run", rows, gates, status="interrupted")


def test_a_run_cut_short_is_judged_on_what_it_ran_and_never_passes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """k6 and Locust print their summary after a Ctrl-C: --partial judges the rows a run cut short ran. Rows never
    sent are no failures of the release (availability of the 6 sent, not of 15), a step never reached is not
    measured, and every output says it was cut short; no gate failed: exit 3, no verdict."""
    run = _cut_short(tmp_path, 'availability = "> 50%"')
    code, err = run_cli(["report", str(run)], capsys)
    assert code == 2 and err.count("\n") == 1
    assert err.rstrip().endswith(f"; 'replay report {run} --partial' judges the 6 rows it has"), err
    with pytest.raises(SystemExit) as e:
        main(["report", str(run), "--partial", "--no-plots"])
    code, out = e.value.code, capsys.readouterr().out
    assert code == 3 and "CUT SHORT (interrupted: " in out and "judged 6 of 15 rows; 9 not run left out" in out
    data = orjson.loads((run / "report.json").read_bytes())
    assert data["verdict"] == "cut short" and data["exit_code"] == 3
    Draft202012Validator(orjson.loads(SCHEMA_PATH.read_bytes())).validate(data)
    assert data["partial"] == {
        "status": "interrupted",
        "reason": "see run.json",  # none written: the test's run.json
        "planned": 15,
        "judged": 6,
        "not_run": 9,
        "unknown": 0,
        "responses_lost": 0,
        "results": 6,
        "results_lost": 0,
        "steps": [0],
    }, data["partial"]
    gates = {g["name"]: g for g in data["gates"]}
    assert gates["availability > 50%"]["passed"] and gates["availability > 50%"]["value"] == pytest.approx(5 / 6)
    held = gates["availability{step=1} > 90%"]["held"]
    assert held["as"] == "not_reached" and "not measured: the run was cut short" in held["why"]
    junit = (run / "junit.xml").read_text()
    assert 'type="RunCutShort"' in junit and 'errors="1"' in junit
    html = (run / "report.html").read_text()
    assert "CUT SHORT (interrupted" in html and '<span class="verdict no-gates">not measured</span>' in html


def test_a_run_cut_short_says_the_result_and_response_lines_its_disk_lost(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A run whose disk filled (or whose machine crashed) holds fewer lines than run.json counts: the judge reads what
    is there, and every output says how many result lines are missing and how many answered rows lack their
    response (H204's full disk: 'judged 314 of 900 rows; 565 not run', and 21 rows gone unsaid)."""
    run = _cut_short(tmp_path, 'availability = "> 50%"')
    results = (run / "results.jsonl").read_bytes().splitlines(keepends=True)
    (run / "results.jsonl").write_bytes(b"".join(results[:3] + results[5:]))  # rows 3 and 4: lost to the disk
    responses = (run / "responses.jsonl").read_bytes().splitlines(keepends=True)
    (run / "responses.jsonl").write_bytes(b"".join(r for r in responses if not r.startswith(b'{"row":2,')))
    with pytest.raises(SystemExit):
        main(["report", str(run), "--partial", "--no-plots"])
    said = "results.jsonl holds 4 of the 6 rows run.json counts as run: 2 lost to the disk"
    out = " ".join(capsys.readouterr().out.split())
    assert "judged 3 of 15 rows; 9 not run, 1 without their response left out; " + said in out, out
    data = orjson.loads((run / "report.json").read_bytes())
    Draft202012Validator(orjson.loads(SCHEMA_PATH.read_bytes())).validate(data)
    assert {k: data["partial"][k] for k in ("judged", "responses_lost", "results", "results_lost")} == {
        "judged": 3,
        "responses_lost": 1,
        "results": 4,
        "results_lost": 2,
    }
    assert said in (run / "report.html").read_text() and said in (run / "junit.xml").read_text()


def test_a_run_cut_short_with_a_failed_gate_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run = _cut_short(tmp_path, 'availability = "> 99%"')
    assert run_cli(["report", str(run), "--partial", "-q"], capsys)[0] == 1
    assert orjson.loads((run / "report.json").read_bytes())["verdict"] == "fail"


def test_repetitions_each_say_their_own_figures_beside_the_pooled_banner(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--repeat: the banner's figures pool the runs (with their intervals); it named the first run alone, as if its
    figures were that run's, and report.json's run counted the first run's rows. Each run's own follow it."""
    from replay.report.terminal import print_summary

    gates = '[gates]\navailability = "> 50%"\n'
    one = write_run(tmp_path / "repeat-1", [Row() for _ in range(20)], gates)
    two = write_run(tmp_path / "repeat-2", [Row(latency=2.0)] * 10 + [Row(outcome="timeout")] * 10, gates)
    rep = pipeline.report(pipeline.judge([one, two]), None, tmp_path, plots=False)
    print_summary(rep.doc, tmp_path)
    out = " ".join(capsys.readouterr().out.split())
    assert "· 2 repetitions pooled, runs repeat-1 … repeat-2 · " in out and " 40 sent, ok 75.0% [" in out, out
    assert "run repeat-1: 20 sent, ok 100.0%, availability 100.0%, p99 200 ms" in out
    assert "run repeat-2: 20 sent, ok 50.0%, availability 50.0%, p99 2.00 s" in out
    data = orjson.loads((tmp_path / "report.json").read_bytes())
    Draft202012Validator(orjson.loads(SCHEMA_PATH.read_bytes())).validate(data)
    assert data["run"]["planned"] == 40 and [e["ok"] for e in data["repeats"]["each"]] == [1.0, 0.5]
    assert "run repeat-2: 20 sent, ok 50.0%" in (tmp_path / "report.html").read_text()


def test_a_repeated_rehearsal_is_reported_again_pooled(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """'replay report OUT' of 'replay rehearse --repeat N --out OUT' pools OUT/repeat-K again (it said "no run.json"),
    into OUT; a repetition cut short is refused as one run is, and --partial judges every repetition on what it ran,
    the one cut short's unsent rows "not run". A directory holding neither names both it looked for."""
    gates = '[gates]\navailability = "> 50%"\n'
    write_run(tmp_path / "repeat-1", [Row() for _ in range(10)], gates)
    rows = [Row() for _ in range(4)] + [Row(outcome="unsent") for _ in range(6)]
    write_run(tmp_path / "repeat-2", rows, gates, status="interrupted")
    code, err = run_cli(["report", str(tmp_path)], capsys)
    assert code == 2 and err.count("\n") == 1 and err.startswith(f"replay: error: {tmp_path / 'repeat-2'}: "), err
    assert err.rstrip().endswith(
        f"'replay report {tmp_path} --partial' judges the 4 rows it has with the other repetitions"
    )
    with pytest.raises(SystemExit) as e:
        main(["report", str(tmp_path), "--partial", "--no-plots"])
    out = " ".join(capsys.readouterr().out.split())
    assert (
        e.value.code == 3 and "CUT SHORT (interrupted: repeat-2: see run.json): judged 14 of 20 rows; 6 not run" in out
    )
    data = orjson.loads((tmp_path / "report.json").read_bytes())
    assert data["repeats"]["count"] == 2 and data["totals"]["sent"] == 14 and data["verdict"] == "cut short"
    strict = _scenario(tmp_path, 'p99 = "< 100ms"')  # re-judged with other gates: the pooled verdict again
    assert run_cli(["report", str(tmp_path), "--partial", "-q", "--scenario", str(strict)], capsys)[0] == 1
    assert orjson.loads((tmp_path / "report.json").read_bytes())["repeats"]["count"] == 2
    (tmp_path / "empty").mkdir()
    code, err = run_cli(["report", str(tmp_path / "empty")], capsys)
    assert code == 2 and err.count("\n") == 1 and "empty: no run.json, nor repeat-1/run.json" in err, err
    (tmp_path / "killed").mkdir()  # 'replay rehearse' killed (kill -9) once it had sampled its plan
    (tmp_path / "killed" / rundir.PLAN).write_bytes(b"")
    code, err = run_cli(["report", str(tmp_path / "killed")], capsys)
    assert code == 2 and err.count("\n") == 1, err
    assert "killed: the run never started (it holds plan.plan but no run.json" in err, err


def test_repetitions_a_rehearsal_never_started_are_counted_not_passed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A rehearsal of 3 repetitions cut short between the 2nd and the 3rd left two complete runs: 'replay report OUT'
    passed them as the whole rehearsal. It is unfinished (repeats.json says 3): refused as a run cut short is, and
    --partial counts the third repetition's rows as not run, a verdict never a pass."""
    gates = '[gates]\navailability = "> 50%"\n'
    rundir.write_repeats(tmp_path, 3)
    for k in (1, 2):
        write_run(tmp_path / f"repeat-{k}", [Row() for _ in range(10)], gates)
    code, err = run_cli(["report", str(tmp_path)], capsys)
    assert code == 2 and err.count("\n") == 1, err
    assert "it ran 2 of its 3 repetitions, the rest never started" in err
    assert err.rstrip().endswith(f"'replay report {tmp_path} --partial' judges the 2 it has"), err
    with pytest.raises(SystemExit) as e:
        main(["report", str(tmp_path), "--partial", "--no-plots"])
    out = " ".join(capsys.readouterr().out.split())
    assert e.value.code == 3, out
    assert "CUT SHORT (interrupted: 1 of its 3 repetitions never started): judged 20 of 30 rows; 10 not run" in out
    data = orjson.loads((tmp_path / "report.json").read_bytes())
    assert data["verdict"] == "cut short" and data["partial"]["not_run"] == 10
    rundir.write_repeats(stopped := tmp_path / "stopped", 3)  # stopped before its first repetition began
    for partial in ([], ["--partial"]):
        code, err = run_cli(["report", str(stopped), *partial], capsys)
        assert code == 2 and err.count("\n") == 1, err
        assert "stopped: the rehearsal is unfinished: none of its 3 repetitions started" in err, err
    (tmp_path / rundir.REPEATS).write_text('{"version": 1, "repeats": "3"}')
    code, err = run_cli(["report", str(tmp_path)], capsys)
    assert code == 2 and "repeats.json: not {" in err and "the run directory is damaged" in err, err


def _relink(d: Path) -> None:
    import shutil

    shutil.rmtree(d / "repeat-2")
    (d / "repeat-2").symlink_to("repeat-1")


def _other_plan(d: Path) -> None:
    info = orjson.loads((d / "repeat-2" / "run.json").read_bytes())
    info["plan"]["sha256"] = "ab" * 32
    (d / "repeat-2" / "run.json").write_bytes(orjson.dumps(info))


@pytest.mark.parametrize(
    ("damage", "said"),
    [
        (lambda d: (d / "repeat-2").rename(d / "repeat-02"), "repeat-02: not a repetition a rehearsal writes"),
        (lambda d: (d / "repeat-1").rename(d / "repeat-0"), "repeat-0: not a repetition a rehearsal writes"),
        (lambda d: (d / "repeat-1").rename(d / "repeat-3"), "repeat-1: is missing, though repeat-3 is there; the run"),
        (lambda d: rundir.write_repeats(d, 1), "repeats.json: says 1 repetition(s), "),
        (lambda d: (d / rundir.REPEATS).write_text('{"version": 1, "repeats": 101}'), "of N from 1 to 100; the run"),
        (_relink, "repeat-2 is the run of repeat-1 again (run id repeat-1); pool only the repetitions of one"),
        (_other_plan, "repeat-2 ran another plan than repeat-1 (plan sha256 abababababab)"),
    ],
    ids=["repeat-02", "repeat-0", "a gap", "more than repeats.json", "repeats.json 101", "linked", "another plan"],
)
def test_repetitions_that_are_not_one_rehearsal_s_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], damage: Any, said: str
) -> None:
    """H220's battery: 'replay report OUT' pooled, exit 0, a repeat-01 beside repeat-1 (one of them dropped), a
    repeat-0 or a repeat-3 past repeats.json's 2 (pooled too), repeat-2 a copy or a link of repeat-1 (its rows twice),
    a repetition of another plan; and it said repetitions "never started" where repeat-1 was gone and repeat-2 there.
    """
    rundir.write_repeats(tmp_path, 2)
    for k in (1, 2):
        write_run(tmp_path / f"repeat-{k}", [Row() for _ in range(3)])
    damage(tmp_path)
    code, err = run_cli(["report", str(tmp_path), "-q", "--no-plots"], capsys)
    assert code == 2 and err.count("\n") == 1 and said in err, err


def test_regressions_against_a_baseline_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gate = '[gates]\nregressions = "== 0"\n'
    before = write_run(tmp_path / "before", [Row(family=f) for f in ("typical", "long") for _ in range(60)], gate)
    worse = [Row() for _ in range(60)] + [Row(family="long", outcome="timeout") for _ in range(15)]
    worse += [Row(family="long") for _ in range(45)]
    after = write_run(tmp_path / "after", worse, gate)
    rep = pipeline.report(pipeline.judge(after), baseline=before, plots=False)
    items = {(it["family"], it["metric"]) for it in rep.data["regressions"]["items"]}
    assert ("long", "rate(timeout)") in items and ("(all)", "rate(timeout)") in items
    assert not any(fam == "typical" for fam, _ in items)
    assert rep.exit_code == 1
    assert run_cli(["report", str(after), "-q"], capsys)[0] == 2  # a regressions gate needs --baseline
    again = write_run(tmp_path / "again", [Row(family=f) for f in ("typical", "long") for _ in range(60)], gate)
    assert pipeline.report(pipeline.judge(again), baseline=before, plots=False).exit_code == 0
    with pytest.raises(BadInput, match="the run being reported"):  # compared with itself, nothing regresses
        pipeline.report(pipeline.judge(before), baseline=before, plots=False)


def test_a_repeated_rehearsal_is_a_baseline_pooled(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """H220: a rehearsal of production with --repeat 2 given as --baseline was refused, "no run.json": its
    repetitions are pooled as 'replay report OUT' pools them (a timeout in one of them is the baseline's 1 in 40,
    not 1 in 20), and one unfinished is refused as a baseline is, without offering --partial."""
    gate = '[gates]\nregressions = "== 0"\n'
    before = tmp_path / "before"
    rundir.write_repeats(before, 2)
    write_run(before / "repeat-1", [Row(family="long") for _ in range(20)], gate)
    write_run(before / "repeat-2", [Row(family="long", outcome="timeout")] + [Row(family="long")] * 19, gate)
    after = write_run(tmp_path / "after", [Row(family="long", outcome="timeout")] * 6 + [Row(family="long")] * 34, gate)
    rep = pipeline.report(pipeline.judge(after), baseline=before, plots=False)
    timeouts = [it for it in rep.data["regressions"]["items"] if it["metric"] == "rate(timeout)"]
    assert timeouts and timeouts[0]["before"] == 1 / 40 and timeouts[0]["rows"] == [40, 40], timeouts
    assert rep.data["regressions"]["against"] == "repeat-1, repeat-2" and rep.exit_code == 1
    rundir.write_repeats(before, 3)
    code, err = run_cli(["report", str(after), "--baseline", str(before), "-q"], capsys)
    assert code == 2 and err.count("\n") == 1 and "it ran 2 of its 3 repetitions" in err and "--partial" not in err


@pytest.mark.parametrize(
    ("run", "baseline", "said"),
    [
        ("out", "out/repeat-1", "out/repeat-1: one of the runs the report pools; give another run"),
        ("out/repeat-2", "out", "out: holds the run being reported (out/repeat-2); give another run"),
        ("out", "copy", "copy: one of the runs the report pools (a copy of out/repeat-1: run id repeat-1); give"),
    ],
)
def test_a_baseline_that_is_the_run_is_refused(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    run: str,
    baseline: str,
    said: str,
) -> None:
    """H225: only the run's own path was refused as its --baseline; a repetition the report pools, the rehearsal that
    holds the run, or a copy of one (its run id) was judged against itself: every regression gate passed."""
    monkeypatch.chdir(tmp_path)  # the paths in the message as given
    rundir.write_repeats(Path("out"), 2)
    for k in (1, 2):
        write_run(Path(f"out/repeat-{k}"), [Row() for _ in range(3)])
    shutil.copytree("out/repeat-1", "copy")
    code, err = run_cli(["report", run, "--baseline", baseline, "-q", "--no-plots"], capsys)
    assert code == 2 and err.count("\n") == 1 and f"--baseline {said}" in err, err
    assert not Path(run, "report.json").exists()


def _scenario(tmp_path: Path, gate: str) -> Path:
    path = tmp_path / f"s{abs(hash(gate))}.toml"
    path.write_text(f"[gates]\n{gate}\n", encoding="utf-8")
    return path


def test_rows_never_sent_are_no_data_not_a_pass(tmp_path: Path) -> None:
    gates = '[gates]\np99 = "< 1s"\n"rate(unsent)" = "< 1%"\n'
    rep = pipeline.report(
        pipeline.judge(write_run(tmp_path / "run", [Row(outcome="dropped") for _ in range(5)], gates))
    )
    assert [(g["shown"], g["passed"]) for g in rep.data["gates"]] == [("no data", False), ("100.00%", False)]
    assert rep.data["totals"]["classes"]["unsent"] == 5 and rep.data["totals"]["rates"]["ok"] is None
    assert "no row was sent" in [f["title"] for f in rep.data["findings"]]


@pytest.mark.filterwarnings("ignore:Glyph 27")  # the HTML plot draws the family name, ESC and all
def test_terminal_escapes_in_replies_never_reach_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A reply holding ESC sequences (colours, a window title) is shown escaped in the terminal summary, never
    sent to the terminal: what a run gets back is untrusted text."""
    hostile = "\x1b]0;title\x07\x1b[31mRED " + ANSWER
    rows = [Row(answer=hostile, baseline=ANSWER, family="x\x1b[2Jy") for _ in range(5)] + [Row() for _ in range(5)]
    run = write_run(tmp_path / "run", rows, '[gates]\n"rate(drift)" = "< 1%"\n')
    with pytest.raises(SystemExit):
        main(["report", str(run)])
    out, err = capsys.readouterr()
    assert "\x1b" not in out + err and "x\\x1b[2Jy" in out, (out, err)


# ``replay report RUN`` in a child that is killed (SIGKILL) before its K-th rename of a report file.
_KILLED_AT = """
import os, signal, sys
from replay.cli import main
K, real, seen = int(sys.argv[1]), os.replace, []
def replace(src, dst):
    if os.path.basename(dst) in ("report.html", "junit.xml", "report.json"):
        if len(seen) == K:
            os.kill(os.getpid(), signal.SIGKILL)
        seen.append(dst)
    real(src, dst)
os.replace = replace
main(["report", sys.argv[2], "--no-plots"])
"""


@pytest.mark.parametrize("k", [0, 2])
def test_a_killed_report_leaves_a_new_report_json_only_beside_its_new_set(tmp_path: Path, k: int) -> None:
    """Killed while it writes (before any rename: the rendering, all but three renames' time), ``replay report``
    leaves the old set; killed between two renames, report.html and then junit.xml are new first, so a new
    report.json is never beside an old report.html or junit.xml, nor beside none. The next report removes what
    the killed one left half made."""
    import subprocess
    import sys

    run = write_run(tmp_path / "run", [Row()], '[gates]\np99 = "< 4s"\n')
    names = ["report.html", "junit.xml", "report.json"]
    for name in names:
        (run / name).write_bytes(b"old")
    proc = subprocess.run([sys.executable, "-c", _KILLED_AT, str(k), str(run)], capture_output=True, timeout=120)
    assert proc.returncode == -9, proc.stderr
    assert [(run / n).read_bytes() != b"old" for n in names] == [i < k for i in range(3)]
    assert any(p.name.startswith(".part-") for p in run.iterdir())
    again = replay_here("report", str(run), "--no-plots")
    assert again.returncode in (0, 1), again.stderr
    assert not [p.name for p in run.iterdir() if p.name.startswith(".part-")]
    assert all((run / n).read_bytes() != b"old" for n in names)
