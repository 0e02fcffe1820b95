"""LangSmith's and Langfuse's own exports (where many LLM teams keep their production traffic) as the model calls
they record (``LLMCall``), and their datasets as conversations (``replay.formats.conversations``).

    LangSmith run          {"id", "run_type": "llm" | "chain" | "tool" | ..., "start_time", "end_time",
                           "first_token_time"?, "events"?: [{"name": "new_token", "time"}], "error",
                           "inputs": {"messages": [...]} (LangChain's serialized messages, or the request as
                           wrap_openai / wrap_anthropic keep it) or {"prompts": [...]}, "outputs": {"generations"}
                           (LangChain's LLMResult) or the API's answer, "extra": {"invocation_params",
                           "metadata": {"ls_provider", "ls_model_name"}}, "prompt_tokens", "completion_tokens"}:
                           the SDK's ``list_runs`` (``Run.json()``), one a line or in one JSON array
    LangSmith run batch    {"post": [run, ...], "patch": [{"id"?, "dotted_order", "end_time", "outputs", ...}]}: the
                           body of POST /runs/batch (the runs an SDK starts and the updates that end them), each run
                           with its update (by id, else by dotted_order: the JS SDK's own tests keep the body of a
                           PATCH /runs/{id}, the id in its URL) as the run LangSmith then holds
    LangSmith example      {"inputs": {"messages" | "input": [...]}, "outputs"?: {"output" | "messages" | ...}}
    Langfuse observation   {"id", "type": "GENERATION" | "SPAN" | "EVENT" | ..., "startTime", "endTime",
                           "completionStartTime", "model", "modelParameters", "input", "output",
                           "usageDetails" | "usage", "level", "statusMessage", "metadata"}: the public API's (a
                           page, {"data": [...]}), a batch export's lines, a trace downloaded from the UI
                           ({"trace", "observations": [...]})
    Langfuse dataset item  {"input", "expectedOutput"}

Only model calls are imported: an LLM run, a GENERATION observation; a chain or tool run, a SPAN or EVENT (and
a model call whose input is in no chat API's shape: Gemini's contents, a framework's own arguments) is skipped and
counted, as the OTLP importer skips spans that are no model call. A call keeps its timing (start; first token:
``first_token_time``, a ``new_token`` event, ``completionStartTime``; end), model, parameters, tools and answer
(production's response); a failed one (a run's ``error``, an observation at level ERROR) is an errored exchange,
answered with its HTTP status when the error names one (``Error code: 429``). Where a call went: its provider
(``ls_provider``, the span attributes Langfuse keeps, else the model name's vendor), or ``--api`` / ``--endpoint``
for all of them (an OpenAI-compatible server's). Dataset examples and items have no timing and name no model: each
is a conversation, read as ``replay.formats.conversations`` reads one (``--api``, ``--model``).
"""

from __future__ import annotations

import contextlib
import math
import re
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

from replay.console import quoted, warn
from replay.errors import ImportFormatError
from replay.exchange.format import Exchange
from replay.formats import Chats, Parsed
from replay.formats.call import API_PARAMS, LLMCall, Tool, choice_of, tool_of
from replay.formats.conversations import BadTurn, ChatCalls, endpoint_url, turn
from replay.formats.lines import one_document
from replay.formats.llmcall import to_exchange

__all__ = ["is_llmops", "read_llmops"]

