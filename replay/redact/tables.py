"""Tables inside a text: a CSV, TSV or markdown table pasted into a prompt or uploaded. Which column a
cell is in and what its header names (``column_key``, read by the digit pass), and the cells under a
header cell (``cells_under``, read by the field pass for names and addresses)."""

from __future__ import annotations

import re
from collections.abc import Iterator

__all__ = ["RULE_ROW", "cells_under", "column_key", "header_sep"]

_SEPS = "|\t,;"  # a row's separator, looked for in this order
RULE_ROW = re.compile(r"[\s|:\-+]*\|[\s|:\-+]*")  # a markdown table's |---|:---| row
_COLUMN_ROWS = 200
# A JSON string's opening quote after its key's colon or an array's bracket, and its closing quote in a row of a
# table that starts on a line of its own: one quote, the JSON around it
_STRING_START = re.compile(r'[:\[][ \t]*"(?=[^"]*\Z)')
_STRING_END = re.compile(r'\A[^"]*"[ \t]*[,}\]]')
_ROW_REACH = 8192  # the longest table row read (200 columns of 40 characters): a longer line is no row


def column_key(text: str, a: int) -> str | None:
    """The header of the column a table cell at ``a`` is in: a CSV, TSV or markdown table whose first
    row names its columns ("name,email,phone" over "Ana Lima,ana@x.pt,912 345 678"), looked for up to
    ``_COLUMN_LINES`` lines up."""
    start = text.rfind("\n", max(0, a - _ROW_REACH), a) + 1
    if start == 0:
        return None  # the first line, or a line too long for a row: each of its cells would read it whole
    # a table inside a JSON string ends at its quote, and starts after one
    reach = start + _ROW_REACH
    ends = [i for i in (text.find("\n", a, reach), text.find('"', a, reach)) if i >= 0]
    if not ends and len(text) > reach:
        return None
    end = min(ends, default=len(text))
    line = text[start:end]
    sep = next((c for c in _SEPS if c in line), None)
    if sep is None:
        return None
    cells = line.count(sep)
    col = text.count(sep, start, a)
    header = None
    hi = start - 1
    for _ in range(_COLUMN_LINES):
        lo = text.rfind("\n", 0, hi) + 1
        above = text[lo:hi].rstrip("\r")
        quote = above.rfind('"')
        above = above[quote + 1 :]
        if above.count(sep) != cells:
            break
        if not RULE_ROW.fullmatch(above):
            header = above
        if lo == 0 or quote >= 0:
            break
        hi = lo - 1
    if header is None:
        return None
    name = header.split(sep)[col].strip(" \t\"'")
    return name if 0 < len(name) <= 40 else None


_COLUMN_LINES = 24


def header_sep(text: str, q: int, r: int) -> str | None:
    """The separator of the table row that ``text[q:r]`` is a cell of, when it is one: a separator or
    the line's start on its left, a separator or the line's end on its right."""
    a, b = q, r
    while a > 0 and text[a - 1] in " \t":
        a -= 1
    while b < len(text) and text[b] in " \t\r":
        b += 1
    left, right = text[a - 1 : a], text[b : b + 1]
    if right in _SEPS and right and (left in ("", "\n", '"') or left == right):
        return right
    if left in _SEPS and left and right in ("", "\n"):
        return left
    return None


def cells_under(text: str, q: int, sep: str) -> Iterator[tuple[int, int]]:
    """The spans of the cells under the header cell at ``q`` (a first row such as
    ``first_name,last_name,email``), row by row, blanks left out; nothing when the row is a sentence."""
    lo = max(0, q - _ROW_REACH)
    start = text.rfind("\n", lo, q) + 1
    if start == 0 and lo > 0:
        return  # no row that long is a header: each of its cells would read it whole (quadratic in its length)
    quoted = '"' in text[start:q]  # a table inside a JSON string ends at its quote, and starts after one
    if quoted and (opening := _STRING_START.search(text, start, q)) is not None:
        start = opening.end()  # its header's first line: not the JSON before it ({"content": "name,email)
    end = text.find("\n", q, start + _ROW_REACH)
    if end < 0 and len(text) > start + _ROW_REACH:
        return
    end = len(text) if end < 0 else end
    header = text[start:end].rstrip("\r")
    cells = header.split(sep)
    if len(cells) < 2 or any(len(c.strip(" \t|\"'")) > 40 or len(c.split()) > 3 for c in cells):
        return  # a sentence with commas in it, not a header
    col = text.count(sep, start, q)
    pos = end + 1
    for _ in range(_COLUMN_ROWS):
        if pos >= len(text):
            break
        le = text.find("\n", pos)
        le = len(text) if le < 0 else le
        line = text[pos:le].rstrip("\r")
        if quoted or _STRING_END.search(line):
            line = line.partition('"')[0]  # the string's last row, before its closing quote
        if line.count(sep) != len(cells) - 1 or '"' in line:
            if RULE_ROW.fullmatch(line):
                pos = le + 1
                continue
            break
        cs = pos + sum(len(c) + 1 for c in line.split(sep)[:col])
        ce = text.find(sep, cs, le) if col < len(cells) - 1 else pos + len(line)
        if text[pos + len(line) : pos + len(line) + 1] == '"':
            le = len(text)  # the string's last row
        while cs < ce and text[cs] in " \t":
            cs += 1
        while ce > cs and text[ce - 1] in " \t":
            ce -= 1
        if ce > cs:
            yield cs, ce
        pos = le + 1
