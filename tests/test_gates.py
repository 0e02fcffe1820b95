"""Gates: k6-style thresholds parsed strictly, evaluated per segment, failing segments kept visible."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from replay import pipeline
from replay.errors import BadInput
from replay.judge import Judged, judge_run
from replay.judge.evaluate import GateSegment, evaluate
from replay.judge.frame import Frame
from replay.judge.gates import parse_gate, parse_gates
from replay.runner import open_run
from replay.testing.synth import write_capture
from replay.util.stats import share_interval
from tests.report.rundir import Row, write_run

GOOD = "Open Settings, choose Security and select Reset password. The link is valid for one hour."
FALLBACK = '[checks]\nfallback = [{ header = "x-fallback" }]\nretries_header = "x-attempted-retries"\n'


@pytest.mark.parametrize(
    ("key", "text", "metric", "threshold"),
    [
        ("p99", "< 4s", "quantile", 4.0),
        ("p(95)", "<= 250ms", "quantile", 0.25),
        ("service_p99.9", "< 1m", "quantile", 60.0),
        ("rate(timeout)", "< 1%", "rate", 0.01),
        ("rate(error|timeout)", "< 0.02", "rate", 0.02),
        ("rate(fallback){family=long}", "< 5%", "rate", 0.05),
        ("goodput{step=3}", "> 95%", "goodput", 0.95),
        ("availability{step=3}", "> 90%", "availability", 0.9),
        ("rate(drift)", "< 5% @95", "rate", 0.05),
        ("availability", ">= 0.9 @99.5%", "availability", 0.9),
        ("retry_amplification", "< 1.5", "retry_amplification", 1.5),
        ("count(invalid)", "== 0", "count", 0.0),
        ("regressions", "== 0", "regressions", 0.0),
        ("p50{step=0}", "< 150% production", "quantile", 1.5),
        ("service_p90", "<= 200% production", "quantile", 2.0),
    ],
)
def test_parse(key: str, text: str, metric: str, threshold: float) -> None:
    g = parse_gate(key, text)
    assert g.metric == metric and g.threshold == pytest.approx(threshold)


@pytest.mark.parametrize(
    ("key", "text", "why"),
    [
        ("p99", "4s", "is not 'OP VALUE'"),
        ("p99", "< 4%", "a latency takes"),
        ("rate(timeout)", "< 5", "a share is 0..1"),
        ("rate(timeout)", "< 5s", "a share takes %"),
        ("rate(slowness)", "< 1%", "unknown class 'slowness'"),
        ("latency_p101", "< 1s", "outside 0..100"),
        ("throughput", "> 5", "unknown metric 'throughput'"),
        ("p99{user=bob}", "< 1s", "unknown tag 'user'"),
        ("retry_spread{step=1,step=2}", "> 0.15", "tag 'step' given twice"),
        ("p99{step=three}", "< 1s", "not a step number"),
        ("retry_amplification", "< 1.5x", "retry_amplification is a plain number; drop the x"),
        ("p99", "< 4s @95", "a confidence bound (@95) applies to rate, goodput, availability, stalls"),
        ("rate(drift)", "< 5% @40", "a level from 50 to 99.9"),
        ("rate(drift)", "== 0 @95", "with <, <=, > or >="),
        # gates no run can pass: every run failed them, exit 1, as if the release were at fault
        ("p99", "< 0s", "no run can pass it (the figure is never below 0); for none at all write '<= 0'"),
        ("rate(error)", "< -0%", "no run can pass it"),
        ("availability", "> 100%", "no run can pass it (a share is never over 100%)"),
        # against production's time on the same prompts: a share of it, of a time its capture has
        ("p50", "< 1.5x production", "write a share of production's time, e.g. '< 150% production'"),
        ("p50", "< 1.5 production", "write a share of production's time"),
        ("p50", "< 150% baseline", "a latency compares with production's, e.g. '< 150% production'"),
        ("ttft_p90", "< 150% production", "production's capture timed each request to its last byte and has no ttft"),
        ("tokens_out_p50", "< 150% production", "has no tokens_out"),
        ("rate(error)", "< 150% production", "has no rate"),
        ("p50", "< 150% production @95", "a confidence bound (@95) applies to rate"),
        ("p50", "< 0% production", "a time is 0% of production's or more"),
    ],
)
def test_malformed_gates_are_bad_input(key: str, text: str, why: str) -> None:
    with pytest.raises(BadInput) as e:
        parse_gates({key: text}, "s.toml")
    msg = str(e.value)
    assert msg.startswith(f's.toml: gates."{key}": ') and why in msg and "\n" not in msg


@pytest.fixture(scope="module")
def frame(tmp_path_factory: pytest.TempPathFactory) -> Frame:
    """1,000 rows: 950 fine, and the 50 long prompts 40% fallback (20 rows): 2% overall."""
    rows = [Row() for _ in range(950)]
    rows += [Row(family="long", headers={"x-fallback": "true", "x-attempted-retries": "2"}) for _ in range(20)]
    rows += [Row(family="long", step=1) for _ in range(30)]
    return Frame.of(judge_run(open_run(write_run(tmp_path_factory.mktemp("gates") / "run", rows, FALLBACK))))


def test_a_failing_family_stays_visible_under_a_passing_total(frame: Frame) -> None:
    overall, per_family = evaluate(
        parse_gates({"rate(fallback)": "< 5%", "rate(fallback){family=long}": "< 5%"}), frame
    )
    assert overall.passed and overall.value == pytest.approx(0.02)
    assert overall.segments == [GateSegment("long", pytest.approx(0.4), 50)]
    assert "over it in family long 40.00%" in overall.detail
    assert not per_family.passed and per_family.value == pytest.approx(0.4)


def test_metrics_per_step_and_amplification(frame: Frame) -> None:
    gates = parse_gates(
        {
            "goodput{step=1}": "> 95%",
            "goodput{step=0}": "> 99%",
            "retry_amplification": "< 1.5",
            "retry_amplification{step=0}": "< 1.01",
            "p99": "< 1s",
            "count(fallback)": "== 20",
        }
    )
    step1, step0, amp, amp0, p99, count = evaluate(gates, frame)
    assert step1.passed and step1.value == 1.0 and step1.rows == 30
    assert not step0.passed and step0.value == pytest.approx(950 / 970)
    assert amp.passed and amp.value == pytest.approx(1 + 2 * 20 / 1000)
    assert not amp0.passed
    assert p99.passed and p99.value == pytest.approx(0.2)
    assert count.passed


def test_segments_the_run_lacks_are_bad_input(frame: Frame) -> None:
    for key, why in (
        ("rate(fallback){family=lnog}", "no family 'lnog'; it has typical, long"),
        ("p99{step=7}", "no step '7'; it has 0, 1"),
        ("p99{endpoint=GET /x}", "no endpoint 'GET /x'"),
        ("regressions", "needs a baseline run"),
    ):
        with pytest.raises(BadInput, match=why):
            evaluate(parse_gates({key: "< 1"} if key != "regressions" else {key: "== 0"}), frame, where="s.toml")


def test_availability_is_apart_from_goodput(tmp_path: Path) -> None:
    """A refusal or a drifted answer is an answer in time: it lowers goodput, not availability."""
    rows = [Row() for _ in range(16)] + [Row(answer="I'm sorry, but I can't help with that request.")] * 2
    rows += [Row(headers={"x-fallback": "true"})] * 2
    frame = Frame.of(judge_run(open_run(write_run(tmp_path / "run", rows, FALLBACK))))
    goodput, availability = evaluate(parse_gates({"goodput": "> 90%", "availability": "> 85%"}), frame)
    assert goodput.value == pytest.approx(0.8) and not goodput.passed
    assert availability.value == pytest.approx(0.9) and availability.passed


def test_share_interval() -> None:
    lo, hi = share_interval([12], [240])
    assert lo < 0.05 < hi and share_interval([0], [0]) is None
    assert share_interval([0], [240])[0] == 0.0  # type: ignore[index]
    one = share_interval([24], [240])
    spread = share_interval([12, 24, 36], [240, 240, 240])  # the same mean, repetitions that disagree
    assert one is not None and spread is not None and spread[1] - spread[0] > one[1] - one[0]


def _repeats(tmp_path: Path, drifted: list[int], rows: int = 240) -> Frame:
    """Repetitions of one plan whose answers drift from production's on ``drifted[k]`` rows."""
    other = "Could you tell me a bit more about what you need?"
    parts = []
    for k, n in enumerate(drifted):
        drift = [Row(prompt=f"question {i}", answer=other, baseline=GOOD) for i in range(n)]
        same = [Row(prompt=f"question {i}") for i in range(n, rows)]
        run = write_run(tmp_path / f"r{k}", drift + same, FALLBACK)
        parts.append(judge_run(open_run(run)))
    return Frame.of(Judged.concat(parts))


