"""The checks on a response's content, each returning what failed: fallback markers, JSON Schema,
must/must-not include or match, tool calls against the tools the request declared, and the answer
against the output format it declared (``declared``).

``Compiled`` holds an endpoint's checks with their regexes, paths and schema prepared once; the
judge (``core``) turns what these functions return into reasons and settles the class.
"""

from __future__ import annotations

import re
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import orjson

from replay.config.checks import EndpointChecks
from replay.errors import BadInput
from replay.judge.declared import declared_format, declared_tools
from replay.judge.reply import Reply
from replay.judge.signals import compile_signals, json_values
from replay.util.jsonpath import PromptPath

__all__ = ["Compiled", "fallback", "invalid"]


class Compiled:
    """An endpoint's checks with regexes, paths and schema prepared once."""

    def __init__(self, checks: EndpointChecks, base: Path | None):
        self.checks = checks
        self.answer = PromptPath(checks.answer) if checks.answer else None
        self.patterns = [
            (m, re.compile(m.pattern, re.IGNORECASE) if m.pattern else None) for m in checks.fallback or ()
        ]
        self.json_paths = {m.json: PromptPath(m.json) for m in checks.fallback or () if m.json}
        self.must_match = [re.compile(p) for p in checks.must_match or ()]
        self.must_not_match = [re.compile(p) for p in checks.must_not_match or ()]
        self.signals = compile_signals(checks.signals or ())
        self.sources = PromptPath(checks.sources) if checks.sources else None
        self.base = base

    @cached_property
    def validator(self) -> Any:
        schema = self.checks.schema
        if schema is None:
            return None
        from jsonschema import exceptions, validators

        if isinstance(schema, str):
            path = Path(schema) if self.base is None or Path(schema).is_absolute() else self.base / schema
            try:
                schema = orjson.loads(path.read_bytes())
            except OSError as e:
                raise BadInput(f"{path}: cannot read the JSON Schema ({e.strerror}); fix [checks] schema") from None
            except orjson.JSONDecodeError as e:
                raise BadInput(f"{path}: the JSON Schema is not valid JSON ({e})") from None
        cls = validators.validator_for(schema)
        try:
            cls.check_schema(schema)
        except exceptions.SchemaError as e:
            raise BadInput(f"[checks] schema: not a valid JSON Schema ({e.message})") from None
        return cls(schema)


def fallback(c: Compiled, reply: Reply) -> tuple[str, str | None] | None:
    """(detail, reason) when a marker says the reply is a fallback."""
    for marker, rx in c.patterns:
        hit, reason = None, None
        if marker.header:
            value = reply.headers.get(marker.header.lower())
            if value is not None and value.strip().lower() == marker.equals.lower():
                hit = f"header {marker.header}: {value}"
                reason = reply.headers.get(marker.reason.lower()) if marker.reason else None
        elif marker.json and reply.data is not None:
            values = json_values(c.json_paths[marker.json], reply.data)
            if marker.equals.lower() in values:
                hit = f"{marker.json} = {marker.equals}"
                if marker.reason:
                    found = PromptPath(marker.reason).texts(reply.data)
                    reason = found[0] if found else None
        elif rx is not None:
            m = rx.search(reply.answer if reply.answer is not None else reply.body)
            if m:
                hit = f"pattern {marker.pattern!r} matched {m.group(0)[:40]!r}"
        if hit:
            return (f"{hit} (reason: {reason})" if reason else hit), reason
    return None


