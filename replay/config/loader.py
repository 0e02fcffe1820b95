"""The TOML-to-dataclass reader every config file goes through, and the value parsers it uses.

``build_section(cls, doc, where)`` builds any dataclass from parsed TOML (or JSON) by its type
hints: bool, int, float, str, Literal, list, dict, unions, nested dataclasses and ``Duration``
(a float that TOML may give as ``"30s"``, ``"2m"``, ``"1h30m"``, ``"500ms"``). A dataclass may
define ``check(self)`` raising ``Invalid(key, reason)`` for rules across keys. A list field whose
metadata has ``if_empty`` (how to fix it) refuses an empty list given in the file, where its
default (left out) means something else. Unknown keys, wrong types and failed checks are BadInput:
``FILE: KEY: reason``, the key named as the user gave it where an override set it (``given_as``).
"""

from __future__ import annotations

import dataclasses
import difflib
import math
import re
import sys
import tomllib
import types
import typing
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Annotated, Any, Literal, Union

from replay.errors import BadInput, os_reason
from replay.exchange.sniff import UTF16
from replay.exchange.validate import header_value_problem
from replay.util.endpoints import pattern_problem
from replay.util.inputs import read_input

__all__ = [
    "MAX_DURATION_DAYS",
    "MAX_RATE",
    "MAX_REPEATS",
    "Duration",
    "Invalid",
    "apply_overrides",
    "build_section",
    "check_endpoint",
    "check_header_value",
    "check_name",
    "format_duration",
    "given_as",
    "loads_toml",
    "parse_duration",
    "read_config",
    "typed_keys",
]


class _DurationMark:
    """Marks a float field that TOML may also give as ``"30s"``, ``"2m"``, ``"1h30m"``, ``"500ms"``."""


Duration = Annotated[float, _DurationMark]
# No setting means more than a month (a step, a timeout, a fault's delay): more is a typo (1e9, '99999h'),
# and a timeout past ~292 years overflows the OS's clock, far from where it was written.
MAX_DURATION_DAYS = 30
# Requests/s no runner sends: 1,024 workers (the most --expect-workers takes) at the ~20,000/s one runner
# process sends (README) are 2e7/s. A rate without a duration plans sample.size rows, so 1e300 was taken and
# sent 1,000 rows at one instant, a burst reported as a rate.
MAX_RATE = 100_000_000
MAX_REPEATS = 100  # repetitions of one plan ([sample] repeats, rehearse --repeat)

_DURATION_PART = re.compile(r"(\d+(?:\.\d+)?)(ms|s|m|h)")
_UNIT_SECONDS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0}


def parse_duration(text: str) -> float:
    """Seconds in ``"1h30m"``, ``"90s"``, ``"250ms"`` or ``"2.5"``; ValueError otherwise."""
    s = text.strip().replace(" ", "")
    try:
        seconds = float(s)
    except ValueError:
        parts = _DURATION_PART.findall(s)
        if not parts or "".join(n + u for n, u in parts) != s:
            raise ValueError(f"{text!r} is not a duration (write 30, '30s', '2m' or '1h30m')") from None
        seconds = sum(float(n) * _UNIT_SECONDS[u] for n, u in parts)
    if not math.isfinite(seconds):
        raise ValueError(f"{text!r} is not a duration (write 30, '30s', '2m' or '1h30m')")
    return seconds


# Larger spans (a capture over months) in the unit a reader thinks in: (at least seconds, divisor, unit).
_SPAN_UNITS = ((2 * 86400.0, 86400.0, "d"), (3600.0, 3600.0, "h"), (600.0, 60.0, "min"))


def format_duration(seconds: float | None) -> str:
    """Seconds for a reader: ``250 ms`` below a second, ``4.20 s`` below ten minutes (every latency
    table, gate and report prints these), then ``12.5 min``, ``5.0 h``, ``142 d``; ``-`` for None."""
    if seconds is None:
        return "-"
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms"
    for least, size, unit in _SPAN_UNITS:
        if seconds >= least:
            return f"{seconds / size:.0f} {unit}" if unit == "d" else f"{seconds / size:.1f} {unit}"
    return f"{seconds:.2f} s"


