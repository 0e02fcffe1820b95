"""Latency against the prompt's length, read within the run: a slope load does not move, beside production's,
and the slope gate named by it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import orjson
import pytest

from replay import pipeline
from replay.errors import BadInput
from replay.judge.gates import parse_gate, parse_gates
from replay.judge.growth import growth
from tests.report.rundir import Row, write_run

LENGTHS = (40, 300, 900, 1800, 3000)  # prompt tokens: the demo's short to long prompts
GOOD = "Open Settings, choose Security and select Reset password. The link is valid for one hour."


def _steps(per_token: float, load: tuple[float, ...]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Eight rows of each length per step; each step's rows ``load[step]`` times slower and 1 s later than the
    step before (the machine busier, the injected latency higher), ``per_token`` seconds more per token."""
    rng = np.random.default_rng(7)
    length, took, step = [], [], []
    for s, factor in enumerate(load):
        for n in LENGTHS * 8:
            length.append(n)
            took.append(s + factor * (0.3 + per_token * n + rng.uniform(0, 0.2)))
            step.append(s)
    return np.array(length, dtype=float), np.array(took), np.array(step)


def test_the_slope_is_read_within_each_step_so_load_and_injected_latency_leave_it() -> None:
    """Production's 0.02 ms a token against staging's 1 ms: the 0.98 s per 1k tokens between them stands out of
    steps 1 s apart whose rows a busy machine made 1.5x slower; an unchanged release on the same busy machine
    stays near production's (what the steps add is a level, not a slope)."""
    length, took, step = _steps(0.001, (1.0, 1.5, 1.5))
    theirs = 0.3 + 0.00002 * length
    plain = np.ones(len(length), dtype=bool)
    grew = growth(length, took, theirs, step, plain)
    assert grew is not None and grew.production == pytest.approx(0.02)
    assert 0.9 < grew.excess < 1.6
    same = growth(length, _steps(0.00002, (1.0, 1.5, 1.5))[1], theirs, step, plain)
    assert same is not None and abs(same.excess) < 0.1


def test_the_interval_is_wide_where_few_rows_lie_far_apart_and_narrow_where_many_do() -> None:
    """Sen's interval of the excess: 200 prompts of 40 to 3,000 tokens on a busy machine (times off by up to 1 s) hold
    1 ms a token to within +-0.2 s per 1k; a release whose long prompts all went another way leaves rows 100 to 500
    tokens apart, whose slope the same noise moves by seconds per 1k: its interval holds 0 and 0.4 s alike, so a
    gate with a level or the growth cause cannot fail on it. Production's noise widens the excess's interval too."""
    rng = np.random.default_rng(11)
    theirs_slope = 0.00002
    wide = rng.uniform(40, 3000, 200)
    took = 0.3 + 0.001 * wide + rng.uniform(0, 1.0, 200)
    grew = growth(wide, took, 0.3 + theirs_slope * wide, np.zeros(200), np.ones(200, dtype=bool))
    assert grew is not None and grew.interval[0] < grew.excess < grew.interval[1]
    assert grew.interval[0] > 0.4 and grew.interval[1] - grew.interval[0] < 0.4
    narrow = rng.uniform(100, 500, 40)
    noisy = 0.3 + rng.uniform(0, 1.0, 40)
    flat = growth(narrow, noisy, 0.3 + theirs_slope * narrow, np.zeros(40), np.ones(40, dtype=bool))
    assert flat is not None and flat.interval[0] < 0 and flat.interval[1] > 0.4
    their_noise = 0.3 + theirs_slope * narrow + rng.uniform(0, 1.0, 40)
    both = growth(narrow, noisy, their_noise, np.zeros(40), np.ones(40, dtype=bool))
    assert both is not None and both.interval[1] - both.interval[0] > flat.interval[1] - flat.interval[0]
    assert (
        growth(wide, took, 0.3 + theirs_slope * wide, np.zeros(200), np.ones(200, dtype=bool), 0.5).interval[1]
        < grew.interval[1]
    )  # a lower level, a narrower interval


def test_too_few_plain_rows_give_no_slope() -> None:
    length, took, step = _steps(0.001, (1.0,))
    plain = np.zeros(len(length), dtype=bool)
    plain[:5] = True  # five rows of the same prompt length and five others: no pair 200 tokens apart
    assert growth(length, took, np.full(len(length), np.nan), step, plain) is None


