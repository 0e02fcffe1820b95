"""The wire formats client SDKs speak, through every stage that reads them: what the real ``openai`` and
``anthropic`` SDKs parse out of a stream equals what replay's judge reads from the same bytes; the runner
counts its generated events as tokens and sees its end; redaction keeps it valid; features find the
prompt of the request the SDK sent. Gemini and Ollama are recorded as their APIs document them (their
SDKs, and Mistral's and Cohere's, run in ``tests/test_sdk_calls.py``).

A tiny HTTP server on 127.0.0.1 answers each path with a recorded body and keeps the request bodies.
"""

from __future__ import annotations

from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any

import orjson
import pytest

from replay.config.target import Policy
from replay.exchange.format import Body, Exchange, Request, Response, Timings
from replay.judge.content import invalid
from replay.judge.core import Judge
from replay.judge.refusal import default_detector
from replay.judge.reply import Reply, parse_reply
from replay.redact import Redactor
from replay.runner.body import _has_token
from replay.runner.client import Client, Outcome
from replay.runner.prepared import Request as Sent
from replay.shape.features import features_of
from replay.shape.prompts import body_prompt, typed_prompt
from replay.shape.records import DECODE_CHAT, decode_record
from replay.util.sse import parse_stream, splitter_for
from replay.util.wire import ends
from tests.conftest import serving

if TYPE_CHECKING:  # the SDKs cost ~1 CPU-s each to import: the tests that call one import it, not the collection
    import openai

SSE, NDJSON = "text/event-stream", "application/x-ndjson"
KEY = "sk-test-key"


def sse(events: list[tuple[str | None, Any]]) -> bytes:
    """SSE as the APIs send it: ``event:`` when named, ``data:`` the JSON (or a literal such as [DONE])."""
    out = []
    for name, data in events:
        text = data if isinstance(data, str) else orjson.dumps(data).decode()
        out.append((f"event: {name}\n" if name else "") + f"data: {text}\n\n")
    return "".join(out).encode()