class Invalid(Exception):
    """A section's ``check()`` found a bad value: ``key`` is relative to the section."""

    def __init__(self, key: str, reason: str):
        super().__init__(f"{key}: {reason}")
        self.key = key
        self.reason = reason


def check_endpoint(key: str, pattern: str) -> None:
    """Invalid at ``key`` unless ``pattern`` is a ``METHOD /path`` glob (``replay.util.endpoints``)."""
    problem = pattern_problem(pattern)
    if problem is not None:
        raise Invalid(key, problem)


# A name's control characters (C0, DEL, C1): a scenario's, a fault proxy's, a profile's or a rule's name is printed on
# the terminal (where ESC and CSI start escape sequences), in report.html and in x-replay-fault headers. A text (a
# scenario's description) is lines: its line breaks and tabs are its own, a CR (which rewrites a terminal's line) not.
_NAME_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_TEXT_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def check_name(key: str, name: str, text: bool = False) -> None:
    """Invalid at ``key`` when the name ``name`` holds a control character (named, the first); ``text``: a free
    text of lines (a description), whose line breaks and tabs pass."""
    if found := (_TEXT_CONTROL if text else _NAME_CONTROL).search(name):
        shown = repr(name) if len(name) <= 60 else repr(name[:60]) + "..."
        what = "a description" if text else "a name"
        raise Invalid(key, f"{shown} holds the control character {found.group()!r}, which {what} cannot; remove it")


def check_header_value(key: str, value: str) -> None:
    """Invalid at ``key`` when ``value`` is no header value to send or match (``header_value_problem``): every place
    a scenario configures one."""
    if problem := header_value_problem(value):
        raise Invalid(key, f"{problem}; remove it")


def build_section(cls: type, doc: Any, where: str, typed: Mapping[str, str] | None = None) -> Any:
    """Build dataclass ``cls`` from parsed TOML (or JSON) by its type hints; BadInput names ``where`` and the key,
    or the option of ``typed`` (``typed_keys``) that set it."""
    return _Reader(where, typed or {}).build(cls, doc, "")


def typed_keys(overrides: Sequence[str], from_target: bool = False) -> dict[str, str]:
    """Each key ``overrides`` set -> the option that set it, as the user typed it: ``--target`` for
    ``overrides[0]`` when ``from_target`` (``pipeline.load`` puts it first), else ``--set KEY``; the last wins."""
    typed = {}
    for i, item in enumerate(overrides):
        key = split_set(item)[0].strip()
        typed[".".join(_key_path(key))] = "--target" if i == 0 and from_target else f"--set {key}"
    return typed


def split_set(item: str) -> tuple[str, str, str]:
    """``KEY=VALUE`` split at its first "=" outside quotes and braces, as ``str.partition`` does: a gate's name
    holds one (``gates."p99{step=0}"="< 5s"`` was the key 'gates."p99{step' and the value '0}"="< 5s"')."""
    quote, depth = "", 0
    for i, ch in enumerate(item):
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "\"'":
            quote = ch
        elif ch in "{}":
            depth += 1 if ch == "{" else -1
        elif ch == "=" and depth <= 0:
            return item[:i], "=", item[i + 1 :]
    return item, "", ""


def _key_path(key: str) -> list[str]:
    """The parts of a ``--set`` KEY, read as TOML reads a dotted key (``gates."p99.9"`` is one gate, its quotes
    not part of it: they were kept, 'unknown metric "p99"'); a key TOML does not read is split at its dots."""
    try:
        doc: Any = tomllib.loads(f"{key} = 0")
    except tomllib.TOMLDecodeError:
        return key.strip().split(".")
    parts = []
    while isinstance(doc, dict) and len(doc) == 1:
        ((part, doc),) = doc.items()
        parts.append(part)
    return parts