# Keys of a document that holds the records: a LangSmith /runs/query page, a Langfuse trace (as the UI downloads it
# and GET /traces/{id} gives it) or API page
_LISTS = ("runs", "observations", "data")
# LangChain's message types (serialized class names, message dicts' "type") and other tools' roles as chat roles
_ROLES = {
    "human": "user",
    "HumanMessage": "user",
    "HumanMessageChunk": "user",
    "ai": "assistant",
    "AIMessage": "assistant",
    "AIMessageChunk": "assistant",
    "model": "assistant",  # Gemini's
    "system": "system",
    "SystemMessage": "system",
    "tool": "tool",
    "ToolMessage": "tool",
    "function": "tool",
    "FunctionMessage": "tool",
}
# Block types an answer's or a system prompt's content keeps (a thinking block, a citation: no turn of the API's)
_BLOCKS = {"text": "text", "output_text": "text", "tool_use": "tool_use", "tool_result": "tool_result"}
# Stop reasons in OpenAI's words (``LLMCall.finish_reason``): Anthropic's, Gemini's
_FINISH = {"end_turn": "stop", "stop_sequence": "stop", "max_tokens": "length", "tool_use": "tool_calls"}
_FINISH |= {"stop": "stop", "length": "length", "tool_calls": "tool_calls", "content_filter": "content_filter"}
# Providers (``ls_provider``, gen_ai.system and its kin) replay writes calls for, by the names tools give them
_PROVIDERS = {"openai": "openai", "anthropic": "anthropic"}
_PROVIDERS |= dict.fromkeys(("azure", "azure_openai", "azure.ai.openai", "az.ai.openai"), "azure.ai.openai")
_VENDORS = (("claude", "anthropic"), ("gpt-", "openai"), ("chatgpt", "openai"), ("o1", "openai"), ("o3", "openai"))
_VENDORS += (("o4", "openai"), ("text-embedding", "openai"), ("davinci", "openai"))
# Parameters that are numbers (Langfuse keeps some as text: "0.7", "null", "Infinity"; -1 for "no limit")
_NUMBERS = frozenset({"max_tokens", "max_completion_tokens", "max_output_tokens", "temperature", "top_p", "top_k"})
_NUMBERS |= frozenset({"n", "seed", "presence_penalty", "frequency_penalty", "top_logprobs"})
_STATUS = re.compile(r"\b(?:error code|status(?: code)?|http)[ :=]+([45]\d\d)\b", re.IGNORECASE)


class _Unread(Exception):
    """A model call whose input is in no chat API's shape: skipped and counted."""


def _kind(d: Any) -> str | None:
    """What a record is: a LangSmith ``run`` or ``example``, a Langfuse ``observation`` or ``item``; None."""
    if not isinstance(d, dict):
        return None
    if "run_type" in d and "inputs" in d:
        return "run"
    if "inputs" in d and ("outputs" in d or "dataset_id" in d):
        return "example"
    if isinstance(d.get("type"), str) and d["type"].isupper() and "startTime" in d:
        return "observation"
    return "item" if "input" in d and ("expectedOutput" in d or "datasetId" in d) else None


def is_llmops(first: Any) -> bool:
    """Whether a file's first record (or the whole document) is LangSmith's or Langfuse's."""
    if isinstance(first, dict) and isinstance(first.get("trace"), dict) and isinstance(first.get("observations"), list):
        return True
    if _batch(first):
        return True
    held = next((first[k] for k in _LISTS if isinstance(first, dict) and isinstance(first.get(k), list)), None)
    return _kind(held[0] if held else first) is not None


def _batch(d: Any) -> bool:
    """Whether ``d`` is the body of LangSmith's POST /runs/batch: runs started ("post") and updates ("patch")."""
    posts = d.get("post") if isinstance(d, dict) else None
    return isinstance(posts, list) and bool(posts) and _kind(posts[0]) == "run" and isinstance(d.get("patch", []), list)


def _runs(where: str, d: dict[str, Any], orphans: list[str]) -> Iterator[tuple[str, Any]]:
    """The runs of a /runs/batch body, each with what its update says; ``orphans`` gets where the updates of runs
    started in another batch are (no run_type, no inputs to replay)."""
    posts = [p if isinstance(p, dict) else {} for p in d["post"]]
    at = {str(p.get(key)): i for i, p in enumerate(posts) for key in ("id", "dotted_order") if p.get(key) is not None}
    for j, u in enumerate(d.get("patch", [])):
        key = u.get("id", u.get("dotted_order")) if isinstance(u, dict) else None
        if (i := at.get(str(key))) is None:
            orphans.append(f"{where}: patch[{j}]")
        else:
            posts[i] = posts[i] | u
    for i, p in enumerate(d["post"]):
        yield f"{where}: post[{i}]", posts[i] if isinstance(p, dict) else p


