"""Reading answers, finish reasons, tool calls and stream endings out of the formats AI endpoints speak."""

from __future__ import annotations

import base64
from typing import Any

import orjson
import pytest

from replay.judge import Judge, parse_reply
from replay.judge.declared import declared_tools
from replay.judge.reply import calls_tool, captured_reply
from replay.util.eventstream import encode_frame
from replay.util.jsonpath import PromptPath


def body(text: str) -> dict[str, Any]:
    return {"text": text, "encoding": "utf8", "size": len(text), "truncated": False}


def json_reply(obj: Any, path: str | None = None):  # type: ignore[no-untyped-def]
    return parse_reply(
        200,
        [("Content-Type", "application/json")],
        body(orjson.dumps(obj).decode()),
        PromptPath(path) if path else None,
    )


def sse_reply(events: list[tuple[str | None, str]]):  # type: ignore[no-untyped-def]
    text = "".join((f"event: {e}\n" if e else "") + f"data: {d}\n\n" for e, d in events)
    return parse_reply(200, {"content-type": "text/event-stream"}, body(text))


def test_openai_chat_completion() -> None:
    r = json_reply(
        {
            "choices": [
                {"message": {"role": "assistant", "content": "Hi there", "refusal": None}, "finish_reason": "stop"}
            ]
        }
    )
    assert (r.answer, r.finish_reason, r.refusal, r.tool_calls) == ("Hi there", "stop", None, [])
    r = json_reply({"choices": [{"message": {"content": None, "refusal": "I can't"}, "finish_reason": "stop"}]})
    assert r.refusal == "I can't"


def test_anthropic_message_and_openai_responses() -> None:
    r = json_reply(
        {
            "type": "message",
            "content": [
                {"type": "text", "text": "Let me check."},
                {"type": "tool_use", "name": "lookup", "input": {"q": 1}},
            ],
            "stop_reason": "tool_use",
        }
    )
    assert r.answer == "Let me check." and r.finish_reason == "tool_use"
    assert [(t.name, t.arguments) for t in r.tool_calls] == [("lookup", {"q": 1})]
    r = json_reply({"output": [{"type": "message", "content": [{"type": "output_text", "text": "Done."}]}]})
    assert r.answer == "Done."


def test_plain_json_and_a_configured_path() -> None:
    assert json_reply({"answer": "Yes", "finish_reason": "content_filter"}).finish_reason == "content_filter"
    assert json_reply({"data": {"reply": "Deep"}}, "data.reply").answer == "Deep"
    assert json_reply({"results": [1, 2]}).answer is None  # not an answer-shaped body


def test_openai_stream_with_tool_call_fragments() -> None:
    def chunk(delta: dict[str, Any], finish: str | None = None) -> str:
        return orjson.dumps(
            {"object": "chat.completion.chunk", "choices": [{"delta": delta, "finish_reason": finish}]}
        ).decode()

    r = sse_reply(
        [
            (None, chunk({"role": "assistant", "content": ""})),
            (None, chunk({"content": "Hel"})),
            (None, chunk({"content": "lo"})),
            (None, chunk({"tool_calls": [{"index": 0, "function": {"name": "get_weather", "arguments": '{"ci'}}]})),
            (None, chunk({"tool_calls": [{"index": 0, "function": {"arguments": 'ty": "Oslo"}'}}]})),
            (None, chunk({}, "tool_calls")),
            (None, "[DONE]"),
        ]
    )
    assert r.stream and r.ended and r.answer == "Hello" and r.finish_reason == "tool_calls"
    assert [(t.name, t.arguments) for t in r.tool_calls] == [("get_weather", '{"city": "Oslo"}')]


