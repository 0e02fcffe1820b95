"""Decode before detecting, re-encode after replacing.

A ``View`` is a string with its escapes decoded (JSON ``\\uXXXX`` and ``\\n``, percent-encoding (UTF-8 too),
HTML entities, ``+`` for space in forms) and a map from decoded positions back to the
original, so a hit found in the decoded text replaces exactly the escaped span, and the
pseudonym is written in the same escaping. ``\\\\`` and ``\\"`` stay as they are, so nested
JSON keeps its quoting levels; ``\\u0022`` and ``\\u005c`` (.NET's ``System.Text.Json`` writes every quote so) read
as those two characters, as the same string written by another client is read.

A text that is not ASCII has its other scripts' digits (Arabic-Indic, Persian, Devanagari, Bengali, Thai, ...) and
fullwidth forms (a Japanese form's ``０８０－４４１７``) read as ASCII in the view, one character for one: every
detector reads ``[0-9]`` and ``-``, and natives write their phone numbers and ids in their own digits. The
pseudonym is written back in the span's own digits and width.
"""

from __future__ import annotations

import html
import json
import unicodedata
from array import array
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple
from urllib.parse import quote

from replay.redact.pseudonym import GENERIC

__all__ = ["View", "decode_view", "encode_like"]

import re

_ESC = re.compile(
    r"\\\\|\\u([dD][89abAB][0-9a-fA-F]{2})\\u([dD][c-fC-F][0-9a-fA-F]{2})|\\u([0-9a-fA-F]{4})|\\([nrt/])"
    r"|%([0-7][0-9A-Fa-f])|&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
    r"|((?:%[cC][2-9a-fA-F]|%[dD][0-9a-fA-F])%[89abAB][0-9a-fA-F]|%[eE][0-9a-fA-F](?:%[89abAB][0-9a-fA-F]){2}"
    r"|%[fF][0-4](?:%[89abAB][0-9a-fA-F]){3})"
)
_PLUS_ESC = re.compile(_ESC.pattern + r"|\+")


# The fullwidth forms a number is written in besides its digits (``〒１５４－０００１``, ``（０３）``); not a
# sentence's fullwidth comma or colon, which tell a CJK writer's text (``written`` reads an author list in a text
# that is not ASCII).
_WIDE = "+-()./#"


def _folded() -> dict[str, str]:
    """Each non-ASCII decimal digit of the living scripts (the blocks up to Ol Chiki's, Vai to Meetei Mayek, and the
    fullwidth ones: looked up there only, a tenth of the import's cost of the whole plane) to its ASCII digit, and
    the fullwidth forms of a number's signs to ASCII."""
    fold = {
        ch: str(d)
        for c in (*range(0x80, 0x1C60), *range(0xA620, 0xAC00), *range(0xFF10, 0xFF1A))
        if (d := unicodedata.decimal(ch := chr(c), None)) is not None
    }
    fold.update({chr(ord(c) + 0xFEE0): c for c in _WIDE})
    return fold


_FOLD = _folded()
_FOLD_CLASS = "[" + "".join(re.escape(ch) for ch in _FOLD) + "]"
_UNFOLD_WIDE = {ord(c): ord(c) + 0xFEE0 for c in "0123456789" + _WIDE}
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
    if (folded := _FOLD.get(c0)) is not None:
        return folded
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
        if ch in '"\\':  # .NET's encoder writes a quote "\u0022": read as the ``\\"`` a raw string holds
            return "\\" + ch
        return None if 0xD800 <= ord(ch) <= 0xDFFF else _FOLD.get(ch, ch)
    return _SIMPLE[m.group(4)]


class _Folding(NamedTuple):
    chars: re.Pattern[str]  # ``_FOLD``'s characters
    esc: re.Pattern[str]  # ``_ESC``'s escapes or them
    plus_esc: re.Pattern[str]  # ``_PLUS_ESC``'s or them


@cache
def _folding() -> _Folding:
    """The patterns that find the characters a view folds, compiled at the first text past ASCII (their class of
    ~500 characters took ~5 ms to compile, thrice, at every redacting process's start)."""
    return _Folding(*(re.compile(p + _FOLD_CLASS) for p in ("", _ESC.pattern + "|", _PLUS_ESC.pattern + "|")))


def _folds_in(text: str) -> _Folding | None:
    """The folding patterns, when ``text`` (past ASCII) holds a character to fold."""
    folds = _folding()
    return folds if folds.chars.search(text) is not None else None


def decode_view(text: str, plus: bool = False) -> View | None:
    """The decoded view of ``text``, or None when it has nothing to decode."""
    folds = None if text.isascii() else _folds_in(text)
    if folds is None and "\\" not in text and "%" not in text and "&" not in text and not (plus and "+" in text):
        return None
    pieces: list[str] = []
    done: list[str] = []  # ``pieces`` joined a batch at a time, not millions of small strings held to the end
    starts, orig, olen = array("q"), array("q"), array("q")
    pos = 0
    dpos = 0
    pattern = (folds.plus_esc if plus else folds.esc) if folds is not None else _PLUS_ESC if plus else _ESC
    for m in pattern.finditer(text):
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
        if len(ch) == 2:  # an escaped quote or backslash: its second character maps to the escape's start too
            starts.append(dpos)
            orig.append(a)
            olen.append(b - a)
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
    """``replacement`` escaped the way the original ``span`` was, in its digits and width."""
    if not span.isascii() and not replacement.startswith(GENERIC):
        replacement = _unfold(span, replacement)
    if "\\" in span:
        return json.dumps(replacement, ensure_ascii=False)[1:-1]
    if "%" in span or (plus and "+" in span):
        return quote(replacement, safe="-._~")
    if "&" in span:
        return html.escape(replacement, quote=False)
    return replacement


def _unfold(span: str, replacement: str) -> str:
    """``replacement``'s ASCII digits in the other script's digits ``span`` was written in; its digits and signs in
    fullwidth forms when ``span`` was written in them."""
    for ch in span:
        if "\uff01" <= ch <= "\uff5e" and ch in _FOLD:
            return replacement.translate(_UNFOLD_WIDE)
        if ch in _FOLD and ch.isdecimal():
            zero = ord(ch) - unicodedata.decimal(ch)
            return replacement.translate({0x30 + d: zero + d for d in range(10)})
    return replacement