def test_a_confidence_bound_keeps_noise_from_failing_and_still_fails_a_real_regression(tmp_path: Path) -> None:
    gates = parse_gates({"rate(drift)": ["< 5%", "< 5% @95"]})
    # A/A: production's own noise, 3.3% to 6.7% of rows drift from one repetition to the next.
    noisy = _repeats(tmp_path / "aa", [16, 8, 12])
    plain, bound = evaluate(gates, noisy)
    assert plain.value == pytest.approx(36 / 720) and not plain.passed  # 5.0%: the plain gate fails on noise
    assert bound.passed and bound.interval is not None and bound.interval[0] < 0.05 < bound.interval[1]
    assert "95% CI" in bound.detail
    # A real regression, five points over the threshold: the whole interval is over it.
    worse = _repeats(tmp_path / "ab", [24, 25, 23])
    plain, bound = evaluate(gates, worse)
    assert not plain.passed and not bound.passed and bound.interval[0] > 0.05  # type: ignore[index]


def test_stream_and_token_gates_parse_with_their_units() -> None:
    itl = parse_gate("itl_p99", "< 80ms")
    assert (itl.column, itl.q, itl.threshold, itl.unit) == ("itl", 0.99, 0.08, "s")
    ttft = parse_gate("ttft_p90{family=long}", "< 2s")
    assert ttft.tag("family") == "long" and ttft.threshold == 2.0
    tokens = parse_gate("tokens_out_p50", "> 150")
    assert (tokens.column, tokens.threshold, tokens.unit) == ("tokens_out", 150.0, "")
    assert parse_gate("stalls", "< 1% @95").level == 0.95
    for key, text in (("tokens_out_p50", "> 150ms"), ("itl_avg", "< 1s"), ("tpot_p50", "< 5%")):
        with pytest.raises(ValueError):
            parse_gate(key, text)


