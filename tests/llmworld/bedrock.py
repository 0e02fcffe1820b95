"""AWS Bedrock's runtime: Converse and ConverseStream (``/model/{modelId}/converse(-stream)``), InvokeModel and
InvokeModelWithResponseStream (``/model/{modelId}/invoke(-with-response-stream)``) with an Anthropic body, or an Amazon
Titan one (``amazon.titan-*``: ``outputText`` chunks, ``completionReason`` in the last). Shapes from
botocore's ``bedrock-runtime`` service model (2023-09-30) as boto3 1.44 reads them: a stream is
``application/vnd.amazon.eventstream`` frames, each with ``:event-type``, ``:content-type`` and ``:message-type``
headers and a JSON payload padded with ``p`` as the service pads it; InvokeModel's stream frames are ``chunk`` events
whose ``bytes`` are the base64 of Anthropic's own events, the last with ``amazon-bedrock-invocationMetrics``.
A Converse request with a ``guardrailConfig`` and a prompt holding ``GUARD`` is stopped by the guardrail.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import Any

import orjson

from replay.util.eventstream import encode_frame
from tests.llmworld.anthropic import messages
from tests.llmworld.common import ANSWER, _calls, _prompt, _words

BLOCKED = "Sorry, the model cannot answer this question."  # a guardrail's default blocked message
_PAD = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0"


def frame(kind: str, payload: dict[str, Any]) -> bytes:
    """One event frame as Bedrock sends it."""
    headers = {":event-type": kind, ":content-type": "application/json", ":message-type": "event"}
    return encode_frame(headers, orjson.dumps(payload | {"p": _PAD[: 1 + len(kind) % 20]}))


def converse(body: dict[str, Any], stream: bool) -> tuple[dict[str, Any] | None, Iterator[bytes] | None]:
    """Converse's body, or ConverseStream's frames."""
    specs = [t.get("toolSpec") or {} for t in (body.get("toolConfig") or {}).get("tools") or ()]
    calls = _calls(specs, True) if specs else []
    words, cut = _words(ANSWER, (body.get("inferenceConfig") or {}).get("maxTokens"))
    stop = "tool_use" if calls else "max_tokens" if cut else "end_turn"
    if body.get("guardrailConfig") and "GUARD" in _prompt(body):
        words, calls, stop = [BLOCKED], [], "guardrail_intervened"
    written = 11 * len(calls) or len(words)
    usage = {"inputTokens": 18, "outputTokens": written, "totalTokens": 18 + written}
    usage |= {"cacheReadInputTokens": 0, "cacheWriteInputTokens": 0}
    uses = [
        {"toolUseId": f"tooluse_kZJMlvQm{k}", "name": nm, "input": orjson.loads(a)} for k, (nm, a) in enumerate(calls)
    ]
    if not stream:
        content = [{"toolUse": u} for u in uses] or [{"text": "".join(words)}]
        msg = {"role": "assistant", "content": content}
        return {"output": {"message": msg}, "stopReason": stop, "usage": usage, "metrics": {"latencyMs": 412}}, None

    def frames() -> Iterator[bytes]:
        yield frame("messageStart", {"role": "assistant"})
        for k, use in enumerate(uses):
            start = {"toolUse": {"toolUseId": use["toolUseId"], "name": use["name"]}}
            yield frame("contentBlockStart", {"contentBlockIndex": k, "start": start})
            args = orjson.dumps(use["input"]).decode()
            for part in (args[: len(args) // 2], args[len(args) // 2 :]):
                yield frame("contentBlockDelta", {"contentBlockIndex": k, "delta": {"toolUse": {"input": part}}})
            yield frame("contentBlockStop", {"contentBlockIndex": k})
        if not uses:
            for w in words:
                yield frame("contentBlockDelta", {"contentBlockIndex": 0, "delta": {"text": w}})
            yield frame("contentBlockStop", {"contentBlockIndex": 0})
        yield frame("messageStop", {"stopReason": stop})
        yield frame("metadata", {"usage": usage, "metrics": {"latencyMs": 412}})

    return None, frames()


def invoke(body: dict[str, Any], stream: bool, model: str) -> tuple[dict[str, Any] | None, Iterator[bytes] | None]:
    """InvokeModel with an Anthropic body: Anthropic's message (naming the model as Anthropic does,
    ``claude-3-5-sonnet-20240620`` for ``anthropic.claude-3-5-sonnet-20240620-v1:0``), or its events each in a
    ``chunk`` frame. The operation says whether it streams, not the body."""
    if model.startswith("amazon.titan"):
        return _titan(body, stream)
    named = model.removeprefix("anthropic.").rsplit("-v", 1)[0]
    whole, events = messages(body | {"stream": stream, "model": named})
    if events is None:
        return whole, None

    def frames() -> Iterator[bytes]:
        for name, event in events:
            if name == "message_stop":  # Bedrock's own count rides on the last event
                metrics = {"inputTokenCount": 18, "outputTokenCount": 9, "invocationLatency": 611}
                event = event | {"amazon-bedrock-invocationMetrics": metrics | {"firstByteLatency": 287}}
            yield frame("chunk", {"bytes": base64.b64encode(orjson.dumps(event)).decode()})

    return None, frames()


def _titan(body: dict[str, Any], stream: bool) -> tuple[dict[str, Any] | None, Iterator[bytes] | None]:
    """Titan Text's InvokeModel body (``results[]``), or its stream's chunks: a word each, the first with the
    prompt's count, the last with the completion reason and Bedrock's metrics."""
    words, cut = _words(ANSWER, (body.get("textGenerationConfig") or {}).get("maxTokenCount"))
    reason = "LENGTH" if cut else "FINISH"
    if not stream:
        result = {"tokenCount": len(words), "outputText": "".join(words), "completionReason": reason}
        return {"inputTextTokenCount": 12, "results": [result]}, None

    def frames() -> Iterator[bytes]:
        for i, w in enumerate(words):
            last = i == len(words) - 1
            chunk: dict[str, Any] = {"outputText": w, "index": 0, "totalOutputTextTokenCount": i + 1,
                                     "completionReason": reason if last else None,
                                     "inputTextTokenCount": 12 if i == 0 else None}  # fmt: skip
            if last:
                chunk["amazon-bedrock-invocationMetrics"] = {"inputTokenCount": 12, "outputTokenCount": len(words)}
            yield frame("chunk", {"bytes": base64.b64encode(orjson.dumps(chunk)).decode()})

    return None, frames()