def test_anthropic_stream_and_its_error_event() -> None:
    events = [
        ("message_start", '{"type": "message_start", "message": {}}'),
        (
            "content_block_delta",
            '{"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "Hi"}}',
        ),
        ("message_delta", '{"type": "message_delta", "delta": {"stop_reason": "end_turn"}}'),
        ("message_stop", '{"type": "message_stop"}'),
    ]
    r = sse_reply(events)
    assert r.answer == "Hi" and r.ended and r.finish_reason == "end_turn" and r.stream_error is None
    r = sse_reply(
        [*events[:2], ("error", '{"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}')]
    )
    assert not r.ended and r.stream_error == "Overloaded"


def test_demo_style_stream_keeps_its_final_event() -> None:
    r = sse_reply(
        [
            ("delta", '{"text": "Open"}'),
            ("delta", '{"text": " Orders"}'),
            ("done", '{"fallback": true, "finish_reason": "stop"}'),
        ]
    )
    assert r.answer == "Open Orders" and r.ended and r.data == {"fallback": True, "finish_reason": "stop"}


def test_declared_tools_in_both_dialects() -> None:
    openai = {"tools": [{"type": "function", "function": {"name": "a", "parameters": {"type": "object"}}}]}
    anthropic = {"tools": [{"name": "b", "input_schema": {"type": "object"}}]}
    assert declared_tools(openai) == {"a": {"type": "object"}}
    assert declared_tools(anthropic) == {"b": {"type": "object"}}
    assert declared_tools({"messages": []}) is None


