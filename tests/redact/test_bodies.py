"""Body rules on bodies nested as deep as a JSON parser takes them (``replay.redact.bodies``, and the frame
limit ``replay.redact.DEEP_ENOUGH``): each was an exception, the exchange dropped by a capture and ``redact``
and ``scan`` ended in a traceback."""

from __future__ import annotations

import pytest

from replay.exchange.format import Body, Exchange, Request, Timings
from replay.redact import Redactor

_DEEP = 1000  # orjson reads 1024 levels; the stream rule walked them one frame a level, past Python's 1000
_EMAIL = '"mail jane.doe@example.com"'


@pytest.mark.parametrize(
    ("ctype", "text"),
    [
        ("text/event-stream", "data: " + "[" * _DEEP + _EMAIL + "]" * _DEEP + "\n\n"),
        ("application/x-ndjson", '{"a":' * _DEEP + _EMAIL + "}" * _DEEP + "\n"),
        # a \\u escape in a string has the body walked, and orjson writes no more than 254 levels back
        ("application/json", "[" * 300 + '"Stra\\\\u00dfe 1, jane.doe@example.com"' + "]" * 300),
    ],
    ids=["sse", "ndjson", "json"],
)
def test_a_body_nested_as_deep_as_json_goes_is_redacted(r: Redactor, ctype: str, text: str) -> None:
    body = Body(text, "utf8", len(text))
    ex = r.redact(Exchange("e1", Request("POST", "http://h/x", [("content-type", ctype)], body), Timings(0.0)))
    assert ex.request.body is not None and "jane.doe" not in ex.request.body.text
    assert ex.redactions["email"] == 1
