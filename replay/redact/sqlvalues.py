"""A SQL statement's values under their columns' names, in a query log: an ``INSERT``'s column list and its rows
(``INSERT INTO customers (first_name, last_name) VALUES ('Leopoldine', 'Castellano')``), the binds an ORM logs
after its statement (Rails': ``... VALUES ($1, $2)  [["first_name", "Leopoldine"], ["last_name", "Castellano"]]``),
and a ``pg_dump``'s ``COPY customers (first_name, dob) FROM stdin;`` and its tab-separated rows up to ``\\.``.

``col = 'value'`` (an ``UPDATE``'s ``SET``, a ``WHERE``) is the field rules' already; here a value stands apart from its
name, and alone "Leopoldine" is a word. Each value goes through the whole pass as the value of its column
(``{"first_name": "Leopoldine"}``), as a form's fields do (``pairs``), so every kind keeps its own rules and
pseudonym; what the pass finds inside a value is that value's hit.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import orjson

from replay.redact.hits import Hit

__all__ = ["SQL_CUES", "SqlValues"]

SQL_CUES = ("insert into", '[["', ") from stdin;")
# A dump's rows start on the line after VALUES and each on its own line (mysqldump --extended-insert, pg_dump
# --inserts pretty-printed): line breaks, raw or a JSON string's escaped ones, are spaces between them.
_SPACE = r"(?:[ \t\r\n]|\\[rn])*"
_INSERT = re.compile(
    rf"insert[ \t]+into[ \t]+[\w.\"`\[\]]{{1,128}}[ \t]*\(([^()]{{1,2000}})\){_SPACE}values{_SPACE}", re.I
)
# A row's literals: a quoted string ('' inside it is a quote), or a bare token (a number, NULL, $1, a function's name)
_LITERAL = re.compile(r"[ \t\r\n]*(?:'((?:[^'\\]|'')*)'|[^,()' \t\r\n]+(?:\([^()]*\))?)[ \t\r\n]*([,)])")
_ROWS_NEXT = re.compile(rf"{_SPACE},{_SPACE}\(")
_COLUMN = re.compile(r"[ \t\r\n]*[\"`\[]?([\w]{1,64})[\"`\]]?[ \t\r\n]*\Z")
# An ORM's bind: ["column", "value"] (a number or null is no one's text), up to the list's end
_BIND = re.compile(r'\[[ \t]*"(\w{1,64})",[ \t]*"((?:[^"\\]|\\.){0,2000})"[ \t]*\]')
_BIND_SEP = re.compile(r"[ \t]*,[ \t]*")
# A statement on the bind list's line, its placeholders numbered or not
_STATEMENT = re.compile(r"\b(?:INSERT|UPDATE|SELECT|DELETE)\b.*(?:\$\d|\?)", re.I)
_STATEMENT_REACH = 2000  # how far before the binds their statement is looked for (a body may be one long line)
_ROWS = 1000  # an INSERT's or a COPY's rows read at most
# A COPY's table and column list, ending at the cue's ")" (read back over the line before it)
_COPY = re.compile(r"copy[ \t]+[\w.\"]{1,128}[ \t]*\(([^()]{1,2000})\)\Z", re.I)
# A COPY's lines and its fields: broken by line breaks and tabs, raw or a JSON string's escaped ones
_LINE_BREAK = re.compile(r"\r?\n|(?:\\r)?\\n")
_TAB = re.compile(r"\t|\\t")
_COPY_END = frozenset({"\\.", "\\\\."})  # the data's end: "\." on a line of its own, in a JSON string "\\."
_COPY_NULL = frozenset({"\\N", "\\\\N"})


def _columns(listed: str) -> list[str] | None:
    """The names of a statement's column list (``first_name, "last_name"``), or None when one is no name."""
    columns = [_COLUMN.match(c) for c in listed.split(",")]
    return None if any(c is None for c in columns) else [c.group(1) for c in columns if c is not None]


