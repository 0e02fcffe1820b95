"""Redaction policy: the built-in defaults, plus a TOML file (``--policy``) that adds header, key and
regex rules, turns detectors off, or keeps a header.

    disable = ["ip"]                  # detectors to turn off (see DETECTORS)
    phone_regions = ["US", "GB"]      # national phone formats tried, in order
    binary = "drop"                   # binary bodies: "drop", "hash" (keep an HMAC in meta), or "keep"
                                      # (stored as base64, unscanned: only where they hold no secrets)

    [headers]
    redact = ["x-internal-user"]      # headers whose whole value is a secret
    keep = ["x-api-version"]          # headers never touched

    [keys]
    redact = ["employee_number"]      # JSON / form / query field names whose values are secrets
    keep = ["session_hint"]           # field names never treated as secrets by their name

    [[rules]]
    kind = "employee_id"              # the count's name in each record's redactions
    regex = "EMP-[0-9]{6}"

Unknown keys, wrong types, regexes that do not compile and regexes that repeat a repeat (``(a+)+``, whose
backtracking never ends on some text) are BadInput: one line, exit 2.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from re import _constants, _parser  # the pattern's parse tree: no public API gives it
from typing import Any

import phonenumbers

from replay.config.loader import loads_toml
from replay.errors import BadInput
from replay.redact.detectors import DETECTORS

__all__ = ["DEFAULT_REGIONS", "Policy", "PolicyError", "load_policy"]

DEFAULT_REGIONS = ("US", "GB", "DE", "FR", "IN", "AU")
_TOP = {"disable", "phone_regions", "binary", "headers", "keys", "rules"}
_KIND = re.compile(r"[a-z][a-z0-9_]{0,39}")


class PolicyError(BadInput):
    """A policy file is not valid."""


@dataclass(frozen=True, slots=True)
class Policy:
    """What to redact beyond, or instead of, the defaults."""

    disabled: frozenset[str] = frozenset()
    phone_regions: tuple[str, ...] = DEFAULT_REGIONS
    binary: str = "drop"
    redact_headers: frozenset[str] = frozenset()
    keep_headers: frozenset[str] = frozenset()
    redact_keys: tuple[str, ...] = ()
    keep_keys: tuple[str, ...] = ()
    rules: tuple[tuple[str, re.Pattern[str]], ...] = ()


def _strings(path: Path, where: str, value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise PolicyError(f"{path}: {where} must be a list of strings, got {value!r}")
    return value


def _table(path: Path, name: str, value: Any) -> tuple[list[str], list[str]]:
    if not isinstance(value, dict):
        raise PolicyError(f"{path}: [{name}] must be a table with 'redact' and/or 'keep' lists")
    unknown = set(value) - {"redact", "keep"}
    if unknown:
        raise PolicyError(f"{path}: unknown key {sorted(unknown)[0]!r} in [{name}]; known keys: keep, redact")
    lists = []
    for part in ("redact", "keep"):
        names = _strings(path, f"{name}.{part}", value.get(part, []))
        if blank := [n for n in names if not any(c.isalnum() for c in n)]:
            raise PolicyError(
                f"{path}: {name}.{part}: {blank[0]!r} names nothing; give names such as 'x-internal-user'"
            )
        lists.append(names)
    return lists[0], lists[1]


def _rules(path: Path, value: Any) -> tuple[tuple[str, re.Pattern[str]], ...]:
    if not isinstance(value, list):
        raise PolicyError(f"{path}: rules must be an array of tables ([[rules]] with kind and regex)")
    out = []
    for i, rule in enumerate(value):
        where = f"{path}: rules[{i}]"
        if not isinstance(rule, dict):
            raise PolicyError(f"{where} must be a table with kind and regex")
        unknown = set(rule) - {"kind", "regex"}
        if unknown:
            raise PolicyError(f"{where}: unknown key {sorted(unknown)[0]!r}; known keys: kind, regex")
        kind, regex = rule.get("kind"), rule.get("regex")
        if not isinstance(kind, str) or not _KIND.fullmatch(kind):
            raise PolicyError(f"{where}.kind must be a lower-case name like 'employee_id', got {kind!r}")
        if not isinstance(regex, str) or not regex:
            raise PolicyError(f"{where}.regex must be a non-empty string")
        try:
            rx = re.compile(regex)
        except re.error as e:
            raise PolicyError(f"{where}.regex {regex!r} does not compile ({e}); fix the pattern") from None
        if rx.match(""):
            raise PolicyError(f"{where}.regex {regex!r} matches the empty string; make it match something")
        if _nested_repeat(_parser.parse(regex).data):
            raise PolicyError(
                f"{where}.regex {regex!r} repeats a repeat (as (a+)+ does), which backtracks for ever on some "
                "text and would stall the capture; make the inner repeat possessive (a++) or atomic ((?>a+))"
            )
        out.append((kind, rx))
    return tuple(out)


_REPEATS = (_constants.MAX_REPEAT, _constants.MIN_REPEAT)
_ZERO_WIDTH = (_constants.AT, _constants.ASSERT, _constants.ASSERT_NOT)


def _parts(av: Any) -> list[list[Any]]:
    """The sub-patterns' items of an item's argument (a group's, a branch's alternatives, an assertion's)."""
    out = []
    for part in av if isinstance(av, tuple | list) else (av,):
        for sub in part if isinstance(part, list) else (part,):
            if isinstance(sub, _parser.SubPattern):
                out.append(sub.data)
    return out


def _nullable(items: list[Any]) -> bool:
    """The items can match nothing."""
    for op, av in items:
        if op in _REPEATS or op is _constants.POSSESSIVE_REPEAT:
            if av[0] and not _nullable(av[2].data):
                return False
        elif op is _constants.BRANCH:
            if not any(_nullable(alt.data) for alt in av[1]):
                return False
        elif op is _constants.SUBPATTERN:
            if not _nullable(av[3].data):
                return False
        elif op not in _ZERO_WIDTH:
            return False
    return True


def _loose(items: list[Any]) -> bool:
    """The items hold a backtracking repeat of varying count and nothing else that must match: two rounds
    of a repeat around them can share one run of text in many ways."""
    found = False
    for op, av in items:
        if (
            (op in _REPEATS and av[0] != av[1])
            or (op is _constants.SUBPATTERN and _loose(av[3].data))
            or (op is _constants.BRANCH and any(_loose(alt.data) for alt in av[1]))
        ):
            found = True
        elif not _nullable([(op, av)]):
            return False
    return found


def _nested_repeat(items: list[Any]) -> bool:
    """A repeat around a repeat with nothing that must match between them (``(a+)+``, ``(\\w+\\s?)*``): Python's
    re tries every split of a run between the two, exponential in its length where the rest then fails
    (40 'a' before a '!' held a redaction for minutes). ``(-\\d+)*`` is safe: each round starts at a '-'.
    A possessive repeat or an atomic group gives no split back. Why a refusal, not a time limit: re has
    none, and a rule stopped half way would leave its matches unredacted."""
    for op, av in items:
        if op in _REPEATS and av[0] != av[1] and av[1] > 1 and _loose(av[2].data):
            return True
        if any(_nested_repeat(sub) for sub in _parts(av)):
            return True
    return False


def load_policy(path: str | Path) -> Policy:
    """Read and check a policy file; PolicyError (exit 2) names the file, the key and the fix."""
    path = Path(path)
    try:
        data = loads_toml(path.read_text("utf-8"))
    except FileNotFoundError:
        raise PolicyError(f"{path}: no such policy file; check the path") from None
    except (OSError, UnicodeDecodeError) as e:
        raise PolicyError(f"{path}: cannot read policy file ({e})") from None
    except tomllib.TOMLDecodeError as e:
        raise PolicyError(f"{path}: not valid TOML ({e})") from None
    unknown = set(data) - _TOP
    if unknown:
        raise PolicyError(f"{path}: unknown key {sorted(unknown)[0]!r}; known keys: {', '.join(sorted(_TOP))}")
    disabled = _strings(path, "disable", data.get("disable", []))
    bad = [d for d in disabled if d not in DETECTORS]
    if bad:
        raise PolicyError(f"{path}: disable: unknown detector {bad[0]!r}; known: {', '.join(DETECTORS)}")
    regions = _strings(path, "phone_regions", data.get("phone_regions", list(DEFAULT_REGIONS)))
    bad = [r for r in regions if r not in phonenumbers.SUPPORTED_REGIONS]
    if bad:
        raise PolicyError(f"{path}: phone_regions: {bad[0]!r} is not a region code; use ISO codes like 'US', 'GB'")
    binary = data.get("binary", "drop")
    if binary not in ("drop", "hash", "keep"):
        raise PolicyError(f"{path}: binary must be 'drop', 'hash' or 'keep', got {binary!r}")
    redact_h, keep_h = _table(path, "headers", data.get("headers", {}))
    redact_k, keep_k = _table(path, "keys", data.get("keys", {}))
    return Policy(
        disabled=frozenset(disabled),
        phone_regions=tuple(regions),
        binary=binary,
        redact_headers=frozenset(h.lower() for h in redact_h),
        keep_headers=frozenset(h.lower() for h in keep_h),
        redact_keys=tuple(redact_k),
        keep_keys=tuple(keep_k),
        rules=_rules(path, data.get("rules", [])),
    )