def _records(path: Path, parsed: Parsed | None) -> Iterator[tuple[str, Any]]:
    """Each record with where it is: ``path:LINE`` of JSON lines (read one at a time: none held), ``path: item N``
    of a JSON array, ``path: observations[N]`` of a document holding them (``parsed``, or the file's one)."""
    if parsed is None:
        parsed, lines = one_document(path, "a JSON line", "; one run or observation a line")
        yield from ((f"{path}:{n}", d) for n, d in lines)  # JSON lines (a batch export's, one Run.json() a line)
        if parsed is None:
            return
    doc = parsed.doc
    key = next((k for k in _LISTS if isinstance(doc, dict) and isinstance(doc.get(k), list)), None)
    if key is not None:
        yield from ((f"{path}: {key}[{i}]", d) for i, d in enumerate(doc[key]))
    elif isinstance(doc, list):
        yield from ((f"{path}: item {i}", d) for i, d in enumerate(doc))
    else:  # one record: a JSON line, named by its number, or a pretty-printed object
        yield (f"{path}: item 0" if parsed.pretty else f"{path}:1"), doc


def read_llmops(path: Path, parsed: Parsed | None, chats: Chats | None) -> Iterator[Exchange]:
    """The model calls of the LangSmith or Langfuse export at ``path`` (``parsed``: its document as its format was
    told by), or the conversations of its dataset; ``chats`` says where they go when the export does not
    (``--api``, ``--endpoint``, ``--model``). ImportFormatError names the first record that is neither, with its
    field. Every record is read and written one at a time (a call joins no other record): a dataset's examples as
    conversations, where they are in the file (they were held to be written after the runs: a file of examples
    was held whole)."""
    skipped: Counter[str] = Counter()
    unread: list[str] = []
    orphans: list[str] = []  # a batch's updates of runs it does not start
    dataset: ChatCalls | None = None  # made at the first example: a file of runs alone needs no --api
    records = _records(path, parsed)
    runs = (r for w, d in records for r in (_runs(w, d, orphans) if _batch(d) else [(w, d)]))
    for n, (where, d) in enumerate(runs, 1):
        kind = _kind(d)
        if kind is None:
            raise ImportFormatError(
                f"{where}: neither a LangSmith run (run_type, inputs) or example (inputs, outputs) nor a Langfuse "
                "observation (type, startTime) or dataset item (input, expectedOutput); one record each"
            )
        if kind in ("example", "item"):
            dataset = dataset or ChatCalls(path, chats, "a LangSmith or Langfuse dataset")
            yield from dataset.of(where, n, _example(where, d, kind))
            continue
        what = str(d["run_type"] if kind == "run" else d["type"])
        if what != ("llm" if kind == "run" else "GENERATION"):
            skipped[what if len(what) <= 40 else quoted(what)] += 1  # counted by kind, on the one line
            continue
        try:
            call = _run(d, chats) if kind == "run" else _observation(d, chats)
        except BadTurn as e:
            raise ImportFormatError(f"{where}: {e}") from None
        except _Unread as e:
            unread.append(f"{where.rsplit('/', 1)[-1]} ({e})")
            continue
        ex = to_exchange(call, "langsmith" if kind == "run" else "langfuse")
        ex.meta["record"] = where.rsplit("/", 1)[-1]
        yield ex
    if dataset is not None:
        dataset.said()
    if skipped:
        counts = ", ".join(f"{k} {v:,}" for k, v in skipped.most_common())
        warn(f"{path}: skipped {skipped.total():,} records that are no model call ({counts})")
    if orphans:
        warn(
            f"{path}: skipped {len(orphans):,} run updates (patch) of runs their batch does not start (the first: "
            f"{orphans[0]}): started in an earlier batch, their calls are not imported"
        )
    if unread:
        warn(
            f"{path}: skipped {len(unread):,} model calls asked in no chat API's shape or never answered (the first: "
            f"{unread[0]})"
        )


