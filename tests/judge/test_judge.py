"""The judge: one test per failure class, the precedence between them, and refusals by family."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest

from replay import pipeline
from replay.config.scenario import parse_scenario
from replay.judge import CLASSES, NOT_SENT, PRECEDENCE, Judge, Reply, parse_reply
from replay.runner.results import Result
from tests.report.rundir import Row, sse, write_run

CHECKS = r"""
[checks]
slo = "2s"
ttft_slo = "1s"
[checks.endpoints."POST /api/assist"]
fallback = [{ header = "x-fallback", equals = "true", reason = "x-fallback-reason" },
            { pattern = "our assistant is busy" }]
schema = { type = "object", required = ["answer"], properties = { answer = { type = "string" } } }
must_not_include = ["lorem ipsum"]
must_not_match = ['(?i)\bTODO\b']
retries_header = "x-attempted-retries"
"""
DEMO = Path(__file__).resolve().parents[2] / "scenarios" / "demo.toml"
GOOD = "Open Settings, choose Security and select Reset password. The link is valid for one hour."


@pytest.fixture(scope="module")
def judge() -> Judge:
    return Judge(parse_scenario(CHECKS, "t.toml").checks)


def result(**kw: Any) -> Result:
    base: dict[str, Any] = dict(
        row=0, record=0, step=0, family="typical", perturbation="none", endpoint="POST /api/assist", worker=0
    )
    base |= dict(intended=0.0, outcome="response", sent=0.0, send_lag=0.0, latency=0.3, service=0.3, status=200)
    return Result(**(base | kw))


def reply(
    answer: str | None = GOOD, status: int = 200, headers: dict[str, str] | None = None, body: str | None = None
) -> Reply:
    stream = body is not None and body.startswith("event:")
    text = body if body is not None else (orjson.dumps({"answer": answer}).decode() if answer is not None else "")
    h = {"content-type": "text/event-stream" if stream else "application/json"} | (headers or {})
    return parse_reply(status, list(h.items()), {"text": text, "encoding": "utf8", "size": len(text)} if text else None)


def test_classes_and_precedence_are_complete() -> None:
    assert set(PRECEDENCE) == set(CLASSES) and len(PRECEDENCE) == len(CLASSES)
    assert PRECEDENCE[0] == "timeout" and PRECEDENCE[-2:] == ("slow", "ok")


def test_ok(judge: Judge) -> None:
    v = judge.classify(result(), reply(headers={"x-attempted-retries": "2"}))
    assert v.cls == "ok" and v.reasons == [] and v.retries == 2


@pytest.mark.parametrize(
    ("res", "rep", "cls", "kind"),
    [
        (dict(latency=3.5), {}, "slow", "slo"),
        (dict(first_token=1.5, send_lag=0.1), {}, "slow", "ttft_slo"),
        (dict(outcome="timeout", status=0, error="read timeout"), None, "timeout", "timeout"),
        (dict(outcome="cancelled", status=0), None, "timeout", "cancelled"),
        (dict(outcome="error", status=0, error="connection reset"), None, "error", "connection"),
        (dict(status=503), dict(status=503), "error", "status"),
        (dict(status=429), dict(status=429), "rejected", "status"),
        (dict(status=200), dict(headers={"x-fallback": "true", "x-fallback-reason": "budget"}), "fallback", "marker"),
        ({}, dict(answer="Sorry, our assistant is busy right now."), "fallback", "marker"),
        ({}, dict(answer="I'm sorry, but I can't help with that request."), "refusal", "refusal"),
        ({}, dict(answer="   "), "empty", "empty"),
        ({}, dict(body=""), "empty", "empty"),
        ({}, dict(body='{"text": "no answer key"}'), "invalid", "schema"),
        ({}, dict(answer="Lorem ipsum dolor sit amet"), "invalid", "must_not_include"),
        ({}, dict(answer="Open Settings. TODO: add the link."), "invalid", "must_not_match"),
        (dict(stream=True, completed=False), dict(body=sse(["Open", " Settings"], end=None)), "truncated", "stream"),
        (dict(stream=True, completed=False), dict(body=sse(["Open"], end="error")), "truncated", "stream"),
        (dict(stream=True, completed=True), dict(body=sse([], end="done")), "empty", "empty"),
    ],
)
def test_each_class(judge: Judge, res: dict, rep: dict | None, cls: str, kind: str) -> None:
    v = judge.classify(result(**res), None if rep is None else reply(**rep))
    assert v.cls == cls, v.reasons
    assert kind in v.kinds(cls)


def test_unsent_rows_say_nothing_about_the_target(judge: Judge) -> None:
    for outcome in ("dropped", "skipped", "unsent"):
        assert judge.classify(result(outcome=outcome, sent=None, latency=None), None).cls == NOT_SENT


def test_drift_against_production(judge: Judge) -> None:
    prod = reply(GOOD, headers={"x-model-version": "m-1"})
    same = judge.classify(result(), reply("Sure: " + GOOD, headers={"x-model-version": "m-1"}), baseline=prod)
    assert same.cls == "ok" and same.similarity is not None and same.similarity > 0.8
    other = reply("Could you tell me a bit more about what you need? I can help with refunds and orders.")
    v = judge.classify(result(), other, baseline=prod)
    assert v.cls == "drift" and "answer" in v.kinds("drift")
    v = judge.classify(result(), reply(GOOD, headers={"x-model-version": "m-2"}), baseline=prod)
    assert v.cls == "drift" and v.kinds("drift") == ["header"]
    strict = Judge(parse_scenario("[checks.baseline]\nlength_ratio = [0.8, 1.2]", "t.toml").checks)
    v = strict.classify(
        result(), reply(GOOD + " If the email does not arrive, check your spam folder."), baseline=reply(GOOD)
    )
    assert v.cls == "drift" and v.kinds("drift") == ["length"]
    v = judge.classify(
        result(), reply(body='{"answer": "x", "extra": 1}'), baseline=reply(body='{"answer": "x", "sources": []}')
    )
    assert v.cls == "drift" and "shape" in v.kinds("drift")
    # A perturbed prompt has no production answer of its own: not compared.
    assert judge.classify(result(perturbation="typos"), other, baseline=prod).cls == "ok"


def test_production_status_change_is_drift(judge: Judge) -> None:
    v = judge.classify(result(), reply(), baseline=reply(body='{"error": "bad"}', status=400))
    assert v.cls == "drift" and v.kinds("drift")[0] == "status"


def test_refusal_of_an_injection_prompt_is_correct(judge: Judge) -> None:
    refusal = reply("I'm sorry, but I can't help with that request.")
    assert judge.classify(result(family="injection"), refusal).cls == "ok"
    v = judge.classify(result(family="contradictory"), refusal)
    assert v.cls == "refusal" and "contradictory" in v.detail
    filtered = reply(body='{"answer": "Here you go", "finish_reason": "content_filter"}')
    assert judge.classify(result(family="code"), filtered).cls == "refusal"


def test_precedence_keeps_every_reason(judge: Judge) -> None:
    # A slow fallback whose canned text reads like a refusal: fallback wins, the rest stay as reasons.
    slow_fallback = reply("I'm sorry, but I can't help with that right now.", headers={"x-fallback": "true"})
    v = judge.classify(result(latency=5.0), slow_fallback, baseline=reply(GOOD))
    assert v.cls == "fallback"
    assert [c for c, _, _ in v.reasons] == ["fallback", "refusal", "slow"]
    # A truncated stream that is also slow and drifts: truncated.
    v = judge.classify(
        result(latency=5.0, stream=True, completed=False), reply(body=sse(["Hello"], end=None)), baseline=reply(GOOD)
    )
    assert v.cls == "truncated" and "slow" in [c for c, _, _ in v.reasons]
    # Drift beats slow; a 5xx beats everything but a timeout.
    v = judge.classify(
        result(latency=5.0), reply("Totally unrelated words about weather in Lisbon."), baseline=reply(GOOD)
    )
    assert [c for c, _, _ in v.reasons] == ["drift", "slow"]
    assert judge.classify(result(status=500, latency=9.0), reply(status=500)).cls == "error"


def test_tool_calls_fit_the_declared_tools(judge: Judge) -> None:
    request = {
        "messages": [{"role": "user", "content": "weather?"}],
        "tools": [
            {
                "type": "function",
                "function": {
                    "name": "get_weather",
                    "parameters": {"type": "object", "required": ["city"], "properties": {"city": {"type": "string"}}},
                },
            }
        ],
    }

    def call(name: str, args: str) -> Reply:
        msg = {
            "role": "assistant",
            "content": None,
            "tool_calls": [{"type": "function", "function": {"name": name, "arguments": args}}],
        }
        body = orjson.dumps({"choices": [{"message": msg, "finish_reason": "tool_calls"}]}).decode()
        return reply(body=body)

    plain = Judge(parse_scenario("", "t.toml").checks)
    assert plain.classify(result(), call("get_weather", '{"city": "Lisbon"}'), request).cls == "ok"
    for bad, why in (
        (call("get_weather", '{"city": '), "not JSON"),
        (call("get_weather", '{"town": "Lisbon"}'), "city"),
        (call("delete_account", "{}"), "not among the declared tools"),
    ):
        v = plain.classify(result(), bad, request)
        assert v.cls == "invalid" and v.kinds("invalid") == ["tools"] and why in v.detail


SCHEMA = {"type": "object", "required": ["city"], "properties": {"city": {"type": "string"}}}
GEMINI_SCHEMA = {"type": "OBJECT", "required": ["city"], "properties": {"city": {"type": "STRING"}}}
# Each API's way to ask for JSON fitting SCHEMA, and how its reply carries the answer.
FORMATS = {
    "openai chat": (
        {
            "model": "m",
            "messages": [],
            "response_format": {"type": "json_schema", "json_schema": {"name": "c", "schema": SCHEMA}},
        },
        lambda a: {"choices": [{"message": {"role": "assistant", "content": a}, "finish_reason": "stop"}]},
    ),
    "cohere v2": (
        {"model": "m", "messages": [], "response_format": {"type": "json_object", "json_schema": SCHEMA}},
        lambda a: {
            "message": {"role": "assistant", "content": [{"type": "text", "text": a}]},
            "finish_reason": "COMPLETE",
        },
    ),
    "openai responses": (
        {"model": "m", "input": "x", "text": {"format": {"type": "json_schema", "name": "c", "schema": SCHEMA}}},
        lambda a: {
            "status": "completed",
            "output": [{"type": "message", "content": [{"type": "output_text", "text": a}]}],
        },
    ),
    "anthropic": (
        {"model": "m", "messages": [], "max_tokens": 9, "output_format": {"type": "json_schema", "schema": SCHEMA}},
        lambda a: {"type": "message", "content": [{"type": "text", "text": a}], "stop_reason": "end_turn"},
    ),
    "gemini": (
        {"contents": [], "generationConfig": {"responseMimeType": "application/json", "responseSchema": GEMINI_SCHEMA}},
        lambda a: {"candidates": [{"content": {"parts": [{"text": a}], "role": "model"}, "finishReason": "STOP"}]},
    ),
    "ollama": (
        {"model": "m", "messages": [], "format": SCHEMA, "stream": False},
        lambda a: {"model": "m", "message": {"role": "assistant", "content": a}, "done": True, "done_reason": "stop"},
    ),
}


@pytest.mark.parametrize("api", FORMATS)
def test_an_answer_must_be_the_json_its_request_asked_for(api: str) -> None:
    """A release whose answers stop following the structured output its clients ask for (JSON mode, a JSON
    Schema) breaks every client that parses them: invalid, in every API's spelling of the request."""
    request, wrap = FORMATS[api]
    plain = Judge(parse_scenario("", "t.toml").checks)

    def judged(answer: str):
        return plain.classify(result(), reply(body=orjson.dumps(wrap(answer)).decode()), request)

    assert judged('{"city": "Lisbon"}').cls == "ok"
    v = judged("Sure! The city is Lisbon.")
    assert v.cls == "invalid" and v.kinds("invalid") == ["format"] and "answer is not JSON" in v.detail
    v = judged('{"town": "Lisbon"}')
    assert v.cls == "invalid" and "'city' is a required property" in v.detail
    off = Judge(parse_scenario("[checks]\nformat = false\n", "t.toml").checks)
    assert off.classify(result(), reply(body=orjson.dumps(wrap("Sure!")).decode()), request).cls == "ok"


