"""What one event of a model's stream says, in each wire format the client SDKs speak: the one reader
of stream events. The runner counts an event with generated content as a token (TTFT, inter-token
latency); the judge joins the answer, tool calls and finish reason from them; both stop at the
format's end of stream (``END_MARKERS``, ``ends``).

An event is an SSE event's data or an NDJSON line (``replay.util.sse``), parsed as JSON:

  OpenAI chat completions  ``choices[].delta``: content, refusal, tool_calls (function or custom), reasoning_content;
                           ``finish_reason``; legacy completions ``choices[].text``; ``data: [DONE]``;
                           with ``n`` > 1 the choices' chunks interleave: the answer is choice 0's
  OpenAI responses         ``type: response.*``: output_text / refusal / function_call_arguments /
                           custom_tool_call_input / reasoning(_summary)_text deltas, output_item.added
                           (a tool call's name),
                           completed / incomplete (``incomplete_details.reason``) / failed; ``error``
  Anthropic messages       content_block_start (tool_use), content_block_delta (text, input_json,
                           thinking), message_delta ``stop_reason``, message_stop, error
  Google Gemini            ``candidates[].content.parts[]``: text (``thought``: reasoning),
                           functionCall; ``finishReason``; ``promptFeedback.blockReason``
  Ollama chat / generate   ``message``: content, thinking, tool_calls; ``response``, ``thinking``;
                           ``done``, ``done_reason``
  Cohere v2 chat           ``type``: content-delta (``delta.message.content`` text or thinking),
                           tool-plan-delta (reasoning), tool-call-start (a call's name) / tool-call-delta
                           (its arguments) by the event's ``index``, message-end (``delta.finish_reason``
                           COMPLETE / MAX_TOKENS / TOOL_CALL..., ``delta.usage``, ``delta.error``)
  Mistral chat             OpenAI's chunks, but a tool call comes whole in one chunk with no ``index``
  AWS Bedrock Converse     an event stream's frames (``replay.util.sse``) as ``{"<event-type>": payload}``:
                           contentBlockStart (a toolUse's name), contentBlockDelta (``text``, ``toolUse.input``,
                           ``reasoningContent.text``) by ``contentBlockIndex``, messageStop ``stopReason``,
                           metadata (``usage``); its whole body: ``output.message.content[]`` (text, toolUse,
                           reasoningContent), ``stopReason``
  Bedrock InvokeModel      the model's own JSON (a stream's ``chunk`` decoded): Anthropic's as above, Amazon Titan's
                           ``outputText`` / ``results[].outputText`` and ``completionReason``, Meta Llama's
                           ``generation`` and ``stop_reason``
                           (a guardrail that intervened: ``amazon-bedrock-guardrailAction`` INTERVENED beside
                           them, in the body or a chunk: ``guardrail_intervened``)
  plain events             the first text of ``text``/``delta``/``content``/``token``/``output``;
                           ``finish_reason``/``stop_reason``

Gemini's, Ollama's, Cohere's and Bedrock's whole (unstreamed) bodies are one such event, and are read by it too.

``offered_tools`` finds the tools a request body offers the model, where each API puts them: the one reader of
that place for the sampler's ``tools`` column and the judge's declared tools.

``retry_after`` reads the wait an error answer advises as the OpenAI and Anthropic SDKs do: the one
reader for the runner's client, the fault proxy's retry timing and the demo's assistant.
"""

from __future__ import annotations

import email.utils
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import orjson

from replay.util.jsonpath import text_of

__all__ = [
    "END_MARKERS",
    "TOOL_LISTS",
    "Delta",
    "Ends",
    "ends",
    "guardrail_intervened",
    "offered_tools",
    "read_event",
    "retry_after",
]

