"""What a reply says beyond its class: the service's own signals (``[checks] signals``), the sources an
answer cites, an error's code, whether an answer stops mid-sentence, and its output tokens when the
response does not count them; tokens and model where a scenario declares them (``declared_usage``)."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable
from typing import Any, NamedTuple

import orjson

from replay.config.checks import EndpointChecks, Signal
from replay.judge.reply import Reply
from replay.util.jsonpath import PromptPath

__all__ = [
    "CompiledSignal",
    "cited_sources",
    "compile_signals",
    "declared_path",
    "declared_usage",
    "ends_mid_sentence",
    "error_code",
    "estimate_tokens",
    "fired",
    "json_values",
    "tail",
]

SOURCE_KEYS = ("sources", "citations", "references")
# An answer ends a sentence on closing punctuation (any script), a closing quote or bracket after it,
# an emoji, or a code fence.
SENTENCE_END = re.compile(r"""([.!?…。！？؟।]["'”’)\]]*|```|[\U0001F300-\U0001FAFF])\s*$""")


def ends_mid_sentence(text: str | None) -> bool:
    """The answer stops inside a sentence (no closing punctuation at its end)."""
    t = (text or "").strip()
    return len(t) > 20 and SENTENCE_END.search(t) is None


def estimate_tokens(reply: Reply) -> int | None:
    """Output tokens of a reply whose response does not say: about four characters a token of what the model
    wrote, its answer, its refusal and its tool calls (a stream of tool-call or refusal deltas without usage
    counts as many tokens as they hold, not none); None when it has none of them."""
    if reply.answer is None and not reply.tool_calls and not reply.refusal:
        return None
    calls = (c.name + (a if isinstance(a := c.arguments, str) else orjson.dumps(a).decode()) for c in reply.tool_calls)
    text = ((reply.answer or "") + (reply.refusal or "") + "".join(calls)).strip()
    return max(1, round(len(text) / 4)) if text else 0


def _declared(reply: Reply, where: str) -> Any:
    if where.startswith("header:"):
        return reply.headers.get(where.removeprefix("header:").strip().lower())
    refs = PromptPath(where).refs(reply.data) if reply.data is not None else []
    return refs[0][0][refs[0][1]] if refs else None


def declared_usage(checks: EndpointChecks, reply: Reply) -> None:
    """Tokens and model where a scenario says a service puts them (``[checks] tokens_in``,
    ``tokens_out``, ``model``), over what ``usage`` said."""
    for key, attr in (("tokens_in", "input_tokens"), ("tokens_out", "output_tokens")):
        where = getattr(checks, key)
        raw = _declared(reply, where) if where else None
        with contextlib.suppress(TypeError, ValueError):
            if raw is not None:
                setattr(reply, attr, int(float(raw)))
    if checks.model:
        raw = _declared(reply, checks.model)
        if isinstance(raw, str) and raw:
            reply.model = raw


def declared_path(checks: EndpointChecks, reply: Reply) -> str | None:
    """Which path of a fallback chain answered, where ``[checks] path`` says (lower case)."""
    raw = _declared(reply, checks.path) if checks.path else None
    return str(raw).strip().lower() or None if raw is not None else None


class CompiledSignal(NamedTuple):
    signal: Signal
    path: PromptPath | None  # json signals
    rx: re.Pattern[str] | None  # ``matches``


def compile_signals(signals: Iterable[Signal]) -> list[CompiledSignal]:
    return [
        CompiledSignal(
            s, PromptPath(s.json) if s.json else None, re.compile(s.matches, re.IGNORECASE) if s.matches else None
        )
        for s in signals
    ]


def json_values(path: PromptPath, data: Any) -> list[str]:
    """Every value ``path`` points at, as lower-case text (JSON for non-strings)."""
    out = []
    for c, k in path.refs(data):
        v = c[k]
        out.append(orjson.dumps(v).decode() if not isinstance(v, str) else v)
    return [v.lower() for v in out]


def fired(signals: list[CompiledSignal], reply: Reply) -> list[tuple[Signal, str]]:
    """(signal, detail) of every signal the reply raises."""
    out = []
    for sig, path, rx in signals:
        if path is None:
            values = [v] if (v := reply.headers.get(sig.header.lower())) is not None else []
        else:
            values = json_values(path, reply.data) if reply.data is not None else []
        if rx is not None:
            hit = next((v for v in values if rx.search(v)), None)
        elif sig.equals is not None:
            hit = next((v for v in values if v.strip().lower() == sig.equals.lower()), None)
        else:
            hit = (values[0] if values else "") if bool(values) == (sig.exists is not False) else None
        if hit is None:
            continue
        detail = sig.source if sig.equals is not None or sig.exists is not None else f"{sig.source}: {hit[:60]}"
        why = _signal_reason(sig, reply)
        out.append((sig, f"{detail} (reason: {why})" if why else detail))
    return out


def _signal_reason(sig: Signal, reply: Reply) -> str | None:
    if not sig.reason:
        return None
    if sig.header:
        return reply.headers.get(sig.reason.lower())
    found = PromptPath(sig.reason).texts(reply.data) if reply.data is not None else []
    return found[0] if found else None


def cited_sources(reply: Reply | None, path: PromptPath | None) -> tuple[str, ...] | None:
    """The sources a reply's answer cites (at ``path``, else a sources/citations/references key), as
    sorted text; None when the reply names none."""
    if reply is None or not isinstance(reply.data, dict):
        return None
    if path is not None:
        values = [c[k] for c, k in path.refs(reply.data)]
        if not values:
            return None
    else:
        key = next((k for k in SOURCE_KEYS if isinstance(reply.data.get(k), list)), None)
        if key is None:
            return None
        values = [reply.data[key]]
    out: list[str] = []
    for v in values:
        for item in v if isinstance(v, list) else [v]:
            if isinstance(item, dict):
                item = item.get("id") or item.get("url") or item.get("title") or orjson.dumps(item).decode()
            out.append(str(item))
    return tuple(sorted(set(out)))


def error_code(reply: Reply) -> str | None:
    """An error response's own code or type (OpenAI/Anthropic ``error`` objects, or a top-level code), with
    the parameter it names when it names one (``invalid_request_error on messages``): a generic type says
    little without it."""
    data = reply.data if isinstance(reply.data, dict) else {}
    err = data.get("error") if isinstance(data.get("error"), dict) else data
    for key in ("code", "type"):
        v = err.get(key) if isinstance(err, dict) else None
        if isinstance(v, str) and v:
            param = err.get("param") if isinstance(err, dict) else None
            return v[:40] + (f" on {param[:40]}" if isinstance(param, str) and param else "")
    return None


def tail(text: str | None) -> str:
    """The last 30 characters of a text, on one line."""
    t = " ".join((text or "").split())
    return "…" + t[-30:] if len(t) > 30 else t
