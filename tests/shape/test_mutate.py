from __future__ import annotations

import random
from collections import Counter

import orjson
import pytest

from replay.shape.families import classify, phrases
from replay.shape.mutate import FILLS, OPS, apply, perturb_text
from replay.testing.synth import typical_prompt

PROMPTS = [typical_prompt(random.Random(i)) for i in range(60)]


def rec(body: object | None, url: str = "http://api.test/v1/chat/completions") -> dict:
    text = orjson.dumps(body).decode() if body is not None else None
    headers = [["content-type", "application/json"], ["content-length", str(len(text or ""))]]
    return {
        "id": "1",
        "request": {
            "method": "POST" if body is not None else "GET",
            "url": url,
            "headers": headers,
            "body": None if text is None else {"text": text, "encoding": "utf8", "size": len(text), "truncated": False},
        },
        "timings": {"start": 0.0},
        "meta": {"source": "test"},
    }


@pytest.mark.parametrize(("family", "op"), [(f, op) for f, ops in FILLS.items() for op in ops if OPS[op].text])
def test_fills_make_their_family(family: str, op: str) -> None:
    out = [perturb_text(t, op, seed) for seed, t in enumerate(PROMPTS)]
    assert Counter(classify(out)) == {family: len(PROMPTS)}


def test_history_fill_makes_multi_turn() -> None:
    body = {"model": "m", "messages": [{"role": "system", "content": "s"}, {"role": "user", "content": PROMPTS[0]}]}
    out = orjson.loads(apply(rec(body), "history", 3)["request"]["body"]["text"])
    roles = [m["role"] for m in out["messages"]]
    assert roles[0] == "system" and roles[-1] == "user" and roles[-2] == "assistant"
    assert out["messages"][-1]["content"] == PROMPTS[0]
    assert classify([PROMPTS[0]], turns=[len(roles) - 1]) == ["multi-turn"]


def test_same_seed_same_text_other_seed_other_text() -> None:
    for op in OPS:
        if OPS[op].text is None:
            continue
        assert perturb_text(PROMPTS[1], op, 42) == perturb_text(PROMPTS[1], op, 42)
    for op in ("typos", "zero_width", "homoglyphs", "truncate", "language_mix", "context"):
        assert len({perturb_text(PROMPTS[1], op, s) for s in range(8)}) > 1, op


def test_text_perturbations_change_only_the_last_user_message() -> None:
    body = {
        "model": "gpt-4o",
        "temperature": 0.2,
        "messages": [
            {"role": "user", "content": "earlier question stays"},
            {"role": "assistant", "content": "answer"},
            {"role": "user", "content": [{"type": "text", "text": PROMPTS[2]}]},
        ],
    }
    original = rec(body)
    out = apply(original, "injection", 1)
    new = orjson.loads(out["request"]["body"]["text"])
    assert new["model"] == "gpt-4o" and new["temperature"] == 0.2
    assert new["messages"][:2] == body["messages"][:2]
    assert new["messages"][2]["content"][0]["text"].startswith(PROMPTS[2])
    assert classify([new["messages"][2]["content"][0]["text"]]) == ["injection"]
    size = out["request"]["body"]["size"]
    assert size == len(out["request"]["body"]["text"].encode())
    assert ["content-length", str(size)] in out["request"]["headers"]
    assert out["meta"] == {"source": "test", "perturbation": "injection"}
    assert orjson.loads(original["request"]["body"]["text"]) == body  # the input is left alone


def test_other_body_shapes_and_the_url_query() -> None:
    out = apply(
        rec({"model": "claude", "system": "x", "messages": [{"role": "user", "content": "hi there"}]}), "case", 0
    )
    assert orjson.loads(out["request"]["body"]["text"])["system"] == "x"
    out = apply(rec({"query": "cheap flights to lisbon", "limit": 5}), "language_mix", 0)
    new = orjson.loads(out["request"]["body"]["text"])
    assert new["limit"] == 5 and "cheap flights to lisbon" in new["query"]
    out = apply(rec(None, "http://api.test/search?q=cheap+flights&page=2"), "shorten", 1)
    assert out["request"]["url"].startswith("http://api.test/search?q=") and out["request"]["url"].endswith("&page=2")


def test_no_prompt_is_an_error() -> None:
    with pytest.raises(ValueError, match="no prompt"):
        apply(rec(None, "http://api.test/health"), "typos", 0)
    with pytest.raises(ValueError, match="no message list"):
        apply(rec({"prompt": "hello"}), "history", 0)


def test_phrase_tables_hold_their_promises() -> None:
    inj = phrases("injection")
    assert all(any(m in s.lower() for m in inj["markers"]) for s in inj["suffixes"])
    con = phrases("contradiction")
    assert all(any(a in s.lower() and b in s.lower() for a, b in con["pairs"]) for s in con["instructions"])
    mk = phrases("markup")
    assert all(sum(w.replace("{text}", "x").lower().count(m) for m in mk["markers"]) >= 2 for w in mk["wrappers"])
    langs = phrases("languages")["languages"]
    latin = [p for v in langs.values() if v["script"] == "latin" for p in v["phrases"]]
    assert set(classify(latin)) == {"multilingual"}