# Where a request body lists the tools it offers, the first that holds one first: OpenAI chat's and responses',
# Anthropic's, Gemini's (its declarations inside each: ``functionDeclarations``, ``function_declarations``),
# Ollama's, Cohere's and Mistral's ``tools``; OpenAI's older ``functions``; Bedrock Converse's ``toolConfig.tools``
# (Gemini's ``toolConfig`` holds no tools: how its ``tools`` may be called)
TOOL_LISTS = (("tools",), ("functions",), ("toolConfig", "tools"))


def offered_tools(body: Any) -> list[Any] | None:
    """The tools a parsed request body offers the model (an agent's call, not a plain chat), as its API lists them:
    the first list of ``TOOL_LISTS`` that holds one; None when it offers none (no list, or an empty one)."""
    if not isinstance(body, dict):
        return None
    for path in TOOL_LISTS:
        node: Any = body
        for key in path:
            node = node.get(key) if isinstance(node, dict) else None
        if isinstance(node, list) and node:
            return node
    return None


def retry_after(headers: Mapping[str, str]) -> float | None:
    """Seconds an answer advises to wait: ``retry-after-ms``, else ``retry-after`` in seconds or as an HTTP
    date; None when it advises none (``headers`` looked up in lower case)."""
    ms = headers.get("retry-after-ms")
    if ms is not None:
        try:
            return float(ms) / 1000
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        pass
    date = email.utils.parsedate_tz(value)
    return None if date is None else float(email.utils.mktime_tz(date) - time.time())


# What ends a stream, per format: an event name, a whole data line, or (with a quote) a JSON fragment
# in the data. Gemini has no end event: its last chunk is the one with a finishReason (spaced or not),
# or, for a prompt it blocked, the one chunk with promptFeedback.blockReason. Cohere's last event is
# message-end (named so, and typed so in its data), with no [DONE] after it.
# These are facts of the protocols: a scenario's ``[client] stream_end`` adds markers, never removes these.
END_MARKERS: tuple[str, ...] = (
    "[DONE]",
    "message_stop",
    "response.completed",
    "response.incomplete",
    "response.failed",
    '"finishReason":',
    '"blockReason":',
    '"done":true',
    '"done": true',
    "message-end",
    '"type":"message-end"',
    "messageStop",  # Bedrock's ConverseStream (its metadata event with usage comes after it)
    '"amazon-bedrock-invocationMetrics"',  # Bedrock's count in InvokeModel's last chunk, whatever the model
)
_PLAIN_KEYS = ("text", "delta", "content", "token", "output")


@dataclass(slots=True)
class Delta:
    """What one event carries. ``tools`` are (index, name part, argument part): one call's parts share an
    index (None: no index, a whole call in one event or a call's parts with none: a named part starts a call,
    a nameless one goes on with the last); ``meta`` is the object holding usage and model, when the
    event wraps one (Anthropic's message_start message, a responses event's response)."""

    kind: str = "plain"  # openai, responses, anthropic, gemini, ollama, cohere, bedrock, plain
    text: str | None = None  # answer text (None: the event has no answer text)
    reasoning: str = ""  # thinking, reasoning: generated, not part of the answer
    refusal: str = ""
    tools: list[tuple[int | None, str, str]] = field(default_factory=list)
    finish: str | None = None  # the finish, stop, done or incomplete reason
    error: str | None = None
    meta: dict[str, Any] | None = None
    # Another choice than the answer's (OpenAI ``n`` > 1) generated in this event: a token for the stream's
    # timing, but none of the answer (the choices' chunks interleave, and would garble it).
    other_choice: bool = False
    free: bool = False  # the tool parts are a custom tool's free-form input (OpenAI), not JSON arguments

    @property
    def generated(self) -> bool:
        """Whether the model generated something in this event (a token, for the stream's timing)."""
        return bool(self.text or self.reasoning or self.refusal or self.tools or self.other_choice)


