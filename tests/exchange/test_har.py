"""The one HAR mapping: entries to exchanges and back, and redaction's editable view of an entry."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from replay.exchange.format import Body, Exchange, Request, Response, Timings
from replay.exchange.har import (
    NotHar,
    entry_to_exchange,
    entry_view,
    exchange_to_entry,
    har_document,
    parse_har,
    write_back,
)

ENTRY: dict[str, Any] = {
    "startedDateTime": "2026-11-20T10:00:00Z",
    "time": 120,
    "request": {
        "method": "POST",
        "url": "https://h/login?email=a%40b.c&n=1",
        "headers": [{"name": "content-type", "value": "application/json"}, ["x-pair", "slack writes these"]],
        "queryString": [{"name": "email", "value": "a@b.c"}, {"name": "n", "value": "1"}],
        "cookies": [{"name": "sid", "value": "s1"}, {"name": "t", "value": "t2"}],
        "postData": {"mimeType": "application/json", "text": '{"a": 1}'},
    },
    "response": {
        "status": 200,
        "headers": [{"name": "content-type", "value": "text/plain"}],
        "content": {"mimeType": "image/png", "text": "iVBORw0KGgo=", "encoding": "base64"},
    },
}


@pytest.mark.parametrize(
    ("raw", "why"), [(b"{", "invalid JSON"), (b'{"log": 5}', "no log.entries"), (b"[]", "no log.entries")]
)
def test_not_har(raw: bytes, why: str) -> None:
    with pytest.raises(NotHar, match=why):
        parse_har(raw)


def test_view_unedited_writes_back_the_same_entry() -> None:
    entry = copy.deepcopy(ENTRY)
    ex = entry_view(entry)
    assert ex.request.headers[-1] == ("cookie", "sid=s1; t=t2") and ex.request.body.text == '{"a": 1}'
    assert ex.response.body.encoding == "base64" and ex.response.body.text == "iVBORw0KGgo="
    write_back(entry, ex)
    assert entry == ENTRY


def test_edits_go_back_where_they_came_from() -> None:
    entry = copy.deepcopy(ENTRY)
    ex = entry_view(entry)
    ex.request.url = "https://h/login?email=x%40y.invalid&n=1"
    ex.request.headers[-1] = ("cookie", "sid=S; t=T")
    ex.response.body.text = ""
    write_back(entry, ex)
    req = entry["request"]
    assert req["queryString"] == [{"name": "email", "value": "x@y.invalid"}, {"name": "n", "value": "1"}]
    assert [c["value"] for c in req["cookies"]] == ["S", "T"] and req["headers"][1] == ["x-pair", "slack writes these"]
    assert entry["response"]["content"]["comment"] == "binary body dropped by replay redact"


def test_export_then_import_keeps_the_exchange() -> None:
    ex = Exchange(
        "e1",
        Request("POST", "http://h/x?q=1", [("content-type", "application/json")], Body.from_bytes(b'{"q": 1}')),
        Timings(start=1_700_000_000.25, ttfb=0.05, total=0.2),
        Response(201, [("content-type", "application/json")], Body.from_bytes(b'{"ok": true}'), reason="Created"),
    )
    doc = har_document([exchange_to_entry(ex)])
    back = entry_to_exchange(doc["log"]["entries"][0], 0)
    assert (back.id, back.request, back.response.status, back.response.body) == (
        "e1",
        ex.request,
        201,
        ex.response.body,
    )
    assert (back.timings.start, back.timings.ttfb, back.timings.total) == (1_700_000_000.25, 0.05, 0.2)
    failed = exchange_to_entry(Exchange("e2", ex.request, Timings(1.0), error="refused"))
    gone = entry_to_exchange(failed, 1)
    assert gone.response is None and gone.error == "refused"


def test_an_exchange_that_broke_off_exports_as_its_client_got_it() -> None:
    """An answer the upstream broke off before its client got it has no response in the record (its client got the
    proxy's 502): status 0 and the error, as a browser writes a request that got no answer, not the upstream's 200
    it was exported as (a capture before this kept that head: the same). A stream cut after its head: its status and
    the error, read back as a response its client got in part."""
    req = Request("POST", "http://h/v1/chat", [])
    upstream = {"upstream_response": {"status": 200, "reason": "OK", "http_version": "HTTP/1.1", "ttfb": 0.01}}
    reset = exchange_to_entry(Exchange("r", req, Timings(1.0), error="peer closed connection", meta=upstream))
    assert reset["response"]["status"] == 0 and reset["response"]["_error"] == "peer closed connection"
    legacy = Exchange("l", req, Timings(1.0), Response(200, []), "peer closed connection")  # the head, as kept before
    assert exchange_to_entry(legacy)["response"]["status"] == 0
    cut = Exchange(
        "c", req, Timings(1.0), Response(200, [], Body.from_bytes(b"data: 1\n\n")), "stream reset by the upstream"
    )
    cut.meta["response_incomplete"] = True
    entry = exchange_to_entry(cut)
    assert entry["response"]["status"] == 200 and entry["response"]["_error"] == cut.error
    back = entry_to_exchange(copy.deepcopy(entry), 0)
    assert back.error == cut.error and back.meta["response_incomplete"] is True and back.response is not None
    whole = exchange_to_entry(Exchange("w", req, Timings(1.0), Response(200, [])))
    assert "_error" not in whole["response"]


def test_a_base64_body_that_is_not_is_refused() -> None:
    """A body marked base64 that is not was decoded leniently, without a word: '!!!' an empty body, 'aGk=!!' 'hi'.
    Line breaks inside one (MIME-style) still read."""
    ex = Exchange("e1", Request("GET", "http://h/", []), Timings(start=1.0), Response(200, [], Body.from_bytes(b"hi")))
    entry = exchange_to_entry(ex)
    for text, body in (("aGk=", b"hi"), ("aG\nk=", b"hi"), ("aGk=!!", None), ("!!!", None)):
        entry["response"]["content"] = {"text": text, "encoding": "base64", "size": 2, "mimeType": "text/plain"}
        if body is None:
            with pytest.raises(ValueError, match="marked base64 and is not"):
                entry_to_exchange(entry, 0)
        else:
            assert entry_to_exchange(entry, 0).response.body == Body.from_bytes(body)


@pytest.mark.parametrize("headers", [{"authorization": "Bearer x"}, ["authorization: Bearer x"], [["a", "b", "c"]]])
def test_headers_redaction_cannot_reach_are_refused(headers: Any) -> None:
    """A header form other than {name, value} or [name, value] is refused, not passed over: its value
    would reach the redacted copy as it was."""
    entry = copy.deepcopy(ENTRY)
    entry["request"]["headers"] = headers
    with pytest.raises(TypeError, match="headers are not"):
        entry_view(entry)
