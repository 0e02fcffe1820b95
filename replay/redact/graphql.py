"""A GraphQL request's variables read under the names of the arguments they feed.

``mutation($p: String!) { login(password: $p) }`` with ``"variables": {"p": "…"}``: the variable's own name says
nothing, the argument's does. Each variable passed to an argument whose name is telling (``Pairs.telling``: a
secret's, a person's name, an id number's) is redacted as that argument's value, in place in the body's text (its
formatting kept), before the body's own pass; a variable whose own name says as much is left to that pass. A
GraphQL GET (``?query=…&variables={…}``, as Apollo's persisted and automatic queries and every GraphQL-over-HTTP
server take it) or a form-encoded POST carries the same two fields in its query string: read alike (``fields``).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any
from urllib.parse import quote_plus

import orjson

from replay.redact.pairs import Pairs
from replay.redact.pseudonym import looks_redacted

__all__ = ["GraphQL"]

# ``password: $p``: an argument (or an input object's field) given a variable
_ARG = re.compile(r"([_A-Za-z][_0-9A-Za-z]*)\s*:\s*\$([_A-Za-z][_0-9A-Za-z]*)")


def _operations(doc: Any) -> list[tuple[str, dict[str, Any]]]:
    """The (query, variables) of a request's operations: one object, or a batch's list of them."""
    ops = doc if isinstance(doc, list) else [doc]
    return [
        (op["query"], op["variables"])
        for op in ops
        if isinstance(op, dict) and isinstance(op.get("query"), str) and isinstance(op.get("variables"), dict)
    ]


class GraphQL:
    """Redacts a GraphQL body's variables by the arguments they feed."""

    def __init__(self, pairs: Pairs):
        self._pairs = pairs

    def text(self, text: str, counts: Counter[str]) -> str:
        """``text`` (a JSON body) with each variable that feeds a telling argument redacted as its value."""
        if "$" not in text or '"variables"' not in text:  # a "$" is rare, and its search the faster
            return text
        try:
            doc = orjson.loads(text)
        except orjson.JSONDecodeError:
            return text
        found = self._telling(_operations(doc))
        done = self._pairs.values([(arg, value) for _, arg, value in found], counts) if found else None
        if done is None:
            return text
        start = text.find('"variables"')
        for (var, _, value), new in zip(found, done, strict=True):
            if new == value:
                continue
            at = re.compile(rf'"{var}"\s*:\s*({re.escape(orjson.dumps(value).decode())})').search(text, start)
            if at is None:  # written with other escapes than orjson's: the body is dumped again
                return _dumped(doc, dict(zip((f[0] for f in found), done, strict=True)))
            text = text[: at.start(1)] + orjson.dumps(new).decode() + text[at.end(1) :]
        return text

    def fields(self, s: str, counts: Counter[str], start: int = 0) -> str:
        """``s`` (a query string or a form from ``start``) with each variable of its ``variables`` field that
        feeds a telling argument of its ``query`` field redacted as its value (the field written again)."""
        if "variables=" not in s:
            return s
        query, variables = self._pairs.field(s, "query", start), self._pairs.field(s, "variables", start)
        if query is None or variables is None or "$" not in query[2]:
            return s
        try:
            doc = orjson.loads(variables[2])
        except orjson.JSONDecodeError:
            return s
        if not isinstance(doc, dict):
            return s
        found = self._telling([(query[2], doc)])
        done = self._pairs.values([(arg, value) for _, arg, value in found], counts) if found else None
        if done is None:
            return s
        doc.update((var, new) for (var, _, _), new in zip(found, done, strict=True))
        return s[: variables[0]] + quote_plus(orjson.dumps(doc).decode(), safe="-._~") + s[variables[1] :]

    def _telling(self, operations: list[tuple[str, dict[str, Any]]]) -> list[tuple[str, str, str]]:
        """The (variable, argument, value) of each variable given to a telling argument, once a variable."""
        found: list[tuple[str, str, str]] = []
        for query, variables in operations:
            seen: set[str] = set()
            for m in _ARG.finditer(query):
                arg, var = m.group(1), m.group(2)
                value = variables.get(var)
                if (
                    var not in seen
                    and isinstance(value, str)
                    and not looks_redacted(value)
                    and self._pairs.telling(arg)
                    and not self._pairs.telling(var)
                ):
                    seen.add(var)
                    found.append((var, arg, value))
        return found


def _dumped(doc: Any, new: dict[str, str]) -> str:
    """``doc`` with its operations' variables of ``new`` set to their new values, as JSON."""
    for _, variables in _operations(doc):
        for var, value in new.items():
            if var in variables:
                variables[var] = value
    return orjson.dumps(doc).decode()