def test_slope_gates_parse() -> None:
    g = parse_gate("slope(latency, tokens_in){family=long}", "< 400ms")
    assert (g.metric, g.column, g.threshold, g.tag("family")) == ("slope", "latency", 0.4, "long")
    assert parse_gate("slope(ttft,tokens_in)", "< 1s").column == "ttft"
    with pytest.raises(BadInput, match=r"write slope\(latency, tokens_in\); the time may be latency, service, ttft"):
        parse_gates({"slope(tpot, tokens_in)": "< 1s"}, "s.toml")
    with pytest.raises(BadInput, match="a latency takes ms, s, m or h, not %"):
        parse_gates({"slope(latency, tokens_in)": "< 5%"}, "s.toml")
    assert parse_gate("slope(latency, tokens_in)", "< 400ms @95").level == 0.95
    with pytest.raises(BadInput, match=r"applies to rate, goodput, availability, stalls, slope"):
        parse_gates({"p99": "< 4s @95"}, "s.toml")
    with pytest.raises(BadInput, match=r"'< 400ms @40': write '< 400ms @95' \(a level from 50 to 99.9"):
        parse_gates({"slope(latency, tokens_in)": "< 400ms @40"}, "s.toml")


def _row(tokens: int, step: int, took: float, theirs: float, **kw: object) -> Row:
    usage = {"prompt_tokens": tokens, "completion_tokens": 20}
    body = orjson.dumps({"answer": GOOD, "usage": usage}).decode()
    return Row(step=step, latency=took, body=body, baseline_body=body, baseline_latency=theirs, **kw)  # type: ignore[arg-type]


def _report(tmp_path: Path, per_token: float, gate: str = "< 400ms") -> dict[str, object]:
    """Two steps of 40 rows (the second 1 s slower), prompts of 40 to 3,000 tokens; production took 0.02 ms more a
    token, staging ``per_token``; a few rows retried or answered by the fallback model (their time left out)."""
    rows = []
    for step in (0, 1):
        for i, n in enumerate(LENGTHS * 8):
            took = step + 0.3 + per_token * n + 0.01 * (i % 7)
            rows.append(_row(n, step, took, 0.3 + 0.00002 * n + 0.01 * (i % 5)))
    rows += [_row(40, 0, 3.0, 0.3, headers={"x-attempted-retries": "2"}) for _ in range(3)]
    rows += [_row(40, 1, 3.0, 0.3, headers={"x-fallback-path": "secondary"}) for _ in range(3)]
    scenario = '[checks]\nretries_header = "x-attempted-retries"\npath = "header:x-fallback-path"\n'
    gates = f'[gates]\n"slope(latency, tokens_in)" = "{gate}"\n"p99" = "< 4s"\n'
    run = write_run(tmp_path / "run", rows, scenario + gates)
    pipeline.report(pipeline.judge(run), plots=False)
    return orjson.loads((run / "report.json").read_bytes())


def test_a_release_whose_time_grows_with_the_prompt_fails_the_slope_gate_named_by_it(tmp_path: Path) -> None:
    """1 ms more a prompt token (a dependency's prefill grew): the gate fails, named by the growth beside
    production's on the same prompts (a cause finding), in every step alike; the retried and fallback rows' 3 s
    at the short prompts are left out."""
    data = _report(tmp_path, 0.001)
    gate, p99 = data["gates"]  # type: ignore[misc]
    assert not gate["passed"] and data["exit_code"] == 1
    assert gate["value"] == pytest.approx(0.98, abs=0.03)
    assert gate["shown"] == "+967 ms per 1k input tokens"
    cause = "latency grows with the prompt's length: +1000 ms per 1k input tokens, production +33 ms"
    assert gate["cause"] == cause
    # the long prompts' 4.3 s at the second step: the p99 is named by the same cause, one finding for both
    assert not p99["passed"] and p99["cause"] == cause
    (finding,) = [f for f in data["findings"] if f["title"] == cause]  # type: ignore[attr-defined]
    assert finding["kind"] == "cause" and finding["gates"] == ["slope(latency, tokens_in) < 400ms", "p99 < 4s"]
    assert finding["about"] == "slope(latency, tokens_in)"  # what the slope gate is explained by


def test_a_slope_gate_with_a_level_fails_on_its_interval_s_lower_end(tmp_path: Path) -> None:
    """The same run under "< 400ms @95": its interval (shown beside the value) lies wholly past 400 ms, so it fails,
    named as before."""
    gate = _report(tmp_path, 0.001, "< 400ms @95")["gates"][0]  # type: ignore[index]
    lo, hi = gate["interval"]
    assert not gate["passed"] and 0.4 < lo <= gate["value"] <= hi
    assert "+967 ms per 1k input tokens [95% CI +966 ms..+" in gate["detail"]
    assert gate["cause"].startswith("latency grows with the prompt's length: +1000 ms per 1k input tokens")


def test_an_unchanged_release_passes_the_slope_gate(tmp_path: Path) -> None:
    data = _report(tmp_path, 0.00002)
    gate, _ = data["gates"]  # type: ignore[misc]
    assert gate["passed"] and abs(gate["value"]) < 0.05 and data["exit_code"] == 0
    assert [f["kind"] for f in data["findings"]] == ["parity"]  # type: ignore[index]
