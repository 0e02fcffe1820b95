"""A table written as JSON, its column names apart from its cells: each cell redacted as the field its column
names, in the shapes data APIs and query tools send; a table with nothing to redact left byte for byte."""

from __future__ import annotations

import json
from typing import Any

import pytest

from replay.exchange.format import Body, Exchange, Request, Timings
from replay.redact import Redactor

PANDAS_SPLIT = {  # DataFrame.to_json(orient="split")
    "columns": ["first_name", "last_name", "ssn", "amount"],
    "index": [0, 1],
    "data": [["Jane", "Whitfield", "078-05-1120", 10.5], ["Tom", "Okafor", "219-09-9999", 3]],
}
DATABRICKS = {  # the SQL Statement Execution API's answer
    "statement_id": "01ef",
    "manifest": {
        "schema": {"columns": [{"name": "customer", "position": 0}, {"name": "date_of_birth"}, {"name": "password"}]}
    },
    "result": {"data_array": [["Jane Whitfield", "1984-03-12", "Hunter2Pass!"]]},
}
DATASET_JSON = {  # CDISC Dataset-JSON 1.0: an item group's rows under "itemData", their columns under "items"
    "clinicalData": {
        "studyOID": "ST.1",
        "itemGroupData": {
            "IG.DM": {
                "records": 1,
                "name": "DM",
                "items": [{"OID": "IT.USUBJID", "name": "USUBJID"}, {"OID": "IT.BRTHDTC", "name": "BRTHDTC"}],
                "itemData": [["ST-1-0117", "1958-10-27"]],
            }
        },
    }
}
SHEETS = {"range": "A1:B3", "values": [["Given", "Family"], ["Jane", "Whitfield"], ["Tom", "Okafor"]]}
TOOL = {  # a query tool's result handed back to the model, as JSON in the message's string
    "messages": [
        {
            "role": "tool",
            "tool_call_id": "call_1",
            "content": json.dumps({"fields": ["given", "family"], "rows": [["Jane", "Whitfield"]]}),
        }
    ]
}


def _body(r: Redactor, doc: Any) -> tuple[str, dict[str, int]]:
    text = json.dumps(doc)
    req = Request(
        "POST", "https://api.example.com/q", [("content-type", "application/json")], Body(text, "utf8", len(text))
    )
    ex = r.redact(Exchange("e1", req, Timings(0.0)))
    assert ex.request.body is not None
    return ex.request.body.text, ex.redactions


@pytest.mark.parametrize(
    ("doc", "secrets"),
    [
        (PANDAS_SPLIT, ["Whitfield", "Okafor", "078-05-1120"]),
        (DATABRICKS, ["Whitfield", "1984-03-12", "Hunter2Pass!"]),
        (SHEETS, ["Whitfield", "Okafor"]),
        (DATASET_JSON, ["1958-10-27"]),
        (TOOL, ["Whitfield"]),
    ],
)
def test_a_cell_is_redacted_as_the_field_its_column_names(r: Redactor, doc: Any, secrets: list[str]) -> None:
    out, found = _body(r, doc)
    assert not [s for s in secrets if s in out] and found, out
    assert json.loads(out).keys() == doc.keys()  # the table's shape kept


def test_a_table_with_nothing_to_redact_is_left_as_sent(r: Redactor) -> None:
    chart = {
        "columns": ["date", "revenue", "region"],
        "rows": [["2024-01-01", 1200, "EMEA"], ["2024-01-02", 900, "APAC"]],
    }
    text = json.dumps(chart)
    assert _body(r, chart) == (text, {})
