"""``replay.redact.scan``: what a stored capture still holds, read as the redaction reads it."""

from __future__ import annotations

import base64
from pathlib import Path

import orjson

from replay.exchange.format import Body, Exchange, Request, Response, Timings
from replay.exchange.write import CaptureWriter
from replay.redact import Redactor
from replay.redact.scan import redact_file, scan_file
from replay.util.eventstream import encode_frame

_EVENT = {":event-type": "contentBlockDelta", ":content-type": "application/json", ":message-type": "event"}


def test_an_event_streams_frames_are_scanned_their_chunks_and_headers_too(r: Redactor, tmp_path: Path) -> None:
    # A Bedrock stream stored unredacted (a capture made with redaction off, an old one): a canary in a frame's
    # payload, in an InvokeModel chunk's base64 and in a frame's header each found; the redacted copy scans clean
    inner = base64.b64encode(orjson.dumps({"delta": {"text": "or call Maria Gonzalez"}})).decode()
    data = (
        encode_frame(_EVENT, orjson.dumps({"delta": {"text": "Write to jane.doe@gmail.com"}}))
        + encode_frame({**_EVENT, ":event-type": "chunk"}, orjson.dumps({"bytes": inner}))
        + encode_frame({**_EVENT, "x-user": "quentin.canary@example.org"}, b"{}")
    )
    resp = Response(200, [("content-type", "application/vnd.amazon.eventstream")], Body.from_bytes(data))
    req = Request("POST", "https://bedrock-runtime.us-east-1.amazonaws.com/model/m/converse-stream", [], None)
    src, out = tmp_path / "es.jsonl", tmp_path / "red.jsonl"
    with CaptureWriter(src) as w:
        w.write(Exchange("e1", req, Timings(0.0), resp))
    found = scan_file(src, r)
    assert found.counts["email"] == 2 and found.counts["name"] == 1 and "binary_body" not in found.counts
    redact_file(src, out, r)
    assert scan_file(out, r).clean
