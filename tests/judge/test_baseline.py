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
