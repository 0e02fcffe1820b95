"""Service signals: headers or JSON values a service sets about its own work, raised as classes that
rank with the built-in ones, gated like them, and compared with production's."""

from __future__ import annotations

from typing import Any

import orjson
import pytest

from replay.config.scenario import parse_scenario
from replay.errors import BadInput
from replay.judge import Judge, parse_reply
from replay.judge.classes import class_set_for
from replay.judge.gates import parse_gates
from replay.runner.results import Result

CHECKS = """
[checks]
fallback = [{ header = "x-fallback", equals = "true" }]
signals = [
  { header = "x-retrieval", equals = "miss", class = "retrieval_miss", reason = "x-retrieval-error" },
  { json = "$.tool_calls[*].error", exists = true, class = "tool_error" },
  { header = "x-cache", equals = "hit", class = "cache_hit", fails = false },
  { json = "meta.mode", matches = "^degraded", class = "degraded" },
]
"""
GOOD = "Open Settings, choose Security and select Reset password. The link is valid for one hour."


def reply(answer: str = GOOD, headers: dict[str, str] | None = None, **extra: Any):  # type: ignore[no-untyped-def]
    text = orjson.dumps({"answer": answer, **extra}).decode()
    h = {"content-type": "application/json"} | (headers or {})
    return parse_reply(200, h, {"text": text, "encoding": "utf8", "size": len(text)})


def result() -> Result:
    return Result(0, 0, 0, "typical", "none", "POST /x", 0, 0.0, "response", sent=0.0, latency=0.2, status=200)


@pytest.fixture(scope="module")
def judge() -> Judge:
    return Judge(parse_scenario(CHECKS, "s.toml").checks)


def test_signals_raise_their_classes(judge: Judge) -> None:
    v = judge.classify(result(), reply(headers={"x-retrieval": "MISS", "x-retrieval-error": "timeout"}))
    assert v.cls == "retrieval_miss" and v.detail == "x-retrieval: miss (reason: timeout)" and v.available
    v = judge.classify(result(), reply(tool_calls=[{"name": "lookup"}, {"name": "refund", "error": "403"}]))
    assert v.cls == "tool_error" and v.signals == ["tool_error"]
    assert judge.classify(result(), reply(tool_calls=[{"name": "lookup"}])).cls == "ok"
    assert judge.classify(result(), reply(meta={"mode": "degraded-search"})).cls == "degraded"
    v = judge.classify(result(), reply(headers={"x-cache": "hit"}))
    assert v.cls == "ok" and v.signals == ["cache_hit"]  # counted, not a failure


def test_signal_classes_rank_after_fallback_and_before_the_answer_checks(judge: Judge) -> None:
    assert judge.classes.precedence.index("fallback") < judge.classes.precedence.index("retrieval_miss")
    assert judge.classes.precedence.index("retrieval_miss") < judge.classes.precedence.index("refusal")
    assert "cache_hit" not in judge.classes  # fails = false: no class
    v = judge.classify(result(), reply(headers={"x-retrieval": "miss", "x-fallback": "true"}))
    assert [r.cls for r in v.reasons][:2] == ["fallback", "retrieval_miss"]
    # A miss explains the drifted answer that follows it: the miss is the class, drift a reason.
    v = judge.classify(result(), reply("Could you tell me more?", {"x-retrieval": "miss"}), baseline=reply())
    assert v.cls == "retrieval_miss" and "drift" in [r.cls for r in v.reasons]


def test_production_signals_and_sources(judge: Judge) -> None:
    prod = reply(headers={"x-retrieval": "miss"}, sources=["a-12", {"id": "a-3"}])
    assert judge.signals_of("POST /x", prod) == ["retrieval_miss"]
    assert judge.sources_of("POST /x", prod) == ("a-12", "a-3")
    assert judge.sources_of("POST /x", reply()) is None


def test_gates_name_declared_classes() -> None:
    scenario = parse_scenario(CHECKS, "s.toml")
    classes = class_set_for(scenario.checks)
    (gate,) = parse_gates({"rate(retrieval_miss|tool_error)": "< 5%"}, "s.toml", classes)
    assert gate.classes == ("retrieval_miss", "tool_error")
    with pytest.raises(BadInput, match="unknown class 'cache_hit'"):
        parse_gates({"rate(cache_hit)": "< 5%"}, "s.toml", classes)


@pytest.mark.parametrize(
    ("signal", "why"),
    [
        ('{ header = "x", json = "a", class = "c" }', "exactly one of header or json"),
        ('{ header = "x", equals = "a", exists = true, class = "c" }', "at most one of equals, exists or matches"),
        ('{ header = "x", class = "Retrieval Miss" }', "name the class in lower case"),
        ('{ header = "x", class = "c", matches = "(" }', "not a regular expression"),
        ('{ header = "x", klass = "c" }', "unknown key; did you mean 'class'?"),
    ],
)
def test_bad_signals_are_bad_input(signal: str, why: str) -> None:
    with pytest.raises(BadInput, match=why):
        parse_scenario(f"[checks]\nsignals = [{signal}]\n", "s.toml")


def test_a_signal_may_not_take_a_built_in_name() -> None:
    scenario = parse_scenario('[checks]\nsignals = [{ header = "x", class = "fallback" }]\n', "s.toml")
    with pytest.raises(BadInput, match=r"s\.toml: checks: signals: class 'fallback' is a built-in class"):
        class_set_for(scenario.checks, "s.toml")
