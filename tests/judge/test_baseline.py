"""Baseline noise: differences production shows against itself are not flagged as drift."""

from __future__ import annotations

import orjson

from replay.config.checks import BaselineChecks
from replay.judge import parse_reply
from replay.judge.baseline import compare, measure_noise, similarity


def reply(answer: str, status: int = 200, extra: dict | None = None):  # type: ignore[no-untyped-def]
    text = orjson.dumps({"answer": answer, **(extra or {})}).decode()
    return parse_reply(
        status, {"content-type": "application/json"}, {"text": text, "encoding": "utf8", "size": len(text)}
    )


def test_similarity_scale() -> None:
    a = "Open Orders, choose the order and select Request refund. Refunds go back to the original payment method."
    assert similarity(a, a) == 1.0
    assert similarity("Happy to help. " + a, "Sure: " + a) > 0.8
    assert similarity(a, "Could you tell me a bit more about what you need?") < 0.5


def test_deterministic_production_keeps_the_set_threshold() -> None:
    groups = [[reply("Same answer every time."), reply("Same answer every time.")] for _ in range(3)]
    noise = measure_noise(groups, BaselineChecks())
    assert noise.groups == 3 and noise.pairs == 3 and noise.similarity_floor == 1.0
    assert noise.threshold == BaselineChecks().similarity and noise.noisy == []


def test_noisy_production_widens_thresholds_and_silences_flipping_checks() -> None:
    cfg = BaselineChecks()
    groups = [
        [
            reply("Refunds take five business days."),
            reply("You will get your money back within a week, usually sooner."),
        ],
        [
            reply("Reset it in Settings."),
            reply("Go to Settings, then Security, then Reset password, and follow the email."),
        ],
        [reply("ok"), reply("error", 503, {"error": {"message": "x"}})],
        [reply("ok", extra={"meta": {"n": 1}}), reply("ok", extra={"meta": "one"})],  # production's shape flips
    ]
    noise = measure_noise(groups, cfg)
    assert noise.threshold < cfg.similarity and noise.length_ratio[0] < cfg.length_ratio[0]
    assert noise.noisy == ["status", "shape"]
    staging, prod = reply("A refund arrives within a week."), reply("Refunds take five business days.")
    diffs, sim = compare(staging, prod, cfg, noise)
    assert sim is not None and sim >= noise.threshold and diffs == []
    # The same pair against deterministic production noise is a drift.
    strict = measure_noise([[prod, prod]], cfg)
    assert [k for k, _ in compare(staging, prod, cfg, strict)[0]] == ["answer"]


def stream(answer: str, final: dict) -> object:  # a demo-style stream: delta events, then done
    from tests.report.rundir import sse

    text = sse(answer.split(" "), final=final)
    return parse_reply(
        200, {"content-type": "text/event-stream"}, {"text": text, "encoding": "utf8", "size": len(text)}
    )


FINAL = {"fallback": False, "model": "m-1", "sources": ["a-1"], "usage": {"completion_tokens": 9}}


def test_shape_noise_is_measured_like_with_like_and_a_schema_change_is_flagged() -> None:
    """Production answered each prompt twice, once streamed and once as JSON: the two shapes differ,
    but a stream is only ever compared with a stream and JSON with JSON, so the shape check stays on
    and catches a staging schema change in either form."""
    cfg = BaselineChecks()
    answer = "Open Settings and choose Reset password."
    groups = [[reply(answer, extra=FINAL), stream(answer, FINAL), reply(answer, extra=FINAL), stream(answer, FINAL)]]
    groups += [[reply(f"Answer {i}.", extra=FINAL), stream(f"Answer {i}.", FINAL)] for i in range(5)]
    noise = measure_noise(groups, cfg)
    assert noise.shape_flips == 0.0 and "shape" not in noise.noisy
    # Staging renames a field and changes a type: flagged in JSON ...
    changed = {"fallback": "no", "model_id": "m-1", "sources": ["a-1"], "usage": {"completion_tokens": 9}}
    diffs, _ = compare(reply(answer, extra=changed), reply(answer, extra=FINAL), cfg, noise)
    assert (
        diffs and diffs[0][0] == "shape" and "missing model" in diffs[0][1] and "type changed fallback" in diffs[0][1]
    )
    # ... and in a stream, against production's stream.
    diffs, _ = compare(stream(answer, changed), stream(answer, FINAL), cfg, noise)
    assert diffs and diffs[0] == ("shape", "stream missing done.model; type changed done.fallback")
    # Same schema, an empty list where production had items: not a schema change.
    same = {**FINAL, "sources": []}
    assert compare(reply(answer, extra=same), reply(answer, extra=FINAL), cfg, noise)[0] == []
    # A stream is never compared with a JSON body (nor is their difference noise).
    assert compare(stream(answer, FINAL), reply(answer, extra=FINAL), cfg, noise)[0] == []


def usage(prompt_tokens: int) -> dict:
    return {**FINAL, "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": 9}}


def test_a_prompt_the_model_got_shrunk_is_drift_though_the_answer_reads_the_same() -> None:
    """A release that cuts a long conversation before the model sees it answers the question at its end as
    production did: the usage says the model was sent a fraction of production's prompt."""
    cfg, answer = BaselineChecks(), "Open Settings and choose Reset password."
    noise = measure_noise([], cfg)
    diffs, sim = compare(reply(answer, extra=usage(640)), reply(answer, extra=usage(2600)), cfg, noise)
    assert sim == 1.0 and diffs == [("input", "the model was sent 640 prompt tokens, 25% of production's 2600")]
    assert compare(stream(answer, usage(640)), stream(answer, usage(2600)), cfg, noise)[0][0][0] == "input"
    # Fewer retrieved articles on a short prompt (a few hundred tokens), a prompt cut by a third, a longer prompt,
    # no usage on either side, or the check switched off: nothing.
    for now, then in ((70, 260), (1800, 2600), (3000, 2600)):
        assert compare(reply(answer, extra=usage(now)), reply(answer, extra=usage(then)), cfg, noise)[0] == []
    assert compare(reply(answer, extra=usage(640)), reply(answer, extra=FINAL), cfg, noise)[0] == []
    off = BaselineChecks(input_ratio=0.0)
    assert compare(reply(answer, extra=usage(640)), reply(answer, extra=usage(2600)), off, noise)[0] == []
