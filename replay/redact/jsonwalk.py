"""One walk of a parsed JSON body for the rules that read its structure (``columns``' tables, ``shapedvalues``' ids
and patterns): each object is visited, JSON in a string parsed and visited too, and the body dumped again only when a
visit changed a value."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import orjson

__all__ = ["rewrite"]

_DEPTH = 64  # JSON nested deeper is left to the text pass

Visit = Callable[[dict[str, Any]], bool]


def rewrite(text: str, hinted: Callable[[str], bool], visit: Visit) -> str:
    """``text`` (a JSON body) with each object passed to ``visit`` (which changes it in place and says whether it
    did), dumped again when one was; ``hinted`` says whether a text (the body, a string in it) is worth parsing."""
    if not hinted(text):
        return text
    try:
        doc = orjson.loads(text)
    except orjson.JSONDecodeError:
        return text
    done, changed = _walk(doc, hinted, visit, 0)
    return orjson.dumps(done).decode() if changed else text


def _walk(node: Any, hinted: Callable[[str], bool], visit: Visit, depth: int) -> tuple[Any, bool]:
    """``node`` with its objects visited, and whether one changed (a JSON string is parsed and dumped)."""
    if depth > _DEPTH:
        return node, False
    if isinstance(node, str):
        if node[:1] not in "{[" or not hinted(node):
            return node, False
        try:
            inner = orjson.loads(node)
        except orjson.JSONDecodeError:
            return node, False
        inner, changed = _walk(inner, hinted, visit, depth + 1)
        return (orjson.dumps(inner).decode(), True) if changed else (node, False)
    changed = False
    if isinstance(node, dict):
        changed = visit(node)
        items: Any = node.items()
    elif isinstance(node, list):
        items = enumerate(node)
    else:
        return node, False
    for k, v in list(items):
        new, moved = _walk(v, hinted, visit, depth + 1)
        if moved:
            node[k] = new
            changed = True
    return node, changed