def test_a_gate_without_a_threshold_is_bad_input() -> None:
    """``"p99" = []`` checks nothing, so it could never fail: refused, not a silent pass."""
    with pytest.raises(BadInput, match=r'scenario: gates."p99": no threshold; write one'):
        parse_gates({"p99": []})


def test_a_latency_against_production_is_the_ratio_on_the_same_prompts(tmp_path: Path) -> None:
    """Staging 0.6 s (its service time) where production took 0.4 s at step 0, 2 s at step 1; rows whose record
    has no production time (captured without timings) left out of both sides."""
    rows = [Row(latency=0.601, baseline_latency=0.4, prompt=f"q{i}") for i in range(10)]
    rows += [Row(latency=9.0, baseline_latency=None, prompt=f"n{i}") for i in range(5)]
    rows += [Row(step=1, latency=2.001, baseline_latency=0.4, prompt=f"s{i}") for i in range(10)]
    frame = Frame.of(judge_run(open_run(write_run(tmp_path / "run", rows))))
    gates = {"p50{step=0}": ["< 140% production", "< 160% production"], "service_p90": "< 150% production"}
    tight, loose, whole = evaluate(parse_gates(gates), frame)
    assert tight.value == pytest.approx(1.5) and not tight.passed and loose.passed
    assert tight.shown == "150.0% of production" and tight.gate.unit == "x"
    assert "p50{step=0} = 150.0% of production (threshold < 140% production)" in tight.detail
    assert whole.value == pytest.approx(5.0) and not whole.passed and tight.rows == 15


