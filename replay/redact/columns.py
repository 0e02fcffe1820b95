"""A table written as JSON, its column names apart from its cells: a query's result handed to a model or sent back
by a data API (``{"columns": ["first", "last", "dob"], "rows": [["Jane", "Whitfield", "1984-03-12"]]}``, pandas'
``orient="split"``, Databricks' ``manifest.schema.columns`` beside ``result.data_array``, a spreadsheet's
``"values"`` whose first row names the columns). A cell's name is its column's, which the field rules never see
beside it: each table's rows are read as records (``[{"first": "Jane", "last": "Whitfield", …}]``) by the text pass,
so a cell is redacted as the field it is (a name by its pair, a birth date, a password), and written back in place.

The tables of a JSON body are found in one walk, JSON in a string (a tool's result) included; a body with none of
the keys a table is written under is not parsed.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import orjson

from replay.redact.jsonwalk import rewrite
from replay.redact.textpass import TextPass

__all__ = ["Columns"]

_HEADER_KEYS = ("columns", "column_names", "columnNames", "fields", "headers", "header", "cols")
_ROW_KEYS = ("rows", "data", "data_array", "dataArray", "values", "records")
# The keys' starts after their opening quote: each a prefix of several keys ("col": columns, column_names, cols),
# and a plain key's ("rows") as well as an escaped one's (\"rows\"). Every JSON body is searched for them: one
# regex for the rows' keys and one for the header's, each a scan from quote to quote in C; a ``in`` test a key
# was a full scan each (quotes everywhere in JSON make it slow): 3.6 us a 2 KB chat body, where the two take 1.0.
_BODIES = re.compile(r'"(?:rows|data|values|records)')
_HEADS = re.compile(r'"(?:col|field|header|values|itemData)')
_LABELS = ("name", "label", "field", "title", "key", "id")  # a column described by an object: {"name": "email", …}
_WIDE = 200  # columns; a wider table is no record anyone sends


def _hinted(text: str) -> bool:
    """``text`` holds a key a table's rows are written under, and one its header is (``values`` is both), or
    CDISC Dataset-JSON 1.0's ``itemData`` (under ``items``, beside its ``"records"`` count)."""
    return _BODIES.search(text) is not None and _HEADS.search(text) is not None


def _names(header: Any) -> list[str] | None:
    """A header's column names, distinct, or None when ``header`` is not one."""
    if not isinstance(header, list) or not 1 < len(header) <= _WIDE:
        return None
    names = []
    for col in header:
        if isinstance(col, dict):
            col = next((col[k] for k in _LABELS if isinstance(col.get(k), str)), None)
        if not isinstance(col, str) or not col:
            return None
        names.append(col)
    return names if len(set(names)) == len(names) else None


def _rows(rows: Any, width: int) -> list[list[Any]] | None:
    """``rows`` when it is a list of rows of ``width`` cells."""
    if isinstance(rows, list) and rows and all(isinstance(r, list) and len(r) == width for r in rows):
        return rows
    return None


def _table(node: dict[str, Any]) -> tuple[list[str], list[list[Any]]] | None:
    """The (column names, rows) of a table ``node`` holds at its own level: a header under one key and the rows under
    another, either perhaps an object or two down (``schema.fields``, ``manifest.schema.columns``,
    ``result.data_array``); or a spreadsheet's ``values`` whose first row is all names."""
    for header in _around(node, _HEADER_KEYS):
        names = _names(header)
        if names is None:
            continue
        for rows in _around(node, _ROW_KEYS):
            if (got := _rows(rows, len(names))) is not None:
                return names, got
    # CDISC Dataset-JSON 1.0: an item group's "items" ({"OID": "IT.BRTHDTC", "name": "BRTHDTC"}) name its
    # "itemData" rows' cells; "items" alone is any list's key, so only beside "itemData"
    items = _names(node.get("items")) if "itemData" in node else None
    if items is not None and (rows := _rows(node["itemData"], len(items))) is not None:
        return items, rows
    values = node.get("values")
    if not isinstance(values, list) or len(values) < 2 or (names := _names(values[0])) is None:
        return None
    rows = _rows(values[1:], len(names)) if all(isinstance(c, str) for c in values[0]) else None
    return None if rows is None else (names, rows)


def _around(node: dict[str, Any], keys: tuple[str, ...]) -> list[Any]:
    """The values of ``keys`` in ``node``, in an object it holds, and in one that holds (``manifest.schema``)."""
    out = [node[k] for k in keys if k in node]
    for child in node.values():
        if isinstance(child, dict):
            out.extend(child[k] for k in keys if k in child)
            for grandchild in child.values():
                if isinstance(grandchild, dict):
                    out.extend(grandchild[k] for k in keys if k in grandchild)
    return out


class Columns:
    """Redacts the cells of a JSON body's tables as the fields their columns name."""

    def __init__(self, tp: TextPass):
        self._tp = tp

    def text(self, text: str, counts: Counter[str]) -> str:
        """``text`` (a JSON body) with its tables' cells redacted by their columns' names (dumped again when one
        was)."""
        return rewrite(text, _hinted, lambda node: (table := _table(node)) is not None and self._cells(*table, counts))

    def _cells(self, names: list[str], rows: list[list[Any]], counts: Counter[str]) -> bool:
        """Each row read as a record of ``names``; a cell the text pass changed written back. Whether one was."""
        probe = orjson.dumps([dict(zip(names, row, strict=True)) for row in rows]).decode()
        done = self._tp.text(probe, counts)
        if done == probe:
            return False
        for row, record in zip(rows, orjson.loads(done), strict=True):
            for i, name in enumerate(names):
                row[i] = record[name]
        return True
