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

Unknown keys, wrong types, regexes that do not compile, regexes that repeat a repeat (``(a+)+``, whose
backtracking never ends on some text) or whose search time grows faster than the text (``\\w+\\w+$``, timed at
load), a header's or key's name over 256 characters, and a rule named as a built-in redaction (``email``) are
BadInput: one line, exit 2. A file with no key (empty, or comments only) is the defaults, and a warning says so.
"""

from __future__ import annotations

import re
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path
from re import _compiler, _constants, _parser  # the pattern's parse tree: no public API gives it
from typing import Any

import phonenumbers

from replay.config.loader import config_text, loads_toml
from replay.console import warn
from replay.errors import BadInput, os_reason
from replay.exchange.validate import TOKEN
from replay.redact.detectors import BUILT_IN_KINDS, DETECTORS
from replay.util.inputs import read_input

__all__ = ["DEFAULT_REGIONS", "Policy", "PolicyError", "load_policy"]

DEFAULT_REGIONS = ("US", "GB", "DE", "FR", "IN", "AU")
_TOP = {"disable", "phone_regions", "binary", "headers", "keys", "rules"}
_KIND = re.compile(r"[a-z][a-z0-9_]{0,39}")
MAX_NAME = 256  # characters of a header's or a key's name


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
        if long := next((n for n in names if len(n) > MAX_NAME), None):
            # each key is a cue of the redactor's automaton, built at start: one of 10,000 characters took 40 s
            raise PolicyError(
                f"{path}: {name}.{part}: {long[:20]!r}... is {len(long):,} characters long; a name is at most "
                f"{MAX_NAME} (no {'header' if name == 'headers' else 'field'} is so named)"
            )
        if name == "headers" and (odd := next((n for n in names if not TOKEN.fullmatch(n)), None)):
            # no header is so named (a space, a colon): the rule never applied, and nothing said so
            raise PolicyError(
                f"{path}: headers.{part}: {odd!r} is not a header name; give names such as 'x-internal-user'"
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
        # Refused at load, not renamed: a count named other than the rule's kind would be a surprise in every
        # record's redactions.
        if kind in BUILT_IN_KINDS:
            raise PolicyError(
                f"{where}.kind {kind!r} is a built-in redaction's name, whose count it would join; "
                f"name the rule's own finds, e.g. 'custom_{kind}'"
            )
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
        if slow := _slow(rx):
            size, sample, seconds = slow
            raise PolicyError(
                f"{where}.regex {regex!r} took {seconds:.2f} s to search {size:,} characters ({sample!r}), time that "
                "grows faster than the text, and would stall the capture on a long body; bound its repeats "
                "(\\w{1,64}), start it at \\b or a literal, and keep repeats of the same characters apart"
            )
        out.append((kind, rx))
    return tuple(out)


# A search of a rule over a text ten thousand characters long takes well under a millisecond where its time
# grows with the text's length; 25 ms is the bound, a hundred times that, in this thread's CPU time (a wall
# clock would count the time a busy machine gave other processes, and refuse a fast rule). The lengths tried
# grow by 2 up to 32 (an exponential rule's time doubles per character: the one that crosses the bound takes
# under 0.1 s) and then by half up to 21,000 (a cubic one's grows 3.4x a step).
_SLOW = 0.025
_SIZES = (*range(2, 33, 2), *(int(32 * 1.5**k) for k in range(1, 17)))
# The characters a class in a rule is stood for by: the first of these it holds
_ALPHABET = "a0A_ -.=@:/,;x\tZ9\u00e9\u4e2d\u0663\x00"
_ENDS = ("", "\x00")  # a text that ends in the run, and one whose last character nothing in the rule may match


def _slow(rx: re.Pattern[str]) -> tuple[int, str, float] | None:
    """The first text length, its sample and the seconds a search took, where a search of ``rx`` over a text
    made of the rule's own characters took over _SLOW: one character of each of its classes repeated, and
    the rule's own text with each of its repeats pumped, each alone and before a character that ends a
    match. Why timed, not read off the pattern: slow shapes are many (``\\w+\\w+$``, ``(a|a)*x``,
    ``.*.*=``, ``\\w+@\\w+`` on a run of letters), and a time says which are slow in this re, on the
    kind of text a capture meets (a base64 body is one run of word characters 1 MB long)."""
    tree = _parser.parse(rx.pattern, rx.flags)
    chars = list(dict.fromkeys(_members(tree.data, tree.state)))[:8]
    for size in _SIZES:
        texts = [c * size for c in chars] + [_pumped(tree.data, tree.state, size)[: 4 * size]]
        for text in texts:
            for end in _ENDS:
                start = time.thread_time()
                rx.search(text + end)
                if (seconds := time.thread_time() - start) > _SLOW:
                    return size, f"{text[:8]}...{end}" if len(text) > 8 else text + end, seconds
    return None


def _member(op: Any, av: Any, state: Any) -> str:
    """A character the one-character item (op, av) matches: of _ALPHABET, else a class's own first one
    (``[\\u0400-\\u04ff]``), else ''."""
    if op is _constants.LITERAL:
        return chr(av)
    one = _compiler.compile(_parser.SubPattern(state, [(op, av)]), state.flags)
    own = (
        [chr(a if kind is _constants.LITERAL else a[0]) for kind, a in av if kind in _BOUNDS]
        if op is _constants.IN
        else []
    )
    return next((c for c in (*_ALPHABET, *own) if one.fullmatch(c)), "")


def _members(items: list[Any], state: Any) -> list[str]:
    """A character of each one-character item in ``items``, at any depth."""
    out = []
    for op, av in items:
        if op in _ONE_CHAR:
            out.append(_member(op, av, state))
        for sub in _parts(av[-1] if op in _REPEATS or op is _constants.POSSESSIVE_REPEAT else av):
            out.extend(_members(sub, state))
    return [c for c in out if c]


def _pumped(items: list[Any], state: Any, size: int) -> str:
    """A text the items match, with each repeat of varying count taken ``size`` times (and what it repeats
    written once: rounds of rounds would make it size squared long); the first branch of each choice."""
    out = []
    for op, av in items:
        if op in _ONE_CHAR:
            out.append(_member(op, av, state))
        elif op in _REPEATS or op is _constants.POSSESSIVE_REPEAT:
            low, high, body = av
            out.append(_pumped(body.data, state, 1) * (low if low == high else min(max(low, size), high)))
        elif op is _constants.BRANCH:
            out.append(_pumped(av[1][0].data, state, size))
        elif op is _constants.SUBPATTERN:
            out.append(_pumped(av[3].data, state, size))
        elif op is _constants.ATOMIC_GROUP:
            out.append(_pumped(av.data, state, size))
    return "".join(out)


_REPEATS = (_constants.MAX_REPEAT, _constants.MIN_REPEAT)
_ONE_CHAR = (_constants.LITERAL, _constants.NOT_LITERAL, _constants.ANY, _constants.IN)
_BOUNDS = (_constants.LITERAL, _constants.RANGE)  # a class's own characters: one, or a range from its first
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


def load_policy(path: str | Path, tell_empty: bool = True) -> Policy:
    """Read and check a policy file; PolicyError (exit 2) names the file, the key and the fix. A file with no key
    (blank, or comments only) is the built-in redaction, as a policy adds to it: said on stderr (``tell_empty``; not by
    the capture's own processes, the command that started them has said it), as it was taken without a word."""
    path = Path(path)
    try:
        data = loads_toml(config_text(path, read_input(path), "policy file"))
    except FileNotFoundError:
        raise PolicyError(f"{path}: no such policy file; check the path") from None
    except OSError as e:  # Python's "[Errno 40] ...: 'PATH'" named the path twice
        raise PolicyError(f"{path}: cannot read policy file ({os_reason(e)})") from None
    except tomllib.TOMLDecodeError as e:
        raise PolicyError(f"{path}: not valid TOML ({e})") from None
    if not data and tell_empty:
        warn(f"{path}: holds no keys (empty, or only comments): the built-in redaction applies, as without --policy")
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