def test_json_mode_without_a_schema_a_broken_schema_and_a_cut_answer() -> None:
    plain = Judge(parse_scenario("", "t.toml").checks)
    json_mode = {"model": "m", "messages": [], "response_format": {"type": "json_object"}}

    def chat(answer: str, finish: str = "stop") -> Reply:
        msg = {"role": "assistant", "content": answer}
        return reply(body=orjson.dumps({"choices": [{"message": msg, "finish_reason": finish}]}).decode())

    assert plain.classify(result(), chat('["any", "json"]'), json_mode).cls == "ok"
    assert plain.classify(result(), chat("no"), json_mode).cls == "invalid"
    # A request whose own schema is broken is the client's mistake (its API refuses it), not the release's.
    broken = {**json_mode, "response_format": {"type": "json_schema", "json_schema": {"schema": {"type": 5}}}}
    assert plain.classify(result(), chat('{"a": 1}'), broken).cls == "ok"
    # Cut at the token limit: truncated alone, not also invalid for the JSON it never finished.
    v = plain.classify(result(), chat('{"city": "Lis', "length"), json_mode)
    assert v.cls == "truncated" and not v.kinds("invalid")
    assert plain.classify(result(), chat("plain text"), {"model": "m", "messages": []}).cls == "ok"


def test_schema_file_and_phrase_file_resolve_next_to_the_scenario(tmp_path) -> None:
    (tmp_path / "schema.json").write_text('{"type": "object", "required": ["answer", "sources"]}')
    (tmp_path / "mine.txt").write_text("^computer says no\n")
    text = '[checks]\nschema = "schema.json"\nrefusal_phrases = "mine.txt"\n'
    judge = Judge(parse_scenario(text, tmp_path / "s.toml").checks, tmp_path)
    v = judge.classify(result(), reply(GOOD))
    assert v.cls == "invalid" and "sources" in v.detail
    assert judge.classify(result(), reply(body='{"answer": "Computer says no.", "sources": []}')).cls == "refusal"