def _example(where: str, d: dict[str, Any], kind: str) -> dict[str, Any]:
    """A dataset example (LangSmith's ``inputs``/``outputs``) or item (Langfuse's ``input``/``expectedOutput``) as
    a conversation record: its messages, then the answer it expects as the assistant's turn."""
    asked, answer = (d.get("inputs"), d.get("outputs")) if kind == "example" else (d.get("input"), d["expectedOutput"])
    field = "inputs" if kind == "example" else "input"
    if isinstance(asked, dict) and "messages" not in asked and isinstance(asked.get("input"), list | str):
        asked = asked["input"]  # a LangSmith chat dataset's {"input": [messages]}
    try:
        messages, tools = _chat(asked, field)
        message, _ = _answer(answer)
        said = _message(message, "expected answer") if message is not None else []
    except BadTurn as e:
        raise ImportFormatError(f"{where}: {e}") from None
    except _Unread as e:
        raise ImportFormatError(f"{where}: {e}; a dataset's examples replay as chats") from None
    offered = [{"name": t.name, "description": t.description, "parameters": t.parameters} for t in tools]
    return {"messages": messages + [m | {"role": "assistant"} for m in said if isinstance(m, dict)], "tools": offered}


def _run(d: dict[str, Any], chats: Chats | None) -> LLMCall:
    """A LangSmith LLM run as the call it records."""
    extra = _dict(d.get("extra"))
    meta, inputs = _dict(extra.get("metadata")), _dict(d.get("inputs"))
    start = _time(d.get("start_time"), "start_time")
    if start is None:
        raise BadTurn("start_time is missing; a run starts")
    if not d.get("outputs") and not d.get("error"):
        raise _Unread("no outputs recorded: still running when exported?")
    streamed = _first_token(d.get("events"))
    first = _time(d.get("first_token_time"), "first_token_time") or streamed
    call = LLMCall(str(d.get("id")), start)
    _timing(call, first, _time(d.get("end_time"), "end_time"))
    # wrap_openai and wrap_anthropic keep the request's arguments as the run's inputs
    params = _dict(extra.get("invocation_params")) | _dict(meta.get("ls_invocation_params"))
    params |= {k: v for k, v in inputs.items() if k not in ("messages", "prompts")}
    if streamed is not None:  # LangChain's stream(): its tokens came as events, whatever its own "stream" says
        params["stream"] = True
    if "messages" not in inputs and isinstance(inputs.get("prompts"), list):  # a completion model's (LangChain LLM)
        call.operation = "text_completion"
        asked: Any = [str(p) for p in inputs["prompts"][:1]]
    else:
        asked = inputs.get("messages")
    model = meta.get("ls_model_name") or params.get("model") or params.get("model_name")
    _request(call, _chat(asked, "inputs.messages"), params, model, meta.get("ls_provider"), chats)
    _fill(call, d.get("outputs"))
    call.input_tokens = call.input_tokens if call.input_tokens is not None else _int(d.get("prompt_tokens"))
    call.output_tokens = call.output_tokens if call.output_tokens is not None else _int(d.get("completion_tokens"))
    if d.get("error"):
        _failed(call, str(d["error"]))
    return call


def _observation(d: dict[str, Any], chats: Chats | None) -> LLMCall:
    """A Langfuse GENERATION observation as the call it records."""
    start = _time(d.get("startTime"), "startTime")
    if start is None:
        raise BadTurn("startTime is missing; an observation starts")
    call = LLMCall(str(d.get("id")), start)
    _timing(call, _time(d.get("completionStartTime"), "completionStartTime"), _time(d.get("endTime"), "endTime"))
    if d.get("output") is None and d.get("level") != "ERROR":
        raise _Unread("no output recorded")
    meta = _dict(d.get("metadata"))
    attrs = _dict(meta.get("attributes"))  # the span attributes Langfuse keeps of an OpenTelemetry span
    keys = ("gen_ai.provider.name", "gen_ai.system", "llm.provider", "llm.system")
    provider = meta.get("ls_provider") or next((attrs[k] for k in keys if attrs.get(k)), None)
    params = d.get("modelParameters")
    params = {k: _number(k, v) for k, v in params.items()} if isinstance(params, dict) else {}
    _request(call, _chat(d.get("input"), "input"), params, d.get("model"), provider, chats)
    _fill(call, d.get("output"))
    usage = _dict(d.get("usageDetails")) or _dict(d.get("usage"))
    call.input_tokens = call.input_tokens if call.input_tokens is not None else _int(usage.get("input"))
    call.output_tokens = call.output_tokens if call.output_tokens is not None else _int(usage.get("output"))
    if d.get("level") == "ERROR":
        _failed(call, str(d.get("statusMessage") or "level ERROR"))
    return call


