"""A scanned form's values as AWS Textract returns them (``replay.redact.textract``): a KEY_VALUE_SET's value words
under its key's words, a label's LINE's value on the next LINE; Google Document AI's form field's value under its
name."""

from __future__ import annotations

import json

from replay.exchange.format import Body, Exchange, Request, Response, Timings
from replay.redact import Redactor

_BOX = {"BoundingBox": {"Width": 0.1, "Height": 0.02, "Left": 0.1, "Top": 0.2}, "Polygon": [{"X": 0.1, "Y": 0.2}]}


def _word(i: str, text: str) -> dict:
    return {"BlockType": "WORD", "Confidence": 99.1, "Text": text, "TextType": "PRINTED", "Geometry": _BOX, "Id": i}


def _pair(n: int, key: list[str], value: list[str]) -> list[dict]:
    """A KEY block, its VALUE block and their WORD blocks, as AnalyzeDocument lists them."""
    kw = [_word(f"k{n}-{i}", w) for i, w in enumerate(key)]
    vw = [_word(f"v{n}-{i}", w) for i, w in enumerate(value)]
    rel = [{"Type": "VALUE", "Ids": [f"v{n}"]}, {"Type": "CHILD", "Ids": [w["Id"] for w in kw]}]
    return [
        {"BlockType": "KEY_VALUE_SET", "Confidence": 95.0, "Geometry": _BOX, "Id": f"k{n}", "Relationships": rel,
         "EntityTypes": ["KEY"]},
        {"BlockType": "KEY_VALUE_SET", "Confidence": 95.0, "Geometry": _BOX, "Id": f"v{n}",
         "Relationships": [{"Type": "CHILD", "Ids": [w["Id"] for w in vw]}], "EntityTypes": ["VALUE"]},
        *kw,
        *vw,
    ]  # fmt: skip


def _answer(r: Redactor, blocks: list[dict]) -> str:
    text = json.dumps({"DocumentMetadata": {"Pages": 1}, "Blocks": blocks})
    req = Request("POST", "https://textract.eu-west-1.amazonaws.com/", [("x-amz-target", "Textract.AnalyzeDocument")])
    resp = Response(200, [("content-type", "application/x-amz-json-1.1")], Body(text, "utf8", len(text)))
    got = r.redact(Exchange("e1", req, Timings(0.0), resp)).response
    assert got is not None and got.body is not None
    return got.body.text


def test_a_form_s_values_under_their_keys_words(r: Redactor) -> None:
    blocks = _pair(1, ["Name:"], ["Ermengarde", "Fairclough"]) + _pair(2, ["Date", "of", "Birth"], ["1961-07-04"])
    blocks += _pair(3, ["Employee's", "name"], ["Wendeline", "Marsh-Obi"]) + _pair(
        4, ["Invoice", "total"], ["1,240.00"]
    )
    out = _answer(r, blocks)
    for gone in ("Ermengarde", "Fairclough", "1961-07-04", "Wendeline", "Marsh-Obi"):
        assert gone not in out, out
    assert '"1,240.00"' in out and '"Invoice"' in out and '"Name:"' in out


def test_a_label_s_line_then_its_value_s_line(r: Redactor) -> None:
    lines = ["e Employee's first name and initial", "Marguerite L", "Last name", "Oyelowo", "1 Wages", "84210.55"]
    blocks = [{"BlockType": "LINE", "Text": t, "Geometry": _BOX, "Id": f"l{i}"} for i, t in enumerate(lines)]
    out = _answer(r, blocks)
    assert "Marguerite" not in out and "Oyelowo" not in out and '"84210.55"' in out and '"Last name"' in out, out


def _layout(content: str) -> dict:
    return {"textAnchor": {"textSegments": [{"startIndex": "0", "endIndex": str(len(content))}], "content": content}}


def test_a_document_ai_form_field_s_value_under_its_name(r: Redactor) -> None:
    # Google Document AI's form parser: one object a field, its name's and its value's contents; a content ends in
    # its line's break, and the document's text says it all again
    fields = [
        {"fieldName": _layout("Surname:"), "fieldValue": _layout("Pemberton-Yeo\n"), "valueType": ""},
        {"fieldName": _layout("Date of birth:"), "fieldValue": _layout("04/11/1958\n")},
        {"fieldName": _layout("Policy type:"), "fieldValue": _layout("Home contents\n")},
        {"fieldName": {"content": "Passport No"}, "fieldValue": {"content": "C01X00T47"}},  # a layout's own content
    ]
    text = json.dumps({"document": {"text": "Surname: Pemberton-Yeo\n", "pages": [{"formFields": fields}]}})
    req = Request("POST", "https://eu-documentai.googleapis.com/v1/projects/p/locations/eu/processors/x:process", [])
    resp = Response(200, [("content-type", "application/json")], Body(text, "utf8", len(text)))
    got = r.redact(Exchange("e1", req, Timings(0.0), resp)).response
    assert got is not None and got.body is not None
    out = got.body.text
    for gone in ("Pemberton-Yeo", "04/11/1958", "C01X00T47"):
        assert gone not in out, out
    assert '"Home contents\\n"' in out and '"Surname:"' in out and out.count('\\n"') == 4, out


def test_a_document_ai_entity_s_document_id_is_the_document_s_number(r: Redactor) -> None:
    # an identity document's parser names the licence's number "document_id": beside a "mentionText" it is no
    # database's id; alone, a key of its own, it is one and stays
    entities = [
        {"type": "document_id", "mentionText": "D1234567", "confidence": 0.95},
        {"type": "issue_state", "mentionText": "NY", "confidence": 0.9},
    ]
    out = r.text(json.dumps({"document": {"entities": entities}}))[0]
    assert "D1234567" not in out and '"NY"' in out, out
    assert (
        r.text('{"document_id": "D1234567", "type": "invoice"}')[0] == '{"document_id": "D1234567", "type": "invoice"}'
    )
