"""A small JSON path (``messages[?role=user].content``), for prompt and answer fields in scenarios."""

from __future__ import annotations

import re
from typing import Any

__all__ = ["PromptPath", "text_of"]

_STEP = re.compile(r"\.?([A-Za-z_][\w-]*)|\[(-?\d+)\]|\[(\*)\]|\[\?([\w-]+)=['\"]?([^\]'\"]*)['\"]?\]")


class PromptPath:
    """A small JSON path: ``a.b``, ``[0]``, ``[-1]``, ``[*]``, ``[?role=user]``, optional ``$`` first.

    ``messages[?role=user].content`` is every user message's content; a content that is a list
    of parts (``{"type": "text", "text": ...}``) counts as the text of its parts.
    """

    def __init__(self, expr: str):
        s = expr.strip().removeprefix("$")
        steps: list[tuple[str, Any, Any]] = []
        pos = 0
        while pos < len(s):
            m = _STEP.match(s, pos)
            if m is None:
                raise ValueError(
                    f"{expr!r}: cannot read the path at {s[pos:]!r}; write e.g. "
                    "'messages[?role=user].content', 'data.question' or 'inputs[0]'"
                )
            key, index, star, fkey, fval = m.groups()
            if key is not None:
                steps.append(("key", key, None))
            elif index is not None:
                steps.append(("index", int(index), None))
            elif star is not None:
                steps.append(("all", None, None))
            else:
                steps.append(("filter", fkey, fval))
            pos = m.end()
        if not steps:
            raise ValueError(f"{expr!r}: an empty path; write e.g. 'messages[?role=user].content'")
        self.expr = expr
        self.steps = tuple(steps)

    def __repr__(self) -> str:
        return f"PromptPath({self.expr!r})"

    def refs(self, obj: Any) -> list[tuple[Any, Any]]:
        """``(container, key)`` of every match, in document order."""
        cur: list[tuple[Any, Any, Any]] = [(None, None, obj)]
        for kind, a, b in self.steps:
            nxt: list[tuple[Any, Any, Any]] = []
            for _, _, v in cur:
                if kind == "key":
                    if isinstance(v, dict) and a in v:
                        nxt.append((v, a, v[a]))
                elif isinstance(v, list):
                    if kind == "index":
                        if -len(v) <= a < len(v):
                            nxt.append((v, a % len(v), v[a]))
                    elif kind == "all":
                        nxt.extend((v, i, x) for i, x in enumerate(v))
                    else:
                        nxt.extend((v, i, x) for i, x in enumerate(v) if isinstance(x, dict) and x.get(a) == b)
                elif kind == "all" and isinstance(v, dict):
                    nxt.extend((v, k, x) for k, x in v.items())
            cur = nxt
        return [(c, k) for c, k, _ in cur]

    def texts(self, obj: Any) -> list[str]:
        """The texts the path points at (strings, or lists of text parts)."""
        out = []
        for c, k in self.refs(obj):
            t = text_of(c[k])
            if t is not None:
                out.append(t)
        return out


def text_of(v: Any) -> str | None:
    """A string, or the joined text of a list of message parts (OpenAI/Anthropic content); else None."""
    if isinstance(v, str):
        return v
    if isinstance(v, list):
        parts = [p if isinstance(p, str) else p.get("text") for p in v if isinstance(p, str | dict)]
        parts = [p for p in parts if isinstance(p, str)]
        return "\n".join(parts) if parts else None
    return None