def given_as(key: str, typed: Mapping[str, str]) -> str:
    """``key`` as errors name it (``faults[0].listen``) named as the user gave it: the option of ``typed`` that
    set it, or that set a table holding it; else ``key``. Why: a bad ``--target ftp://x`` was named
    'target.base_url', a key the user never wrote, in a file that does not hold the value."""
    parts = re.sub(r"\[(\d+)\]", r".\1", key).replace('"', "").split(".")
    for n in range(len(parts), 0, -1):
        option = typed.get(".".join(parts[:n]))
        if option is not None:
            return option if n == len(parts) else f"{key} (set by {option})"
    return key


_TYPE_NAMES = {bool: "true or false", int: "an integer", float: "a number", str: "a string"}


class _Reader:
    """Builds dataclasses from parsed TOML by their type hints, naming the key of any error."""

    def __init__(self, file: str, typed: Mapping[str, str]):
        self.file, self.typed = file, typed

    def fail(self, key: str, reason: str) -> BadInput:
        return BadInput(f"{self.file}: {given_as(key, self.typed) if key else '(top level)'}: {reason}")

    def build(self, cls: type, value: Any, key: str) -> Any:
        if not isinstance(value, dict):
            raise self.fail(key, f"expected a table, got {_show(value)}")
        hints = typing.get_type_hints(cls, include_extras=True)
        # A field's TOML key is its name, or metadata "key" for a name Python reserves (``class``).
        fields = {f.metadata.get("key", f.name): f for f in dataclasses.fields(cls) if f.metadata.get("toml", True)}
        for name in value:
            if name not in fields:
                close = difflib.get_close_matches(name, list(fields), n=1)
                hint = f"did you mean {close[0]!r}?" if close else f"known keys: {', '.join(fields) or 'none'}"
                raise self.fail(_join(key, name), f"unknown key; {hint}")
        kwargs = {}
        for name, f in fields.items():
            if name in value:
                if value[name] == [] and (fix := f.metadata.get("if_empty")):
                    raise self.fail(_join(key, name), f"an empty list; {fix}")
                kwargs[f.name] = self.convert(hints[f.name], value[name], _join(key, name))
            elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                raise self.fail(_join(key, name), "missing; this key is required")
        obj = cls(**kwargs)
        check = getattr(obj, "check", None)
        if check is not None:
            try:
                check()
            except Invalid as e:
                raise self.fail(f"{key}.{e.key}" if key else e.key, e.reason) from None
        return obj

    def convert(self, tp: Any, value: Any, key: str) -> Any:
        origin = typing.get_origin(tp)
        if origin is Annotated:
            base, *marks = typing.get_args(tp)
            if _DurationMark in marks and isinstance(value, str):
                try:
                    value = parse_duration(value)
                except ValueError as e:
                    raise self.fail(key, str(e)) from None
            converted = self.convert(base, value, key)
            if _DurationMark in marks and converted > MAX_DURATION_DAYS * 86400:
                raise self.fail(key, f"{converted:g} s is over {MAX_DURATION_DAYS} days; give a shorter duration")
            return converted
        if origin in (Union, types.UnionType):
            return self._union(typing.get_args(tp), value, key)
        if origin is Literal:
            choices = typing.get_args(tp)
            if value not in choices:
                raise self.fail(key, f"{_show(value)} is not one of {', '.join(map(repr, choices))}")
            return value
        if origin is list:
            if not isinstance(value, list):
                raise self.fail(key, f"expected a list, got {_show(value)}")
            (item,) = typing.get_args(tp)
            return [self.convert(item, v, f"{key}[{i}]") for i, v in enumerate(value)]
        if origin is dict:
            if not isinstance(value, dict):
                raise self.fail(key, f"expected a table, got {_show(value)}")
            _, item = typing.get_args(tp)
            return {k: self.convert(item, v, _join(key, k)) for k, v in value.items()}
        if dataclasses.is_dataclass(tp):
            return self.build(tp, value, key)
        if tp is type(None):
            raise self.fail(key, "cannot be given here")
        return self._scalar(tp, value, key)

    def _scalar(self, tp: type, value: Any, key: str) -> Any:
        if isinstance(value, int) and not isinstance(value, bool) and not -(2**63) <= value < 2**63:
            # TOML's integers are 64-bit, tomllib's any size: 2**64 connections went on to JSON (orjson's
            # traceback), 10**400 to a float (OverflowError's)
            raise self.fail(key, f"{_show(value)} is past a 64-bit integer; give a smaller number")
        if tp is float and isinstance(value, int) and not isinstance(value, bool):
            return float(value)
        if isinstance(value, float) and not math.isfinite(value):  # TOML has inf and nan; no setting means them
            raise self.fail(key, f"{value}; give a finite number")
        if tp is Any or (isinstance(value, tp) and not (tp is int and isinstance(value, bool))):
            return value
        raise self.fail(key, f"expected {_TYPE_NAMES.get(tp, tp.__name__)}, got {_show(value)}")

    def _union(self, options: tuple[Any, ...], value: Any, key: str) -> Any:
        for opt in options:  # a table or list goes to the option of its kind, so inner keys are named
            kind = dict if dataclasses.is_dataclass(opt) else typing.get_origin(opt)
            if kind in (dict, list) and isinstance(value, kind):
                return self.convert(opt, value, key)
        errors = []
        for opt in options:
            if opt is type(None):
                continue
            try:
                return self.convert(opt, value, key)
            except BadInput as e:
                errors.append(str(e).split(": ", 2)[-1])
        raise self.fail(key, _either(errors))