def test_an_error_status_names_its_code_parameter_and_status() -> None:
    judge = Judge(parse_scenario(CHECKS, "t.toml").checks)
    body = '{"error": {"message": "at most 3 messages", "type": "invalid_request_error", "param": "messages"}}'
    v = judge.classify(result(status=400), reply(status=400, body=body))
    assert v.cls == "rejected" and v.cause == "invalid_request_error on messages (status 400)"
    v = judge.classify(result(status=502), reply(status=502, body="Bad Gateway"))
    assert v.cls == "error" and v.cause == "status 502"  # a bare gateway page still says something


def test_a_content_filters_400_is_a_refusal_of_the_prompt() -> None:
    """Azure OpenAI's content filter answers a prompt it refuses with a 400: a refusal (correct for an injection
    prompt), not a rejected request; without refusal checks, or any other 400, it is rejected."""
    inner = {"code": "ResponsibleAIPolicyViolation", "content_filter_result": {"violence": {"filtered": True}}}
    body = orjson.dumps({"error": {"code": "content_filter", "param": "prompt", "innererror": inner}}).decode()
    judge = Judge(parse_scenario(CHECKS, "t.toml").checks)
    v = judge.classify(result(status=400), reply(status=400, body=body))
    assert v.cls == "refusal" and "content filter refused the prompt (violence)" in v.detail
    assert judge.classify(result(status=400, family="injection"), reply(status=400, body=body)).cls == "ok"
    unchecked = Judge(parse_scenario(CHECKS.replace("[checks]\n", "[checks]\nrefusal = false\n", 1), "t.toml").checks)
    assert unchecked.classify(result(status=400), reply(status=400, body=body)).cls == "rejected"