def _timing(call: LLMCall, first: float | None, end: float | None) -> None:
    """A call's time to its first token and duration, from the instants the export kept (none before the start:
    a clock stepped back)."""
    call.duration = end - call.start if end is not None and end >= call.start else None
    call.ttfb = first - call.start if first is not None and first >= call.start else None


def _request(
    call: LLMCall,
    chat: tuple[list[dict[str, Any]], list[Tool]],
    params: dict[str, Any],
    model: Any,
    provider: Any,
    chats: Chats | None,
) -> None:
    """Fill what ``call`` asked: its turns, parameters, tools, model and where it went."""
    call.messages, offered = chat
    raw_tools = params.get("tools")
    call.tools = [t for t in map(tool_of, raw_tools if isinstance(raw_tools, list) else ()) if t] or offered
    call.tool_choice = choice_of(params.get("tool_choice"))
    call.params = {k: v for k, v in params.items() if k in API_PARAMS and k not in ("tools", "tool_choice")}
    call.params = {k: v for k, v in call.params.items() if v not in (None, "", {}, [])}  # unset, as tools keep it
    for k in ("stop", "stop_sequences"):  # Langfuse's {"arrayValue": {}}: an OpenTelemetry attribute's empty list
        if not isinstance(call.params.get(k, ""), str | list):
            del call.params[k]
    call.model = str(model) if model else (chats.model if chats is not None else None)
    if not call.model:
        raise BadTurn("names no model; say which its calls ask: --model NAME")
    if chats is not None:
        call.provider, call.url = chats.api, endpoint_url(chats.endpoint, chats.api)
        return
    hint = str(provider or "").lower()
    vendor = next((p for prefix, p in _VENDORS if call.model.lower().rsplit("/", 1)[-1].startswith(prefix)), None)
    found = _PROVIDERS.get(hint) or (None if hint else vendor)
    if found is None:
        model = quoted(call.model)
        said = f"its provider {quoted(hint)}" if hint else f"no provider, and its model {model} names no vendor"
        raise BadTurn(
            f"{said}: no API replay writes calls for (OpenAI's, Anthropic's, Azure OpenAI's); say where its calls "
            "go: --api openai|anthropic (and --endpoint URL, an OpenAI-compatible server's)"
        )
    call.provider = found


def _chat(raw: Any, field: str) -> tuple[list[dict[str, Any]], list[Tool]]:
    """The turns asked (in OpenAI's shape, ``LLMCall.messages``) and the tools offered: a list of messages
    (LangChain's batches: the first), ``{"messages", "tools"}`` (Langfuse's OpenAI integration's) or a prompt's
    text. _Unread for another shape; BadTurn names a message that is none."""
    tools: list[Tool] = []
    if isinstance(raw, dict) and isinstance(raw.get("messages"), list):
        offered = raw.get("tools") or raw.get("functions")
        tools = [t for t in map(tool_of, offered if isinstance(offered, list) else ()) if t]
        raw = raw["messages"]
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list) or not raw:
        raise _Unread(f"{field} is {'missing' if raw is None else 'empty' if raw == [] else 'no list of messages'}")
    if all(isinstance(b, list) for b in raw):  # LangChain's batches of messages: a chat model's run holds one
        raw, field = raw[0], f"{field}[0]"
    messages: list[dict[str, Any]] = []
    for i, m in enumerate(raw):
        for found in _message(m, f"{field}[{i}]"):
            if isinstance(found, Tool):
                tools.append(found)
            else:
                messages += turn(f"{field}[{i}]", found)
    return messages, tools


