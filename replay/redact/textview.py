"""Decode before detecting, re-encode after replacing.

A ``View`` is a string with its escapes decoded (JSON ``\\uXXXX`` and ``\\n``, percent-encoding (UTF-8 too),
HTML entities, ``+`` for space in forms) and a map from decoded positions back to the
original, so a hit found in the decoded text replaces exactly the escaped span, and the
pseudonym is written in the same escaping. ``\\\\`` and ``\\"`` stay as they are, so nested
JSON keeps its quoting levels.
"""

from __future__ import annotations

import html
import json
from array import array
from bisect import bisect_right
from dataclasses import dataclass
from urllib.parse import quote

__all__ = ["View", "decode_view", "encode_like"]

import re

_ESC = re.compile(
    r"\\\\|\\u([dD][89abAB][0-9a-fA-F]{2})\\u([dD][c-fC-F][0-9a-fA-F]{2})|\\u([0-9a-fA-F]{4})|\\([nrt/])"
    r"|%([0-7][0-9A-Fa-f])|&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
    r"|((?:%[cC][2-9a-fA-F]|%[dD][0-9a-fA-F])%[89abAB][0-9a-fA-F]|%[eE][0-9a-fA-F](?:%[89abAB][0-9a-fA-F]){2}"
    r"|%[fF][0-4](?:%[89abAB][0-9a-fA-F]){3})"
)
_PLUS_ESC = re.compile(_ESC.pattern + r"|\+")
_SIMPLE = {"n": "\n", "r": "\r", "t": "\t", "/": "/"}
_BATCH = 1 << 12


@dataclass(slots=True)
class View:
    """Decoded text; ``starts[i]``/``orig[i]``/``olen[i]`` locate the i-th decoded escape (arrays of 8-byte
    integers: a body of millions of escapes kept three lists of int objects, ~36 bytes an entry each)."""

    text: str
    starts: array[int]
    orig: array[int]
    olen: array[int]

    def to_orig(self, pos: int) -> int:
        i = bisect_right(self.starts, pos) - 1
        if i < 0:
            return pos
        if pos == self.starts[i]:
            return self.orig[i]
        return self.orig[i] + self.olen[i] + (pos - self.starts[i] - 1)


def _decode(m: re.Match[str]) -> str | None:
    tok = m.group(0)
    if tok == "+":
        return " "
    c0 = tok[0]
    if c0 == "%":
        if m.group(6):  # one UTF-8 character, percent-encoded byte by byte
            return bytes.fromhex(tok.replace("%", "")).decode("utf-8", "replace")
        return chr(int(m.group(5), 16))
    if c0 == "&":
        out = html.unescape(tok)
        return out if len(out) == 1 else None
    if tok == "\\\\":
        return None
    if m.group(1):
        return chr(0x10000 + ((int(m.group(1), 16) - 0xD800) << 10) + int(m.group(2), 16) - 0xDC00)
    if m.group(3):
        ch = chr(int(m.group(3), 16))
        return None if ch in '"\\' or 0xD800 <= ord(ch) <= 0xDFFF else ch
    return _SIMPLE[m.group(4)]


def decode_view(text: str, plus: bool = False) -> View | None:
    """The decoded view of ``text``, or None when it has nothing to decode."""
    if "\\" not in text and "%" not in text and "&" not in text and not (plus and "+" in text):
        return None
    pieces: list[str] = []
    done: list[str] = []  # ``pieces`` joined a batch at a time, not millions of small strings held to the end
    starts, orig, olen = array("q"), array("q"), array("q")
    pos = 0
    dpos = 0
    for m in (_PLUS_ESC if plus else _ESC).finditer(text):
        ch = _decode(m)
        if ch is None:
            continue
        a, b = m.span()
        pieces.append(text[pos:a])
        dpos += a - pos
        starts.append(dpos)
        orig.append(a)
        olen.append(b - a)
        pieces.append(ch)
        dpos += 1
        pos = b
        if len(pieces) >= _BATCH:
            done.append("".join(pieces))
            pieces.clear()
    if not starts:
        return None
    pieces.append(text[pos:])
    done.append("".join(pieces))
    return View("".join(done), starts, orig, olen)


def encode_like(span: str, replacement: str, plus: bool = False) -> str:
    """``replacement`` escaped the way the original ``span`` was."""
    if "\\" in span:
        return json.dumps(replacement, ensure_ascii=False)[1:-1]
    if "%" in span or (plus and "+" in span):
        return quote(replacement, safe="-._~")
    if "&" in span:
        return html.escape(replacement, quote=False)
    return replacement
