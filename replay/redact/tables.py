"""Tables inside a text: a CSV, TSV or markdown table pasted into a prompt or uploaded. Which column a
cell is in and what its header names (``column_key``, read by the digit pass), and the cells under a
header cell (``cells_under``, read by the field pass for names and addresses)."""

from __future__ import annotations

import re
import string
from collections.abc import Iterator

__all__ = ["RULE_ROW", "cells_under", "column_key", "header_cell", "header_sep", "row_cells"]

_SEPS = "|\t,;"  # a row's separator, looked for in this order
RULE_ROW = re.compile(r"[\s|:\-+]*\|[\s|:\-+]*")  # a markdown table's |---|:---| row
_COLUMN_ROWS = 200
_HEADER_CHARS = 1024  # the longest header line a table's cells are read under (a row: _ROW_REACH)
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
    # spaces pad a cell ("| Plate | Name |"); a tab is a TSV's separator, never a cell's padding
    while a > 0 and text[a - 1] == " ":
        a -= 1
    while b < len(text) and text[b] in " \r":
        b += 1
    left, right = text[a - 1 : a], text[b : b + 1]
    if right in _SEPS and right and (left in ("", "\n", '"') or left == right):
        return right
    if left in _SEPS and left and right in ("", "\n"):
        return left
    return None


def _cell_pattern(sep: str) -> re.Pattern[str]:
    """One cell of a row and the separator or end after it: a quoted cell ("Okafor, Chinedu", its quote
    escaped once inside a JSON string, a quote inside it doubled) or a cell with no quote in it."""
    s = re.escape(sep)
    return re.compile(rf'[ \t]*(?:(\\*")((?:\1\1|(?!\1)[^\n])*)\1[ \t]*|([^{s}"\n]*))(?:{s}|\Z)')


_CELL = {sep: _cell_pattern(sep) for sep in _SEPS}
_JSON_TEXT = re.compile(r"\s*[{\[]")  # a JSON body's view: a table in it is inside one of its strings
# A JSON string's end in a row: a quote after an even number of backslashes (none, or an escaped backslash's)
_UNESCAPED_QUOTE = re.compile(r'(?<!\\)(?:\\\\)*"')


def row_cells(line: str, sep: str) -> list[tuple[int, int]] | None:
    """The spans of a table row's cells in ``line``, a quoted cell's inside its quotes, the others without
    the spaces around them; None when a quote leaves the row unreadable (a sentence's quote, not a cell's)."""
    cell = _CELL[sep]
    spans: list[tuple[int, int]] = []
    pos, n = 0, len(line)
    while True:
        m = cell.match(line, pos)
        if m is None:
            return None
        if m.group(1) is not None:
            spans.append(m.span(2))
        else:
            cs, ce = m.span(3)
            while cs < ce and line[cs] in " \t":
                cs += 1
            while ce > cs and line[ce - 1] in " \t":
                ce -= 1
            spans.append((cs, ce))
        end = m.end()
        if end >= n and line[end - 1 : end] != sep:
            return spans
        if end >= n:
            spans.append((n, n))  # a row ending in its separator: an empty last cell
            return spans
        pos = end


_CELL_CHARS = string.ascii_letters + string.digits + "_- "  # ``_HEADER_CELL``'s words and the spaces between
_HEADER_CELL = re.compile(r"[ \t]*([A-Za-z][A-Za-z0-9_\-]*(?: [A-Za-z0-9_\-]+){1,3}) *")  # a tab after it: a TSV's


def header_cell(text: str, q: int, r: int) -> tuple[int, int] | None:
    """The span of the header cell of words that the field name ``text[q:r]`` is one of ("SIS User ID",
    "Date of Birth" in ``Student,ID,SIS User ID,...``): between separators or a line's ends, two to four
    words; None elsewhere (a sentence's words)."""
    lo = max(0, q - 40)
    # the cell starts after the last separator before it: what stands between is a cell's characters
    before = text[lo:q].rstrip(_CELL_CHARS)
    if before and before[-1] not in '|\t,;\n"':
        return None  # a character no cell of words holds ("an hour. Given the logs"): a sentence's words
    m = _HEADER_CELL.match(text, lo + len(before))
    if m is None or m.end(1) < r or (text[m.end() : m.end() + 1] not in _SEPS and m.end() < len(text)):
        return None
    return m.span(1)


def cells_under(text: str, q: int, sep: str) -> Iterator[tuple[int, int]]:
    """The spans of the cells under the header cell at ``q`` (a first row such as
    ``first_name,last_name,email``), row by row, blanks left out; nothing when the row is a sentence.
    A quoted cell ("Okafor, Chinedu", a gradebook's) is one cell, its span inside its quotes."""
    # A header line is read as far as _HEADER_CHARS around its cue: a longer one is no table's (and read at each
    # of its cues, a long line would cost its square)
    lo = max(0, q - _HEADER_CHARS)
    start = text.rfind("\n", lo, q) + 1 or lo
    # a table inside a JSON string ends at its closing quote, and starts after its opening one
    opening = _STRING_START.search(text, start, q) if '"' in text[start:q] else None
    if opening is not None:
        start = opening.end()  # its header's first line: not the JSON before it ({"content": "name,email)
    elif start == lo and lo > 0:
        return
    in_json = opening is not None or _JSON_TEXT.match(text) is not None
    end = text.find("\n", q, q + _HEADER_CHARS)
    if end < 0:
        end = min(len(text), q + _HEADER_CHARS)
        if end < len(text) and not in_json:
            return
    header = text[start:end].rstrip("\r")
    if in_json and _UNESCAPED_QUOTE.search(header) is not None:
        return  # the string ends on its header's line: no rows
    if end - start > _HEADER_CHARS:
        return
    spans = row_cells(header, sep)
    if spans is None or len(spans) < 2:
        return
    cells = [header[a:b] for a, b in spans]
    if any(len(c.strip(" \t|\"'")) > 40 or len(c.split()) > 3 for c in cells):
        return  # a sentence with commas in it, not a header
    col = next((i for i, (a, b) in enumerate(spans) if start + b >= q), len(spans) - 1)
    pos = end + 1
    for _ in range(_COLUMN_ROWS):
        if pos >= len(text):
            break
        le = text.find("\n", pos, pos + _ROW_REACH + 1)
        if le < 0:
            if len(text) - pos > _ROW_REACH:
                break  # no row that long: and not searched to the text's end for each header cell
            le = len(text)
        line = text[pos:le].rstrip("\r")
        last = False
        if in_json and (close := _UNESCAPED_QUOTE.search(line)) is not None:
            line, last = line[: close.start()], True  # the string's last row, before its closing quote
        elif not in_json and _STRING_END.search(line):
            line, last = line.partition('"')[0], True  # a JSON string's last row in a text cut from its JSON
        if line == header:
            break  # the same header again: another table (one pasted after another, or a text repeated)
        row = row_cells(line, sep)
        if row is None or len(row) != len(spans):
            if RULE_ROW.fullmatch(line):
                pos = le + 1
                continue
            break
        cs, ce = row[col]
        if ce > cs:
            yield pos + cs, pos + ce
        if last:
            break
        pos = le + 1