class Ends:
    """Whether an event ends its stream: its name or its whole data is a marker, or a marker with a
    quote (a JSON fragment, ``'"finish_reason":"stop"'``) is in its data. Called on every event until
    one matches, so the markers are sorted once: a set lookup and a few substring tests an event."""

    __slots__ = ("fragments", "markers")

    def __init__(self, markers: Iterable[str]):
        given = tuple(dict.fromkeys(markers))
        self.markers = frozenset(given)
        self.fragments = tuple(m for m in given if '"' in m)

    def __call__(self, event: str | None, data: str) -> bool:
        if event in self.markers or data.strip() in self.markers:
            return True
        return any(f in data for f in self.fragments)


@cache
def ends(extra: tuple[str, ...] = ()) -> Ends:
    """Every wire format's end markers (``END_MARKERS``) and ``extra`` ones (``[client] stream_end``)."""
    return Ends((*END_MARKERS, *extra))


def read_event(obj: dict[str, Any]) -> Delta:
    """What one parsed event (or a Gemini or Ollama body) says, by the format its keys show."""
    choices = obj.get("choices")
    if isinstance(choices, list):
        return _openai(choices)
    kind = obj.get("type")
    if isinstance(kind, str):
        if kind.startswith("response."):
            return _responses(kind, obj)
        if kind.startswith(("message_", "content_block_")) or kind == "ping":
            return _anthropic(kind, obj)
        if kind == "error":
            return Delta("plain", error=_message(obj.get("error")) or _message(obj))
        if kind.startswith(_COHERE_EVENTS):
            return _cohere(kind, obj)
    if isinstance(obj.get("candidates"), list) or isinstance(obj.get("promptFeedback"), dict):
        return _gemini(obj)
    if "done" in obj and isinstance(obj.get("message", obj.get("response")), dict | str):
        return _ollama(obj)
    msg = obj.get("message")
    if isinstance(obj.get("finish_reason"), str) and isinstance(msg, dict) and msg.get("role") == "assistant":
        return _cohere_body(obj)
    if len(obj) == 1 and next(iter(obj)) in _CONVERSE_EVENTS:
        return _converse_event(*next(iter(obj.items())))
    if isinstance(obj.get("output"), dict) and "stopReason" in obj:
        return _converse_body(obj)
    if _bedrock_keys(obj):
        return _bedrock_model(obj)
    if obj.get("error"):
        return Delta("plain", error=_message(obj.get("error")))
    d = Delta("plain", finish=_str(obj.get("finish_reason")) or _str(obj.get("stop_reason")))
    d.text = next((t for k in _PLAIN_KEYS if (t := text_of(obj.get(k))) is not None), None)
    return d


def _str(v: Any) -> str | None:
    return v if isinstance(v, str) and v else None


def _message(err: Any) -> str:
    """An error's message (an object's ``message``, or the error itself as text)."""
    if isinstance(err, dict):
        return str(err.get("message") or err.get("code") or err.get("type") or "error event")
    return str(err) if err else ""


def _args(v: Any) -> str:
    """Tool arguments as JSON text (Gemini and Ollama send an object)."""
    return v if isinstance(v, str) else orjson.dumps(v).decode() if v is not None else ""


def _openai(choices: list[Any]) -> Delta:
    d = Delta("openai")
    for c in choices:
        if not isinstance(c, dict):
            continue
        delta = c.get("delta")
        delta = delta if isinstance(delta, dict) else {}
        if c.get("index", 0) != 0:  # another of n choices: the answer is the first
            d.other_choice = d.other_choice or _openai([{"delta": delta, "text": c.get("text")}]).generated
            continue
        t = text_of(delta.get("content"))
        t = text_of(c.get("text")) if t is None else t  # legacy completions
        if t is not None:
            d.text = (d.text or "") + t
        d.refusal += _str(delta.get("refusal")) or ""
        d.reasoning += _str(delta.get("reasoning_content")) or _str(delta.get("reasoning")) or ""
        for tc in delta.get("tool_calls") or ():
            if isinstance(tc, dict):
                custom = tc.get("custom")
                if isinstance(custom, dict):  # a custom tool's free-form input
                    d.free = True
                    name = str(custom.get("name") or "")
                    d.tools.append((_tool_index(tc), name, str(custom.get("input") or "")))
                    continue
                fn = tc.get("function") if isinstance(tc.get("function"), dict) else {}
                name = str(fn.get("name") or "")
                d.tools.append((_tool_index(tc), name, _args(fn.get("arguments"))))
        d.finish = _str(c.get("finish_reason")) or d.finish
    return d