def invalid(c: Compiled, reply: Reply, request: Any, whole: bool = True) -> list[tuple[str, str]]:
    """(check, detail) of every failed content check; ``whole``: the answer is neither cut short nor a
    refusal, so it can be held to the format its request declared."""
    out: list[tuple[str, str]] = []
    chk = c.checks
    text = reply.answer if reply.answer is not None else reply.body
    low = text.lower()
    if c.validator is not None and not reply.stream:
        if reply.data is None:
            if not reply.capped:
                out.append(("schema", "the body is not JSON"))
        else:
            err = next(iter(c.validator.iter_errors(reply.data)), None)
            if err is not None:
                where = "/".join(str(p) for p in err.absolute_path) or "(root)"
                out.append(("schema", f"{where}: {err.message[:120]}"))
    for s in chk.must_include or ():
        if s.lower() not in low:
            out.append(("must_include", f"does not include {s!r}"))
    for s in chk.must_not_include or ():
        if s.lower() in low:
            out.append(("must_not_include", f"includes {s!r}"))
    for rx in c.must_match:
        if not rx.search(text):
            out.append(("must_match", f"does not match {rx.pattern!r}"))
    for rx in c.must_not_match:
        m = rx.search(text)
        if m:
            out.append(("must_not_match", f"matches {rx.pattern!r}: {m.group(0)[:40]!r}"))
    if chk.tools and reply.tool_calls:
        out.extend(("tools", d) for d in _tool_problems(reply, request))
    if chk.format and whole and reply.answer and 200 <= reply.status < 300:
        problem = _format_problem(reply.answer, request)
        if problem:
            out.append(("format", problem))
    return out


def _validator(schema: dict[str, Any]) -> Any:
    """The validator of a schema a request declared, made once for all the rows that declare it; None when the
    schema itself is broken (the client's mistake, which its API would have refused)."""
    try:
        return _validator_of(orjson.dumps(schema, option=orjson.OPT_SORT_KEYS))
    except TypeError:
        return None


@lru_cache(maxsize=1024)
def _validator_of(key: bytes) -> Any:
    from jsonschema import exceptions, validators

    schema = orjson.loads(key)
    cls = validators.validator_for(schema)
    try:
        cls.check_schema(schema)
    except exceptions.SchemaError:
        return None
    return cls(schema)


def _schema_error(schema: dict[str, Any], instance: Any) -> str | None:
    """Where ``instance`` first breaks ``schema`` and how; None when it fits, or the schema is broken."""
    from referencing.exceptions import Unresolvable

    validator = _validator(schema)
    try:
        err = next(iter(validator.iter_errors(instance)), None) if validator is not None else None
    except Unresolvable:  # a $ref to nowhere: the schema is broken
        return None
    if err is None:
        return None
    where = "/".join(str(p) for p in err.absolute_path)
    return f"{where}: {err.message[:120]}" if where else err.message[:120]


def _format_problem(answer: str, request: Any) -> str | None:
    """Why the answer is not the JSON its request asked for, or None."""
    fmt = declared_format(request)
    if fmt is None:
        return None
    try:
        data = orjson.loads(answer)
    except orjson.JSONDecodeError:
        return f"the request asked for JSON ({fmt.said}) and the answer is not JSON: {answer.strip()[:40]!r}"
    if fmt.schema is None:
        return None
    err = _schema_error(fmt.schema, data)
    return f"the answer does not fit the request's schema ({fmt.said}): {err}" if err else None


def _tool_problems(reply: Reply, request: Any) -> list[str]:
    tools = declared_tools(request)
    out = []
    for call in reply.tool_calls:
        args = call.arguments
        if call.free:  # a custom tool's input is free-form text: only its name is checked
            if tools is not None and call.name not in tools:
                out.append(f"tool call {call.name!r} is not among the declared tools ({', '.join(tools)})")
            continue
        if isinstance(args, str):
            try:
                args = orjson.loads(args or "{}")
            except orjson.JSONDecodeError:
                out.append(f"tool call {call.name}: arguments are not JSON")
                continue
        if tools is None:
            if request is not None:
                out.append(f"tool call {call.name}: the request declared no tools")
            continue
        if call.name not in tools:
            out.append(f"tool call {call.name!r} is not among the declared tools ({', '.join(tools)})")
            continue
        schema = tools[call.name]
        err = _schema_error(schema, args) if schema else None
        if err is not None:
            out.append(f"tool call {call.name}: {err}")
    return out