def _chunk(delta: dict[str, Any], finish: str | None = None, **extra: Any) -> str:
    choice = {"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}
    head = {"object": "chat.completion.chunk", "model": "mistral-small-latest"}
    return orjson.dumps(head | {"choices": [choice]} | extra).decode()


def test_mistral_streams_parallel_tool_calls_whole_without_an_index() -> None:
    """Mistral sends every call whole in the chunk that finishes, with no ``index`` (recorded in vercel/ai's
    mistral-tool-call.chunks.txt): two calls side by side are two calls, not one under index 0."""
    calls = [{"id": f"gSIMJiOk{k}", "function": {"name": n, "arguments": a}} for k, (n, a) in
             enumerate([("get_weather", '{"city":"Paris"}'), ("get_time", '{"city":"London"}')])]  # fmt: skip
    usage = {"prompt_tokens": 124, "total_tokens": 146, "completion_tokens": 22}
    r = sse_reply(
        [
            (None, _chunk({"role": "assistant", "content": ""})),
            (None, _chunk({"content": None, "tool_calls": calls}, "tool_calls", usage=usage)),
            (None, "[DONE]"),
        ]
    )
    assert [(t.name, t.arguments) for t in r.tool_calls] == [
        ("get_weather", '{"city":"Paris"}'),
        ("get_time", '{"city":"London"}'),
    ]
    assert r.ended and r.finish_reason == "tool_calls" and (r.input_tokens, r.output_tokens) == (124, 22)
    # a call streamed in parts with no index (Gemini's OpenAI-compatible API): the nameless parts go on with it
    parts = [
        {"id": "c1", "function": {"name": "get_weather", "arguments": '{"ci'}},
        {"function": {"arguments": 'ty":1}'}},
    ]
    r = sse_reply([(None, _chunk({"tool_calls": [p]})) for p in parts])
    assert [(t.name, t.arguments) for t in r.tool_calls] == [("get_weather", '{"city":1}')]


USAGE = {"billed_units": {"input_tokens": 9, "output_tokens": 3}, "tokens": {"input_tokens": 214, "output_tokens": 5}}


def test_cohere_v2_chat_body() -> None:
    """The tokens the model read and wrote are read, not the billed units beside them."""
    text = {"role": "assistant", "content": [{"type": "thinking", "thinking": "Hm."}, {"type": "text", "text": "Hi"}]}
    r = json_reply({"id": "c1", "message": text, "finish_reason": "MAX_TOKENS", "usage": USAGE | {"cached_tokens": 7}})
    assert (r.answer, r.finish_reason, r.input_tokens, r.output_tokens, r.cached_tokens) == (
        "Hi",
        "MAX_TOKENS",
        214,
        5,
        7,
    )
    assert r.cut_off is not None
    call = {
        "id": "get_weather_1",
        "type": "function",
        "function": {"name": "get_weather", "arguments": '{"city":"Oslo"}'},
    }
    r = json_reply({"id": "c2", "message": {"role": "assistant", "tool_plan": "I will look.", "tool_calls": [call]},
                    "finish_reason": "TOOL_CALL", "usage": USAGE})  # fmt: skip
    assert r.answer == "" and [(t.name, t.arguments) for t in r.tool_calls] == [("get_weather", '{"city":"Oslo"}')]
    assert r.finish_reason == "TOOL_CALL" and r.cut_off is None


def test_cohere_v2_chat_stream_ends_at_message_end() -> None:
    def ev(kind: str, **fields: Any) -> tuple[str, str]:
        return kind, orjson.dumps({"type": kind, **fields}).decode()

    def content(text: str) -> dict[str, Any]:
        return {"message": {"content": {"text": text}}}

    def tool(index: int, **fn: str) -> tuple[str, str]:
        kind = "tool-call-start" if "name" in fn else "tool-call-delta"
        return ev(kind, index=index, delta={"message": {"tool_calls": {"function": fn}}})

    events = [
        ev("message-start", id="c1", delta={"message": {"role": "assistant", "content": []}}),
        ev("content-start", index=0, delta={"message": {"content": {"type": "text", "text": ""}}}),
        ev("content-delta", index=0, delta=content("Your order")),
        ev("content-delta", index=0, delta=content(" ships")),
        ev("content-end", index=0),
        ev("tool-plan-delta", delta={"message": {"tool_plan": "I will look."}}),
        tool(1, name="get_weather", arguments=""),
        tool(1, arguments='{"city":'),
        tool(1, arguments='"Oslo"}'),
        ev("tool-call-end", index=1),
        ev("message-end", id="c1", delta={"finish_reason": "MAX_TOKENS", "usage": USAGE}),
    ]
    r = sse_reply(events)
    assert r.ended and r.answer == "Your order ships" and r.stream_error is None
    assert [(t.name, t.arguments) for t in r.tool_calls] == [("get_weather", '{"city":"Oslo"}')]
    assert (r.finish_reason, r.input_tokens, r.output_tokens) == ("MAX_TOKENS", 214, 5) and r.cut_off is not None
    assert not sse_reply(events[:-1]).ended
    failed = sse_reply([*events[:3], ev("message-end", delta={"finish_reason": "ERROR", "error": "overloaded"})])
    assert failed.stream_error == "overloaded"


def test_production_s_reply_is_what_its_client_got() -> None:
    """A capture record's answer as the judge's baseline reads it: an SSE answer the upstream broke off after its
    [DONE] (meta.response_incomplete) is truncated, where it was production's whole answer; one its client gave up
    on is no baseline at all, nor is an answer broken off before its client got it (the proxy's 502: no response)."""
    events = 'data: {"choices":[{"delta":{"content":"Hi"}}]}\n\ndata: [DONE]\n\n'
    response = {"status": 200, "headers": [["content-type", "text/event-stream"]], "body": body(events)}
    whole = captured_reply({"response": response})
    assert whole is not None and whole.ended and Judge().reply_class("POST /x", whole) == "ok"
    cut = captured_reply({"response": response, "error": "reset", "meta": {"response_incomplete": True}})
    assert cut is not None and cut.answer == "Hi" and Judge().reply_class("POST /x", cut) == "truncated"
    left = {"response": response, "error": "Client disconnected.", "meta": {"client_aborted": True}}
    assert captured_reply(left) is None
    assert captured_reply({"response": None, "error": "reset", "meta": {"upstream_response": {"status": 200}}}) is None
    assert captured_reply({"response": response, "error": "reset"}) is None  # a capture's before replay said so


AZURE_FILTER = {"hate": {"filtered": False, "severity": "safe"}, "violence": {"filtered": True, "severity": "medium"}}


def test_azure_chat_completions_read_as_openai_s_and_its_content_filter_as_a_refusal() -> None:
    """Azure's stream opens with the prompt's filter results and no choices (no text, no model of its own); a 400
    whose code is content_filter names what the filter flagged; another error names nothing."""
    prompt = {"choices": [], "id": "", "model": "", "prompt_filter_results": [{"prompt_index": 0}]}
    chunk = {
        "model": "gpt-4o-prod",
        "choices": [{"index": 0, "delta": {"content": "Hi"}, "content_filter_results": {}}],
    }
    last = {"model": "gpt-4o-prod", "choices": [{"index": 0, "delta": {}, "finish_reason": "content_filter"}]}
    r = sse_reply([(None, orjson.dumps(e).decode()) for e in (prompt, chunk, last)] + [(None, "[DONE]")])
    assert (r.answer, r.model, r.finish_reason, r.ended, r.filtered) == (
        "Hi",
        "gpt-4o-prod",
        "content_filter",
        True,
        None,
    )
    inner = {"code": "ResponsibleAIPolicyViolation", "content_filter_result": AZURE_FILTER}
    error = {"message": "filtered", "type": None, "param": "prompt", "code": "content_filter", "innererror": inner}
    text = orjson.dumps({"error": error}).decode()
    assert parse_reply(400, {"content-type": "application/json"}, body(text)).filtered == "violence"
    bare = orjson.dumps({"error": {"code": "content_filter", "message": "filtered"}}).decode()
    assert parse_reply(400, {"content-type": "application/json"}, body(bare)).filtered == "content_filter"
    other = orjson.dumps({"error": {"code": "invalid_api_key", "innererror": {"code": "other"}}}).decode()
    assert parse_reply(401, {"content-type": "application/json"}, body(other)).filtered is None


# -- AWS Bedrock --------------------------------------------------------------------------------------


def _frames(*events: tuple[str, dict[str, Any]]) -> bytes:
    return b"".join(
        encode_frame({":event-type": k, ":content-type": "application/json", ":message-type": "event"}, orjson.dumps(v))
        for k, v in events
    )


def _eventstream(data: bytes):  # type: ignore[no-untyped-def]
    stored = {"text": base64.b64encode(data).decode(), "encoding": "base64", "size": len(data), "truncated": False}
    return parse_reply(200, {"content-type": "application/vnd.amazon.eventstream"}, stored)


def test_bedrock_converse_body_with_a_tool_use_reasoning_and_cached_tokens() -> None:
    content = [
        {"reasoningContent": {"reasoningText": {"text": "Weather needs a tool.", "signature": "x"}}},
        {"text": "Let me look."},
        {"toolUse": {"toolUseId": "t1", "name": "get_weather", "input": {"city": "Paris"}}},
    ]
    usage = {"inputTokens": 20, "outputTokens": 31, "cacheReadInputTokens": 100, "cacheWriteInputTokens": 5}
    r = json_reply({"output": {"message": {"role": "assistant", "content": content}}, "stopReason": "tool_use",
                    "usage": usage, "metrics": {"latencyMs": 300}})  # fmt: skip
    assert (r.answer, r.finish_reason, r.output_tokens) == ("Let me look.", "tool_use", 31)
    assert (r.input_tokens, r.cached_tokens) == (125, 100)  # Bedrock counts cache reads and writes apart
    assert [(t.name, t.arguments) for t in r.tool_calls] == [("get_weather", '{"city":"Paris"}')]


@pytest.mark.parametrize("why", ["guardrail_intervened", "content_filtered"])
def test_a_bedrock_answer_its_guardrail_stopped_is_a_filters_refusal(why: str) -> None:
    said = "Sorry, the model cannot answer this question."
    r = json_reply({"output": {"message": {"role": "assistant", "content": [{"text": said}]}}, "stopReason": why})
    assert (r.answer, r.filtered) == (said, why)
    assert Judge().refusal(r) == f"the content filter refused the prompt ({why})"
    streamed = _eventstream(_frames(("messageStop", {"stopReason": why})))
    assert streamed.filtered == why and streamed.ended


def test_an_invoke_model_answer_its_guardrail_stopped_is_a_filters_refusal() -> None:
    # Anthropic's body through InvokeModel: its stop reason says end_turn, Bedrock's key says the guardrail intervened
    said = "Sorry, the model cannot answer this question."
    body = {"type": "message", "role": "assistant", "content": [{"type": "text", "text": said}],
            "stop_reason": "end_turn", "amazon-bedrock-guardrailAction": "INTERVENED"}  # fmt: skip
    r = json_reply(body)
    assert (r.answer, r.finish_reason, r.filtered) == (said, "end_turn", "guardrail_intervened")
    assert Judge().refusal(r) == "the content filter refused the prompt (guardrail_intervened)"
    assert json_reply(body | {"amazon-bedrock-guardrailAction": "NONE"}).filtered is None
    # its stream: the chunk that says so, then the last with the invocation's metrics
    chunks = [
        {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": said}},
        {"type": "message_delta", "delta": {"stop_reason": "end_turn"}, "amazon-bedrock-guardrailAction": "INTERVENED"},
        {"type": "message_stop", "amazon-bedrock-invocationMetrics": {"inputTokenCount": 9, "outputTokenCount": 4}},
    ]
    payloads = [{"bytes": base64.b64encode(orjson.dumps(c)).decode()} for c in chunks]
    streamed = _eventstream(_frames(*(("chunk", p) for p in payloads)))
    assert (streamed.answer, streamed.filtered, streamed.ended, streamed.output_tokens) == (
        said, "guardrail_intervened", True, 4)  # fmt: skip


def test_bedrock_converse_stream_cut_at_max_tokens_and_a_torn_one() -> None:
    data = _frames(
        ("messageStart", {"role": "assistant"}),
        ("contentBlockDelta", {"contentBlockIndex": 0, "delta": {"text": "Your"}}),
        ("contentBlockDelta", {"contentBlockIndex": 0, "delta": {"text": " order"}}),
        ("contentBlockStop", {"contentBlockIndex": 0}),
        ("messageStop", {"stopReason": "max_tokens"}),
        ("metadata", {"usage": {"inputTokens": 18, "outputTokens": 2, "totalTokens": 20}, "metrics": {}}),
    )
    r = _eventstream(data)
    assert (r.answer, r.finish_reason, r.output_tokens, r.input_tokens, r.ended) == (
        "Your order",
        "max_tokens",
        2,
        18,
        True,
    )
    assert r.cut_off is not None and r.shape["contentBlockDelta.contentBlockDelta.delta.text"] == "string"
    torn = _eventstream(data[: data.index(b"messageStop") + 5])
    assert (torn.answer, torn.ended, torn.finish_reason) == ("Your order", False, None)


def test_bedrock_invoke_bodies_of_titan_and_llama_and_their_header_counts() -> None:
    counts = {"x-amzn-bedrock-input-token-count": "12", "x-amzn-bedrock-output-token-count": "7"}
    titan = {
        "inputTextTokenCount": 12,
        "results": [{"tokenCount": 7, "outputText": "Monday.", "completionReason": "LENGTH"}],
    }
    r = parse_reply(200, {"content-type": "application/json"} | counts, body(orjson.dumps(titan).decode()))
    assert (r.answer, r.finish_reason, r.input_tokens, r.output_tokens) == ("Monday.", "LENGTH", 12, 7)
    assert r.cut_off is not None
    llama = {"generation": "Monday.", "prompt_token_count": 12, "generation_token_count": 3, "stop_reason": "stop"}
    r = json_reply(llama)
    assert (r.answer, r.finish_reason, r.input_tokens, r.output_tokens) == ("Monday.", "stop", 12, 3)


def test_bedrock_invoke_stream_of_titan_chunks_ends_at_bedrocks_metrics() -> None:
    def chunk(obj: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        return "chunk", {"bytes": base64.b64encode(orjson.dumps(obj)).decode()}

    metrics = {"inputTokenCount": 9, "outputTokenCount": 2, "invocationLatency": 500, "firstByteLatency": 200}
    r = _eventstream(_frames(chunk({"outputText": "Mon", "index": 0, "completionReason": None}),
                             chunk({"outputText": "day", "index": 0, "completionReason": "FINISH",
                                    "amazon-bedrock-invocationMetrics": metrics})))  # fmt: skip
    assert (r.answer, r.finish_reason, r.input_tokens, r.output_tokens, r.ended) == ("Monday", "FINISH", 9, 2, True)


def test_bedrock_converse_declares_its_tools_in_tool_config() -> None:
    spec = {"name": "get_weather", "inputSchema": {"json": {"type": "object"}}}
    assert declared_tools({"toolConfig": {"tools": [{"toolSpec": spec}]}}) == {"get_weather": {"type": "object"}}


_CALLING = {  # an answer that calls a tool, in each API's body (a stream's and Bedrock's binary one below)
    "openai": {"choices": [{"message": {"tool_calls": [{"function": {"name": "f", "arguments": "{}"}}]}}]},
    "openai_old": {"choices": [{"message": {"function_call": {"name": "f", "arguments": "{}"}}}]},
    "responses": {"output": [{"type": "function_call", "name": "f", "arguments": "{}"}]},
    "anthropic": {"type": "message", "content": [{"type": "tool_use", "name": "f", "input": {}}]},
    "gemini": {"candidates": [{"content": {"parts": [{"functionCall": {"name": "f", "args": {}}}]}}]},
    "bedrock": {
        "output": {"message": {"content": [{"toolUse": {"toolUseId": "t", "name": "f", "input": {}}}]}},
        "stopReason": "tool_use",
    },
}


def _record(status: int, headers: dict[str, str], stored: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"response": {"status": status, "headers": list(headers.items()), "body": stored}, **extra}


@pytest.mark.parametrize("api", sorted(_CALLING))
def test_calls_tool_reads_an_answer_that_calls_one_as_the_reader_does(api: str) -> None:
    stored = body(orjson.dumps(_CALLING[api]).decode())
    rec = _record(200, {"content-type": "application/json"}, stored)
    assert calls_tool(rec) is True and captured_reply(rec).tool_calls  # type: ignore[union-attr]


def test_calls_tool_without_a_parse_keeps_the_readers_verdicts() -> None:
    json_ = {"content-type": "application/json"}
    plain = body(orjson.dumps({"choices": [{"message": {"content": "Hi"}}]}).decode())
    assert calls_tool(_record(200, json_, plain)) is False
    assert calls_tool(_record(500, json_, plain)) is None  # no success
    # an answer its client gave up on is none to read, tool or not
    assert calls_tool(_record(200, json_, plain, error="client gone", meta={"client_aborted": True})) is None
    stream = (
        "data: "
        + orjson.dumps({"choices": [{"delta": {"tool_calls": [{"index": 0, "function": {"name": "f"}}]}}]}).decode()
    )
    assert (
        calls_tool(_record(200, {"content-type": "text/event-stream"}, body(stream + "\n\ndata: [DONE]\n\n"))) is True
    )
    data = _frames(("contentBlockStart", {"start": {"toolUse": {"toolUseId": "t", "name": "f"}}}), ("messageStop", {}))
    stored = {"text": base64.b64encode(data).decode(), "encoding": "base64", "size": len(data), "truncated": False}
    assert calls_tool(_record(200, {"content-type": "application/vnd.amazon.eventstream"}, stored)) is True
