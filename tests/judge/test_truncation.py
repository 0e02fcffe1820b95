"""Truncation from every signal there is: finish_reason length (OpenAI), stop_reason max_tokens
(Anthropic), incomplete_details (OpenAI responses), a stream without its end marker, and an answer that
ends mid-sentence where production's did not; output tokens from usage, else estimated."""

from __future__ import annotations

from typing import Any

import orjson
import pytest

from replay.judge import Judge, parse_reply
from replay.judge.signals import ends_mid_sentence
from replay.runner.results import Result

FULL = "Open Settings, choose Security and select Reset password. The link is valid for one hour."
CUT = "Open Settings, choose Security and select Reset password. The link is"


def body(obj: Any) -> dict[str, Any]:
    text = obj if isinstance(obj, str) else orjson.dumps(obj).decode()
    return {"text": text, "encoding": "utf8", "size": len(text)}


def json_reply(obj: Any):  # type: ignore[no-untyped-def]
    return parse_reply(200, {"content-type": "application/json"}, body(obj))


def sse_reply(events: list[tuple[str | None, Any]]):  # type: ignore[no-untyped-def]
    text = ""
    for name, data in events:
        text += (
            f"event: {name}\n" if name else ""
        ) + f"data: {data if isinstance(data, str) else orjson.dumps(data).decode()}\n\n"
    return parse_reply(200, {"content-type": "text/event-stream"}, body(text))


def result(**kw: Any) -> Result:
    base: dict[str, Any] = dict(row=0, record=0, step=0, family="typical", perturbation="none", endpoint="POST /x")
    return Result(**base, worker=0, intended=0.0, outcome="response", sent=0.0, latency=0.3, status=200, **kw)


def openai(text: str, finish: str, tokens: int) -> dict[str, Any]:
    message = {"role": "assistant", "content": text}
    usage = {"prompt_tokens": 9, "completion_tokens": tokens, "total_tokens": 9 + tokens}
    return {
        "object": "chat.completion",
        "choices": [{"index": 0, "message": message, "finish_reason": finish}],
        "usage": usage,
    }


def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
    return {"object": "chat.completion.chunk", "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}


CASES = {
    "openai json": json_reply(openai(CUT, "length", 12)),
    "anthropic json": json_reply(
        {
            "type": "message",
            "content": [{"type": "text", "text": CUT}],
            "stop_reason": "max_tokens",
            "usage": {"output_tokens": 12},
        }
    ),
    # Claude 4.5's stop reason when the context window, not max_tokens, ended the answer
    "anthropic context window": json_reply(
        {
            "type": "message",
            "content": [{"type": "text", "text": CUT}],
            "stop_reason": "model_context_window_exceeded",
            "usage": {"output_tokens": 12},
        }
    ),
    "openai responses": json_reply(
        {
            "object": "response",
            "status": "incomplete",
            "incomplete_details": {"reason": "max_output_tokens"},
            "output": [{"type": "message", "content": [{"type": "output_text", "text": CUT}]}],
            "usage": {"output_tokens": 12},
        }
    ),
    "openai stream": sse_reply(
        [
            (None, chunk({"role": "assistant", "content": ""})),
            (None, chunk({"content": CUT})),
            (None, chunk({}, "length")),
            (None, {"object": "chat.completion.chunk", "choices": [], "usage": {"completion_tokens": 12}}),
            (None, "[DONE]"),
        ]
    ),
    "anthropic stream": sse_reply(
        [
            ("message_start", {"type": "message_start", "message": {"usage": {"input_tokens": 9, "output_tokens": 1}}}),
            (
                "content_block_delta",
                {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": CUT}},
            ),
            (
                "message_delta",
                {"type": "message_delta", "delta": {"stop_reason": "max_tokens"}, "usage": {"output_tokens": 12}},
            ),
            ("message_stop", {"type": "message_stop"}),
        ]
    ),
    "plain json (the demo)": json_reply({"answer": CUT, "finish_reason": "length", "usage": {"completion_tokens": 12}}),
    "plain stream (the demo)": sse_reply(
        [("delta", {"text": CUT}), ("done", {"finish_reason": "length", "usage": {"completion_tokens": 12}})]
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_the_token_limit_is_read_from_every_format(name: str) -> None:
    reply = CASES[name]
    assert reply.answer == CUT and reply.cut_off is not None, reply
    assert reply.output_tokens == 12
    v = Judge().classify(result(), reply)
    assert v.cls == "truncated" and v.kinds("truncated") == ["limit"], v.reasons
    # the field that says so, typed (the report's evidence names it), and the reason's detail made of it
    said, why = reply.cut_off
    assert v.cut_off == said and v.detail == f"{said}: {why}"
    assert said == "incomplete" if "responses" in name else said.startswith("finish_reason ")
    assert v.output_tokens == 12 and not v.tokens_estimated
    assert v.available  # a cut-off answer is an answer, in time: a quality failure, not an outage


def test_a_stream_without_its_end_marker_is_truncated_and_unavailable() -> None:
    reply = sse_reply([(None, chunk({"content": FULL}))])
    v = Judge().classify(result(), reply)
    assert v.cls == "truncated" and v.kinds("truncated") == ["stream"] and not v.available


def test_a_body_whose_generation_failed_is_truncated_and_unavailable() -> None:
    # Cohere v2's whole body with finish_reason ERROR: a 200 without the answer it was asked for
    failed = {"id": "c1", "finish_reason": "ERROR", "message": {"role": "assistant", "content": []}}
    for given, detail in ((failed, "finish_reason ERROR"), (failed | {"error": "overloaded"}, "overloaded")):
        v = Judge().classify(result(), json_reply(given))
        assert v.cls == "truncated" and v.kinds("truncated") == ["failed"] and not v.available, v.reasons
        assert v.detail.endswith(detail)
    done = failed | {
        "finish_reason": "COMPLETE",
        "message": {"role": "assistant", "content": [{"type": "text", "text": FULL}]},
    }
    assert Judge().classify(result(), json_reply(done)).cls == "ok"


def test_mid_sentence_against_production() -> None:
    judge = Judge()
    cut, full = json_reply({"answer": CUT}), json_reply({"answer": FULL})
    v = judge.classify(result(), cut, baseline=full)
    assert v.cls == "truncated" and v.kinds("truncated") == ["mid_sentence"] and "production's did not" in v.detail
    assert judge.classify(result(), cut, baseline=cut).cls == "ok"  # production ends there too: its style
    assert judge.classify(result(), full, baseline=full).cls == "ok"
    assert judge.classify(result(), cut).cls == "ok"  # no baseline: no ground to call it cut
    v = judge.classify(result(), json_reply({"answer": FULL}))
    assert v.output_tokens == round(len(FULL) / 4) and v.tokens_estimated  # no usage: estimated


def test_sentence_endings() -> None:
    for text in (
        FULL,
        "Is that all?",
        "Listo!",
        "完成了。",
        'He said "yes."',
        "Run it:\n```\nls\n```",
        "(see the guide.)",
    ):
        assert not ends_mid_sentence(text), text
    for text in (CUT, "Here is what our help centre says about refunds and"):
        assert ends_mid_sentence(text), text
    assert not ends_mid_sentence("Thanks")  # too short to say
