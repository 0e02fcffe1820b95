"""Conversation datasets (the prompts real users sent, kept as conversations) to model calls.

    OpenAI chat JSONL    {"messages": [{"role", "content", "tool_calls"?, "tool_call_id"?}], "tools"?: [...]}
                         (fine-tuning and evals files; LangSmith's OpenAI-format dataset export; HF chat datasets)
    Anthropic style      {"system"?: ..., "messages": [{"role": "user" | "assistant", "content": str | blocks}]}
    ShareGPT             {"conversations": [{"from": "human" | "gpt" | "system", "value": ...}]}

one a line, or all in one JSON array. A dataset names neither the API its conversations were sent to nor the
model: ``replay import --api openai|anthropic --model NAME`` says (``--endpoint URL``: the base URL the client was
given, an OpenAI-compatible server's or a gateway's). Each conversation is ONE call, written by
``replay.formats.llmcall`` in that API's shape: a conversation that ends with an assistant turn asks what came
before it and is answered by it (production's answer, which the judge compares staging's with); one that ends
with a user turn is a request with no answer (imported unanswered, counted in a warning). ``each_turn`` makes one
call per assistant turn instead, each asking the conversation so far, as a chat product sends them.
A dataset has no timing and no token counts: calls start 1 ms apart from the Unix epoch, in the file's order (as a
batch's lines without a time do), with no duration, and their answers carry no usage.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import orjson

from replay.console import quoted, warn
from replay.errors import ImportFormatError
from replay.exchange.format import Exchange
from replay.formats import Chats, Parsed, unclosed, whole_text
from replay.formats.call import LLMCall, Tool, ToolChoice, choice_of, tool_of
from replay.formats.lines import Lines, json_lines
from replay.formats.llmcall import to_exchange

__all__ = ["BadTurn", "ChatCalls", "endpoint_url", "is_conversation", "read_conversations", "turn", "turns"]

_SHAREGPT = {"human": "user", "user": "user", "gpt": "assistant", "assistant": "assistant", "system": "system"}
_ROLES = ("system", "developer", "user", "assistant", "tool")  # what a chat API has (Anthropic's system apart)
_PARAMS = ("max_tokens", "temperature", "top_p")  # a line's request parameters carried to its call
_PATH = {"openai": "/chat/completions", "anthropic": "/v1/messages"}
_ASKED = 1_000_000  # the turns --each-turn's calls of one conversation ask in all (each the conversation so far)


class BadTurn(ValueError):
    """A field of a conversation that is no turn of the API's: its message names the field."""


def is_conversation(first: Any) -> bool:
    """Whether a dataset's first record is a conversation: a list of ``messages`` or ShareGPT ``conversations``."""
    return isinstance(first, dict) and (
        isinstance(first.get("messages"), list) or isinstance(first.get("conversations"), list)
    )


def _records(path: Path, parsed: Parsed | None) -> Iterator[tuple[str, int, Any]]:
    """Each record with where it is (``path:LINE``, or ``path: item N`` of a JSON array) and that number: JSON
    lines read one at a time (none held), a JSON array parsed whole (``parsed``, or read so: a document is)."""
    if parsed is None and Lines(path).first_byte() != b"[":
        yield from ((f"{path}:{n}", n, d) for n, d in json_lines(path, "a JSON line", "; one conversation a line"))
        return
    try:
        items = parsed.doc if parsed is not None else orjson.loads(whole_text(path))
    except orjson.JSONDecodeError as e:
        bad = ImportFormatError(f"{path}: not a JSON array of conversations ({e}); fix it there")
        raise unclosed(path, e) or bad from None
    yield from ((f"{path}: item {i}", i, d) for i, d in enumerate(items))


def read_conversations(path: Path, parsed: Parsed | None, chats: Chats | None) -> Iterator[Exchange]:
    """The calls of the conversation dataset at ``path`` (``parsed``: its document as its format was told by),
    sent as ``chats`` says; ImportFormatError names the first record that is no conversation, with its field, or
    says what the import must be told."""
    return _dataset_exchanges(path, _records(path, parsed), chats)