def test_the_demos_step_gate_holds_against_a_few_slow_rows_and_fails_a_collapse(tmp_path: Path) -> None:
    """The demo's availability gate at its slowest step is a 95% bound: an unchanged release on a busy
    machine (5 of 48 rows a little past the SLO, 90% measured) holds it; six rows late (87.5%) fail it, as
    they failed the "> 90%" it replaced, and so does a collapse."""
    gate = next(line for line in DEMO.read_text("utf-8").splitlines() if line.startswith('"availability{step=3}"'))
    scenario = f'name = "demo gate"\n[checks]\nslo = "6s"\n[gates]\n{gate}\n'

    def verdict(slow: int, where: str) -> bool:
        rows = [Row(step=s, prompt=f"q{s}-{i}", latency=4.5) for s in range(4) for i in range(48)]
        for r in rows[-slow:]:
            r.latency = 6.3
        doc = pipeline.report(pipeline.judge(write_run(tmp_path / where, rows, scenario)), plots=False).doc
        return next(g for g in doc.gates if g.gate.key == "availability{step=3}").passed

    assert verdict(5, "busy") and not verdict(6, "six") and not verdict(30, "collapse")


def test_the_demo_gates_a_limit_that_rejects_prompts_production_answered(tmp_path: Path) -> None:
    """A request limit that rejects the long prompts (413) on every step: a share too small for the bound
    on the slowest step's availability, so the demo gates rejections on their own."""
    gate = next(line for line in DEMO.read_text("utf-8").splitlines() if line.startswith('"rate(rejected)"'))
    rows = [Row(step=s, prompt=f"q{s}-{i}", latency=0.5) for s in range(4) for i in range(48)]
    for r in rows[::7]:
        r.status, r.answer = 413, None
    doc = pipeline.report(
        pipeline.judge(write_run(tmp_path / "run", rows, f'name = "t"\n[gates]\n{gate}\n')), plots=False
    ).doc
    assert [g.passed for g in doc.gates] == [False]
