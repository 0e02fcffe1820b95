"""Gemini's generateContent and Ollama's chat, generate and embed."""

from __future__ import annotations

from typing import Any

import orjson

from tests.llmworld.common import ANSWER, _answered_tool, _calls, _prompt, _words

# -- Gemini and Ollama ------------------------------------------------------------------------------


def gemini(body: dict[str, Any], model: str, stream: bool) -> list[dict[str, Any]]:
    """The chunks of a generateContent answer (one, unstreamed)."""
    limit = (body.get("generationConfig") or {}).get("maxOutputTokens")
    if "REFUSE" in _prompt(body):
        return [{"promptFeedback": {"blockReason": "SAFETY"}, "modelVersion": model}]
    decls = [d for t in body.get("tools") or () for d in t.get("functionDeclarations") or ()]
    words, cut = _words(ANSWER, limit)
    usage = {"promptTokenCount": 9, "candidatesTokenCount": len(words), "totalTokenCount": 9 + len(words)}
    if decls:
        parts = [{"functionCall": {"name": nm, "args": orjson.loads(a)}} for nm, a in _calls(decls, True)]
        pieces = [parts]
    else:
        pieces = [[{"text": w}] for w in words] if stream else [[{"text": "".join(words)}]]
    out = []
    for i, parts in enumerate(pieces):
        cand: dict[str, Any] = {"content": {"parts": parts, "role": "model"}, "index": 0}
        last = i == len(pieces) - 1
        if last:
            cand["finishReason"] = "MAX_TOKENS" if cut else "STOP"
        chunk = {"candidates": [cand], "modelVersion": model, "responseId": "mAitaLmXHPPmz7IPvtfUqQ4"}
        chunk["usageMetadata"] = usage if last else {"promptTokenCount": 9}
        out.append(chunk)
    return out


def ollama(path: str, body: dict[str, Any]) -> list[dict[str, Any]]:
    model = str(body.get("model", "llama3.2"))
    opts = body.get("options") or {}
    words, cut = _words(ANSWER, opts.get("num_predict"))
    head = {"model": model, "created_at": "2025-10-17T23:14:07.414671Z"}
    stats = {"total_duration": 174560334, "load_duration": 101397084, "prompt_eval_count": 11}
    stats |= {"prompt_eval_duration": 13074791, "eval_count": len(words), "eval_duration": 52479709}
    reason = "length" if cut else "stop"
    if path == "/api/embed":
        n = len(body["input"]) if isinstance(body.get("input"), list) else 1
        return [{"model": model, "embeddings": [[0.01, 0.02, 0.03]] * n, "prompt_eval_count": 4}]
    tools = body.get("tools") if path == "/api/chat" and not _answered_tool(body.get("messages") or []) else None
    if path == "/api/chat":
        piece = lambda t: {"message": {"role": "assistant", "content": t}}  # noqa: E731
    else:
        piece = lambda t: {"response": t}  # noqa: E731
    if tools:
        calls = [{"function": {"name": nm, "arguments": orjson.loads(a)}} for nm, a in _calls(tools, True)]
        last = {"message": {"role": "assistant", "content": "", "tool_calls": calls}}
        return [head | last | {"done": True, "done_reason": "stop"} | stats]
    if body.get("stream", True) is False:
        return [head | piece("".join(words)) | {"done": True, "done_reason": reason} | stats]
    lines = [head | piece(w) | {"done": False} for w in words]
    return [*lines, head | piece("") | {"done": True, "done_reason": reason} | stats]