def _dataset_exchanges(
    path: Path, records: Iterable[tuple[str, int, Any]], chats: Chats | None, what: str = "a conversation dataset"
) -> Iterator[Exchange]:
    """The calls of conversation ``records`` (where each is, its number, the record: ``{"messages", "tools"?}`` or
    ShareGPT's), sent as ``chats`` says: a dataset of ``what`` (another tool's dataset export, read as one)."""
    calls = ChatCalls(path, chats, what)
    for where, n, d in records:
        yield from calls.of(where, n, d)
    calls.said()


class ChatCalls:
    """The calls of a dataset's conversations, made one record at a time (``of``), as it is read: a reader that
    reads other records between them (a LangSmith export's runs) holds none. ImportFormatError when ``chats`` says
    too little (the API, the model) of the dataset of ``what`` at ``path``."""

    def __init__(self, path: Path, chats: Chats | None, what: str = "a conversation dataset") -> None:
        if chats is None:
            raise ImportFormatError(
                f"{path}: {what} names no API or model; say where its prompts go: "
                "--api openai|anthropic --model NAME (and --endpoint URL for another server than the API's)"
            )
        if not chats.model:
            raise ImportFormatError(f"{path}: {what} names no model; say which its calls ask: --model NAME")
        self.path, self.chats = path, chats
        self.url = endpoint_url(chats.endpoint, chats.api)
        self.start = self.unanswered = 0  # the calls made so far (each 1 ms after the one before), and unanswered

    def of(self, where: str, n: int, d: Any) -> Iterator[Exchange]:
        """The calls of record ``d`` (its ``n``-th, at ``where``)."""
        chats = self.chats
        try:
            messages, tools, choice, params = _conversation(d, chats.api)
            calls = list(_calls(f"chat-{n}", messages, chats.each_turn))
        except BadTurn as e:
            raise ImportFormatError(f"{where}: {e}") from None
        for cid, asked, answer in calls:
            call = LLMCall(cid, self.start / 1000, provider=chats.api, model=chats.model, messages=asked, url=self.url)
            call.params, call.tools, call.tool_choice = params, tools, choice
            if answer is not None:
                call.output = answer["content"] or None
                call.tool_calls = answer.get("tool_calls") or []
                call.finish_reason = "tool_calls" if call.tool_calls else "stop"
            yield _exchange(call, answer is not None, where)
            self.start += 1
            self.unanswered += answer is None

    def said(self) -> None:
        """Warn of the calls that end with a user's turn (no answer), once all are made."""
        if self.unanswered:
            warn(
                f"{self.path}: {self.unanswered:,} of {self.start:,} calls end with a user's turn: imported as "
                "requests with no answer (nothing of production's for the judge to compare staging's with)"
            )


def _exchange(call: LLMCall, answered: bool, where: str) -> Exchange:
    """``call`` as its API's exchange (no time to its first byte or end: a dataset has none); no response when
    the conversation ended with a user's turn."""
    ex = to_exchange(call, "conversations")
    ex.meta["record"] = where.rsplit("/", 1)[-1]
    if not answered:
        ex.response = None
        ex.meta["answered"] = False
    return ex


def _calls(base: str, messages: list[dict[str, Any]], each_turn: bool) -> Iterator[tuple[str, list, dict | None]]:
    """(id, the turns asked, the assistant turn answering them, or None) of one conversation: one call (the
    conversation before its last turn, when that is the assistant's), or one per assistant turn answering a
    user (``each_turn``: an assistant's greeting before anyone asked is no call)."""
    last = len(messages) - 1
    ends = [i for i, m in enumerate(messages) if m["role"] == "assistant" and _asks(messages[:i])] if each_turn else []
    if not each_turn and messages[last]["role"] == "assistant":
        ends = [last] if _asks(messages[:last]) else []
    if not ends and messages[last]["role"] == "assistant":
        raise BadTurn("no user turn before the assistant's; a call asks what a user said")
    if (asked := sum(ends)) > _ASKED:
        raise BadTurn(
            f"--each-turn makes {len(ends):,} calls of this conversation, asking {asked:,} turns in all (each asks "
            f"the conversation so far; at most {_ASKED:,}); import it without --each-turn (one call), or split it"
        )
    named = each_turn and len(ends) + (messages[last]["role"] != "assistant") > 1
    for k, i in enumerate(ends, 1):
        yield (f"{base}-{k}" if named else base), messages[:i], messages[i]
    if messages[last]["role"] != "assistant":  # ends with a user's (or a tool's) turn: asked, never answered
        if not _asks(messages):
            raise BadTurn("no user turn; a call asks what a user said")
        yield (f"{base}-{len(ends) + 1}" if named else base), messages, None