def _either(errors: list[str]) -> str:
    """The reasons no option of a union took a value, as one: "expected a string or a list, got integer 2" (was
    "expected a string, got integer 2 or expected a list, got integer 2")."""
    errors = list(dict.fromkeys(errors))
    wanted = [m for e in errors if (m := re.fullmatch(r"expected (.+), got (.+)", e))]
    got = {m.group(2) for m in wanted}
    if len(errors) > 1 and len(wanted) == len(errors) and len(got) == 1:
        return f"expected {' or '.join(m.group(1) for m in wanted)}, got {got.pop()}"
    return " or ".join(errors)


def _join(key: str, name: str) -> str:
    name = name if re.fullmatch(r"[A-Za-z0-9_-]+", name) else f'"{name}"'
    return f"{key}.{name}" if key else name


def _show(value: Any) -> str:
    kind = {bool: "boolean", int: "integer", float: "number", str: "string", list: "list", dict: "table"}
    # a TOML date or time as written, not Python's "datetime.datetime(1979, 5, 27, 7, 32, ...)"
    text = value.isoformat() if hasattr(value, "isoformat") else repr(value)
    return f"{kind.get(type(value), type(value).__name__)} {text if len(text) < 40 else text[:37] + '...'}"


def _override_value(text: str) -> Any:
    try:
        return loads_toml(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return text  # a bare word is a string


def apply_overrides(doc: dict[str, Any], sets: list[str] | tuple[str, ...], where: str) -> None:
    """Set ``KEY=VALUE`` pairs (``--set``) in a parsed TOML document, in place: dotted keys, list
    indices as numbers, values as TOML (``5``, ``"1s"``, ``["a"]``) or else as a plain string.
    Errors name ``where`` (the user's file) and the key."""
    for item in sets:
        key, sep, raw = split_set(item)
        if not sep or not key.strip():
            raise BadInput(f"--set {item!r}: write KEY=VALUE, e.g. target.base_url=http://staging:8080")
        *path, last = _key_path(key)
        if negative := next((part for part in (*path, last) if re.fullmatch(r"-\d+", part)), None):
            # was a table named "-1", refused as "load.steps: expected a list, got table {'-1': ...}"
            raise BadInput(f"{where}: --set {key}: {negative} is no entry of a list; entries count from 0")
        node: Any = doc
        for i, part in enumerate(path):
            _no_list(node, path[:i], part, key, where)
            try:
                node = node[int(part)] if isinstance(node, list) else node.setdefault(part, {})
            except (IndexError, ValueError):
                raise BadInput(f"{where}: --set {key}: no {part!r} in the scenario") from None
            if not isinstance(node, dict | list):
                raise BadInput(f"{where}: --set {key}: {part!r} is a value, not a table")
        _no_list(node, path, last, key, where)
        if isinstance(node, list):
            try:
                node[int(last)] = _override_value(raw)
            except (IndexError, ValueError):
                raise BadInput(f"{where}: --set {key}: no {last!r} in the scenario") from None
        else:
            node[last] = _override_value(raw)


def _no_list(node: Any, above: list[str], part: str, key: str, where: str) -> None:
    """BadInput when ``part`` indexes a list the file lacks ([[faults]]): it made a table named "0", refused later
    as "faults: expected a list, got table {'0': ...}", a message about a key nobody wrote. The last part too:
    ``--set faults.0=3`` was that message."""
    if isinstance(node, dict) and part.isdigit() and part not in node:
        have = ".".join(above)
        raise BadInput(f"{where}: --set {key}: the file has no {have} list to set entry {part} of; add it first")


def loads_toml(text: str) -> dict[str, Any]:
    """``tomllib.loads``, with arrays or inline tables nested thousands deep (tomllib recurses per level: its
    RecursionError escaped every reader as a traceback) and a number of thousands of digits (int()'s ValueError) a
    TOMLDecodeError like any other bad document, and a leading byte order mark, which Windows editors write to mark
    UTF-8, read as the UTF-8 it marks (tomllib refused every such file as 'Invalid statement (at line 1, column 1)',
    naming nothing to fix)."""
    try:
        return tomllib.loads(text.removeprefix("\ufeff"))
    except RecursionError:
        raise tomllib.TOMLDecodeError("arrays or tables nested too deeply") from None
    except tomllib.TOMLDecodeError as e:
        # tomllib names a key as Python's tuple: "Cannot declare ('client',) twice" is [client] declared twice
        said = re.sub(r"\(((?:'[^']*',? ?)+)\)", lambda m: "[" + ".".join(re.findall(r"'([^']*)'", m[1])) + "]", str(e))
        raise tomllib.TOMLDecodeError(said) from None
    except ValueError:  # int()'s own limit, raised through tomllib as it is (a traceback)
        raise tomllib.TOMLDecodeError(f"a number of over {sys.get_int_max_str_digits():,} digits") from None


def config_text(path: str | Path, data: bytes, what: str) -> str:
    """A config file's bytes as text: UTF-8, its byte order mark dropped; BadInput naming the file otherwise. The one
    decoding of every TOML file a user gives (a scenario, a profile file, a policy): a policy or profile file in
    UTF-16 or Latin-1 was "('utf-8' codec can't decode byte 0xff in position 0: invalid start byte)"."""
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as e:
        why = UTF16[1] if data.startswith(UTF16[0]) else f"not UTF-8 text (byte {e.start}); save the {what} as UTF-8"
        raise BadInput(f"{path}: {why}") from None


def read_config(path: Path, what: str) -> bytes:
    """The bytes of a config file (``what``: "scenario", "profile file"); BadInput naming the path otherwise."""
    try:
        data = read_input(path)
    except FileNotFoundError:
        raise BadInput(f"{path}: no such {what}; check the path") from None
    except OSError as e:
        raise BadInput(f"{path}: cannot read the {what} ({os_reason(e)})") from None  # and the fix
    if data.startswith(b"PK\x03\x04"):  # named, rather than "not UTF-8 text"
        raise BadInput(f"{path}: a zip archive (a replay plan?), not a {what}; name the {what} itself")
    return data