def _tool_index(tc: dict[str, Any]) -> int | None:
    """The call a streamed tool-call part belongs to: its ``index``, else None (Mistral sends each call whole,
    parallel ones side by side in one chunk, with no index; Gemini's OpenAI-compatible API names no index)."""
    index = tc.get("index")
    return index if isinstance(index, int) else None


_RESPONSES_TEXT = {
    "response.output_text.delta": "text",
    "response.refusal.delta": "refusal",
    "response.reasoning_text.delta": "reasoning",
    "response.reasoning_summary_text.delta": "reasoning",
}


def _responses(kind: str, obj: dict[str, Any]) -> Delta:
    d = Delta("responses")
    field_ = _RESPONSES_TEXT.get(kind)
    delta = obj.get("delta")
    if field_ is not None and isinstance(delta, str):
        setattr(d, field_, delta)
    elif kind in ("response.function_call_arguments.delta", "response.custom_tool_call_input.delta"):
        d.free = kind == "response.custom_tool_call_input.delta"
        d.tools.append((_index(obj), "", str(delta or "")))
    elif kind == "response.output_item.added":
        item = obj.get("item") if isinstance(obj.get("item"), dict) else {}
        if item.get("type") in ("function_call", "custom_tool_call"):
            d.free = item.get("type") == "custom_tool_call"
            d.tools.append((_index(obj), str(item.get("name") or ""), ""))
    elif isinstance(obj.get("response"), dict):  # created, in_progress, completed, incomplete, failed
        resp = d.meta = obj["response"]
        why = resp.get("incomplete_details")
        d.finish = _str(why.get("reason")) if isinstance(why, dict) else None
        if kind == "response.failed" or resp.get("status") == "failed":
            d.error = _message(resp.get("error")) or "response failed"
    return d


def _index(obj: dict[str, Any]) -> int:
    i = obj.get("output_index")
    return i if isinstance(i, int) else 0


def _anthropic(kind: str, obj: dict[str, Any]) -> Delta:
    d = Delta("anthropic")
    if kind == "message_start" and isinstance(obj.get("message"), dict):
        d.meta = obj["message"]
    elif kind == "content_block_start":
        block = obj.get("content_block") if isinstance(obj.get("content_block"), dict) else {}
        if block.get("type") == "tool_use":
            d.tools.append((_anthropic_index(obj), str(block.get("name") or ""), ""))
    elif kind == "content_block_delta":
        delta = obj.get("delta") if isinstance(obj.get("delta"), dict) else {}
        kind = delta.get("type")
        if kind == "text_delta" or (kind is None and "text" in delta):
            d.text = str(delta.get("text") or "")
        elif kind == "input_json_delta":
            d.tools.append((_anthropic_index(obj), "", str(delta.get("partial_json") or "")))
        elif kind == "thinking_delta":
            d.reasoning = str(delta.get("thinking") or "")
    elif kind == "message_delta":
        delta = obj.get("delta") if isinstance(obj.get("delta"), dict) else {}
        d.finish = _str(delta.get("stop_reason"))
    return d


def _anthropic_index(obj: dict[str, Any]) -> int:
    i = obj.get("index")
    return i if isinstance(i, int) else 0


