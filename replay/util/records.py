"""Typed records to and from JSON: one generic walk over a dataclass's fields and type hints, so a
record that goes to disk (a plan header, report.json) is written and read back by its own type.

Field metadata steers the JSON form without hand-written dict literals:

    json="p99.9"   the key in JSON when it is not a Python name
    flatten=True   a nested record whose keys sit beside the parent's (a table cell's counts)
    omit_none=True leave the key out when the value is None (a finding without steps)

``from_json`` is strict about structure (a missing key, a wrong type: ``ValueError`` naming the key)
so a file from another version fails in one line rather than deep inside a renderer.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import types
import typing
from typing import Any, Self, TypeVar, Union

__all__ = ["JsonRecord", "build", "fields_json", "from_json", "to_json"]

T = TypeVar("T")


def to_json(obj: Any) -> Any:
    """``obj`` as plain JSON values: records by their fields (or their own ``to_json``), enums by value."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        own = getattr(obj, "to_json", None)
        return own() if own is not None else fields_json(obj)
    if isinstance(obj, enum.Enum):
        return obj.value
    if isinstance(obj, list | tuple):
        return [to_json(v) for v in obj]
    if isinstance(obj, dict):
        return {str(k) if isinstance(k, enum.Enum) else k: to_json(v) for k, v in obj.items()}
    return obj


def fields_json(obj: Any) -> dict[str, Any]:
    """The JSON object of a record's fields, in field order (metadata: json, flatten, omit_none)."""
    out: dict[str, Any] = {}
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if f.metadata.get("omit_none") and value is None:
            continue
        if f.metadata.get("flatten"):
            out.update(to_json(value))
        else:
            out[f.metadata.get("json", f.name)] = to_json(value)
    return out


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def from_json(cls: type[T], data: Any, where: str = "") -> T:
    """Record ``cls`` from JSON ``data``: by its own ``from_json`` when it has one, else by ``build``."""
    own = getattr(cls, "from_json", None)
    if own is not None and getattr(own, "__func__", None) is not JsonRecord.from_json.__func__:
        return own(data)  # type: ignore[no-any-return]
    return build(cls, data, where)


def build(cls: type[T], data: Any, where: str = "") -> T:
    """Build record ``cls`` from JSON ``data`` by its type hints; ValueError names the key at fault."""
    if not isinstance(data, dict):
        raise ValueError(f"{where or '(top)'}: expected an object, got {type(data).__name__}")
    hints = _hints(cls)
    kwargs = {}
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        if not f.init:
            continue
        key = f.metadata.get("json", f.name)
        at = f"{where}.{key}" if where else key
        if f.metadata.get("flatten"):  # its keys sit in this object: named from here
            kwargs[f.name] = _value(hints[f.name], data, where)
        elif key in data:
            kwargs[f.name] = _value(hints[f.name], data[key], at)
        elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            if not f.metadata.get("omit_none"):
                raise ValueError(f"{at}: missing")
            kwargs[f.name] = None
    return cls(**kwargs)


def _value(tp: Any, value: Any, where: str) -> Any:
    origin = typing.get_origin(tp)
    if origin in (Union, types.UnionType):
        options = typing.get_args(tp)
        if value is None and type(None) in options:
            return None
        errors = []
        for opt in (o for o in options if o is not type(None)):
            try:
                return _value(opt, value, where)
            except ValueError as e:
                errors.append(str(e))
        raise ValueError(errors[0] if len(errors) == 1 else f"{where}: {value!r} fits none of {tp}")
    if origin in (list, tuple):
        if not isinstance(value, list | tuple):
            raise ValueError(f"{where}: expected a list, got {type(value).__name__}")
        args = typing.get_args(tp)
        if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
            if len(args) != len(value):
                raise ValueError(f"{where}: expected {len(args)} items, got {len(value)}")
            return tuple(_value(a, v, f"{where}[{i}]") for i, (a, v) in enumerate(zip(args, value, strict=True)))
        item = args[0] if args else Any
        out = [_value(item, v, f"{where}[{i}]") for i, v in enumerate(value)]
        return tuple(out) if origin is tuple else out
    if origin is dict:
        if not isinstance(value, dict):
            raise ValueError(f"{where}: expected an object, got {type(value).__name__}")
        _, item = typing.get_args(tp) or (str, Any)
        return {k: _value(item, v, f"{where}.{k}") for k, v in value.items()}
    if dataclasses.is_dataclass(tp):
        return from_json(tp, value, where)
    return _scalar(tp, value, where)


def _scalar(tp: Any, value: Any, where: str) -> Any:
    if tp is Any:
        return value
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        try:
            return tp(value)
        except ValueError:
            raise ValueError(f"{where}: {value!r} is not a {tp.__name__}") from None
    if tp is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if isinstance(tp, type) and isinstance(value, tp) and not (tp is int and isinstance(value, bool)):
        return value
    raise ValueError(f"{where}: expected {getattr(tp, '__name__', tp)}, got {type(value).__name__} {value!r:.40}")


class JsonRecord:
    """Mixin for dataclass records: ``to_json()`` and ``from_json(data)`` by fields and type hints."""

    __slots__ = ()

    def to_json(self) -> dict[str, Any]:
        return fields_json(self)

    @classmethod
    def from_json(cls, data: Any) -> Self:
        return build(cls, data)