def _shown(value: Any) -> str:
    """A string a message names, quoted and cut; what any other value is (``_kind``)."""
    return quoted(value) if isinstance(value, str) else _kind(value)


def _kind(value: Any) -> str:
    """What a JSON value is, as a message names it: ``null``, ``1``, ``a dict``."""
    if value is None or isinstance(value, bool | int | float):
        return orjson.dumps(value).decode()[:40]
    return f"a {type(value).__name__}"


def _asks(turns: list[dict[str, Any]]) -> bool:
    """Whether ``turns`` hold something asked: a user's turn (or a tool's answer), not a system prompt alone."""
    return any(m["role"] in ("user", "tool") for m in turns)


def _conversation(d: Any, api: str) -> tuple[list[dict[str, Any]], list[Tool], ToolChoice | None, dict[str, Any]]:
    """A record's turns in OpenAI's shape (``LLMCall.messages``), its tools and tool choice, its parameters."""
    if not is_conversation(d):
        given = next((k for k in ("messages", "conversations") if isinstance(d, dict) and k in d), None)
        if given is not None:
            raise BadTurn(f"{given} is {_kind(d[given])}, not a list of turns")
        raise BadTurn('no "messages" (or ShareGPT "conversations") list; one conversation a record')
    if "messages" not in d:
        messages = [_sharegpt(i, m) for i, m in enumerate(d["conversations"])]
    else:
        messages = _system(d.get("system")) + turns(d["messages"])
    if not messages:
        raise BadTurn("messages is empty; a conversation has at least one turn")
    for i, m in enumerate(messages):
        if m["role"] not in _ROLES:
            raise BadTurn(f"messages[{i}].role {_shown(m['role'])} is no role of the {api} API ({', '.join(_ROLES)})")
        if m["role"] == "developer" and api == "anthropic":  # OpenAI's system prompt by its newer name
            m["role"] = "system"
    raw = d.get("tools") or d.get("functions") or []
    if not isinstance(raw, list):
        raise BadTurn(f"tools is a {type(raw).__name__}, not a list")
    tools = [t for t in map(tool_of, raw) if t is not None]
    params = {k: d[k] for k in _PARAMS if isinstance(d.get(k), int | float) and not isinstance(d[k], bool)}
    if api == "openai" and tools and isinstance(d.get("parallel_tool_calls"), bool):  # a fine-tuning file's
        params["parallel_tool_calls"] = d["parallel_tool_calls"]
    return messages, tools, choice_of(d.get("tool_choice")), params


def turns(raw: list[Any], field: str = "messages") -> list[dict[str, Any]]:
    """Messages, OpenAI's or Anthropic's, as turns in OpenAI's shape (``LLMCall.messages``); BadTurn names the
    first that is none (``{field}[N]...``)."""
    return [t for i, m in enumerate(raw) for t in turn(f"{field}[{i}]", m)]


def _sharegpt(i: int, m: Any) -> dict[str, Any]:
    if not isinstance(m, dict) or not isinstance(m.get("value"), str):
        raise BadTurn(f"conversations[{i}].value is not a string (a ShareGPT turn is {{from, value}})")
    said = m.get("from")
    role = _SHAREGPT.get(said) if isinstance(said, str) else None  # a list or an object was a TypeError (unhashable)
    if role is None:
        raise BadTurn(f"conversations[{i}].from {_shown(said)} is no turn of a chat (human, gpt or system)")
    return {"role": role, "content": m["value"]}


def _system(raw: Any) -> list[dict[str, Any]]:
    """Anthropic's top-level ``system`` (a string, or text blocks) as a system turn."""
    return [] if raw is None or raw == "" else [{"role": "system", "content": _text(raw, "system")}]


def _text(raw: Any, field: str) -> str:
    """A string, or the texts of a list of text blocks (OpenAI's parts, Anthropic's blocks) joined."""
    if isinstance(raw, str):
        return raw
    if isinstance(raw, list) and all(isinstance(b, dict) and isinstance(b.get("text"), str) for b in raw):
        return "\n".join(b["text"] for b in raw)
    raise BadTurn(f"{field} is a {type(raw).__name__}, not a string or a list of text blocks")