def _gemini(obj: dict[str, Any]) -> Delta:
    d = Delta("gemini")
    feedback = obj.get("promptFeedback")
    if isinstance(feedback, dict):
        d.finish = _str(feedback.get("blockReason"))  # the prompt was blocked: no candidates
    for cand in obj.get("candidates") or ():
        if not isinstance(cand, dict):
            continue
        content = cand.get("content") if isinstance(cand.get("content"), dict) else {}
        for part in content.get("parts") or ():
            if not isinstance(part, dict):
                continue
            if isinstance(part.get("text"), str):
                if part.get("thought"):
                    d.reasoning += part["text"]
                else:
                    d.text = (d.text or "") + part["text"]
            fc = part.get("functionCall")
            if isinstance(fc, dict):
                d.tools.append((None, str(fc.get("name") or ""), _args(fc.get("args"))))
        d.finish = _str(cand.get("finishReason")) or d.finish
        break  # the first candidate is the answer
    return d


def _ollama(obj: dict[str, Any]) -> Delta:
    d = Delta("ollama", finish=_str(obj.get("done_reason")))
    msg = obj.get("message")
    if isinstance(msg, dict):  # /api/chat
        d.text = text_of(msg.get("content"))
        d.reasoning = _str(msg.get("thinking")) or ""
        for tc in msg.get("tool_calls") or ():
            fn = tc.get("function") if isinstance(tc, dict) and isinstance(tc.get("function"), dict) else {}
            if fn:
                d.tools.append((None, str(fn.get("name") or ""), _args(fn.get("arguments"))))
    else:  # /api/generate
        d.text = text_of(obj.get("response"))
        d.reasoning = _str(obj.get("thinking")) or ""
    return d


# Cohere v2's stream event types (its SDK's V2ChatStreamResponse: message-start ... message-end, and debug).
_COHERE_EVENTS = ("message-", "content-", "tool-plan-", "tool-call-", "citation-", "debug")


def _cohere(kind: str, obj: dict[str, Any]) -> Delta:
    d = Delta("cohere")
    delta = obj.get("delta") if isinstance(obj.get("delta"), dict) else {}
    msg = delta.get("message") if isinstance(delta.get("message"), dict) else {}
    if kind == "content-delta":
        content = msg.get("content") if isinstance(msg.get("content"), dict) else {}
        d.text = _str(content.get("text"))
        d.reasoning = _str(content.get("thinking")) or ""
    elif kind == "tool-plan-delta":
        d.reasoning = _str(msg.get("tool_plan")) or ""
    elif kind in ("tool-call-start", "tool-call-delta"):
        tc = msg.get("tool_calls") if isinstance(msg.get("tool_calls"), dict) else {}
        fn = tc.get("function") if isinstance(tc.get("function"), dict) else {}
        i = obj.get("index")  # the event's place among the message's blocks, shared by one call's events
        d.tools.append((i if isinstance(i, int) else 0, str(fn.get("name") or ""), _args(fn.get("arguments"))))
    elif kind == "message-end":
        d.finish = _str(delta.get("finish_reason"))
        d.error = _cohere_error(d.finish, delta)
        d.meta = delta  # its usage
    return d


def _cohere_error(finish: str | None, obj: dict[str, Any]) -> str | None:
    """Why a Cohere generation failed: finish reason ERROR (its ``error`` text, when it sends one, says why)."""
    return _str(obj.get("error")) or ("finish_reason ERROR" if finish == "ERROR" else None)


def _cohere_body(obj: dict[str, Any]) -> Delta:
    """A Cohere v2 chat body: ``message`` with ``content`` parts (text, thinking), ``tool_plan`` and
    ``tool_calls``; ``finish_reason``."""
    msg = obj["message"]
    d = Delta("cohere", finish=_str(obj.get("finish_reason")), reasoning=_str(msg.get("tool_plan")) or "")
    d.error = _cohere_error(d.finish, obj)
    content = msg.get("content")
    parts = [p for p in content if isinstance(p, dict)] if isinstance(content, list) else []
    d.text = text_of(content) if isinstance(content, str) else text_of([p for p in parts if p.get("type") == "text"])
    d.reasoning += "".join(str(p.get("thinking") or "") for p in parts if p.get("type") == "thinking")
    for tc in msg.get("tool_calls") or ():
        fn = tc.get("function") if isinstance(tc, dict) and isinstance(tc.get("function"), dict) else {}
        if fn:
            d.tools.append((None, str(fn.get("name") or ""), _args(fn.get("arguments"))))
    return d