def _message(raw: Any, field: str) -> list[dict[str, Any] | Tool]:
    """One message as turns ``conversations.turn`` reads (``{role, content, tool_calls?, tool_call_id?}``), from
    any of the shapes the exports keep: OpenAI's or Anthropic's, LangChain's (serialized, or as a dict), the
    OpenTelemetry GenAI ``parts``, a Responses API item, a prompt's text; a Tool for a tool's definition given as
    a ``tool`` message (Langfuse's LangChain handler lists the tools offered so)."""
    if isinstance(raw, str):
        return [{"role": "user", "content": raw}]
    if not isinstance(raw, dict):
        raise BadTurn(f"{field} is a {type(raw).__name__}, not a message")
    m = raw
    if m.get("lc") == 1 and isinstance(m.get("kwargs"), dict):  # LangChain's serialized message (dumpd)
        m = {"type": m["id"][-1] if isinstance(m.get("id"), list) and m["id"] else None} | m["kwargs"]
    elif isinstance(m.get("data"), dict) and "type" in m:  # messages_to_dict
        m = m["data"] | {"type": m["type"]}
    if m.get("type") in ("function_call", "function_call_output"):  # the Responses API's input items
        return [_item(m)]
    role = m.get("role") if isinstance(m.get("role"), str) else m.get("type") if m.get("type") != "message" else None
    role = m.get("role") if m.get("type") in ("chat", "ChatMessage") else _ROLES.get(str(role), role)
    if not isinstance(role, str):
        raise BadTurn(f"{field} has no role (a message is {{role, content}})")
    if isinstance(m.get("parts"), list) and m.get("content") is None:
        return _parts(role, m["parts"])
    content, calls = m.get("content"), m.get("tool_calls") or _dict(m.get("additional_kwargs")).get("tool_calls")
    if isinstance(content, list) and content and all(isinstance(_dict(c).get("function"), dict) for c in content):
        role, content, calls = "assistant", None, content  # Koog's tool calls, as a tool's content
    offered = tool_of(content) if role == "tool" and not m.get("tool_call_id") and _dict(content).get("type") else None
    if offered is not None:
        return [offered]
    out: dict[str, Any] = {"role": role, "content": _content(content, role)}
    if isinstance(calls, list) and calls:
        out["tool_calls"] = [_call(c) for c in calls]
    if role == "tool":
        out["tool_call_id"] = str(m.get("tool_call_id") or "")
    return [out]


def _item(m: dict[str, Any]) -> dict[str, Any]:
    """A Responses API ``function_call`` item as the assistant's tool call, a ``function_call_output`` as the tool's
    turn (the openai-agents SDK's inputs, as Langfuse keeps them)."""
    if m["type"] == "function_call":
        fn = {"name": m.get("name"), "arguments": m.get("arguments", "{}")}
        return {"role": "assistant", "content": None, "tool_calls": [{"id": m.get("call_id"), "function": fn}]}
    return {"role": "tool", "tool_call_id": str(m.get("call_id") or ""), "content": _content(m.get("output"), "tool")}


def _parts(role: str, parts: list[Any]) -> list[dict[str, Any] | Tool]:
    """A message of OpenTelemetry GenAI ``parts`` as turns: its text and tool calls one turn, each
    ``tool_call_response`` a tool's turn."""
    texts: list[str] = []
    calls: list[dict[str, Any]] = []
    out: list[dict[str, Any] | Tool] = []
    for p in (p for p in parts if isinstance(p, dict)):
        if p.get("type") == "text":
            texts.append(str(p.get("content", "")))
        elif p.get("type") == "tool_call":
            calls.append(_call(p))
        elif p.get("type") == "tool_call_response":  # "result" in the conventions' drafts
            said = _content(p.get("response", p.get("result")), "tool") or ""
            out.append({"role": "tool", "tool_call_id": _id(p.get("id")), "content": said})
    if texts or calls or not out:
        said = {"role": role, "content": "".join(texts) if texts or not calls else None}
        out.insert(0, said | ({"tool_calls": calls} if calls else {}))
    return out