def responses_stream(
    parts: list[str], end: str = "completed", kind: str = "text", reason: str = "max_output_tokens"
) -> bytes:
    """An OpenAI Responses API stream (https://platform.openai.com/docs/api-reference/responses-streaming):
    a message's output_text deltas (``kind`` text), a refusal's deltas, or a function call's argument deltas;
    ended by response.completed, response.incomplete (``reason``) or response.failed."""
    resp = {"id": "resp_1", "object": "response", "created_at": 1741290958, "model": "gpt-4.1-2025-04-14"}
    resp |= {"status": "in_progress", "error": None, "incomplete_details": None, "output": [], "usage": None}
    seq = iter(range(1000))
    ev: list[tuple[str | None, Any]] = []

    def add(name: str, **fields: Any) -> None:
        ev.append((name, {"type": name, "sequence_number": next(seq), **fields}))

    add("response.created", response=resp)
    add("response.in_progress", response=resp)
    whole = "".join(parts)
    if kind == "function_call":
        item = {"id": "fc_1", "type": "function_call", "status": "in_progress", "arguments": "", "call_id": "call_1"}
        item |= {"name": "get_order"}
        add("response.output_item.added", output_index=0, item=item)
        for p in parts:
            add("response.function_call_arguments.delta", item_id="fc_1", output_index=0, delta=p)
        add("response.function_call_arguments.done", item_id="fc_1", output_index=0, arguments=whole)
        done = item | {"status": "completed", "arguments": whole}
    else:
        item = {"id": "msg_1", "type": "message", "status": "in_progress", "role": "assistant", "content": []}
        add("response.output_item.added", output_index=0, item=item)
        part = {"type": "output_text", "text": "", "annotations": []} if kind == "text" else {"type": "refusal"}
        part = part if kind == "text" else part | {"refusal": ""}
        at = {"item_id": "msg_1", "output_index": 0, "content_index": 0}
        add("response.content_part.added", **at, part=part)
        for p in parts:
            add(f"response.{'output_text' if kind == 'text' else 'refusal'}.delta", **at, delta=p)
        if kind == "text":
            add("response.output_text.done", **at, text=whole)
            final = {"type": "output_text", "text": whole, "annotations": []}
        else:
            add("response.refusal.done", **at, refusal=whole)
            final = {"type": "refusal", "refusal": whole}
        add("response.content_part.done", **at, part=final)
        done = item | {"status": "completed", "content": [final]}
    add("response.output_item.done", output_index=0, item=done)
    usage = {"input_tokens": 12, "input_tokens_details": {"cached_tokens": 0}, "output_tokens": len(parts)}
    usage |= {"output_tokens_details": {"reasoning_tokens": 0}, "total_tokens": 12 + len(parts)}
    final_resp = resp | {"output": [done], "usage": usage}
    if end == "completed":
        add("response.completed", response=final_resp | {"status": "completed"})
    elif end == "incomplete":
        add(
            "response.incomplete",
            response=final_resp | {"status": "incomplete", "incomplete_details": {"reason": reason}},
        )
    else:
        error = {"code": "server_error", "message": "The model failed to generate a response."}
        add("response.failed", response=resp | {"status": "failed", "error": error})
    return sse(ev)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:
        pass

    def do_POST(self) -> None:
        server: Server = self.server  # type: ignore[assignment]
        body = self.rfile.read(int(self.headers.get("content-length") or 0))
        server.seen.append((self.path, orjson.loads(body) if body else None))
        ctype, payload = server.routes[self.path.split("?")[0]]
        self.send_response(200)
        self.send_header("content-type", ctype)
        self.send_header("content-length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.routes: dict[str, tuple[str, bytes]] = {}
        self.seen: list[tuple[str, Any]] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def serve(self, path: str, ctype: str, payload: bytes) -> None:
        self.routes[path] = (ctype, payload)


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    with serving(Server()) as s:
        yield s


def judged(ctype: str, payload: bytes) -> Reply:
    return parse_reply(200, [("content-type", ctype)], {"text": payload.decode(), "encoding": "utf8"})


def runner_reads(server: Server, path: str) -> Outcome:
    """The runner's client sending to ``path``: what it timed of the stream."""
    client = Client(server.url, connections=1, keep_body=1 << 16)
    try:
        req = Sent("POST", path, [("content-type", "application/json")], b"{}", f"POST {path}", 0)
        # the end markers the repository's scenarios configure: they add to every format's own
        policy = Policy(max_retries=0, stream_end=["[DONE]", "message_stop", "done"])
        return client.send(req, policy, b"x-replay-id: w/1\r\n", seed=1)
    finally:
        client.close()


def generated(ctype: str, payload: bytes) -> int:
    splitter = splitter_for(ctype)
    assert splitter is not None
    return sum(_has_token(ev.data) for ev in parse_stream(payload, splitter))


def oai(server: Server) -> openai.OpenAI:
    import openai

    return openai.OpenAI(base_url=server.url + "/v1", api_key=KEY, max_retries=0)


PARTS = ["Your order", " ships", " on Monday", "."]


@pytest.mark.parametrize("end", ["completed", "incomplete"])
def test_responses_stream_text_as_the_sdk_reads_it(server: Server, end: str) -> None:
    payload = responses_stream(PARTS, end)
    server.serve("/v1/responses", SSE, payload)
    events = list(oai(server).responses.create(model="gpt-4.1", instructions="Be brief.", input="Where?", stream=True))
    sdk_text = "".join(e.delta for e in events if e.type == "response.output_text.delta")
    last = events[-1].response  # type: ignore[union-attr]
    reply = judged(SSE, payload)
    assert reply.answer == sdk_text == "Your order ships on Monday."
    assert reply.output_tokens == last.usage.output_tokens and reply.model == last.model
    assert reply.ended and reply.stream_error is None
    if end == "incomplete":
        assert last.incomplete_details.reason == reply.finish_reason == "max_output_tokens"
        assert reply.cut_off is not None
    else:
        assert last.status == "completed" and reply.cut_off is None
    out = runner_reads(server, "/v1/responses")
    assert (out.stream, out.completed, out.deltas) == (True, True, len(PARTS))
    assert out.first_token is not None and out.events == len(parse_stream(payload))


def test_responses_function_call_refusal_and_failure(server: Server) -> None:
    args = ['{"order', '_id": "A', '17"}']
    payload = responses_stream(args, kind="function_call")
    server.serve("/v1/responses", SSE, payload)
    events = list(oai(server).responses.create(model="gpt-4.1", input="Where is A17?", stream=True))
    call = events[-1].response.output[0]  # type: ignore[union-attr]
    reply = judged(SSE, payload)
    assert [(t.name, t.arguments) for t in reply.tool_calls] == [(call.name, call.arguments)]
    assert reply.answer == "" and generated(SSE, payload) == 1 + len(args)  # the call's start, its deltas

    refusal = responses_stream(["I can't", " help with that."], kind="refusal")
    server.serve("/v1/responses", SSE, refusal)
    events = list(oai(server).responses.create(model="gpt-4.1", input="x", stream=True))
    sdk = "".join(e.delta for e in events if e.type == "response.refusal.delta")
    reply = judged(SSE, refusal)
    assert reply.refusal == sdk and default_detector().refusal(reply.answer, reply.finish_reason, reply.refusal)

    failed = responses_stream(PARTS[:2], end="failed")
    server.serve("/v1/responses", SSE, failed)
    events = list(oai(server).responses.create(model="gpt-4.1", input="x", stream=True))
    assert events[-1].type == "response.failed"
    assert judged(SSE, failed).stream_error == events[-1].response.error.message  # type: ignore[union-attr]


def test_responses_request_prompt_and_redacted_stream(server: Server) -> None:
    """The request the SDK sent gives its prompt (``input`` items, not ``instructions``); an email split over
    two deltas is redacted, and the redacted stream is still one the SDK reads."""
    items = [{"role": "user", "content": [{"type": "input_text", "text": "Where is my parcel?"}]}]
    server.serve("/v1/responses", SSE, responses_stream(PARTS))
    oai(server).responses.create(model="gpt-4.1", instructions="You are terse.", input=items, stream=True).close()
    oai(server).responses.create(
        model="gpt-4.1", instructions="You are terse.", input="Where is it?", stream=True
    ).close()
    (_, sent_items), (_, sent_text) = server.seen[-2:]
    for sent, want in ((sent_items, "Where is my parcel?"), (sent_text, "Where is it?")):
        text = orjson.dumps(sent).decode()
        assert body_prompt("/v1/responses", text)[0] == [want] == typed_prompt(DECODE_CHAT(text))[0]

    payload = responses_stream(["Write to jo", ".doe@ma", "il.com today."]).decode()
    resp = Response(200, [("content-type", SSE)], Body(payload, "utf8", len(payload)))
    ex = Redactor(key=b"k" * 32).redact(Exchange("e", Request("POST", "http://x/v1/responses", []), Timings(0.0), resp))
    assert ex.response is not None and ex.response.body is not None
    redacted = ex.response.body.text
    assert "jo.doe" not in redacted and ex.redactions.get("email")
    server.serve("/v1/responses", SSE, redacted.encode())
    events = list(oai(server).responses.create(model="gpt-4.1", input="x", stream=True))
    sdk = "".join(e.delta for e in events if e.type == "response.output_text.delta")
    assert sdk == judged(SSE, redacted.encode()).answer and "@example.invalid" in sdk


def test_chat_tool_call_deltas_and_legacy_completions(server: Server) -> None:
    chunk = {"id": "c1", "object": "chat.completion.chunk", "created": 1, "model": "gpt-4o"}
    calls = [
        {"index": 0, "id": "call_1", "type": "function", "function": {"name": "get_order", "arguments": ""}},
        {"index": 0, "function": {"arguments": '{"id":'}},
        {"index": 0, "function": {"arguments": ' "A17"}'}},
    ]
    events: list[tuple[str | None, Any]] = [
        (None, chunk | {"choices": [{"index": 0, "delta": {"role": "assistant", "tool_calls": [c]}}]}) for c in calls
    ]
    events += [
        (None, chunk | {"choices": [{"index": 0, "delta": {}, "finish_reason": "tool_calls"}]}),
        (None, "[DONE]"),
    ]
    payload = sse(events)
    server.serve("/v1/chat/completions", SSE, payload)
    args, name = "", ""
    for c in oai(server).chat.completions.create(
        model="gpt-4o", messages=[{"role": "user", "content": "x"}], stream=True
    ):
        for tc in c.choices[0].delta.tool_calls or ():
            name += tc.function.name or ""  # type: ignore[union-attr]
            args += tc.function.arguments or ""  # type: ignore[union-attr]
    reply = judged(SSE, payload)
    assert [(t.name, t.arguments) for t in reply.tool_calls] == [(name, args)] and reply.finish_reason == "tool_calls"
    assert generated(SSE, payload) == len(calls)

    legacy = {"id": "cmpl-1", "object": "text_completion", "created": 1, "model": "gpt-3.5-turbo-instruct"}
    texts = [("Once", None), (" upon", None), (" a", "length")]
    payload = sse([(None, legacy | {"choices": [{"text": t, "index": 0, "finish_reason": f}]}) for t, f in texts])
    payload += sse([(None, "[DONE]")])
    server.serve("/v1/completions", SSE, payload)
    got = list(oai(server).completions.create(model="gpt-3.5-turbo-instruct", prompt="Tell", stream=True))
    reply = judged(SSE, payload)
    assert reply.answer == "".join(c.choices[0].text for c in got) and reply.finish_reason == "length"
    assert reply.cut_off is not None and generated(SSE, payload) == len(texts)


def anthropic_stream(stop: str) -> bytes:
    """A Messages stream with a thinking block, a text block and a tool_use block
    (https://docs.anthropic.com/en/docs/build-with-claude/streaming)."""
    msg = {"id": "msg_1", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5", "content": []}
    msg |= {"stop_reason": None, "stop_sequence": None, "usage": {"input_tokens": 20, "output_tokens": 1}}

    def delta(i: int, d: dict[str, Any]) -> tuple[str, Any]:
        return ("content_block_delta", {"type": "content_block_delta", "index": i, "delta": d})

    def block(kind: str, i: int, b: dict[str, Any] | None = None) -> tuple[str, Any]:
        return (kind, {"type": kind, "index": i} | ({"content_block": b} if b is not None else {}))

    return sse([
        ("message_start", {"type": "message_start", "message": msg}),
        block("content_block_start", 0, {"type": "thinking", "thinking": "", "signature": ""}),
        delta(0, {"type": "thinking_delta", "thinking": "The user wants"}),
        delta(0, {"type": "thinking_delta", "thinking": " an order."}),
        delta(0, {"type": "signature_delta", "signature": "EqQBCgIYAhIM"}),
        block("content_block_stop", 0),
        block("content_block_start", 1, {"type": "text", "text": ""}),
        delta(1, {"type": "text_delta", "text": "Let me look"}),
        delta(1, {"type": "text_delta", "text": " that up."}),
        block("content_block_stop", 1),
        block("content_block_start", 2, {"type": "tool_use", "id": "toolu_1", "name": "get_order", "input": {}}),
        delta(2, {"type": "input_json_delta", "partial_json": '{"id": '}),
        delta(2, {"type": "input_json_delta", "partial_json": '"A17"}'}),
        block("content_block_stop", 2),
        ("message_delta", {"type": "message_delta", "delta": {"stop_reason": stop}, "usage": {"output_tokens": 30}}),
        ("message_stop", {"type": "message_stop"}),
    ])  # fmt: skip


@pytest.mark.parametrize("stop", ["tool_use", "max_tokens", "refusal"])
def test_anthropic_thinking_and_tool_use(server: Server, stop: str) -> None:
    import anthropic

    payload = anthropic_stream(stop)
    server.serve("/v1/messages", SSE, payload)
    c = anthropic.Anthropic(base_url=server.url, api_key=KEY, max_retries=0)
    with c.messages.stream(model="claude-sonnet-4-5", max_tokens=64, messages=[{"role": "user", "content": "x"}]) as s:
        final = s.get_final_message()
    text = "".join(b.text for b in final.content if b.type == "text")
    tool = next(b for b in final.content if b.type == "tool_use")
    reply = judged(SSE, payload)
    assert reply.answer == text and reply.finish_reason == final.stop_reason == stop
    assert [(t.name, orjson.loads(t.arguments)) for t in reply.tool_calls] == [(tool.name, tool.input)]
    assert reply.output_tokens == final.usage.output_tokens and reply.ended
    assert generated(SSE, payload) == 2 + 2 + 1 + 2  # thinking, text, the tool_use start and its input
    assert (reply.cut_off is not None) is (stop == "max_tokens")
    flagged = default_detector().refusal(reply.answer, reply.finish_reason, reply.refusal)
    assert (flagged is not None) is (stop == "refusal")


def claude_web_search() -> bytes:
    """A Claude answer that searched the web with the API's own tool
    (https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/web-search-tool): a server_tool_use block whose
    input streams as a tool's, its result, then text with citations."""
    msg = {"id": "msg_2", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5", "content": []}
    msg |= {"stop_reason": None, "stop_sequence": None, "usage": {"input_tokens": 2679, "output_tokens": 3}}
    search = {"type": "server_tool_use", "id": "srvtoolu_014hJH82Qum7", "name": "web_search", "input": {}}
    found = {"type": "web_search_result", "title": "Weather in Paris", "url": "https://weather.example/paris"}
    found |= {"encrypted_content": "Ev0DCioIAxgCIiQ3NmU4ZmI4OC1k", "page_age": None}
    result = {"type": "web_search_tool_result", "tool_use_id": "srvtoolu_014hJH82Qum7", "content": [found]}
    cite = {"type": "web_search_result_location", "cited_text": "Sunny, 21 C", "url": found["url"]}
    cite |= {"title": "Weather in Paris", "encrypted_index": "Eo8BCioIAhgBIiQyYjQ0OWJmZi1l"}
    usage = {"output_tokens": 51, "server_tool_use": {"web_search_requests": 1}}

    def at(i: int, kind: str, **fields: Any) -> tuple[str, Any]:
        return (kind, {"type": kind, "index": i, **fields})

    return sse([
        ("message_start", {"type": "message_start", "message": msg}),
        at(0, "content_block_start", content_block={"type": "text", "text": ""}),
        at(0, "content_block_delta", delta={"type": "text_delta", "text": "Let me check."}),
        at(0, "content_block_stop"),
        at(1, "content_block_start", content_block=search),
        at(1, "content_block_delta", delta={"type": "input_json_delta", "partial_json": '{"query": "weather Paris"}'}),
        at(1, "content_block_stop"),
        at(2, "content_block_start", content_block=result),
        at(2, "content_block_stop"),
        at(3, "content_block_start", content_block={"type": "text", "text": ""}),
        at(3, "content_block_delta", delta={"type": "citations_delta", "citation": cite}),
        at(3, "content_block_delta", delta={"type": "text_delta", "text": "It is sunny in Paris."}),
        at(3, "content_block_stop"),
        ("message_delta", {"type": "message_delta", "delta": {"stop_reason": "end_turn"}, "usage": usage}),
        ("message_stop", {"type": "message_stop"}),
    ])  # fmt: skip


def test_claude_web_search_is_no_tool_call_of_the_client(server: Server) -> None:
    """The search the API ran itself is not a call the client must answer: the SDK's message holds no
    tool_use block, and the judge reads no tool call (not a nameless one the declared tools lack: invalid)."""
    import anthropic

    payload = claude_web_search()
    server.serve("/v1/messages", SSE, payload)
    c = anthropic.Anthropic(base_url=server.url, api_key=KEY, max_retries=0)
    tools = [{"type": "web_search_20250305", "name": "web_search", "max_uses": 3}]
    asked = {"model": "claude-sonnet-4-5", "max_tokens": 512, "messages": [{"role": "user", "content": "Weather?"}]}
    with c.messages.stream(**asked, tools=tools) as s:  # type: ignore[call-overload]
        final = s.get_final_message()
    assert [b.type for b in final.content] == ["text", "server_tool_use", "web_search_tool_result", "text"]
    reply = judged(SSE, payload)
    assert reply.answer == "".join(b.text for b in final.content if b.type == "text")
    assert reply.tool_calls == [] and reply.finish_reason == final.stop_reason and reply.ended
    judge = Judge()
    assert not invalid(judge.checks("POST /v1/messages"), reply, asked | {"tools": tools})


GEMINI = b"".join(
    b"data: " + orjson.dumps(c) + b"\r\n\r\n"
    for c in [
        {"candidates": [{"content": {"parts": [{"text": "Your order"}], "role": "model"}, "index": 0}]},
        {"candidates": [{"content": {"parts": [{"text": " ships"}], "role": "model"}, "index": 0}]},
        {
            "candidates": [
                {"content": {"parts": [{"text": " on"}], "role": "model"}, "finishReason": "MAX_TOKENS", "index": 0}
            ],
            "usageMetadata": {"promptTokenCount": 9, "candidatesTokenCount": 3, "totalTokenCount": 12},
            "modelVersion": "gemini-2.0-flash",
        },
    ]
)  # streamGenerateContent?alt=sse: no end event, the last chunk has the finishReason


def ollama(path: str) -> bytes:
    """/api/chat or /api/generate streamed: one JSON object a line, the last ``done`` with its reason."""
    key = "message" if path == "/api/chat" else "response"
    lines = []
    for t in ("Your order", " ships", ""):
        content: Any = {"role": "assistant", "content": t} if key == "message" else t
        lines.append({"model": "llama3.2", "created_at": "2026-01-01T00:00:00Z", key: content, "done": t == ""})
    lines[-1] |= {"done_reason": "length", "prompt_eval_count": 9, "eval_count": 2}
    return b"".join(orjson.dumps(line) + b"\n" for line in lines)


@pytest.mark.parametrize(
    ("path", "ctype", "payload"),
    [
        ("/v1beta/models/gemini-2.0-flash:streamGenerateContent", SSE, GEMINI),
        ("/api/chat", NDJSON, ollama("/api/chat")),
        ("/api/generate", NDJSON, ollama("/api/generate")),
    ],
)
def test_gemini_and_ollama_streams(server: Server, path: str, ctype: str, payload: bytes) -> None:
    server.serve(path, ctype, payload)
    reply = judged(ctype, payload)
    assert reply.stream and reply.ended and reply.answer is not None and reply.answer.startswith("Your order ships")
    assert reply.finish_reason in ("MAX_TOKENS", "length") and reply.cut_off is not None
    assert reply.output_tokens == (3 if "gemini" in path else 2)
    out = runner_reads(server, path)
    deltas = 3 if "gemini" in path else 2
    assert (out.stream, out.completed, out.deltas, out.events) == (True, True, deltas, 3)
    assert out.first_token is not None


def test_gemini_and_ollama_requests_and_bodies() -> None:
    gemini = {
        "contents": [
            {"role": "user", "parts": [{"text": "Where is my order?"}]},
            {"role": "model", "parts": [{"text": "Which one?"}]},
            {"role": "user", "parts": [{"text": "The red one."}]},
        ],
        "systemInstruction": {"parts": [{"text": "Be brief."}]},
    }
    generate = {"model": "llama3.2", "prompt": "Where is my order?", "system": "Be brief."}
    for body, want, turns in (
        (gemini, ["Where is my order?", "The red one."], 3),
        (generate, ["Where is my order?"], 0),
    ):
        text = orjson.dumps(body).decode()
        assert body_prompt("/x", text)[:2] == (want, turns) == typed_prompt(DECODE_CHAT(text))
    roleless = {"contents": [{"parts": [{"text": "Hi there"}]}]}  # a one-turn Gemini request names no role
    assert body_prompt("/x", orjson.dumps(roleless).decode())[0] == ["Hi there"]
    urls = [
        "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse",
        "https://example.openai.azure.com/openai/deployments/gpt-4o-prod/chat/completions?api-version=2024-10-21",
        "http://127.0.0.1:11434/api/generate",
    ]
    bodies = [gemini, {"messages": [{"role": "user", "content": "Hi"}]}, generate]
    records = [
        {"v": 1, "id": str(i), "request": {"method": "POST", "url": url, "headers": [],
         "body": {"text": orjson.dumps(b).decode(), "encoding": "utf8"}}, "timings": {"start": float(i)}}
        for i, (url, b) in enumerate(zip(urls, bodies, strict=True))
    ]  # fmt: skip
    for feats in (features_of(records), features_of([decode_record(orjson.dumps(r)) for r in records])):
        assert [feats.models[m] for m in feats.model] == ["gemini-2.0-flash", "gpt-4o-prod", "llama3.2"]
        assert list(feats.chars) == [len("Where is my order?\n\nThe red one."), 2, len("Where is my order?")]
    whole = {"candidates": [{"content": {"parts": [{"text": "No."}], "role": "model"}, "finishReason": "SAFETY"}]}
    reply = parse_reply(200, [("content-type", "application/json")], {"text": orjson.dumps(whole).decode()})
    assert reply.answer == "No." and default_detector().refusal(reply.answer, reply.finish_reason) is not None
    blocked = judged(SSE, b'data: {"promptFeedback": {"blockReason": "SAFETY"}}\r\n\r\n')  # no candidates at all
    assert blocked.ended and default_detector().refusal(blocked.answer, blocked.finish_reason) == "finish_reason SAFETY"
    done = {"model": "llama3.2", "message": {"role": "assistant", "content": "Hi"}, "done": True, "done_reason": "stop"}
    reply = parse_reply(200, [("content-type", "application/json")], {"text": orjson.dumps(done).decode()})
    assert (reply.answer, reply.finish_reason) == ("Hi", "stop")
    assert ends()(None, orjson.dumps(done).decode()) and not ends()(None, '{"done":false}')
