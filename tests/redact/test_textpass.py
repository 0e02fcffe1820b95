"""One text through the detectors (``replay.redact.textpass``): a base64 run holding text is decoded, redacted by
what it holds and re-encoded the same way."""

from __future__ import annotations

import base64
import json
from urllib.parse import urlencode

from replay.redact import Redactor


def _inner(out: str, key: str) -> str:
    return base64.b64decode(json.loads(out)[key]).decode()


def test_a_form_in_base64_is_read_as_a_form(r: Redactor) -> None:
    """An API gateway's event of a posted form: {"body": base64 of the form, "isBase64Encoded": true}."""
    form = urlencode({"first_name": "Ottilie", "phone": "+49 30 9018 2245", "message": "Please call me back"})
    body = json.dumps({"body": base64.b64encode(form.encode()).decode(), "isBase64Encoded": True})
    inner = _inner(r.text(body)[0], "body")
    assert "9018" not in inner and "Ottilie" not in inner and "message=Please+call+me+back" in inner, inner


def test_json_in_base64_is_read_by_its_keys(r: Redactor) -> None:
    """A Pub/Sub push's message.data, a Kinesis record's Data: base64 of JSON, its field names read."""
    payload = {"event": "user.created", "password": "Tr0ub4dor&3xx", "full_name": "Maya Lindqvist"}
    data = base64.b64encode(json.dumps(payload).encode()).decode()
    body = json.dumps({"data": data, "messageId": "2070443601311540"})
    out = r.text(body)[0]
    inner = json.loads(_inner(out, "data"))
    assert inner["event"] == "user.created" and "Tr0ub4dor" not in inner["password"], inner
    assert "Lindqvist" not in inner["full_name"] and json.loads(out)["messageId"] == "2070443601311540", out