class SqlValues:
    """Hits in the values of an ``INSERT``'s rows and of an ORM's binds, each read under its column's name by
    ``find`` (the detectors' whole pass)."""

    def __init__(self, find: Callable[[str], list[Hit]]):
        self._find = find

    def at(self, text: str, low: str, s: int, e: int, hits: list[Hit]) -> None:
        if low[s] == "i":
            self._insert(text, s, hits)
        elif low[s] == ")":
            self._copy(text, s, e, hits)
        else:
            self._binds(text, s, hits)

    def _insert(self, text: str, s: int, hits: list[Hit]) -> None:
        m = _INSERT.match(text, s)
        if m is None or text[m.end() : m.end() + 1] != "(" or (names := _columns(m.group(1))) is None:
            return
        rows: list[list[tuple[str, int, int]]] = []
        pos = m.end() + 1
        for _ in range(_ROWS):
            row: list[tuple[str, int, int]] = []
            for i in range(len(names)):
                lit = _LITERAL.match(text, pos)
                if lit is None:  # a row cut off (a quote of the dump stops mid-row): its values so far are read
                    return self._read(text, [*rows, row], hits)
                pos = lit.end()
                if lit.group(1) is not None and "''" not in lit.group(1):
                    row.append((names[i], lit.start(1), lit.end(1)))
                if lit.group(2) == ")":
                    break
            rows.append(row)
            nxt = _ROWS_NEXT.match(text, pos)
            if nxt is None or text[pos - 1] != ")":
                break
            pos = nxt.end()
        self._read(text, rows, hits)

    def _copy(self, text: str, s: int, e: int, hits: list[Hit]) -> None:
        m = _COPY.search(text, max(0, s - 2200), s + 1)
        brk = _LINE_BREAK.match(text, e)
        if m is None or brk is None or (names := _columns(m.group(1))) is None:
            return
        rows: list[list[tuple[str, int, int]]] = []
        pos = brk.end()
        for _ in range(_ROWS):
            nxt = _LINE_BREAK.search(text, pos)
            end = nxt.start() if nxt else len(text)
            if text[pos:end] in _COPY_END or pos >= end:
                break
            row, a = [], pos
            for name in names:
                tab = _TAB.search(text, a, end)
                b = tab.start() if tab else end
                if b > a and text[a:b] not in _COPY_NULL:
                    row.append((name, a, b))
                if tab is None:
                    break
                a = tab.end()
            rows.append(row)
            if nxt is None:
                break
            pos = nxt.end()
        self._read(text, rows, hits)

    def _binds(self, text: str, s: int, hits: list[Hit]) -> None:
        line = max(text.rfind("\n", 0, s) + 1, s - _STATEMENT_REACH)
        if _STATEMENT.search(text, line, s) is None:
            return  # a list of lists in a JSON body: no statement before it
        row: list[tuple[str, int, int]] = []
        pos = s + 1
        while (m := _BIND.match(text, pos)) is not None:
            if "\\" not in m.group(2):
                row.append((m.group(1), m.start(2), m.end(2)))
            sep = _BIND_SEP.match(text, m.end())
            if sep is None or text[sep.end() : sep.end() + 1] != "[" or text[m.end() : sep.end()].strip() != ",":
                break
            pos = sep.end()
        self._read(text, [row], hits)

    def _read(self, text: str, rows: list[list[tuple[str, int, int]]], hits: list[Hit]) -> None:
        """Each row as an object of its columns' values in one JSON probe (``[{"col": "value", …}, …]``: a value's
        neighbours say what it is, as in a body), the hits inside a value moved back to where it stands."""
        parts, spans, size = ["["], [], 1
        for row in rows:
            opened = False
            for col, a, b in row:
                value = text[a:b]
                if orjson.dumps(value).decode() != f'"{value}"':
                    continue  # a quote, a backslash or a control character: the probe's offsets would not be the text's
                head = ("{" if not opened else ", ") + orjson.dumps(col).decode() + ': "'
                if not opened and size > 1:
                    head = ", " + head
                opened = True
                spans.append((size + len(head), size + len(head) + len(value), a))
                parts += (head, value, '"')
                size += len(head) + len(value) + 1
            if opened:
                parts.append("}")
                size += 1
        if not spans:
            return
        probe = "".join(parts) + "]"
        for h in self._find(probe):
            for lo, hi, a in spans:
                if lo <= h.start and h.end <= hi:
                    hits.append(Hit(a + h.start - lo, a + h.end - lo, h.kind, h.rep, h.prio))
                    break