_CONVERSE_EVENTS = frozenset(
    ("messageStart", "contentBlockStart", "contentBlockDelta", "contentBlockStop", "messageStop", "metadata")
)


def _dict(v: Any) -> dict[str, Any]:
    return v if isinstance(v, dict) else {}


def _converse_event(kind: str, obj: Any) -> Delta:
    """A ConverseStream event (``kind`` its ``:event-type``, ``obj`` its payload)."""
    d = Delta("bedrock")
    obj = _dict(obj)
    i = obj.get("contentBlockIndex")
    index = i if isinstance(i, int) else 0
    if kind == "contentBlockStart":
        use = _dict(_dict(obj.get("start")).get("toolUse"))
        if use:
            d.tools.append((index, str(use.get("name") or ""), ""))
    elif kind == "contentBlockDelta":
        delta = _dict(obj.get("delta"))
        d.text = _str(delta.get("text"))
        d.reasoning = _str(_dict(delta.get("reasoningContent")).get("text")) or ""
        if isinstance(delta.get("toolUse"), dict):
            d.tools.append((index, "", _args(delta["toolUse"].get("input"))))
    elif kind == "messageStop":
        d.finish = _str(obj.get("stopReason"))
    elif kind == "metadata":
        d.meta = obj  # its usage
    return d


def _converse_body(obj: dict[str, Any]) -> Delta:
    """Converse's whole body: ``output.message.content`` blocks (text, toolUse, reasoningContent), ``stopReason``."""
    d = Delta("bedrock", finish=_str(obj.get("stopReason")))
    for block in _dict(_dict(obj["output"]).get("message")).get("content") or ():
        block = _dict(block)
        if isinstance(block.get("text"), str):
            d.text = (d.text or "") + block["text"]
        use = _dict(block.get("toolUse"))
        if use:
            d.tools.append((None, str(use.get("name") or ""), _args(use.get("input"))))
        said = _dict(_dict(block.get("reasoningContent")).get("reasoningText"))
        d.reasoning += _str(said.get("text")) or ""
    return d


def guardrail_intervened(obj: dict[str, Any]) -> bool:
    """Whether an InvokeModel body or stream chunk (any model's JSON) says Bedrock's guardrail intervened: Bedrock
    adds ``amazon-bedrock-guardrailAction`` to the model's own keys, whose stop reason says nothing of it (Anthropic's
    ``end_turn`` beside the guardrail's canned answer)."""
    return obj.get("amazon-bedrock-guardrailAction") == "INTERVENED"


def _bedrock_keys(obj: dict[str, Any]) -> bool:
    """Whether ``obj`` is Titan's or Llama's InvokeModel body or chunk (keys no other format writes together)."""
    results = obj.get("results")
    return (
        ("outputText" in obj and "completionReason" in obj)
        or ("generation" in obj and "generation_token_count" in obj)
        or (isinstance(results, list) and bool(results) and isinstance(results[0], dict) and "outputText" in results[0])
    )


def _bedrock_model(obj: dict[str, Any]) -> Delta:
    """InvokeModel's body or stream chunk of Amazon Titan (``outputText``, whole: ``results[]``;
    ``completionReason`` FINISH / LENGTH) or Meta Llama (``generation``, ``stop_reason`` stop / length)."""
    results = obj.get("results")
    first = _dict(results[0]) if isinstance(results, list) and results else obj
    d = Delta("bedrock", finish=_str(first.get("completionReason")) or _str(obj.get("stop_reason")))
    d.text = text_of(first.get("outputText")) if "outputText" in first else text_of(obj.get("generation"))
    return d