def _content(raw: Any, role: str) -> Any:
    """A message's content as a chat API takes it: text, a list of blocks (an answer's or a prompt's: text and
    tool blocks only), or what a tool returned as JSON text (Langfuse keeps it parsed)."""
    if raw is None or isinstance(raw, str):
        return raw
    blocks = isinstance(raw, list) and all(isinstance(b, dict) and isinstance(b.get("type"), str) for b in raw)
    if blocks and role == "user":
        return raw
    if blocks:
        kept = [b | {"type": _BLOCKS[b["type"]]} for b in raw if b["type"] in _BLOCKS]
        return kept if any(b["type"] != "text" for b in kept) else "".join(str(b.get("text", "")) for b in kept)
    return orjson.dumps(raw, default=str).decode()


def _call(c: Any) -> dict[str, Any]:
    """A tool call in OpenAI's shape (``conversations.turns`` writes its arguments as JSON text), from OpenAI's,
    LangChain's (``{name, args, id}``) or the OpenTelemetry GenAI part's (``{name, arguments, id}``)."""
    if not isinstance(c, dict):
        return {}
    fn = c.get("function") if isinstance(c.get("function"), dict) else None
    fn = fn or {"name": c.get("name"), "arguments": c.get("args", c.get("arguments", {}))}
    return {"id": _id(c.get("id")), "type": "function", "function": fn}


def _id(raw: Any) -> str:
    """An id; the last of a list of them (Microsoft's agent framework keeps a run's and a call's)."""
    return str(raw[-1] if isinstance(raw, list) and raw else raw or "")


def _answer(out: Any) -> tuple[Any, dict[str, Any]]:
    """The assistant's message an export keeps as a call's output (in any shape ``_message`` reads), and what it
    says of the answer (``finish``, ``usage``, ``model``, ``id``): LangChain's LLMResult (``generations``), an API's
    answer (OpenAI's chat completion or response, Anthropic's message), a message, its text, a list of messages."""
    if isinstance(out, str):
        return {"role": "assistant", "content": out}, {}
    if isinstance(out, list):
        said = [m for m in out if isinstance(m, dict)]
        return (_merged(said) if said else None), {}
    if not isinstance(out, dict):
        return None, {}
    facts = {"usage": out.get("usage_metadata") or out.get("usage"), "model": out.get("model"), "id": out.get("id")}
    facts["finish"] = out.get("finish_reason") or out.get("stop_reason")
    if isinstance(gens := out.get("generations"), list):
        first = gens[0][0] if gens and isinstance(gens[0], list) and gens[0] else gens[0] if gens else None
        llm = _dict(out.get("llm_output"))
        facts = {"usage": llm.get("token_usage") or llm.get("usage"), "model": llm.get("model_name"), "id": None}
        if isinstance(first, dict):
            facts["finish"] = _dict(first.get("generation_info")).get("finish_reason")
            return first.get("message") or {"role": "assistant", "content": first.get("text")}, facts
        return ({"role": "assistant", "content": first} if isinstance(first, str) else None), facts
    if isinstance(choices := out.get("choices"), list) and choices and isinstance(choices[0], dict):
        facts["finish"] = choices[0].get("finish_reason")
        return choices[0].get("message") or {"role": "assistant", "content": choices[0].get("text")}, facts
    for key in ("output", "messages", "message"):  # a response's items, a traceable's {"messages"}, {"output"}
        if isinstance(found := out.get(key), list | dict | str):
            message, more = _answer(found[-1:] if key == "messages" and isinstance(found, list) else found)
            return message, {k: v for k, v in (facts | more).items() if v is not None or facts.get(k) is None}
    if any(k in out for k in ("content", "tool_calls", "role", "parts")):
        return {"role": "assistant"} | out, facts
    return None, facts


def _merged(said: list[dict[str, Any]]) -> dict[str, Any]:
    """The answer of a list of output messages or items: the assistant's texts and tool calls, together."""
    found = [m for s in said for m in _message(s, "output") if isinstance(m, dict) and m["role"] == "assistant"]
    if not found:
        return said[-1]
    text = "".join(m["content"] for m in found if isinstance(m["content"], str))
    calls = [c for m in found for c in m.get("tool_calls", ())]
    return {"role": "assistant", "content": text or (None if calls else "")} | ({"tool_calls": calls} if calls else {})