def turn(field: str, m: Any) -> list[dict[str, Any]]:
    """One message, OpenAI's or Anthropic's, as turns in OpenAI's shape: Anthropic's ``tool_use`` blocks as the
    assistant's ``tool_calls``, a user turn of ``tool_result`` blocks as a ``tool`` turn each."""
    if not isinstance(m, dict) or m.get("role") is None:
        raise BadTurn(f"{field}.role is missing; a turn is {{role, content}}")
    if not isinstance(m["role"], str):
        raise BadTurn(f"{field}.role is {_kind(m['role'])}, not a role's name (user, assistant ...)")
    role, content = m["role"], m.get("content")
    if content is None and not m.get("tool_calls"):
        raise BadTurn(f"{field}.content is missing")
    if content is not None and not isinstance(content, str | list):
        raise BadTurn(f"{field}.content is a {type(content).__name__}, not a string or a list of parts")
    blocks = [b for b in content if isinstance(b, dict)] if isinstance(content, list) else []
    if any(b.get("type") == "tool_result" for b in blocks):
        if role != "user":
            raise BadTurn(f"{field}: tool_result blocks are a user turn's, not {role!r}'s")
        return [_result(f"{field}.content[{k}]", b) for k, b in enumerate(blocks) if b.get("type") == "tool_result"]
    uses = [
        b | {"function": {"name": b.get("name"), "arguments": b.get("input", {})}}
        for b in blocks
        if b.get("type") == "tool_use"
    ]
    if uses:
        content = _text([b for b in blocks if b.get("type") == "text"], f"{field}.content") or None
    out: dict[str, Any] = {"role": role, "content": content}
    calls = uses or m.get("tool_calls") or []
    if not isinstance(calls, list):
        raise BadTurn(f"{field}.tool_calls is a {type(calls).__name__}, not a list")
    if calls:
        out["tool_calls"] = [_tool_call(f"{field}.tool_calls[{k}]", c) for k, c in enumerate(calls)]
    if role == "tool":
        out["tool_call_id"] = str(m.get("tool_call_id") or "")
    if role in ("system", "developer", "tool") or (role == "assistant" and isinstance(content, list)):
        out["content"] = _text(content, f"{field}.content")
    return [out]


def _tool_call(field: str, c: Any) -> dict[str, Any]:
    """A tool call in OpenAI's shape, its arguments JSON text (an Anthropic ``tool_use`` block's input object)."""
    fn = c.get("function") if isinstance(c, dict) else None
    if not isinstance(fn, dict) or not isinstance(fn.get("name"), str):
        raise BadTurn(f"{field}.function.name is missing (a tool call is {{id, type, function: {{name, arguments}}}})")
    args = fn.get("arguments", "{}")
    args = args if isinstance(args, str) else orjson.dumps(args).decode()
    return {"id": str(c.get("id") or ""), "type": "function", "function": {"name": fn["name"], "arguments": args}}


def _result(field: str, b: dict[str, Any]) -> dict[str, Any]:
    """An Anthropic ``tool_result`` block as OpenAI's ``tool`` turn."""
    content = _text(b.get("content", ""), f"{field}.content")
    return {"role": "tool", "tool_call_id": str(b.get("tool_use_id") or ""), "content": content}


def endpoint_url(endpoint: str | None, api: str) -> str:
    """The URL of a call to ``api``: the API's own, or under ``endpoint``, the base URL its client was given
    (OpenAI's SDK's ``base_url``, ``https://HOST/v1``, or an origin; Anthropic's, ``https://HOST``; an Azure OpenAI
    resource's address, whose v1 API is under ``/openai/v1``), checked by ``replay import``."""
    origin = "https://api.openai.com/v1" if api == "openai" else "https://api.anthropic.com"
    parts = urlsplit(endpoint or origin)
    path = parts.path.rstrip("/")
    if api == "openai" and parts.hostname and parts.hostname.endswith(".openai.azure.com"):
        path = "/openai/v1" if path in ("", "/openai") else path
    elif api == "openai" and not path:  # an origin: OpenAI's paths are under /v1
        path = "/v1"
    return f"{parts.scheme}://{parts.netloc}{path}{_PATH[api]}"
