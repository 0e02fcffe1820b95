"""Cost: prices (shipped and a scenario's), per-row cost joined on the answering model and its usage,
per 1,000 requests, retries' and fallbacks' cost, the cost_per_1k gates, report.json's costs section."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from jsonschema import Draft202012Validator

from replay import pipeline
from replay.config.prices import Price, shipped_prices
from replay.config.scenario import parse_scenario
from replay.errors import BadInput
from replay.judge.gates import parse_gate
from replay.report import SCHEMA_PATH
from tests.report.rundir import Row, write_run

SCENARIO = """
[prices]
"house-model" = { input = 1.0, output = 4.0, cached = 0.5 }
[checks.endpoints."POST /api/assist"]
answer = "answer"
path = "header:x-fallback-path"
retries_header = "x-attempted-retries"
[gates]
"cost_per_1k" = "< $2.50"
"""


def _body(model: str, tokens_in: int, tokens_out: int, cached: int = 0) -> str:
    usage = {"prompt_tokens": tokens_in, "completion_tokens": tokens_out}
    usage["prompt_tokens_details"] = {"cached_tokens": cached}  # type: ignore[assignment]
    return orjson.dumps({"answer": "Open Settings and select Reset password.", "model": model, "usage": usage}).decode()


def _rows(out_tokens: int = 100) -> list[Row]:
    """60 primary answers (house-model, 1000 in of which 200 cached, N out), one retried; 20 answered
    by the secondary (gpt-4o-mini-2024-07-18, priced by its prefix); 20 canned answers (no tokens)."""
    rows = [
        Row(body=_body("house-model", 1000, out_tokens, 200), headers={"x-fallback-path": "primary"}) for _ in range(60)
    ]
    rows[0].headers["x-attempted-retries"] = "2"
    rows += [
        Row(body=_body("gpt-4o-mini-2024-07-18", 1000, 100), headers={"x-fallback-path": "secondary"})
        for _ in range(20)
    ]
    rows += [Row(headers={"x-fallback-path": "canned"}) for _ in range(20)]
    return rows


def test_prices_lookup_and_cost() -> None:
    table = shipped_prices()
    assert table.date and table.lookup("gpt-4o-mini-2024-07-18") == table.models["gpt-4o-mini"]
    assert table.lookup("support-mini-2024-07") is not None and table.lookup("nobody") is None
    assert Price(1.0, 4.0, 0.5).cost(1000, 100, 200) == pytest.approx((800 * 1.0 + 200 * 0.5 + 100 * 4.0) / 1e6)
    assert Price(1.0, 4.0).cost(1000, 0, 1000) == pytest.approx(1000 / 1e6)  # cached at the input price


def test_bedrock_model_ids_are_priced_by_their_providers_entry() -> None:
    """A Bedrock id behind its provider, a cross-region profile's region, an inference profile's ARN; Bedrock's own."""
    table = shipped_prices()
    sonnet = table.models["claude-3-5-sonnet"]
    arn = "arn:aws:bedrock:us-east-1:123456789012:inference-profile/eu.anthropic.claude-3-5-sonnet-20240620-v1:0"
    for model in ("anthropic.claude-3-5-sonnet-20240620-v1:0", "us.anthropic.claude-3-5-sonnet-20240620-v1:0", arn):
        assert table.lookup(model) == sonnet, model
    assert table.lookup("us.amazon.nova-lite-v1:0") == table.models["amazon.nova-lite"]
    assert (
        table.lookup("gpt-4.1-mini") == table.models["gpt-4.1-mini"] and table.lookup("cohere.command-r-v1:0") is None
    )
    with pytest.raises(BadInput, match=r"prices\.x\.output"):
        parse_scenario("[prices]\nx = { input = 1, output = -2 }\n")


def test_cost_gates_parse() -> None:
    assert parse_gate("cost_per_1k", "< $2.50").threshold == 2.5
    rel = parse_gate("cost_per_1k", "< 110% baseline")
    assert rel.reference == "baseline" and rel.threshold == pytest.approx(1.1)
    for text in ("< 2s", "< $110% baseline"):
        with pytest.raises(ValueError, match=r"cost_per_1k|baseline"):
            parse_gate("cost_per_1k", text)
    with pytest.raises(ValueError, match=r"\$ and 'baseline'"):
        parse_gate("p99", "< $2")


def test_cost_per_request_path_retry_and_fallback(tmp_path: Path) -> None:
    rep = pipeline.report(pipeline.judge(write_run(tmp_path / "run", _rows(), SCENARIO)), plots=False)
    Draft202012Validator(orjson.loads(SCHEMA_PATH.read_bytes())).validate(rep.data)
    costs = rep.data["costs"]
    primary = (800 * 1.0 + 200 * 0.5 + 100 * 4.0) / 1e6
    secondary = (1000 * 0.15 + 100 * 0.60) / 1e6
    assert costs["total"] == pytest.approx(60 * primary + 20 * secondary)
    assert costs["per_1k"] == pytest.approx((60 * primary + 20 * secondary) / 100 * 1000)
    assert costs["fallback_cost"] == pytest.approx(20 * secondary)  # secondary answers; canned ones are free
    assert costs["retry_cost"] == pytest.approx(2 * primary)  # one answer behind two retries
    paths = {r["name"]: r for r in costs["rows"] if r["scope"] == "path"}
    assert {k: v["share"] for k, v in paths.items()} == {"primary": 0.6, "secondary": 0.2, "canned": 0.2}
    assert paths["canned"]["cost"] is None and paths["secondary"]["per_request"] == pytest.approx(secondary)
    models = {r["name"] for r in costs["rows"] if r["scope"] == "model"}
    assert models == {"house-model", "gpt-4o-mini-2024-07-18", "unknown"}
    gate = rep.data["gates"][0]
    assert gate["passed"] and gate["shown"].startswith("$")
    html = (rep.out / "report.html").read_text(encoding="utf-8")
    assert "Cost" in html and "per path primary $" in html and "list prices of" in html


def test_cost_against_the_baseline_run(tmp_path: Path) -> None:
    gate = SCENARIO.replace('"< $2.50"', '"< 110% baseline"')
    before = write_run(tmp_path / "before", _rows(100), gate)
    after = write_run(tmp_path / "after", _rows(300), gate)  # longer answers: more output tokens
    rep = pipeline.report(pipeline.judge(after), baseline=before, plots=False)
    g = rep.data["gates"][0]
    assert not g["passed"] and g["value"] > 1.1 and "of baseline" in g["shown"]
    assert rep.data["costs"]["baseline_per_1k"] < rep.data["costs"]["per_1k"]
    again = write_run(tmp_path / "again", _rows(100), gate)
    assert pipeline.report(pipeline.judge(again), baseline=before, plots=False).data["gates"][0]["passed"]
    with pytest.raises(BadInput, match="needs a baseline run"):
        pipeline.report(pipeline.judge(after), plots=False)