def test_a_latency_against_production_without_its_times_is_bad_input(tmp_path: Path) -> None:
    frame = Frame.of(judge_run(open_run(write_run(tmp_path / "run", [Row(baseline_latency=None)] * 5))))
    with pytest.raises(BadInput, match=r"s.toml: gates.\"p50\" = \"< 150% production\": compares with production's"):
        evaluate(parse_gates({"p50": "< 150% production"}), frame, where="s.toml")


def test_a_latency_against_production_on_a_segment_production_never_timed_is_bad_input(tmp_path: Path) -> None:
    """Step 1's rows came from an import without timings, step 0's were timed: a gate on step 1 could never read
    a value (it failed with none, and its finding crashed the report); step 0's still reads."""
    rows = [Row(baseline_latency=0.4, prompt=f"q{i}") for i in range(5)]
    rows += [Row(step=1, baseline_latency=None, prompt=f"n{i}") for i in range(5)]
    frame = Frame.of(judge_run(open_run(write_run(tmp_path / "run", rows))))
    assert evaluate(parse_gates({"p50{step=0}": "< 150% production"}), frame)[0].passed
    with pytest.raises(BadInput, match=r'gates."p50{step=1}" = "< 150% production": none of its 5 rows has produc'):
        evaluate(parse_gates({"p50{step=1}": "< 150% production"}), frame, where="s.toml")


def test_a_latency_against_production_with_the_comparison_off_fails_before_any_load(tmp_path: Path) -> None:
    scenario = tmp_path / "s.toml"
    scenario.write_text(
        '[target]\nbase_url = "http://127.0.0.1:9"\n[checks.baseline]\nenabled = false\n'
        '[gates]\n"p50{step=0}" = "< 150% production"\n'
    )
    with pytest.raises(BadInput, match=r"this run has none: .* or \[checks.baseline\] is off"):
        pipeline.rehearse(pipeline.load(scenario), tmp_path / "capture.jsonl.zst", tmp_path / "out")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("gate", "untimed", "said"),
    [
        ("p50", "", "compares with production's time on the same prompts, and this run has none"),
        ("p50{family=long}", '"family":"long"', 'gates."p50{family=long}" = "< 150% production": none of its '),
    ],
)
def test_a_latency_against_production_on_records_production_never_timed_fails_before_any_load(
    tmp_path: Path, gate: str, untimed: str, said: str
) -> None:
    """A capture (or its long prompts) imported without timings: the run went through its whole load, then the
    judge found the gate could read no value."""
    capture = tmp_path / "capture.jsonl"
    write_capture(capture, 200)
    lines = capture.read_bytes().splitlines()
    capture.write_bytes(
        b"".join((line.replace(b',"total":0.6', b"") if untimed.encode() in line else line) + b"\n" for line in lines)
    )
    scenario = tmp_path / "s.toml"
    scenario.write_text(
        '[sample]\nseed = 1\ntarget = "production"\n[load]\nrate = 5\nduration = "4s"\n'
        '[target]\nbase_url = "http://127.0.0.1:9"\nallow_hosts = ["127.0.0.1"]\nallow_unsafe = ["POST /*"]\n'
        f'[gates]\n"{gate}" = "< 150% production"\n'
    )
    loaded = pipeline.load(scenario)
    plan = pipeline.sample(capture, loaded, tmp_path / "p.plan")
    with pytest.raises(BadInput, match=re.escape(said)):
        pipeline.run(plan, loaded, tmp_path / "out")
    assert not (tmp_path / "out").exists()