def _fill(call: LLMCall, out: Any) -> None:
    """Fill ``call``'s answer from an export's output: its text, tool calls, stop reason, usage, model and id."""
    message, facts = _answer(out)
    if message is None:
        return
    if _dict(out).get("object") == "response":  # a Responses API call's (the openai-agents SDK's)
        call.operation = "responses"
    raw = message if isinstance(message, dict) else {}
    raw = _dict(raw.get("kwargs")) or raw  # LangChain's serialized message: its fields
    meta = _dict(raw.get("response_metadata"))
    found = [m for m in _message(message, "output") if isinstance(m, dict)]
    if not found:
        return
    said = turn("output", found[0] | {"role": "assistant"})[0]
    call.output = said["content"] or None
    call.tool_calls = said.get("tool_calls") or []
    finish = facts.get("finish") or meta.get("finish_reason") or meta.get("stop_reason")
    finish = _FINISH.get(str(finish).lower()) if finish else None
    call.finish_reason = finish or ("tool_calls" if call.tool_calls else "stop")
    usage = _dict(facts.get("usage")) or _dict(raw.get("usage_metadata"))
    call.input_tokens = _int(usage.get("input_tokens", usage.get("prompt_tokens")))
    call.output_tokens = _int(usage.get("output_tokens", usage.get("completion_tokens")))
    model = facts.get("model") or meta.get("model_name") or meta.get("model")
    call.response_model = str(model) if model else None
    rid = facts.get("id") or meta.get("id") or raw.get("id")  # a LangChain AIMessage's id: the API's answer's
    rid = None if str(rid).startswith(("run-", "lc_run-")) else rid  # ... unless LangChain made one up
    call.response_id = str(rid) if rid else None


def _failed(call: LLMCall, error: str) -> None:
    """A failed call: its error's last line (a stack trace's exception), and its HTTP status when it names one."""
    lines = [line.strip() for line in error.splitlines() if line.strip()]
    call.error = (lines[-1] if lines else error)[:500]
    if m := _STATUS.search(error):
        call.status = int(m.group(1))
    call.output, call.tool_calls = None, []


def _time(raw: Any, field: str) -> float | None:
    """An instant as epoch seconds: ISO 8601 (no offset: UTC, as LangSmith writes them), or epoch ms (the JS SDK's)."""
    if raw is None or raw == "":
        return None
    if isinstance(raw, int | float) and not isinstance(raw, bool) and math.isfinite(raw):
        return raw / 1000 if raw > 1e11 else float(raw)
    try:
        when = datetime.fromisoformat(str(raw).replace("Z", "+00:00"))
    except ValueError:
        raise BadTurn(
            f"{field} {quoted(raw)} is no time (ISO 8601, as 2025-01-31T12:00:00.123Z, or epoch ms)"
        ) from None
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).timestamp()


def _first_token(events: Any) -> float | None:
    """When a streamed run's first token came: its first ``new_token`` event's time."""
    for e in events if isinstance(events, list) else ():
        if isinstance(e, dict) and e.get("name") == "new_token":
            try:
                return _time(e.get("time"), "events[].time")
            except BadTurn:
                return None
    return None


def _number(key: str, raw: Any) -> Any:
    """A model parameter as Langfuse keeps it, as the API takes it: text decoded, a number that is no limit
    (-1, Infinity) or no number dropped."""
    if isinstance(raw, str):
        with contextlib.suppress(orjson.JSONDecodeError):
            raw = orjson.loads(raw)
    if key not in _NUMBERS:
        return raw
    ok = isinstance(raw, int | float) and not isinstance(raw, bool) and math.isfinite(raw) and raw >= 0
    return raw if ok else None


def _int(raw: Any) -> int | None:
    return raw if isinstance(raw, int) and not isinstance(raw, bool) else None


def _dict(raw: Any) -> dict[str, Any]:
    return raw if isinstance(raw, dict) else {}
