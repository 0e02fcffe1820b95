"""What every provider's answers share: the answer, the refusal, the calls a request's tools make."""

from __future__ import annotations

from typing import Any

import orjson

ANSWER = "Your order ships on Monday from the Leeds warehouse."
REFUSAL = "I'm sorry, but I can't help with that."
JSON_ANSWER = '{"answer": "Monday", "confidence": 0.9}'
THOUGHT = "The user asks about shipping; the order record says Monday."
SIGNATURE = "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxDYTBvOTFyOThNcnZDIjBBTUtsRDhQQ"  # of a thinking block
CREATED = 1741290958
GAP = 0.004  # between stream events


def _words(text: str, limit: int | None) -> tuple[list[str], bool]:
    """``text`` a token a word (spaces kept), cut at ``limit`` tokens; whether it was cut."""
    words = [w if i == 0 else " " + w for i, w in enumerate(text.split(" "))]
    if limit is not None and len(words) > limit:
        return words[:limit], True
    return words, False


def _prompt(body: dict[str, Any]) -> str:
    return orjson.dumps(body).decode()


def _calls(tools: list[Any], parallel: bool) -> list[tuple[str, str]]:
    """(name, JSON arguments) of the calls made: one per declared tool (the first only unless parallel)."""
    names = []
    for t in tools:
        fn = t.get("function", t) if isinstance(t, dict) else {}
        names.append(str(fn.get("name", "tool")))
    cities = ("Paris", "London", "Tokyo")
    return [(n, orjson.dumps({"city": cities[i % 3]}).decode()) for i, n in enumerate(names[: None if parallel else 1])]


CUSTOM_INPUT = 'print("order A17 ships Monday")'  # a custom tool's free-form input (OpenAI's custom tools)


def _custom(tools: list[Any]) -> str | None:
    """The name of the custom tool (OpenAI: free-form input, not JSON arguments) the model calls, if the first
    declared tool is one (responses ``{"type": "custom", "name"}``, chat ``{"type": "custom", "custom": {...}}``)."""
    first = tools[0] if tools and isinstance(tools[0], dict) else {}
    if first.get("type") != "custom":
        return None
    return str((first.get("custom") or first).get("name") or "custom")


def _answered_tool(messages: list[Any]) -> bool:
    last = messages[-1] if messages else {}
    if not isinstance(last, dict):
        return False
    content = last.get("content")
    blocks = content if isinstance(content, list) else []
    return last.get("role") == "tool" or any(isinstance(b, dict) and b.get("type") == "tool_result" for b in blocks)
